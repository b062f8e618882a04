// Reading DuckDB vectors into the engine: instants, periods cut as DuckDB's date_trunc cuts them,
// string keys in runs.
#include "stats/reader.hpp"

#include <gtest/gtest.h>

#include <string>

namespace sagaz::stats {
namespace {

class ReaderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = db::Database::Open(":memory:", {});
    ASSERT_TRUE(opened) << opened.error().ToText();
    db_ = std::make_unique<db::Database>(std::move(*opened));
    auto conn = db_->Connect();
    ASSERT_TRUE(conn);
    conn_ = std::make_unique<db::Connection>(std::move(*conn));
  }

  // Reads column 0 of `sql` into `column`, and the rest of each row as Values into `rows`.
  template <class Column>
  void Read(const std::string& sql, Column& column, std::vector<std::vector<db::Value>>* rows) {
    auto r = conn_->Query(sql);
    ASSERT_TRUE(r) << r.error().ToText();
    while (true) {
      auto chunk = r->Next();
      ASSERT_TRUE(chunk);
      if (!*chunk) break;
      column.Add((*chunk)->column(0));
      for (size_t i = 0; rows && i < (*chunk)->size(); ++i) {
        std::vector<db::Value> row;
        for (size_t c = 1; c < (*chunk)->column_count(); ++c) {
          const auto v = (*chunk)->column(c);
          row.push_back(v.validity().IsValid(i) ? v.GetValue(i) : db::Value());
        }
        rows->push_back(std::move(row));
      }
    }
  }

  std::unique_ptr<db::Database> db_;
  std::unique_ptr<db::Connection> conn_;
};

// Every period of every civil type against DuckDB's own date_trunc, row by row, over times that
// cross years, leap days, week starts and the epoch (before and after), with NULLs.
TEST_F(ReaderTest, PeriodsAreDateTruncs) {
  ASSERT_TRUE(
      conn_->Execute("CREATE TABLE t AS SELECT TIMESTAMP '1969-12-25 07:00:00' + "
                     "to_microseconds(CAST(i * 2654435761 % 9000000000000 AS BIGINT) * 97) AS ts "
                     "FROM range(4000) r(i) UNION ALL SELECT NULL UNION ALL SELECT TIMESTAMP "
                     "'2024-02-29 23:59:59.999999'"));
  const std::pair<const char*, Period> periods[] = {
      {"hour", Period::kHour},   {"day", Period::kDay},         {"week", Period::kWeek},
      {"month", Period::kMonth}, {"quarter", Period::kQuarter}, {"year", Period::kYear}};
  for (const char* type : {"TIMESTAMP", "TIMESTAMP_S", "TIMESTAMP_MS", "TIMESTAMP_NS", "DATE"}) {
    for (const auto& [name, period] : periods) {
      const std::string t = std::string("CAST(ts AS ") + type + ")";
      InstantColumn instants;
      std::vector<std::vector<db::Value>> rows;
      Read("SELECT " + t + ", epoch_us(CAST(date_trunc('" + name + "', " + t +
               ") AS TIMESTAMP)) FROM t",
           instants, &rows);
      ASSERT_TRUE(instants.CanGroupByPeriod()) << type;
      const auto grouped = instants.GroupBy(period);
      const auto& of_row = instants.instant_of_row();
      ASSERT_EQ(of_row.size(), rows.size());
      for (size_t i = 0; i < rows.size(); ++i) {
        const auto start = grouped.start_days[grouped.of_instant[of_row[i]]];
        if (std::holds_alternative<std::monostate>(rows[i][0])) {
          EXPECT_FALSE(start) << type << " " << name << " row " << i;
          continue;
        }
        ASSERT_TRUE(start) << type << " " << name << " row " << i;
        EXPECT_DOUBLE_EQ(*start * 86400e6, static_cast<double>(std::get<int64_t>(rows[i][0])))
            << type << " " << name << " row " << i;
      }
      // Cutting period starts again changes nothing.
      InstantColumn starts;
      Read("SELECT date_trunc('" + std::string(name) + "', " + t + ") FROM t", starts, nullptr);
      const auto again = starts.GroupBy(period);
      for (uint32_t g = 0; g < starts.instants(); ++g)
        EXPECT_EQ(again.start_days[again.of_instant[g]], starts.days(g)) << type << " " << name;
    }
  }
  InstantColumn zoned;
  Read("SELECT CAST(ts AS TIMESTAMPTZ) FROM t", zoned, nullptr);
  EXPECT_FALSE(zoned.CanGroupByPeriod());
}

