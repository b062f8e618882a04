#include "nlq/internal/question.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>

namespace sagaz::nlq::internal {

namespace {

// Marks the words that name a column outright (same word or stem): they are not taken for a
// look-alike value ("started" names start_date, not the plan "Starter") nor for a generic money
// word ("MRR" names mrr_usd, not any sale value).
void MarkColumnWords(Question& q, const SchemaIndex& idx) {
  for (size_t i = 0; i < q.words.size(); ++i) {
    auto& w = q.words[i];
    if (w.token.kind == TokenKind::kWord) w.revenue = internal::IsRevenueWord(w.token.norm);
    // "ticket médio", "average ticket" ask for the sale value; "tickets" alone are things.
    if (w.revenue && (w.token.norm == "ticket" || w.token.norm == "tickets")) {
      auto mean_at = [&](size_t k) {
        return k < q.words.size() && q.IsCue(k, Cue::kAggregate) &&
               q.words[k].cue->value == static_cast<int>(Aggregate::kMean);
      };
      w.revenue = mean_at(i + 1) || (i > 0 && mean_at(i - 1));
    }
    if (!q.IsContent(i)) continue;
    for (const auto& col : idx.columns) {
      for (const auto& nw : col.names) {
        if (WordScore(w, nw) >= 1.0) w.names_column = true;
      }
    }
  }
}

}  // namespace

// How well word i names schema word w: 1 direct (same word or stem), 0.8 through a synonym, 0.6
// typo.
double WordScore(const Word& q, const SchemaWord& w) {
  for (const auto& f : q.forms) {
    if (w.forms.count(f)) return 1.0;
  }
  for (const auto& f : q.syn_forms) {
    if (w.forms.count(f)) return 0.8;
  }
  if (!q.cognate.empty() && q.cognate == w.cognate) return 0.8;  // "prioridade" and "priority"
  if (q.token.norm.size() >= 5 && w.word.size() >= 5) {
    // Two letters swapped is a misspelling of the same word ("length" for product_name_lenght):
    // nearly as good as the word itself; other look-alikes ("state", "stage") weigh little.
    if (Transposed(q.token.norm, w.word)) return 0.9;
    if (Similarity(q.token.norm, w.word) >= 0.92) return 0.6;
  }
  return 0;
}

Question Analyze(std::string_view text, Language language, const SchemaIndex& idx) {
  Question q;
  q.language = language;
  q.text = std::string(text);
  for (auto& t : internal::Tokenize(text, language)) {
    Word w;
    w.token = std::move(t);
    if (w.token.kind == TokenKind::kWord || w.token.kind == TokenKind::kQuoted) {
      w.forms = FormsOf(w.token.norm);
      for (const auto& s : internal::Synonyms(w.token.norm)) {
        for (auto& f : FormsOf(s)) w.syn_forms.insert(std::move(f));
      }
      if (w.syn_forms.empty()) {
        // Try the synonyms of listed words with the same stem: "cadastrar" is not listed,
        // "cadastro" is.
        for (const auto& s : internal::SynonymsOfStem(w.token.norm, language)) {
          for (auto& f : FormsOf(s)) w.syn_forms.insert(std::move(f));
        }
      }
      w.stop = internal::IsStopword(w.token.norm);
      if (!w.stop) w.cognate = internal::CognateKey(w.token.norm);
    }
    q.words.push_back(std::move(w));
  }
  std::vector<std::string> folded;
  for (const auto& w : q.words)
    folded.push_back(w.token.kind == TokenKind::kWord ? w.token.norm : w.token.norm);
  for (size_t i = 0; i < q.words.size();) {
    if (q.words[i].token.kind == TokenKind::kQuoted) {
      ++i;
      continue;
    }
    auto m = internal::MatchCue(folded, i, language);
    if (!m) {
      ++i;
      continue;
    }
    q.words[i].cue = m;
    for (size_t k = i; k < i + m->length; ++k) q.words[k].cue_owner = i;
    i += m->length;
  }
  MarkColumnWords(q, idx);
  return q;
}

bool IsYear(const Token& t) {
  return t.kind == TokenKind::kNumber && t.number >= 1900 && t.number <= 2100 &&
         t.number == std::floor(t.number) && t.norm.find('.') == std::string::npos;
}

std::string PhraseOf(const Question& q, const std::vector<size_t>& positions) {
  std::string out;
  std::vector<size_t> sorted = positions;
  std::sort(sorted.begin(), sorted.end());
  sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
  size_t prev = SIZE_MAX;
  for (size_t p : sorted) {
    if (p >= q.words.size()) continue;
    if (!out.empty()) {
      // Tokens written together keep what joins them ("S01-1", not "S01 1").
      const auto& a = q.words[prev].token;
      const auto& b = q.words[p].token;
      const std::string_view gap = p == prev + 1 && a.end <= b.begin && b.begin <= q.text.size()
                                       ? std::string_view(q.text).substr(a.end, b.begin - a.end)
                                       : std::string_view(" ");
      const bool glued =
          !gap.empty() && gap.size() <= 2 && std::none_of(gap.begin(), gap.end(), [](char c) {
            return std::isspace(static_cast<unsigned char>(c)) || c == ',' || c == '?' ||
                   c == '.' || c == ';';
          });
      out += glued ? std::string(gap) : std::string(" ");
    }
    out += q.words[p].token.text;
    prev = p;
  }
  return out;
}

std::string PhraseRange(const Question& q, size_t from, size_t to) {
  std::vector<size_t> pos;
  for (size_t i = from; i < to && i < q.words.size(); ++i) pos.push_back(i);
  return PhraseOf(q, pos);
}

}  // namespace sagaz::nlq::internal
