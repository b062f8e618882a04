// Kernel families beyond the golden summaries: value policies, validity and masks, exact integer
// sums, thread invariance, options, relationships, trends, transforms, weights, censoring, groups.
#include <gtest/gtest.h>
#include <hwy/targets.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <numeric>
#include <optional>
#include <random>

#include "stats/stats.hpp"
#include "stats_test_util.hpp"

namespace sagaz::stats {
namespace {

using testing::Close;
using testing::JsonDouble;
using testing::kRel;

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::vector<double> Normal(size_t n, uint64_t seed, double mean = 0, double sd = 1) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> d(mean, sd);
  std::vector<double> v(n);
  for (auto& x : v) x = d(rng);
  return v;
}

ColumnView View(const std::vector<double>& v, const uint64_t* valid = nullptr) {
  return ColumnView(std::span<const double>(v), valid);
}

// ---- values policy -----------------------------------------------------------------------------

TEST(Policy, NullsNanAndInfinitiesAreCountedAndExcluded) {
  const std::vector<double> v = {1, kNaN, 2, kInf, 3, -kInf, 4, 0 /* NULL */};
  std::vector<uint64_t> valid = {0b0111'1111};
  auto s = Summarize(View(v, valid.data()), {.stats = AllStats()});
  ASSERT_TRUE(s);
  EXPECT_EQ(s->rows, 8);
  EXPECT_EQ(s->count, 4);
  EXPECT_EQ(s->nulls, 1);
  EXPECT_EQ(s->nan, 1);
  EXPECT_EQ(s->infinite, 2);
  EXPECT_EQ(*s->min, 1);
  EXPECT_EQ(*s->max, 4);
  EXPECT_EQ(*s->mean, 2.5);
  EXPECT_EQ(*s->median, 2.5);
}

TEST(Policy, IncludeInfiniteMakesMomentsInfiniteOrUndefined) {
  const std::vector<double> v = {1, 2, kInf, 3};
  SummaryOptions o{.stats = AllStats(), .include_infinite = true};
  auto s = Summarize(View(v), o);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->count, 4);
  EXPECT_EQ(*s->max, kInf);
  EXPECT_EQ(*s->mean, kInf);
  EXPECT_EQ(*s->sum, kInf);
  EXPECT_FALSE(s->std_dev);
  EXPECT_NE(s->NoteFor(Stat::kStdDev).find("infinity"), std::string_view::npos);
  EXPECT_EQ(*s->median, 2.5);  // order statistics stay defined
  EXPECT_EQ(*s->q3, kInf);
  const std::vector<double> both = {-kInf, 1, kInf};
  auto b = Summarize(View(both), o);
  ASSERT_TRUE(b);
  EXPECT_FALSE(b->mean);
  EXPECT_FALSE(b->NoteFor(Stat::kMean).empty());
  EXPECT_EQ(*b->median, 1);
}

TEST(Policy, EmptyInputsGiveNullsWithReasons) {
  const std::vector<double> none;
  auto s = Summarize(View(none), {.stats = AllStats()});
  ASSERT_TRUE(s);
  EXPECT_EQ(s->count, 0);
  EXPECT_FALSE(s->mean);
  EXPECT_EQ(s->NoteFor(Stat::kMean), "the input has no rows");
  const std::vector<double> nans = {kNaN, kNaN};
  auto n = Summarize(View(nans));
  ASSERT_TRUE(n);
  EXPECT_EQ(n->nan, 2);
  EXPECT_FALSE(n->median);
  EXPECT_FALSE(n->NoteFor(Stat::kMedian).empty());
}

TEST(Policy, CoefficientOfVariationIsUndefinedAtAZeroMean) {
  const std::vector<double> v = {-1, 1, -2, 2};
  auto s = Summarize(View(v));
  ASSERT_TRUE(s);
  EXPECT_EQ(*s->mean, 0);
  EXPECT_FALSE(s->coef_var);
  EXPECT_NE(s->NoteFor(Stat::kCoefVar).find("zero"), std::string_view::npos);
  // Tiny but real means keep a (large) defined CV.
  const std::vector<double> w = {-1, 1.001};
  auto t = Summarize(View(w));
  ASSERT_TRUE(t && t->coef_var);
  EXPECT_GT(*t->coef_var, 100);
}

// ---- validity, masks, types ---------------------------------------------------------------------

TEST(Columns, ValidityAcrossWordsAndTailsMatchesACompactedCopy) {
  for (size_t n : {size_t{1}, size_t{63}, size_t{64}, size_t{65}, size_t{1000}, size_t{200003}}) {
    const auto v = Normal(n, n);
    std::vector<uint64_t> valid((n + 63) / 64, 0);
    std::vector<double> kept;
    std::mt19937_64 rng(n + 1);
    for (size_t i = 0; i < n; ++i) {
      if (rng() % 5 != 0) {
        valid[i / 64] |= uint64_t{1} << (i % 64);
        kept.push_back(v[i]);
      }
    }
    auto a = Summarize(View(v, valid.data()), {.stats = AllStats()});
    auto b = Summarize(View(kept), {.stats = AllStats()});
    ASSERT_TRUE(a && b);
    EXPECT_EQ(a->nulls, static_cast<int64_t>(n - kept.size()));
    EXPECT_EQ(a->count, b->count);
    for (Stat st : AllStats().List()) {
      if (st == Stat::kNulls || st == Stat::kCount) continue;
      EXPECT_EQ(a->Get(st).has_value(), b->Get(st).has_value()) << Name(st) << " n=" << n;
      if (a->Get(st) && b->Get(st)) {
        EXPECT_EQ(*a->Get(st), *b->Get(st)) << Name(st) << " n=" << n;
      }
    }
  }
}

TEST(Columns, MaskedStatisticsUseOnlyMaskedRows) {
  const std::vector<double> v = {10, 20, 30, 40, 50, 60};
  std::vector<uint64_t> valid = {0b111011};  // row 2 is NULL
  std::vector<uint64_t> mask = {0b000111};   // rows 0..2
  auto s = Summarize(View(v, valid.data()), mask.data(), {});
  ASSERT_TRUE(s);
  EXPECT_EQ(s->rows, 3);
  EXPECT_EQ(s->nulls, 1);
  EXPECT_EQ(s->count, 2);
  EXPECT_EQ(*s->mean, 15);
}

TEST(Columns, Int64SumsAreExactBeyondTheInt64Range) {
  std::vector<int64_t> v(1000, std::numeric_limits<int64_t>::max() - 7);
  v.push_back(-3);
  auto s = Summarize(ColumnView(std::span<const int64_t>(v)), {.stats = {Stat::kSum, Stat::kMean}});
  ASSERT_TRUE(s);
  const long double exact = 1000.0L * (std::numeric_limits<int64_t>::max() - 7) - 3;
  EXPECT_EQ(*s->sum, static_cast<double>(exact));
  EXPECT_EQ(*s->mean, static_cast<double>(exact / 1001));
}

TEST(Columns, FloatAndInt32Columns) {
  const std::vector<float> f = {1.5f, 2.5f, std::numeric_limits<float>::quiet_NaN(), 3.5f};
  auto s = Summarize(ColumnView(std::span<const float>(f)));
  ASSERT_TRUE(s);
  EXPECT_EQ(s->nan, 1);
  EXPECT_EQ(*s->mean, 2.5);
  const std::vector<int32_t> i = {-5, 5, 10};
  auto t = Summarize(ColumnView(std::span<const int32_t>(i)));
  ASSERT_TRUE(t);
  EXPECT_EQ(*t->sum, 10);
  EXPECT_EQ(*t->median, 5);
}

TEST(Columns, NumericColumnAppendsChunksWithTheirValidity) {
  NumericColumn col(NumericType::kFloat64);
  std::vector<double> all;
  std::vector<bool> ok;
  std::mt19937_64 rng(3);
  for (size_t chunk : {size_t{2048}, size_t{2048}, size_t{100}, size_t{37}, size_t{2048}}) {
    std::vector<double> values(chunk);
    std::vector<uint64_t> valid((chunk + 63) / 64, 0);
    for (size_t i = 0; i < chunk; ++i) {
      values[i] = static_cast<double>(rng() % 1000);
      const bool v = rng() % 7 != 0;
      if (v) valid[i / 64] |= uint64_t{1} << (i % 64);
      all.push_back(values[i]);
      ok.push_back(v);
    }
    const bool with_validity = rng() % 2;
    col.Append(values.data(), chunk, with_validity ? valid.data() : nullptr);
    if (!with_validity) {
      for (size_t i = 0; i < chunk; ++i) ok[ok.size() - chunk + i] = true;
    }
  }
  col.AppendNull();
  all.push_back(0);
  ok.push_back(false);
  col.AppendValue(5);
  all.push_back(5);
  ok.push_back(true);
  const ColumnView v = col.view();
  ASSERT_EQ(v.size, all.size());
  for (size_t i = 0; i < all.size(); ++i) {
    ASSERT_EQ(v.IsValid(i), ok[i]) << i;
    if (ok[i]) {
      ASSERT_EQ(v.At(i), all[i]) << i;
    }
  }
}

// ---- threads and large inputs -------------------------------------------------------------------

TEST(Threads, ResultsDoNotDependOnTheThreadCount) {
  auto v = Normal(3'000'000, 11, 1e6, 3);
  v[17] = kNaN;
  std::vector<uint64_t> valid((v.size() + 63) / 64, ~uint64_t{0});
  valid[1000] = 0x00FF00FF00FF00FFull;
  SummaryOptions o{.stats = AllStats(), .quantiles = {0.001, 0.5, 0.999}};
  o.parallel_threshold = 0;
  o.threads = 1;
  auto one = Summarize(View(v, valid.data()), o);
  o.threads = 2;
  auto two = Summarize(View(v, valid.data()), o);
  ASSERT_TRUE(one && two);
  for (Stat st : AllStats().List()) {
    ASSERT_EQ(one->Get(st).has_value(), two->Get(st).has_value()) << Name(st);
    if (one->Get(st)) {
      EXPECT_EQ(*one->Get(st), *two->Get(st)) << Name(st);
    }
  }
  EXPECT_EQ(one->histogram->counts, two->histogram->counts);
  for (size_t i = 0; i < 3; ++i) EXPECT_EQ(one->quantiles[i].value, two->quantiles[i].value);
}

TEST(Threads, LargeQuantilesMatchASortForEveryMethod) {
  const auto v = Normal(1'000'003, 5);
  auto sorted = v;
  std::sort(sorted.begin(), sorted.end());
  const std::vector<double> ps = {0, 0.001, 0.25, 0.5, 0.75, 0.999, 1};
  for (int m = 1; m <= 9; ++m) {
    auto q = Quantiles(View(v), ps, static_cast<QuantileMethod>(m));
    ASSERT_TRUE(q);
    // Bounded by the neighbouring order statistics of a full sort.
    for (size_t i = 0; i < ps.size(); ++i) {
      const double pos = ps[i] * (sorted.size() - 1);
      const auto lo = static_cast<size_t>(std::max(0.0, std::floor(pos) - 1));
      const auto hi = std::min(sorted.size() - 1, static_cast<size_t>(std::ceil(pos) + 1));
      EXPECT_GE(*(*q)[i], sorted[lo]);
      EXPECT_LE(*(*q)[i], sorted[hi]);
    }
  }
  auto q7 = Quantiles(View(v), std::vector<double>{0.5});
  EXPECT_EQ(*(*q7)[0], (sorted[500001]));
}

// Every compiled instruction set (SSE4, AVX2, AVX-512 when the CPU has them, and the portable
// fallback) gives the same order statistics and counts, and sums equal to rounding.
TEST(Threads, EveryInstructionSetAgrees) {
  auto v = Normal(200'003, 21, 50, 9);
  v[7] = kNaN;
  v[9] = kInf;
  std::vector<uint64_t> valid((v.size() + 63) / 64, ~uint64_t{0});
  for (size_t w = 0; w < valid.size(); w += 3) valid[w] = 0xF0F0F0F0F0F0F0F0ull;
  SummaryOptions o{.stats = AllStats(), .quantiles = {0.01, 0.99}};
  std::optional<Summary> reference;
  int tested = 0;
  for (int64_t targets = hwy::SupportedTargets(); targets != 0; targets &= targets - 1) {
    const int64_t target = targets & -targets;
    if (!(target & HWY_TARGETS)) continue;
    hwy::SetSupportedTargetsForTest(target);
    auto s = Summarize(View(v, valid.data()), o);
    hwy::SetSupportedTargetsForTest(0);
    ASSERT_TRUE(s) << hwy::TargetName(target);
    ++tested;
    if (!reference) {
      reference = std::move(*s);
      continue;
    }
    for (Stat st : AllStats().List()) {
      ASSERT_EQ(reference->Get(st).has_value(), s->Get(st).has_value()) << Name(st);
      if (!s->Get(st)) continue;
      EXPECT_TRUE(Close(s->Get(st), reference->Get(st), 1e-13, 1e-13))
          << Name(st) << " on " << hwy::TargetName(target);
    }
    EXPECT_EQ(s->count, reference->count);
    EXPECT_EQ(s->nulls, reference->nulls);
    EXPECT_EQ(s->histogram->counts, reference->histogram->counts);
  }
  EXPECT_GE(tested, 2);  // at least the best target and the portable fallback
}

// ---- options ------------------------------------------------------------------------------------

TEST(Options, InvalidOptionsAreErrorsThatNameTheOption) {
  const std::vector<double> v = {1, 2, 3};
  struct Bad {
    SummaryOptions o;
    const char* option;
  };
  std::vector<Bad> bad = {
      {{.quantiles = {1.5}}, "quantiles"},
      {{.trim = 0.5}, "trim"},
      {{.iqr_k = -1}, "iqr_k"},
      {{.mad_threshold = 0}, "mad_threshold"},
  };
  SummaryOptions h;
  h.histogram.rule = BinRule::kFixed;
  h.histogram.bins = 0;
  bad.push_back({h, "histogram"});
  SummaryOptions r;
  r.histogram.lower = 5;
  r.histogram.upper = 1;
  bad.push_back({r, "histogram"});
  for (const auto& b : bad) {
    auto s = Summarize(View(v), b.o);
    ASSERT_FALSE(s) << b.option;
    EXPECT_EQ(s.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(s.error().Detail("option"), b.option);
  }
}

TEST(Options, StatisticNamesAndGroups) {
  auto seed = ParseStats({"seed"});
  ASSERT_TRUE(seed);
  EXPECT_EQ(*seed, SeedStats());
  EXPECT_TRUE(seed->Has(Stat::kCoefVar));
  auto mixed = ParseStats({"MEAN", " mad ", "shape"});
  ASSERT_TRUE(mixed);
  EXPECT_TRUE(mixed->Has(Stat::kMean) && mixed->Has(Stat::kMad) && mixed->Has(Stat::kKurtosisPop));
  auto bad = ParseStats({"mean", "avg"});
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().Detail("statistic"), "avg");
  EXPECT_NE(bad.error().message.find("std_dev"), std::string::npos);
  EXPECT_EQ(*ParseStats(std::initializer_list<std::string_view>{}), DefaultStats());
  for (Stat st : AllStats().List()) EXPECT_EQ(StatFromName(Name(st)), st);
  EXPECT_EQ(*ParseQuantileMethod("type7"), QuantileMethod::kLinear);
  EXPECT_EQ(*ParseQuantileMethod("Hazen"), QuantileMethod::kHazen);
  EXPECT_EQ(*ParseQuantileMethod("1"), QuantileMethod::kInvertedCdf);
  EXPECT_FALSE(ParseQuantileMethod("10"));
  EXPECT_EQ(*ParseBinRule("freedman-diaconis"), BinRule::kFreedmanDiaconis);
  EXPECT_FALSE(ParseBinRule("scott"));
}

TEST(Histogram, ExplicitRangeCountsOutsideValuesAndCapsBins) {
  const std::vector<double> v = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 100};
  HistogramSpec spec{BinRule::kFixed, 5};
  spec.lower = 0;
  spec.upper = 10;
  auto h = MakeHistogram(View(v), spec);
  ASSERT_TRUE(h);
  EXPECT_EQ(h->counts, (std::vector<int64_t>{2, 2, 2, 2, 2}));
  EXPECT_EQ(h->outside, 1);
  EXPECT_EQ(h->bin_width(), 2);
  HistogramSpec fd;
  fd.max_bins = 3;
  std::vector<double> wide = Normal(10000, 1);
  wide.push_back(1e9);
  auto c = MakeHistogram(View(wide), fd);
  ASSERT_TRUE(c);
  EXPECT_TRUE(c->capped);
  EXPECT_EQ(c->counts.size(), 3u);
}

// ---- relationships and trends -------------------------------------------------------------------

class Pairs : public ::testing::TestWithParam<int> {};

TEST_P(Pairs, MatchScipy) {
  const auto all = testing::LoadJson(testing::StatsDataDir() / "pairs.json");
  const auto& c = all[static_cast<size_t>(GetParam())];
  std::vector<double> x, y;
  for (const auto& v : c["x"]) x.push_back(*JsonDouble(v));
  for (const auto& v : c["y"]) y.push_back(*JsonDouble(v));
  const auto& e = c["expected"];
  auto r = Relate(View(x), View(y));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->count, e["count"].get<int64_t>());
  EXPECT_TRUE(Close(r->covariance, JsonDouble(e["covariance"]), kRel, 0)) << "covariance";
  EXPECT_TRUE(Close(r->pearson, JsonDouble(e["pearson"]), kRel, 1e-15)) << "pearson";
  EXPECT_TRUE(Close(r->spearman, JsonDouble(e["spearman"]), 1e-12, 1e-15)) << "spearman";
  auto t = FitTrend(View(x), View(y));
  ASSERT_TRUE(t);
  if (e["ols"].is_null()) {
    EXPECT_FALSE(t->ols);
  } else {
    ASSERT_TRUE(t->ols);
    const auto& o = e["ols"];
    EXPECT_TRUE(Close(t->ols->slope, JsonDouble(o["slope"]), 1e-12, 1e-15)) << "slope";
    EXPECT_TRUE(Close(t->ols->intercept, JsonDouble(o["intercept"]), 1e-11, 1e-12)) << "intercept";
    if (o.contains("r_squared")) {
      EXPECT_TRUE(Close(t->ols->r_squared, JsonDouble(o["r_squared"]), kRel, 1e-15));
      EXPECT_TRUE(Close(t->ols->slope_stderr, JsonDouble(o["slope_stderr"]), 1e-10, 0));
      EXPECT_TRUE(Close(t->ols->intercept_stderr, JsonDouble(o["intercept_stderr"]), 1e-9, 0));
      EXPECT_TRUE(Close(t->ols->p_value, JsonDouble(o["p_value"]), 1e-8, 1e-300)) << "p";
    } else {
      EXPECT_FALSE(t->ols->r_squared);
    }
    ASSERT_TRUE(t->theil_sen);
    EXPECT_TRUE(Close(t->theil_sen->slope, JsonDouble(e["theil_sen"]["slope"]), kRel, 1e-15));
    EXPECT_TRUE(
        Close(t->theil_sen->intercept, JsonDouble(e["theil_sen"]["intercept"]), 1e-11, 1e-12));
  }
  ASSERT_TRUE(t->mann_kendall);
  const auto& mk = e["mann_kendall"];
  EXPECT_EQ(t->mann_kendall->s, mk["s"].get<int64_t>());
  EXPECT_TRUE(Close(t->mann_kendall->variance, JsonDouble(mk["variance"]), kRel, 0));
  EXPECT_TRUE(Close(t->mann_kendall->z, JsonDouble(mk["z"]), kRel, 1e-15));
  EXPECT_TRUE(Close(t->mann_kendall->p_value, JsonDouble(mk["p_value"]), 1e-10, 1e-300));
  EXPECT_TRUE(Close(t->mann_kendall->tau, JsonDouble(mk["tau"]), kRel, 1e-15));
}

