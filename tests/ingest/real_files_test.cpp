// Ingest of the real public data sets in ../shared/data, when present (skipped otherwise).
#include <gtest/gtest.h>

#include "catalog/catalog.hpp"
#include "ingest/ingest.hpp"
#include "sql/query.hpp"
#include "support/support.hpp"

namespace sagaz::ingest {
namespace {

TEST(RealFiles, B3Quotes) {
  const auto shared = testing::SharedData();
  if (shared.empty()) GTEST_SKIP() << "../shared/data is absent";
  testing::TestApp app;
  Request r;
  r.path = shared / "b3" / "PETR4.csv";
  auto report = app->ingestor().Run(r);
  ASSERT_TRUE(report) << report.error().ToText();
  EXPECT_EQ(report->dataset, "petr4");
  EXPECT_GT(report->rows_loaded, 1900);
  EXPECT_EQ(report->rows_rejected, 0);
  auto info = app->catalog().Get("petr4");
  ASSERT_TRUE(info);
  std::map<std::string, std::string> types;
  for (const auto& c : info->columns) types[c.name] = c.type;
  EXPECT_EQ(types["dia"], "DATE");
  EXPECT_EQ(types["pre_ult"], "DOUBLE");
  EXPECT_EQ(types["cod_bdi"], "VARCHAR");  // "02": a code, its leading zero kept
  auto q = app->query().Run("SELECT min(dia), max(dia) FROM petr4");
  ASSERT_TRUE(q);
  EXPECT_EQ(std::get<std::string>(q->rows[0][0]), "2010-01-04");
}

TEST(RealFiles, PortugueseTweets) {
  const auto shared = testing::SharedData();
  if (shared.empty()) GTEST_SKIP() << "../shared/data is absent";
  testing::TestApp app;
  Request r;
  r.path = shared / "sentiment" / "Tweets_Mg.csv";
  r.dataset = "tweets";
  auto report = app->ingestor().Run(r);
  ASSERT_TRUE(report) << report.error().ToText();
  EXPECT_EQ(report->rows_loaded, 8199);
  auto q =
      app->query().Run("SELECT classificacao, count(*) FROM tweets GROUP BY 1 ORDER BY 2 DESC");
  ASSERT_TRUE(q);
  ASSERT_EQ(q->rows.size(), 3u);
  EXPECT_EQ(std::get<std::string>(q->rows[0][0]), "Positivo");
  EXPECT_EQ(std::get<int64_t>(q->rows[0][1]), 3300);
}

}  // namespace
}  // namespace sagaz::ingest
