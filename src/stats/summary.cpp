// Descriptive statistics of one column: preparation, moments, order statistics, robust measures,
// mode and histogram. See stats.hpp for the definitions and the values policy.
#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <limits>
#include <map>
#include <string>

#include "stats/internal/parallel.hpp"
#include "stats/internal/prepare.hpp"
#include "stats/internal/select.hpp"
#include "stats/internal/simd.hpp"
#include "stats/stats.hpp"

namespace sagaz::stats {
namespace internal {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kEps = std::numeric_limits<double>::epsilon();
// 1 / Φ⁻¹(3/4): scipy.stats.median_abs_deviation(scale="normal").
constexpr double kMadToSigma = 1.482602218505602;
constexpr double kModifiedZ = 0.6745;  // Iglewicz & Hoaglin

// Merges per-block scan results in block order.
void MergeScan(const std::vector<ScanResult>& parts, Prepared& p) {
  int64_t valid = 0;
  for (const auto& r : parts) {
    valid += r.valid;
    p.nan += r.nan;
    p.pos_inf += r.pos_inf;
    p.neg_inf += r.neg_inf;
    if (r.finite > 0) {
      p.min = std::min(p.min, r.min);
      p.max = std::max(p.max, r.max);
    }
    p.finite_sum.Add(r.sum);
  }
  p.nulls = p.rows - valid;
}

// Converts one block of a non-double column into doubles at `out` (used values only).
template <class T>
struct ConvertCounts {
  int64_t valid = 0, nan = 0, pos_inf = 0, neg_inf = 0, used = 0;
  __int128 sum = 0;
};

template <class T>
ConvertCounts<T> ConvertBlock(const T* x, size_t begin, size_t end, const uint64_t* valid,
                              bool include_inf, double* out) {
  ConvertCounts<T> c;
  for (size_t i = begin; i < end; ++i) {
    if (valid && !((valid[i >> 6] >> (i & 63)) & 1)) continue;
    ++c.valid;
    const T v = x[i];
    if constexpr (std::is_floating_point_v<T>) {
      if (std::isnan(v)) {
        ++c.nan;
        continue;
      }
      if (std::isinf(v)) {
        ++(v > 0 ? c.pos_inf : c.neg_inf);
        if (!include_inf) continue;
      }
    } else {
      c.sum += v;
    }
    out[c.used++] = static_cast<double>(v);
  }
  return c;
}

template <class T>
Prepared PrepareConverted(const ColumnView& col, bool include_inf, size_t threads) {
  Prepared p;
  p.include_inf = include_inf;
  p.rows = static_cast<int64_t>(col.size);
  const T* x = static_cast<const T*>(col.data);
  const size_t n = col.size;
  p.storage.resize(n + 8);
  std::vector<ConvertCounts<T>> parts(BlockCount(n));
  ForBlocks(n, threads, [&](size_t b, size_t begin, size_t end) {
    parts[b] = ConvertBlock(x, begin, end, col.validity, include_inf, p.storage.data() + begin);
  });
  // Close the gaps the dropped values left between blocks.
  size_t used = 0;
  int64_t valid = 0;
  __int128 sum = 0;
  for (size_t b = 0; b < parts.size(); ++b) {
    const size_t begin = b * kBlockRows;
    if (used != begin && parts[b].used > 0) {
      std::memmove(p.storage.data() + used, p.storage.data() + begin, parts[b].used * 8);
    }
    used += static_cast<size_t>(parts[b].used);
    valid += parts[b].valid;
    p.nan += parts[b].nan;
    p.pos_inf += parts[b].pos_inf;
    p.neg_inf += parts[b].neg_inf;
    sum += parts[b].sum;
  }
  p.nulls = p.rows - valid;
  if constexpr (std::is_integral_v<T>) p.exact_sum = sum;
  p.storage.resize(used);
  p.values = p.storage;
  // min, max and the sum of the finite values.
  std::vector<ScanResult> scans(BlockCount(used));
  ForBlocks(used, threads, [&](size_t b, size_t begin, size_t end) {
    ScanF64(p.storage.data() + begin, end - begin, nullptr, &scans[b]);
  });
  for (const auto& r : scans) {
    if (r.finite > 0) {
      p.min = std::min(p.min, r.min);
      p.max = std::max(p.max, r.max);
    }
    p.finite_sum.Add(r.sum);
  }
  return p;
}

// Scaled deviations: 2^e is the power of two just above the largest |x − center|, so that
// (x − center)·2^−e is in (−1, 1) and its powers neither overflow nor underflow.
int ScaleExponent(double spread) {
  if (!(spread > 0)) return 0;
  return std::clamp(std::ilogb(spread) + 1, -1021, 1023);
}

struct Central {
  double m2 = 0, m3 = 0, m4 = 0;  // central moments in scaled units (divided by n)
  double sum_sq = 0;              // Σ(x − mean)² in scaled units
  int e = 0;                      // scale exponent
};

Central CentralMoments(std::span<const double> v, double mean, double spread, bool higher,
                       size_t threads) {
  Central c;
  c.e = ScaleExponent(spread);
  const double scale = std::ldexp(1.0, -c.e);
  const size_t n = v.size();
  std::vector<CentralResult> parts(BlockCount(n));
  ForBlocks(n, threads, [&](size_t b, size_t begin, size_t end) {
    CentralF64(v.data() + begin, end - begin, mean, scale, -kInf, kInf, higher, &parts[b]);
  });
  CompensatedSum s1, s2;
  double s3 = 0, s4 = 0;
  for (const auto& r : parts) {
    s1.Add(r.s1);
    s2.Add(r.s2);
    s3 += r.s3;
    s4 += r.s4;
  }
  const double nd = static_cast<double>(n);
  // Corrected two-pass algorithm: Σd carries the rounding error of the mean.
  const double d = s1.Value() / nd;
  c.sum_sq = std::max(0.0, s2.Value() - s1.Value() * d);
  c.m2 = c.sum_sq / nd;
  const double q2 = s2.Value() / nd, q3 = s3 / nd, q4 = s4 / nd;
  c.m3 = q3 - 3 * d * q2 + 2 * d * d * d;
  c.m4 = q4 - 4 * d * q3 + 6 * d * d * q2 - 3 * d * d * d * d;
  return c;
}

// The mean, exact for integer inputs and safe from overflow of the running sum.
double MeanOf(const Prepared& p) {
  const size_t n = p.values.size();
  if (p.exact_sum) {
    const __int128 q = *p.exact_sum / static_cast<__int128>(n);
    const __int128 r = *p.exact_sum % static_cast<__int128>(n);
    return static_cast<double>(q) + static_cast<double>(r) / static_cast<double>(n);
  }
  const double sum = p.finite_sum.Value();
  if (std::isfinite(sum)) return sum / static_cast<double>(n);
  // The sum overflowed although every value is finite: sum scaled values instead.
  const int e = ScaleExponent(std::max(std::abs(p.min), std::abs(p.max)));
  CompensatedSum scaled;
  for (double v : p.values) scaled.Add(std::ldexp(v, -e));
  return std::ldexp(scaled.Value() / static_cast<double>(n), e);
}

class Builder {
 public:
  Builder(const Prepared& p, const SummaryOptions& o, size_t threads)
      : p_(p), o_(o), threads_(threads), n_(p.values.size()) {
    s_.stats = o.stats;
    s_.method = o.method;
    s_.rows = p.rows;
    s_.count = static_cast<int64_t>(n_);
    s_.nulls = p.nulls;
    s_.nan = p.nan;
    s_.infinite = p.infinite();
  }

