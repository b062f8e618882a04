// Classifiers of "up over the horizon": logistic regression (our own, small) and XGBoost's random
// forest and gradient-boosted trees. All take a dense row-major matrix and labels in {0, 1}, give
// the probability of 1, and save to / load from bytes.
//
// XGBoost stays behind this header (internal/xgb.cpp owns its handles). A Classifier is used by
// one thread at a time; distinct Classifiers may train in parallel.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace sagaz::forecast {

enum class ModelKind { kLogistic, kRandomForest, kGbdt };
std::string_view ToString(ModelKind kind);
// Accepts logistic, random_forest (rf), gbdt (xgboost).
Result<ModelKind> ParseModelKind(std::string_view text);

struct ModelParams {
  // Trees: the forest's size, or boosting rounds.
  int trees = 200;
  int max_depth = 4;
  double learning_rate = 0.05;  // gbdt only
  double subsample = 0.8;
  double colsample = 0.8;
  double min_child_weight = 5;
  double l2 = 1.0;  // logistic: ridge penalty on standardized coefficients
  int threads = 1;
  uint64_t seed = 42;
};

// A dense matrix view: rows * cols values, row-major.
struct MatrixView {
  const double* data = nullptr;
  size_t rows = 0;
  size_t cols = 0;
  const double* row(size_t r) const { return data + r * cols; }
};

class Classifier {
 public:
  virtual ~Classifier() = default;
  virtual ModelKind kind() const = 0;
  // Fits on x (no NaN) and y (0 or 1). Refits from scratch when called again.
  virtual Status Fit(const MatrixView& x, std::span<const int8_t> y) = 0;
  // P(y = 1) for each row.
  virtual Result<std::vector<double>> PredictProba(const MatrixView& x) const = 0;
  // How much each feature contributes (gain for trees, |standardized coefficient| for logistic),
  // one value per column, summing to 1 (all zero when nothing was learned).
  virtual std::vector<double> Importance() const = 0;
  virtual Result<std::string> Save() const = 0;
};

Result<std::unique_ptr<Classifier>> MakeClassifier(ModelKind kind, const ModelParams& params);
// A classifier saved by Save(); kInvalidArgument when the bytes are not one.
Result<std::unique_ptr<Classifier>> LoadClassifier(ModelKind kind, std::string_view bytes,
                                                   const ModelParams& params);

}  // namespace sagaz::forecast
