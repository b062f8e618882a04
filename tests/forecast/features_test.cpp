// Indicators against hand-computed values (the arithmetic is in the comments), labels, and the
// rule every feature obeys: its value at day t never changes when days after t are appended.
#include "forecast/features.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>

#include "synthetic.hpp"

namespace sagaz::forecast {
namespace {

constexpr double kTol = 1e-9;

TEST(Indicators, SmaAveragesTheLastNValues) {
  const std::vector<double> x = {1, 2, 3, 4, 5};
  const auto s = Sma(x, 3);
  EXPECT_TRUE(std::isnan(s[0]) && std::isnan(s[1]));
  EXPECT_NEAR(s[2], 2, kTol);  // (1+2+3)/3
  EXPECT_NEAR(s[3], 3, kTol);
  EXPECT_NEAR(s[4], 4, kTol);
}

TEST(Indicators, EmaIsSeededWithTheSmaThenSmoothed) {
  const std::vector<double> x = {1, 2, 3, 4, 8};
  const auto e = Ema(x, 3);  // a = 2/(3+1) = 0.5
  EXPECT_TRUE(std::isnan(e[1]));
  EXPECT_NEAR(e[2], 2, kTol);    // SMA(1,2,3)
  EXPECT_NEAR(e[3], 3, kTol);    // 0.5*4 + 0.5*2
  EXPECT_NEAR(e[4], 5.5, kTol);  // 0.5*8 + 0.5*3
}

TEST(Indicators, RsiUsesWilderSmoothing) {
  const std::vector<double> c = {1, 2, 1, 2, 3};
  const auto r = Rsi(c, 2);
  // changes +1 -1 +1 +1; seed gain (1+0)/2 = .5, loss (0+1)/2 = .5 -> RS 1 -> 50
  EXPECT_TRUE(std::isnan(r[1]));
  EXPECT_NEAR(r[2], 50, kTol);
  // gain (.5*1 + 1)/2 = .75, loss (.5*1 + 0)/2 = .25 -> RS 3 -> 75
  EXPECT_NEAR(r[3], 75, kTol);
  // gain (.75 + 1)/2 = .875, loss .125 -> RS 7 -> 87.5
  EXPECT_NEAR(r[4], 87.5, kTol);
  EXPECT_NEAR(Rsi(std::vector<double>{1, 2, 3}, 2)[2], 100, kTol);  // no loss
}

TEST(Indicators, MacdIsTheEmaDifferenceWithItsSignal) {
  const std::vector<double> c = {1, 2, 4, 8, 16, 32};
  const auto m = ComputeMacd(c, 2, 3, 2);
  // EMA2 (a = 2/3): 1.5 @1, 2/3*4 + 1/3*1.5 = 3.1666.. @2, 2/3*8 + 1/3*3.1666.. = 6.3888.. @3
  // EMA3 (a = 1/2): 7/3 @2, 0.5*8 + 0.5*7/3 = 5.1666.. @3
  EXPECT_TRUE(std::isnan(m.macd[1]));
  EXPECT_NEAR(m.macd[2], 19.0 / 6 - 7.0 / 3, kTol);
  EXPECT_NEAR(m.macd[3], (2.0 / 3 * 8 + 19.0 / 18) - (4 + 7.0 / 6), kTol);
  // The signal starts from the first two MACD values (days 2 and 3).
  EXPECT_TRUE(std::isnan(m.signal[2]));
  EXPECT_NEAR(m.signal[3], (m.macd[2] + m.macd[3]) / 2, kTol);
  EXPECT_NEAR(m.signal[4], 2.0 / 3 * m.macd[4] + 1.0 / 3 * m.signal[3], kTol);
  EXPECT_NEAR(m.histogram[4], m.macd[4] - m.signal[4], kTol);
}

TEST(Indicators, BollingerPercentBAndWidth) {
  const std::vector<double> c = {1, 2, 3};
  const auto b = ComputeBollinger(c, 3, 2);
  // mean 2, population sd sqrt(2/3) = 0.816497; bands 2 ± 1.632993
  EXPECT_NEAR(b.percent_b[2], (3 - (2 - 2 * std::sqrt(2.0 / 3))) / (4 * std::sqrt(2.0 / 3)), kTol);
  EXPECT_NEAR(b.width[2], 4 * std::sqrt(2.0 / 3) / 2, kTol);
  EXPECT_NEAR(b.percent_b[2], 0.8061862178, 1e-9);
}

TEST(Indicators, AtrTakesTheTrueRangeAcrossGaps) {
  Series s;
  s.day = {0, 1, 2, 3};
  s.high = {2, 3, 2.6, 4};
  s.low = {1, 2, 2.4, 3};
  s.close = {1.5, 2.5, 2.5, 3.5};
  s.open = s.close;
  s.volume = {1, 1, 1, 1};
  const auto a = Atr(s, 2);
  // TR1 = max(1, |3-1.5|, |2-1.5|) = 1.5; TR2 = max(.2, .1, .1) = .2; seed (1.5+.2)/2 = .85
  EXPECT_NEAR(a[2], 0.85, kTol);
  // TR3 = max(1, |4-2.5|, |3-2.5|) = 1.5; (.85*1 + 1.5)/2 = 1.175
  EXPECT_NEAR(a[3], 1.175, kTol);
}

TEST(Indicators, RealizedVolatilityIsAnnualised) {
  const std::vector<double> c = {1, 2, 4, 4};
  const auto v = RealizedVolatility(c, 2);
  EXPECT_NEAR(v[2], 0, kTol);  // two equal log returns
  // sd(ln 2, 0) = ln2/sqrt2 = 0.4901291; * sqrt(252)
  EXPECT_NEAR(v[3], std::log(2.0) / std::sqrt(2.0) * std::sqrt(252.0), kTol);
}

TEST(Indicators, VolumeZScore) {
  const std::vector<double> v = {1, 2, 3, 10};
  const auto z = VolumeZScore(v, 3);
  EXPECT_NEAR(z[2], 1, kTol);                    // (3-2)/1
  EXPECT_NEAR(z[3], 5 / std::sqrt(19.0), kTol);  // window 2,3,10: mean 5, sd sqrt(19)
  EXPECT_NEAR(VolumeZScore(std::vector<double>{5, 5, 5}, 3)[2], 0, kTol);
}

TEST(Indicators, ObvAddsVolumeOnUpDaysAndSubtractsOnDownDays) {
  const auto o = Obv(std::vector<double>{1, 2, 2, 1}, std::vector<double>{10, 20, 30, 40});
  EXPECT_EQ(o, (std::vector<double>{0, 20, 20, -20}));
}

TEST(Labels, DirectionOverTheHorizonWithADeadZone) {
  Series s;
  s.close = {1, 2, 1, 1, 3};
  s.day = {0, 1, 2, 3, 4};
  auto l = MakeLabels(s, 1, 0);
  EXPECT_EQ(l.direction, (std::vector<int8_t>{1, 0, 0, 1, -1}));  // r = 1, -.5, 0, 2, unknown
  EXPECT_NEAR(l.forward_return[1], -0.5, kTol);
  EXPECT_TRUE(std::isnan(l.forward_return[4]));
  l = MakeLabels(s, 1, 0.1);
  EXPECT_EQ(l.direction, (std::vector<int8_t>{1, 0, -1, 1, -1}));  // 0 is flat
  l = MakeLabels(s, 2, 0);
  EXPECT_EQ(l.direction, (std::vector<int8_t>{0, 0, 1, -1, -1}));  // 1->1, 2->1, 1->3
}

TEST(Features, EveryFeatureIsDefinedAfterTheWarmUp) {
  const auto s = testing::RandomWalk(120, 1);
  const auto f = ComputeFeatures(s);
  EXPECT_EQ(f.names.size(), FeatureNames().size());
  EXPECT_EQ(f.FirstComplete(), 49u);  // SMA(50) is the longest window
  EXPECT_NEAR(f.at(60, 0), s.close[60] / s.close[59] - 1, kTol);
  EXPECT_EQ(f.at(60, f.cols() - 1), DayOfWeek(s.day[60]));
}

// The look-ahead test: each feature at day t, computed from days 0..t only, equals the one
// computed from the whole series, bit for bit.
TEST(Features, NoFeatureChangesWhenLaterDaysAreAppended) {
  const auto full = testing::RandomWalk(400, 7);
  const auto all = ComputeFeatures(full);
  for (size_t cut : {60u, 61u, 137u, 250u, 399u}) {
    Series prefix = full;
    for (auto* col : {&prefix.open, &prefix.high, &prefix.low, &prefix.close, &prefix.volume}) {
      col->resize(cut);
    }
    prefix.day.resize(cut);
    const auto part = ComputeFeatures(prefix);
    for (size_t r = 0; r < cut; ++r) {
      for (size_t c = 0; c < all.cols(); ++c) {
        const double a = part.at(r, c), b = all.at(r, c);
        ASSERT_EQ(std::memcmp(&a, &b, sizeof a), 0)
            << all.names[c] << " at day " << r << " changes when days from " << cut
            << " on are appended";
      }
    }
  }
}

}  // namespace
}  // namespace sagaz::forecast
