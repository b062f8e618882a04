// Statistics of dataset columns and of query results.
//
//   stats::StatsRequest req{.dataset = "leituras_sensores", .filter = "status = 'ok'"};
//   req.spec.columns = {"nivel_agua"};
//   req.spec.group_by = "sensor";
//   auto result = SAGAZ_TRY(app.stats().Describe(req));
//
// Data is read from DuckDB chunk by chunk: each numeric vector is appended to an owned column in
// bulk (a memcpy, or one conversion loop for narrow integers and DECIMAL), never row by row, and
// handed to the kernels of stats.hpp. A filter is untrusted SQL: it goes through the SQL guard
// (sql::CheckFilter) and only the guard's rendering runs. Identifiers are checked against the
// catalog and quoted.
//
// For Ask and other capabilities that already hold data: DescribeResult computes the same
// statistics over the columns of a db::QueryResult, and DescribeSql runs an untrusted SELECT
// through the guard first.
//
// Thread-safe: every call takes its own pooled connection.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/config.hpp"
#include "core/error.hpp"
#include "db/db.hpp"
#include "stats/stats.hpp"

namespace sagaz::catalog {
class Catalog;
}

namespace sagaz::stats {

// What to compute, over columns of a dataset or a result.
struct StatsSpec {
  std::vector<std::string> columns;     // numeric columns; empty: every numeric column
  SummaryOptions summary;               // which statistics and their parameters
  std::optional<std::string> group_by;  // key column (any type); NULL keys form one group
  std::optional<std::string> weights;   // numeric column of weights: weighted mean and variance
  std::optional<Censoring> censor;      // summaries of censored values (detection limits)
  bool correlation = false;             // covariance, Pearson and Spearman between the columns
  std::optional<std::string> trend_x;   // fit each column against this numeric or time column
};

struct StatsRequest {
  std::string dataset;
  std::optional<std::string> filter;  // a SQL condition on the rows, checked by the SQL guard
  StatsSpec spec;
};

struct CensorCounts {
  CensorMethod method = CensorMethod::kLimit;
  std::optional<double> lower, upper;
  int64_t below = 0;
  int64_t above = 0;
};

struct ColumnStats {
  std::string name;
  std::string type;  // SQL type of the column
  Summary summary;
  std::optional<CensorCounts> censored;  // when censoring was asked: the summary is of the
                                         // handled values
  std::optional<WeightedStats> weighted;
  std::optional<Trend> trend;
};

// Pairwise relationships between the requested columns; cells[i][j] for i != j (the diagonal is
// left empty).
struct CorrelationMatrix {
  std::vector<std::string> columns;
  std::vector<std::vector<std::optional<Relationship>>> cells;
};

struct GroupStats {
  db::Value key;  // the group_by value (monostate for NULL)
  int64_t rows = 0;
  std::vector<ColumnStats> columns;
  std::optional<CorrelationMatrix> correlation;
};

struct StatsResult {
  std::string dataset;                // empty for query results
  std::optional<std::string> filter;  // as given
  std::optional<std::string> group_by;
  std::optional<std::string> trend_x;
  std::string trend_x_unit;          // "day" for dates and timestamps, else the column's unit
  int64_t rows = 0;                  // rows read (after the filter)
  std::vector<ColumnStats> columns;  // over all rows
  std::optional<CorrelationMatrix> correlation;
  std::vector<GroupStats> groups;  // one per key, in order of first appearance
  std::string sql;                 // the statement that read the data
  double read_ms = 0;
  double compute_ms = 0;
  double elapsed_ms = 0;
};

class StatsService {
 public:
  StatsService(db::ConnectionPool& pool, catalog::Catalog& catalog, db::Watchdog& watchdog,
               StatsConfig config, SqlConfig sql);

  // Statistics of a dataset's columns. Errors: unknown dataset or column (kNotFound), non-numeric
  // column, bad options or filter (kInvalidArgument / kPermissionDenied from the guard), too many
  // rows or groups (kPayloadTooLarge), time limit (kTimeout).
  Result<StatsResult> Describe(const StatsRequest& request);

  // The same over a result the caller already has; spec names the result's columns.
  Result<StatsResult> DescribeResult(db::QueryResult& result, const StatsSpec& spec);

  // Runs an untrusted SELECT through the SQL guard (the configured policy), then DescribeResult.
  Result<StatsResult> DescribeSql(std::string_view sql, const StatsSpec& spec);

 private:
  // The statistics of a dataset's columns read in parallel by db::Collect from `source_sql` (which
  // names each row's id __sagaz_row); nullopt when the reading needs group keys or meets deleted
  // rows, for the ordinary reader.
  Result<std::optional<StatsResult>> DescribeCollected(db::Connection& conn,
                                                       const std::string& source_sql,
                                                       const std::vector<db::Column>& columns,
                                                       const StatsSpec& spec, int64_t table_rows);
  Result<StatsResult> Run(db::Connection& conn, const std::string& sql, const StatsSpec& spec,
                          int64_t expected_rows);
  Result<StatsResult> Describe(db::QueryResult& result, const StatsSpec& spec,
                               int64_t expected_rows);

  db::ConnectionPool& pool_;
  catalog::Catalog& catalog_;
  db::Watchdog& watchdog_;
  StatsConfig config_;
  SqlConfig sql_;
};

}  // namespace sagaz::stats
