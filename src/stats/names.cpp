// Names of statistics, groups and methods: the vocabulary shared by the API, the CLI and the docs.
#include <algorithm>
#include <array>

#include "core/strings.hpp"
#include "stats/stats.hpp"

namespace sagaz::stats {
namespace {

struct StatInfo {
  Stat stat;
  std::string_view name;
  std::string_view doc;
};

constexpr std::array<StatInfo, kStatCount> kStats = {{
    {Stat::kCount, "count",
     "values used (non-NULL, not NaN, finite unless infinities are included)"},
    {Stat::kNulls, "nulls", "NULL rows"},
    {Stat::kNan, "nan", "NaN values (never used)"},
    {Stat::kInfinite, "infinite", "+/-infinity values (excluded unless include_infinite)"},
    {Stat::kMin, "min", "smallest value"},
    {Stat::kMax, "max", "largest value"},
    {Stat::kRange, "range", "max - min"},
    {Stat::kSum, "sum", "sum (compensated; exact for integers)"},
    {Stat::kMean, "mean", "arithmetic mean"},
    {Stat::kVariance, "variance", "sample variance (n - 1)"},
    {Stat::kStdDev, "std_dev", "sample standard deviation (n - 1)"},
    {Stat::kVariancePop, "variance_pop", "population variance (n)"},
    {Stat::kStdDevPop, "std_dev_pop", "population standard deviation (n)"},
    {Stat::kSem, "sem", "standard error of the mean: std_dev / sqrt(n)"},
    {Stat::kCoefVar, "coef_var", "coefficient of variation: std_dev / |mean|"},
    {Stat::kCoefVarPct, "coef_var_pct", "coefficient of variation in percent"},
    {Stat::kSkewness, "skewness", "adjusted Fisher-Pearson skewness G1 (pandas skew)"},
    {Stat::kKurtosis, "kurtosis", "excess kurtosis G2, bias-adjusted (pandas kurt)"},
    {Stat::kSkewnessPop, "skewness_pop", "population skewness g1 (scipy.stats.skew)"},
    {Stat::kKurtosisPop, "kurtosis_pop", "population excess kurtosis g2 (scipy.stats.kurtosis)"},
    {Stat::kMedian, "median", "the 0.5 quantile"},
    {Stat::kQ1, "q1", "first quartile (0.25 quantile)"},
    {Stat::kQ3, "q3", "third quartile (0.75 quantile)"},
    {Stat::kIqr, "iqr", "interquartile range q3 - q1"},
    {Stat::kQuantiles, "quantiles", "the requested quantiles"},
    {Stat::kMode, "mode", "most frequent value (smallest on ties)"},
    {Stat::kModeCount, "mode_count", "occurrences of the mode"},
    {Stat::kDistinct, "distinct", "number of distinct values"},
    {Stat::kMad, "mad", "median absolute deviation from the median"},
    {Stat::kMadNormal, "mad_normal", "1.4826 * MAD, an estimate of the standard deviation"},
    {Stat::kTrimmedMean, "trimmed_mean", "mean without the trim fraction at each end"},
    {Stat::kWinsorizedMean, "winsorized_mean", "mean with the trim fraction at each end clamped"},
    {Stat::kRobustCvMad, "robust_cv_mad", "robust CV: MAD / |median|"},
    {Stat::kRobustCvIqr, "robust_cv_iqr", "robust CV: IQR / |median|"},
    {Stat::kCoefVarAdjusted, "coef_var_adjusted", "CV of the values inside the IQR fences"},
    {Stat::kOutliersIqr, "outliers_iqr", "values outside q1 - k*IQR .. q3 + k*IQR (Tukey)"},
    {Stat::kOutliersMad, "outliers_mad", "values with |modified z-score| > threshold"},
    {Stat::kHistogram, "histogram", "bin edges and counts"},
}};

static_assert([] {
  for (size_t i = 0; i < kStats.size(); ++i)
    if (static_cast<size_t>(kStats[i].stat) != i) return false;
  return true;
}());

struct GroupInfo {
  std::string_view name;
  StatSet (*stats)();
};

StatSet ShapeStats() {
  return {Stat::kSkewness, Stat::kKurtosis, Stat::kSkewnessPop, Stat::kKurtosisPop};
}
StatSet RobustStats() {
  return {Stat::kMedian,
          Stat::kQ1,
          Stat::kQ3,
          Stat::kIqr,
          Stat::kMad,
          Stat::kMadNormal,
          Stat::kTrimmedMean,
          Stat::kWinsorizedMean,
          Stat::kRobustCvMad,
          Stat::kRobustCvIqr,
          Stat::kCoefVarAdjusted,
          Stat::kOutliersIqr,
          Stat::kOutliersMad};
}

constexpr GroupInfo kGroups[] = {
    {"seed", &SeedStats},     {"summary", &DefaultStats}, {"shape", &ShapeStats},
    {"robust", &RobustStats}, {"all", &AllStats},
};

std::string ValidNames() {
  std::vector<std::string> names;
  for (const auto& g : kGroups) names.emplace_back(g.name);
  for (const auto& s : kStats) names.emplace_back(s.name);
  return Join(names, ", ");
}

}  // namespace

std::string_view ToString(NumericType type) {
  switch (type) {
    case NumericType::kFloat64:
      return "float64";
    case NumericType::kFloat32:
      return "float32";
    case NumericType::kInt32:
      return "int32";
    case NumericType::kInt64:
      return "int64";
  }
  return "?";
}

std::string_view Name(Stat stat) { return kStats[static_cast<size_t>(stat)].name; }
std::string_view Describe(Stat stat) { return kStats[static_cast<size_t>(stat)].doc; }

std::optional<Stat> StatFromName(std::string_view name) {
  const std::string lower = ToLower(Trim(name));
  for (const auto& s : kStats)
    if (s.name == lower) return s.stat;
  return std::nullopt;
}

std::vector<Stat> StatSet::List() const {
  std::vector<Stat> out;
  for (size_t i = 0; i < kStatCount; ++i)
    if (bits_.test(i)) out.push_back(static_cast<Stat>(i));
  return out;
}

StatSet SeedStats() {
  return {Stat::kCount, Stat::kMin, Stat::kMax,    Stat::kMean,   Stat::kMedian,
          Stat::kQ1,    Stat::kQ3,  Stat::kStdDev, Stat::kCoefVar};
}

StatSet DefaultStats() {
  StatSet s = SeedStats();
  return s.Add({Stat::kNulls, Stat::kNan, Stat::kInfinite, Stat::kRange, Stat::kSum,
                Stat::kVariance, Stat::kIqr, Stat::kCoefVarPct, Stat::kSkewness, Stat::kKurtosis});
}

StatSet AllStats() {
  StatSet s;
  for (size_t i = 0; i < kStatCount; ++i) s.Add(static_cast<Stat>(i));
  return s;
}

std::vector<std::string_view> StatGroupNames() {
  std::vector<std::string_view> out;
  for (const auto& g : kGroups) out.push_back(g.name);
  return out;
}

Result<StatSet> ParseStats(std::span<const std::string> names) {
  StatSet out;
  for (const auto& raw : names) {
    const std::string name = ToLower(Trim(raw));
    if (name.empty()) continue;
    if (auto s = StatFromName(name)) {
      out.Add(*s);
      continue;
    }
    auto g = std::find_if(std::begin(kGroups), std::end(kGroups),
                          [&](const GroupInfo& gi) { return gi.name == name; });
    if (g == std::end(kGroups)) {
      return Fail(Error(ErrorCode::kInvalidArgument,
                        "unknown statistic '" + raw + "'; valid names are: " + ValidNames())
                      .With("statistic", raw));
    }
    out.Add(g->stats());
  }
  if (out.empty()) return DefaultStats();
  return out;
}

Result<StatSet> ParseStats(std::initializer_list<std::string_view> names) {
  std::vector<std::string> v(names.begin(), names.end());
  return ParseStats(std::span<const std::string>(v));
}

std::string_view Name(QuantileMethod method) {
  switch (method) {
    case QuantileMethod::kInvertedCdf:
      return "inverted_cdf";
    case QuantileMethod::kAveragedInvertedCdf:
      return "averaged_inverted_cdf";
    case QuantileMethod::kClosestObservation:
      return "closest_observation";
    case QuantileMethod::kInterpolatedInvertedCdf:
      return "interpolated_inverted_cdf";
    case QuantileMethod::kHazen:
      return "hazen";
    case QuantileMethod::kWeibull:
      return "weibull";
    case QuantileMethod::kLinear:
      return "linear";
    case QuantileMethod::kMedianUnbiased:
      return "median_unbiased";
    case QuantileMethod::kNormalUnbiased:
      return "normal_unbiased";
  }
  return "linear";
}

Result<QuantileMethod> ParseQuantileMethod(std::string_view text) {
  std::string t = ToLower(Trim(text));
  if (t.starts_with("type")) t = t.substr(4);
  if (t.size() == 1 && t[0] >= '1' && t[0] <= '9') return static_cast<QuantileMethod>(t[0] - '0');
  for (int i = 1; i <= 9; ++i) {
    const auto m = static_cast<QuantileMethod>(i);
    if (Name(m) == t) return m;
  }
  return Fail(Error(ErrorCode::kInvalidArgument,
                    "unknown quantile method '" + std::string(text) +
                        "'; use 1-9 or inverted_cdf, averaged_inverted_cdf, closest_observation, "
                        "interpolated_inverted_cdf, hazen, weibull, linear, median_unbiased, "
                        "normal_unbiased")
                  .With("option", "quantile_method"));
}

std::string_view Name(BinRule rule) {
  switch (rule) {
    case BinRule::kFixed:
      return "fixed";
    case BinRule::kFreedmanDiaconis:
      return "fd";
    case BinRule::kSturges:
      return "sturges";
  }
  return "fd";
}

Result<BinRule> ParseBinRule(std::string_view text) {
  const std::string t = ToLower(Trim(text));
  if (t == "fixed") return BinRule::kFixed;
  if (t == "fd" || t == "freedman_diaconis" || t == "freedman-diaconis") {
    return BinRule::kFreedmanDiaconis;
  }
  if (t == "sturges") return BinRule::kSturges;
  return Fail(Error(ErrorCode::kInvalidArgument, "unknown histogram rule '" + std::string(text) +
                                                     "'; use a bin count, fd or sturges")
                  .With("option", "histogram"));
}

std::string_view Name(CensorMethod method) {
  switch (method) {
    case CensorMethod::kExclude:
      return "exclude";
    case CensorMethod::kLimit:
      return "limit";
    case CensorMethod::kHalfLimit:
      return "half_limit";
    case CensorMethod::kLimitOverSqrt2:
      return "limit_over_sqrt2";
    case CensorMethod::kZero:
      return "zero";
  }
  return "limit";
}

Result<CensorMethod> ParseCensorMethod(std::string_view text) {
  const std::string t = ToLower(Trim(text));
  for (auto m : {CensorMethod::kExclude, CensorMethod::kLimit, CensorMethod::kHalfLimit,
                 CensorMethod::kLimitOverSqrt2, CensorMethod::kZero}) {
    if (Name(m) == t) return m;
  }
  return Fail(Error(ErrorCode::kInvalidArgument,
                    "unknown censoring method '" + std::string(text) +
                        "'; use exclude, limit, half_limit, limit_over_sqrt2 or zero")
                  .With("option", "censor.method"));
}

std::string_view Name(NormalizeMethod method) {
  switch (method) {
    case NormalizeMethod::kZScore:
      return "zscore";
    case NormalizeMethod::kMinMax:
      return "minmax";
    case NormalizeMethod::kRobust:
      return "robust";
  }
  return "zscore";
}

Result<NormalizeMethod> ParseNormalizeMethod(std::string_view text) {
  const std::string t = ToLower(Trim(text));
  if (t == "zscore" || t == "z-score" || t == "z") return NormalizeMethod::kZScore;
  if (t == "minmax" || t == "min-max") return NormalizeMethod::kMinMax;
  if (t == "robust") return NormalizeMethod::kRobust;
  return Fail(Error(ErrorCode::kInvalidArgument, "unknown normalization '" + std::string(text) +
                                                     "'; use zscore, minmax or robust")
                  .With("option", "normalize"));
}

}  // namespace sagaz::stats
