// Words to index terms. A word is indexed as its Portuguese stem ("P" prefix) and its English stem
// ("E" prefix), accents folded, so the same index serves both languages without guessing a
// chunk's language. A question word becomes a synonym group of its stems and of the stems of its
// translations in the bilingual lexicon (data/lexicon_pt_en.tsv), so "invoice" finds "nota
// fiscal" passages and "cancelamento" finds "cancellation" ones.
//
// Not thread-safe (Xapian's stemmers keep state): the service calls it under its mutex.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace sagaz::knowledge::internal {

// Lowercase words of UTF-8 text, with their byte offsets.
struct Word {
  std::string text;  // lowercased, accents kept
  size_t start = 0;
  size_t end = 0;
};
std::vector<Word> Words(std::string_view text);

bool IsStopword(std::string_view lower_word);

// "pt" or "en" by stopwords and accents.
std::string_view DetectLanguage(std::string_view text);

class Terms {
 public:
  Terms();
  ~Terms();
  // Index terms of a word ({"P…", "E…"}); empty for stopwords and over-long words.
  std::vector<std::string> Of(std::string_view lower_word);
  // Translations of a word from the lexicon (folded, lowercase); empty when it has none.
  const std::vector<std::string>& Translations(std::string_view lower_word);
  size_t LexiconSize() const { return lexicon_.size(); }

 private:
  struct Stemmers;
  std::unique_ptr<Stemmers> stemmers_;
  std::map<std::string, std::vector<std::string>, std::less<>>
      lexicon_;  // key: folded word or stem term
};

// The lexicon file as compiled into the binary.
std::string_view LexiconText();

}  // namespace sagaz::knowledge::internal
