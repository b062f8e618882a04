// JSON shapes of Ask: plans, answers, evaluation reports; reading question sets.
#pragma once

#include <string_view>
#include <vector>

#include "ask/ask.hpp"
#include "ask/eval.hpp"
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
// POST /api/v1/ask bodies: {"question", "dataset"?, "language"?, "engine"?, "policy"?}.
Result<ask::AskRequest> ParseAskRequest(const Json& body);
Json ToJson(const ask::EvalReport& report);
// One case per line: {"id", "question", "lang"?, "dataset"?, "sql", "order_matters"?}.
Result<std::vector<ask::EvalCase>> ParseEvalCases(std::string_view jsonl);

}  // namespace sagaz::wire
