#include "forecast/metrics.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>

#include "forecast/notice.hpp"

namespace sagaz::forecast {

std::string PercentEn(double fraction) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f%%", fraction * 100);
  return buf;
}

std::string PercentPt(double fraction) {
  std::string s = PercentEn(fraction);
  std::replace(s.begin(), s.end(), '.', ',');
  return s;
}

std::optional<double> Auc(std::span<const int8_t> truth, std::span<const double> score) {
  const size_t n = truth.size();
  std::vector<size_t> order(n);
  std::iota(order.begin(), order.end(), size_t{0});
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return score[a] < score[b]; });
  // Mann-Whitney U from mid-ranks.
  double rank_sum = 0;
  int64_t pos = 0;
  for (size_t i = 0; i < n;) {
    size_t j = i;
    while (j < n && score[order[j]] == score[order[i]]) ++j;
    const double mid = (static_cast<double>(i) + static_cast<double>(j) + 1) / 2.0;  // 1-based
    for (size_t k = i; k < j; ++k) {
      if (truth[order[k]] == 1) {
        rank_sum += mid;
        ++pos;
      }
    }
    i = j;
  }
  const int64_t neg = static_cast<int64_t>(n) - pos;
  if (pos == 0 || neg == 0) return std::nullopt;
  const double p = static_cast<double>(pos);
  return (rank_sum - p * (p + 1) / 2.0) / (p * static_cast<double>(neg));
}

ClassMetrics Score(std::span<const int8_t> truth, std::span<const double> prob, bool probabilistic,
                   int horizon) {
  ClassMetrics m;
  m.n = static_cast<int64_t>(truth.size());
  if (m.n == 0) return m;
  double ll = 0, brier = 0;
  for (size_t i = 0; i < truth.size(); ++i) {
    const int call = prob[i] > 0.5 ? 1 : 0;
    ++m.confusion[truth[i]][call];
    m.n_up += truth[i];
    const double p = std::clamp(prob[i], 1e-15, 1 - 1e-15);
    ll -= truth[i] ? std::log(p) : std::log(1 - p);
    brier += (prob[i] - truth[i]) * (prob[i] - truth[i]);
  }
  const auto& c = m.confusion;
  const double n = static_cast<double>(m.n);
  m.accuracy = static_cast<double>(c[0][0] + c[1][1]) / n;
  const double up = static_cast<double>(c[1][0] + c[1][1]);
  const double down = static_cast<double>(c[0][0] + c[0][1]);
  const double r_up = up > 0 ? static_cast<double>(c[1][1]) / up : 0;
  const double r_down = down > 0 ? static_cast<double>(c[0][0]) / down : 0;
  m.balanced_accuracy = up > 0 && down > 0 ? (r_up + r_down) / 2 : (up > 0 ? r_up : r_down);
  const double called_up = static_cast<double>(c[0][1] + c[1][1]);
  m.precision = called_up > 0 ? static_cast<double>(c[1][1]) / called_up : 0;
  m.recall = r_up;
  m.f1 = m.precision + m.recall > 0 ? 2 * m.precision * m.recall / (m.precision + m.recall) : 0;
  // Effective sample size: h-day labels of consecutive days share h - 1 days.
  const double h = std::max(1, horizon);
  const double ne = std::max(1.0, n / h);
  const double z = 1.959964;
  {
    const double p = m.accuracy, z2 = z * z;
    const double centre = (p + z2 / (2 * ne)) / (1 + z2 / ne);
    const double half = z * std::sqrt(p * (1 - p) / ne + z2 / (4 * ne * ne)) / (1 + z2 / ne);
    m.accuracy_low = centre - half;
    m.accuracy_high = centre + half;
  }
  {
    const double ne_up = std::max(1.0, up / h), ne_down = std::max(1.0, down / h);
    const double se = 0.5 * std::sqrt(r_up * (1 - r_up) / ne_up + r_down * (1 - r_down) / ne_down);
    // At least the binomial spread of a fair coin, so that a perfect-looking score of a few rows
    // does not claim certainty.
    const double floor_se = 0.5 / std::sqrt(ne);
    const double s = std::max(se, floor_se);
    m.balanced_accuracy_low = std::max(0.0, m.balanced_accuracy - z * s);
    m.balanced_accuracy_high = std::min(1.0, m.balanced_accuracy + z * s);
  }
  if (probabilistic) {
    m.auc = Auc(truth, prob);
    m.log_loss = ll / n;
    m.brier = brier / n;
  }
  return m;
}

StrategyResult RunStrategy(std::span<const int32_t> days, std::span<const double> prob,
                           std::span<const double> next_return) {
  StrategyResult s;
  double eq = 1, bh = 1, peak = 1, bh_peak = 1;
  int64_t hits = 0;
  for (size_t i = 0; i < days.size(); ++i) {
    if (!std::isfinite(next_return[i])) continue;
    ++s.days;
    const bool long_ = prob[i] > 0.5;
    if (long_) {
      ++s.days_long;
      hits += next_return[i] > 0;
      eq *= 1 + next_return[i];
    }
    bh *= 1 + next_return[i];
    peak = std::max(peak, eq);
    bh_peak = std::max(bh_peak, bh);
    s.max_drawdown = std::max(s.max_drawdown, 1 - eq / peak);
    s.buy_hold_max_drawdown = std::max(s.buy_hold_max_drawdown, 1 - bh / bh_peak);
    s.equity.push_back({days[i], eq, bh});
  }
  s.total_return = eq - 1;
  s.buy_hold_return = bh - 1;
  s.hit_rate = s.days_long > 0 ? static_cast<double>(hits) / static_cast<double>(s.days_long) : 0;
  return s;
}

}  // namespace sagaz::forecast
