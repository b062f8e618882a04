// Dates of comments and masking of personal data for the public report.
#include <cctype>

#include "core/strings.hpp"
#include "feedback/feedback.hpp"
#include "feedback/internal/text.hpp"

namespace sagaz::feedback {
namespace {

// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm).
int64_t DaysFromCivil(int64_t y, int64_t m, int64_t d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

bool LeapYear(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int64_t DaysInMonth(int64_t y, int64_t m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && LeapYear(y) ? 29 : kDays[m - 1];
}

// Reads exactly `n` digits at `pos`.
std::optional<int64_t> Digits(std::string_view s, size_t& pos, size_t n) {
  if (pos + n > s.size()) return std::nullopt;
  int64_t v = 0;
  for (size_t i = 0; i < n; ++i) {
    const char c = s[pos + i];
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + (c - '0');
  }
  pos += n;
  return v;
}

bool Expect(std::string_view s, size_t& pos, char c) {
  if (pos < s.size() && s[pos] == c) {
    ++pos;
    return true;
  }
  return false;
}

}  // namespace

std::optional<int64_t> ParseTime(std::string_view text) {
  text = Trim(text);
  size_t pos = 0;
  std::optional<int64_t> y, m, d;
  if (text.size() >= 10 && text[2] == '/' && text[5] == '/') {  // dd/mm/yyyy
    d = Digits(text, pos, 2);
    if (!Expect(text, pos, '/')) return std::nullopt;
    m = Digits(text, pos, 2);
    if (!Expect(text, pos, '/')) return std::nullopt;
    y = Digits(text, pos, 4);
  } else {
    y = Digits(text, pos, 4);
    if (!Expect(text, pos, '-')) return std::nullopt;
    m = Digits(text, pos, 2);
    if (!Expect(text, pos, '-')) return std::nullopt;
    d = Digits(text, pos, 2);
  }
  if (!y || !m || !d || *y < 1000 || *m < 1 || *m > 12 || *d < 1 || *d > DaysInMonth(*y, *m)) {
    return std::nullopt;
  }
  int64_t seconds = DaysFromCivil(*y, *m, *d) * 86400;
  int64_t micros = 0;
  if (pos < text.size()) {
    if (text[pos] != 'T' && text[pos] != ' ') return std::nullopt;
    ++pos;
    auto h = Digits(text, pos, 2);
    if (!h || !Expect(text, pos, ':')) return std::nullopt;
    auto mi = Digits(text, pos, 2);
    std::optional<int64_t> sec = 0;
    if (Expect(text, pos, ':')) sec = Digits(text, pos, 2);
    if (!mi || !sec || *h > 23 || *mi > 59 || *sec > 60) return std::nullopt;
    seconds += *h * 3600 + *mi * 60 + *sec;
    if (Expect(text, pos, '.') || Expect(text, pos, ',')) {
      int64_t scale = 100000;
      size_t digits = 0;
      while (pos < text.size() && std::isdigit(static_cast<unsigned char>(text[pos]))) {
        if (scale > 0) micros += (text[pos] - '0') * scale;
        scale /= 10;
        ++pos;
        ++digits;
      }
      if (digits == 0) return std::nullopt;
    }
    if (Expect(text, pos, 'Z') || Expect(text, pos, 'z')) {
    } else if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
      const int64_t sign = text[pos] == '+' ? 1 : -1;
      ++pos;
      auto oh = Digits(text, pos, 2);
      std::optional<int64_t> om = 0;
      if (pos < text.size()) {
        Expect(text, pos, ':');
        om = Digits(text, pos, 2);
      }
      if (!oh || !om || *oh > 14 || *om > 59) return std::nullopt;
      seconds -= sign * (*oh * 3600 + *om * 60);
    }
    if (pos != text.size()) return std::nullopt;
  }
  return seconds * 1'000'000 + micros;
}

std::string TextFingerprint(std::string_view text) { return internal::HashHex(text); }

std::string MaskPersonalData(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    if (std::isspace(static_cast<unsigned char>(text[i]))) {
      out += text[i++];
      continue;
    }
    size_t j = i;
    while (j < text.size() && !std::isspace(static_cast<unsigned char>(text[j]))) ++j;
    const std::string_view chunk = text.substr(i, j - i);
    i = j;
    if (StartsWithI(chunk, "http://") || StartsWithI(chunk, "https://") ||
        StartsWithI(chunk, "www.")) {
      out += "[link]";
      continue;
    }
    if (chunk.find('@') != std::string_view::npos) {
      out += chunk.front() == '@' ? "@***" : "[e-mail]";
      continue;
    }
    size_t digits = 0;
    for (char c : chunk) digits += std::isdigit(static_cast<unsigned char>(c)) != 0;
    if (digits >= 4) {
      for (char c : chunk) out += std::isdigit(static_cast<unsigned char>(c)) ? '*' : c;
      continue;
    }
    out += chunk;
  }
  return out;
}

}  // namespace sagaz::feedback
