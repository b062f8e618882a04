#include "sql/query.hpp"

#include "catalog/catalog.hpp"
#include "core/ids.hpp"
#include "core/log.hpp"
#include "core/strings.hpp"
#include "sql/internal/walker.hpp"

namespace sagaz::sql {
namespace {

// The names DuckDB quotes after `marker` in a message: `Candidate bindings: "a", "b"` or
// `Did you mean "x"?`.
std::vector<std::string> QuotedAfter(std::string_view text, std::string_view marker) {
  std::vector<std::string> out;
  size_t at = text.find(marker);
  if (at == std::string_view::npos) return out;
  std::string_view rest = text.substr(at + marker.size());
  rest = rest.substr(0, rest.find('\n'));
  for (size_t open = rest.find('"'); open != std::string_view::npos; open = rest.find('"')) {
    const size_t close = rest.find('"', open + 1);
    if (close == std::string_view::npos) break;
    std::string name(rest.substr(open + 1, close - open - 1));
    // Bindings may be qualified ("q.amount"): the column is what a person would type.
    if (const size_t dot = name.rfind('.'); dot != std::string::npos) name = name.substr(dot + 1);
    if (!name.empty() && std::find(out.begin(), out.end(), name) == out.end()) out.push_back(name);
    rest.remove_prefix(close + 1);
  }
  return out;
}

// An error DuckDB raised running a checked statement, told in terms of the text the caller
// wrote: DuckDB's first line without its "Binder Error:" prefix (its LINE/caret excerpt quotes the
// rendered statement, which the caller never saw), the position of the column it names in the
// caller's text, and its suggestions.
Error Explain(Error e, const CheckedQuery& checked) {
  if (e.code != ErrorCode::kInvalidArgument && e.code != ErrorCode::kNotFound) return e;
  const std::string full = e.message;
  std::string first = full.substr(0, full.find('\n'));
  for (std::string_view prefix : {"Binder Error: ", "Catalog Error: ", "Conversion Error: ",
                                  "Invalid Input Error: ", "Out of Range Error: "}) {
    if (first.starts_with(prefix)) first = first.substr(prefix.size());
  }
  while (!first.empty() && (first.back() == '!' || first.back() == '.')) first.pop_back();
  auto candidates = QuotedAfter(full, "Candidate bindings:");
  if (candidates.empty()) candidates = QuotedAfter(full, "Did you mean");
  const auto column = QuotedAfter(first, "column");
  // DuckDB lists candidates even when none is close: "did you mean" only for close ones.
  const auto suggestions =
      column.empty() ? candidates : internal::Suggest(column.front(), candidates);
  Error out(ErrorCode::kInvalidArgument, first);
  for (auto& [k, v] : e.details) out.With(k, v);
  if (!suggestions.empty()) {
    out.message += "; did you mean '" + suggestions.front() + "'?";
    out.With("suggestions", Join(suggestions, ","));
  }
  if (!candidates.empty()) out.With("candidates", Join(candidates, ","));
  if (!column.empty()) {
    for (const auto& [name, at] : checked.column_positions) {
      if (IEquals(name, column.front())) {
        out.With("position", std::to_string(at));
        break;
      }
    }
  }
  return out;
}

}  // namespace

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
  const Policy policy = options.policy.value_or(config_.policy);
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
    return Fail(Explain(std::move(result).error(), checked));
  }
  QueryResult out;
  out.row_limit = limit;
  out.max_row_limit = config_.row_limit;
  out.columns = result->columns();
  for (auto& c : out.columns) c.name = internal::DisplayName(c.name);
  auto rows = result->FetchRows(static_cast<size_t>(limit) + 1);
  if (!rows) {
    if (rows.error().code == ErrorCode::kCancelled && dog.Expired()) {
      return Fail(Error(ErrorCode::kTimeout,
                        "the query ran longer than " + std::to_string(timeout.count()) + " ms")
                      .With("rule", "time_limit"));
    }
    return Fail(Explain(std::move(rows).error(), checked));
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
  const Policy policy = options.policy.value_or(config_.policy);
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
    return Explain(std::move(e), checked);
  };
  // Streamed: chunks go to the visitor as DuckDB produces them, without a materialized copy.
  auto result = conn->Stream(bounded);
  if (!result) return Fail(timed_out(std::move(result).error()));
  ScanInfo info{checked.sql, checked.tables, result->columns(), 0, false};
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