INSTANTIATE_TEST_SUITE_P(Stats, Pairs, ::testing::Range(0, 5));

// Large Theil–Sen uses bracketing with inversion counts; it must equal the brute-force median.
TEST(Trend, LargeTheilSenEqualsTheMedianOfAllSlopes) {
  for (size_t n : {size_t{3000}, size_t{3500}}) {
    std::mt19937_64 rng(n);
    std::vector<double> x(n), y(n);
    for (size_t i = 0; i < n; ++i) {
      x[i] = static_cast<double>(rng() % (n / 2));  // ties in x
      y[i] = 0.3 * x[i] + static_cast<double>(rng() % 1000) / 10.0;
    }
    std::vector<double> slopes;
    for (size_t i = 0; i < n; ++i)
      for (size_t j = 0; j < n; ++j)
        if (x[j] > x[i]) slopes.push_back((y[j] - y[i]) / (x[j] - x[i]));
    std::sort(slopes.begin(), slopes.end());
    const size_t m = slopes.size();
    const double median = m % 2 ? slopes[m / 2] : (slopes[m / 2 - 1] + slopes[m / 2]) / 2;
    auto t = FitTrend(View(x), View(y));
    ASSERT_TRUE(t && t->theil_sen);
    EXPECT_EQ(t->theil_sen->pairs, static_cast<int64_t>(m));
    EXPECT_DOUBLE_EQ(t->theil_sen->slope, median) << "n=" << n;
    // Mann–Kendall's S with ties in both x and y (pairs tied in either count zero).
    int64_t s = 0;
    for (size_t i = 0; i < n; ++i)
      for (size_t j = i + 1; j < n; ++j)
        s += ((x[j] > x[i]) - (x[j] < x[i])) * ((y[j] > y[i]) - (y[j] < y[i]));
    ASSERT_TRUE(t->mann_kendall);
    EXPECT_EQ(t->mann_kendall->s, s) << "n=" << n;
  }
}

