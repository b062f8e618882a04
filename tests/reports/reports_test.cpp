// Reports: what each card draws (figures), drawings as PNG and PDF, and the checks on where files
// may be delivered (folders; the webhook allow-list is tests/webhooks). Delivery and scheduling run
// against a real server in tests/integration/reports_test.cpp.
#include "reports/reports.hpp"

#include <gtest/gtest.h>

#include "reports/internal/delivery.hpp"
#include "reports/internal/figure.hpp"

namespace sagaz::reports {
namespace {

using internal::FigureKind;

dashboards::CardResult Card(std::vector<db::Column> columns,
                            std::vector<std::vector<db::Value>> rows,
                            dashboards::ChartType type = dashboards::ChartType::kAuto) {
  dashboards::CardResult c;
  c.card.question_id = "q_1";
  c.card.title = "Pedidos";
  c.card.position = dashboards::Position{0, 0, 6, 4};
  dashboards::Question q;
  q.id = "q_1";
  q.name = "Pedidos";
  q.chart.type = type;
  c.question = q;
  dashboards::RunResult r;
  r.columns = std::move(columns);
  r.rows = std::move(rows);
  r.total_rows = static_cast<int64_t>(r.rows.size());
  c.result = r;
  return c;
}

db::Column Col(std::string name, db::TypeId id, std::string type) {
  return {std::move(name), {id, std::move(type)}};
}

TEST(Figure, CategoriesAndNumbersAreBars) {
  auto c = Card(
      {Col("status", db::TypeId::kVarchar, "VARCHAR"), Col("n", db::TypeId::kBigInt, "BIGINT")},
      {{std::string("Complete"), int64_t{10}}, {std::string("Cancelled"), int64_t{3}}});
  const auto f = internal::FigureOf(c, insights::Locale::kEn);
  ASSERT_EQ(f.kind, FigureKind::kBars);
  EXPECT_EQ(f.categories, (std::vector<std::string>{"Complete", "Cancelled"}));
  ASSERT_EQ(f.series.size(), 1u);
  EXPECT_EQ(f.series[0].name, "n");
  EXPECT_EQ(f.series[0].values[1], 3.0);
}

TEST(Figure, DatesAreLinesAndTheChartTypeWins) {
  auto c = Card(
      {Col("mes", db::TypeId::kTimestamp, "TIMESTAMP"), Col("gmv", db::TypeId::kDouble, "DOUBLE")},
      {{std::string("2024-01-01 00:00:00"), 1.5}, {std::string("2024-02-01 00:00:00"), 2.5}});
  EXPECT_EQ(internal::FigureOf(c, insights::Locale::kPtBr).kind, FigureKind::kLines);
  c.card.chart = dashboards::ChartType::kPie;
  EXPECT_EQ(internal::FigureOf(c, insights::Locale::kPtBr).kind, FigureKind::kPie);
  c.card.chart = dashboards::ChartType::kTable;
  const auto table = internal::FigureOf(c, insights::Locale::kPtBr);
  ASSERT_EQ(table.kind, FigureKind::kTable);
  EXPECT_EQ(table.rows[0][0], "01/01/2024");  // a midnight time is a date, written for pt
}

TEST(Figure, SeriesColumnSplitsTheValues) {
  auto c =
      Card({Col("mes", db::TypeId::kVarchar, "VARCHAR"),
            Col("loja", db::TypeId::kVarchar, "VARCHAR"), Col("v", db::TypeId::kDouble, "DOUBLE")},
           {{std::string("jan"), std::string("A"), 1.0},
            {std::string("jan"), std::string("B"), 2.0},
            {std::string("fev"), std::string("A"), 3.0}},
           dashboards::ChartType::kStackedBar);
  c.question->chart.x = "mes";
  c.question->chart.series = "loja";
  const auto f = internal::FigureOf(c, insights::Locale::kEn);
  ASSERT_EQ(f.kind, FigureKind::kBars);
  ASSERT_EQ(f.series.size(), 2u);
  EXPECT_EQ(f.series[1].name, "B");
  EXPECT_EQ(f.series[1].values[0], 2.0);
  EXPECT_FALSE(f.series[1].values[1].has_value());
}

TEST(Figure, SingleValuesKpisErrorsAndText) {
  auto one = Card({Col("total", db::TypeId::kDouble, "DOUBLE")}, {{42.0}});
  const auto n = internal::FigureOf(one, insights::Locale::kEn);
  ASSERT_EQ(n.kind, FigureKind::kNumber);
  EXPECT_EQ(n.value, 42.0);

  auto failed = one;
  failed.error = Error(ErrorCode::kFailedPrecondition, "dataset 'x' no longer exists");
  const auto e = internal::FigureOf(failed, insights::Locale::kEn);
  ASSERT_EQ(e.kind, FigureKind::kError);
  EXPECT_EQ(e.lines[0], "dataset 'x' no longer exists");

  dashboards::CardResult text;
  text.card.kind = dashboards::CardKind::kMarkdown;
  text.card.text = "# Vendas\n- **GMV** por mês";
  const auto t = internal::FigureOf(text, insights::Locale::kEn);
  ASSERT_EQ(t.kind, FigureKind::kText);
  EXPECT_EQ(t.lines[0], "Vendas");
  EXPECT_EQ(t.lines[1], "• GMV por mês");
}

TEST(Render, PngAndPdfOfADashboard) {
  dashboards::OpenedDashboard d;
  d.dashboard.name = "Vendas — mês a mês";
  d.cards.push_back(Card(
      {Col("status", db::TypeId::kVarchar, "VARCHAR"), Col("n", db::TypeId::kBigInt, "BIGINT")},
      {{std::string("Complete"), int64_t{10}}, {std::monostate{}, int64_t{3}}}));
  auto kpi = Card({Col("total", db::TypeId::kDouble, "DOUBLE")}, {{1234.5}});
  kpi.card.position = dashboards::Position{6, 0, 6, 4};
  d.cards.push_back(kpi);
  const auto png = Render(d, Format::kPng);
  ASSERT_TRUE(png) << png.error().message;
  EXPECT_EQ(png->substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
  const auto pdf = Render(d, Format::kPdf, {.language = "en"});
  ASSERT_TRUE(pdf) << pdf.error().message;
  EXPECT_EQ(pdf->substr(0, 5), "%PDF-");
  EXPECT_FALSE(Render(d, Format::kCsv));
}

TEST(Delivery, FolderNames) {
  EXPECT_TRUE(internal::CheckFolder("vendas-2024_q1"));
  for (const char* bad : {"", "..", ".hidden", "a/b", "a b", "ção"}) {
    EXPECT_FALSE(internal::CheckFolder(bad)) << bad;
  }
  EXPECT_EQ(internal::PathComponent("pipeline:x/../y"), "pipeline_x_.._y");
  EXPECT_EQ(internal::PathComponent("..."), "report");
}

TEST(Formats, ParseAndName) {
  for (Format f : {Format::kCsv, Format::kXlsx, Format::kPng, Format::kPdf}) {
    EXPECT_EQ(*ParseFormat(ToString(f)), f);
  }
  EXPECT_FALSE(ParseFormat("docx"));
  EXPECT_EQ(*ParseDirection("below"), Direction::kBelow);
  EXPECT_FALSE(ParseDirection("sideways"));
}

}  // namespace
}  // namespace sagaz::reports
