#include "feedback/internal/text.hpp"

#include <libstemmer.h>

#include <cctype>
#include <cstdint>
#include <memory>

#include "core/strings.hpp"

namespace sagaz::feedback::internal {
namespace {

// Decodes the code point at `i` (advancing it); invalid bytes come back as U+FFFD, one byte each.
char32_t NextCodePoint(std::string_view s, size_t& i) {
  const auto b = static_cast<unsigned char>(s[i]);
  int len = b < 0x80 ? 1 : (b >> 5) == 6 ? 2 : (b >> 4) == 14 ? 3 : (b >> 3) == 30 ? 4 : 0;
  if (len == 0 || i + len > s.size()) {
    ++i;
    return 0xFFFD;
  }
  char32_t cp = len == 1 ? b : len == 2 ? (b & 0x1F) : len == 3 ? (b & 0x0F) : (b & 0x07);
  for (int k = 1; k < len; ++k) {
    const auto c = static_cast<unsigned char>(s[i + k]);
    if ((c & 0xC0) != 0x80) {
      ++i;
      return 0xFFFD;
    }
    cp = (cp << 6) | (c & 0x3F);
  }
  i += len;
  return cp;
}

bool IsPictographic(char32_t cp) {
  return (cp >= 0x2190 && cp <= 0x2BFF) || (cp >= 0x1F000 && cp <= 0x1FAFF) || cp == 0x00A9 ||
         cp == 0x00AE || cp == 0x3030 || cp == 0x303D;
}

// Code points that change the emoji before them: variation selectors, skin tones, joiners, tags.
bool IsEmojiModifier(char32_t cp) {
  return cp == 0xFE0F || cp == 0xFE0E || cp == 0x200D || (cp >= 0x1F3FB && cp <= 0x1F3FF) ||
         (cp >= 0xE0020 && cp <= 0xE007F) || cp == 0x20E3;
}

bool IsWordChar(char32_t cp) {
  if (cp < 0x80)
    return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9') ||
           cp == '_';
  if (cp == 0xD7 || cp == 0xF7 || cp == 0xFFFD) return false;
  if (cp >= 0xC0 && cp <= 0x24F) return true;
  if (cp >= 0x2000 && cp <= 0x206F) return false;  // general punctuation
  if (cp >= 0x3000 && cp <= 0x303F) return false;  // CJK punctuation
  if (IsPictographic(cp) || IsEmojiModifier(cp)) return false;
  return cp >= 0x370;  // letters of other scripts
}

bool IsApostrophe(char32_t cp) { return cp == '\'' || cp == 0x2019; }

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

bool IsUrlOrMention(std::string_view chunk) {
  return StartsWithI(chunk, "http://") || StartsWithI(chunk, "https://") ||
         StartsWithI(chunk, "www.") || (chunk.size() > 1 && chunk[0] == '@');
}

// ASCII, 2-8 characters, with punctuation in it: ":)", ":-(", "<3", "xD" is not (a word).
bool IsEmoticonShape(std::string_view chunk) {
  if (chunk.size() < 2 || chunk.size() > 8) return false;
  bool punctuation = false;
  for (char c : chunk) {
    const auto u = static_cast<unsigned char>(c);
    if (u >= 0x80) return false;
    if (!std::isalnum(u)) punctuation = true;
  }
  return punctuation;
}

bool AllDigits(std::string_view s) {
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return !s.empty();
}

void AddWord(Tokens& out, std::string raw) {
  if (raw.empty()) return;
  Token t;
  t.kind = AllDigits(raw) ? TokenKind::kNumber : TokenKind::kWord;
  t.norm = Fold(raw);
  int letters = 0, upper = 0;
  const std::string folded = FoldAccents(raw);
  for (char c : folded) {
    if (c >= 'a' && c <= 'z') {
      ++letters;
      out.has_lowercase = true;
    } else if (c >= 'A' && c <= 'Z') {
      ++letters;
      ++upper;
    }
  }
  t.all_caps = letters >= 2 && upper == letters;
  t.raw = std::move(raw);
  out.tokens.push_back(std::move(t));
}

// Splits one whitespace-free chunk into words, emoji and separators.
void SplitChunk(std::string_view chunk, Tokens& out) {
  std::string word;
  size_t i = 0;
  while (i < chunk.size()) {
    const size_t start = i;
    const char32_t cp = NextCodePoint(chunk, i);
    if (IsWordChar(cp)) {
      word.append(chunk.substr(start, i - start));
      continue;
    }
    if (IsApostrophe(cp) && !word.empty() && i < chunk.size()) {
      size_t j = i;
      if (IsWordChar(NextCodePoint(chunk, j))) continue;  // "don't" -> "dont"
    }
    AddWord(out, std::move(word));
    word.clear();
    if (IsPictographic(cp)) {
      Token t{TokenKind::kEmoji, std::string(chunk.substr(start, i - start)), {}, false};
      while (i < chunk.size()) {
        size_t j = i;
        const char32_t next = NextCodePoint(chunk, j);
        if (!IsEmojiModifier(next)) break;
        if (next == 0x200D && j < chunk.size()) {  // a joined sequence: keep the next symbol too
          size_t k = j;
          NextCodePoint(chunk, k);
          j = k;
        }
        i = j;
      }
      t.norm = t.raw;  // modifiers dropped: the lexicon rates base emoji
      out.tokens.push_back(std::move(t));
    } else if (IsEmojiModifier(cp) || cp == 0xFFFD) {
      // a stray modifier, or bytes that were not UTF-8: nothing to read
    } else if (cp == '!') {
      ++out.exclamations;
      out.tokens.push_back({TokenKind::kBreak, "!", "!", false});
    } else if (cp == '?') {
      ++out.questions;
      out.tokens.push_back({TokenKind::kBreak, "?", "?", false});
    } else if (cp == '.' || cp == ';' || cp == ':' || cp == 0x2026) {
      out.tokens.push_back({TokenKind::kBreak, ".", ".", false});
    } else {
      out.tokens.push_back({TokenKind::kComma, ",", ",", false});
    }
  }
  AddWord(out, std::move(word));
}

struct StemmerDeleter {
  void operator()(sb_stemmer* s) const { sb_stemmer_delete(s); }
};
using StemmerPtr = std::unique_ptr<sb_stemmer, StemmerDeleter>;

}  // namespace

std::string Fold(std::string_view text) { return ToLower(FoldAccents(text)); }

std::string HashHex(std::string_view bytes) {
  uint64_t h = 14695981039346656037ull;
  for (char c : bytes) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ull;
  }
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out(16, '0');
  for (int i = 15; i >= 0; --i, h >>= 4) out[static_cast<size_t>(i)] = kDigits[h & 15];
  return out;
}