// A series of instants (distinct, sorted x): the shape Ask fits, counted in parallel pairs.
TEST(Trend, TheilSenOfInstantsEqualsTheMedianOfAllSlopes) {
  const size_t n = 6000;
  std::mt19937_64 rng(11);
  std::normal_distribution<double> noise(0, 1);
  std::vector<double> x(n), y(n);
  for (size_t i = 0; i < n; ++i) {
    x[i] = static_cast<double>(i) / 96.0;
    y[i] = 0.02 * x[i] + noise(rng);
  }
  std::vector<double> slopes;
  slopes.reserve(n * (n - 1) / 2);
  for (size_t i = 0; i < n; ++i)
    for (size_t j = i + 1; j < n; ++j) slopes.push_back((y[j] - y[i]) / (x[j] - x[i]));
  const size_t m = slopes.size();
  std::nth_element(slopes.begin(), slopes.begin() + m / 2, slopes.end());
  const double upper = slopes[m / 2];
  const double lower = *std::max_element(slopes.begin(), slopes.begin() + m / 2);
  auto t = FitTrend(View(x), View(y));
  ASSERT_TRUE(t && t->theil_sen && t->mann_kendall);
  EXPECT_DOUBLE_EQ(t->theil_sen->slope, m % 2 ? upper : (lower + upper) / 2);
  // Mann–Kendall's S from its definition.
  int64_t s = 0;
  for (size_t i = 0; i < n; ++i)
    for (size_t j = i + 1; j < n; ++j) s += (y[j] > y[i]) - (y[j] < y[i]);
  EXPECT_EQ(t->mann_kendall->s, s);
}

