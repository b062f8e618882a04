#include "sql/query.hpp"

#include "catalog/catalog.hpp"
#include "core/ids.hpp"

namespace sagaz::sql {

QueryService::QueryService(db::ConnectionPool& pool, catalog::Catalog& catalog,
                           db::Watchdog& watchdog, SqlConfig config)
    : pool_(pool), catalog_(catalog), watchdog_(watchdog), config_(std::move(config)) {}

Result<CheckedQuery> QueryService::Check(std::string_view sql, Policy policy) {
  GuardOptions guard{policy, SAGAZ_TRY(catalog_.TableNames())};
  auto conn = SAGAZ_TRY(pool_.Acquire());
  return CheckSql(*conn, sql, guard);
}

Result<QueryResult> QueryService::Run(std::string_view sql, const QueryOptions& options) {
  Stopwatch watch;
  const Policy policy = options.policy ? *options.policy : SAGAZ_TRY(ParsePolicy(config_.policy));
  int64_t limit = options.row_limit.value_or(config_.row_limit);
  if (limit < 0) return Fail(ErrorCode::kInvalidArgument, "row limit must be >= 0");
  limit = std::min(limit, config_.row_limit);
  auto timeout = std::min(options.timeout.value_or(std::chrono::milliseconds(config_.timeout_ms)),
                          std::chrono::milliseconds(config_.timeout_ms));

  GuardOptions guard{policy, SAGAZ_TRY(catalog_.TableNames())};
  auto conn = SAGAZ_TRY(pool_.Acquire());
  CheckedQuery checked = SAGAZ_TRY(CheckSql(*conn, sql, guard));

  // One row beyond the limit tells whether the result was truncated.
  const std::string bounded =
      "SELECT * FROM (" + checked.sql + "\n) AS q LIMIT " + std::to_string(limit + 1);
  auto dog = watchdog_.Watch(*conn, timeout);
  auto result = conn->Query(bounded);
  if (!result) {
    if (result.error().code == ErrorCode::kCancelled && dog.Expired()) {
      return Fail(Error(ErrorCode::kTimeout,
                        "the query ran longer than " + std::to_string(timeout.count()) + " ms")
                      .With("rule", "time_limit"));
    }
    return Fail(std::move(result).error());
  }
  QueryResult out;
  out.columns = result->columns();
  auto rows = result->FetchRows(static_cast<size_t>(limit) + 1);
  if (!rows) {
    if (rows.error().code == ErrorCode::kCancelled && dog.Expired()) {
      return Fail(Error(ErrorCode::kTimeout,
                        "the query ran longer than " + std::to_string(timeout.count()) + " ms")
                      .With("rule", "time_limit"));
    }
    return Fail(std::move(rows).error());
  }
  out.rows = std::move(*rows);
  if (static_cast<int64_t>(out.rows.size()) > limit) {
    out.truncated = true;
    out.rows.resize(static_cast<size_t>(limit));
  }
  out.row_count = static_cast<int64_t>(out.rows.size());
  out.sql = std::move(checked.sql);
  out.tables = std::move(checked.tables);
  out.elapsed_ms = watch.ElapsedMs();
  return out;
}

}  // namespace sagaz::sql