  Summary Build() {
    if (n_ == 0) {
      const char* why = p_.rows == 0                   ? "the input has no rows"
                        : p_.nulls == p_.rows          ? "every value is NULL"
                        : p_.nan + p_.nulls == p_.rows ? "no value is a number (NULL or NaN)"
                                                       : "no finite values";
      for (Stat st : o_.stats.List()) {
        if (st != Stat::kCount && st != Stat::kNulls && st != Stat::kNan && st != Stat::kInfinite)
          Note(st, why);
      }
      return std::move(s_);
    }
    Basic();
    Moments();
    OrderStatistics();
    Mode();
    Hist();
    return std::move(s_);
  }

 private:
  bool Want(Stat st) const { return o_.stats.Has(st); }
  bool WantAny(std::initializer_list<Stat> sts) const {
    for (Stat st : sts)
      if (Want(st)) return true;
    return false;
  }
  void Note(Stat st, std::string reason) {
    if (Want(st)) s_.notes.push_back({st, std::move(reason)});
  }

  void Basic() {
    double mn = p_.min, mx = p_.max;
    if (p_.include_inf) {
      if (p_.neg_inf > 0) mn = -kInf;
      if (p_.pos_inf > 0) mx = kInf;
    }
    min_ = mn;
    max_ = mx;
    if (Want(Stat::kMin)) s_.min = mn;
    if (Want(Stat::kMax)) s_.max = mx;
    if (Want(Stat::kRange)) {
      if (std::isnan(mx - mn)) {
        Note(Stat::kRange, "every value is the same infinity");
      } else {
        s_.range = mx - mn;
      }
    }
    if (p_.HasInfUsed()) {
      inf_reason_ = p_.pos_inf > 0 && p_.neg_inf > 0
                        ? "the values include both +infinity and -infinity"
                        : "the values include infinity";
      const double inf_value = p_.pos_inf > 0 && p_.neg_inf > 0 ? std::nan("")
                               : p_.pos_inf > 0                 ? kInf
                                                                : -kInf;
      if (std::isnan(inf_value)) {
        Note(Stat::kSum, inf_reason_);
        Note(Stat::kMean, inf_reason_);
      } else {
        if (Want(Stat::kSum)) s_.sum = inf_value;
        if (Want(Stat::kMean)) s_.mean = inf_value;
      }
      return;
    }
    mean_ = MeanOf(p_);
    if (Want(Stat::kSum)) {
      s_.sum = p_.exact_sum ? static_cast<double>(*p_.exact_sum) : p_.finite_sum.Value();
    }
    if (Want(Stat::kMean)) s_.mean = mean_;
  }

