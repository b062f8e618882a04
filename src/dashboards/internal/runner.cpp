#include "dashboards/internal/runner.hpp"

#include <algorithm>
#include <set>

#include "ask/ask.hpp"
#include "catalog/catalog.hpp"
#include "core/ids.hpp"
#include "core/strings.hpp"
#include "sql/query.hpp"

namespace sagaz::dashboards::internal {

namespace {

bool IsIsoDate(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  return true;
}

// Filter columns (with their conditions) that `table` has.
Result<std::vector<std::pair<std::string, std::string>>> ConditionsFor(
    catalog::Catalog& catalog, const std::string& table, const FilterValues& filters) {
  std::vector<std::pair<std::string, std::string>> out;
  if (filters.empty()) return out;
  auto info = catalog.Get(table);
  if (!info) return out;  // a dataset that is gone: the run itself says so
  for (const auto& entry : filters) {
    const std::string& column = entry.first;
    const bool has =
        std::any_of(info->columns.begin(), info->columns.end(),
                    [&column](const catalog::ColumnInfo& c) { return c.name == column; });
    if (!has) continue;
    std::string condition = SAGAZ_TRY(FilterCondition(QuoteIdent(column), entry.second));
    if (!condition.empty()) out.emplace_back(column, std::move(condition));
  }
  return out;
}

// `sql` with each filtered table replaced by a CTE of the same name over its filtered rows. A CTE
// does not see its own name in its body, so `FROM t` there reads the dataset (as DuckDB binds it;
// the guard checks the same scoping).
struct Narrowed {
  std::string sql;
  std::vector<std::string> applied;
};
Result<Narrowed> Narrow(catalog::Catalog& catalog, const std::string& sql,
                        const std::vector<std::string>& tables, const FilterValues& filters) {
  Narrowed out{sql, {}};
  std::vector<std::string> ctes;
  std::set<std::string> applied;
  for (const auto& table : tables) {
    auto conditions = SAGAZ_TRY(ConditionsFor(catalog, table, filters));
    if (conditions.empty()) continue;
    std::vector<std::string> parts;
    for (auto& [column, condition] : conditions) {
      applied.insert(column);
      parts.push_back(std::move(condition));
    }
    ctes.push_back(QuoteIdent(table) + " AS (SELECT * FROM " + QuoteIdent(table) + " WHERE " +
                   Join(parts, " AND ") + ")");
  }
  if (ctes.empty()) return out;
  out.sql = "WITH " + Join(ctes, ", ") + " SELECT * FROM (" + sql + "\n) AS filtered";
  out.applied.assign(applied.begin(), applied.end());
  return out;
}

std::optional<db::Value> SingleValue(const std::vector<db::Column>& columns,
                                     const std::vector<std::vector<db::Value>>& rows) {
  if (columns.size() != 1 || rows.size() != 1) return std::nullopt;
  return rows[0][0];
}

Result<RunResult> RunSql(const Engines& e, const Question& q, const FilterValues& filters) {
  RunResult out;
  std::string sql = q.sql;
  if (!filters.empty()) {
    // The tables are known from the last run; a question never run is checked first.
    std::vector<std::string> tables = q.tables;
    if (tables.empty()) {
      tables = SAGAZ_TRY(e.query.Check(q.sql, sql::Policy::kStandard)).tables;
    }
    auto narrowed = SAGAZ_TRY(Narrow(e.catalog, q.sql, tables, filters));
    sql = std::move(narrowed.sql);
    out.filters_applied = std::move(narrowed.applied);
  }
  sql::QueryOptions options;
  options.row_limit = e.card_rows;
  auto r = SAGAZ_TRY(e.query.Run(sql, options));
  out.columns = std::move(r.columns);
  out.rows = std::move(r.rows);
  out.total_rows = r.row_count;
  out.truncated = r.truncated;
  out.value = SingleValue(out.columns, out.rows);
  out.ran_sql = std::move(r.sql);
  out.tables = std::move(r.tables);
  out.language = q.language;
  return out;
}

Result<RunResult> RunAsk(const Engines& e, const Question& q, const FilterValues& filters) {
  RunResult out;
  ask::AskRequest request;
  request.question = q.question;
  request.dataset = q.dataset;
  if (!q.language.empty()) request.language = SAGAZ_TRY(nlq::ParseLanguage(q.language));
  if (!q.sql.empty()) request.sql = q.sql;
  if (!filters.empty() && !q.ran_sql.empty()) {
    auto narrowed =
        SAGAZ_TRY(Narrow(e.catalog, request.sql.value_or(q.ran_sql), q.tables, filters));
    if (!narrowed.applied.empty()) {
      request.sql = std::move(narrowed.sql);
      out.filters_applied = std::move(narrowed.applied);
    }
  }
  auto answer = SAGAZ_TRY(e.ask.Ask(request));
  if (answer.status != ask::AnswerStatus::kOk) {
    return Fail(Error(ErrorCode::kInvalidArgument,
                      answer.message.empty() ? "the question is unclear" : answer.message)
                    .With("status", std::string(ask::ToString(answer.status))));
  }
  out.columns = std::move(answer.result.columns);
  out.rows = std::move(answer.result.rows);
  out.total_rows = answer.result.total_rows;
  out.truncated =
      answer.truncated || answer.result.total_rows > static_cast<int64_t>(out.rows.size());
  out.value = answer.value;
  out.insight = std::move(answer.insight);
  out.ask_chart = std::move(answer.chart);
  out.ran_sql = out.filters_applied.empty() ? answer.query : request.sql.value_or(answer.query);
  out.tables = SAGAZ_TRY(e.query.Check(answer.query, sql::Policy::kStandard)).tables;
  if (out.tables.empty() && !answer.table.empty()) out.tables = {answer.table};
  out.language = std::string(nlq::ToString(answer.language));
  out.warnings = std::move(answer.warnings);
  return out;
}

Result<RunResult> RunStats(const Engines& e, const Question& q, const FilterValues& filters) {
  RunResult out;
  auto request = SAGAZ_TRY(e.parse_stats(q.stats));
  auto conditions = SAGAZ_TRY(ConditionsFor(e.catalog, request.dataset, filters));
  if (!conditions.empty()) {
    std::vector<std::string> parts;
    if (request.filter && !Trim(*request.filter).empty())
      parts.push_back("(" + *request.filter + ")");
    for (auto& [column, condition] : conditions) {
      out.filters_applied.push_back(column);
      parts.push_back(std::move(condition));
    }
    request.filter = Join(parts, " AND ");
  }
  auto result = SAGAZ_TRY(e.stats.Describe(request));
  out.ran_sql = result.sql;
  out.tables = {request.dataset};
  out.total_rows = result.rows;
  out.language = q.language;
  out.statistics = std::move(result);
  return out;
}

bool HasColumn(const std::vector<db::Column>& columns, std::string_view name) {
  return std::any_of(columns.begin(), columns.end(),
                     [&](const db::Column& c) { return c.name == name; });
}

Error Broken(const Question& q, const std::vector<std::string>& problems, const Error* cause) {
  Error e(ErrorCode::kFailedPrecondition,
          "the saved question '" + q.name + "' no longer runs: " + problems.front());
  e.With("question_id", q.id).With("problems", Join(problems, "; "));
  if (cause) e.With("cause", cause->message);
  return e;
}

// What a failed run tells about the datasets the question read.
std::vector<std::string> Diagnose(const Engines& e, const Question& q, const Error& error) {
  std::vector<std::string> problems;
  for (const auto& t : q.tables) {
    auto exists = e.catalog.Exists(t);
    if (exists && !*exists) problems.push_back("dataset '" + t + "' no longer exists");
  }
  if (problems.empty() &&
      (error.code == ErrorCode::kInvalidArgument || error.code == ErrorCode::kNotFound)) {
    problems.push_back(error.message);
  }
  return problems;
}

// Column changes since the question was saved: problems for columns its chart uses, warnings
// for the rest.
void CompareColumns(const Question& q, const RunResult& r, std::vector<std::string>& problems,
                    std::vector<std::string>& warnings) {
  if (q.result_columns.empty() || q.kind == QuestionKind::kStats) return;
  std::vector<std::string> used = q.chart.y;
  for (const auto* c : {&q.chart.x, &q.chart.series, &q.chart.sort}) {
    if (!c->empty()) used.push_back(*c);
  }
  for (const auto& name : used) {
    if (!HasColumn(r.columns, name)) {
      problems.push_back("the chart's column '" + name + "' is no longer in the result");
    }
  }
  for (const auto& old : q.result_columns) {
    auto it = std::find_if(r.columns.begin(), r.columns.end(),
                           [&](const db::Column& c) { return c.name == old.name; });
    if (it == r.columns.end()) {
      if (std::find(used.begin(), used.end(), old.name) == used.end())
        warnings.push_back("column '" + old.name + "' is no longer in the result");
    } else if (!old.type.name.empty() && it->type.name != old.type.name) {
      warnings.push_back("column '" + old.name + "' changed type from " + old.type.name + " to " +
                         it->type.name);
    }
  }
  for (const auto& now : r.columns) {
    if (!HasColumn(q.result_columns, now.name))
      warnings.push_back("column '" + now.name + "' is new in the result");
  }
}

}  // namespace

Result<std::string> FilterCondition(std::string_view column, const FilterValue& value) {
  if (!value.from.empty() || !value.to.empty()) {
    std::vector<std::string> parts;
    for (const auto& [text, op] : {std::pair{&value.from, ">="}, std::pair{&value.to, "<="}}) {
      if (text->empty()) continue;
      if (!IsIsoDate(*text)) {
        return Fail(Error(ErrorCode::kInvalidArgument,
                          "a date filter needs dates as YYYY-MM-DD, not '" + *text + "'")
                        .With("field", "filters"));
      }
      parts.push_back("CAST(" + std::string(column) + " AS DATE) " + op + " DATE " +
                      QuoteLiteral(*text));
    }
    return Join(parts, " AND ");
  }
  if (value.value.empty()) return std::string();
  return "CAST(" + std::string(column) + " AS VARCHAR) = " + QuoteLiteral(value.value);
}

std::vector<std::string> DependsOn(const Question& q) {
  if (q.kind == QuestionKind::kAsk && !q.dataset) return {};  // every dataset
  return q.tables;
}

Result<RunResult> Execute(const Engines& e, const Question& q, const FilterValues& filters) {
  Stopwatch watch;
  Result<RunResult> run = Fail(ErrorCode::kInternal, "unknown question kind");
  switch (q.kind) {
    case QuestionKind::kSql:
      run = RunSql(e, q, filters);
      break;
    case QuestionKind::kAsk:
      run = RunAsk(e, q, filters);
      break;
    case QuestionKind::kStats:
      run = RunStats(e, q, filters);
      break;
  }
  const bool saved_before = !q.result_columns.empty() || !q.ran_sql.empty();
  if (!run) {
    if (!saved_before) return run;
    auto problems = Diagnose(e, q, run.error());
    if (problems.empty()) return run;
    return Fail(Broken(q, problems, &run.error()));
  }
  std::vector<std::string> problems;
  CompareColumns(q, *run, problems, run->warnings);
  if (!problems.empty()) return Fail(Broken(q, problems, nullptr));
  run->question_id = q.id;
  run->elapsed_ms = watch.ElapsedMs();
  run->ran_at = NowIso8601();
  return run;
}

}  // namespace sagaz::dashboards::internal
