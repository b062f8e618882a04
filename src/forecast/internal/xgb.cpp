// XGBoost's random forest and boosted trees through its C API. Every handle is owned by a
// unique_ptr with the matching free function; every call's status is checked and its message kept.
#include <xgboost/c_api.h>

#include <cmath>
#include <cstring>
#include <memory>
#include <string>

#include "forecast/internal/classifiers.hpp"

namespace sagaz::forecast::internal {
namespace {

struct DMatrixDeleter {
  void operator()(void* h) const { XGDMatrixFree(h); }
};
struct BoosterDeleter {
  void operator()(void* h) const { XGBoosterFree(h); }
};
using DMatrixPtr = std::unique_ptr<void, DMatrixDeleter>;
using BoosterPtr = std::unique_ptr<void, BoosterDeleter>;

Status Check(int rc, std::string_view what) {
  if (rc == 0) return Ok();
  return Fail(Error(ErrorCode::kInternal,
                    std::string("XGBoost: ") + std::string(what) + ": " + XGBGetLastError()));
}

Result<DMatrixPtr> MakeMatrix(const MatrixView& x, std::span<const int8_t> y) {
  std::vector<float> data(x.rows * x.cols);
  for (size_t i = 0; i < data.size(); ++i) data[i] = static_cast<float>(x.data[i]);
  DMatrixHandle h = nullptr;
  SAGAZ_TRY(Check(XGDMatrixCreateFromMat(data.data(), x.rows, x.cols, std::nanf(""), &h),
                  "creating a matrix"));
  DMatrixPtr m(h);
  if (!y.empty()) {
    std::vector<float> labels(y.begin(), y.end());
    SAGAZ_TRY(
        Check(XGDMatrixSetFloatInfo(h, "label", labels.data(), labels.size()), "setting labels"));
  }
  return m;
}

class Xgb final : public Classifier {
 public:
  Xgb(ModelKind kind, const ModelParams& params) : kind_(kind), params_(params) {}

  ModelKind kind() const override { return kind_; }

  Status Fit(const MatrixView& x, std::span<const int8_t> y) override {
    if (x.rows == 0 || y.size() != x.rows) {
      return Fail(ErrorCode::kInvalidArgument, "no training rows");
    }
    auto dtrain = SAGAZ_TRY(MakeMatrix(x, y));
    DMatrixHandle mats[] = {dtrain.get()};
    BoosterHandle b = nullptr;
    SAGAZ_TRY(Check(XGBoosterCreate(mats, 1, &b), "creating a booster"));
    BoosterPtr booster(b);
    cols_ = x.cols;
    SAGAZ_TRY(SetParams(b));
    const bool forest = kind_ == ModelKind::kRandomForest;
    const int rounds = forest ? 1 : params_.trees;
    for (int i = 0; i < rounds; ++i) {
      SAGAZ_TRY(Check(XGBoosterUpdateOneIter(b, i, dtrain.get()), "training"));
    }
    booster_ = std::move(booster);
    return Ok();
  }

  Result<std::vector<double>> PredictProba(const MatrixView& x) const override {
    if (!booster_) return Fail(ErrorCode::kFailedPrecondition, "the model is not trained");
    if (x.cols != cols_) {
      return Fail(ErrorCode::kInvalidArgument, "the model expects " + std::to_string(cols_) +
                                                   " features, got " + std::to_string(x.cols));
    }
    auto m = SAGAZ_TRY(MakeMatrix(x, {}));
    bst_ulong len = 0;
    const float* out = nullptr;
    SAGAZ_TRY(Check(XGBoosterPredict(booster_.get(), m.get(), 0, 0, 0, &len, &out), "predicting"));
    if (len != x.rows) return Fail(ErrorCode::kInternal, "XGBoost returned a wrong row count");
    return std::vector<double>(out, out + len);
  }

  std::vector<double> Importance() const override {
    std::vector<double> imp(cols_, 0.0);
    if (!booster_) return imp;
    bst_ulong n = 0, dim = 0;
    const char** names = nullptr;
    const bst_ulong* shape = nullptr;
    const float* scores = nullptr;
    if (XGBoosterFeatureScore(booster_.get(), R"({"importance_type": "total_gain"})", &n, &names,
                              &dim, &shape, &scores) != 0) {
      return imp;
    }
    double total = 0;
    for (bst_ulong i = 0; i < n; ++i) {
      // Features without names are called f0, f1, ... by their column.
      if (names[i] == nullptr || names[i][0] != 'f') continue;
      char* end = nullptr;
      const long c = std::strtol(names[i] + 1, &end, 10);
      if (end == names[i] + 1 || c < 0 || static_cast<size_t>(c) >= cols_) continue;
      imp[c] += scores[i];
      total += scores[i];
    }
    if (total > 0) {
      for (auto& v : imp) v /= total;
    }
    return imp;
  }

