#include "sql/query.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "support/support.hpp"

namespace sagaz::sql {
namespace {

class QueryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto conn = app_->pool().Acquire();
    ASSERT_TRUE((*conn)->Execute(
        "CREATE TABLE big AS SELECT range AS i, range % 10 AS g FROM range(100000);"
        "INSERT INTO _sagaz.datasets(name, created_at, updated_at) VALUES ('big', "
        "now()::TIMESTAMP, "
        "now()::TIMESTAMP)"));
  }
  testing::TestApp app_;
};

TEST_F(QueryTest, RowLimitTruncates) {
  QueryOptions o;
  o.row_limit = 10;
  auto r = app_->query().Run("SELECT * FROM big ORDER BY i", o);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->row_count, 10);
  EXPECT_TRUE(r->truncated);
  EXPECT_EQ(r->row_limit, 10);
  EXPECT_EQ(r->max_row_limit, app_->config().sql.row_limit);
  EXPECT_EQ(std::get<int64_t>(r->rows[9][0]), 9);
  EXPECT_EQ(r->columns.size(), 2u);
  EXPECT_EQ(r->columns[0].type.name, "BIGINT");
  auto small = app_->query().Run("SELECT * FROM big WHERE i < 3", o);
  EXPECT_FALSE(small->truncated);
  // A caller cannot raise the limit above the configured one.
  o.row_limit = 1'000'000'000;
  auto capped = app_->query().Run("SELECT * FROM big", o);
  EXPECT_EQ(capped->row_count, app_->config().sql.row_limit);
  EXPECT_EQ(capped->row_limit, capped->max_row_limit);
}

TEST_F(QueryTest, TimeLimitStopsRunawayQueries) {
  QueryOptions o;
  o.timeout = std::chrono::milliseconds(200);
  auto r = app_->query().Run("SELECT count(*) FROM big a, big b, big c WHERE a.i + b.i = c.i", o);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kTimeout);
  EXPECT_EQ(r.error().Detail("rule"), "time_limit");
  EXPECT_TRUE(app_->query().Run("SELECT 1"));
}

TEST_F(QueryTest, ConcurrentQueries) {
  std::atomic<int> ok{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int k = 0; k < 10; ++k) {
        auto r = app_->query().Run("SELECT g, count(*) FROM big WHERE g = " + std::to_string(t) +
                                   " GROUP BY g");
        if (r && std::get<int64_t>(r->rows[0][1]) == 10000) ++ok;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(ok.load(), 80);
}

TEST_F(QueryTest, RuntimeErrorsAreInvalidArgument) {
  auto r = app_->query().Run("SELECT no_such_column FROM big");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace sagaz::sql
