// JSON shapes of Ask: plans, answers, evaluation reports; reading question sets.
#pragma once

#include <string_view>
#include <vector>

#include "ask/ask.hpp"
#include "ask/eval.hpp"
#include "ask/relationships.hpp"
#include "insights/chart.hpp"
#include "nlq/nlq.hpp"
#include "wire/json.hpp"

namespace sagaz::wire {

Json ToJson(const nlq::Plan& plan);
// The answer to a question: {"status", "question", "language", "table", "query", "answer_sql",
// "policy", "value", "statistics", "statistics_of", "trend", "result", "insight", "interpretation",
// "confidence", "chart", "chart_kind", "engine", "insight_engine", "warnings", "timings", ...}.
Json ToJson(const ask::Answer& answer);
// An Apache ECharts option for the chart (null when there is nothing to draw): the web UI passes it
// to setOption as it is.
Json EChartsOption(const insights::ChartSpec& chart);
// POST /api/v1/ask bodies: {"question", "dataset"?, "language"?, "engine"?, "policy"?, "sql"?}.
// An empty engine or policy is the default.
Result<ask::AskRequest> ParseAskRequest(const Json& body);
// An Ask policy from a request field (strict, standard); the error names the field "policy".
Result<sql::Policy> ParseAskPolicy(std::string_view text);
// {"from": "orders.product_id", "to": "products.id", "origin": "verified", "coverage", "sampled",
// "reason"?}
Json ToJson(const ask::Relationship& relationship);
Json ToJson(const ask::EvalReport& report);
// One case per line: {"id", "question", "lang"?, "dataset"?, "sql", "order_matters"?}.
Result<std::vector<ask::EvalCase>> ParseEvalCases(std::string_view jsonl);

}  // namespace sagaz::wire
