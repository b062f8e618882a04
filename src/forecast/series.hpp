// Daily price series: what a quote history is once read, and how raw rows become one.
//
// A Series holds one ticker's trading days in date order, one row per date, with positive prices.
// CleanSeries gets there from rows as a file or table gave them (any order, duplicate dates, null
// rows, weekend rows, zero-volume non-trading days) and says what it did in a DataReport, so that a
// user sees every row that was dropped and why. Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "forecast/notice.hpp"

namespace sagaz::forecast {

// One row as read. Any price may be missing (Yahoo writes "null" rows for holidays).
struct RawBar {
  int32_t day = 0;  // days since 1970-01-01
  std::optional<double> open, high, low, close, adj_close, volume;
};

struct Series {
  std::string ticker;
  std::vector<int32_t> day;  // strictly increasing, days since 1970-01-01
  std::vector<double> open, high, low, close, volume;
  size_t size() const { return day.size(); }
};

// What cleaning found and did, in counts and plain sentences.
struct DataReport {
  int64_t rows_read = 0;
  int64_t rows_used = 0;
  int64_t null_rows = 0;        // a price missing: dropped
  int64_t bad_price_rows = 0;   // a price <= 0, or high < low: dropped
  int64_t duplicate_dates = 0;  // the later row of a date wins
  int64_t weekend_rows = 0;     // Saturday or Sunday: dropped
  int64_t no_trade_rows = 0;    // volume 0 with an unchanged price: a non-trading day, dropped
  int64_t gaps = 0;             // more than 5 calendar days between consecutive trading days
  int64_t largest_gap_days = 0;
  int64_t suspected_splits = 0;  // day-over-day moves beyond ±45% in unadjusted prices
  bool adjusted = false;         // prices scaled by adjusted close / close
  int32_t first_day = 0;
  int32_t last_day = 0;
  std::vector<Notice> notes;  // code "data_cleaning"
};

// Sorts, de-duplicates and filters `rows` into a series. When adjusted closes are present, open,
// high, low and close are scaled by adj_close / close (splits and dividends). Fails with
// kInvalidArgument when no usable row remains.
Result<Series> CleanSeries(std::string ticker, std::vector<RawBar> rows, DataReport& report);

// ISO date "YYYY-MM-DD" of a day number, and back (nullopt when malformed).
std::string FormatDay(int32_t day);
std::optional<int32_t> ParseDay(std::string_view iso);
// 0 = Monday ... 6 = Sunday.
int DayOfWeek(int32_t day);

// A fingerprint of a series' values (dates and prices), to say which data a model was trained on.
std::string Fingerprint(const Series& series);

}  // namespace sagaz::forecast
