// Stage 1 of the builtin parser: the question as words. Tokens (numbers and dates in the language's
// notation), their folded forms, stems and synonyms, and the cue phrases they start (aggregates,
// grouping, comparisons, dates, ranking, listing). The record every later stage reads; nothing
// changes it after Analyze.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "nlq/internal/index.hpp"
#include "nlq/internal/lexicon.hpp"
#include "nlq/internal/text.hpp"
#include "nlq/nlq.hpp"

namespace sagaz::nlq::internal {

struct Word {
  Token token;
  std::set<std::string> forms;      // own forms
  std::set<std::string> syn_forms;  // forms of its synonyms
  std::optional<CueMatch> cue;      // a cue phrase starts here
  size_t cue_owner = SIZE_MAX;      // index of the token whose cue covers this one
  bool stop = false;
  std::string cognate;        // internal::CognateKey of the word
  bool names_column = false;  // names some column outright (same word or stem)
  bool revenue = false;       // asks for money taken in ("faturamento"), naming no column itself
};

struct Question {
  Language language;
  std::vector<Word> words;
  std::string text;

  bool IsCue(size_t i, Cue c) const {
    return i < words.size() && words[i].cue && words[i].cue->cue == c;
  }
  // Words right after "quantos", "how many", "número de", "liste", "show" (the things counted or
  // listed).
  std::vector<size_t> CountedNouns() const {
    std::vector<size_t> out;
    for (size_t i = 0; i < words.size(); ++i) {
      if (!(IsCue(i, Cue::kCount) || IsCue(i, Cue::kList)) || words[i].cue_owner != i) continue;
      size_t j = i + words[i].cue->length;
      while (j < words.size() && (words[j].stop || IsCue(j, Cue::kDistinct))) ++j;
      if (j < words.size() && words[j].token.kind == TokenKind::kWord) out.push_back(j);
    }
    return out;
  }
  // A word that can name something in the schema: not a function word, not inside a longer cue
  // phrase ("time" in "over time", "padrão" in "desvio padrão").
  bool IsContent(size_t i) const {
    const auto& w = words[i];
    if (w.token.kind != TokenKind::kWord) return false;
    if (w.stop) return false;
    if (w.cue_owner != SIZE_MAX && w.cue_owner != i) return false;
    if (w.cue && w.cue_owner == i && w.cue->length == 1 &&
        (w.cue->cue == Cue::kIn || w.cue->cue == Cue::kAnd || w.cue->cue == Cue::kGroupBy)) {
      return false;
    }
    return true;
  }
};

// Tokenizes and reads the cue phrases of a question, and marks the words that name a column of the
// schema outright or ask for revenue.
Question Analyze(std::string_view text, Language language, const SchemaIndex& idx);

// How well a question word names a schema word: 1 direct (same word or stem), 0.8 through a
// synonym or cognate, 0.6 a typo; 0 not at all.
double WordScore(const Word& q, const SchemaWord& w);

// A four-digit number that reads as a year (1900..2100).
bool IsYear(const Token& t);
// The words of the question at these positions, as written.
std::string PhraseOf(const Question& q, const std::vector<size_t>& positions);
std::string PhraseRange(const Question& q, size_t from, size_t to);

}  // namespace sagaz::nlq::internal
