// Executes a plan: its SQL through the guard, the rows into the statistics engine, and what the
// answer found as typed facts for the insight writer and the chart.
//
// Strict policy: the projection (columns and filters) is read and every aggregate — per group, per
// period, over all rows — is computed by stats::. Standard policy: the aggregated SQL answers and
// the engine describes the values it returned.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "ask/ask.hpp"
#include "insights/insight.hpp"
#include "nlq/nlq.hpp"
#include "sql/guard.hpp"

namespace sagaz::sql {
class QueryService;
}

namespace sagaz::ask::internal {

struct Computed {
  insights::Facts facts;
  std::optional<stats::Summary> statistics;
  std::string statistics_of;
  std::optional<stats::Trend> trend;
  std::optional<db::Value> value;
  AnswerTable result;
  std::string sql;  // what ran
  int64_t rows = 0;
  bool truncated = false;
  double read_ms = 0;
  double compute_ms = 0;
};

struct ComputeOptions {
  sql::Policy policy = sql::Policy::kStrict;
  int64_t max_rows = 5'000'000;
  nlq::Language language = nlq::Language::kPortuguese;
};

// Errors are the SQL guard's refusals and the query's own (a bad cast in a model's condition, the
// time limit), unchanged: a model's correction loop feeds them back.
Result<Computed> Compute(sql::QueryService& query, const nlq::Schema& schema,
                         const nlq::Plan& plan, const ComputeOptions& options);

// How a column or table is called in a language: the matching half of a "pt / en" description,
// else the original header, else the name with spaces.
std::string Words(const std::string& name, const std::string& description,
                  const std::string& original, nlq::Language language);

}  // namespace sagaz::ask::internal
