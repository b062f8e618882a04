// The statistics engine: exact descriptive statistics over contiguous numeric data.
//
//   stats::ColumnView x(values, validity);             // zero-copy: a DuckDB vector, a std::vector
//   auto s = SAGAZ_TRY(stats::Summarize(x));           // the default summary
//   stats::SummaryOptions o{.stats = stats::ParseStats({"seed", "mad"}).value()};
//   auto t = SAGAZ_TRY(stats::FitTrend(time, x));      // OLS, Theil–Sen, Mann–Kendall
//
// Inputs are double, float, int32 or int64 values (DECIMAL is read as double) with an optional
// validity bitmask: bit i of word i/64 set means row i is not NULL; a null pointer means all rows
// are valid — exactly what db::VectorView::validity() gives. Nothing is copied row by row: kernels
// read the values in place and copy in bulk only what an algorithm must reorder (quantiles select
// inside a scratch copy, never a full sort).
//
// Values policy: NULLs and NaN are never used and are counted (nulls, nan). ±infinity is counted
// and excluded unless SummaryOptions::include_infinite. A statistic that is undefined for the data
// (empty input, a single value for a variance, a zero mean for a CV) is nullopt and gets a note
// saying why.
//
// Exactness: sums are compensated (error-free TwoSum per lane) and integer sums are exact (128-bit
// accumulators, no int64 overflow); variance and higher moments use the corrected two-pass
// algorithm on power-of-two rescaled deviations, so huge and tiny magnitudes neither overflow nor
// underflow; quantiles are exact order statistics. Results do not depend on the thread count.
//
// Threads: inputs above SummaryOptions::parallel_threshold values are split over the cores (a
// process-wide pool); smaller ones run on the calling thread. Every function is thread-safe and
// reentrant.
#pragma once

#include <array>
#include <bitset>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/buffers.hpp"
#include "core/error.hpp"

namespace sagaz::stats {

// ---------------------------------------------------------------------------------------------
// Input

enum class NumericType { kFloat64, kFloat32, kInt32, kInt64 };
std::string_view ToString(NumericType type);

// A non-owning view of contiguous numeric values and their validity bitmask. Valid while the
// memory it points to lives (a DuckDB chunk, a vector).
struct ColumnView {
  NumericType type = NumericType::kFloat64;
  const void* data = nullptr;
  size_t size = 0;
  const uint64_t* validity = nullptr;  // bit i of word i/64: row i is valid; null: all valid

  ColumnView() = default;
  ColumnView(std::span<const double> v, const uint64_t* valid = nullptr)
      : type(NumericType::kFloat64), data(v.data()), size(v.size()), validity(valid) {}
  ColumnView(std::span<const float> v, const uint64_t* valid = nullptr)
      : type(NumericType::kFloat32), data(v.data()), size(v.size()), validity(valid) {}
  ColumnView(std::span<const int32_t> v, const uint64_t* valid = nullptr)
      : type(NumericType::kInt32), data(v.data()), size(v.size()), validity(valid) {}
  ColumnView(std::span<const int64_t> v, const uint64_t* valid = nullptr)
      : type(NumericType::kInt64), data(v.data()), size(v.size()), validity(valid) {}

  bool IsValid(size_t row) const { return !validity || (validity[row >> 6] >> (row & 63)) & 1; }
  // The value of row `row` as double (whatever its validity).
  double At(size_t row) const;
};

// An owned numeric column: values in their native type plus a validity bitmask, filled in bulk
// (chunk by chunk from DuckDB). Move-only; view() is valid while the column lives and is not
// appended to.
class NumericColumn {
 public:
  explicit NumericColumn(NumericType type = NumericType::kFloat64) : type_(type) {}
  NumericColumn(NumericColumn&&) noexcept = default;
  NumericColumn& operator=(NumericColumn&&) noexcept = default;
  NumericColumn(const NumericColumn&) = delete;
  NumericColumn& operator=(const NumericColumn&) = delete;