  void Moments() {
    const bool need = WantAny({Stat::kVariance, Stat::kStdDev, Stat::kVariancePop, Stat::kStdDevPop,
                               Stat::kSem, Stat::kCoefVar, Stat::kCoefVarPct, Stat::kSkewness,
                               Stat::kKurtosis, Stat::kSkewnessPop, Stat::kKurtosisPop});
    if (!need) return;
    const Stat moment_stats[] = {Stat::kVariance,    Stat::kStdDev,     Stat::kVariancePop,
                                 Stat::kStdDevPop,   Stat::kSem,        Stat::kCoefVar,
                                 Stat::kCoefVarPct,  Stat::kSkewness,   Stat::kKurtosis,
                                 Stat::kSkewnessPop, Stat::kKurtosisPop};
    if (p_.HasInfUsed()) {
      for (Stat st : moment_stats) Note(st, inf_reason_ + "; the moments are undefined");
      return;
    }
    const bool higher =
        WantAny({Stat::kSkewness, Stat::kKurtosis, Stat::kSkewnessPop, Stat::kKurtosisPop});
    const double nd = static_cast<double>(n_);
    double spread = std::max(max_ - mean_, mean_ - min_);
    Central c;
    if (std::isfinite(spread)) {
      c = CentralMoments(p_.values, mean_, spread, higher, threads_);
    } else {
      // max − min overflows: deviations of quarter values (exact power-of-two scaling).
      std::vector<double> quarter(p_.values.begin(), p_.values.end());
      for (double& v : quarter) v *= 0.25;
      c = CentralMoments(quarter, mean_ * 0.25,
                         std::max(max_ * 0.25 - mean_ * 0.25, mean_ * 0.25 - min_ * 0.25), higher,
                         threads_);
      c.e += 2;
    }
    const bool constant = c.sum_sq == 0;
    if (Want(Stat::kVariancePop)) s_.variance_pop = std::ldexp(c.sum_sq / nd, 2 * c.e);
    if (Want(Stat::kStdDevPop)) s_.std_dev_pop = std::ldexp(std::sqrt(c.sum_sq / nd), c.e);
    std::optional<double> sd;
    if (n_ < 2) {
      for (Stat st :
           {Stat::kVariance, Stat::kStdDev, Stat::kSem, Stat::kCoefVar, Stat::kCoefVarPct})
        Note(st, "needs at least 2 values");
    } else {
      sd = std::ldexp(std::sqrt(c.sum_sq / (nd - 1)), c.e);
      if (Want(Stat::kVariance)) s_.variance = std::ldexp(c.sum_sq / (nd - 1), 2 * c.e);
      if (Want(Stat::kStdDev)) s_.std_dev = sd;
      if (Want(Stat::kSem)) s_.sem = *sd / std::sqrt(nd);
      if (auto cv = CoefVar(*sd, mean_, std::max(std::abs(min_), std::abs(max_)))) {
        if (Want(Stat::kCoefVar)) s_.coef_var = *cv;
        if (Want(Stat::kCoefVarPct)) s_.coef_var_pct = *cv * 100;
      } else {
        Note(Stat::kCoefVar, kZeroMean);
        Note(Stat::kCoefVarPct, kZeroMean);
      }
    }
    if (!higher) return;
    if (constant) {
      for (Stat st : {Stat::kSkewness, Stat::kKurtosis, Stat::kSkewnessPop, Stat::kKurtosisPop})
        Note(st, "all values are equal");
      return;
    }
    const double g1 = c.m3 / std::pow(c.m2, 1.5);
    const double g2 = c.m4 / (c.m2 * c.m2) - 3;
    if (Want(Stat::kSkewnessPop)) s_.skewness_pop = g1;
    if (Want(Stat::kKurtosisPop)) s_.kurtosis_pop = g2;
    if (n_ < 3) {
      Note(Stat::kSkewness, "needs at least 3 values");
    } else if (Want(Stat::kSkewness)) {
      s_.skewness = g1 * std::sqrt(nd * (nd - 1)) / (nd - 2);
    }
    if (n_ < 4) {
      Note(Stat::kKurtosis, "needs at least 4 values");
    } else if (Want(Stat::kKurtosis)) {
      s_.kurtosis = ((nd + 1) * g2 + 6) * (nd - 1) / ((nd - 2) * (nd - 3));
    }
  }

  static constexpr const char* kZeroMean =
      "the mean is zero (within rounding), so the coefficient of variation is undefined";

  // std / |mean|, undefined when the mean is zero within the rounding of the values' magnitude.
  static std::optional<double> CoefVar(double sd, double mean, double magnitude) {
    if (mean == 0 || std::abs(mean) <= 8 * kEps * magnitude) return std::nullopt;
    return sd / std::abs(mean);
  }

  // Registers a quantile; returns its slot.
  size_t AddPoint(double p, QuantileMethod method) {
    points_.push_back(LocateQuantile(n_, p, method));
    return points_.size() - 1;
  }

  double PointValue(size_t slot) const {
    const auto& q = points_[slot];
    return Lerp(ranked_.at(q.lo), ranked_.at(q.hi), q.gamma);
  }

