// Hyper-parameter search inside a training window, time-series aware: candidates are scored by
// walk-forward validation over the window's own rows (the last blocks of the window, each
// predicted by a fit on the rows before it, with the same purge gap of horizon + embargo days as
// the outer evaluation), never by shuffled folds. The candidates are the configured parameters
// plus a random sample (seeded, so reproducible) of a small grid per model kind, up to `budget`
// fits per validation fold. The score is the mean validation log loss (lower is better).
//
// Pure apart from the classifiers it creates; thread-safe.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "core/error.hpp"
#include "forecast/features.hpp"
#include "forecast/model.hpp"

namespace sagaz::forecast {

struct WalkForwardConfig;

struct SearchCandidate {
  ModelParams params;
  double log_loss = 0;           // mean over the validation folds; NaN when none was scored
  double accuracy = 0;           // mean over the validation folds
  double balanced_accuracy = 0;  // mean over the validation folds
};

struct SearchResult {
  int budget = 0;
  int folds = 0;         // validation folds scored (0: the window was too short)
  ModelParams chosen;    // the best candidate, or the configured parameters
  SearchCandidate best;  // the chosen candidate's validation scores
  std::vector<SearchCandidate> tried;
};

// The validation folds inside a training window.
constexpr int kSearchFolds = 3;

// The grid of one model kind, in a fixed order: logistic varies the ridge penalty (l2), random
// forests the number of trees, depth and min_child_weight, boosted trees the rounds, depth and
// learning rate. Every other parameter is kept from `base`.
std::vector<ModelParams> SearchGrid(ModelKind kind, const ModelParams& base);

// Searches over `rows` (usable series positions, increasing) of a training window.
Result<SearchResult> SearchParams(const FeatureTable& features, const Labels& labels,
                                  std::span<const size_t> rows, const WalkForwardConfig& config);

}  // namespace sagaz::forecast
