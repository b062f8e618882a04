// Scores of direction calls: classification metrics with confidence intervals, and a long/flat
// strategy beside buy-and-hold. Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace sagaz::forecast {

struct ClassMetrics {
  int64_t n = 0;
  int64_t n_up = 0;
  double accuracy = 0;
  double balanced_accuracy = 0;  // mean of the recalls of up and down
  double precision = 0;          // of "up" calls
  double recall = 0;             // of up days
  double f1 = 0;
  // 95% intervals (Wilson for accuracy, normal for balanced accuracy) on the effective sample
  // size n / horizon: overlapping h-day labels are not independent.
  double accuracy_low = 0, accuracy_high = 0;
  double balanced_accuracy_low = 0, balanced_accuracy_high = 0;
  // Only for calls that come with a probability.
  std::optional<double> auc, log_loss, brier;
  // Confusion matrix: [truth][call], 0 = down, 1 = up.
  int64_t confusion[2][2] = {{0, 0}, {0, 0}};
};

// `prob` are P(up) (calls are prob > 0.5); `probabilistic` false for hard calls given as 0/1.
ClassMetrics Score(std::span<const int8_t> truth, std::span<const double> prob, bool probabilistic,
                   int horizon);
// Area under the ROC curve (ties count one half); nullopt when a class is absent.
std::optional<double> Auc(std::span<const int8_t> truth, std::span<const double> score);

struct EquityPoint {
  int32_t day = 0;
  double strategy = 1;  // growth of 1 invested
  double buy_hold = 1;
};

struct StrategyResult {
  double total_return = 0;  // long/flat
  double buy_hold_return = 0;
  double hit_rate = 0;  // share of long days that went up
  double max_drawdown = 0;
  double buy_hold_max_drawdown = 0;
  int64_t days = 0;
  int64_t days_long = 0;
  std::vector<EquityPoint> equity;
};

// Long for the next day when prob > 0.5, flat otherwise; next_return[i] is the close-to-close
// return of the day after days[i] (the position is taken at the close of days[i]).
StrategyResult RunStrategy(std::span<const int32_t> days, std::span<const double> prob,
                           std::span<const double> next_return);

}  // namespace sagaz::forecast
