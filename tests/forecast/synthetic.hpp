// Generated daily series with known structure, for the forecast tests.
#pragma once

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "forecast/series.hpp"

namespace sagaz::forecast::testing {

// Business days from 2010-01-04 (a Monday).
inline int32_t BusinessDay(size_t i) {
  const int32_t monday = 14613;  // 2010-01-04
  return monday + static_cast<int32_t>(i / 5 * 7 + i % 5);
}

// Closes from daily returns; open/high/low around them, volume random.
inline Series FromReturns(const std::vector<double>& returns, uint64_t seed) {
  std::mt19937_64 rng(seed ^ 0x9e3779b97f4a7c15ULL);
  std::uniform_real_distribution<double> u(0, 1);
  Series s;
  s.ticker = "TEST3";
  double c = 20;
  for (size_t i = 0; i < returns.size(); ++i) {
    const double prev = c;
    c *= 1 + returns[i];
    s.day.push_back(BusinessDay(i));
    s.open.push_back(prev * (1 + 0.002 * (u(rng) - 0.5)));
    s.high.push_back(std::max(prev, c) * (1 + 0.005 * u(rng)));
    s.low.push_back(std::min(prev, c) * (1 - 0.005 * u(rng)));
    s.close.push_back(c);
    s.volume.push_back(std::round(1e6 * (0.5 + u(rng))));
  }
  return s;
}

// A random walk: no feature can predict its direction.
inline Series RandomWalk(size_t n, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> z(0, 0.015);
  std::vector<double> r(n);
  for (auto& x : r) x = z(rng);
  return FromReturns(r, seed);
}

// Mean reversion over a week: after a 5-day fall the next day rises with probability `p`, after a
// 5-day rise it falls with probability `p`. Learnable from ret_5; persistence (yesterday's
// direction) does not see it.
inline Series MeanReverting(size_t n, uint64_t seed, double p = 0.75) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> z(0, 0.015);
  std::uniform_real_distribution<double> u(0, 1);
  std::vector<double> r(n);
  double level = 1;
  std::vector<double> levels;
  for (size_t i = 0; i < n; ++i) {
    double x = std::abs(z(rng));
    if (i >= 6) {
      const bool fell = levels[i - 1] < levels[i - 6];
      const bool up = u(rng) < p ? fell : !fell;
      x = up ? x : -x;
    } else {
      x = u(rng) < 0.5 ? x : -x;
    }
    r[i] = x;
    level *= 1 + x;
    levels.push_back(level);
  }
  return FromReturns(r, seed);
}

}  // namespace sagaz::forecast::testing

namespace sagaz::forecast::testing {

// One COTAHIST quote line (245 characters) in B3's layout; prices in reais.
inline std::string CotahistLine(int32_t day, const std::string& bdi, const std::string& ticker,
                                int market, double open, double high, double low, double close,
                                int64_t quantity, int64_t factor = 1) {
  const std::string iso = FormatDay(day);
  const std::string date = iso.substr(0, 4) + iso.substr(5, 2) + iso.substr(8, 2);
  auto cents = [factor](double v) {
    return static_cast<long long>(std::llround(v * 100 * static_cast<double>(factor)));
  };
  char buf[400];
  std::snprintf(buf, sizeof buf,
                "01%s%-2s%-12s%03d%-12s%-10s%-3s%-4s%013lld%013lld%013lld%013lld%013lld%013lld"
                "%013lld%05d%018lld%018lld%013d%1d%8s%07lld%013d%-12s%03d",
                date.c_str(), bdi.c_str(), ticker.c_str(), market, "EMPRESA S.A.", "ON      NM", "",
                "R$", cents(open), cents(high), cents(low), cents((high + low) / 2), cents(close),
                cents(close), cents(close), 1234, static_cast<long long>(quantity),
                static_cast<long long>(std::llround(close * static_cast<double>(quantity) * 100)),
                0, 0, "99991231", static_cast<long long>(factor), 0, "BRTESTACNOR1", 100);
  return buf;
}

// A COTAHIST file with the series' bars (cash market, BDI 02) plus lines the reader must skip:
// an option (market 070), an odd lot (020) and a BDI 12 line on every 50th day.
inline void WriteCotahist(const std::string& path, const std::vector<Series>& series) {
  std::ofstream out(path, std::ios::binary);
  out << "00COTAHIST.2019BOVESPA 20191230" << std::string(214, ' ') << "\r\n";
  for (const auto& s : series) {
    for (size_t i = 0; i < s.size(); ++i) {
      out << CotahistLine(s.day[i], "02", s.ticker, 10, s.open[i], s.high[i], s.low[i], s.close[i],
                          static_cast<int64_t>(s.volume[i]))
          << "\r\n";
      if (i % 50 == 0) {
        out << CotahistLine(s.day[i], "78", s.ticker.substr(0, 4) + "A123", 70, 1, 1.2, 0.9, 1.1,
                            100)
            << "\r\n";
        out << CotahistLine(s.day[i], "96", s.ticker + "F", 20, s.open[i], s.high[i], s.low[i],
                            s.close[i], 7)
            << "\r\n";
        out << CotahistLine(s.day[i], "12", "FUND11", 10, 100, 101, 99, 100, 50) << "\r\n";
      }
    }
  }
  out << "99COTAHIST.2019BOVESPA 20191230" << std::string(214, ' ') << "\r\n";
}

}  // namespace sagaz::forecast::testing