  Result<std::string> Save() const override {
    if (!booster_) return Fail(ErrorCode::kFailedPrecondition, "the model is not trained");
    bst_ulong len = 0;
    const char* data = nullptr;
    SAGAZ_TRY(Check(XGBoosterSaveModelToBuffer(booster_.get(), R"({"format": "ubj"})", &len, &data),
                    "saving"));
    // The column count first, so that a loaded model can check its input.
    return std::to_string(cols_) + "\n" + std::string(data, len);
  }

  Status Load(std::string_view bytes) {
    const auto nl = bytes.find('\n');
    auto bad = [this](std::string why) {
      return Fail(Error(ErrorCode::kInvalidArgument,
                        "the " + std::string(ToString(kind_)) + " model file is damaged")
                      .With("reason", std::move(why)));
    };
    if (nl == std::string_view::npos || nl == 0 || nl > 6) return bad("no header");
    size_t cols = 0;
    for (char ch : bytes.substr(0, nl)) {
      if (ch < '0' || ch > '9') return bad("no header");
      cols = cols * 10 + static_cast<size_t>(ch - '0');
    }
    if (cols == 0) return bad("no features");
    BoosterHandle b = nullptr;
    SAGAZ_TRY(Check(XGBoosterCreate(nullptr, 0, &b), "creating a booster"));
    BoosterPtr booster(b);
    const auto body = bytes.substr(nl + 1);
    if (XGBoosterLoadModelFromBuffer(b, body.data(), body.size()) != 0) {
      return bad(XGBGetLastError());
    }
    SAGAZ_TRY(Check(XGBoosterSetParam(b, "nthread", std::to_string(params_.threads).c_str()),
                    "setting nthread"));
    cols_ = cols;
    booster_ = std::move(booster);
    return Ok();
  }

 private:
  Status SetParams(BoosterHandle b) const {
    const bool forest = kind_ == ModelKind::kRandomForest;
    const int depth = params_.max_depth > 0 ? params_.max_depth : (forest ? 6 : 3);
    std::vector<std::pair<std::string, std::string>> kv = {
        {"objective", "binary:logistic"},
        {"tree_method", "hist"},
        {"verbosity", "0"},
        {"nthread", std::to_string(params_.threads)},
        {"seed", std::to_string(params_.seed)},
        {"max_depth", std::to_string(depth)},
        {"min_child_weight", std::to_string(params_.min_child_weight)},
        {"base_score", "0.5"},
    };
    if (forest) {
      // XGBoost's random forest: one round of many parallel trees, each on a bootstrap-sized
      // sample of rows and about sqrt(p) columns per split, without shrinkage.
      const double cols = std::max(1.0, std::floor(std::sqrt(static_cast<double>(cols_))));
      kv.insert(kv.end(), {{"num_parallel_tree", std::to_string(params_.trees)},
                           {"learning_rate", "1"},
                           {"subsample", "0.632"},
                           {"colsample_bynode", std::to_string(cols / static_cast<double>(cols_))},
                           {"reg_lambda", "0"}});
    } else {
      kv.insert(kv.end(), {{"learning_rate", std::to_string(params_.learning_rate)},
                           {"subsample", std::to_string(params_.subsample)},
                           {"colsample_bytree", std::to_string(params_.colsample)}});
    }
    for (const auto& [k, v] : kv) {
      SAGAZ_TRY(Check(XGBoosterSetParam(b, k.c_str(), v.c_str()), "setting " + k));
    }
    return Ok();
  }

  ModelKind kind_;
  ModelParams params_;
  size_t cols_ = 0;
  BoosterPtr booster_;
};

}  // namespace

std::unique_ptr<Classifier> MakeXgb(ModelKind kind, const ModelParams& params) {
  return std::make_unique<Xgb>(kind, params);
}

Result<std::unique_ptr<Classifier>> LoadXgb(ModelKind kind, std::string_view bytes,
                                            const ModelParams& params) {
  auto model = std::make_unique<Xgb>(kind, params);
  SAGAZ_TRY(model->Load(bytes));
  return std::unique_ptr<Classifier>(std::move(model));
}

}  // namespace sagaz::forecast::internal
