#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "insights/insight.hpp"
#include "wire/ask.hpp"

namespace sagaz::insights {
namespace {

TEST(Downsample, KeepsEndsAndExtremes) {
  std::vector<double> x, y;
  for (int i = 0; i < 10000; ++i) {
    x.push_back(i);
    y.push_back(std::sin(i / 100.0) + (i == 5000 ? 10 : 0));
  }
  const auto keep = Downsample(x, y, 500);
  ASSERT_EQ(keep.size(), 500u);
  EXPECT_EQ(keep.front(), 0u);
  EXPECT_EQ(keep.back(), 9999u);
  EXPECT_TRUE(std::is_sorted(keep.begin(), keep.end()));
  EXPECT_NE(std::find(keep.begin(), keep.end(), 5000u), keep.end()) << "the spike survives";
  EXPECT_EQ(Downsample(x, y, 20000).size(), x.size());
}

TEST(Chart, KindFollowsIntent) {
  Facts series;
  series.kind = Kind::kSeries;
  series.measure = "nível";
  series.points = {
      {"2025-01-01T00:00:00", 0, 1}, {"2025-01-02T00:00:00", 1, 2}, {"2025-01-03T00:00:00", 2, 3}};
  auto c = BuildChart(series, "q");
  EXPECT_EQ(c.kind, ChartKind::kLine);
  EXPECT_TRUE(c.time_axis);

  Facts groups;
  groups.kind = Kind::kGroups;
  groups.aggregate = "sum";
  for (int i = 0; i < 50; ++i)
    groups.groups.push_back({"g" + std::to_string(i), double(i), 1, std::nullopt});
  c = BuildChart(groups, "q");
  EXPECT_EQ(c.kind, ChartKind::kBar);
  EXPECT_EQ(c.x.size(), 30u) << "a bar chart shows the first 30 groups";

  Facts count;
  count.kind = Kind::kCount;
  count.value = 1234;
  c = BuildChart(count, "q");
  EXPECT_EQ(c.kind, ChartKind::kNumber);
  EXPECT_EQ(c.value_text, "1.234");

  Facts rows;
  rows.kind = Kind::kRows;
  EXPECT_EQ(BuildChart(rows, "q").kind, ChartKind::kNone);
}

TEST(Chart, EChartsOptions) {
  ChartSpec line;
  line.kind = ChartKind::kLine;
  line.time_axis = true;
  line.title = "t";
  line.x = {"2025-01-01", "2025-01-02", "2025-01-03"};
  line.series.push_back({"v", {1.0, std::nullopt, 3.0}, false});
  line.series.push_back({"trend", {1.0, 2.0, 3.0}, true});
  auto o = wire::EChartsOption(line);
  EXPECT_EQ(o["xAxis"]["type"], "time");
  EXPECT_EQ(o["series"][0]["data"][1][1], nullptr);
  EXPECT_EQ(o["series"][1]["lineStyle"]["type"], "dashed");
  EXPECT_EQ(o["series"][1]["data"].size(), 2u) << "a fitted line needs its two ends only";

  ChartSpec bar;
  bar.kind = ChartKind::kBar;
  bar.x = {"a very long category name", "b"};
  bar.series.push_back({"v", {1.0, 2.0}, false});
  o = wire::EChartsOption(bar);
  EXPECT_EQ(o["yAxis"]["type"], "category") << "long names: horizontal bars";

  ChartSpec box;
  box.kind = ChartKind::kBoxplot;
  box.x = {"a"};
  box.boxes = {{"a", 1, 2, 3, 4, 5}};
  o = wire::EChartsOption(box);
  EXPECT_EQ(o["series"][0]["type"], "boxplot");
  EXPECT_EQ(o["series"][0]["data"][0].size(), 5u);

  EXPECT_TRUE(wire::EChartsOption(ChartSpec{}).is_null());
}

}  // namespace
}  // namespace sagaz::insights

namespace sagaz::insights {
namespace {

TEST(Chart, PartialPeriodsAreHollowPointsOnADashedSegment) {
  ChartSpec c;
  c.kind = ChartKind::kLine;
  c.time_axis = true;
  c.x = {"2024-10-01", "2024-11-01", "2024-12-01"};
  c.series.push_back({.name = "sales", .values = {9000.0, 9100.0, 1400.0}});
  c.partial = {2};
  c.partial_label = "partial period";
  const auto option = wire::EChartsOption(c);
  ASSERT_EQ(option["series"].size(), 2u);
  EXPECT_EQ(option["series"][0]["data"].size(), 2u);  // the whole months only
  const auto& partial = option["series"][1];
  EXPECT_EQ(partial["name"], "partial period");
  EXPECT_EQ(partial["lineStyle"]["type"], "dashed");
  ASSERT_EQ(partial["data"].size(), 2u);
  EXPECT_EQ(partial["data"][1]["symbol"], "emptyCircle");
  EXPECT_EQ(partial["data"][1]["value"][1], 1400.0);
  EXPECT_TRUE(option.contains("legend"));
}

}  // namespace
}  // namespace sagaz::insights
