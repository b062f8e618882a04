// sql::CheckFilter: row conditions stay row conditions, and every guard rule still applies.
// Cases are data: tests/data/sql/filters.tsv.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>

#include "db/db.hpp"
#include "sql/guard.hpp"
#include "support/support.hpp"

namespace sagaz::sql {
namespace {

TEST(Filter, TableOfCases) {
  testing::TestApp app;
  auto conn = app->pool().Acquire();
  ASSERT_TRUE(conn);
  ASSERT_TRUE((*conn)->Execute(
      "CREATE TABLE orders(id INT, customer_id INT, status VARCHAR, amount DOUBLE, created DATE);"
      "INSERT INTO orders VALUES (1, 1, 'complete', 5, '2024-01-01'), (2, 2, 'complete', 20, "
      "'2024-02-01'), (3, 3, 'pending', 7.5, '2024-03-01');"
      "CREATE TABLE customers(id INT, name VARCHAR);"
      "INSERT INTO customers VALUES (1, 'Ana'), (2, 'Bia'), (3, 'Caio');"
      "CREATE TABLE secret_table(id INT); CREATE SCHEMA other_schema;"
      "CREATE TABLE other_schema.orders(x INT);"));
  const GuardOptions options{Policy::kStandard, {"orders", "customers"}};
  std::ifstream in(std::string(SAGAZ_TEST_DATA_DIR) + "/sql/filters.tsv");
  ASSERT_TRUE(in);
  std::string line;
  int n = 0, cases = 0;
  while (std::getline(in, line)) {
    ++n;
    if (line.empty() || line[0] == '#') continue;
    const auto tab = line.find('\t');
    ASSERT_NE(tab, std::string::npos) << "line " << n;
    const std::string expected = line.substr(0, tab), condition = line.substr(tab + 1);
    ++cases;
    auto checked = CheckFilter(**conn, "orders", condition, options);
    if (expected.starts_with("ok:")) {
      ASSERT_TRUE(checked) << "line " << n << ": " << checked.error().ToText();
      EXPECT_NE(std::find(checked->tables.begin(), checked->tables.end(), "orders"),
                checked->tables.end());
      auto rows = (*conn)->Query("SELECT count(*) FROM (" + checked->sql + ")");
      ASSERT_TRUE(rows) << checked->sql;
      EXPECT_EQ(std::get<int64_t>(*rows->FetchScalar()), std::stoll(expected.substr(3)))
          << "line " << n;
    } else {
      ASSERT_FALSE(checked) << "line " << n << " was allowed: " << checked->sql;
      EXPECT_EQ(checked.error().Detail("rule"), expected)
          << "line " << n << ": " << checked.error().ToText();
      EXPECT_EQ(checked.error().code, expected == "syntax" || expected == "unknown_table"
                                          ? ErrorCode::kInvalidArgument
                                          : ErrorCode::kPermissionDenied)
          << "line " << n;
    }
  }
  EXPECT_GT(cases, 20);
  EXPECT_TRUE((*conn)->Query("SELECT count(*) FROM orders"));  // still there
}

}  // namespace
}  // namespace sagaz::sql