TEST(Trend, MannKendallOfAMonotoneSeries) {
  std::vector<double> x(200), y(200);
  for (size_t i = 0; i < 200; ++i) {
    x[i] = static_cast<double>(i);
    y[i] = -static_cast<double>(i) * 2;
  }
  auto t = FitTrend(View(x), View(y));
  ASSERT_TRUE(t && t->mann_kendall);
  EXPECT_EQ(t->mann_kendall->s, -200 * 199 / 2);
  EXPECT_EQ(t->mann_kendall->tau, -1);
  EXPECT_EQ(t->mann_kendall->trend, "decreasing");
  EXPECT_EQ(t->ols->slope, -2);
  EXPECT_EQ(*t->ols->r_squared, 1);
  EXPECT_EQ(*t->ols->p_value, 0);
  EXPECT_EQ(t->theil_sen->slope, -2);
}

TEST(Relate, ErrorsAndUndefinedValues) {
  const std::vector<double> a = {1, 2, 3}, b = {1, 2};
  EXPECT_FALSE(Relate(View(a), View(b)));
  const std::vector<double> c = {5, 5, 5};
  auto r = Relate(View(a), View(c));
  ASSERT_TRUE(r);
  EXPECT_EQ(*r->covariance, 0);
  EXPECT_FALSE(r->pearson);
  EXPECT_FALSE(r->notes.empty());
  const std::vector<double> one = {1};
  auto t = FitTrend(View(one), View(one));
  ASSERT_TRUE(t);
  EXPECT_FALSE(t->ols);
  EXPECT_FALSE(t->notes.empty());
}

