#include "nlq/internal/text.hpp"

#include <libstemmer.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <memory>

#include "core/strings.hpp"

namespace sagaz::nlq::internal {
namespace {

struct StemmerDeleter {
  void operator()(sb_stemmer* s) const { sb_stemmer_delete(s); }
};
using StemmerPtr = std::unique_ptr<sb_stemmer, StemmerDeleter>;

// Snowball stemmers are not thread-safe: one per thread and language.
sb_stemmer* StemmerFor(Language language) {
  thread_local StemmerPtr pt(sb_stemmer_new("portuguese", "UTF_8"));
  thread_local StemmerPtr en(sb_stemmer_new("english", "UTF_8"));
  return language == Language::kPortuguese ? pt.get() : en.get();
}

bool IsWordChar(unsigned char c) { return std::isalnum(c) || c >= 0x80 || c == '_'; }

}  // namespace

std::string Fold(std::string_view text) { return ToLower(FoldAccents(text)); }

namespace {

// Folded Portuguese loses the accents the Snowball rules key on ("internacao" stems to "internaca",
// "internação" to "intern"): the accents of common suffixes are put back before stemming, so that
// a folded column name and an accented question word stem alike.
std::string RestorePortugueseSuffix(std::string_view word) {
  struct Suffix {
    std::string_view folded;
    std::string_view accented;
  };
  static constexpr Suffix kSuffixes[] = {
      {"coes", "ções"},     {"cao", "ção"},       {"oes", "ões"},
      {"aes", "ães"},       {"encias", "ências"}, {"encia", "ência"},
      {"ancias", "âncias"}, {"ancia", "ância"},   {"ao", "ão"},
  };
  for (const auto& s : kSuffixes) {
    if (word.size() > s.folded.size() + 2 && word.ends_with(s.folded)) {
      return std::string(word.substr(0, word.size() - s.folded.size())) + std::string(s.accented);
    }
  }
  return std::string(word);
}

}  // namespace

std::string Stem(std::string_view word, Language language) {
  if (word.size() < 3) return std::string(word);
  sb_stemmer* stemmer = StemmerFor(language);
  if (!stemmer) return std::string(word);
  const std::string input =
      language == Language::kPortuguese ? RestorePortugueseSuffix(word) : std::string(word);
  const sb_symbol* out = sb_stemmer_stem(stemmer, reinterpret_cast<const sb_symbol*>(input.data()),
                                         static_cast<int>(input.size()));
  if (!out) return std::string(word);
  std::string stem(reinterpret_cast<const char*>(out),
                   static_cast<size_t>(sb_stemmer_length(stemmer)));
  return input.size() == word.size() ? stem : Fold(stem);
}

std::vector<std::string> Words(std::string_view text) {
  std::vector<std::string> out;
  std::string folded = Fold(text);
  std::string current;
  for (char c : folded) {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      current += c;
    } else if (!current.empty()) {
      out.push_back(std::move(current));
      current.clear();
    }
  }
  if (!current.empty()) out.push_back(std::move(current));
  return out;
}

