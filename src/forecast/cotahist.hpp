// B3's COTAHIST files (historical daily quotes, "SeriesHistoricas" layout): fixed-width lines of
// 245 characters. Line type 00 is the header, 99 the trailer, 01 a quote: date (AAAAMMDD), BDI
// code, ticker (CODNEG), market type (TPMERC), prices in cents with two implied decimals (PREABE,
// PREMAX, PREMIN, PREMED, PREULT), trades, quantity (QUATOT) and financial volume (VOLTOT, also
// in cents), quote factor (FATCOT: prices are per FATCOT shares) and ISIN.
//
// By default only the cash lot market (TPMERC 010) and the BDI codes 02 (standard lot) and 96
// (fractional market) are kept, so that one ticker gives one daily bar: options (070/080),
// forwards (030), auctions (017) and odd lots (020) are other instruments. Malformed lines are
// rejected with their line number and reason, never guessed. Pure; thread-safe.
#pragma once

#include <cstdint>
#include <functional>
#include <istream>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace sagaz::forecast {

struct CotahistRecord {
  int32_t day = 0;  // days since 1970-01-01
  std::string bdi;  // "02"
  std::string ticker;
  int market = 0;    // 10 = cash (lot) market
  std::string name;  // NOMRES, UTF-8
  std::string spec;  // ESPECI, UTF-8
  // Per share: the file's cents / 100 / quote factor.
  double open = 0, high = 0, low = 0, average = 0, close = 0;
  int64_t trades = 0;
  int64_t quantity = 0;  // shares traded
  double turnover = 0;   // financial volume, BRL
  int64_t quote_factor = 1;
  std::string isin;
};

struct CotahistOptions {
  std::vector<int> markets = {10};
  std::vector<std::string> bdi = {"02", "96"};
  bool keep_all = false;  // ignore the market and BDI filters
};

struct CotahistLineError {
  int64_t line = 0;
  std::string reason;
};

struct CotahistSummary {
  int64_t lines = 0;
  int64_t quotes = 0;  // records passed to the callback
  int64_t other_market = 0;
  int64_t other_bdi = 0;
  int64_t rejected = 0;
  std::vector<CotahistLineError> errors;  // the first 100
  bool header = false, trailer = false;
  std::string file_name;  // from the header ("COTAHIST.A2023")
};

inline constexpr size_t kCotahistLineLength = 245;

// Whether `head` (the first bytes of a file) looks like a COTAHIST file.
bool LooksLikeCotahist(std::string_view head);

// Parses one quote line (without line end); kInvalidArgument with the field named when malformed.
Result<CotahistRecord> ParseCotahistLine(std::string_view line);

// Reads every line of `in`, calling `on_quote` for each kept quote (an error from it stops the
// read). Fails when the input is not a COTAHIST file at all (no header and no valid quote line in
// the first lines) or when `on_quote` fails.
Result<CotahistSummary> ReadCotahist(std::istream& in, const CotahistOptions& options,
                                     const std::function<Status(const CotahistRecord&)>& on_quote);

}  // namespace sagaz::forecast