  void OrderStatistics() {
    const bool need_quartiles = WantAny({Stat::kQ1, Stat::kQ3, Stat::kIqr, Stat::kRobustCvIqr,
                                         Stat::kOutliersIqr, Stat::kCoefVarAdjusted});
    const bool need_median = need_quartiles || Want(Stat::kMedian);
    const bool need_mad =
        WantAny({Stat::kMad, Stat::kMadNormal, Stat::kRobustCvMad, Stat::kOutliersMad});
    const bool need_trim = WantAny({Stat::kTrimmedMean, Stat::kWinsorizedMean});
    const bool need_fd = Want(Stat::kHistogram) &&
                         o_.histogram.rule == BinRule::kFreedmanDiaconis && !o_.histogram.lower &&
                         !o_.histogram.upper && !p_.HasInfUsed();
    std::optional<size_t> med, q1, q3, med7, fd1, fd3;
    std::vector<size_t> user;
    if (need_median) med = AddPoint(0.5, o_.method);
    if (need_quartiles) {
      q1 = AddPoint(0.25, o_.method);
      q3 = AddPoint(0.75, o_.method);
    }
    if (need_mad || Want(Stat::kRobustCvIqr)) med7 = AddPoint(0.5, QuantileMethod::kLinear);
    if (need_fd) {
      fd1 = AddPoint(0.25, QuantileMethod::kLinear);
      fd3 = AddPoint(0.75, QuantileMethod::kLinear);
    }
    if (Want(Stat::kQuantiles)) {
      for (double q : o_.quantiles) user.push_back(AddPoint(q, o_.method));
    }
    std::vector<size_t> ranks;
    for (const auto& q : points_) {
      ranks.push_back(q.lo);
      ranks.push_back(q.hi);
    }
    int64_t trim_g = 0;
    if (need_trim) {
      trim_g = static_cast<int64_t>(o_.trim * static_cast<double>(n_));
      ranks.push_back(static_cast<size_t>(trim_g));
      ranks.push_back(n_ - 1 - static_cast<size_t>(trim_g));
    }
    std::sort(ranks.begin(), ranks.end());
    ranks.erase(std::unique(ranks.begin(), ranks.end()), ranks.end());
    if (ranks.empty()) return;
    std::vector<double> found(ranks.size());
    SelectRanks(p_.values, ranks, found.data(), threads_);
    for (size_t i = 0; i < ranks.size(); ++i) ranked_[ranks[i]] = found[i];

    if (med && Want(Stat::kMedian)) s_.median = PointValue(*med);
    if (q1) {
      q1_ = PointValue(*q1);
      q3_ = PointValue(*q3);
      if (Want(Stat::kQ1)) s_.q1 = q1_;
      if (Want(Stat::kQ3)) s_.q3 = q3_;
      if (Want(Stat::kIqr)) s_.iqr = q3_ - q1_;
    }
    if (fd1) fd_iqr_ = PointValue(*fd3) - PointValue(*fd1);
    for (size_t i = 0; i < user.size(); ++i) {
      s_.quantiles.push_back({o_.quantiles[i], PointValue(user[i])});
    }
    if (med7) median7_ = PointValue(*med7);
    if (Want(Stat::kRobustCvIqr)) {
      if (median7_ == 0 || !std::isfinite(median7_)) {
        Note(Stat::kRobustCvIqr, "the median is zero");
      } else {
        s_.robust_cv_iqr = (q3_ - q1_) / std::abs(median7_);
      }
    }
    if (need_trim) Trimmed(trim_g);
    if (WantAny({Stat::kOutliersIqr, Stat::kCoefVarAdjusted})) Fences();
    if (need_mad) Mad();
  }

  void Trimmed(int64_t g) {
    const double nd = static_cast<double>(n_);
    const auto ng = static_cast<int64_t>(n_);
    const double a = ranked_.at(static_cast<size_t>(g));
    const double b = ranked_.at(n_ - 1 - static_cast<size_t>(g));
    if (p_.HasInfUsed() && (std::isinf(a) || std::isinf(b))) {
      Note(Stat::kTrimmedMean, inf_reason_);
      Note(Stat::kWinsorizedMean, inf_reason_);
      return;
    }
    if (g == 0 && !p_.HasInfUsed()) {
      if (Want(Stat::kTrimmedMean)) s_.trimmed_mean = mean_;
      if (Want(Stat::kWinsorizedMean)) s_.winsorized_mean = mean_;
      return;
    }
    RangeResult r = Range(a, b);
    // The kept order statistics are ranks [g, n − g); values equal to a or b may straddle the cut.
    auto overlap = [](int64_t lo, int64_t hi, int64_t klo, int64_t khi) {
      return std::max<int64_t>(0, std::min(hi, khi) - std::max(lo, klo));
    };
    CompensatedSum kept;
    int64_t kept_a, kept_b = 0;
    if (a == b) {
      kept_a = ng - 2 * g;
    } else {
      kept_a = overlap(r.below, r.below + r.at_a, g, ng - g);
      kept_b = overlap(ng - r.above - r.at_b, ng - r.above, g, ng - g);
      kept.Add(r.inside_sum);
    }
    kept.Add(static_cast<double>(kept_a) * a);
    kept.Add(static_cast<double>(kept_b) * b);
    if (Want(Stat::kTrimmedMean)) s_.trimmed_mean = kept.Value() / static_cast<double>(ng - 2 * g);
    if (Want(Stat::kWinsorizedMean)) {
      CompensatedSum w = kept;
      w.Add(static_cast<double>(g) * a);
      w.Add(static_cast<double>(g) * b);
      s_.winsorized_mean = w.Value() / nd;
    }
  }

  RangeResult Range(double a, double b) const {
    std::vector<RangeResult> parts(BlockCount(n_));
    ForBlocks(n_, threads_, [&](size_t blk, size_t begin, size_t end) {
      RangeF64(p_.values.data() + begin, end - begin, a, b, &parts[blk]);
    });
    RangeResult r;
    for (const auto& x : parts) {
      r.below += x.below;
      r.at_a += x.at_a;
      r.inside += x.inside;
      r.at_b += x.at_b;
      r.above += x.above;
      r.inside_sum.Add(x.inside_sum);
    }
    return r;
  }

