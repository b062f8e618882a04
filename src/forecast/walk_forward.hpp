// Leakage-free walk-forward evaluation of a direction model, always beside its baselines.
//
// The series is cut into test blocks of `retrain_every` days. Before each block the model is
// trained afresh on earlier days only: a training row t needs its label, which reads the close of
// day t + h, so rows within h days of the block (plus `embargo` more) are purged — the label of the
// last training row is known before the first test day. Features read days <= t only
// (features.hpp). Each block is scored by the model and by the baselines fitted on the same
// training window: the majority class, persistence (the direction of the last h days) and always
// up, and by the same model trained on shuffled labels, which must score at chance; when it does
// not, or when the model scores implausibly well, the evaluation carries a warning.
//
// Thread-safe (pure apart from the classifier it creates); `progress` is called on the caller's
// thread.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "forecast/features.hpp"
#include "forecast/metrics.hpp"
#include "forecast/model.hpp"
#include "forecast/notice.hpp"
#include "forecast/series.hpp"

namespace sagaz::forecast {

enum class Window { kExpanding, kRolling };
std::string_view ToString(Window window);
Result<Window> ParseWindow(std::string_view text);

constexpr int kMaxSearchBudget = 64;

struct WalkForwardConfig {
  int horizon = 1;
  double dead_zone = 0;
  ModelKind kind = ModelKind::kGbdt;
  ModelParams params;
  Window window = Window::kExpanding;
  int min_train = 500;      // training rows of the first fit
  int retrain_every = 250;  // test block length, in trading days
  int rolling_size = 1000;  // training rows of a rolling window
  int embargo = 0;          // extra trading days dropped between training and test, beyond h
  // Candidates tried by a parameter search inside each training window (forecast/search.hpp);
  // 0 uses `params` as they are.
  int search_budget = 0;
  bool shuffled_control = true;
  bool permutation_importance = true;
};

// Checks ranges; the error names the field.
Status Validate(const WalkForwardConfig& config);

struct Fold {
  int32_t train_from = 0, train_to = 0, test_from = 0, test_to = 0;  // days
  int64_t train_rows = 0, test_rows = 0;
  ClassMetrics model;
  double majority_accuracy = 0, persistence_accuracy = 0, always_up_accuracy = 0;
  double shuffled_balanced_accuracy = 0;
  // With a search: the parameters chosen inside this fold's training window, and their mean
  // validation log loss there.
  std::optional<ModelParams> params;
  std::optional<double> search_log_loss;
};

struct Baseline {
  std::string name;  // majority, persistence, always_up, shuffled_labels
  ClassMetrics metrics;
};

struct Importance {
  std::string feature;
  double gain = 0;         // the final model's, normalized to sum 1
  double permutation = 0;  // mean increase in test log loss when the column is shuffled
};

// One out-of-sample call.
struct OutOfSample {
  int32_t day = 0;
  int8_t truth = 0;
  double prob = 0.5;
};

struct Evaluation {
  std::vector<Fold> folds;
  ClassMetrics model;
  std::vector<Baseline> baselines;
  StrategyResult strategy;
  std::vector<Importance> importance;  // sorted by gain, largest first
  std::vector<OutOfSample> calls;
  // Plain statements for the user (English and Portuguese): leakage suspected, no edge over the
  // baselines, few rows, imbalanced classes, skipped blocks.
  std::vector<Notice> warnings;
  bool beats_baselines = false;
  bool leakage_suspected = false;
  double elapsed_ms = 0;
};

// Rows (series positions) a model may learn from: features complete and label known (not flat).
std::vector<size_t> UsableRows(const FeatureTable& features, const Labels& labels);

// Called after each fold with the fraction done; returning false cancels (kCancelled).
using FoldProgress = std::function<bool(double fraction, const std::string& message)>;

Result<Evaluation> WalkForward(const Series& series, const FeatureTable& features,
                               const Labels& labels, const WalkForwardConfig& config,
                               const FoldProgress& progress = {});

// The model to deploy: trained on every usable row.
Result<std::unique_ptr<Classifier>> FitFinal(const FeatureTable& features, const Labels& labels,
                                             const WalkForwardConfig& config);

}  // namespace sagaz::forecast