  NumericType type() const { return type_; }
  size_t size() const { return size_; }
  // Room for `rows` values in total, allocated once (untouched memory costs nothing).
  void Reserve(size_t rows);
  // Empty again, keeping the memory (a scratch column reused chunk after chunk).
  void Clear() {
    size_ = 0;
    validity_.clear();
  }
  // Appends `rows` values of this column's type (bulk copy) with their validity (null: all valid).
  void Append(const void* values, size_t rows, const uint64_t* validity);
  // Appends one value or NULL (for conversions from other representations).
  void AppendValue(double value);
  void AppendNull();
  // The bytes of the values; the caller writes `rows` values there and then calls Commit(rows,
  // validity). For conversions straight into the column without a temporary.
  void* PrepareAppend(size_t rows);
  void CommitAppend(size_t rows, const uint64_t* validity);
  ColumnView view() const;

 private:
  void AppendValidity(size_t rows, const uint64_t* validity);
  void Grow(size_t bytes);
  NumericType type_;
  size_t size_ = 0;
  // Values, 64-byte aligned (4-byte types pack two per word). A recycled raw buffer: growing it
  // never zero-fills what is about to be overwritten, and a large one costs no page faults when
  // a previous request's buffer is reused (core/buffers.hpp).
  Buffer storage_;
  size_t capacity_bytes_ = 0;
  std::vector<uint64_t> validity_;  // empty while every value is valid
};

// ---------------------------------------------------------------------------------------------
// Which statistics

// Every statistic of a summary. Names (Name(), ParseStats) are part of the public API: they are the
// keys of the JSON results and the words of `sagaz stats --stats`.
enum class Stat {
  kCount,     // values used
  kNulls,     // NULL rows
  kNan,       // NaN values (never used)
  kInfinite,  // ±infinity (excluded unless include_infinite)
  kMin,
  kMax,
  kRange,
  kSum,
  kMean,
  kVariance,     // sample variance (n − 1)
  kStdDev,       // sample standard deviation
  kVariancePop,  // population variance (n)
  kStdDevPop,    // population standard deviation
  kSem,          // standard error of the mean: std_dev / √n
  kCoefVar,      // std_dev / |mean|
  kCoefVarPct,   // 100 · coef_var
  kSkewness,     // adjusted Fisher–Pearson G1 (pandas skew, Excel SKEW)
  kKurtosis,     // excess kurtosis G2, bias-adjusted (pandas kurt, Excel KURT)
  kSkewnessPop,  // g1 = m3 / m2^1.5 (scipy.stats.skew default)
  kKurtosisPop,  // g2 = m4 / m2² − 3 (scipy.stats.kurtosis default)
  kMedian,
  kQ1,
  kQ3,
  kIqr,              // q3 − q1
  kQuantiles,        // the quantiles listed in SummaryOptions::quantiles
  kMode,             // most frequent value (smallest on ties); for discrete data
  kModeCount,        // how often the mode occurs
  kDistinct,         // number of distinct values
  kMad,              // median absolute deviation from the median (raw)
  kMadNormal,        // 1.482602218505602 · MAD, consistent with σ for normal data
  kTrimmedMean,      // mean without the `trim` fraction at each end (scipy trim_mean)
  kWinsorizedMean,   // mean with the `trim` fraction at each end clamped (scipy winsorize)
  kRobustCvMad,      // MAD / |median|
  kRobustCvIqr,      // IQR / |median|
  kCoefVarAdjusted,  // coef_var of the values inside the IQR fences
  kOutliersIqr,      // values outside [q1 − k·IQR, q3 + k·IQR]
  kOutliersMad,      // values whose modified z-score exceeds the threshold
  kHistogram,
  kCount_,  // number of statistics (not a statistic)
};
constexpr size_t kStatCount = static_cast<size_t>(Stat::kCount_);

std::string_view Name(Stat stat);
// A one-line description for help texts and docs.
std::string_view Describe(Stat stat);
std::optional<Stat> StatFromName(std::string_view name);

// A set of statistics.
class StatSet {
 public:
  StatSet() = default;
  StatSet(std::initializer_list<Stat> stats) {
    for (Stat s : stats) Add(s);
  }
  StatSet& Add(Stat s) {
    bits_.set(static_cast<size_t>(s));
    return *this;
  }
  StatSet& Add(const StatSet& other) {
    bits_ |= other.bits_;
    return *this;
  }
  bool Has(Stat s) const { return bits_.test(static_cast<size_t>(s)); }
  bool HasAny(const StatSet& other) const { return (bits_ & other.bits_).any(); }
  bool empty() const { return bits_.none(); }
  size_t size() const { return bits_.count(); }
  std::vector<Stat> List() const;
  bool operator==(const StatSet&) const = default;

