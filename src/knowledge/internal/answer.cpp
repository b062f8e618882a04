#include "knowledge/internal/answer.hpp"

#include <algorithm>
#include <regex>
#include <set>

#include "core/strings.hpp"
#include "llm/llm.hpp"

namespace sagaz::knowledge::internal {
namespace {

struct Sentence {
  std::string text;
  int n = 0;  // citation
  int order = 0;
  double score = 0;
};

// Sentences of a passage: ends at . ! ? or a line break (lists, table rows).
std::vector<std::string> Sentences(std::string_view text) {
  std::vector<std::string> out;
  std::string current;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\n') {
      if (!Trim(current).empty()) out.emplace_back(Trim(current));
      current.clear();
      continue;
    }
    current.push_back(c);
    if ((c == '.' || c == '!' || c == '?') && (i + 1 == text.size() || text[i + 1] == ' ')) {
      if (!Trim(current).empty()) out.emplace_back(Trim(current));
      current.clear();
    }
  }
  if (!Trim(current).empty()) out.emplace_back(Trim(current));
  return out;
}

}  // namespace

std::string NoAnswer(std::string_view language) {
  return language == "pt" ? "Não sei: nenhum trecho dos documentos responde a esta pergunta."
                          : "I don't know: no passage in the documents answers this question.";
}

void ExtractiveAnswer(Answer& out, const std::vector<TermGroup>& groups, Terms& terms) {
  std::vector<Sentence> candidates;
  int order = 0;
  const size_t passages = std::min<size_t>(out.citations.size(), 3);
  for (size_t p = 0; p < passages; ++p) {
    const auto& c = out.citations[p];
    for (auto& s : Sentences(c.text)) {
      // A heading alone is not an answer.
      if (s.size() < 12 || c.heading.ends_with(s)) continue;
      std::set<std::string> present;
      for (const auto& w : Words(s))
        for (auto& t : terms.Of(w.text)) present.insert(std::move(t));
      double score = 0;
      for (const auto& g : groups) {
        for (const auto& t : g.terms) {
          if (present.contains(t)) {
            score += g.idf;
            break;
          }
        }
      }
      if (score <= 0) continue;
      // Earlier passages rank higher; very long sentences are worse answers.
      score *= 1.0 / (1.0 + 0.25 * static_cast<double>(p));
      if (s.size() > 400) score *= 0.7;
      if (s.size() > 600) s = s.substr(0, 600) + "…";
      candidates.push_back({std::move(s), c.n, order++, score});
    }
  }
  if (candidates.empty()) {
    out.answered = false;
    out.answer = NoAnswer(out.language);
    return;
  }
  std::stable_sort(candidates.begin(), candidates.end(),
                   [](const Sentence& a, const Sentence& b) { return a.score > b.score; });
  const double best = candidates.front().score;
  std::vector<Sentence> chosen;
  for (auto& s : candidates) {
    if (chosen.size() == 2 || s.score < best * 0.5) break;
    chosen.push_back(std::move(s));
  }
  std::sort(chosen.begin(), chosen.end(),
            [](const Sentence& a, const Sentence& b) { return a.order < b.order; });
  std::string answer;
  for (const auto& s : chosen) {
    if (!answer.empty()) answer += " ";
    answer += s.text + " [" + std::to_string(s.n) + "]";
  }
  out.answer = std::move(answer);
  out.answered = true;
}

Status LlmAnswer(Answer& out, const LlmConfig& config,
                 const std::function<void(std::string_view)>& on_delta) {
  auto provider = SAGAZ_TRY(llm::MakeProvider(config));
  const bool pt = out.language == "pt";
  std::string system =
      pt ? "Você responde perguntas usando somente os trechos numerados fornecidos. Cite cada "
           "afirmação com o número do trecho entre colchetes, como [1] ou [2]. Cite apenas "
           "números de trechos fornecidos. Se os trechos não trazem a resposta, responda "
           "exatamente: Não sei. Responda em português, de forma curta."
         : "You answer questions using only the numbered passages given. Cite every claim with "
           "the passage number in brackets, like [1] or [2]. Cite only numbers of passages you "
           "were given. If the passages do not contain the answer, reply exactly: I don't know. "
           "Answer in English, briefly.";
  std::string user;
  for (const auto& c : out.citations) {
    user += "[" + std::to_string(c.n) + "] (" + c.document;
    if (c.page > 0) user += ", p. " + std::to_string(c.page);
    if (!c.heading.empty()) user += ", " + c.heading;
    user += ")\n" + c.text + "\n\n";
  }
  user += (pt ? "Pergunta: " : "Question: ") + out.question;
  llm::ChatRequest request;
  request.messages = {{"system", system}, {"user", user}};
  request.max_tokens = 512;
  llm::DeltaFn deltas;
  if (on_delta) deltas = [&on_delta](std::string_view d) { on_delta(d); };
  auto reply = SAGAZ_TRY(provider->Chat(request, deltas));
  std::string text(Trim(reply.content));
  const std::string folded = ToLower(FoldAccents(text));
  if (folded.starts_with("i don't know") || folded.starts_with("i do not know") ||
      folded.starts_with("nao sei")) {
    out.answered = false;
    out.answer = NoAnswer(out.language);
    out.engine = "llm:" + provider->Name();
    return Ok();
  }
  // Only passages the model was given may be cited.
  static const std::regex kMarker(R"(\[(\d{1,4})\])");
  std::string cleaned;
  size_t last = 0;
  int invalid = 0;
  for (auto it = std::sregex_iterator(text.begin(), text.end(), kMarker);
       it != std::sregex_iterator(); ++it) {
    const int n = std::stoi((*it)[1].str());
    cleaned += text.substr(last, static_cast<size_t>(it->position()) - last);
    if (n >= 1 && n <= static_cast<int>(out.citations.size()))
      cleaned += it->str();
    else
      ++invalid;
    last = static_cast<size_t>(it->position() + it->length());
  }
  cleaned += text.substr(last);
  if (invalid > 0) {
    out.warnings.push_back("the model cited " + std::to_string(invalid) +
                           " passage(s) it was not given; those markers were removed");
  }
  out.answer = std::move(cleaned);
  out.answered = !out.answer.empty();
  if (!out.answered) out.answer = NoAnswer(out.language);
  out.engine = "llm:" + provider->Name();
  return Ok();
}

}  // namespace sagaz::knowledge::internal
