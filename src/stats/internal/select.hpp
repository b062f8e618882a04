// Exact order statistics by selection, and the Hyndman–Fan quantile definitions on top of them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "stats/stats.hpp"

namespace sagaz::stats::internal {

// out[i] = the ranks[i]-th smallest of `values` (0-based). `ranks` ascending and distinct, each <
// values.size(); `values` holds no NaN and is not modified. O(n) expected: one sampled-pivot pass
// over the data finds every rank at once; only the few values near each rank are copied and
// selected.
void SelectRanks(std::span<const double> values, std::span<const size_t> ranks, double* out,
                 size_t threads);

// The same on a buffer the caller owns and lets us reorder.
void SelectRanksInPlace(std::vector<double>& values, std::span<const size_t> ranks, double* out,
                        size_t threads);

// Where a quantile falls among n sorted values: the value is Lerp(x[lo], x[hi], gamma). Follows
// numpy.quantile's arithmetic exactly, so discontinuous methods pick the same order statistic.
struct QuantilePoint {
  size_t lo = 0;
  size_t hi = 0;
  double gamma = 0;
};
QuantilePoint LocateQuantile(size_t n, double p, QuantileMethod method);

// numpy's _lerp: a + (b−a)·t, or b − (b−a)·(1−t) when t >= 0.5; safe when b − a overflows.
double Lerp(double a, double b, double t);

// Sorts doubles (vectorized quicksort from Highway).
void SortDoubles(double* values, size_t n);

}  // namespace sagaz::stats::internal
