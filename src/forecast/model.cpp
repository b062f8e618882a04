#include "forecast/model.hpp"

#include "core/strings.hpp"
#include "forecast/internal/classifiers.hpp"

namespace sagaz::forecast {

std::string_view ToString(ModelKind kind) {
  switch (kind) {
    case ModelKind::kLogistic:
      return "logistic";
    case ModelKind::kRandomForest:
      return "random_forest";
    case ModelKind::kGbdt:
      return "gbdt";
  }
  return "logistic";
}

Result<ModelKind> ParseModelKind(std::string_view text) {
  const std::string t = ToLower(text);
  if (t == "logistic") return ModelKind::kLogistic;
  if (t == "random_forest" || t == "rf") return ModelKind::kRandomForest;
  if (t == "gbdt" || t == "xgboost") return ModelKind::kGbdt;
  return Fail(Error(ErrorCode::kInvalidArgument, "unknown model '" + std::string(text) +
                                                     "'; use random_forest, gbdt or logistic")
                  .With("field", "model"));
}

Result<std::unique_ptr<Classifier>> MakeClassifier(ModelKind kind, const ModelParams& params) {
  if (params.trees < 1 || params.trees > 5000) {
    return Fail(ErrorCode::kInvalidArgument, "trees must be between 1 and 5000");
  }
  if (kind == ModelKind::kLogistic) return internal::MakeLogistic(params);
  return internal::MakeXgb(kind, params);
}

Result<std::unique_ptr<Classifier>> LoadClassifier(ModelKind kind, std::string_view bytes,
                                                   const ModelParams& params) {
  if (kind == ModelKind::kLogistic) return internal::LoadLogistic(bytes, params);
  return internal::LoadXgb(kind, bytes, params);
}

}  // namespace sagaz::forecast
