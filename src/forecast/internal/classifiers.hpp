// The classifiers behind forecast/model.hpp. Logistic regression: L2-regularised, fitted by
// Newton's method (IRLS) on standardized features. Written by hand: no Debian C++ library offers a
// small, dependency-free logistic regression, and the whole fit is ~100 lines that tests check
// against scikit-learn's figures.
#pragma once

#include <memory>

#include "forecast/model.hpp"

namespace sagaz::forecast::internal {

std::unique_ptr<Classifier> MakeLogistic(const ModelParams& params);
Result<std::unique_ptr<Classifier>> LoadLogistic(std::string_view bytes, const ModelParams& params);

std::unique_ptr<Classifier> MakeXgb(ModelKind kind, const ModelParams& params);
Result<std::unique_ptr<Classifier>> LoadXgb(ModelKind kind, std::string_view bytes,
                                            const ModelParams& params);

}  // namespace sagaz::forecast::internal
