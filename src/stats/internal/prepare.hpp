// The first stage of every statistic: count NULLs, NaN and infinities, and expose the values that
// are used as one contiguous array of doubles (the input itself when nothing had to be dropped or
// converted, else one bulk compaction).
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <vector>

#include "stats/internal/simd.hpp"
#include "stats/stats.hpp"

namespace sagaz::stats::internal {

struct Prepared {
  int64_t rows = 0;
  int64_t nulls = 0;
  int64_t nan = 0;
  int64_t pos_inf = 0;
  int64_t neg_inf = 0;
  bool include_inf = false;
  std::span<const double> values;                        // the values used, in input order
  std::vector<double> storage;                           // owns `values` when they were copied
  double min = std::numeric_limits<double>::infinity();  // over finite values
  double max = -std::numeric_limits<double>::infinity();
  CompensatedSum finite_sum;          // of finite values
  std::optional<__int128> exact_sum;  // integer inputs: the exact sum
  bool HasInfUsed() const { return include_inf && pos_inf + neg_inf > 0; }
  int64_t infinite() const { return pos_inf + neg_inf; }
};

// Reads a column (any numeric type, with validity).
Prepared Prepare(const ColumnView& column, bool include_inf, size_t threads);
// Takes ownership of already-used values (no NULL, no NaN); computes min, max and sums.
Prepared PrepareOwned(std::vector<double> values, bool include_inf, size_t threads);

// The summary of prepared values.
Summary SummarizePrepared(const Prepared& p, const SummaryOptions& options, size_t threads);

// A histogram of finite values with known min and max.
Result<Histogram> HistogramOf(std::span<const double> values, double min, double max,
                              const HistogramSpec& spec, size_t threads);

}  // namespace sagaz::stats::internal
