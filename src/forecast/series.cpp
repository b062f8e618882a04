#include "forecast/series.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>

namespace sagaz::forecast {

std::string FormatDay(int32_t day) {
  const std::chrono::year_month_day ymd{std::chrono::sys_days{std::chrono::days{day}}};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buf;
}

std::optional<int32_t> ParseDay(std::string_view iso) {
  if (iso.size() != 10 || iso[4] != '-' || iso[7] != '-') return std::nullopt;
  auto digits = [&](size_t from, size_t n) -> std::optional<int> {
    int v = 0;
    for (size_t i = from; i < from + n; ++i) {
      if (iso[i] < '0' || iso[i] > '9') return std::nullopt;
      v = v * 10 + (iso[i] - '0');
    }
    return v;
  };
  auto y = digits(0, 4), m = digits(5, 2), d = digits(8, 2);
  if (!y || !m || !d) return std::nullopt;
  const std::chrono::year_month_day ymd{std::chrono::year{*y},
                                        std::chrono::month{static_cast<unsigned>(*m)},
                                        std::chrono::day{static_cast<unsigned>(*d)}};
  if (!ymd.ok()) return std::nullopt;
  return static_cast<int32_t>(std::chrono::sys_days{ymd}.time_since_epoch().count());
}

int DayOfWeek(int32_t day) {
  // 1970-01-01 was a Thursday (3 with Monday = 0).
  return static_cast<int>(((static_cast<int64_t>(day) % 7) + 7 + 3) % 7);
}

std::string Fingerprint(const Series& series) {
  uint64_t h = 1469598103934665603ULL;  // FNV-1a, 64 bits
  auto mix = [&h](const void* data, size_t n) {
    const auto* p = static_cast<const unsigned char*>(data);
    for (size_t i = 0; i < n; ++i) {
      h ^= p[i];
      h *= 1099511628211ULL;
    }
  };
  mix(series.ticker.data(), series.ticker.size());
  for (size_t i = 0; i < series.size(); ++i) {
    mix(&series.day[i], sizeof(int32_t));
    for (const auto* col :
         {&series.open, &series.high, &series.low, &series.close, &series.volume}) {
      mix(&(*col)[i], sizeof(double));
    }
  }
  char buf[24];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

Result<Series> CleanSeries(std::string ticker, std::vector<RawBar> rows, DataReport& report) {
  report = DataReport{};
  report.rows_read = static_cast<int64_t>(rows.size());
  // Stable: among rows of one date, the later one in the input wins.
  std::stable_sort(rows.begin(), rows.end(),
                   [](const RawBar& a, const RawBar& b) { return a.day < b.day; });
  std::vector<RawBar> kept;
  kept.reserve(rows.size());
  bool any_adjusted = false;
  for (size_t i = 0; i < rows.size(); ++i) {
    if (i + 1 < rows.size() && rows[i + 1].day == rows[i].day) {
      ++report.duplicate_dates;
      continue;
    }
    RawBar r = rows[i];
    if (!r.close) {
      ++report.null_rows;
      continue;
    }
    // A missing open/high/low falls back to the close (some sources only give closes); a missing
    // volume is zero.
    if (!r.open) r.open = r.close;
    if (!r.high) r.high = std::max(*r.open, *r.close);
    if (!r.low) r.low = std::min(*r.open, *r.close);
    if (!r.volume) r.volume = 0.0;
    const double prices[] = {*r.open, *r.high, *r.low, *r.close};
    bool bad = *r.high < *r.low || !std::isfinite(*r.volume) || *r.volume < 0;
    for (double p : prices) bad = bad || !std::isfinite(p) || p <= 0;
    if (r.adj_close) bad = bad || !std::isfinite(*r.adj_close) || *r.adj_close <= 0;
    if (bad) {
      ++report.bad_price_rows;
      continue;
    }
    if (DayOfWeek(r.day) >= 5) {
      ++report.weekend_rows;
      continue;
    }
    if (*r.volume == 0 && !kept.empty() && *r.close == *kept.back().close && *r.open == *r.close &&
        *r.high == *r.close && *r.low == *r.close) {
      ++report.no_trade_rows;
      continue;
    }
    any_adjusted = any_adjusted || r.adj_close.has_value();
    kept.push_back(r);
  }
  if (kept.empty()) {
    return Fail(Error(ErrorCode::kInvalidArgument,
                      "no usable row: every row lacks a close price or has invalid prices")
                    .With("ticker", ticker));
  }
  Series s;
  s.ticker = std::move(ticker);
  const size_t n = kept.size();
  for (auto* col : {&s.open, &s.high, &s.low, &s.close, &s.volume}) col->reserve(n);
  s.day.reserve(n);
  report.adjusted = any_adjusted;
  for (const auto& r : kept) {
    // Adjusted close: the whole bar is scaled, so that ranges and gaps stay consistent.
    const double f = any_adjusted && r.adj_close ? *r.adj_close / *r.close : 1.0;
    s.day.push_back(r.day);
    s.open.push_back(*r.open * f);
    s.high.push_back(*r.high * f);
    s.low.push_back(*r.low * f);
    s.close.push_back(*r.close * f);
    s.volume.push_back(*r.volume);
  }
  for (size_t i = 1; i < n; ++i) {
    const int64_t gap = s.day[i] - s.day[i - 1];
    if (gap > 5) ++report.gaps;
    report.largest_gap_days = std::max(report.largest_gap_days, gap);
    const double move = s.close[i] / s.close[i - 1] - 1;
    if (!any_adjusted && std::abs(move) > 0.45) ++report.suspected_splits;
  }
  report.rows_used = static_cast<int64_t>(n);
  report.first_day = s.day.front();
  report.last_day = s.day.back();
  auto note = [&report](int64_t count, const std::string& en, const std::string& pt) {
    if (count > 0) {
      report.notes.push_back(MakeNotice("data_cleaning", std::to_string(count) + " " + en,
                                        std::to_string(count) + " " + pt));
    }
  };
  note(report.duplicate_dates, "rows repeated an earlier date; the later row of each date was kept",
       "linhas repetiam uma data anterior; ficou a última linha de cada data");
  note(report.null_rows, "rows had no close price (null rows) and were dropped",
       "linhas sem preço de fechamento (linhas null) foram descartadas");
  note(report.bad_price_rows, "rows had a price <= 0 or a high below the low and were dropped",
       "linhas com preço <= 0 ou máxima abaixo da mínima foram descartadas");
  note(report.weekend_rows, "rows fell on a Saturday or Sunday and were dropped",
       "linhas caíam num sábado ou domingo e foram descartadas");
  note(report.no_trade_rows,
       "rows had no volume and an unchanged price (non-trading days) and were dropped",
       "linhas sem volume e com preço inalterado (dias sem pregão) foram descartadas");
  note(report.gaps,
       "gaps of more than 5 calendar days between trading days (largest " +
           std::to_string(report.largest_gap_days) + " days)",
       "lacunas de mais de 5 dias corridos entre pregões (a maior com " +
           std::to_string(report.largest_gap_days) + " dias)");
  note(report.suspected_splits,
       "day-over-day moves beyond 45% in unadjusted prices: possible splits; provide adjusted "
       "closes to remove them",
       "variações diárias acima de 45% em preços não ajustados: possíveis desdobramentos; "
       "forneça o fechamento ajustado para removê-las");
  if (any_adjusted) {
    report.notes.push_back(MakeNotice("data_cleaning", "prices scaled by adjusted close / close",
                                      "preços escalados por fechamento ajustado / fechamento"));
  }
  return s;
}

}  // namespace sagaz::forecast
