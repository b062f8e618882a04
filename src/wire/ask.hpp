// JSON shapes of Ask: plans, answers, evaluation reports; reading question sets.
#pragma once

#include <string_view>
#include <vector>

#include "ask/eval.hpp"
#include "nlq/nlq.hpp"
#include "wire/json.hpp"

namespace sagaz::wire {

Json ToJson(const nlq::Plan& plan);
Json ToJson(const ask::EvalReport& report);
// One case per line: {"id", "question", "lang"?, "dataset"?, "sql", "order_matters"?}.
Result<std::vector<ask::EvalCase>> ParseEvalCases(std::string_view jsonl);

}  // namespace sagaz::wire