// ---- transforms, weights, censoring -------------------------------------------------------------

TEST(Transforms, ZScoreMinMaxRobustAndBands) {
  const std::vector<double> v = {2, 4, 4, 4, 5, 5, 7, 9};
  auto z = Normalize(View(v), {NormalizeMethod::kZScore});
  ASSERT_TRUE(z);
  const double sd = std::sqrt(32.0 / 7);
  EXPECT_DOUBLE_EQ((*z)[0], (2 - 5) / sd);
  auto mm = Normalize(View(v), {NormalizeMethod::kMinMax, -1, 1});
  ASSERT_TRUE(mm);
  EXPECT_EQ((*mm)[0], -1);
  EXPECT_EQ((*mm)[7], 1);
  auto rb = Normalize(View(v), {NormalizeMethod::kRobust});
  ASSERT_TRUE(rb);
  EXPECT_DOUBLE_EQ((*rb)[7], (9 - 4.5) / (5.5 - 4));
  EXPECT_FALSE(Normalize(View(v), {NormalizeMethod::kMinMax, 1, 1}));
  // Bands: each band to its own [0, 1].
  const std::vector<double> w = {10, 20, 30, 1000, 2000, 3000, 7};
  const std::vector<uint32_t> band = {0, 0, 0, 1, 1, 1, 2};
  auto b = NormalizeBands(View(w), band, 3, {NormalizeMethod::kMinMax});
  ASSERT_TRUE(b);
  EXPECT_EQ(std::vector<double>(b->begin(), b->begin() + 6),
            (std::vector<double>{0, 0.5, 1, 0, 0.5, 1}));
  EXPECT_EQ((*b)[6], 0);  // a constant band keeps scale 1
  const std::vector<uint32_t> bad = {0, 9, 0, 0, 0, 0, 0};
  EXPECT_FALSE(NormalizeBands(View(w), bad, 3, {}));
}

