// Loads CSV, Parquet and JSON/NDJSON files into named datasets.
//
// A file is read by DuckDB straight from disk (never held in memory whole) into a staging table,
// checked, and only then made visible in one transaction: a failed ingest leaves nothing behind.
// CSV files are sniffed (dialect, header, types), re-typed per column from all values when the
// sniffer's sample was not representative, and the decisions are reported.
//
// Thread-safe: concurrent ingests use separate connections; two ingests into the same dataset
// conflict and one fails cleanly.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/config.hpp"
#include "core/error.hpp"

namespace sagaz::db {
class Connection;
class ConnectionPool;
}  // namespace sagaz::db
namespace sagaz::catalog {
class Catalog;
}

namespace sagaz::ingest {

// kCotahist: B3's fixed-width daily quote files (forecast/cotahist.hpp), loaded as a quotes table.
enum class Format { kAuto, kCsv, kParquet, kJson, kCotahist };
enum class Mode { kCreate, kReplace, kAppend, kUpsert };

std::string_view ToString(Format format);
std::string_view ToString(Mode mode);
Result<Format> ParseFormat(std::string_view text);
Result<Mode> ParseMode(std::string_view text);

// CSV reading options. Unset fields are detected.
struct CsvOptions {
  std::optional<std::string> delimiter;  // one character; "\t" for tabs
  std::optional<std::string> quote;
  std::optional<std::string> escape;
  std::optional<bool> header;
  std::optional<std::string> encoding;           // utf-8, latin-1, utf-16
  std::optional<std::string> decimal_separator;  // "." or ","
  std::optional<std::string> date_format;        // strptime format such as %d/%m/%Y
  std::optional<std::string> timestamp_format;
  std::optional<std::vector<std::string>> null_values;  // replaces the default list
  std::map<std::string, std::string> types;             // column (as in the file) -> SQL type
  std::optional<int64_t> skip_rows;
};

struct Request {
  std::filesystem::path path;
  std::string source_name;  // shown in reports and the catalog; defaults to the file name
  std::string dataset;      // empty: derived from source_name
  Format format = Format::kAuto;
  Mode mode = Mode::kCreate;
  std::vector<std::string> key;  // columns identifying a row, for kUpsert
  CsvOptions csv;
  std::optional<double> max_reject_ratio;  // overrides ingest.max_reject_ratio
  // Polled while the file is read; returning true stops the ingest with kCancelled.
  std::function<bool()> cancelled;
};

struct Report;
// Runs inside the transaction that makes the data visible, just before it commits, with the report
// so far: how a job records that its effect happened, atomically with the effect.
using CommitHook = std::function<Status(db::Connection& conn, const Report& report)>;

// A row the file could not contribute, and why.
struct Rejection {
  int64_t line = 0;  // 1-based line in the file
  std::string column;
  std::string reason;
  std::string text;  // the offending line, shortened
};

struct ColumnReport {
  std::string name;
  std::string type;
  std::string original_name;  // header in the file, when renamed
  std::string note;           // how the type was decided, when not obvious
};

struct Report {
  std::string dataset;
  Format format = Format::kAuto;
  Mode mode = Mode::kCreate;
  int64_t rows_loaded = 0;            // rows of the file that reached the dataset
  int64_t rows_rejected = 0;          // rows skipped as malformed (see rejections)
  int64_t rows_inserted = 0;          // append/upsert: new rows
  int64_t rows_updated = 0;           // upsert: rows replaced by key
  int64_t dataset_rows = 0;           // rows in the dataset afterwards
  std::vector<Rejection> rejections;  // the first kMaxReportedRejections
  std::vector<ColumnReport> columns;
  std::vector<std::string> decisions;  // what was detected or decided, in plain words
  uint64_t bytes = 0;
  double elapsed_ms = 0;
};

inline constexpr size_t kMaxReportedRejections = 100;

// Called with the fraction done (0..1), from the ingesting thread or a helper thread.
using ProgressFn = std::function<void(double fraction)>;

class Ingestor {
 public:
  Ingestor(db::ConnectionPool& pool, catalog::Catalog& catalog, IngestConfig config);

  Result<Report> Run(const Request& request, const ProgressFn& progress = {},
                     const CommitHook& before_commit = {});

  // Drops staging tables left by a crash. Call once at start-up.
  Status CleanUp();

  // The format of a file, from its content (Parquet magic, JSON's first character) and its name.
  static Result<Format> DetectFormat(const std::filesystem::path& path, std::string_view name_hint);

 private:
  Result<Report> Load(const Request& request, const ProgressFn& progress,
                      const CommitHook& before_commit);

  db::ConnectionPool& pool_;
  catalog::Catalog& catalog_;
  IngestConfig config_;
};

}  // namespace sagaz::ingest
