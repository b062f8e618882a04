// Reading quotes: COTAHIST lines in B3's layout, the file reader's filters and rejections, and
// cleaning of raw rows (duplicates, null rows, weekends, non-trading days, adjusted closes).
#include <gtest/gtest.h>

#include <sstream>

#include "forecast/cotahist.hpp"
#include "forecast/series.hpp"
#include "synthetic.hpp"

namespace sagaz::forecast {
namespace {

TEST(Cotahist, ParsesEveryFieldOfAQuoteLine) {
  const int32_t day = *ParseDay("2023-03-15");
  const auto line =
      testing::CotahistLine(day, "02", "PETR4", 10, 24.5, 25.13, 24.01, 24.99, 51234500);
  ASSERT_EQ(line.size(), kCotahistLineLength);
  auto r = ParseCotahistLine(line);
  ASSERT_TRUE(r) << r.error().ToText();
  EXPECT_EQ(r->day, day);
  EXPECT_EQ(r->bdi, "02");
  EXPECT_EQ(r->ticker, "PETR4");
  EXPECT_EQ(r->market, 10);
  EXPECT_EQ(r->name, "EMPRESA S.A.");
  EXPECT_DOUBLE_EQ(r->open, 24.5);
  EXPECT_DOUBLE_EQ(r->high, 25.13);
  EXPECT_DOUBLE_EQ(r->low, 24.01);
  EXPECT_DOUBLE_EQ(r->close, 24.99);
  EXPECT_EQ(r->quantity, 51234500);
  EXPECT_EQ(r->trades, 1234);
  EXPECT_EQ(r->isin, "BRTESTACNOR1");
  EXPECT_NEAR(r->turnover, 24.99 * 51234500, 0.01);
}

TEST(Cotahist, PricesArePerShareUnderAQuoteFactor) {
  const auto line = testing::CotahistLine(*ParseDay("2001-02-01"), "02", "OLD3", 10, 12, 13, 11,
                                          12.5, 1000, 1000);
  auto r = ParseCotahistLine(line);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->quote_factor, 1000);
  EXPECT_DOUBLE_EQ(r->close, 12.5);
}

TEST(Cotahist, MalformedLinesNameTheirField) {
  auto line = testing::CotahistLine(*ParseDay("2023-03-15"), "02", "PETR4", 10, 1, 1, 1, 1, 1);
  EXPECT_FALSE(ParseCotahistLine(line.substr(0, 200)));
  std::string bad = line;
  bad[60] = 'x';  // inside PREABE
  auto r = ParseCotahistLine(bad);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().Detail("field"), "PREABE");
  bad = line;
  bad[7] = '1';
  bad[8] = '3';  // month 13
  r = ParseCotahistLine(bad);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().Detail("field"), "DATA");
}

TEST(Cotahist, ReaderKeepsTheCashLotMarketAndCountsTheRest) {
  auto s = testing::RandomWalk(120, 2);
  s.ticker = "ABCD3";
  const std::string path = ::testing::TempDir() + "/COTAHIST_A2019.TXT";
  testing::WriteCotahist(path, {s});
  std::ifstream in(path, std::ios::binary);
  std::vector<CotahistRecord> got;
  auto sum = ReadCotahist(in, {}, [&](const CotahistRecord& r) {
    got.push_back(r);
    return Ok();
  });
  ASSERT_TRUE(sum) << sum.error().ToText();
  EXPECT_TRUE(sum->header);
  EXPECT_TRUE(sum->trailer);
  EXPECT_EQ(sum->quotes, 120);
  EXPECT_EQ(sum->other_market, 6);  // an option and an odd lot every 50 days (3 days)
  EXPECT_EQ(sum->other_bdi, 3);
  EXPECT_EQ(sum->rejected, 0);
  ASSERT_EQ(got.size(), 120u);
  EXPECT_EQ(got[7].day, s.day[7]);
  EXPECT_NEAR(got[7].close, s.close[7], 0.005);
}