TEST(Transforms, ModifiedZScores) {
  const std::vector<double> v = {1, 2, 3, 4, 100};
  auto z = ModifiedZScores(View(v));
  ASSERT_TRUE(z);
  EXPECT_DOUBLE_EQ((*z)[4], 0.6745 * 97 / 1);
  const std::vector<double> flat = {1, 1, 1, 2};
  EXPECT_FALSE(ModifiedZScores(View(flat)));
}

TEST(Weighted, MatchesTheGoldenFile) {
  const auto doc = testing::LoadJson(testing::StatsDataDir() / "weighted.json");
  std::vector<double> x = doc["values"], w = doc["weights"];
  auto r = Weighted(View(x), View(w));
  ASSERT_TRUE(r);
  const auto& e = doc["expected"];
  EXPECT_EQ(r->count, e["count"].get<int64_t>());
  EXPECT_TRUE(Close(r->sum_weights, JsonDouble(e["sum_weights"]), kRel, 0));
  EXPECT_TRUE(Close(r->mean, JsonDouble(e["mean"]), kRel, 0));
  EXPECT_TRUE(Close(r->variance_pop, JsonDouble(e["variance_pop"]), kRel, 0));
  EXPECT_TRUE(Close(r->variance_frequency, JsonDouble(e["variance_frequency"]), kRel, 0));
  EXPECT_TRUE(Close(r->variance_reliability, JsonDouble(e["variance_reliability"]), kRel, 0));
  EXPECT_TRUE(Close(r->std_dev_pop, JsonDouble(e["std_dev_pop"]), kRel, 0));
  std::vector<double> neg = {1, -1};
  auto bad = Weighted(View(std::vector<double>{1, 2}), View(neg));
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().Detail("row"), "1");
}

