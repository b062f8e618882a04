#include "insights/insight.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <vector>

namespace sagaz::insights {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;

stats::Summary SummaryOf(const std::vector<double>& values) {
  stats::SummaryOptions o;
  o.stats = stats::DefaultStats();
  o.stats.Add(stats::Stat::kOutliersIqr).Add(stats::Stat::kHistogram);
  auto s = stats::Summarize(stats::ColumnView(std::span<const double>(values)), o);
  EXPECT_TRUE(s) << s.error().ToText();
  return *s;
}

TEST(Format, NumbersPerLocale) {
  EXPECT_EQ(FormatNumber(1234.5678, Locale::kPtBr), "1.235");
  EXPECT_EQ(FormatNumber(1234.5678, Locale::kEn), "1,235");
  EXPECT_EQ(FormatNumber(3.14159, Locale::kPtBr), "3,142");
  EXPECT_EQ(FormatNumber(0.012345, Locale::kEn), "0.01235");
  EXPECT_EQ(FormatNumber(-2500000, Locale::kPtBr), "-2.500.000");
  EXPECT_EQ(FormatNumber(0, Locale::kEn), "0");
  EXPECT_EQ(FormatPercent(0.1234, Locale::kPtBr), "12,3%");
  EXPECT_EQ(FormatPercent(0.1234, Locale::kEn), "12.3%");
  EXPECT_EQ(FormatTime("2025-03-05T10:30:00", Locale::kPtBr), "05/03/2025 10:30");
  EXPECT_EQ(FormatTime("2025-03-05T00:00:00", Locale::kEn), "2025-03-05");
  EXPECT_EQ(FormatPeriod("2025-03-01T00:00:00", "month", Locale::kPtBr), "03/2025");
  EXPECT_EQ(FormatPeriod("2025-10-01", "quarter", Locale::kEn), "Q4 2025");
  EXPECT_EQ(UnitFromDescription("Nível da água em metros / water level (m)"), "m");
  EXPECT_EQ(UnitFromDescription("Temperatura (°C)"), "°C");
  EXPECT_EQ(UnitFromDescription("a long note (not a unit at all)"), "");
}

TEST(Insight, DescribeSaysLevelSpreadSkewAndOutliers) {
  std::vector<double> v;
  for (int i = 0; i < 200; ++i) v.push_back(10 + (i % 10) * 0.1);
  v.push_back(50);  // an outlier and a right skew
  Facts f;
  f.kind = Kind::kDescribe;
  f.measure = "nível da água";
  f.unit = "m";
  f.summary = SummaryOf(v);
  const std::string pt = WriteInsight(f);
  EXPECT_THAT(pt, AllOf(HasSubstr("Nível da água vai de 10 m a 50 m"), HasSubstr("variação"),
                        HasSubstr("assimétrica à direita"), HasSubstr("cercas de Tukey"),
                        HasSubstr("201 valores")));
  f.locale = Locale::kEn;
  f.measure = "water level";
  const std::string en = WriteInsight(f);
  EXPECT_THAT(en, AllOf(HasSubstr("Water level ranges from 10 m to 50 m"),
                        HasSubstr("right-skewed"), HasSubstr("Tukey's fences")));
}

TEST(Insight, CvLevelsAndNoCvForSignedData) {
  Facts f;
  f.kind = Kind::kDescribe;
  f.measure = "x";
  f.summary = SummaryOf({100, 101, 99, 100, 102, 98, 100, 101});
  EXPECT_THAT(WriteInsight(f), HasSubstr("A variação é baixa"));
  f.summary = SummaryOf({5, 10, 6, 12, 8, 14, 7, 9});
  EXPECT_THAT(WriteInsight(f), HasSubstr("A variação é alta"));
  f.summary = SummaryOf({-5, 5, -3, 3, -1, 1, 0, 2});
  EXPECT_THAT(WriteInsight(f), Not(HasSubstr("coeficiente de variação")));
}

TEST(Insight, SignificantTrendAndItsSize) {
  std::vector<double> x, y;
  for (int i = 0; i < 120; ++i) {
    x.push_back(i);
    y.push_back(100 + 0.5 * i + (i % 3));
  }
  Facts f;
  f.kind = Kind::kSeries;
  f.measure = "receita";
  f.summary = SummaryOf(y);
  auto trend = stats::FitTrend(stats::ColumnView(std::span<const double>(x)),
                               stats::ColumnView(std::span<const double>(y)));
  ASSERT_TRUE(trend);
  f.trend = *trend;
  f.first_time = "2025-01-01T00:00:00";
  f.last_time = "2025-04-30T00:00:00";
  for (size_t i = 0; i < x.size(); ++i) f.points.push_back({"", x[i], y[i]});
  const std::string pt = WriteInsight(f);
  EXPECT_THAT(pt, AllOf(HasSubstr("Entre 01/01/2025 e 30/04/2025"), HasSubstr("tendência de alta"),
                        HasSubstr("Mann–Kendall, p < 0,001"), HasSubstr("por mês"),
                        HasSubstr("não é uma previsão")));
  // Flat noise: no trend claimed.
  for (size_t i = 0; i < y.size(); ++i) y[i] = 100 + ((i * 7919) % 13);
  trend = stats::FitTrend(stats::ColumnView(std::span<const double>(x)),
                          stats::ColumnView(std::span<const double>(y)));
  f.trend = *trend;
  f.summary = SummaryOf(y);
  f.locale = Locale::kEn;
  EXPECT_THAT(WriteInsight(f), AllOf(HasSubstr("no clear trend"), Not(HasSubstr("significant"))));
}

TEST(Insight, GroupsShareRatioAndOverlap) {
  Facts f;
  f.kind = Kind::kGroups;
  f.aggregate = "sum";
  f.measure = "vendas";
  f.group = "loja";
  f.groups = {
      {"A", 60.0, 10, std::nullopt}, {"B", 30.0, 10, std::nullopt}, {"C", 10.0, 10, std::nullopt}};
  f.group_count = 3;
  const std::string pt = WriteInsight(f);
  EXPECT_THAT(pt, AllOf(HasSubstr("Entre 3 valores de loja"),
                        HasSubstr("A tem o valor mais alto de total de vendas (60)"),
                        HasSubstr("C o mais baixo (10)"),
                        HasSubstr("A responde por 60,0% do total"), HasSubstr("6 vezes o menor")));
  // Means whose interquartile ranges overlap: the difference is called modest.
  f.aggregate = "mean";
  f.groups[0].summary = SummaryOf({1, 5, 9, 12});
  f.groups[2].summary = SummaryOf({2, 4, 8, 10});
  f.groups[0].rows = 4;
  EXPECT_THAT(WriteInsight(f), AllOf(HasSubstr("se sobrepõem"), HasSubstr("poucas linhas")));
}

TEST(Insight, CountsWithShareAndEmptyAnswers) {
  Facts f;
  f.kind = Kind::kCount;
  f.entity = "pedidos";
  f.value = 250;
  f.total_rows = 1000;
  f.scope = "cancelados";
  EXPECT_EQ(WriteInsight(f),
            "250 pedidos atendem aos filtros (cancelados), 25,0% do total de 1.000.");
  f.locale = Locale::kEn;
  f.entity = "orders";
  f.scope.clear();
  EXPECT_EQ(WriteInsight(f), "There are 250 orders.");
  Facts empty;
  empty.kind = Kind::kDescribe;
  empty.measure = "preço";
  EXPECT_THAT(WriteInsight(empty), HasSubstr("Não há valores de preço"));
}

}  // namespace
}  // namespace sagaz::insights