std::vector<Token> Tokenize(std::string_view q, Language language) {
  std::vector<Token> tokens;
  auto push = [&](Token t) {
    t.index = tokens.size();
    tokens.push_back(std::move(t));
  };
  size_t i = 0;
  while (i < q.size()) {
    const auto c = static_cast<unsigned char>(q[i]);
    if (std::isspace(c)) {
      ++i;
      continue;
    }
    if (c == '\'' || c == '"' || (c == 0xE2 && i + 2 < q.size())) {
      // Quoted literal: '...', "..." or typographic quotes.
      std::string_view open = c == 0xE2 ? q.substr(i, 3) : q.substr(i, 1);
      std::string_view close = open;
      if (open == "\xE2\x80\x9C")
        close = "\xE2\x80\x9D";  // “ ”
      else if (open == "\xE2\x80\x98")
        close = "\xE2\x80\x99";  // ‘ ’
      if (c == 0xE2 && open != "\xE2\x80\x9C" && open != "\xE2\x80\x98") {
        i += 3;  // other punctuation (…): skip
        continue;
      }
      auto end = q.find(close, i + open.size());
      if (end != std::string_view::npos && end > i + open.size()) {
        Token t;
        t.kind = TokenKind::kQuoted;
        t.text = std::string(q.substr(i + open.size(), end - i - open.size()));
        t.norm = Fold(t.text);
        t.begin = i;
        t.end = end + close.size();
        push(std::move(t));
        i = end + close.size();
        continue;
      }
      i += open.size();
      continue;
    }
    if (std::isdigit(c)) {
      size_t j = i;
      while (j < q.size() && (std::isdigit(static_cast<unsigned char>(q[j])) || q[j] == '.' ||
                              q[j] == ',' || q[j] == '/' || q[j] == '-')) {
        ++j;
      }
      std::string raw(q.substr(i, j - i));
      while (!raw.empty() &&
             (raw.back() == '.' || raw.back() == ',' || raw.back() == '-' || raw.back() == '/')) {
        raw.pop_back();
      }
      Token t;
      t.begin = i;
      i += raw.size();
      t.end = i;
      t.text = raw;
      // Dates: dd/mm/yyyy, dd-mm-yyyy, yyyy-mm-dd.
      int a = 0, b = 0, y = 0;
      char s1 = 0, s2 = 0;
      if (std::sscanf(raw.c_str(), "%4d%c%2d%c%2d", &y, &s1, &a, &s2, &b) == 5 &&
          raw.size() == 10 && s1 == '-' && s2 == '-' && y > 1000) {
        char iso[32];
        std::snprintf(iso, sizeof iso, "%04d-%02d-%02d", y, a, b);
        t.kind = TokenKind::kDate;
        t.norm = iso;
        push(std::move(t));
        continue;
      }
      if (std::sscanf(raw.c_str(), "%2d%c%2d%c%4d", &a, &s1, &b, &s2, &y) == 5 &&
          (s1 == '/' || s1 == '-') && s1 == s2 && y > 1000) {
        int day = a, month = b;
        if (language == Language::kEnglish && b > 12) std::swap(day, month);  // mm/dd/yyyy
        char iso[32];
        std::snprintf(iso, sizeof iso, "%04d-%02d-%02d", y, month, day);
        t.kind = TokenKind::kDate;
        t.norm = iso;
        push(std::move(t));
        continue;
      }
      // Numbers: Portuguese uses ',' for decimals and '.' for thousands; English the reverse.
      std::string digits;
      const char decimal = language == Language::kPortuguese ? ',' : '.';
      const char thousands = language == Language::kPortuguese ? '.' : ',';
      bool ok = true;
      for (size_t k = 0; k < raw.size(); ++k) {
        char ch = raw[k];
        if (std::isdigit(static_cast<unsigned char>(ch))) {
          digits += ch;
        } else if (ch == decimal) {
          digits += '.';
        } else if (ch == thousands) {
          // A "thousands" separator followed by other than 3 digits is really a decimal point
          // ("4.5" in a Portuguese question).
          size_t run = 0;
          while (k + 1 + run < raw.size() &&
                 std::isdigit(static_cast<unsigned char>(raw[k + 1 + run])))
            ++run;
          digits += run == 3 ? "" : ".";
        } else {
          ok = false;
        }
      }
      auto value = ParseNumber<double>(digits);
      if (ok && value) {
        t.kind = TokenKind::kNumber;
        t.number = *value;
        t.norm = digits;
      } else {
        t.kind = TokenKind::kSymbol;
        t.norm = raw;
      }
      push(std::move(t));
      continue;
    }
    if (IsWordChar(c)) {
      size_t j = i;
      while (j < q.size() && (IsWordChar(static_cast<unsigned char>(q[j])) ||
                              (q[j] == '-' && j + 1 < q.size() &&
                               std::isalpha(static_cast<unsigned char>(q[j + 1])) && j > i))) {
        ++j;
      }
      Token t;
      t.text = std::string(q.substr(i, j - i));
      t.norm = Fold(t.text);
      t.stem = Stem(t.norm, language);
      t.begin = i;
      t.end = j;
      push(std::move(t));
      i = j;
      continue;
    }
    // Symbols that carry meaning: comparison operators.
    if (c == '>' || c == '<' || c == '=') {
      Token t;
      t.kind = TokenKind::kSymbol;
      t.text = std::string(1, static_cast<char>(c));
      if (i + 1 < q.size() && q[i + 1] == '=') t.text += '=';
      t.norm = t.text;
      t.begin = i;
      i += t.text.size();
      t.end = i;
      push(std::move(t));
      continue;
    }
    ++i;  // punctuation
  }
  // Number words scale the number before them: "15 mil", "2,5 milhões", "10 thousand", "3k".
  static const std::pair<std::string_view, double> kScales[] = {
      {"mil", 1e3},     {"milhao", 1e6},   {"milhoes", 1e6}, {"bilhao", 1e9},
      {"bilhoes", 1e9}, {"thousand", 1e3}, {"million", 1e6}, {"millions", 1e6},
      {"billion", 1e9}, {"k", 1e3},        {"mi", 1e6},      {"bi", 1e9}};
  std::vector<Token> merged;
  for (size_t k = 0; k < tokens.size(); ++k) {
    Token t = std::move(tokens[k]);
    if (t.kind == TokenKind::kNumber && k + 1 < tokens.size() &&
        tokens[k + 1].kind == TokenKind::kWord) {
      for (const auto& [word, scale] : kScales) {
        if (tokens[k + 1].norm != word) continue;
        t.number *= scale;
        char buf[64];
        std::snprintf(buf, sizeof buf, "%.15g", t.number);
        t.norm = buf;
        t.text += " " + tokens[k + 1].text;
        t.end = tokens[k + 1].end;
        ++k;
        break;
      }
    }
    t.index = merged.size();
    merged.push_back(std::move(t));
  }
  return merged;
}