  void Fences() {
    const double iqr = q3_ - q1_;
    const double lo = q1_ - o_.iqr_k * iqr, hi = q3_ + o_.iqr_k * iqr;
    if (!std::isfinite(lo) || !std::isfinite(hi)) {
      Note(Stat::kOutliersIqr, "the quartiles are infinite");
      Note(Stat::kCoefVarAdjusted, "the quartiles are infinite");
      return;
    }
    const RangeResult r = Range(lo, hi);
    if (Want(Stat::kOutliersIqr)) {
      OutlierCounts oc;
      oc.lower_bound = lo;
      oc.upper_bound = hi;
      oc.low = r.below;
      oc.high = r.above;
      oc.share = static_cast<double>(oc.total()) / static_cast<double>(n_);
      s_.outliers_iqr = oc;
    }
    if (!Want(Stat::kCoefVarAdjusted)) return;
    const int64_t inliers = r.at_a + r.inside + r.at_b;
    if (inliers < 2) {
      Note(Stat::kCoefVarAdjusted, "needs at least 2 values inside the fences");
      return;
    }
    CompensatedSum sum = r.inside_sum;
    sum.Add(static_cast<double>(r.at_a) * lo);
    sum.Add(static_cast<double>(r.at_b) * hi);
    const double mean = sum.Value() / static_cast<double>(inliers);
    const int e = ScaleExponent(std::max(hi - mean, mean - lo));
    const double scale = std::ldexp(1.0, -e);
    std::vector<CentralResult> parts(BlockCount(n_));
    ForBlocks(n_, threads_, [&](size_t blk, size_t begin, size_t end) {
      CentralF64(p_.values.data() + begin, end - begin, mean, scale, lo, hi, false, &parts[blk]);
    });
    CompensatedSum s1, s2;
    for (const auto& x : parts) {
      s1.Add(x.s1);
      s2.Add(x.s2);
    }
    const double m = static_cast<double>(inliers);
    const double ss = std::max(0.0, s2.Value() - s1.Value() * (s1.Value() / m));
    const double sd = std::ldexp(std::sqrt(ss / (m - 1)), e);
    if (auto cv = CoefVar(sd, mean, std::max(std::abs(lo), std::abs(hi)))) {
      s_.coef_var_adjusted = *cv;
    } else {
      Note(Stat::kCoefVarAdjusted, kZeroMean);
    }
  }

  void Mad() {
    if (!std::isfinite(median7_)) {
      for (Stat st : {Stat::kMad, Stat::kMadNormal, Stat::kRobustCvMad, Stat::kOutliersMad})
        Note(st, "the median is infinite");
      return;
    }
    std::vector<double> dev(n_);
    ForBlocks(n_, threads_, [&](size_t, size_t begin, size_t end) {
      AbsDevF64(p_.values.data() + begin, end - begin, median7_, dev.data() + begin);
    });
    const QuantilePoint q = LocateQuantile(n_, 0.5, QuantileMethod::kLinear);
    size_t ranks[2] = {q.lo, q.hi};
    double found[2];
    SelectRanksInPlace(dev, std::span<const size_t>(ranks, q.lo == q.hi ? 1 : 2), found, threads_);
    const double mad = Lerp(found[0], q.lo == q.hi ? found[0] : found[1], q.gamma);
    if (Want(Stat::kMad)) s_.mad = mad;
    if (Want(Stat::kMadNormal)) s_.mad_normal = kMadToSigma * mad;
    if (Want(Stat::kRobustCvMad)) {
      if (median7_ == 0) {
        Note(Stat::kRobustCvMad, "the median is zero");
      } else {
        s_.robust_cv_mad = mad / std::abs(median7_);
      }
    }
    if (!Want(Stat::kOutliersMad)) return;
    if (mad == 0) {
      Note(Stat::kOutliersMad, "the MAD is zero (at least half the values are equal)");
      return;
    }
    OutlierCounts oc;
    oc.lower_bound = median7_ - o_.mad_threshold * mad / kModifiedZ;
    oc.upper_bound = median7_ + o_.mad_threshold * mad / kModifiedZ;
    std::vector<std::pair<int64_t, int64_t>> parts(BlockCount(n_));
    const double med = median7_, thr = o_.mad_threshold;
    ForBlocks(n_, threads_, [&](size_t blk, size_t begin, size_t end) {
      int64_t low = 0, high = 0;
      for (size_t i = begin; i < end; ++i) {
        const double x = p_.values[i];
        const double z = kModifiedZ * (x - med) / mad;
        if (std::abs(z) > thr) ++(x < med ? low : high);
      }
      parts[blk] = {low, high};
    });
    for (const auto& [low, high] : parts) {
      oc.low += low;
      oc.high += high;
    }
    oc.share = static_cast<double>(oc.total()) / static_cast<double>(n_);
    s_.outliers_mad = oc;
  }