namespace sagaz::insights {
namespace {

// Monthly totals through a December the data covers for five days.
Facts PartialDecember(Locale locale) {
  Facts f;
  f.locale = locale;
  f.kind = Kind::kSeries;
  f.measure = "vendas";
  f.aggregate = "sum";
  f.period = "month";
  f.first_time = "2024-01-01";
  f.last_time = "2024-12-01";
  f.partial_last = true;
  f.data_first_time = "2024-01-01";
  f.data_last_time = "2024-12-05";
  for (int m = 1; m <= 12; ++m) {
    const std::string iso = "2024-" + std::string(m < 10 ? "0" : "") + std::to_string(m) + "-01";
    f.points.push_back({iso, 19723.0 + 30 * (m - 1), m == 12 ? 1400.0 : 9000.0 + m, m == 12});
  }
  f.peak = f.points[10];
  f.low = f.points[0];
  return f;
}

TEST(Insight, APartialLastPeriodIsSaidAndIsNoLow) {
  const std::string pt = WriteInsight(PartialDecember(Locale::kPtBr));
  EXPECT_THAT(pt, HasSubstr("O último mês (12/2024, dados até 05/12/2024) está incompleto"));
  EXPECT_THAT(pt, HasSubstr("menor valor em 01/2024"));
  const std::string en = WriteInsight(PartialDecember(Locale::kEn));
  EXPECT_THAT(en, HasSubstr("The last month (2024-12, data until 2024-12-05) is incomplete"));
  EXPECT_THAT(en, Not(HasSubstr("low 2024-12")));
}

TEST(Chart, PartialPeriodsAreMarked) {
  const ChartSpec chart = BuildChart(PartialDecember(Locale::kEn), "Sales per month");
  ASSERT_EQ(chart.kind, ChartKind::kLine);
  EXPECT_EQ(chart.partial, std::vector<size_t>{11});
  EXPECT_EQ(chart.partial_label, "partial period");
}

}  // namespace
}  // namespace sagaz::insights
