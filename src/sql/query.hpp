// Runs untrusted read-only SQL: checked by the guard, bounded in rows and time.
//
// Thread-safe: each call takes its own pooled connection.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/config.hpp"
#include "core/error.hpp"
#include "db/db.hpp"
#include "sql/guard.hpp"

namespace sagaz::catalog {
class Catalog;
}

namespace sagaz::sql {

struct QueryOptions {
  std::optional<Policy> policy;                      // default: sql.policy
  std::optional<int64_t> row_limit;                  // default: sql.row_limit (never above it)
  std::optional<std::chrono::milliseconds> timeout;  // default: sql.timeout_ms (never above it)
};

struct QueryResult {
  std::vector<db::Column> columns;
  std::vector<std::vector<db::Value>> rows;
  int64_t row_count = 0;      // rows returned
  bool truncated = false;     // more rows existed beyond the limit
  int64_t row_limit = 0;      // the limit it ran under (the request's, never above the maximum)
  int64_t max_row_limit = 0;  // the server's maximum (sql.row_limit)
  double elapsed_ms = 0;
  std::string sql;  // the statement that ran (DuckDB's rendering of the checked query)
  std::vector<std::string> tables;  // datasets it read
};

class QueryService {
 public:
  QueryService(db::ConnectionPool& pool, catalog::Catalog& catalog, db::Watchdog& watchdog,
               SqlConfig config);

  Result<QueryResult> Run(std::string_view sql, const QueryOptions& options = {});

  // Checks `sql`, runs it and hands every result chunk to `visit` (zero-copy vectors for the
  // statistics engine) with the number of its rows to use. Reads at most `max_rows` rows (more sets
  // `truncated`). The time limit of `options` applies. `expect`, when given, learns how many rows
  // are coming before the first chunk (so readers allocate once).
  using ChunkVisitor =
      std::function<Status(const std::vector<db::Column>&, const db::DataChunk&, size_t rows)>;
  struct ScanInfo {
    std::string sql;
    std::vector<std::string> tables;
    std::vector<db::Column> columns;  // the result's columns, known even when no row came
    int64_t rows = 0;
    bool truncated = false;
  };
  Result<ScanInfo> Scan(std::string_view sql, const QueryOptions& options, int64_t max_rows,
                        const ChunkVisitor& visit,
                        const std::function<void(size_t rows)>& expect = {});
  // Checks without running.
  Result<CheckedQuery> Check(std::string_view sql, Policy policy);

 private:
  db::ConnectionPool& pool_;
  catalog::Catalog& catalog_;
  db::Watchdog& watchdog_;
  SqlConfig config_;
};

}  // namespace sagaz::sql
