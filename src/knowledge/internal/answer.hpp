// Answers from retrieved passages: extractive (no model) or grounded by an LLM.
#pragma once

#include <functional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/config.hpp"
#include "core/error.hpp"
#include "knowledge/internal/terms.hpp"
#include "knowledge/knowledge.hpp"

namespace sagaz::knowledge::internal {

// One question word's search terms (its stems and its translations' stems) and its weight.
struct TermGroup {
  std::vector<std::string> terms;
  double idf = 1;
};

// The best sentences of the best passages, each followed by its [n]. Sets answer and answered.
void ExtractiveAnswer(Answer& out, const std::vector<TermGroup>& groups, Terms& terms);

// Asks the model with the passages numbered [1]..[k]. Markers outside 1..k are removed (with a
// warning); "I don't know" replies leave answered false.
// `on_delta` receives the model's text as it streams.
Status LlmAnswer(Answer& out, const LlmConfig& config,
                 const std::function<void(std::string_view)>& on_delta = {});

// Byte ranges of `text` whose words have any of the groups' terms; neighbours joined.
std::vector<Span> Highlights(std::string_view text, const std::vector<TermGroup>& groups,
                             Terms& terms);
std::string Marked(std::string_view text, const std::vector<Span>& spans);

// "I don't know" in the question's language.
std::string NoAnswer(std::string_view language);

}  // namespace sagaz::knowledge::internal
