// Private parts of ingest: format-specific loaders into a staging table, column re-typing and
// progress.
#pragma once

#include <atomic>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "db/db.hpp"
#include "ingest/ingest.hpp"

namespace sagaz::ingest::internal {

// What a loader found besides the rows it loaded.
struct LoadOutcome {
  int64_t rows_rejected = 0;
  std::vector<Rejection> rejections;
  std::vector<std::string> decisions;
  std::map<std::string, std::string> notes;           // column -> how its type was decided
  std::map<std::string, std::string> original_names;  // column -> name in the file, when renamed
};

// Reports DuckDB's progress on `conn` while the object lives, mapped into [from, to].
class ProgressPoller {
 public:
  ProgressPoller(db::Connection& conn, const ProgressFn& fn, double from, double to);
  ~ProgressPoller();
  ProgressPoller(const ProgressPoller&) = delete;
  ProgressPoller& operator=(const ProgressPoller&) = delete;

 private:
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

Result<LoadOutcome> LoadCsv(db::Connection& conn, const Request& request,
                            const IngestConfig& config, const std::string& staging,
                            const ProgressFn& progress);
Result<LoadOutcome> LoadJson(db::Connection& conn, const Request& request,
                             const IngestConfig& config, const std::string& staging,
                             const ProgressFn& progress);
// Refuses files nested deeper than JSON may be (kMaxJsonDepth) or wider than ingest.max_columns,
// from the schema in the file's footer, before the data is read.
Result<LoadOutcome> LoadParquet(db::Connection& conn, const Request& request,
                                const IngestConfig& config, const std::string& staging,
                                const ProgressFn& progress);

// B3 COTAHIST quotes (forecast/cotahist.hpp) into a quotes table: date, ticker, open, high, low,
// close, volume (shares), ... Malformed lines are rejections, like a CSV's bad rows.
Result<LoadOutcome> LoadCotahist(db::Connection& conn, const Request& request,
                                 const std::string& staging, const ProgressFn& progress);

// Finds, for each listed VARCHAR column of `table`, the narrowest type that holds every value
// (integer, decimal with point or comma, boolean, date, timestamp) and converts the table in one
// rewrite.
Status Retype(db::Connection& conn, const std::string& table,
              const std::vector<std::string>& columns, LoadOutcome& outcome);

// Renames columns of `table` to valid identifiers; records the renames in outcome.original_names.
Status NormalizeColumnNames(db::Connection& conn, const std::string& table, LoadOutcome& outcome);

// The columns of a table with their types.
Result<std::vector<db::Column>> TableColumns(db::Connection& conn, const std::string& table);

// Pandas' default missing-value markers, which users expect to just work.
const std::vector<std::string>& DefaultNullValues();

}  // namespace sagaz::ingest::internal