  void Mode() {
    if (!WantAny({Stat::kMode, Stat::kModeCount, Stat::kDistinct})) return;
    std::vector<double> sorted(p_.values.begin(), p_.values.end());
    SortDoubles(sorted.data(), sorted.size());
    double best = sorted[0];
    int64_t best_count = 0, distinct = 0;
    for (size_t i = 0; i < sorted.size();) {
      size_t j = i + 1;
      while (j < sorted.size() && sorted[j] == sorted[i]) ++j;
      ++distinct;
      if (static_cast<int64_t>(j - i) > best_count) {
        best_count = static_cast<int64_t>(j - i);
        best = sorted[i];
      }
      i = j;
    }
    if (Want(Stat::kDistinct)) s_.distinct = distinct;
    if (best_count == 1 && n_ > 1) {
      Note(Stat::kMode, "every value occurs once, so there is no mode");
      Note(Stat::kModeCount, "every value occurs once, so there is no mode");
      return;
    }
    if (Want(Stat::kMode)) s_.mode = best == 0 ? 0.0 : best;  // never report -0
    if (Want(Stat::kModeCount)) s_.mode_count = best_count;
  }

  void Hist() {
    if (!Want(Stat::kHistogram)) return;
    std::span<const double> values = p_.values;
    std::vector<double> finite;
    if (p_.HasInfUsed()) {
      for (double v : values)
        if (std::isfinite(v)) finite.push_back(v);
      values = finite;
    }
    if (values.empty()) {
      Note(Stat::kHistogram, "no finite values");
      return;
    }
    HistogramSpec spec = o_.histogram;
    if (fd_iqr_) {
      // The IQR is already known: hand it over as a fixed bin count (numpy's arithmetic).
      const double width =
          2.0 * *fd_iqr_ * std::pow(static_cast<double>(values.size()), -1.0 / 3.0);
      double first = p_.min, last = p_.max;
      if (first == last) first -= 0.5, last += 0.5;
      spec.rule = BinRule::kFixed;
      const double bins = width > 0 ? std::ceil((last - first) / width) : 1;
      spec.bins =
          bins > static_cast<double>(spec.max_bins) ? spec.max_bins + 1 : static_cast<size_t>(bins);
    }
    auto h = HistogramOf(values, p_.min, p_.max, spec, threads_);
    if (!h) {
      Note(Stat::kHistogram, h.error().message);
      return;
    }
    h->rule = o_.histogram.rule;
    s_.histogram = std::move(*h);
  }

