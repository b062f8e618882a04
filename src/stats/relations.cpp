// Relationships between two columns and trends: covariance, Pearson, Spearman, OLS, Theil–Sen and
// Mann–Kendall.
#include <hwy/contrib/sort/vqsort.h>

#include <algorithm>
#include <bit>
#include <boost/math/distributions/students_t.hpp>
#include <cmath>
#include <limits>
#include <numeric>

#include "stats/internal/parallel.hpp"
#include "stats/internal/select.hpp"
#include "stats/internal/simd.hpp"
#include "stats/stats.hpp"

namespace sagaz::stats {
namespace {

using internal::CompensatedSum;

constexpr double kInf = std::numeric_limits<double>::infinity();

struct Pairs {
  std::vector<double> x, y;
};

Result<Pairs> CompletePairs(const ColumnView& x, const ColumnView& y) {
  if (x.size != y.size) {
    return Fail(Error(ErrorCode::kInvalidArgument, "the two columns have different lengths")
                    .With("x_rows", std::to_string(x.size))
                    .With("y_rows", std::to_string(y.size)));
  }
  Pairs p;
  p.x.reserve(x.size);
  p.y.reserve(x.size);
  for (size_t i = 0; i < x.size; ++i) {
    if (!x.IsValid(i) || !y.IsValid(i)) continue;
    const double a = x.At(i), b = y.At(i);
    if (!std::isfinite(a) || !std::isfinite(b)) continue;
    p.x.push_back(a);
    p.y.push_back(b);
  }
  return p;
}

double Mean(const std::vector<double>& v) {
  CompensatedSum s;
  for (double x : v) s.Add(x);
  return s.Value() / static_cast<double>(v.size());
}

int ScaleExponent(double spread) {
  if (!(spread > 0) || !std::isfinite(spread)) return 0;
  return std::clamp(std::ilogb(spread) + 1, -1021, 1023);
}

// Second moments about the means, in scaled units: deviations are multiplied by 2^−ex and 2^−ey
// so that no product overflows or underflows. The corrected two-pass algorithm.
struct Comoments {
  double n = 0, mean_x = 0, mean_y = 0;
  double sxx = 0, syy = 0, sxy = 0;
  int ex = 0, ey = 0;
};

Comoments ComputeComoments(const std::vector<double>& x, const std::vector<double>& y) {
  Comoments c;
  c.n = static_cast<double>(x.size());
  c.mean_x = Mean(x);
  c.mean_y = Mean(y);
  double spread_x = 0, spread_y = 0;
  for (size_t i = 0; i < x.size(); ++i) {
    spread_x = std::max(spread_x, std::abs(x[i] - c.mean_x));
    spread_y = std::max(spread_y, std::abs(y[i] - c.mean_y));
  }
  c.ex = ScaleExponent(spread_x);
  c.ey = ScaleExponent(spread_y);
  const double sx = std::ldexp(1.0, -c.ex), sy = std::ldexp(1.0, -c.ey);
  CompensatedSum dx, dy, xx, yy, xy;
  for (size_t i = 0; i < x.size(); ++i) {
    const double a = (x[i] - c.mean_x) * sx, b = (y[i] - c.mean_y) * sy;
    dx.Add(a);
    dy.Add(b);
    xx.Add(a * a);
    yy.Add(b * b);
    xy.Add(a * b);
  }
  c.sxx = std::max(0.0, xx.Value() - dx.Value() * dx.Value() / c.n);
  c.syy = std::max(0.0, yy.Value() - dy.Value() * dy.Value() / c.n);
  c.sxy = xy.Value() - dx.Value() * dy.Value() / c.n;
  return c;
}

// Order-preserving unsigned key of a double (for Highway's key-value sort).
uint64_t OrderKey(double v) {
  if (v == 0) v = 0;  // -0 and +0 are one value
  const auto bits = std::bit_cast<uint64_t>(v);
  return bits >> 63 ? ~bits : bits | (uint64_t{1} << 63);
}

// Average ranks (1-based; ties share the mean of their ranks), as scipy.stats.rankdata.
std::vector<double> AverageRanks(const std::vector<double>& v) {
  const size_t n = v.size();
  std::vector<hwy::K64V64> kv(n);
  for (size_t i = 0; i < n; ++i) {
    kv[i].key = OrderKey(v[i]);
    kv[i].value = i;
  }
  thread_local hwy::Sorter sorter;
  if (n > 1) sorter(kv.data(), n, hwy::SortAscending());
  std::vector<double> ranks(n);
  for (size_t i = 0; i < n;) {
    size_t j = i + 1;
    while (j < n && kv[j].key == kv[i].key) ++j;
    const double r = (static_cast<double>(i + 1) + static_cast<double>(j)) / 2;
    for (size_t k = i; k < j; ++k) ranks[kv[k].value] = r;
    i = j;
  }
  return ranks;
}

std::optional<double> Correlation(const Comoments& c) {
  if (c.sxx == 0 || c.syy == 0) return std::nullopt;
  return std::clamp(c.sxy / std::sqrt(c.sxx * c.syy), -1.0, 1.0);
}

// ---- inversion counting (merge sort), for Mann–Kendall and Theil–Sen -------------------------

// Number of pairs i < j with key[j] < key[i] (strictly). Sorts `key` as a side effect; `scratch`
// is working memory (reused across calls). Insertion sort of blocks of 16, then bottom-up merges
// without branches: on unordered data a branch per step mispredicts half the time.
// Merges two sorted runs of `w` values, src[0, w) and src[w, 2w), into dst, returning the pairs
// (left, right) with right < left. Both ends at once, w steps each: the front takes the smaller
// value (the left one on ties) and counts the lefts not yet taken; the back takes the larger (the
// right one on ties) and counts, for each right it takes, the lefts it took before. Each right is
// taken by one end, and each end sees exactly the lefts greater than it, so every pair counts
// once; the two independent chains of loads and compares run side by side in the core.
int64_t MergeHalves(const double* src, size_t w, double* dst) {
  const double *l = src, *r = src + w;                    // front
  const double *lb = src + w - 1, *rb = src + 2 * w - 1;  // back
  const double* const lefts_end = src + w;
  double *df = dst, *db = dst + 2 * w - 1;
  int64_t front = 0, back = 0;
  for (size_t s = 0; s < w; ++s) {
    const double lv = *l, rv = *r;
    const int64_t right = rv < lv;
    *df++ = right ? rv : lv;
    front += (lefts_end - l) & -right;
    r += right;
    l += 1 - right;
    const double lbv = *lb, rbv = *rb;
    const int64_t left = lbv > rbv;
    *db-- = left ? lbv : rbv;
    back += ((lefts_end - 1) - lb) & (left - 1);
    lb -= left;
    rb -= 1 - left;
  }
  return front + back;
}

int64_t CountInversions(std::vector<double>& key, std::vector<double>& scratch) {
  constexpr size_t kBlock = 16;
  const size_t n = key.size();
  scratch.resize(n);
  int64_t inversions = 0;
  double* a = key.data();
  for (size_t lo = 0; lo < n; lo += kBlock) {
    const size_t hi = std::min(lo + kBlock, n);
    for (size_t i = lo + 1; i < hi; ++i) {
      const double v = a[i];
      size_t j = i;
      for (; j > lo && v < a[j - 1]; --j) a[j] = a[j - 1];
      a[j] = v;
      inversions += static_cast<int64_t>(i - j);
    }
  }
  for (size_t width = kBlock; width < n; width *= 2) {
    const double* src = key.data();
    double* dst = scratch.data();
    for (size_t lo = 0; lo < n; lo += 2 * width) {
      const size_t mid = std::min(lo + width, n), hi = std::min(lo + 2 * width, n);
      if (hi - mid == width) {
        inversions += MergeHalves(src + lo, width, dst + lo);
        continue;
      }
      size_t i = lo, j = mid, k = lo;
      while (i < mid && j < hi) {
        const size_t right = src[j] < src[i];
        size_t from = right ? j : i;
        __asm__("" : "+r"(from));  // keeps GCC from turning the select back into a branch
        dst[k++] = src[from];
        inversions += static_cast<int64_t>((mid - i) & (0 - right));
        j += right;
        i += 1 - right;
      }
      while (i < mid) dst[k++] = src[i++];
      while (j < hi) dst[k++] = src[j++];
    }
    key.swap(scratch);
  }
  return inversions;
}

int64_t CountInversions(std::vector<double>& key) {
  std::vector<double> scratch;
  return CountInversions(key, scratch);
}

// Pairs (a, b) with a before b in `items` and key(b) < key(a), each reported once via `emit`, by
// insertion sort: every step of an item past an earlier one is one such pair, so the cost is
// O(n + pairs). Meant for nearly sorted items (Theil–Sen's last bracket: a bounded number of
// pairs); a merge sort would cost O(n log n) whatever their number.
template <class Emit>
void EnumerateInversions(std::vector<std::pair<double, uint32_t>>& items, Emit&& emit) {
  for (size_t i = 1; i < items.size(); ++i) {
    const auto item = items[i];
    size_t j = i;
    for (; j > 0 && item.first < items[j - 1].first; --j) {
      emit(items[j - 1].second, item.second);
      items[j] = items[j - 1];
    }
    items[j] = item;
  }
}

// Points sorted by (x, y).
struct Sorted {
  std::vector<double> x, y;
};

Sorted SortPoints(const Pairs& p) {
  auto before = [&](size_t a, size_t b) {
    return p.x[a] < p.x[b] || (p.x[a] == p.x[b] && p.y[a] < p.y[b]);
  };
  bool sorted = true;  // a series usually comes in time order
  for (size_t i = 1; i < p.x.size() && sorted; ++i) sorted = !before(i, i - 1);
  if (sorted) return Sorted{p.x, p.y};
  std::vector<uint32_t> order(p.x.size());
  std::iota(order.begin(), order.end(), 0u);
  std::sort(order.begin(), order.end(), before);
  Sorted s;
  s.x.reserve(order.size());
  s.y.reserve(order.size());
  for (uint32_t i : order) {
    s.x.push_back(p.x[i]);
    s.y.push_back(p.y[i]);
  }
  return s;
}

// Σ over groups of equal values (in a sorted vector) of f(group size).
template <class F>
double TieSum(const std::vector<double>& sorted, F&& f) {
  double total = 0;
  for (size_t i = 0; i < sorted.size();) {
    size_t j = i + 1;
    while (j < sorted.size() && sorted[j] == sorted[i]) ++j;
    total += f(static_cast<double>(j - i));
    i = j;
  }
  return total;
}

MannKendall ComputeMannKendall(const Sorted& s) {
  const double n = static_cast<double>(s.x.size());
  // Knight's algorithm: discordant pairs are the strict inversions of y in (x, y) order.
  std::vector<double> y = s.y;
  const int64_t discordant = CountInversions(y);  // y is now sorted
  auto pairs = [](double t) { return t * (t - 1) / 2; };
  const double n0 = n * (n - 1) / 2;
  const double n1 = TieSum(s.x, pairs);
  const double n2 = TieSum(y, pairs);
  double n3 = 0;  // pairs tied in both x and y
  for (size_t i = 0; i < s.x.size();) {
    size_t j = i + 1;
    while (j < s.x.size() && s.x[j] == s.x[i] && s.y[j] == s.y[i]) ++j;
    n3 += pairs(static_cast<double>(j - i));
    i = j;
  }
  const double concordant = n0 - n1 - n2 + n3 - static_cast<double>(discordant);
  MannKendall mk;
  mk.s = static_cast<int64_t>(std::llround(concordant - static_cast<double>(discordant)));
  // Var(S) with ties in x and y (Kendall); reduces to Mann–Kendall's when time has no ties.
  auto v = [](double t) { return t * (t - 1) * (2 * t + 5); };
  const double vt = TieSum(s.x, v), vu = TieSum(y, v);
  const double t1 = TieSum(s.x, [](double t) { return t * (t - 1); });
  const double u1 = TieSum(y, [](double t) { return t * (t - 1); });
  const double t2 = TieSum(s.x, [](double t) { return t * (t - 1) * (t - 2); });
  const double u2 = TieSum(y, [](double t) { return t * (t - 1) * (t - 2); });
  mk.variance = (n * (n - 1) * (2 * n + 5) - vt - vu) / 18 + t1 * u1 / (2 * n * (n - 1)) +
                t2 * u2 / (9 * n * (n - 1) * (n - 2));
  const double sd = std::sqrt(mk.variance);
  const double sv = static_cast<double>(mk.s);
  mk.z = sd > 0 ? (mk.s > 0 ? (sv - 1) / sd : mk.s < 0 ? (sv + 1) / sd : 0.0) : 0.0;
  mk.p_value = std::erfc(std::abs(mk.z) / std::sqrt(2.0));
  mk.tau = sv / n0;
  mk.trend = mk.p_value < 0.05 ? (mk.s > 0 ? "increasing" : "decreasing") : "no trend";
  return mk;
}

// ---- Theil–Sen ------------------------------------------------------------------------------

double MedianOf(std::vector<double> v) {
  const internal::QuantilePoint q =
      internal::LocateQuantile(v.size(), 0.5, QuantileMethod::kLinear);
  size_t ranks[2] = {q.lo, q.hi};
  double out[2];
  internal::SelectRanksInPlace(v, std::span<const size_t>(ranks, q.lo == q.hi ? 1 : 2), out, 1);
  return q.lo == q.hi ? out[0] : (out[0] + out[1]) / 2;
}

// The median of the pairwise slopes (y_j − y_i)/(x_j − x_i) over pairs with x_i != x_j, as
// numpy.median of scipy.stats.theilslopes' slopes.
//
// Written by hand (no library computes it without materializing all n²/2 slopes): small inputs
// enumerate every slope; large ones bracket the median slope t with counts of pairs whose slope is
// below t — an inversion count of y − t·x in x order, O(n log n) — narrowed from a random sample
// of slopes and then by interpolation, until few enough pairs remain between the brackets to
// enumerate them (they are the inversions between the two orders) and select exactly.
std::optional<TheilSenFit> ComputeTheilSen(const Sorted& s, int64_t* pairs_out) {
  const size_t n = s.x.size();
  const double group_pairs = TieSum(s.x, [](double t) { return t * (t - 1) / 2; });
  const auto total = static_cast<int64_t>(static_cast<double>(n) * (n - 1) / 2 - group_pairs);
  *pairs_out = total;
  if (total <= 0) return std::nullopt;
  const int64_t k1 = (total - 1) / 2, k2 = total / 2;
  auto slope = [&](size_t i, size_t j) { return (s.y[j] - s.y[i]) / (s.x[j] - s.x[i]); };
  double median_slope;
  constexpr int64_t kEnumerateAll = int64_t{1} << 22;
  if (total <= kEnumerateAll) {
    std::vector<double> slopes;
    slopes.reserve(static_cast<size_t>(total));
    for (size_t i = 0; i < n; ++i)
      for (size_t j = i + 1; j < n; ++j)
        if (s.x[j] != s.x[i]) slopes.push_back(slope(i, j));
    size_t ranks[2] = {static_cast<size_t>(k1), static_cast<size_t>(k2)};
    double out[2];
    internal::SelectRanksInPlace(slopes, std::span<const size_t>(ranks, k1 == k2 ? 1 : 2), out, 1);
    median_slope = k1 == k2 ? out[0] : (out[0] + out[1]) / 2;
  } else {
    // Centered coordinates for the order tests (slopes themselves come from the raw values).
    const double cx = s.x[n / 2], cy = MedianOf(s.y);
    // Counts come in pairs (both brackets, two probes), each on its own core.
    std::vector<double> z[2], scratch[2];
    auto count = [&](int slot, double t) {  // pairs with slope < t
      z[slot].resize(n);
      for (size_t i = 0; i < n; ++i) z[slot][i] = (s.y[i] - cy) - t * (s.x[i] - cx);
      return CountInversions(z[slot], scratch[slot]);
    };
    auto below = [&](double t) { return count(0, t); };
    auto below_both = [&](double a, double b) {
      int64_t c[2];
      internal::ParallelFor(2, n >= 2048 ? 2 : 1,
                            [&](size_t k) { c[k] = count(static_cast<int>(k), k ? b : a); });
      return std::pair(c[0], c[1]);
    };
    // Random sample of slopes (pairs with distinct x).
    uint64_t state = 0x7E11'5E4Full ^ n;
    auto next = [&] {
      uint64_t v = (state += 0x9E3779B97F4A7C15ull);
      v = (v ^ (v >> 30)) * 0xBF58476D1CE4E5B9ull;
      v = (v ^ (v >> 27)) * 0x94D049BB133111EBull;
      return v ^ (v >> 31);
    };
    // A sample of about 4n slopes brackets the median; each count of pairs below a slope costs
    // O(n log n), so the brackets are then narrowed until about 8n pairs are left between them
    // (enumerating and selecting those costs about as much as one more count).
    const size_t m = std::clamp<size_t>(4 * n, size_t{1} << 14, 100000);
    std::vector<double> sample;
    sample.reserve(m);
    for (size_t tries = 0; sample.size() < m && tries < 20 * m; ++tries) {
      auto index = [&] {  // uniform in [0, n) by multiply-shift (no division)
        return static_cast<size_t>((static_cast<unsigned __int128>(next()) * n) >> 64);
      };
      size_t i = index(), j = index();
      if (i == j || s.x[i] == s.x[j]) continue;
      if (i > j) std::swap(i, j);
      sample.push_back(slope(i, j));
    }
    const double md = static_cast<double>(sample.size());
    const double q = (static_cast<double>(k1) + 0.5) / static_cast<double>(total);
    const double delta = 5 * std::sqrt(md * q * (1 - q)) + 5;
    // The two sample slopes at the brackets' ranks, by selection (no sort); past either end of
    // the sample, a bracket is open.
    const double rank_lo = std::floor(q * md - delta), rank_hi = std::ceil(q * md + delta);
    double lo = -std::numeric_limits<double>::max(), hi = std::numeric_limits<double>::max();
    {
      size_t ranks[2];
      size_t used = 0;
      if (rank_lo >= 0) ranks[used++] = static_cast<size_t>(rank_lo);
      if (rank_hi < md) ranks[used++] = static_cast<size_t>(rank_hi);
      double out[2];
      if (used) internal::SelectRanksInPlace(sample, std::span<const size_t>(ranks, used), out, 1);
      if (rank_lo >= 0) lo = out[0];
      if (rank_hi < md) hi = out[used - 1];
    }
    auto [c_lo, c_hi] = below_both(lo, hi);
    if (c_lo > k1) lo = -std::numeric_limits<double>::max(), c_lo = below(lo);
    if (c_hi <= k2) hi = std::numeric_limits<double>::max(), c_hi = below(hi);
    // Narrow by interpolating ranks (regula falsi with bisection as a safeguard).
    const int64_t cap = std::max<int64_t>(8 * static_cast<int64_t>(n), 1 << 16);
    for (int iter = 0; iter < 200 && c_hi - c_lo > cap; ++iter) {
      if (std::nextafter(lo, kInf) >= hi) break;  // every pair between has slope lo
      const double span = static_cast<double>(c_hi - c_lo);
      const double margin = static_cast<double>(cap) / 4;
      auto probe = [&](double rank) {
        double f = (rank - static_cast<double>(c_lo)) / span;
        f = std::clamp(f, 0.0, 1.0);
        double t = lo + (hi - lo) * f;
        if (!(t > lo && t < hi) || !std::isfinite(t)) t = lo / 2 + hi / 2;
        return t;
      };
      const double t1 = iter % 3 == 2 ? lo / 2 + hi / 2 : probe(static_cast<double>(k1) - margin);
      const double t2 = iter % 3 == 2 ? t1 : probe(static_cast<double>(k2) + margin);
      // Both probes are counted at once; applied in order, as if the second were counted after
      // the first had moved a bracket (it is skipped when it fell outside).
      const bool two = t1 != t2;
      const auto [c1, c2] = two ? below_both(t1, t2) : std::pair(below(t1), int64_t{0});
      const std::pair<double, int64_t> probes[2] = {{t1, c1}, {t2, c2}};
      for (int k = 0; k < (two ? 2 : 1); ++k) {
        const auto [t, c] = probes[k];
        if (!(t > lo && t < hi)) continue;
        if (c <= k1) {
          lo = t, c_lo = c;
        } else if (c > k2) {
          hi = t, c_hi = c;
        }
      }
    }
    if (c_hi - c_lo > cap) {
      median_slope = lo;  // brackets are adjacent doubles: the slopes between all equal lo
    } else {
      // Pairs with lo <= slope < hi are the inversions of the hi-order within the lo-order.
      // The lo-order, ties by index (a stable sort), as 128-bit keys for Highway's sort.
      std::vector<hwy::uint128_t> keyed(n);
      for (size_t i = 0; i < n; ++i)
        keyed[i] = {.lo = i, .hi = OrderKey((s.y[i] - cy) - lo * (s.x[i] - cx))};
      thread_local hwy::Sorter sorter;
      sorter(keyed.data(), n, hwy::SortAscending());
      std::vector<std::pair<double, uint32_t>> order(n);
      for (size_t k = 0; k < n; ++k) {
        const auto i = static_cast<uint32_t>(keyed[k].lo);
        order[k] = {(s.y[i] - cy) - hi * (s.x[i] - cx), i};
      }
      std::vector<double> slopes;
      slopes.reserve(static_cast<size_t>(c_hi - c_lo) + 16);
      EnumerateInversions(order, [&](uint32_t a, uint32_t b) {
        const size_t i = std::min(a, b), j = std::max(a, b);
        if (s.x[i] != s.x[j]) slopes.push_back(slope(i, j));
      });
      const auto r1 =
          static_cast<size_t>(std::clamp<int64_t>(k1 - c_lo, 0, int64_t(slopes.size()) - 1));
      const auto r2 =
          static_cast<size_t>(std::clamp<int64_t>(k2 - c_lo, 0, int64_t(slopes.size()) - 1));
      size_t ranks[2] = {r1, r2};
      double out[2];
      internal::SelectRanksInPlace(slopes, std::span<const size_t>(ranks, r1 == r2 ? 1 : 2), out,
                                   1);
      median_slope = r1 == r2 ? out[0] : (out[0] + out[1]) / 2;
    }
  }
  TheilSenFit fit;
  fit.slope = median_slope;
  fit.intercept = MedianOf(s.y) - median_slope * MedianOf(s.x);
  fit.pairs = total;
  return fit;
}

}  // namespace

Result<Relationship> Relate(const ColumnView& x, const ColumnView& y) {
  auto pairs = SAGAZ_TRY(CompletePairs(x, y));
  Relationship r;
  r.count = static_cast<int64_t>(pairs.x.size());
  if (r.count < 2) {
    for (const char* s : {"covariance", "pearson", "spearman"})
      r.notes.emplace_back(s, "needs at least 2 rows where both values are present");
    return r;
  }
  const Comoments c = ComputeComoments(pairs.x, pairs.y);
  r.covariance = std::ldexp(c.sxy / (c.n - 1), c.ex + c.ey);
  const char* constant = c.sxx == 0 ? "x is constant" : "y is constant";
  if (auto p = Correlation(c)) {
    r.pearson = *p;
  } else {
    r.notes.emplace_back("pearson", constant);
  }
  const Comoments rc = ComputeComoments(AverageRanks(pairs.x), AverageRanks(pairs.y));
  if (auto sp = Correlation(rc)) {
    r.spearman = *sp;
  } else {
    r.notes.emplace_back("spearman", constant);
  }
  return r;
}

Result<Trend> FitTrend(const ColumnView& x, const ColumnView& y) {
  auto pairs = SAGAZ_TRY(CompletePairs(x, y));
  Trend t;
  t.count = static_cast<int64_t>(pairs.x.size());
  if (t.count < 2) {
    t.notes.emplace_back("trend", "needs at least 2 rows where both values are present");
    return t;
  }
  const Comoments c = ComputeComoments(pairs.x, pairs.y);
  if (c.sxx == 0) {
    t.notes.emplace_back("ols", "x is constant");
    t.notes.emplace_back("theil_sen", "x is constant");
  } else {
    OlsFit ols;
    ols.slope = std::ldexp(c.sxy / c.sxx, c.ey - c.ex);
    ols.intercept = c.mean_y - ols.slope * c.mean_x;
    if (c.syy > 0) {
      const double r = std::clamp(c.sxy / std::sqrt(c.sxx * c.syy), -1.0, 1.0);
      ols.r_squared = r * r;
      if (t.count > 2) {
        const double df = c.n - 2;
        const double se = std::ldexp(std::sqrt((1 - r * r) * c.syy / c.sxx / df), c.ey - c.ex);
        ols.slope_stderr = se;
        const double sxx_n = std::ldexp(c.sxx / c.n, 2 * c.ex);
        ols.intercept_stderr = se * std::sqrt(sxx_n + c.mean_x * c.mean_x);
        try {  // Boost.Math reports domain errors by throwing; keep them inside.
          if (se == 0) {
            ols.p_value = 0.0;
          } else {
            const boost::math::students_t dist(df);
            ols.p_value =
                2 * boost::math::cdf(boost::math::complement(dist, std::abs(ols.slope / se)));
          }
        } catch (const std::exception&) {
          t.notes.emplace_back("ols.p_value", "the t distribution could not be evaluated");
        }
      }
    } else {
      t.notes.emplace_back("ols.r_squared", "y is constant");
    }
    t.ols = ols;
  }
  const Sorted sorted = SortPoints(pairs);
  // Theil–Sen and Mann–Kendall are independent: on large inputs each gets a core.
  internal::ParallelFor(2, t.count >= 2048 ? 2 : 1, [&](size_t task) {
    if (task == 0 && c.sxx != 0) {
      int64_t npairs = 0;
      t.theil_sen = ComputeTheilSen(sorted, &npairs);
    } else if (task == 1 && t.count >= 3) {
      t.mann_kendall = ComputeMannKendall(sorted);
    }
  });
  if (t.count < 3) t.notes.emplace_back("mann_kendall", "needs at least 3 rows");
  return t;
}

}  // namespace sagaz::stats