std::string CollapseRepeats(std::string_view word, bool all) {
  std::string out;
  out.reserve(word.size());
  size_t i = 0;
  while (i < word.size()) {
    size_t j = i;
    while (j < word.size() && word[j] == word[i]) ++j;
    const size_t run = j - i;
    const bool letter = (word[i] >= 'a' && word[i] <= 'z');
    out.append(letter && (run >= 3 || (all && run >= 2)) ? 1 : run, word[i]);
    i = j;
  }
  return out;
}

bool IsLaughter(std::string_view w) {
  if (w.size() >= 3 && w.find_first_not_of('k') == std::string_view::npos) return true;
  if (w.size() < 4) return false;
  // Syllables of laughter: ha, he, hi, hu, rs, ua, ah, eh; at least two, nothing else.
  static constexpr std::string_view kSyllables[] = {"ha", "he", "hi", "hu", "rs",
                                                    "ua", "ah", "eh", "hua"};
  size_t i = 0;
  int count = 0;
  while (i < w.size()) {
    bool matched = false;
    for (std::string_view s : kSyllables) {
      if (w.substr(i, s.size()) == s) {
        i += s.size();
        ++count;
        matched = true;
        break;
      }
    }
    if (!matched) return i + 1 == w.size() && w[i] == 'h' && count >= 2;
  }
  return count >= 2;
}

std::string Stem(std::string_view folded_word, Language language) {
  thread_local StemmerPtr pt(sb_stemmer_new("portuguese", "UTF_8"));
  thread_local StemmerPtr en(sb_stemmer_new("english", "UTF_8"));
  sb_stemmer* stemmer = language == Language::kPortuguese ? pt.get() : en.get();
  if (!stemmer || folded_word.empty()) return std::string(folded_word);
  const sb_symbol* out =
      sb_stemmer_stem(stemmer, reinterpret_cast<const sb_symbol*>(folded_word.data()),
                      static_cast<int>(folded_word.size()));
  if (!out) return std::string(folded_word);
  return std::string(reinterpret_cast<const char*>(out),
                     static_cast<size_t>(sb_stemmer_length(stemmer)));
}

Tokens TokenizeImpl(std::string_view text, bool (*is_emoticon)(const void*, std::string_view),
                    const void* context) {
  Tokens out;
  size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && IsSpace(text[i])) {
      if (text[i] == '\n') out.tokens.push_back({TokenKind::kBreak, "\n", ".", false});
      ++i;
    }
    const size_t start = i;
    while (i < text.size() && !IsSpace(text[i])) ++i;
    const std::string_view chunk = text.substr(start, i - start);
    if (chunk.empty() || IsUrlOrMention(chunk)) continue;
    if (IsEmoticonShape(chunk) && is_emoticon(context, chunk)) {
      out.tokens.push_back({TokenKind::kEmoji, std::string(chunk), ToLower(chunk), false});
      continue;
    }
    SplitChunk(chunk, out);
  }
  return out;
}

}  // namespace sagaz::feedback::internal
