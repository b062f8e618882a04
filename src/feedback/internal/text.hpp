// Text of comments as the builtin classifier reads it: tokens with their folded forms, stems.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace sagaz::feedback::internal {

enum class TokenKind {
  kWord,    // letters and digits (hashtags without '#')
  kEmoji,   // one pictographic code point (with its modifiers) or an emoticon such as ":)"
  kNumber,  // digits only
  kBreak,   // . ! ? ; : and line breaks: the end of a clause
  kComma,   // , and other separators that keep a clause going
};

struct Token {
  TokenKind kind = TokenKind::kWord;
  std::string raw;        // as written
  std::string norm;       // lowercase, accents folded; emoji as written
  bool all_caps = false;  // a word of two or more letters, all capitals
};

struct Tokens {
  std::vector<Token> tokens;
  int exclamations = 0;
  int questions = 0;
  bool has_lowercase = false;  // capitals emphasise only in mixed-case text
};

// Splits a comment into tokens. URLs and @mentions are dropped. `emoticons` are whitespace-
// separated chunks kept whole when the lexicon knows them (":)", "<3").
template <class IsEmoticon>
Tokens Tokenize(std::string_view text, const IsEmoticon& is_emoticon);

// Lowercase with Latin accents folded: "ÓTIMO" -> "otimo".
std::string Fold(std::string_view text);
// Runs of three or more of the same letter cut to one ("otimoooo" -> "otimo"); with `all`, runs of
// two too ("mtoo" -> "mto").
std::string CollapseRepeats(std::string_view word, bool all);
// Laughter: "kkkk", "hahaha", "rsrsrs", "hehe", "huahuahua".
bool IsLaughter(std::string_view folded_word);

// 64-bit FNV-1a of the bytes, as 16 hex digits: fingerprints of texts and data files (not a
// security measure).
std::string HashHex(std::string_view bytes);

enum class Language { kPortuguese, kEnglish };
// Snowball stem (libstemmer) of a folded word. Thread-safe.
std::string Stem(std::string_view folded_word, Language language);

// Tokenizer pieces (text.cpp).
Tokens TokenizeImpl(std::string_view text, bool (*is_emoticon)(const void*, std::string_view),
                    const void* context);

template <class IsEmoticon>
Tokens Tokenize(std::string_view text, const IsEmoticon& is_emoticon) {
  return TokenizeImpl(
      text,
      [](const void* ctx, std::string_view chunk) {
        return (*static_cast<const IsEmoticon*>(ctx))(chunk);
      },
      &is_emoticon);
}

}  // namespace sagaz::feedback::internal
