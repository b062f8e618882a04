#include "sql/query.hpp"

#include "catalog/catalog.hpp"
#include "core/ids.hpp"
#include "core/log.hpp"

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
  auto result = conn->Query(bounded);  // materialized: the connection returns to the pool
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

Result<QueryService::ScanInfo> QueryService::Scan(std::string_view sql, const QueryOptions& options,
                                                  int64_t max_rows, const ChunkVisitor& visit,
                                                  const std::function<void(size_t)>& expect) {
  const Policy policy = options.policy ? *options.policy : SAGAZ_TRY(ParsePolicy(config_.policy));
  auto timeout = std::min(options.timeout.value_or(std::chrono::milliseconds(config_.timeout_ms)),
                          std::chrono::milliseconds(config_.timeout_ms));
  GuardOptions guard{policy, SAGAZ_TRY(catalog_.TableNames())};
  auto conn = SAGAZ_TRY(pool_.Acquire());
  Stopwatch watch;
  CheckedQuery checked = SAGAZ_TRY(CheckSql(*conn, sql, guard));
  const double check_ms = watch.ElapsedMs();
  const std::string bounded =
      "SELECT * FROM (" + checked.sql + "\n) AS q LIMIT " + std::to_string(max_rows + 1);
  auto dog = watchdog_.Watch(*conn, timeout);
  auto timed_out = [&](Error e) -> Error {
    if (e.code == ErrorCode::kCancelled && dog.Expired()) {
      return Error(ErrorCode::kTimeout,
                   "the query ran longer than " + std::to_string(timeout.count()) + " ms")
          .With("rule", "time_limit");
    }
    return e;
  };
  // Streamed: chunks go to the visitor as DuckDB produces them, without a materialized copy.
  auto result = conn->Stream(bounded);
  if (!result) return Fail(timed_out(std::move(result).error()));
  ScanInfo info{std::move(checked.sql), std::move(checked.tables), 0, false};
  if (expect) {
    if (auto rows = result->row_count()) expect(std::min(*rows, static_cast<size_t>(max_rows)));
  }
  while (true) {
    auto chunk = result->Next();
    if (!chunk) return Fail(timed_out(std::move(chunk).error()));
    if (!*chunk) break;
    size_t rows = (*chunk)->size();
    if (info.rows + static_cast<int64_t>(rows) > max_rows) {
      info.truncated = true;  // the row past the limit only says there is more
      rows = static_cast<size_t>(max_rows - info.rows);
    }
    info.rows += static_cast<int64_t>(rows);
    if (rows > 0) SAGAZ_TRY(visit(result->columns(), **chunk, rows));
    if (info.truncated) break;
  }
  log::Debug("scan", {{"check_ms", std::to_string(check_ms)},
                      {"rows", std::to_string(info.rows)},
                      {"total_ms", std::to_string(watch.ElapsedMs())}});
  return info;
}

}  // namespace sagaz::sql