 private:
  std::bitset<kStatCount> bits_;
};

// Named groups of statistics accepted wherever a statistic name is:
//   seed     count, min, max, mean, median, q1, q3, std_dev, coef_var (the original summary)
//   summary  seed + nulls, nan, infinite, range, sum, variance, iqr, coef_var_pct, skewness,
//            kurtosis (the default)
//   shape    skewness, kurtosis, skewness_pop, kurtosis_pop
//   robust   median, q1, q3, iqr, mad, mad_normal, trimmed_mean, winsorized_mean, robust_cv_mad,
//            robust_cv_iqr, coef_var_adjusted, outliers_iqr, outliers_mad
//   all      every statistic
StatSet SeedStats();
StatSet DefaultStats();
StatSet AllStats();
// Parses statistic and group names (case-insensitive). Unknown names are an error that lists the
// valid ones.
Result<StatSet> ParseStats(std::span<const std::string> names);
Result<StatSet> ParseStats(std::initializer_list<std::string_view> names);
std::vector<std::string_view> StatGroupNames();

// ---------------------------------------------------------------------------------------------
// Options

// The nine sample-quantile definitions of Hyndman & Fan (1996), with numpy's names. Type 7 is
// numpy's and pandas' default ("linear"), also R's and Excel's PERCENTILE.INC.
enum class QuantileMethod {
  kInvertedCdf = 1,          // 1: inverse of the empirical CDF
  kAveragedInvertedCdf = 2,  // 2: averaged at discontinuities
  kClosestObservation = 3,   // 3: nearest even order statistic (SAS)
  kInterpolatedInvertedCdf = 4,
  kHazen = 5,
  kWeibull = 6,         // Excel PERCENTILE.EXC
  kLinear = 7,          // default
  kMedianUnbiased = 8,  // recommended by Hyndman & Fan
  kNormalUnbiased = 9,
};
std::string_view Name(QuantileMethod method);
// "linear", "7", "type7", "hazen", ... (case-insensitive).
Result<QuantileMethod> ParseQuantileMethod(std::string_view text);

// How histogram bins are chosen. Edges follow numpy.histogram_bin_edges exactly.
enum class BinRule {
  kFixed,             // `bins` equal-width bins
  kFreedmanDiaconis,  // width 2·IQR·n^(−1/3) (numpy "fd"); one bin when IQR is 0
  kSturges,           // ⌈log2 n⌉ + 1 bins (numpy "sturges")
};
std::string_view Name(BinRule rule);
Result<BinRule> ParseBinRule(std::string_view text);  // fixed, fd, freedman_diaconis, sturges

struct HistogramSpec {
  BinRule rule = BinRule::kFreedmanDiaconis;
  size_t bins = 20;             // kFixed only
  std::optional<double> lower;  // range; default: the data's min and max
  std::optional<double> upper;
  size_t max_bins = 10000;  // a rule asking for more bins is capped (noted in the result)
};

struct SummaryOptions {
  StatSet stats = DefaultStats();
  std::vector<double> quantiles;                    // probabilities in [0, 1] for Stat::kQuantiles
  QuantileMethod method = QuantileMethod::kLinear;  // for median, q1, q3, quantiles, IQR
  bool include_infinite = false;  // use ±inf as values (min/max/quantiles; moments become ±inf)
  double trim = 0.1;              // trimmed/winsorized fraction cut at each end, in [0, 0.5)
  double iqr_k = 1.5;             // Tukey fence multiplier (> 0)
  double mad_threshold = 3.5;     // modified z-score cutoff (Iglewicz & Hoaglin), > 0
  HistogramSpec histogram;
  // 0: every core; 1: the calling thread only.
  int threads = 0;
  // Inputs with fewer values than this run on one thread. Default: measured in bench/stats.
  size_t parallel_threshold = 1 << 18;
};

// Checks option ranges; Summarize calls it.
Status Validate(const SummaryOptions& options);

// ---------------------------------------------------------------------------------------------
// Results

struct QuantileValue {
  double p = 0;
  std::optional<double> value;
};

struct OutlierCounts {
  double lower_bound = 0;  // values below are outliers (IQR: the lower fence; MAD: the value
  double upper_bound = 0;  // whose modified z-score is −threshold), and above
  int64_t low = 0;
  int64_t high = 0;
  int64_t total() const { return low + high; }
  double share = 0;  // total / count
};

struct Histogram {
  BinRule rule = BinRule::kFreedmanDiaconis;
  std::vector<double> edges;    // bins + 1 edges; bin i is [edges[i], edges[i+1]), the last closed
  std::vector<int64_t> counts;  // per bin
  int64_t outside = 0;          // values outside an explicit range
  bool capped = false;          // the rule asked for more than max_bins
  double bin_width() const { return edges.size() > 1 ? edges[1] - edges[0] : 0; }
};

struct Note {
  Stat stat;
  std::string reason;
};

// The statistics of one column. Only requested statistics are filled; a requested one that is
// undefined for the data is nullopt with a note.
struct Summary {
  StatSet stats;      // what was requested
  int64_t rows = 0;   // rows seen, including NULLs
  int64_t count = 0;  // values used
  int64_t nulls = 0;
  int64_t nan = 0;
  int64_t infinite = 0;  // ±inf, whether or not they were used

