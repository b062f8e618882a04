// What Ask says to a language model and how it reads the replies: the NL→SQL prompt (schema
// context retrieved for the question, few-shot examples, a JSON plan as the output format), the
// correction turn after a failed attempt, and the insight prompt. Replies are untrusted: a plan is
// checked against the schema before its SQL is rendered, and that SQL still passes the guard.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "insights/insight.hpp"
#include "llm/llm.hpp"
#include "nlq/nlq.hpp"
#include "sql/guard.hpp"

namespace sagaz::ask::internal {

// The tables and columns most relevant to the question, with descriptions, sample values, time
// ranges and links, as compact text. At most `max_tables` tables (plus the tables they link to).
std::string SchemaContext(std::string_view question, const nlq::Schema& schema, nlq::Language language,
                          size_t max_tables = 4);

// The conversation that asks for a plan: system rules and output format, few-shot examples, then
// the schema context and the question.
std::vector<llm::Message> PlanPrompt(std::string_view question, nlq::Language language,
                                     const std::string& context, sql::Policy policy);

// The plan in a model's reply, validated against the schema, joined and rendered. Errors say what
// is wrong in words the model can act on (kInvalidArgument).
Result<nlq::Plan> PlanFromReply(std::string_view reply, const nlq::Schema& schema, nlq::Language language);

// The turn that feeds a failure back to the model.
std::string CorrectionMessage(const Error& error);

// The conversation that asks for an insight from the facts an answer found (and at most five rows).
std::vector<llm::Message> InsightPrompt(std::string_view question, const insights::Facts& facts,
                                        const std::vector<std::string>& sample_rows);

// The insight text in a model's reply; kInternal when there is none worth showing.
Result<std::string> InsightFromReply(std::string_view reply);

}  // namespace sagaz::ask::internal
