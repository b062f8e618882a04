// Exact selection: every rank the sampled multi-select returns equals the sorted array's element,
// whatever the size, distribution, ties, infinities and thread count.
#include "stats/internal/select.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>

#include "stats/stats.hpp"

namespace sagaz::stats::internal {
namespace {

std::vector<double> Make(const std::string& kind, size_t n, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> normal(0, 1);
  std::vector<double> v(n);
  for (size_t i = 0; i < n; ++i) {
    if (kind == "normal") {
      v[i] = normal(rng);
    } else if (kind == "sorted") {
      v[i] = static_cast<double>(i) * 0.5;
    } else if (kind == "reverse") {
      v[i] = -static_cast<double>(i);
    } else if (kind == "duplicates") {
      v[i] = static_cast<double>(rng() % 7);
    } else if (kind == "equal") {
      v[i] = 3.5;
    } else if (kind == "infinite") {
      const auto r = rng() % 10;
      v[i] = r == 0   ? std::numeric_limits<double>::infinity()
             : r == 1 ? -std::numeric_limits<double>::infinity()
                      : normal(rng);
    } else if (kind == "heavy") {
      v[i] = std::pow(10.0, normal(rng) * 30);
    } else if (kind == "clustered") {  // every value shares its leading bits
      v[i] = 1e6 + static_cast<double>(rng() % 1000) * 1e-9;
    }
  }
  return v;
}

struct Case {
  std::string kind;
  size_t n;
};

class SelectTest : public ::testing::TestWithParam<Case> {};

TEST_P(SelectTest, MatchesSortedOrder) {
  const auto& c = GetParam();
  const auto values = Make(c.kind, c.n, c.n * 31 + c.kind.size());
  auto sorted = values;
  std::sort(sorted.begin(), sorted.end());
  std::mt19937_64 rng(c.n);
  for (int round = 0; round < 4; ++round) {
    std::vector<size_t> ranks = {0, c.n - 1, c.n / 2, (c.n - 1) / 2, c.n / 4, 3 * c.n / 4};
    for (int i = 0; i < round * 7; ++i) ranks.push_back(rng() % c.n);
    std::sort(ranks.begin(), ranks.end());
    ranks.erase(std::unique(ranks.begin(), ranks.end()), ranks.end());
    for (size_t threads : {size_t{1}, size_t{2}}) {
      std::vector<double> out(ranks.size());
      SelectRanks(values, ranks, out.data(), threads);
      for (size_t i = 0; i < ranks.size(); ++i) {
        ASSERT_EQ(out[i], sorted[ranks[i]]) << c.kind << " n=" << c.n << " rank=" << ranks[i];
      }
      std::vector<double> copy = values;
      SelectRanksInPlace(copy, ranks, out.data(), threads);
      for (size_t i = 0; i < ranks.size(); ++i) ASSERT_EQ(out[i], sorted[ranks[i]]);
    }
  }
}

std::vector<Case> Cases() {
  std::vector<Case> cases;
  for (const char* kind :
       {"normal", "sorted", "reverse", "duplicates", "equal", "infinite", "heavy", "clustered"}) {
    for (size_t n : {size_t{1}, size_t{2}, size_t{3}, size_t{1000}, size_t{40000}, size_t{300001},
                     size_t{1} << 21}) {
      cases.push_back({kind, n});
    }
  }
  return cases;
}

INSTANTIATE_TEST_SUITE_P(Stats, SelectTest, ::testing::ValuesIn(Cases()), [](const auto& param) {
  return param.param.kind + "_" + std::to_string(param.param.n);
});

TEST(Select, ManyRanksAtOnce) {
  const auto values = Make("normal", 500000, 5);
  auto sorted = values;
  std::sort(sorted.begin(), sorted.end());
  std::vector<size_t> ranks;
  for (size_t r = 0; r < values.size(); r += 4999) ranks.push_back(r);  // 101 percentiles
  std::vector<double> out(ranks.size());
  SelectRanks(values, ranks, out.data(), 2);
  for (size_t i = 0; i < ranks.size(); ++i) EXPECT_EQ(out[i], sorted[ranks[i]]);
}

// numpy.quantile's index arithmetic for the discontinuous definitions.
TEST(Select, LocateQuantileDiscreteMethods) {
  // n = 10, p = 0.3: n·p − 1 = 2 exactly → inverted_cdf takes index 2.
  EXPECT_EQ(LocateQuantile(10, 0.3, QuantileMethod::kInvertedCdf).lo, 2u);
  EXPECT_EQ(LocateQuantile(10, 0.31, QuantileMethod::kInvertedCdf).lo, 3u);
  // averaged_inverted_cdf averages x[1] and x[2] at n·p = 2.
  const auto a = LocateQuantile(10, 0.2, QuantileMethod::kAveragedInvertedCdf);
  EXPECT_EQ(a.lo, 1u);
  EXPECT_EQ(a.hi, 2u);
  EXPECT_EQ(a.gamma, 0.5);
  // closest_observation rounds half to the even order statistic.
  EXPECT_EQ(LocateQuantile(10, 0.25, QuantileMethod::kClosestObservation).lo, 2u);
  EXPECT_EQ(LocateQuantile(10, 0.15, QuantileMethod::kClosestObservation).lo, 0u);
  EXPECT_EQ(LocateQuantile(1, 0.7, QuantileMethod::kLinear).lo, 0u);
  EXPECT_EQ(LocateQuantile(5, 1.0, QuantileMethod::kWeibull).hi, 4u);
  EXPECT_EQ(LocateQuantile(5, 0.0, QuantileMethod::kWeibull).lo, 0u);
}

TEST(Select, LerpIsSafeAtTheEndsOfTheDoubleRange) {
  const double big = std::numeric_limits<double>::max();
  EXPECT_EQ(Lerp(-big, big, 0.5), 0.0);
  EXPECT_EQ(Lerp(1, 3, 0.5), 2.0);
  EXPECT_EQ(Lerp(-std::numeric_limits<double>::infinity(), 1, 0),
            -std::numeric_limits<double>::infinity());
}

}  // namespace
}  // namespace sagaz::stats::internal
