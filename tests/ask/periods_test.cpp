// Issue 14: a partial last (or first) period was described as a real low ("December was the
// lowest month" when the data ends on 5 December). Partial periods are drawn as such and left out
// of highs, lows, rankings, the summary of the periods and the trend.
#include <gtest/gtest.h>

#include <string>

#include "ask/ask.hpp"
#include "ingest/ingest.hpp"
#include "support/support.hpp"

namespace sagaz {
namespace {

// Daily sales of three shops from 1 January to 5 December 2024, every day alike: December's five
// days make by far the smallest monthly total.
std::string DailySales() {
  std::string csv = "data,valor,loja\n";
  for (int m = 1; m <= 12; ++m) {
    const int days =
        m == 12 ? 5 : (m == 2 ? 29 : (m == 4 || m == 6 || m == 9 || m == 11 ? 30 : 31));
    for (int d = 1; d <= days; ++d) {
      for (int shop = 0; shop < 3; ++shop) {
        char line[64];
        std::snprintf(line, sizeof line, "2024-%02d-%02d,%d,L%d\n", m, d, 100 + (m * 7 + d) % 13,
                      shop);
        csv += line;
      }
    }
  }
  return csv;
}

class PartialPeriods : public ::testing::Test {
 protected:
  void SetUp() override {
    ingest::Request r;
    r.path = testing::WriteFile(app_.dir() / "vendas.csv", DailySales());
    r.dataset = "vendas";
    ASSERT_TRUE(app_->ingestor().Run(r));
  }
  testing::TestApp app_;
};

TEST_F(PartialPeriods, ASeriesSaysTheLastMonthIsPartialAndKeepsItOutOfTheLow) {
  for (const sql::Policy policy : {sql::Policy::kStrict, sql::Policy::kStandard}) {
    auto a = app_->ask().Ask({.question = "Qual o total de valor por mês?", .policy = policy});
    ASSERT_TRUE(a) << a.error().ToText();
    EXPECT_NE(a->insight.find("O último mês (12/2024, dados até 05/12/2024) está incompleto"),
              std::string::npos)
        << sql::ToString(policy) << ": " << a->insight;
    EXPECT_EQ(a->insight.find("menor valor em 12/2024"), std::string::npos) << a->insight;
  }
}

TEST_F(PartialPeriods, TheLowestMonthIsAWholeOne) {
  auto a = app_->ask().Ask({.question = "Which month had the lowest total valor?"});
  ASSERT_TRUE(a) << a.error().ToText();
  ASSERT_FALSE(a->result.rows.empty());
  EXPECT_NE(std::get<std::string>(a->result.rows[0][0]), "2024-12");
  EXPECT_NE(a->insight.find("incomplete periods at either end are left out"), std::string::npos)
      << a->insight;
}

}  // namespace
}  // namespace sagaz
