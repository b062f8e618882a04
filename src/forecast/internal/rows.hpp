// Helpers of the walk-forward evaluation and the parameter search: feature rows gathered into a
// dense matrix, and the mean log loss of probabilities.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "forecast/features.hpp"

namespace sagaz::forecast::internal {

// The rows of `rows` copied into a dense row-major matrix.
std::vector<double> GatherRows(const FeatureTable& features, std::span<const size_t> rows);
// Mean negative log-likelihood of P(y = 1) = p (clamped away from 0 and 1); 0 when empty.
double MeanLogLoss(std::span<const int8_t> y, std::span<const double> p);

}  // namespace sagaz::forecast::internal
