// Small string helpers shared across modules.
#pragma once

#include <charconv>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <type_traits>
#include <vector>

namespace sagaz {

std::vector<std::string_view> Split(std::string_view s, char sep);
std::string_view Trim(std::string_view s);
// Split and Trim return views into their argument. Given a temporary std::string, views would
// dangle once the full expression ends, so these overloads return owning strings instead.
template <class S, std::enable_if_t<std::is_same_v<S, std::string>, int> = 0>
std::vector<std::string> Split(S&& temporary, char sep) {
  std::vector<std::string> out;
  for (auto part : Split(std::string_view(temporary), sep)) out.emplace_back(part);
  return out;
}
template <class S, std::enable_if_t<std::is_same_v<S, std::string>, int> = 0>
std::string Trim(S&& temporary) {
  return std::string(Trim(std::string_view(temporary)));
}
std::string ToLower(std::string_view s);
bool IEquals(std::string_view a, std::string_view b);
bool StartsWithI(std::string_view s, std::string_view prefix);

template <class Range>
std::string Join(const Range& items, std::string_view sep) {
  std::string out;
  bool first = true;
  for (const auto& item : items) {
    if (!first) out += sep;
    out += item;
    first = false;
  }
  return out;
}

// Parses the whole of `text` (surrounding spaces allowed) as a number; nullopt otherwise.
template <class T>
std::optional<T> ParseNumber(std::string_view text) {
  text = Trim(text);
  if (text.empty()) return std::nullopt;
  if (text.front() == '+') text.remove_prefix(1);
  T value{};
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size()) return std::nullopt;
  return value;
}

// The deepest nesting of arrays and objects in JSON text, counted without parsing (brackets inside
// strings are skipped), and at most limit + 1: whether untrusted JSON is shallow enough to parse.
// Recursive consumers of a parsed document (and DuckDB's JSON reader) overflow the stack on
// documents nested a hundred thousand deep.
size_t JsonNesting(std::string_view text, size_t limit);
// The nesting depth every parser of untrusted JSON accepts.
inline constexpr size_t kMaxJsonNesting = 64;

// true/false, yes/no, on/off, 1/0 (case-insensitive).
std::optional<bool> ParseBool(std::string_view text);

// A double with every digit the data can have and none of binary arithmetic's noise: at most 15
// significant digits (every decimal with 15 or fewer round-trips through a double; 126832.12
// summed in binary is 126832.11999999994, printed here as 126832.12), no trailing zeros, a '.'
// for the decimal point; NaN, inf and -inf by name. For terminals and files, not the JSON API
// (which keeps the exact value).
std::string FormatDouble(double value);

// Human-readable byte count: "1.5 MiB".
std::string FormatBytes(uint64_t bytes);

// Quotes an identifier for SQL: foo -> "foo", with embedded quotes doubled.
std::string QuoteIdent(std::string_view ident);
// Quotes a string literal for SQL: it's -> 'it''s'.
std::string QuoteLiteral(std::string_view text);

// Replaces accented Latin letters (U+00C0..U+017F) by their base letters: "São João" -> "Sao Joao".
// Other characters pass through unchanged. Written by hand: a 200-entry table does not justify ICU.
std::string FoldAccents(std::string_view s);

// Valid UTF-8 (no overlongs, no surrogates)?
bool IsValidUtf8(std::string_view s);
// Replaces invalid UTF-8 sequences with U+FFFD so the text is safe to put in JSON.
std::string SanitizeUtf8(std::string_view s);

}  // namespace sagaz
