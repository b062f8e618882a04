// Technical indicators, the model's feature table, and labels.
//
// Every indicator at day t reads days <= t only (docs/forecast.md gives each formula); a value
// that needs more history than exists is NaN. So a feature at day t never changes when days after
// t are appended (tests/forecast/features_test.cpp checks this for every feature). Labels are the
// only values that look ahead, by exactly `horizon` days. Pure functions; thread-safe.
#pragma once

#include <cmath>
#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <vector>

#include "forecast/series.hpp"

namespace sagaz::forecast {

inline constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Indicators. Each returns one value per input day.
std::vector<double> Sma(std::span<const double> x, int n);
// Seeded with the SMA of the first n values, then e_t = a x_t + (1 - a) e_{t-1}, a = 2 / (n + 1).
std::vector<double> Ema(std::span<const double> x, int n);
// Wilder's RSI: average gain and loss seeded with the mean of the first n changes, then smoothed
// with weight 1/n; 100 - 100 / (1 + gain / loss); 100 when there was no loss.
std::vector<double> Rsi(std::span<const double> close, int n = 14);
struct Macd {
  std::vector<double> macd, signal, histogram;
};
// EMA(fast) - EMA(slow); signal is the EMA(signal) of the MACD from its first defined value.
Macd ComputeMacd(std::span<const double> close, int fast = 12, int slow = 26, int signal = 9);
struct Bollinger {
  std::vector<double> percent_b, width;
};
// Middle = SMA(n), band = k population standard deviations; %B = (close - lower) / (upper -
// lower), width = (upper - lower) / middle.
Bollinger ComputeBollinger(std::span<const double> close, int n = 20, double k = 2.0);
// Wilder's average true range: TR_t = max(h - l, |h - c_{t-1}|, |l - c_{t-1}|), seeded with the
// mean of the first n TRs (from day 1), then smoothed with weight 1/n.
std::vector<double> Atr(const Series& s, int n = 14);
// Sample standard deviation of the last n daily log returns, times sqrt(252).
std::vector<double> RealizedVolatility(std::span<const double> close, int n = 20);
// (v_t - mean of the last n volumes) / their sample standard deviation; 0 when they are all equal.
std::vector<double> VolumeZScore(std::span<const double> volume, int n = 20);
// On-balance volume: OBV_0 = 0, OBV_t = OBV_{t-1} + sign(c_t - c_{t-1}) v_t.
std::vector<double> Obv(std::span<const double> close, std::span<const double> volume);

// The model's inputs: one row per day, NaN where an indicator is not yet defined. Row-major.
struct FeatureTable {
  std::vector<std::string> names;
  size_t rows = 0;
  std::vector<double> values;  // rows * names.size()
  double at(size_t row, size_t col) const { return values[row * names.size() + col]; }
  size_t cols() const { return names.size(); }
  // The first row where every feature is defined (rows when none is).
  size_t FirstComplete() const;
};

// The feature set, in a fixed order (FeatureNames()).
const std::vector<std::string>& FeatureNames();
FeatureTable ComputeFeatures(const Series& s);

// Labels for horizon h: r_t = close_{t+h} / close_t - 1; direction 1 when r_t > dead_zone, 0 when
// r_t < -dead_zone (with dead_zone 0: r_t <= 0), -1 ("flat", left out) otherwise; -1 too for the
// last h days, whose future is unknown.
struct Labels {
  int horizon = 1;
  double dead_zone = 0;
  std::vector<int8_t> direction;
  std::vector<double> forward_return;  // NaN for the last h days
};
Labels MakeLabels(const Series& s, int horizon, double dead_zone = 0);

}  // namespace sagaz::forecast
