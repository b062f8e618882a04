// The builtin classifier's data, embedded at build time (scripts/feedback_lexicon.mjs): the
// lexicon, the rules (negations, boosters, contrast words, informal spellings) and stopwords.
// Loaded once, immutable, shared by every thread.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "core/error.hpp"

namespace sagaz::feedback::internal {

struct Resources {
  std::unordered_map<std::string, double> lexicon;   // folded token -> valence (-4..+4)
  std::unordered_set<std::string> neutral;           // rated 0: no stem fallback
  std::unordered_map<std::string, double> pt_stems;  // Portuguese stem -> mean valence
  std::unordered_map<std::string, double> en_stems;  // English stem -> mean valence
  std::unordered_set<std::string> negations;
  std::unordered_map<std::string, double> boosters;       // word before: +/- magnitude
  std::unordered_map<std::string, double> post_boosters;  // word after ("bom demais")
  std::unordered_set<std::string> contrasts;
  std::unordered_set<std::string> scope_ends;  // words where a negation's reach ends ("e", "que")
  // Words of a lukewarm verdict ("ok", "razoavel"): each takes up to `value` of the comment's
  // valence, pulling it towards neutral.
  std::unordered_map<std::string, double> moderates;
  std::unordered_set<std::string> rating_words;  // "nota 3", "3 estrelas": a number is a rating
  std::unordered_map<std::string, std::string> aliases;  // informal spelling -> word
  // Phrases rated as a whole ("nao recebi"), by their first word: the words, the valence and the
  // moderate weight ("mais ou menos").
  struct Phrase {
    std::vector<std::string> words;
    double valence = 0;
    double moderate = 0;
  };
  std::unordered_map<std::string, std::vector<Phrase>> phrases;
  std::unordered_set<std::string> stopwords;
  double laughter = 1.5;
  std::string fingerprint;  // of the embedded data
};

// The embedded resources, parsed on first use. Fails only when the binary was built without them.
Result<const Resources*> GetResources();

// A file of the embedded feedback bundle ("/taxonomy_commerce.tsv").
Result<std::string_view> EmbeddedFile(std::string_view path);

// Parsers of the embedded formats, for tests.
Status ParseLexicon(std::string_view tsv, Resources& out);
Status ParseRules(std::string_view tsv, Resources& out);
void ParseStopwords(std::string_view text, Resources& out);

}  // namespace sagaz::feedback::internal
