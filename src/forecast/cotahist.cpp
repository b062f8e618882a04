#include "forecast/cotahist.hpp"

#include <algorithm>
#include <chrono>

namespace sagaz::forecast {
namespace {

std::string_view Field(std::string_view line, size_t from, size_t to) {  // 1-based, inclusive
  return line.substr(from - 1, to - from + 1);
}

Result<int64_t> Digits(std::string_view line, size_t from, size_t to, std::string_view name) {
  const auto f = Field(line, from, to);
  int64_t v = 0;
  for (char c : f) {
    if (c < '0' || c > '9') {
      return Fail(Error(ErrorCode::kInvalidArgument, std::string(name) + " (columns " +
                                                         std::to_string(from) + "-" +
                                                         std::to_string(to) + ") is not a number")
                      .With("field", std::string(name)));
    }
    v = v * 10 + (c - '0');  // at most 18 digits: fits in int64
  }
  return v;
}

// Text fields are Latin-1, padded with blanks.
std::string Text(std::string_view line, size_t from, size_t to) {
  auto f = Field(line, from, to);
  while (!f.empty() && (f.back() == ' ' || f.back() == '\0')) f.remove_suffix(1);
  while (!f.empty() && f.front() == ' ') f.remove_prefix(1);
  std::string out;
  for (unsigned char c : f) {
    if (c < 0x80) {
      out += static_cast<char>(c < 0x20 ? ' ' : c);
    } else {
      out += static_cast<char>(0xC0 | (c >> 6));
      out += static_cast<char>(0x80 | (c & 0x3F));
    }
  }
  return out;
}

}  // namespace

bool LooksLikeCotahist(std::string_view head) {
  return head.starts_with("00COTAHIST") ||
         (head.size() >= kCotahistLineLength && head.starts_with("01") &&
          ParseCotahistLine(head.substr(0, kCotahistLineLength)).has_value());
}

Result<CotahistRecord> ParseCotahistLine(std::string_view line) {
  if (line.size() != kCotahistLineLength) {
    return Fail(Error(ErrorCode::kInvalidArgument,
                      "a quote line has " + std::to_string(kCotahistLineLength) +
                          " characters; this one has " + std::to_string(line.size())));
  }
  if (!line.starts_with("01")) {
    return Fail(ErrorCode::kInvalidArgument, "not a quote line (TIPREG is not 01)");
  }
  CotahistRecord r;
  const int64_t date = SAGAZ_TRY(Digits(line, 3, 10, "DATA"));
  const std::chrono::year_month_day ymd{std::chrono::year{static_cast<int>(date / 10000)},
                                        std::chrono::month{static_cast<unsigned>(date / 100 % 100)},
                                        std::chrono::day{static_cast<unsigned>(date % 100)}};
  if (!ymd.ok() || date / 10000 < 1900 || date / 10000 > 2200) {
    return Fail(Error(ErrorCode::kInvalidArgument, "DATA is not a valid date (AAAAMMDD)")
                    .With("field", "DATA"));
  }
  r.day = static_cast<int32_t>(std::chrono::sys_days{ymd}.time_since_epoch().count());
  r.bdi = Text(line, 11, 12);
  r.ticker = Text(line, 13, 24);
  if (r.ticker.empty()) {
    return Fail(
        Error(ErrorCode::kInvalidArgument, "CODNEG (the ticker) is blank").With("field", "CODNEG"));
  }
  r.market = static_cast<int>(SAGAZ_TRY(Digits(line, 25, 27, "TPMERC")));
  r.name = Text(line, 28, 39);
  r.spec = Text(line, 40, 49);
  const int64_t open = SAGAZ_TRY(Digits(line, 57, 69, "PREABE"));
  const int64_t high = SAGAZ_TRY(Digits(line, 70, 82, "PREMAX"));
  const int64_t low = SAGAZ_TRY(Digits(line, 83, 95, "PREMIN"));
  const int64_t avg = SAGAZ_TRY(Digits(line, 96, 108, "PREMED"));
  const int64_t close = SAGAZ_TRY(Digits(line, 109, 121, "PREULT"));
  r.trades = SAGAZ_TRY(Digits(line, 148, 152, "TOTNEG"));
  r.quantity = SAGAZ_TRY(Digits(line, 153, 170, "QUATOT"));
  r.turnover = static_cast<double>(SAGAZ_TRY(Digits(line, 171, 188, "VOLTOT"))) / 100.0;
  r.quote_factor = SAGAZ_TRY(Digits(line, 211, 217, "FATCOT"));
  if (r.quote_factor < 1) {
    return Fail(Error(ErrorCode::kInvalidArgument, "FATCOT (the quote factor) is 0")
                    .With("field", "FATCOT"));
  }
  r.isin = Text(line, 231, 242);
  const double scale = 100.0 * static_cast<double>(r.quote_factor);
  r.open = static_cast<double>(open) / scale;
  r.high = static_cast<double>(high) / scale;
  r.low = static_cast<double>(low) / scale;
  r.average = static_cast<double>(avg) / scale;
  r.close = static_cast<double>(close) / scale;
  return r;
}

Result<CotahistSummary> ReadCotahist(std::istream& in, const CotahistOptions& options,
                                     const std::function<Status(const CotahistRecord&)>& on_quote) {
  CotahistSummary sum;
  std::string line;
  int64_t valid_quotes = 0;
  auto reject = [&sum](int64_t at, std::string reason) {
    ++sum.rejected;
    if (sum.errors.size() < 100) sum.errors.push_back({at, std::move(reason)});
  };
  while (std::getline(in, line)) {
    ++sum.lines;
    std::string_view l(line);
    if (l.ends_with('\r')) l.remove_suffix(1);
    if (l.empty()) continue;
    if (l.starts_with("00")) {
      sum.header = true;
      if (l.size() >= 15) sum.file_name = Text(l, 3, 15);
      continue;
    }
    if (l.starts_with("99")) {
      sum.trailer = true;
      continue;
    }
    auto rec = ParseCotahistLine(l);
    if (!rec) {
      reject(sum.lines, rec.error().message);
      // Not a COTAHIST file at all: give up early instead of rejecting every line.
      if (!sum.header && valid_quotes == 0 && sum.lines >= 20) {
        return Fail(Error(ErrorCode::kInvalidArgument,
                          "not a COTAHIST file: no header and none of the first 20 lines is a "
                          "quote (" +
                              rec.error().message + ")"));
      }
      continue;
    }
    ++valid_quotes;
    if (!options.keep_all) {
      if (std::find(options.markets.begin(), options.markets.end(), rec->market) ==
          options.markets.end()) {
        ++sum.other_market;
        continue;
      }
      if (std::find(options.bdi.begin(), options.bdi.end(), rec->bdi) == options.bdi.end()) {
        ++sum.other_bdi;
        continue;
      }
    }
    ++sum.quotes;
    SAGAZ_TRY(on_quote(*rec));
  }
  if (!sum.header && valid_quotes == 0) {
    return Fail(ErrorCode::kInvalidArgument,
                "not a COTAHIST file: no header line (00COTAHIST) and no quote line");
  }
  return sum;
}

}  // namespace sagaz::forecast
