// Encoding repair. Written by hand: iconv cannot tell double-encoded UTF-8 from real Latin-1 text,
// and the whole job is a 32-entry table and a UTF-8 decoder.
#include <cstdint>

#include "core/strings.hpp"
#include "knowledge/documents.hpp"
#include "knowledge/internal/blocks.hpp"

namespace sagaz::knowledge {
namespace internal {

char32_t Cp1252(unsigned char b) {
  static constexpr char32_t kTable[32] = {
      0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
      0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
      0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};
  if (b < 0x80 || b > 0x9F) return b;
  return kTable[b - 0x80];
}

void AppendUtf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

}  // namespace internal

namespace {

// Decodes one code point of valid UTF-8 at s[i]; advances i.
char32_t Next(std::string_view s, size_t& i) {
  const auto c = static_cast<unsigned char>(s[i]);
  int len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
  char32_t cp = len == 1 ? c : len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
  for (int k = 1; k < len && i + k < s.size(); ++k)
    cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  i += len;
  return cp;
}

// The byte a code point was when UTF-8 was misread as CP-1252/Latin-1, or -1.
int ByteOf(char32_t cp) {
  if (cp < 0x80) return static_cast<int>(cp);
  if (cp >= 0xA0 && cp <= 0xFF) return static_cast<int>(cp);
  for (int b = 0x80; b <= 0x9F; ++b)
    if (internal::Cp1252(static_cast<unsigned char>(b)) == cp) return b;
  // Bytes CP-1252 leaves undefined are passed through as C1 controls by most decoders.
  if (cp >= 0x80 && cp <= 0x9F) return static_cast<int>(cp);
  return -1;
}

// Repairs runs of non-ASCII characters that are UTF-8 bytes read as CP-1252: "Ã§Ã£" -> "çã". A run
// is replaced only when its bytes form valid multi-byte UTF-8, so real Latin-1 text ("çã" is
// E7 E3, not UTF-8) stays as it is.
std::string RepairDoubleEncoded(std::string_view s, bool* changed) {
  std::string out;
  out.reserve(s.size());
  size_t i = 0;
  while (i < s.size()) {
    if (static_cast<unsigned char>(s[i]) < 0x80) {
      out.push_back(s[i++]);
      continue;
    }
    const size_t run_start = i;
    std::string bytes;
    bool mappable = true;
    while (i < s.size() && static_cast<unsigned char>(s[i]) >= 0x80) {
      const int b = ByteOf(Next(s, i));
      if (b < 0)
        mappable = false;
      else
        bytes.push_back(static_cast<char>(b));
    }
    if (mappable && IsValidUtf8(bytes)) {
      out += bytes;
      *changed = true;
    } else {
      out.append(s.substr(run_start, i - run_start));
    }
  }
  return out;
}

}  // namespace

std::string RepairEncoding(std::string_view bytes, std::string* encoding) {
  if (bytes.starts_with("\xEF\xBB\xBF")) bytes.remove_prefix(3);
  std::string enc;
  std::string out;
  if (IsValidUtf8(bytes)) {
    bool changed = false;
    out = RepairDoubleEncoded(bytes, &changed);
    enc = changed ? "utf-8 (repaired)" : "utf-8";
  } else {
    out.reserve(bytes.size() + bytes.size() / 8);
    for (unsigned char b : bytes) {
      const char32_t cp = internal::Cp1252(b);
      internal::AppendUtf8(out, cp == 0 ? U'\uFFFD' : cp);
    }
    enc = "cp1252";
  }
  if (encoding) *encoding = enc;
  return out;
}

}  // namespace sagaz::knowledge