  const Prepared& p_;
  const SummaryOptions& o_;
  size_t threads_;
  size_t n_;
  Summary s_;
  double min_ = 0, max_ = 0, mean_ = 0;
  double q1_ = 0, q3_ = 0, median7_ = 0;
  std::optional<double> fd_iqr_;
  std::string inf_reason_;
  std::vector<QuantilePoint> points_;
  std::map<size_t, double> ranked_;
};

}  // namespace

Prepared Prepare(const ColumnView& col, bool include_inf, size_t threads) {
  switch (col.type) {
    case NumericType::kFloat32:
      return PrepareConverted<float>(col, include_inf, threads);
    case NumericType::kInt32:
      return PrepareConverted<int32_t>(col, include_inf, threads);
    case NumericType::kInt64:
      return PrepareConverted<int64_t>(col, include_inf, threads);
    case NumericType::kFloat64:
      break;
  }
  Prepared p;
  p.include_inf = include_inf;
  p.rows = static_cast<int64_t>(col.size);
  const auto* x = static_cast<const double*>(col.data);
  const size_t n = col.size;
  std::vector<ScanResult> parts(BlockCount(n));
  ForBlocks(n, threads, [&](size_t b, size_t begin, size_t end) {
    ScanF64(x + begin, end - begin, col.validity ? col.validity + begin / 64 : nullptr, &parts[b]);
  });
  MergeScan(parts, p);
  auto used_in = [&](const ScanResult& r) {
    return r.finite + (include_inf ? r.pos_inf + r.neg_inf : 0);
  };
  int64_t used = 0;
  for (const auto& r : parts) used += used_in(r);
  if (used == p.rows) {
    p.values = {x, n};  // zero-copy: every row is used
    return p;
  }
  // Compact in parallel: each block writes at its own offset, never past its own values.
  std::vector<size_t> offset(parts.size() + 1, 0);
  for (size_t b = 0; b < parts.size(); ++b) offset[b + 1] = offset[b] + used_in(parts[b]);
  p.storage.resize(static_cast<size_t>(used));
  ForBlocks(n, threads, [&](size_t b, size_t begin, size_t end) {
    CompactF64(x + begin, end - begin, col.validity ? col.validity + begin / 64 : nullptr,
               include_inf, p.storage.data() + offset[b], offset[b + 1] - offset[b]);
  });
  p.storage.resize(static_cast<size_t>(used));
  p.values = p.storage;
  return p;
}

Prepared PrepareOwned(std::vector<double> values, bool include_inf, size_t threads) {
  Prepared p;
  p.include_inf = include_inf;
  p.rows = static_cast<int64_t>(values.size());
  p.storage = std::move(values);
  p.values = p.storage;
  const size_t n = p.storage.size();
  std::vector<ScanResult> parts(BlockCount(n));
  ForBlocks(n, threads, [&](size_t b, size_t begin, size_t end) {
    ScanF64(p.storage.data() + begin, end - begin, nullptr, &parts[b]);
  });
  MergeScan(parts, p);
  return p;
}

Summary SummarizePrepared(const Prepared& p, const SummaryOptions& options, size_t threads) {
  return Builder(p, options, threads).Build();
}

Result<Histogram> HistogramOf(std::span<const double> values, double min, double max,
                              const HistogramSpec& spec, size_t threads) {
  double first = spec.lower.value_or(min);
  double last = spec.upper.value_or(max);
  if (!(first <= last)) {
    return Fail(ErrorCode::kInvalidArgument, "the histogram range is empty (lower > upper)");
  }
  if (first == last) {
    first -= 0.5;
    last += 0.5;
  }
  // With an explicit range the rules look at the values inside it only (as numpy does).
  std::vector<double> inside;
  std::span<const double> a = values;
  double a_min = min, a_max = max;
  if (spec.lower || spec.upper) {
    a_min = kInf, a_max = -kInf;
    for (double v : values) {
      if (v >= first && v <= last) {
        inside.push_back(v);
        a_min = std::min(a_min, v);
        a_max = std::max(a_max, v);
      }
    }
    a = inside;
  }
  Histogram h;
  h.rule = spec.rule;
  double bins = 1;
  if (spec.rule == BinRule::kFixed) {
    bins = static_cast<double>(spec.bins);
  } else if (!a.empty()) {
    double width = 0;
    if (spec.rule == BinRule::kSturges) {
      width = (a_max - a_min) / (std::log2(static_cast<double>(a.size())) + 1.0);
    } else {
      const QuantilePoint p1 = LocateQuantile(a.size(), 0.25, QuantileMethod::kLinear);
      const QuantilePoint p3 = LocateQuantile(a.size(), 0.75, QuantileMethod::kLinear);
      std::vector<size_t> ranks = {p1.lo, p1.hi, p3.lo, p3.hi};
      std::sort(ranks.begin(), ranks.end());
      ranks.erase(std::unique(ranks.begin(), ranks.end()), ranks.end());
      std::vector<double> found(ranks.size());
      SelectRanks(a, ranks, found.data(), threads);
      auto at = [&](size_t r) {
        return found[std::lower_bound(ranks.begin(), ranks.end(), r) - ranks.begin()];
      };
      const double iqr =
          Lerp(at(p3.lo), at(p3.hi), p3.gamma) - Lerp(at(p1.lo), at(p1.hi), p1.gamma);
      width = 2.0 * iqr * std::pow(static_cast<double>(a.size()), -1.0 / 3.0);
    }
    bins = width > 0 ? std::ceil((last - first) / width) : 1;
  }
  size_t k = bins > static_cast<double>(spec.max_bins) ? spec.max_bins : static_cast<size_t>(bins);
  if (bins > static_cast<double>(spec.max_bins)) h.capped = true;
  k = std::max<size_t>(k, 1);
  // numpy.linspace(first, last, k + 1).
  h.edges.resize(k + 1);
  const double delta = last - first;
  const double step = delta / static_cast<double>(k);
  for (size_t i = 0; i < k; ++i) {
    h.edges[i] = step == 0 ? static_cast<double>(i) / static_cast<double>(k) * delta + first
                           : static_cast<double>(i) * step + first;
  }
  h.edges[k] = last;
  // numpy.histogram's bin search for equal bins, including its two corrections.
  const double norm = static_cast<double>(k) / delta;
  const auto kk = static_cast<int64_t>(k);
  std::vector<std::vector<int64_t>> parts(BlockCount(values.size()));
  std::vector<int64_t> outside(parts.size(), 0);
  ForBlocks(values.size(), threads, [&](size_t b, size_t begin, size_t end) {
    auto& counts = parts[b];
    counts.assign(k, 0);
    for (size_t i = begin; i < end; ++i) {
      const double v = values[i];
      if (!(v >= first && v <= last)) {
        ++outside[b];
        continue;
      }
      auto idx = static_cast<int64_t>((v - first) * norm);
      if (idx >= kk) idx = kk - 1;
      if (v < h.edges[static_cast<size_t>(idx)]) {
        --idx;
      } else if (idx != kk - 1 && v >= h.edges[static_cast<size_t>(idx) + 1]) {
        ++idx;
      }
      ++counts[static_cast<size_t>(idx)];
    }
  });
  h.counts.assign(k, 0);
  for (size_t b = 0; b < parts.size(); ++b) {
    for (size_t i = 0; i < k; ++i) h.counts[i] += parts[b][i];
    h.outside += outside[b];
  }
  return h;
}

}  // namespace internal

// ---------------------------------------------------------------------------------------------

Status Validate(const SummaryOptions& o) {
  auto bad = [](std::string option, std::string message) {
    return Fail(Error(ErrorCode::kInvalidArgument, std::move(message)).With("option", option));
  };
  for (double q : o.quantiles) {
    if (!(q >= 0 && q <= 1)) return bad("quantiles", "quantiles must be between 0 and 1");
  }
  if (static_cast<int>(o.method) < 1 || static_cast<int>(o.method) > 9) {
    return bad("quantile_method", "the quantile method must be 1 to 9");
  }
  if (!(o.trim >= 0 && o.trim < 0.5)) return bad("trim", "trim must be in [0, 0.5)");
  if (!(o.iqr_k > 0) || !std::isfinite(o.iqr_k)) return bad("iqr_k", "iqr_k must be positive");
  if (!(o.mad_threshold > 0) || !std::isfinite(o.mad_threshold)) {
    return bad("mad_threshold", "mad_threshold must be positive");
  }
  const auto& h = o.histogram;
  if (h.max_bins < 1) return bad("histogram", "max_bins must be at least 1");
  if (h.rule == BinRule::kFixed && (h.bins < 1 || h.bins > h.max_bins)) {
    return bad("histogram", "the bin count must be between 1 and " + std::to_string(h.max_bins));
  }
  if ((h.lower && !std::isfinite(*h.lower)) || (h.upper && !std::isfinite(*h.upper))) {
    return bad("histogram", "the histogram range must be finite");
  }
  if (h.lower && h.upper && !(*h.lower < *h.upper)) {
    return bad("histogram", "the histogram range needs lower < upper");
  }
  return Ok();
}

