#include "knowledge/internal/terms.hpp"

#include <xapian.h>

#include <algorithm>
#include <set>

#include "core/strings.hpp"

namespace sagaz::knowledge::internal {
namespace {

// Function words of both languages; never searched.
const std::set<std::string, std::less<>>& Stopwords() {
  static const std::set<std::string, std::less<>> kWords = {
      // Portuguese
      "a", "ao", "aos", "as", "à", "às", "com", "como", "da", "das", "de", "do", "dos", "e", "é",
      "em", "entre", "essa", "esse", "esta", "este", "eu", "foi", "for", "há", "isso", "isto", "já",
      "lhe", "mais", "mas", "me", "na", "nas", "no", "nos", "não", "o", "os", "ou", "para", "pela",
      "pelas", "pelo", "pelos", "por", "qual", "quais", "quando", "que", "quem", "se", "ser", "seu",
      "sua", "são", "só", "também", "tem", "têm", "um", "uma", "umas", "uns", "onde", "sobre",
      "deve", "devem", "pode", "podem", "está", "estão", "ter", "nosso", "nossa",
      // English
      "about", "an", "and", "are", "at", "be", "been", "by", "can", "do", "does", "did", "for",
      "from", "has", "have", "how", "i", "if", "in", "into", "is", "it", "its", "of", "on", "or",
      "our", "should", "so", "than", "that", "the", "their", "then", "there", "these", "they",
      "this", "to", "was", "we", "were", "what", "when", "where", "which", "who", "why", "will",
      "with", "you", "your", "must", "my", "me"};
  return kWords;
}

const std::set<std::string, std::less<>>& PortugueseCues() {
  static const std::set<std::string, std::less<>> kWords = {
      "o",   "a",   "os",     "as",    "de",   "do",     "da",      "dos",  "das", "em", "no",
      "na",  "que", "qual",   "quais", "como", "para",   "por",     "um",   "uma", "é",  "são",
      "não", "com", "quando", "onde",  "quem", "quanto", "quantos", "deve", "pode"};
  return kWords;
}
const std::set<std::string, std::less<>>& EnglishCues() {
  static const std::set<std::string, std::less<>> kWords = {
      "the",   "of",  "and",  "to", "in",  "is",   "are", "what",   "which", "how",  "when",
      "where", "who", "does", "do", "for", "with", "can", "should", "must",  "many", "much"};
  return kWords;
}

}  // namespace

std::vector<Word> Words(std::string_view text) {
  std::vector<Word> words;
  Xapian::Utf8Iterator it(text.data(), text.size());
  const Xapian::Utf8Iterator end;
  Word current;
  bool in_word = false;
  const char* base = text.data();
  for (; it != end; ++it) {
    const unsigned ch = *it;
    const size_t pos = static_cast<size_t>(it.raw() - base);
    if (Xapian::Unicode::is_wordchar(ch)) {
      if (!in_word) {
        current = {};
        current.start = pos;
        in_word = true;
      }
      Xapian::Unicode::append_utf8(current.text, Xapian::Unicode::tolower(ch));
    } else if (in_word) {
      current.end = pos;
      words.push_back(std::move(current));
      in_word = false;
    }
  }
  if (in_word) {
    current.end = text.size();
    words.push_back(std::move(current));
  }
  return words;
}

bool IsStopword(std::string_view w) { return Stopwords().contains(w); }

std::string_view DetectLanguage(std::string_view text) {
  int pt = 0, en = 0;
  for (const auto& w : Words(text)) {
    if (PortugueseCues().contains(w.text)) ++pt;
    if (EnglishCues().contains(w.text)) ++en;
    if (FoldAccents(w.text) != w.text) ++pt;
  }
  return en > pt ? "en" : "pt";
}

struct Terms::Stemmers {
  Xapian::Stem pt{"portuguese"};
  Xapian::Stem en{"english"};
};

Terms::Terms() : stemmers_(std::make_unique<Stemmers>()) {
  // "pt<TAB>en, en…" lines; '#' starts a comment. Both directions, keyed by the folded word and by
  // its two stem terms so that inflected forms find their entry.
  std::map<std::string, std::set<std::string>> pairs;
  for (auto line : Split(LexiconText(), '\n')) {
    line = Trim(line);
    if (line.empty() || line[0] == '#') continue;
    const auto tab = line.find('\t');
    if (tab == std::string_view::npos) continue;
    const std::string pt(Trim(line.substr(0, tab)));  // lowercase, with accents
    for (auto en : Split(line.substr(tab + 1), ',')) {
      const std::string e(Trim(en));
      if (e.empty() || pt.empty()) continue;
      pairs[pt].insert(e);
      pairs[e].insert(pt);
    }
  }
  for (const auto& [word, translations] : pairs) {
    std::vector<std::string> list(translations.begin(), translations.end());
    lexicon_[FoldAccents(word)] = list;
    for (const auto& term : Of(word)) {
      auto& merged = lexicon_[term];
      for (const auto& t : list)
        if (std::find(merged.begin(), merged.end(), t) == merged.end()) merged.push_back(t);
    }
  }
}

Terms::~Terms() = default;

std::vector<std::string> Terms::Of(std::string_view w) {
  if (w.empty() || w.size() > 64 || IsStopword(w)) return {};
  const std::string folded = FoldAccents(w);
  std::string pt = FoldAccents(stemmers_->pt(std::string(w)));
  std::string en = stemmers_->en(folded);
  return {"P" + pt, "E" + en};
}

const std::vector<std::string>& Terms::Translations(std::string_view w) {
  static const std::vector<std::string> kNone;
  if (auto it = lexicon_.find(FoldAccents(w)); it != lexicon_.end()) return it->second;
  for (const auto& term : Of(w))
    if (auto it = lexicon_.find(term); it != lexicon_.end()) return it->second;
  return kNone;
}

}  // namespace sagaz::knowledge::internal
