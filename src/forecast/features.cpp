#include "forecast/features.hpp"

#include <algorithm>

namespace sagaz::forecast {

std::vector<double> Sma(std::span<const double> x, int n) {
  std::vector<double> out(x.size(), kNaN);
  if (n <= 0) return out;
  double sum = 0;
  for (size_t i = 0; i < x.size(); ++i) {
    sum += x[i];
    if (i >= static_cast<size_t>(n)) sum -= x[i - n];
    // Re-summed every n steps so rounding does not drift over long series.
    if (i >= static_cast<size_t>(n) && i % static_cast<size_t>(n) == 0) {
      sum = 0;
      for (size_t j = i + 1 - n; j <= i; ++j) sum += x[j];
    }
    if (i + 1 >= static_cast<size_t>(n)) out[i] = sum / n;
  }
  return out;
}

namespace {

// EMA of x from index `start` (the first defined input) on.
std::vector<double> EmaFrom(std::span<const double> x, int n, size_t start) {
  std::vector<double> out(x.size(), kNaN);
  if (n <= 0 || start + n > x.size()) return out;
  double seed = 0;
  for (size_t i = start; i < start + n; ++i) seed += x[i];
  double e = seed / n;
  out[start + n - 1] = e;
  const double a = 2.0 / (n + 1);
  for (size_t i = start + n; i < x.size(); ++i) {
    e = a * x[i] + (1 - a) * e;
    out[i] = e;
  }
  return out;
}

// Sample standard deviation of x[i-n+1..i].
double WindowStd(std::span<const double> x, size_t i, int n, double* mean_out) {
  double mean = 0;
  for (size_t j = i + 1 - n; j <= i; ++j) mean += x[j];
  mean /= n;
  double ss = 0;
  for (size_t j = i + 1 - n; j <= i; ++j) ss += (x[j] - mean) * (x[j] - mean);
  if (mean_out) *mean_out = mean;
  return n > 1 ? std::sqrt(ss / (n - 1)) : 0.0;
}

}  // namespace

std::vector<double> Ema(std::span<const double> x, int n) { return EmaFrom(x, n, 0); }

std::vector<double> Rsi(std::span<const double> close, int n) {
  std::vector<double> out(close.size(), kNaN);
  if (n <= 0 || close.size() <= static_cast<size_t>(n)) return out;
  double gain = 0, loss = 0;
  for (size_t i = 1; i <= static_cast<size_t>(n); ++i) {
    const double d = close[i] - close[i - 1];
    gain += std::max(d, 0.0);
    loss += std::max(-d, 0.0);
  }
  gain /= n;
  loss /= n;
  auto value = [](double g, double l) { return l == 0 ? 100.0 : 100.0 - 100.0 / (1 + g / l); };
  out[n] = value(gain, loss);
  for (size_t i = n + 1; i < close.size(); ++i) {
    const double d = close[i] - close[i - 1];
    gain = (gain * (n - 1) + std::max(d, 0.0)) / n;
    loss = (loss * (n - 1) + std::max(-d, 0.0)) / n;
    out[i] = value(gain, loss);
  }
  return out;
}

Macd ComputeMacd(std::span<const double> close, int fast, int slow, int signal) {
  Macd m;
  const auto ef = Ema(close, fast);
  const auto es = Ema(close, slow);
  m.macd.assign(close.size(), kNaN);
  for (size_t i = 0; i < close.size(); ++i) m.macd[i] = ef[i] - es[i];  // NaN until both exist
  const size_t first = static_cast<size_t>(std::max(fast, slow) - 1);
  m.signal = EmaFrom(m.macd, signal, std::min(first, close.size()));
  m.histogram.assign(close.size(), kNaN);
  for (size_t i = 0; i < close.size(); ++i) m.histogram[i] = m.macd[i] - m.signal[i];
  return m;
}

Bollinger ComputeBollinger(std::span<const double> close, int n, double k) {
  Bollinger b;
  b.percent_b.assign(close.size(), kNaN);
  b.width.assign(close.size(), kNaN);
  for (size_t i = 0; n > 0 && i < close.size(); ++i) {
    if (i + 1 < static_cast<size_t>(n)) continue;
    double mean = 0;
    for (size_t j = i + 1 - n; j <= i; ++j) mean += close[j];
    mean /= n;
    double ss = 0;
    for (size_t j = i + 1 - n; j <= i; ++j) ss += (close[j] - mean) * (close[j] - mean);
    const double sd = std::sqrt(ss / n);
    const double upper = mean + k * sd, lower = mean - k * sd;
    b.percent_b[i] = upper > lower ? (close[i] - lower) / (upper - lower) : 0.5;
    b.width[i] = (upper - lower) / mean;
  }
  return b;
}

std::vector<double> Atr(const Series& s, int n) {
  std::vector<double> out(s.size(), kNaN);
  if (n <= 0 || s.size() <= static_cast<size_t>(n)) return out;
  auto tr = [&s](size_t i) {
    return std::max({s.high[i] - s.low[i], std::abs(s.high[i] - s.close[i - 1]),
                     std::abs(s.low[i] - s.close[i - 1])});
  };
  double atr = 0;
  for (size_t i = 1; i <= static_cast<size_t>(n); ++i) atr += tr(i);
  atr /= n;
  out[n] = atr;
  for (size_t i = n + 1; i < s.size(); ++i) {
    atr = (atr * (n - 1) + tr(i)) / n;
    out[i] = atr;
  }
  return out;
}

std::vector<double> RealizedVolatility(std::span<const double> close, int n) {
  std::vector<double> out(close.size(), kNaN);
  if (n < 2) return out;
  std::vector<double> r(close.size(), 0.0);
  for (size_t i = 1; i < close.size(); ++i) r[i] = std::log(close[i] / close[i - 1]);
  for (size_t i = n; i < close.size(); ++i) {
    out[i] = WindowStd(r, i, n, nullptr) * std::sqrt(252.0);
  }
  return out;
}

std::vector<double> VolumeZScore(std::span<const double> volume, int n) {
  std::vector<double> out(volume.size(), kNaN);
  if (n < 2) return out;
  for (size_t i = n - 1; i < volume.size(); ++i) {
    double mean = 0;
    const double sd = WindowStd(volume, i, n, &mean);
    out[i] = sd > 0 ? (volume[i] - mean) / sd : 0.0;
  }
  return out;
}

std::vector<double> Obv(std::span<const double> close, std::span<const double> volume) {
  std::vector<double> out(close.size(), kNaN);
  if (close.empty()) return out;
  double obv = 0;
  out[0] = 0;
  for (size_t i = 1; i < close.size(); ++i) {
    if (close[i] > close[i - 1]) obv += volume[i];
    if (close[i] < close[i - 1]) obv -= volume[i];
    out[i] = obv;
  }
  return out;
}

size_t FeatureTable::FirstComplete() const {
  for (size_t r = 0; r < rows; ++r) {
    bool ok = true;
    for (size_t c = 0; c < cols() && ok; ++c) ok = !std::isnan(at(r, c));
    if (ok) return r;
  }
  return rows;
}

const std::vector<std::string>& FeatureNames() {
  static const std::vector<std::string> names = {
      "ret_1",        "ret_5",       "ret_10",       "ret_20",       "close_sma_5", "close_sma_20",
      "close_sma_50", "sma_5_20",    "close_ema_12", "close_ema_26", "ema_12_26",   "rsi_14",
      "macd",         "macd_signal", "macd_hist",    "bb_percent_b", "bb_width",    "atr_14",
      "rv_20",        "volume_z_20", "obv_20",       "day_of_week"};
  return names;
}

FeatureTable ComputeFeatures(const Series& s) {
  FeatureTable t;
  t.names = FeatureNames();
  t.rows = s.size();
  const size_t n = s.size(), k = t.names.size();
  t.values.assign(n * k, kNaN);
  const std::span<const double> c(s.close);
  const auto sma5 = Sma(c, 5), sma20 = Sma(c, 20), sma50 = Sma(c, 50);
  const auto ema12 = Ema(c, 12), ema26 = Ema(c, 26);
  const auto rsi = Rsi(c, 14);
  const auto macd = ComputeMacd(c);
  const auto bb = ComputeBollinger(c);
  const auto atr = Atr(s, 14);
  const auto rv = RealizedVolatility(c, 20);
  const auto vz = VolumeZScore(s.volume, 20);
  const auto obv = Obv(c, s.volume);
  const auto vol20 = Sma(s.volume, 20);
  auto ret = [&](size_t i, size_t lag) { return i >= lag ? c[i] / c[i - lag] - 1 : kNaN; };
  for (size_t i = 0; i < n; ++i) {
    double* row = &t.values[i * k];
    // Price-level indicators enter as ratios to the close, so one model fits any price level.
    const double obv20 =
        i >= 20 && vol20[i] > 0 ? (obv[i] - obv[i - 20]) / (20 * vol20[i]) : (i >= 20 ? 0 : kNaN);
    const double values[] = {ret(i, 1),
                             ret(i, 5),
                             ret(i, 10),
                             ret(i, 20),
                             c[i] / sma5[i] - 1,
                             c[i] / sma20[i] - 1,
                             c[i] / sma50[i] - 1,
                             sma5[i] / sma20[i] - 1,
                             c[i] / ema12[i] - 1,
                             c[i] / ema26[i] - 1,
                             ema12[i] / ema26[i] - 1,
                             rsi[i],
                             macd.macd[i] / c[i],
                             macd.signal[i] / c[i],
                             macd.histogram[i] / c[i],
                             bb.percent_b[i],
                             bb.width[i],
                             atr[i] / c[i],
                             rv[i],
                             vz[i],
                             obv20,
                             static_cast<double>(DayOfWeek(s.day[i]))};
    static_assert(sizeof(values) / sizeof(double) == 22);
    std::copy(std::begin(values), std::end(values), row);
  }
  return t;
}

Labels MakeLabels(const Series& s, int horizon, double dead_zone) {
  Labels l;
  l.horizon = horizon;
  l.dead_zone = dead_zone;
  const size_t n = s.size();
  l.direction.assign(n, -1);
  l.forward_return.assign(n, kNaN);
  for (size_t i = 0; horizon > 0 && i + horizon < n; ++i) {
    const double r = s.close[i + horizon] / s.close[i] - 1;
    l.forward_return[i] = r;
    if (dead_zone > 0) {
      l.direction[i] = r > dead_zone ? 1 : (r < -dead_zone ? 0 : -1);
    } else {
      l.direction[i] = r > 0 ? 1 : 0;
    }
  }
  return l;
}

}  // namespace sagaz::forecast
