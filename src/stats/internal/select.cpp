// Exact selection of several order statistics at once.
//
// Written by hand: the standard library's nth_element finds one rank per O(n) pass and is branchy,
// and Highway's vectorized quicksort sorts everything (O(n log n)); no library here selects many
// ranks in one pass. The method is Floyd–Rivest's sampling idea generalized to a set of ranks:
//   1. sort a stratified random sample (a few thousand values);
//   2. for every wanted rank take the two sample values that bracket it with a wide safety margin;
//   3. one vectorized pass counts, for every bracket, the values below it, and copies the values
//      inside it (a few percent of the data);
//   4. each rank is then an order statistic inside a small copied bracket, selected there
//      (recursively for large brackets). Ties at the bracket ends stay inside the bracket.
// When the sample misleads (probability ~1e-3 per call), the interval that holds a rank is copied
// in an extra pass: the answer is always exact.
#include "stats/internal/select.hpp"

#include <hwy/contrib/sort/vqsort.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "stats/internal/parallel.hpp"
#include "stats/internal/simd.hpp"

namespace sagaz::stats::internal {
namespace {

constexpr size_t kDirectMax = size_t{1} << 13;  // below this, nth_element on a copy is cheaper
constexpr size_t kSortRanks = 24;               // more ranks than this: sort instead of selecting
constexpr double kInf = std::numeric_limits<double>::infinity();

uint64_t SplitMix64(uint64_t& state) {
  uint64_t z = (state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

// Selects ranks (absolute positions in a[0, n)) in a[lo, hi), which holds exactly the order
// statistics lo..hi-1. Middle rank first, then each side: O(n log k) for k ranks.
void MultiSelect(double* a, size_t lo, size_t hi, std::span<const size_t> ranks, double* out) {
  if (ranks.empty()) return;
  const size_t mid = ranks.size() / 2;
  const size_t r = ranks[mid];
  std::nth_element(a + lo, a + r, a + hi);
  out[mid] = a[r];
  MultiSelect(a, lo, r, ranks.first(mid), out);
  auto right = ranks.subspan(mid + 1);
  // The next rank (quantiles between two order statistics) is the minimum of the right part.
  if (!right.empty() && right[0] == r + 1) {
    double* smallest = std::min_element(a + r + 1, a + hi);
    out[mid + 1] = *smallest;
    if (right.size() == 1) return;
    std::iter_swap(smallest, a + r + 1);  // a[r + 1] is now that order statistic
    MultiSelect(a, r + 2, hi, right.subspan(1), out + mid + 2);
    return;
  }
  MultiSelect(a, r + 1, hi, right, out + mid + 1);
}

void SelectSmall(double* a, size_t n, std::span<const size_t> ranks, double* out) {
  if (ranks.size() > kSortRanks) {
    SortDoubles(a, n);
    for (size_t i = 0; i < ranks.size(); ++i) out[i] = a[ranks[i]];
    return;
  }
  MultiSelect(a, 0, n, ranks, out);
}

// A wanted rank found inside an open interval of values, to be selected in a copy of it.
struct Pending {
  size_t local_rank;
  size_t slot;  // index into the caller's out[]
};

void SampleSelect(std::span<const double> x, std::span<const size_t> ranks, double* out,
                  size_t threads) {
  const size_t n = x.size();
  // 1. A stratified sample: one random value from each of s equal slices (robust to sorted or
  // periodic data, and read in increasing address order).
  const size_t s =
      std::min(n / 4, std::max<size_t>(1024, static_cast<size_t>(16 * std::sqrt(double(n)))));
  std::vector<double> sample(s);
  uint64_t state = 0x5A6A2ull ^ (n * 0x9E3779B97F4A7C15ull);
  const double stride = static_cast<double>(n) / static_cast<double>(s);  // >= 4
  for (size_t i = 0; i < s; ++i) {
    const auto begin = static_cast<size_t>(static_cast<double>(i) * stride);
    const auto width = static_cast<uint64_t>(stride) - 1;  // stays inside the slice
    // Lemire's multiply-shift maps a random word to [0, width) without a division.
    const auto offset =
        static_cast<size_t>((static_cast<unsigned __int128>(SplitMix64(state)) * width) >> 64);
    sample[i] = x[std::min(begin + offset, n - 1)];
  }
  SortDoubles(sample.data(), s);

  // 2. Brackets around each rank: sample values with a safety margin of 3.5 standard deviations of
  // the rank's position in the sample; brackets that touch are merged.
  auto sample_value = [&](long pos) {
    return pos < 0 ? -kInf : pos >= static_cast<long>(s) ? kInf : sample[static_cast<size_t>(pos)];
  };
  Brackets plan;
  for (size_t k : ranks) {
    const double q = (double(k) + 0.5) / double(n);
    const double center = q * double(s);
    const double delta = 3.5 * std::sqrt(double(s) * q * (1 - q)) + 3.0;
    const double lo = sample_value(static_cast<long>(std::floor(center - delta)));
    const double hi = sample_value(static_cast<long>(std::ceil(center + delta)));
    if (!plan.lo.empty() && lo <= plan.hi.back()) {
      plan.hi.back() = std::max(plan.hi.back(), hi);
    } else {
      plan.lo.push_back(lo);
      plan.hi.push_back(hi);
    }
  }
  const size_t groups = plan.lo.size();

  // 3. One pass: per bracket, the count below it and a copy of what is inside; per block, merged
  // in block order.
  std::vector<BracketResult> parts(BlockCount(n));
  ForBlocks(n, threads, [&](size_t b, size_t begin, size_t end) {
    BracketF64(x.data() + begin, end - begin, plan, &parts[b]);
  });
  std::vector<int64_t> below(groups, 0);
  std::vector<std::vector<double>> inside(groups);
  for (size_t g = 0; g < groups; ++g) {
    size_t total = 0;
    for (const auto& p : parts) {
      below[g] += p.below[g];
      total += p.inside[g].size();
    }
    inside[g].reserve(total);
    for (const auto& p : parts)
      inside[g].insert(inside[g].end(), p.inside[g].begin(), p.inside[g].end());
  }
  parts.clear();

  // 4. Each rank is inside a bracket (selected in its copy) or, rarely, between brackets.
  std::vector<std::vector<Pending>> pending(groups);
  struct Missed {
    double lo, hi;  // open interval; an infinite bound includes that infinity
    std::vector<Pending> want;
  };
  std::vector<Missed> missed;
  for (size_t t = 0; t < ranks.size(); ++t) {
    const auto k = static_cast<int64_t>(ranks[t]);
    // The first bracket that ends above rank k (values <= hi[g] have ranks < below[g] + size).
    size_t g = 0;
    while (g < groups && k >= below[g] + static_cast<int64_t>(inside[g].size())) ++g;
    if (g < groups && k >= below[g]) {
      pending[g].push_back({static_cast<size_t>(k - below[g]), t});
      continue;
    }
    // Between bracket g-1 and bracket g: values in (hi[g-1], lo[g]).
    const int64_t base = g == 0 ? 0 : below[g - 1] + static_cast<int64_t>(inside[g - 1].size());
    const double lo = g == 0 ? -kInf : plan.hi[g - 1];
    const double hi = g == groups ? kInf : plan.lo[g];
    if (missed.empty() || missed.back().lo != lo || missed.back().hi != hi) {
      missed.push_back({lo, hi, {}});
    }
    missed.back().want.push_back({static_cast<size_t>(k - base), t});
  }
  auto finish = [&](std::vector<double>& values, std::vector<Pending>& want) {
    std::vector<size_t> local;
    for (const auto& w : want) local.push_back(w.local_rank);
    std::sort(local.begin(), local.end());
    local.erase(std::unique(local.begin(), local.end()), local.end());
    std::vector<double> found(local.size(), std::numeric_limits<double>::quiet_NaN());
    // Counts and copies agree by construction; never index past a copy even if they did not.
    const size_t usable = static_cast<size_t>(
        std::lower_bound(local.begin(), local.end(), values.size()) - local.begin());
    const auto wanted = std::span<const size_t>(local).first(usable);
    if (values.size() > n / 2) {
      SelectSmall(values.data(), values.size(), wanted, found.data());  // no progress to recurse
    } else {
      SelectRanksInPlace(values, wanted, found.data(), threads);
    }
    for (const auto& w : want) {
      out[w.slot] =
          found[std::lower_bound(local.begin(), local.end(), w.local_rank) - local.begin()];
    }
  };
  for (size_t g = 0; g < groups; ++g) {
    if (pending[g].empty()) continue;
    if (plan.lo[g] == plan.hi[g]) {  // a bracket of ties: every value in it is the answer
      for (const auto& w : pending[g]) out[w.slot] = plan.lo[g];
      continue;
    }
    finish(inside[g], pending[g]);
  }
  // The sample misled us for these ranks: copy their whole interval (still exact, just slower).
  for (auto& miss : missed) {
    std::vector<double> values;
    for (double v : x) {
      if ((v > miss.lo || (miss.lo == -kInf && v == -kInf)) &&
          (v < miss.hi || (miss.hi == kInf && v == kInf))) {
        values.push_back(v);
      }
    }
    finish(values, miss.want);
  }
}

}  // namespace

void SortDoubles(double* values, size_t n) {
  if (n < 2) return;
  if (n < 64) {
    std::sort(values, values + n);
    return;
  }
  thread_local hwy::Sorter sorter;
  sorter(values, n, hwy::SortAscending());
}

void SelectRanksInPlace(std::vector<double>& values, std::span<const size_t> ranks, double* out,
                        size_t threads) {
  if (ranks.empty()) return;
  if (values.size() <= kDirectMax || ranks.size() > kSortRanks) {
    SelectSmall(values.data(), values.size(), ranks, out);
    return;
  }
  SampleSelect(values, ranks, out, threads);
}

void SelectRanks(std::span<const double> values, std::span<const size_t> ranks, double* out,
                 size_t threads) {
  if (ranks.empty()) return;
  if (values.size() <= kDirectMax || ranks.size() > kSortRanks) {
    std::vector<double> copy(values.begin(), values.end());
    SelectSmall(copy.data(), copy.size(), ranks, out);
    return;
  }
  SampleSelect(values, ranks, out, threads);
}

QuantilePoint LocateQuantile(size_t n, double p, QuantileMethod method) {
  const double nd = static_cast<double>(n);
  const double last = nd - 1;
  auto clamp_index = [&](double i) {
    if (i < 0) return size_t{0};
    if (i > last) return n - 1;
    return static_cast<size_t>(i);
  };
  // Discrete methods: an order statistic, chosen exactly as numpy does.
  if (method == QuantileMethod::kInvertedCdf || method == QuantileMethod::kClosestObservation) {
    const double index = method == QuantileMethod::kInvertedCdf ? nd * p - 1 : nd * p - 1 - 0.5;
    const double prev = std::floor(index);
    const double gamma = index - prev;
    bool take_prev = gamma == 0;
    if (method == QuantileMethod::kClosestObservation) {
      const double parity = prev - 2 * std::floor(prev / 2);  // Python's floor modulo
      take_prev = take_prev && parity == 0;
    }
    const size_t i = clamp_index(take_prev ? prev : prev + 1);
    return {i, i, 0};
  }
  double v;
  double alpha = 0, beta = 0;
  switch (method) {
    case QuantileMethod::kLinear:
      v = (nd - 1) * p;
      break;
    case QuantileMethod::kAveragedInvertedCdf:
      v = nd * p - 1;
      break;
    default:
      switch (method) {
        case QuantileMethod::kInterpolatedInvertedCdf:
          alpha = 0, beta = 1;
          break;
        case QuantileMethod::kHazen:
          alpha = 0.5, beta = 0.5;
          break;
        case QuantileMethod::kWeibull:
          alpha = 0, beta = 0;
          break;
        case QuantileMethod::kMedianUnbiased:
          alpha = 1 / 3.0, beta = 1 / 3.0;
          break;
        default:  // kNormalUnbiased
          alpha = 3 / 8.0, beta = 3 / 8.0;
          break;
      }
      v = nd * p + (alpha + p * (1 - alpha - beta)) - 1;
  }
  double prev = std::floor(v);
  size_t lo, hi;
  if (v >= last) {
    lo = hi = n - 1;
    prev = -1;  // numpy computes gamma against its index -1 here; the value is x[n-1] anyway
  } else if (v < 0) {
    lo = hi = 0;
    prev = 0;
  } else {
    lo = static_cast<size_t>(prev);
    hi = lo + 1;
  }
  double gamma = v - prev;
  if (method == QuantileMethod::kAveragedInvertedCdf) gamma = gamma == 0 ? 0.5 : 1.0;
  return {lo, hi, gamma};
}

double Lerp(double a, double b, double t) {
  if (a == b) return a;
  const double diff = b - a;
  if (!std::isfinite(diff)) {  // overflow or infinite ends
    if (t <= 0) return a;
    if (t >= 1) return b;
    return a * (1 - t) + b * t;
  }
  return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
}

}  // namespace sagaz::stats::internal
