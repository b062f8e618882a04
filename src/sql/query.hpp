// Runs untrusted read-only SQL: checked by the guard, bounded in rows and time.
//
// Thread-safe: each call takes its own pooled connection.
#pragma once

#include <chrono>
#include <cstdint>
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
  int64_t row_count = 0;   // rows returned
  bool truncated = false;  // more rows existed beyond the limit
  double elapsed_ms = 0;
  std::string sql;  // the statement that ran (DuckDB's rendering of the checked query)
  std::vector<std::string> tables;  // datasets it read
};

class QueryService {
 public:
  QueryService(db::ConnectionPool& pool, catalog::Catalog& catalog, db::Watchdog& watchdog,
               SqlConfig config);

  Result<QueryResult> Run(std::string_view sql, const QueryOptions& options = {});
  // Checks without running.
  Result<CheckedQuery> Check(std::string_view sql, Policy policy);

 private:
  db::ConnectionPool& pool_;
  catalog::Catalog& catalog_;
  db::Watchdog& watchdog_;
  SqlConfig config_;
};

}  // namespace sagaz::sql