TEST(Cotahist, ReaderRejectsBadLinesAndRefusesOtherFiles) {
  std::stringstream mixed;
  mixed << "00COTAHIST.2019BOVESPA 20191230\n"
        << testing::CotahistLine(*ParseDay("2019-01-02"), "02", "X3", 10, 1, 1, 1, 1, 1) << "\n"
        << "01garbage\n";
  auto sum = ReadCotahist(mixed, {}, [](const CotahistRecord&) { return Ok(); });
  ASSERT_TRUE(sum);
  EXPECT_EQ(sum->quotes, 1);
  EXPECT_EQ(sum->rejected, 1);
  ASSERT_EQ(sum->errors.size(), 1u);
  EXPECT_EQ(sum->errors[0].line, 3);
  std::stringstream csv("date,close\n2019-01-02,10\n");
  EXPECT_FALSE(ReadCotahist(csv, {}, [](const CotahistRecord&) { return Ok(); }));
  EXPECT_TRUE(LooksLikeCotahist("00COTAHIST.2019BOVESPA"));
  EXPECT_FALSE(LooksLikeCotahist("date,open,high\n"));
}

RawBar Bar(const char* iso, std::optional<double> close, double volume = 100) {
  RawBar b;
  b.day = *ParseDay(iso);
  b.open = b.high = b.low = b.close = close;
  b.volume = volume;
  return b;
}

TEST(Clean, SortsDeduplicatesAndReportsWhatItDropped) {
  std::vector<RawBar> rows = {
      Bar("2024-01-03", 11),           Bar("2024-01-02", 10),
      Bar("2024-01-03", 12),            // duplicate date: the later row wins
      Bar("2024-01-04", std::nullopt),  // Yahoo's null row
      Bar("2024-01-06", 13),            // a Saturday
      Bar("2024-01-05", 12, 0),         // no volume, unchanged price: not a trading day
      Bar("2024-01-08", -1),            // a bad price
      Bar("2024-01-31", 14),            // a gap of 26 days
  };
  DataReport rep;
  auto s = CleanSeries("T", rows, rep);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->close, (std::vector<double>{10, 12, 14}));
  EXPECT_EQ(rep.rows_read, 8);
  EXPECT_EQ(rep.rows_used, 3);
  EXPECT_EQ(rep.duplicate_dates, 1);
  EXPECT_EQ(rep.null_rows, 1);
  EXPECT_EQ(rep.weekend_rows, 1);
  EXPECT_EQ(rep.no_trade_rows, 1);
  EXPECT_EQ(rep.bad_price_rows, 1);
  EXPECT_EQ(rep.gaps, 1);
  EXPECT_EQ(rep.largest_gap_days, 28);
  EXPECT_GE(rep.notes.size(), 6u);
  EXPECT_FALSE(CleanSeries("T", {Bar("2024-01-04", std::nullopt)}, rep));
}

TEST(Clean, AdjustedClosesScaleTheWholeBar) {
  RawBar a = Bar("2024-01-02", 100), b = Bar("2024-01-03", 50);
  a.adj_close = 50;  // a 2:1 split after the first day
  b.adj_close = 50;
  a.high = 110;
  DataReport rep;
  auto s = CleanSeries("T", {a, b}, rep);
  ASSERT_TRUE(s);
  EXPECT_TRUE(rep.adjusted);
  EXPECT_EQ(s->close, (std::vector<double>{50, 50}));
  EXPECT_DOUBLE_EQ(s->high[0], 55);
  EXPECT_EQ(rep.suspected_splits, 0);
}

TEST(Dates, IsoRoundTripAndWeekday) {
  EXPECT_EQ(FormatDay(*ParseDay("2023-12-29")), "2023-12-29");
  EXPECT_EQ(DayOfWeek(*ParseDay("2024-01-01")), 0);  // a Monday
  EXPECT_EQ(DayOfWeek(*ParseDay("1969-12-28")), 6);  // a Sunday before the epoch
  EXPECT_FALSE(ParseDay("2023-02-30"));
  EXPECT_FALSE(ParseDay("20230101"));
}

}  // namespace
}  // namespace sagaz::forecast
