#include "forecast/search.hpp"

#include <algorithm>
#include <cmath>
#include <random>

#include "forecast/internal/rows.hpp"
#include "forecast/metrics.hpp"
#include "forecast/walk_forward.hpp"

namespace sagaz::forecast {

namespace internal {

std::vector<double> GatherRows(const FeatureTable& f, std::span<const size_t> rows) {
  std::vector<double> out(rows.size() * f.cols());
  for (size_t i = 0; i < rows.size(); ++i) {
    std::copy_n(&f.values[rows[i] * f.cols()], f.cols(), &out[i * f.cols()]);
  }
  return out;
}

double MeanLogLoss(std::span<const int8_t> y, std::span<const double> p) {
  double ll = 0;
  for (size_t i = 0; i < y.size(); ++i) {
    const double q = std::clamp(p[i], 1e-15, 1 - 1e-15);
    ll -= y[i] ? std::log(q) : std::log(1 - q);
  }
  return y.empty() ? 0 : ll / static_cast<double>(y.size());
}

}  // namespace internal

namespace {

bool SameParams(const ModelParams& a, const ModelParams& b) {
  return a.trees == b.trees && a.max_depth == b.max_depth && a.learning_rate == b.learning_rate &&
         a.min_child_weight == b.min_child_weight && a.l2 == b.l2;
}

// One validation fold: rows before `train_end` (exclusive, series positions) train, `val` scores.
struct ValidationFold {
  std::vector<size_t> train, val;
};

std::vector<ValidationFold> Folds(std::span<const size_t> rows, size_t gap) {
  std::vector<ValidationFold> folds;
  // The window is cut in kSearchFolds + 2 blocks: the first two only train, each later one is
  // predicted by a fit on the rows before it (minus the purge gap), as the outer evaluation does.
  const size_t block = rows.size() / (kSearchFolds + 2);
  if (block < 20) return folds;
  for (int k = 0; k < kSearchFolds; ++k) {
    const size_t from = block * static_cast<size_t>(k + 2);
    const size_t to = k + 1 == kSearchFolds ? rows.size() : from + block;
    ValidationFold f;
    f.val.assign(rows.begin() + static_cast<std::ptrdiff_t>(from),
                 rows.begin() + static_cast<std::ptrdiff_t>(to));
    const size_t first_val = rows[from];
    for (size_t i = 0; i < from && rows[i] + gap < first_val; ++i) f.train.push_back(rows[i]);
    if (f.train.size() >= 50) folds.push_back(std::move(f));
  }
  return folds;
}

}  // namespace

std::vector<ModelParams> SearchGrid(ModelKind kind, const ModelParams& base) {
  std::vector<ModelParams> grid;
  switch (kind) {
    case ModelKind::kLogistic:
      for (double l2 : {0.01, 0.1, 1.0, 10.0, 100.0}) {
        ModelParams p = base;
        p.l2 = l2;
        grid.push_back(p);
      }
      break;
    case ModelKind::kRandomForest:
      for (int trees : {100, 300}) {
        for (int depth : {3, 5, 8}) {
          for (double mcw : {1.0, 5.0, 20.0}) {
            ModelParams p = base;
            p.trees = trees;
            p.max_depth = depth;
            p.min_child_weight = mcw;
            grid.push_back(p);
          }
        }
      }
      break;
    case ModelKind::kGbdt:
      for (int trees : {50, 100, 200, 400}) {
        for (int depth : {2, 3, 4, 6}) {
          for (double lr : {0.02, 0.05, 0.1}) {
            ModelParams p = base;
            p.trees = trees;
            p.max_depth = depth;
            p.learning_rate = lr;
            grid.push_back(p);
          }
        }
      }
      break;
  }
  return grid;
}

Result<SearchResult> SearchParams(const FeatureTable& features, const Labels& labels,
                                  std::span<const size_t> rows, const WalkForwardConfig& config) {
  SearchResult out;
  out.budget = config.search_budget;
  out.chosen = config.params;
  const auto folds =
      Folds(rows, static_cast<size_t>(config.horizon) + static_cast<size_t>(config.embargo));
  if (config.search_budget < 1 || folds.empty()) return out;

  // The configured parameters first, then a seeded sample of the grid.
  std::vector<ModelParams> candidates = {config.params};
  auto grid = SearchGrid(config.kind, config.params);
  std::mt19937_64 rng(config.params.seed);
  std::shuffle(grid.begin(), grid.end(), rng);
  for (const auto& p : grid) {
    if (static_cast<int>(candidates.size()) >= config.search_budget) break;
    if (!SameParams(p, config.params)) candidates.push_back(p);
  }

  // Matrices once per fold; each candidate refits on them.
  struct Prepared {
    std::vector<double> xtrain, xval;
    std::vector<int8_t> ytrain, yval;
  };
  std::vector<Prepared> prepared;
  for (const auto& f : folds) {
    Prepared p;
    p.xtrain = internal::GatherRows(features, f.train);
    p.xval = internal::GatherRows(features, f.val);
    for (size_t r : f.train) p.ytrain.push_back(labels.direction[r]);
    for (size_t r : f.val) p.yval.push_back(labels.direction[r]);
    const auto ups = std::count(p.ytrain.begin(), p.ytrain.end(), int8_t{1});
    if (ups == 0 || ups == static_cast<long>(p.ytrain.size())) continue;  // one class only
    prepared.push_back(std::move(p));
  }
  if (prepared.empty()) return out;
  out.folds = static_cast<int>(prepared.size());

  const size_t cols = features.cols();
  for (const auto& params : candidates) {
    SearchCandidate c;
    c.params = params;
    for (const auto& p : prepared) {
      auto model = SAGAZ_TRY(MakeClassifier(config.kind, params));
      SAGAZ_TRY(model->Fit({p.xtrain.data(), p.ytrain.size(), cols}, p.ytrain));
      const auto prob = SAGAZ_TRY(model->PredictProba({p.xval.data(), p.yval.size(), cols}));
      const auto m = Score(p.yval, prob, true, config.horizon);
      c.log_loss += internal::MeanLogLoss(p.yval, prob);
      c.accuracy += m.accuracy;
      c.balanced_accuracy += m.balanced_accuracy;
    }
    const double n = static_cast<double>(prepared.size());
    c.log_loss /= n;
    c.accuracy /= n;
    c.balanced_accuracy /= n;
    if (out.tried.empty() || c.log_loss < out.best.log_loss) {
      out.best = c;
      out.chosen = params;
    }
    out.tried.push_back(std::move(c));
  }
  return out;
}

}  // namespace sagaz::forecast