TEST_F(ReaderTest, StringKeysInRunsAndLongStrings) {
  KeyColumn keys;
  Read(
      "SELECT CASE WHEN i % 500 = 7 THEN NULL ELSE 'sensor-with-a-long-name-' || (i // 3000) END "
      "FROM range(10000) r(i)",
      keys, nullptr);
  EXPECT_EQ(keys.groups(), 5u);  // 4 names and NULL
  EXPECT_EQ(std::get<std::string>(keys.value(0)), "sensor-with-a-long-name-0");
  EXPECT_EQ(keys.group_of_row()[7], 1u);
  EXPECT_TRUE(std::holds_alternative<std::monostate>(keys.value(1)));
  EXPECT_EQ(keys.group_of_row()[9999], 4u);
}

}  // namespace
}  // namespace sagaz::stats

namespace sagaz::stats {
namespace {

// Days since 1970-01-01 of a civil date.
double Day(int y, unsigned m, unsigned d) {
  return static_cast<double>(
      std::chrono::sys_days{std::chrono::year{y} / std::chrono::month{m} / std::chrono::day{d}}
          .time_since_epoch()
          .count());
}

TEST(Periods, NextPeriodStartFollowsTheCalendar) {
  EXPECT_EQ(NextPeriodStart(Period::kMonth, Day(2024, 1, 1)), Day(2024, 2, 1));
  EXPECT_EQ(NextPeriodStart(Period::kMonth, Day(2024, 12, 1)), Day(2025, 1, 1));
  EXPECT_EQ(NextPeriodStart(Period::kQuarter, Day(2024, 10, 1)), Day(2025, 1, 1));
  EXPECT_EQ(NextPeriodStart(Period::kYear, Day(2024, 1, 1)), Day(2025, 1, 1));
  EXPECT_EQ(NextPeriodStart(Period::kWeek, Day(2024, 12, 30)), Day(2025, 1, 6));
  EXPECT_EQ(NextPeriodStart(Period::kDay, Day(2024, 2, 28)), Day(2024, 2, 29));
  EXPECT_DOUBLE_EQ(NextPeriodStart(Period::kHour, 10.5), 10.5 + 1.0 / 24);
}

TEST(Periods, PartialEndsAreWhereTheDataStartsOrEndsInsideAPeriod) {
  // Daily dates from 1 January to 5 December: December is partial, January is not.
  auto ends = FindPartialEnds(Period::kMonth, Day(2024, 1, 1), Day(2024, 12, 1), Day(2024, 1, 1),
                              Day(2024, 12, 5), 1);
  EXPECT_FALSE(ends.first);
  EXPECT_TRUE(ends.last);
  // Through 31 December: whole.
  ends = FindPartialEnds(Period::kMonth, Day(2024, 1, 1), Day(2024, 12, 1), Day(2024, 1, 1),
                         Day(2024, 12, 31), 1);
  EXPECT_FALSE(ends.last);
  // From 15 March: the first month is partial.
  ends = FindPartialEnds(Period::kMonth, Day(2024, 3, 1), Day(2024, 6, 1), Day(2024, 3, 15),
                         Day(2024, 6, 30), 1);
  EXPECT_TRUE(ends.first);
  EXPECT_FALSE(ends.last);
  // Readings every 15 minutes from 00:05 to 23:50 of the last day cover their months.
  const double step = 15.0 / 1440;
  ends = FindPartialEnds(Period::kMonth, Day(2024, 1, 1), Day(2024, 2, 1),
                         Day(2024, 1, 1) + 5.0 / 1440,
                         Day(2024, 2, 29) + 23 * 60.0 / 1440 + 50.0 / 1440, step);
  EXPECT_FALSE(ends.first);
  EXPECT_FALSE(ends.last);
  // Weekly dates: the last one six days before the year's end still covers its year.
  ends = FindPartialEnds(Period::kYear, Day(2023, 1, 1), Day(2024, 1, 1), Day(2023, 1, 2),
                         Day(2024, 12, 25), 7);
  EXPECT_FALSE(ends.first);
  EXPECT_FALSE(ends.last);
}

}  // namespace
}  // namespace sagaz::stats