  std::optional<double> min, max, range, sum, mean;
  std::optional<double> variance, std_dev, variance_pop, std_dev_pop, sem;
  std::optional<double> coef_var, coef_var_pct;
  std::optional<double> skewness, kurtosis, skewness_pop, kurtosis_pop;
  std::optional<double> median, q1, q3, iqr;
  std::vector<QuantileValue> quantiles;
  QuantileMethod method = QuantileMethod::kLinear;
  std::optional<double> mode;
  std::optional<int64_t> mode_count, distinct;
  std::optional<double> mad, mad_normal, trimmed_mean, winsorized_mean;
  std::optional<double> robust_cv_mad, robust_cv_iqr, coef_var_adjusted;
  std::optional<OutlierCounts> outliers_iqr, outliers_mad;
  std::optional<Histogram> histogram;
  std::vector<Note> notes;

  // Looks up a scalar statistic by enum (nullopt for structured ones and undefined values).
  std::optional<double> Get(Stat stat) const;
  // The note of a statistic, or empty.
  std::string_view NoteFor(Stat stat) const;
};

// ---------------------------------------------------------------------------------------------
// Descriptive statistics

// The statistics `options.stats` asks for. Fails only on invalid options.
Result<Summary> Summarize(const ColumnView& values, const SummaryOptions& options = {});
// Masked statistics: only rows whose bit is set in `mask` (same layout as validity) are used;
// rows outside the mask are not counted as NULLs.
Result<Summary> Summarize(const ColumnView& values, const uint64_t* mask,
                          const SummaryOptions& options);

// Quantiles for probabilities `ps` (each in [0, 1]) of the valid finite values, in the order of
// `ps`; nullopt for each when there are no values.
Result<std::vector<std::optional<double>>> Quantiles(
    const ColumnView& values, std::span<const double> ps,
    QuantileMethod method = QuantileMethod::kLinear);

Result<Histogram> MakeHistogram(const ColumnView& values, const HistogramSpec& spec);

// Censored data: values below `lower` (a detection limit) or above `upper` (a saturation limit)
// are counted separately and handled by `method` before the statistics are computed.
enum class CensorMethod {
  kExclude,         // drop censored values
  kLimit,           // replace by the limit
  kHalfLimit,       // replace by limit / 2 (lower) — common practice for non-detects
  kLimitOverSqrt2,  // replace by limit / √2 (lower)
  kZero,            // replace lower-censored values by 0
};
std::string_view Name(CensorMethod method);
Result<CensorMethod> ParseCensorMethod(std::string_view text);

struct Censoring {
  std::optional<double> lower;  // detection limit: x < lower is censored
  std::optional<double> upper;  // saturation limit: x > upper is censored
  CensorMethod method = CensorMethod::kLimit;
};

struct CensoredSummary {
  Censoring censoring;
  int64_t below = 0;  // values under the lower limit
  int64_t above = 0;  // values over the upper limit
  Summary summary;    // of the values after handling
};
Result<CensoredSummary> SummarizeCensored(const ColumnView& values, const Censoring& censoring,
                                          const SummaryOptions& options = {});

// Weighted statistics over rows where value and weight are both valid and finite and the weight is
// >= 0. Negative weights are an error.
struct WeightedStats {
  int64_t count = 0;  // rows used
  double sum_weights = 0;
  std::optional<double> mean;
  std::optional<double> variance_pop;        // Σw(x−m)² / Σw
  std::optional<double> variance_frequency;  // Σw(x−m)² / (Σw − 1): weights are counts
  std::optional<double> variance_reliability;  // Σw(x−m)² / (Σw − Σw²/Σw): weights are importance
  std::optional<double> std_dev_pop;           // √variance_pop
  std::vector<Note> notes;
};
Result<WeightedStats> Weighted(const ColumnView& values, const ColumnView& weights);

// ---------------------------------------------------------------------------------------------
// Per-row transforms (NaN where the input row is NULL, NaN or excluded infinity)

// 0.6745 · (x − median) / MAD (Iglewicz & Hoaglin). Fails when MAD is 0.
Result<std::vector<double>> ModifiedZScores(const ColumnView& values);

enum class NormalizeMethod {
  kZScore,  // (x − mean) / std_dev
  kMinMax,  // (x − min) / (max − min), mapped to [range_lower, range_upper]
  kRobust,  // (x − median) / IQR
};
std::string_view Name(NormalizeMethod method);
Result<NormalizeMethod> ParseNormalizeMethod(std::string_view text);

struct NormalizeOptions {
  NormalizeMethod method = NormalizeMethod::kZScore;
  double range_lower = 0;  // min-max target range
  double range_upper = 1;
};
Result<std::vector<double>> Normalize(const ColumnView& values, const NormalizeOptions& options);
// Per-band scaling with dynamic ranges: each band (rows with the same band id, e.g. a sensor or a
// category from Grouper) is normalized with its own statistics, so bands of different scales become
// comparable. band_of_row[i] < band_count.
Result<std::vector<double>> NormalizeBands(const ColumnView& values,
                                           std::span<const uint32_t> band_of_row, size_t band_count,
                                           const NormalizeOptions& options);

// ---------------------------------------------------------------------------------------------
// Relationships and time

// Over the rows where both x and y are valid and finite (pairwise complete).
struct Relationship {
  int64_t count = 0;
  std::optional<double> covariance;  // sample (n − 1)
  std::optional<double> pearson;
  std::optional<double> spearman;  // Pearson of average ranks (ties share their mean rank)
  std::vector<std::pair<std::string, std::string>> notes;  // statistic name -> reason
};
Result<Relationship> Relate(const ColumnView& x, const ColumnView& y);

struct OlsFit {
  double slope = 0;
  double intercept = 0;
  std::optional<double> r_squared;     // undefined when y is constant
  std::optional<double> slope_stderr;  // needs n > 2
  std::optional<double> intercept_stderr;
  std::optional<double> p_value;  // two-sided t test of slope = 0 (n − 2 df)
};

struct TheilSenFit {
  double slope = 0;      // median of the pairwise slopes (pairs with equal x are skipped)
  double intercept = 0;  // median(y) − slope · median(x)
  int64_t pairs = 0;     // pairs with distinct x
};

struct MannKendall {
  int64_t s = 0;        // Σ sign(x_j − x_i)·sign(y_j − y_i) over pairs
  double variance = 0;  // Var(S) with the tie correction
  double z = 0;         // continuity-corrected
  double p_value = 1;   // two-sided
  double tau = 0;       // S / (n(n−1)/2)
  std::string trend;    // "increasing", "decreasing" or "no trend" at the 5% level
};

// y against x over pairwise complete rows (x is often time; any x order).
struct Trend {
  int64_t count = 0;
  std::optional<OlsFit> ols;                // needs 2 distinct x
  std::optional<TheilSenFit> theil_sen;     // needs 2 distinct x
  std::optional<MannKendall> mann_kendall;  // needs 3 values
  std::vector<std::pair<std::string, std::string>> notes;
};
Result<Trend> FitTrend(const ColumnView& x, const ColumnView& y);

// ---------------------------------------------------------------------------------------------
// Threads

// Runs independent pieces of one computation side by side on the engine's threads (the caller's
// included) and returns when all have finished: a summary beside a trend, say. Kernels they call
// share the same pool, so the cores are never oversubscribed. Tasks must not throw.
void RunTogether(std::initializer_list<std::function<void()>> tasks);

// ---------------------------------------------------------------------------------------------
// Grouping

// Hash grouping of key values into dense ids 0, 1, 2... in order of first appearance. NULL is a
// key like any other (as in SQL GROUP BY). Not thread-safe.
class Grouper {
 public:
  Grouper();
  ~Grouper();
  Grouper(Grouper&&) noexcept;
  Grouper& operator=(Grouper&&) noexcept;