std::string CognateKey(std::string_view w) {
  // Endings that correspond between the two languages, longest first; both sides map to the same
  // marker. Written by hand: no library here pairs Portuguese and English word endings.
  struct Ending {
    std::string_view suffix;
    std::string_view marker;
  };
  static constexpr Ending kEndings[] = {
      {"acoes", "~ation"},   {"acao", "~ation"},   {"ations", "~ation"}, {"ation", "~ation"},
      {"actions", "~ation"}, {"action", "~ation"}, {"coes", "~tion"},    {"cao", "~tion"},
      {"tions", "~tion"},    {"tion", "~tion"},    {"idades", "~ity"},   {"idade", "~ity"},
      {"ities", "~ity"},     {"ity", "~ity"},      {"ties", "~ity"},     {"ty", "~ity"},
      {"encias", "~ence"},   {"encia", "~ence"},   {"ences", "~ence"},   {"ence", "~ence"},
      {"ancias", "~ance"},   {"ancia", "~ance"},   {"ances", "~ance"},   {"ance", "~ance"},
      {"arios", "~ary"},     {"ario", "~ary"},     {"arias", "~ary"},    {"aria", "~ary"},
      {"aries", "~ary"},     {"ary", "~ary"},      {"amentos", "~ment"}, {"amento", "~ment"},
      {"imentos", "~ment"},  {"imento", "~ment"},  {"ments", "~ment"},   {"ment", "~ment"},
      {"istas", "~ist"},     {"ista", "~ist"},     {"ists", "~ist"},     {"ist", "~ist"},
      {"ioes", "i~on"},      {"iao", "i~on"},      {"ions", "i~on"},     {"ion", "i~on"},
      {"antes", "~nt"},      {"ante", "~nt"},      {"entes", "~nt"},     {"ente", "~nt"},
      {"ants", "~nt"},       {"ant", "~nt"},       {"ents", "~nt"},      {"ent", "~nt"},
      {"icos", "~ic"},       {"ico", "~ic"},       {"icas", "~ic"},      {"ica", "~ic"},
      {"ical", "~ic"},       {"ics", "~ic"},       {"ic", "~ic"},        {"ias", "~y"},
      {"ia", "~y"},          {"ies", "~y"},        {"y", "~y"},
  };
  for (const auto& e : kEndings) {
    if (w.size() <= e.suffix.size() || !w.ends_with(e.suffix)) continue;
    std::string root(w.substr(0, w.size() - e.suffix.size()));
    // Portuguese puts an "e" before s + consonant ("especial", "estudante"); English does not.
    if (root.size() > 3 && root[0] == 'e' && root[1] == 's' && !std::strchr("aeiou", root[2])) {
      root.erase(0, 1);
    }
    if (root.size() < 4) return {};
    return root + std::string(e.marker);
  }
  return {};
}

bool Transposed(std::string_view a, std::string_view b) {
  if (a.size() != b.size() || a == b) return false;
  size_t first = 0;
  while (a[first] == b[first]) ++first;
  return first + 1 < a.size() && a[first] == b[first + 1] && a[first + 1] == b[first] &&
         a.substr(first + 2) == b.substr(first + 2);
}

double Similarity(std::string_view a, std::string_view b) {
  if (a == b) return 1.0;
  if (a.empty() || b.empty()) return 0.0;
  const size_t window = std::max<size_t>(std::max(a.size(), b.size()) / 2, 1) - 1;
  std::vector<bool> ma(a.size()), mb(b.size());
  size_t matches = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    const size_t lo = i > window ? i - window : 0;
    const size_t hi = std::min(i + window + 1, b.size());
    for (size_t j = lo; j < hi; ++j) {
      if (!mb[j] && a[i] == b[j]) {
        ma[i] = mb[j] = true;
        ++matches;
        break;
      }
    }
  }
  if (matches == 0) return 0.0;
  size_t transpositions = 0;
  for (size_t i = 0, k = 0; i < a.size(); ++i) {
    if (!ma[i]) continue;
    while (!mb[k]) ++k;
    if (a[i] != b[k]) ++transpositions;
    ++k;
  }
  const double m = static_cast<double>(matches);
  const double jaro = (m / static_cast<double>(a.size()) + m / static_cast<double>(b.size()) +
                       (m - static_cast<double>(transpositions) / 2.0) / m) /
                      3.0;
  size_t prefix = 0;
  while (prefix < 4 && prefix < a.size() && prefix < b.size() && a[prefix] == b[prefix]) ++prefix;
  return jaro + 0.1 * static_cast<double>(prefix) * (1.0 - jaro);
}

}  // namespace sagaz::nlq::internal
