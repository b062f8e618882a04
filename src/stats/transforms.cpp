// Per-row transforms (modified z-scores, normalization), weighted and censored statistics.
#include <cmath>
#include <limits>

#include "stats/internal/parallel.hpp"
#include "stats/internal/prepare.hpp"
#include "stats/internal/simd.hpp"
#include "stats/stats.hpp"

namespace sagaz::stats {
namespace {

using internal::CompensatedSum;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

bool Usable(const ColumnView& v, size_t row, double* out) {
  if (!v.IsValid(row)) return false;
  *out = v.At(row);
  return std::isfinite(*out);
}

// Center and scale of a normalization, from the statistics of the used values.
struct Affine {
  double center = 0;
  double scale = 1;  // divide by
};

Result<Affine> AffineFor(const ColumnView& values, const NormalizeOptions& o, int threads) {
  SummaryOptions so;
  so.threads = threads;
  switch (o.method) {
    case NormalizeMethod::kZScore:
      so.stats = {Stat::kMean, Stat::kStdDev};
      break;
    case NormalizeMethod::kMinMax:
      so.stats = {Stat::kMin, Stat::kMax};
      break;
    case NormalizeMethod::kRobust:
      so.stats = {Stat::kMedian, Stat::kIqr};
      break;
  }
  auto s = SAGAZ_TRY(Summarize(values, so));
  Affine a;
  // A zero spread (constant values) keeps scale 1, as scikit-learn's scalers do.
  switch (o.method) {
    case NormalizeMethod::kZScore:
      a.center = s.mean.value_or(0);
      a.scale = s.std_dev.value_or(0) > 0 ? *s.std_dev : 1;
      break;
    case NormalizeMethod::kMinMax: {
      a.center = s.min.value_or(0);
      const double range = s.max.value_or(0) - s.min.value_or(0);
      a.scale = range > 0 ? range : 1;
      break;
    }
    case NormalizeMethod::kRobust:
      a.center = s.median.value_or(0);
      a.scale = s.iqr.value_or(0) > 0 ? *s.iqr : 1;
      break;
  }
  return a;
}

double Apply(double x, const Affine& a, const NormalizeOptions& o) {
  const double z = (x - a.center) / a.scale;
  if (o.method != NormalizeMethod::kMinMax) return z;
  return o.range_lower + z * (o.range_upper - o.range_lower);
}

Status ValidateNormalize(const NormalizeOptions& o) {
  if (o.method == NormalizeMethod::kMinMax &&
      !(std::isfinite(o.range_lower) && std::isfinite(o.range_upper) &&
        o.range_lower < o.range_upper)) {
    return Fail(
        Error(ErrorCode::kInvalidArgument, "the min-max target range needs finite lower < upper")
            .With("option", "range"));
  }
  return Ok();
}

}  // namespace

Result<std::vector<double>> ModifiedZScores(const ColumnView& values) {
  SummaryOptions so;
  so.stats = {Stat::kMad};
  // The median the MAD is taken around: the ordinary (type 7) median.
  so.stats.Add(Stat::kMedian);
  so.method = QuantileMethod::kLinear;
  auto s = SAGAZ_TRY(Summarize(values, so));
  if (!s.mad || !s.median) {
    return Fail(ErrorCode::kInvalidArgument, "no values to score");
  }
  if (*s.mad == 0) {
    return Fail(ErrorCode::kInvalidArgument,
                "the MAD is zero (at least half the values are equal): modified z-scores are "
                "undefined");
  }
  std::vector<double> out(values.size, kNaN);
  for (size_t i = 0; i < values.size; ++i) {
    double x;
    if (Usable(values, i, &x)) out[i] = 0.6745 * (x - *s.median) / *s.mad;
  }
  return out;
}

Result<std::vector<double>> Normalize(const ColumnView& values, const NormalizeOptions& o) {
  SAGAZ_TRY(ValidateNormalize(o));
  const Affine a = SAGAZ_TRY(AffineFor(values, o, 0));
  std::vector<double> out(values.size, kNaN);
  for (size_t i = 0; i < values.size; ++i) {
    double x;
    if (Usable(values, i, &x)) out[i] = Apply(x, a, o);
  }
  return out;
}

Result<std::vector<double>> NormalizeBands(const ColumnView& values,
                                           std::span<const uint32_t> band_of_row, size_t band_count,
                                           const NormalizeOptions& o) {
  SAGAZ_TRY(ValidateNormalize(o));
  if (band_of_row.size() != values.size) {
    return Fail(ErrorCode::kInvalidArgument, "band ids and values have different lengths");
  }
  // Gather each band's values, compute its own center and scale, then map every row.
  std::vector<std::vector<double>> bands(band_count);
  for (size_t i = 0; i < values.size; ++i) {
    if (band_of_row[i] >= band_count) {
      return Fail(Error(ErrorCode::kInvalidArgument, "band id out of range")
                      .With("row", std::to_string(i)));
    }
    double x;
    if (Usable(values, i, &x)) bands[band_of_row[i]].push_back(x);
  }
  std::vector<Affine> affine(band_count);
  for (size_t b = 0; b < band_count; ++b) {
    if (bands[b].empty()) continue;
    affine[b] = SAGAZ_TRY(AffineFor(ColumnView(std::span<const double>(bands[b])), o, 1));
  }
  std::vector<double> out(values.size, kNaN);
  for (size_t i = 0; i < values.size; ++i) {
    double x;
    if (Usable(values, i, &x)) out[i] = Apply(x, affine[band_of_row[i]], o);
  }
  return out;
}

Result<WeightedStats> Weighted(const ColumnView& values, const ColumnView& weights) {
  if (values.size != weights.size) {
    return Fail(ErrorCode::kInvalidArgument, "values and weights have different lengths");
  }
  std::vector<double> x, w;
  for (size_t i = 0; i < values.size; ++i) {
    double v, wt;
    if (!Usable(values, i, &v) || !Usable(weights, i, &wt)) continue;
    if (wt < 0) {
      return Fail(Error(ErrorCode::kInvalidArgument, "weights must not be negative")
                      .With("row", std::to_string(i))
                      .With("weight", std::to_string(wt)));
    }
    x.push_back(v);
    w.push_back(wt);
  }
  WeightedStats r;
  r.count = static_cast<int64_t>(x.size());
  CompensatedSum sw, swx, sww;
  for (size_t i = 0; i < x.size(); ++i) {
    sw.Add(w[i]);
    swx.Add(w[i] * x[i]);
    sww.Add(w[i] * w[i]);
  }
  r.sum_weights = sw.Value();
  if (r.count == 0 || r.sum_weights == 0) {
    r.notes.push_back({Stat::kMean, r.count == 0 ? "no rows with both a value and a weight"
                                                 : "the weights sum to zero"});
    return r;
  }
  const double mean = swx.Value() / r.sum_weights;
  r.mean = mean;
  CompensatedSum ss, sd;
  for (size_t i = 0; i < x.size(); ++i) {
    const double d = x[i] - mean;
    sd.Add(w[i] * d);
    ss.Add(w[i] * d * d);
  }
  // Corrected two-pass: Σw·d carries the rounding of the mean.
  const double m2 = std::max(0.0, ss.Value() - sd.Value() * sd.Value() / r.sum_weights);
  r.variance_pop = m2 / r.sum_weights;
  if (r.sum_weights > 1) {
    r.variance_frequency = m2 / (r.sum_weights - 1);
  } else {
    r.notes.push_back({Stat::kVariance, "frequency weights must sum to more than 1"});
  }
  const double v2 = sww.Value();
  const double denom = r.sum_weights - v2 / r.sum_weights;
  if (denom > 0) {
    r.variance_reliability = m2 / denom;
  } else {
    r.notes.push_back({Stat::kVariance, "reliability weights need two rows with weight"});
  }
  r.std_dev_pop = std::sqrt(*r.variance_pop);
  return r;
}

Result<CensoredSummary> SummarizeCensored(const ColumnView& values, const Censoring& c,
                                          const SummaryOptions& options) {
  SAGAZ_TRY(Validate(options));
  if ((c.lower && !std::isfinite(*c.lower)) || (c.upper && !std::isfinite(*c.upper))) {
    return Fail(Error(ErrorCode::kInvalidArgument, "censoring limits must be finite")
                    .With("option", "censor"));
  }
  if (c.lower && c.upper && !(*c.lower < *c.upper)) {
    return Fail(Error(ErrorCode::kInvalidArgument, "censoring needs lower < upper")
                    .With("option", "censor"));
  }
  if (!c.lower && !c.upper) {
    return Fail(Error(ErrorCode::kInvalidArgument, "censoring needs a lower or an upper limit")
                    .With("option", "censor"));
  }
  const size_t threads =
      internal::ThreadsFor(values.size, options.threads, options.parallel_threshold);
  const internal::Prepared base = internal::Prepare(values, false, threads);
  CensoredSummary out;
  out.censoring = c;
  std::vector<double> handled;
  handled.reserve(base.values.size());
  for (double x : base.values) {
    if (c.lower && x < *c.lower) {
      ++out.below;
      switch (c.method) {
        case CensorMethod::kExclude:
          continue;
        case CensorMethod::kLimit:
          x = *c.lower;
          break;
        case CensorMethod::kHalfLimit:
          x = *c.lower / 2;
          break;
        case CensorMethod::kLimitOverSqrt2:
          x = *c.lower / std::sqrt(2.0);
          break;
        case CensorMethod::kZero:
          x = 0;
          break;
      }
    } else if (c.upper && x > *c.upper) {
      ++out.above;
      if (c.method == CensorMethod::kExclude) continue;
      x = *c.upper;  // the saturation limit is the only value known for them
    }
    handled.push_back(x);
  }
  internal::Prepared p = internal::PrepareOwned(std::move(handled), false, threads);
  p.rows = base.rows;
  p.nulls = base.nulls;
  p.nan = base.nan;
  p.pos_inf = base.pos_inf;
  p.neg_inf = base.neg_inf;
  out.summary = internal::SummarizePrepared(p, options, threads);
  return out;
}

}  // namespace sagaz::stats