  uint32_t AddInt(int64_t key);
  uint32_t AddDouble(double key);  // -0.0 and 0.0 are one key, NaNs one key
  uint32_t AddString(std::string_view key);
  uint32_t AddNull();
  // A chunk of integer keys at once, as AddInt/AddNull row by row: ids[i] for row i, NULL where
  // `validity` (bit i of word i/64; null: all valid) clears the row.
  void AddInts(const int64_t* keys, size_t rows, const uint64_t* validity, uint32_t* ids);
  void AddStrings(const std::string_view* keys, size_t rows, const uint64_t* validity,
                  uint32_t* ids);
  size_t size() const;

  // What key an id stands for.
  struct Key {
    enum class Kind { kNull, kInt, kDouble, kString } kind = Kind::kNull;
    int64_t i = 0;
    double d = 0;
    std::string s;
  };
  const Key& key(uint32_t id) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The mean of each group's finite values (NULL, NaN and ±infinity left out) and how many there
// were: one value per group without a full summary each (the points of a series). Ids must be
// below group_count.
struct GroupMeans {
  std::vector<std::optional<double>> mean;  // empty groups have none
  std::vector<int64_t> count;
};
Result<GroupMeans> MeanByGroup(const ColumnView& values, std::span<const uint32_t> group_of_row,
                               size_t group_count);

// The full summary of each group: rows with group_of_row[i] == g form group g (< group_count).
Result<std::vector<Summary>> SummarizeGroups(const ColumnView& values,
                                             std::span<const uint32_t> group_of_row,
                                             size_t group_count,
                                             const SummaryOptions& options = {});

}  // namespace sagaz::stats