TEST(Censored, CountsAndHandlesValuesBeyondTheLimits) {
  const std::vector<double> v = {0.1, 0.5, 2, 3, 4, 50, 99};
  Censoring c{.lower = 1.0, .upper = 10.0, .method = CensorMethod::kHalfLimit};
  auto s = SummarizeCensored(View(v), c, {.stats = {Stat::kCount, Stat::kMean, Stat::kMax}});
  ASSERT_TRUE(s);
  EXPECT_EQ(s->below, 2);
  EXPECT_EQ(s->above, 2);
  EXPECT_EQ(s->summary.count, 7);
  EXPECT_DOUBLE_EQ(*s->summary.mean, (0.5 + 0.5 + 2 + 3 + 4 + 10 + 10) / 7);
  c.method = CensorMethod::kExclude;
  auto e = SummarizeCensored(View(v), c, {.stats = {Stat::kCount, Stat::kMean}});
  ASSERT_TRUE(e);
  EXPECT_EQ(e->summary.count, 3);
  EXPECT_EQ(*e->summary.mean, 3);
  EXPECT_FALSE(SummarizeCensored(View(v), Censoring{}, {}));
  EXPECT_FALSE(SummarizeCensored(View(v), Censoring{.lower = 5.0, .upper = 1.0}, {}));
}

// ---- groups -------------------------------------------------------------------------------------

TEST(Groups, GrouperGivesDenseIdsInOrderOfFirstAppearance) {
  Grouper g;
  EXPECT_EQ(g.AddString("sul"), 0u);
  EXPECT_EQ(g.AddString("norte"), 1u);
  EXPECT_EQ(g.AddString("sul"), 0u);
  EXPECT_EQ(g.AddNull(), 2u);
  EXPECT_EQ(g.AddInt(7), 3u);
  EXPECT_EQ(g.AddDouble(-0.0), 4u);
  EXPECT_EQ(g.AddDouble(0.0), 4u);
  EXPECT_EQ(g.AddNull(), 2u);
  EXPECT_EQ(g.size(), 5u);
  EXPECT_EQ(g.key(1).s, "norte");
  EXPECT_EQ(g.key(2).kind, Grouper::Key::Kind::kNull);
}

// Runs (a key repeated), repeated orders (one sensor's instants after another's) and random order
// give the ids a plain first-appearance numbering gives, one key at a time or a chunk at once.
TEST(Groups, GrouperIdsDoNotDependOnHowKeysArrive) {
  std::mt19937_64 rng(5);
  std::vector<std::vector<int64_t>> orders(3);
  for (int64_t sensor = 0; sensor < 7; ++sensor)
    for (int64_t t = 0; t < 300; ++t) orders[0].push_back(t * 900);  // sensor-major
  for (int64_t t = 0; t < 300; ++t)
    for (int64_t sensor = 0; sensor < 7; ++sensor) orders[1].push_back(t * 900);  // time-major
  for (int i = 0; i < 2100; ++i) orders[2].push_back(static_cast<int64_t>(rng() % 300) * 900);
  for (const auto& keys : orders) {
    std::vector<uint64_t> valid((keys.size() + 63) / 64, ~uint64_t{0});
    for (size_t i = 0; i < keys.size(); i += 97) valid[i / 64] &= ~(uint64_t{1} << (i % 64));
    std::map<std::optional<int64_t>, uint32_t> expected_ids;
    std::vector<uint32_t> expected;
    Grouper one;
    for (size_t i = 0; i < keys.size(); ++i) {
      const bool ok = (valid[i / 64] >> (i % 64)) & 1;
      const std::optional<int64_t> key = ok ? std::optional(keys[i]) : std::nullopt;
      expected.push_back(
          expected_ids.emplace(key, static_cast<uint32_t>(expected_ids.size())).first->second);
      EXPECT_EQ(ok ? one.AddInt(keys[i]) : one.AddNull(), expected.back()) << i;
    }
    Grouper chunked;
    std::vector<uint32_t> ids(keys.size());
    for (size_t at = 0; at < keys.size(); at += 512) {  // chunks start on validity words
      const size_t rows = std::min<size_t>(512, keys.size() - at);
      chunked.AddInts(keys.data() + at, rows, valid.data() + at / 64, ids.data() + at);
    }
    EXPECT_EQ(ids, expected);
    EXPECT_EQ(chunked.size(), expected_ids.size());
  }
  Grouper words;  // strings in runs
  EXPECT_EQ(words.AddString("b"), 0u);
  EXPECT_EQ(words.AddString("b"), 0u);
  EXPECT_EQ(words.AddString("a"), 1u);
  EXPECT_EQ(words.AddString("b"), 0u);
  EXPECT_EQ(words.AddString("a"), 1u);
  EXPECT_EQ(words.AddInt(1), 2u);
  EXPECT_EQ(words.AddDouble(1.0), 3u);  // not the integer 1
  EXPECT_EQ(words.AddInt(1), 2u);
}