std::optional<double> Summary::Get(Stat stat) const {
  switch (stat) {
    case Stat::kCount:
      return static_cast<double>(count);
    case Stat::kNulls:
      return static_cast<double>(nulls);
    case Stat::kNan:
      return static_cast<double>(nan);
    case Stat::kInfinite:
      return static_cast<double>(infinite);
    case Stat::kMin:
      return min;
    case Stat::kMax:
      return max;
    case Stat::kRange:
      return range;
    case Stat::kSum:
      return sum;
    case Stat::kMean:
      return mean;
    case Stat::kVariance:
      return variance;
    case Stat::kStdDev:
      return std_dev;
    case Stat::kVariancePop:
      return variance_pop;
    case Stat::kStdDevPop:
      return std_dev_pop;
    case Stat::kSem:
      return sem;
    case Stat::kCoefVar:
      return coef_var;
    case Stat::kCoefVarPct:
      return coef_var_pct;
    case Stat::kSkewness:
      return skewness;
    case Stat::kKurtosis:
      return kurtosis;
    case Stat::kSkewnessPop:
      return skewness_pop;
    case Stat::kKurtosisPop:
      return kurtosis_pop;
    case Stat::kMedian:
      return median;
    case Stat::kQ1:
      return q1;
    case Stat::kQ3:
      return q3;
    case Stat::kIqr:
      return iqr;
    case Stat::kMode:
      return mode;
    case Stat::kModeCount:
      return mode_count ? std::optional<double>(static_cast<double>(*mode_count)) : std::nullopt;
    case Stat::kDistinct:
      return distinct ? std::optional<double>(static_cast<double>(*distinct)) : std::nullopt;
    case Stat::kMad:
      return mad;
    case Stat::kMadNormal:
      return mad_normal;
    case Stat::kTrimmedMean:
      return trimmed_mean;
    case Stat::kWinsorizedMean:
      return winsorized_mean;
    case Stat::kRobustCvMad:
      return robust_cv_mad;
    case Stat::kRobustCvIqr:
      return robust_cv_iqr;
    case Stat::kCoefVarAdjusted:
      return coef_var_adjusted;
    default:
      return std::nullopt;
  }
}

std::string_view Summary::NoteFor(Stat stat) const {
  for (const auto& n : notes)
    if (n.stat == stat) return n.reason;
  return {};
}

Result<Summary> Summarize(const ColumnView& values, const SummaryOptions& options) {
  SAGAZ_TRY(Validate(options));
  const size_t threads =
      internal::ThreadsFor(values.size, options.threads, options.parallel_threshold);
  const auto p = internal::Prepare(values, options.include_infinite, threads);
  return internal::SummarizePrepared(p, options, threads);
}

Result<Summary> Summarize(const ColumnView& values, const uint64_t* mask,
                          const SummaryOptions& options) {
  if (!mask) return Summarize(values, options);
  SAGAZ_TRY(Validate(options));
  const size_t n = values.size;
  std::vector<uint64_t> combined((n + 63) / 64);
  int64_t in_mask = 0;
  for (size_t w = 0; w < combined.size(); ++w) {
    uint64_t m = mask[w];
    if (w == combined.size() - 1 && n % 64) m &= (uint64_t{1} << (n % 64)) - 1;
    in_mask += std::popcount(m);
    combined[w] = m & (values.validity ? values.validity[w] : ~uint64_t{0});
  }
  ColumnView masked = values;
  masked.validity = combined.data();
  const size_t threads = internal::ThreadsFor(n, options.threads, options.parallel_threshold);
  auto p = internal::Prepare(masked, options.include_infinite, threads);
  const int64_t valid = p.rows - p.nulls;
  p.rows = in_mask;
  p.nulls = in_mask - valid;
  return internal::SummarizePrepared(p, options, threads);
}

Result<std::vector<std::optional<double>>> Quantiles(const ColumnView& values,
                                                     std::span<const double> ps,
                                                     QuantileMethod method) {
  SummaryOptions o;
  o.stats = StatSet{Stat::kQuantiles};
  o.quantiles.assign(ps.begin(), ps.end());
  o.method = method;
  auto s = SAGAZ_TRY(Summarize(values, o));
  std::vector<std::optional<double>> out;
  if (s.quantiles.empty()) {
    out.assign(ps.size(), std::nullopt);
  } else {
    for (const auto& q : s.quantiles) out.push_back(q.value);
  }
  return out;
}

Result<Histogram> MakeHistogram(const ColumnView& values, const HistogramSpec& spec) {
  SummaryOptions o;
  o.stats = StatSet{Stat::kHistogram};
  o.histogram = spec;
  auto s = SAGAZ_TRY(Summarize(values, o));
  if (!s.histogram) {
    return Fail(ErrorCode::kInvalidArgument,
                "no histogram: " + std::string(s.NoteFor(Stat::kHistogram)));
  }
  return std::move(*s.histogram);
}

}  // namespace sagaz::stats
