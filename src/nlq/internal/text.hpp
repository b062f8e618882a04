// Text processing for the parser: folding, tokens, stems.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "nlq/nlq.hpp"

namespace sagaz::nlq::internal {

enum class TokenKind { kWord, kNumber, kDate, kQuoted, kSymbol };

struct Token {
  TokenKind kind = TokenKind::kWord;
  std::string text;   // as written
  std::string norm;   // lowercase, accents folded (words); canonical number/ISO date
  std::string stem;   // Snowball stem of norm in the question's language (words)
  double number = 0;  // kNumber
  size_t index = 0;   // position in the token list
  size_t begin = 0;   // bytes of the question it spans: [begin, end)
  size_t end = 0;
};

// Lowercase with accents folded: "Nível" -> "nivel".
std::string Fold(std::string_view text);

// Splits a question into tokens. Numbers follow the language's separators ("4,5" is 4.5 in
// Portuguese, "1,000" is 1000 in English); dates dd/mm/yyyy and yyyy-mm-dd become ISO dates; '...'
// and "..." are kept whole.
std::vector<Token> Tokenize(std::string_view question, Language language);

// Snowball stem (libstemmer) of a folded word. Thread-safe.
std::string Stem(std::string_view folded_word, Language language);

// Words of an identifier or description: "sale_price" -> {"sale", "price"}; folded.
std::vector<std::string> Words(std::string_view text);

// The shared root of a Portuguese word and its English cognate, or "" when the word has no
// cognate ending or the root is too short to say much: "prioridade" and "priority" -> "prior~ity",
// "resolução" and "resolution" -> "resolu~tion", "especialidade" and "specialty" ->
// "special~ity", "categoria" and "category" -> "categor~y". Folded input.
std::string CognateKey(std::string_view folded_word);

// Whether two words differ by two adjacent letters swapped, the commonest typo in headers
// ("lenght" for "length", "heigth" for "height").
bool Transposed(std::string_view a, std::string_view b);

// Similarity in [0, 1] (Jaro-Winkler) for typo-tolerant matching.
double Similarity(std::string_view a, std::string_view b);

}  // namespace sagaz::nlq::internal
