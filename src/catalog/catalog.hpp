// The catalog of datasets: which tables exist, their schema, descriptions, profiles and samples.
//
// A dataset is a table in DuckDB's `main` schema plus a row in `_sagaz.datasets`; the two are
// created and dropped in one transaction. Descriptions of datasets and columns are user-editable
// and feed NL→SQL.
//
// Thread-safe: every call takes its own pooled connection. Profiles are cached until the dataset
// changes.
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "db/db.hpp"

namespace sagaz::catalog {

struct ColumnInfo {
  std::string name;
  std::string type;  // SQL type name, e.g. "BIGINT", "DECIMAL(18,2)"
  db::TypeId type_id = db::TypeId::kInvalid;
  std::string description;
  std::string original_name;  // the header in the source file, when it was renamed
};

struct DatasetInfo {
  std::string name;
  std::string description;
  std::string source;  // file name it came from
  std::string format;  // csv, parquet, json
  int64_t rows = 0;
  std::vector<ColumnInfo> columns;
  std::string created_at;  // ISO-8601 UTC
  std::string updated_at;
  int64_t version = 0;  // bumped by every change of data; caches key on it
};

struct Bin {
  double lower = 0;
  double upper = 0;
  int64_t count = 0;
};

struct TopValue {
  db::Value value;
  int64_t count = 0;
};

struct ColumnProfile {
  std::string name;
  std::string type;
  int64_t count = 0;  // non-null values
  int64_t nulls = 0;
  int64_t distinct = 0;
  bool distinct_exact = true;
  db::Value min;
  db::Value max;
  // Numeric columns.
  std::optional<double> mean;
  std::optional<double> std_dev;
  std::vector<Bin> histogram;
  // Text columns.
  std::optional<double> avg_length;
  std::vector<TopValue> top_values;  // most frequent values, unless nearly every value is unique
};

struct Profile {
  std::string dataset;
  int64_t rows = 0;
  std::vector<ColumnProfile> columns;
  double elapsed_ms = 0;
  bool cached = false;
};

struct Sample {
  std::vector<db::Column> columns;
  std::vector<std::vector<db::Value>> rows;
  int64_t total_rows = 0;
};

// What PATCH changes: absent fields are left alone.
struct DescriptionUpdate {
  std::optional<std::string> description;
  std::map<std::string, std::string> columns;  // column name -> description
};

// How a dataset came to be, recorded by ingest in the same transaction as the data.
struct Registration {
  std::string name;
  std::string source;
  std::string format;
  std::map<std::string, std::string> original_names;  // column -> header in the file, when renamed
  bool replace = false;  // keep descriptions of a replaced dataset's surviving columns
};

class Catalog {
 public:
  // Creates the catalog's tables if needed.
  static Result<std::unique_ptr<Catalog>> Open(db::ConnectionPool& pool);

  Result<std::vector<DatasetInfo>> List();
  Result<DatasetInfo> Get(std::string_view name);
  Result<bool> Exists(std::string_view name);
  // Table names the SQL guard allows.
  Result<std::vector<std::string>> TableNames();
  // Every dataset with its data version, by name.
  Result<std::vector<std::pair<std::string, int64_t>>> Versions();
  // Changes after every committed change made through the catalog: a dataset created, its data
  // changed, described or dropped. The server is its database's only writer (DuckDB locks the
  // file), so caches of what the catalog holds compare this instead of querying.
  uint64_t generation() const { return generation_.load(std::memory_order_acquire); }

  Result<Profile> ProfileDataset(std::string_view name, size_t top_k = 5, size_t bins = 20);
  Result<Sample> SampleRows(std::string_view name, int64_t limit, int64_t offset, bool random);
  Status Update(std::string_view name, const DescriptionUpdate& update);
  Status Drop(std::string_view name);
  // Forgets cached profiles; returns how many there were.
  size_t ClearCaches();

  // Records a dataset whose table `conn` has just created, inside the caller's transaction.
  Status Register(db::Connection& conn, const Registration& reg);
  // Marks a dataset's data as changed (append, upsert) inside the caller's transaction.
  Status Touch(db::Connection& conn, std::string_view name);

 private:
  explicit Catalog(db::ConnectionPool& pool) : pool_(pool) {}
  Result<DatasetInfo> Load(db::Connection& conn, std::string_view name);
  Result<DatasetInfo> Cached(db::Connection& conn, const std::string& name,
                             const std::string& fingerprint);
  Status WriteRegistration(db::Connection& conn, const Registration& reg);
  void Changed() { generation_.fetch_add(1, std::memory_order_acq_rel); }

  db::ConnectionPool& pool_;
  std::mutex cache_mu_;
  std::map<std::string, Profile, std::less<>>
      profile_cache_;  // guarded by cache_mu_; by dataset@version
  // guarded by cache_mu_; by name: (fingerprint, details)
  std::map<std::string, std::pair<std::string, DatasetInfo>, std::less<>> info_cache_;
  std::atomic<uint64_t> generation_{0};
  // guarded by cache_mu_: Versions() as read at a generation
  std::optional<std::pair<uint64_t, std::vector<std::pair<std::string, int64_t>>>> versions_;
};

// Dataset and column names: a letter, then letters, digits or underscores, at most 63 characters,
// not a reserved SQL word. Names are case-insensitive and stored lowercase.
Status ValidateName(std::string_view name);
// A valid name derived from arbitrary text (a file name, a CSV header): "Vendas 2023 (R$).csv" ->
// "vendas_2023_r". Folds accents, lowercases, replaces other characters by '_'.
std::string SuggestName(std::string_view text);
bool IsReservedWord(std::string_view word);

}  // namespace sagaz::catalog