TEST(Groups, MeanByGroupSkipsMissingValuesAndChecksIds) {
  const std::vector<double> v = {1, 2, kNaN, 4, kInf, 6, 7};
  std::vector<uint64_t> valid = {~(uint64_t{1} << 6)};  // row 6 is NULL
  const std::vector<uint32_t> group = {0, 1, 0, 1, 0, 1, 2};
  auto m = MeanByGroup(View(v, valid.data()), group, 4);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->mean[0], 1.0);
  EXPECT_EQ(m->mean[1], 4.0);
  EXPECT_FALSE(m->mean[2]);  // only a NULL
  EXPECT_FALSE(m->mean[3]);  // no rows
  EXPECT_EQ(m->count, (std::vector<int64_t>{1, 3, 0, 0}));
  const std::vector<int32_t> ints = {1, 2, 4};
  auto mi =
      MeanByGroup(ColumnView(std::span<const int32_t>(ints)), std::vector<uint32_t>{0, 0, 0}, 1);
  ASSERT_TRUE(mi);
  EXPECT_DOUBLE_EQ(*mi->mean[0], 7.0 / 3);
  // Large inputs are summed in ranges side by side: the same means as one long-double pass.
  const size_t n = 600000, groups = 1000;
  const auto big = Normal(n, 21, 1e6, 3);
  std::vector<uint32_t> of(n);
  std::vector<long double> sum(groups, 0);
  std::vector<int64_t> count(groups, 0);
  for (size_t i = 0; i < n; ++i) {
    of[i] = static_cast<uint32_t>((i * 2654435761u) % groups);
    sum[of[i]] += big[i];
    ++count[of[i]];
  }
  auto mb = MeanByGroup(View(big), of, groups);
  ASSERT_TRUE(mb);
  for (size_t g = 0; g < groups; ++g) {
    EXPECT_EQ(mb->count[g], count[g]);
    EXPECT_NEAR(*mb->mean[g], static_cast<double>(sum[g] / count[g]), 1e-15 * 1e6) << g;
  }
  EXPECT_FALSE(MeanByGroup(View(v), group, 2));                        // id 2 out of range
  EXPECT_FALSE(MeanByGroup(View(v), std::vector<uint32_t>{0, 1}, 2));  // lengths differ
}

TEST(Groups, GroupedSummariesEqualSummariesOfEachGroup) {
  const size_t n = 300000;
  const auto v = Normal(n, 8, 50, 10);
  std::vector<uint64_t> valid((n + 63) / 64, ~uint64_t{0});
  valid[3] = 0;
  std::vector<uint32_t> group(n);
  std::vector<std::vector<double>> parts(4);
  for (size_t i = 0; i < n; ++i) {
    group[i] = static_cast<uint32_t>((i * 7919) % 4);
    if ((valid[i / 64] >> (i % 64)) & 1) parts[group[i]].push_back(v[i]);
  }
  SummaryOptions o{.stats = AllStats()};
  auto grouped = SummarizeGroups(View(v, valid.data()), group, 4, o);
  ASSERT_TRUE(grouped);
  ASSERT_EQ(grouped->size(), 4u);
  int64_t nulls = 0;
  for (size_t g = 0; g < 4; ++g) {
    auto each = Summarize(View(parts[g]), o);
    ASSERT_TRUE(each);
    nulls += (*grouped)[g].nulls;
    for (Stat st : AllStats().List()) {
      if (st == Stat::kNulls) continue;
      ASSERT_EQ((*grouped)[g].Get(st).has_value(), each->Get(st).has_value()) << Name(st);
      if (each->Get(st)) {
        EXPECT_EQ(*(*grouped)[g].Get(st), *each->Get(st)) << Name(st);
      }
    }
  }
  EXPECT_EQ(nulls, 64);
  std::vector<uint32_t> bad(n, 9);
  EXPECT_FALSE(SummarizeGroups(View(v), bad, 4, o));
}

}  // namespace
}  // namespace sagaz::stats
