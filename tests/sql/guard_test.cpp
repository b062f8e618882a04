#include "sql/guard.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include "db/db.hpp"
#include "sql/query.hpp"
#include "support/support.hpp"

namespace sagaz::sql {
namespace {

struct Case {
  std::string expected;  // rule, or row count for allowed queries
  std::string query;
  int line;
};

std::vector<Case> ReadCases(const std::string& file) {
  std::ifstream in(std::string(SAGAZ_TEST_DATA_DIR) + "/sql/" + file);
  EXPECT_TRUE(in) << file;
  std::vector<Case> cases;
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    ++n;
    if (line.empty() || line[0] == '#') continue;
    auto tab = line.find('\t');
    if (tab == std::string::npos) continue;
    cases.push_back({line.substr(0, tab), line.substr(tab + 1), n});
  }
  return cases;
}

class GuardTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto conn = app_->pool().Acquire();
    ASSERT_TRUE(
        (*conn)->Execute("CREATE TABLE orders(id INT, customer_id INT, status VARCHAR, amount "
                         "DOUBLE, created TIMESTAMP);"
                         "INSERT INTO orders VALUES (1, 1, 'complete', 5, '2024-01-01'), (2, 2, "
                         "'complete', 20, '2024-02-01'),"
                         " (3, 3, 'pending', 7.5, '2024-03-01');"
                         "CREATE TABLE customers(id INT, name VARCHAR);"
                         "INSERT INTO customers VALUES (1, 'Ana'), (2, 'Bia'), (3, 'Caio');"
                         "CREATE TABLE secret_table(id INT); CREATE TABLE hidden(x INT); CREATE "
                         "TABLE not_a_dataset(x INT);"
                         "CREATE SCHEMA other_schema; CREATE TABLE other_schema.orders(x INT);"
                         "INSERT INTO _sagaz.datasets(name, created_at, updated_at) VALUES"
                         " ('orders', now()::TIMESTAMP, now()::TIMESTAMP), ('customers', "
                         "now()::TIMESTAMP, now()::TIMESTAMP)"));
  }
  testing::TestApp app_;
};

TEST_F(GuardTest, HostileQueriesAreRefusedByTheirRule) {
  auto cases = ReadCases("hostile.tsv");
  ASSERT_GT(cases.size(), 80u);
  std::set<std::string> rules;
  for (const auto& c : cases) {
    auto r = app_->query().Run(c.query);
    ASSERT_FALSE(r) << "line " << c.line << " ran: " << c.query;
    // A typo or an unknown name is the caller's mistake (400); anything else is not allowed (403).
    EXPECT_EQ(r.error().code, c.expected == "syntax" || c.expected == "unknown_table"
                                  ? ErrorCode::kInvalidArgument
                                  : ErrorCode::kPermissionDenied)
        << c.query;
    EXPECT_EQ(r.error().Detail("rule"), c.expected)
        << "line " << c.line << ": " << c.query << "\n  -> " << r.error().ToText();
    EXPECT_FALSE(r.error().message.empty());
    rules.insert(c.expected);
  }
  // Every rule has hostile cases.
  for (const char* rule :
       {"syntax", "single_statement", "select_only", "catalog_tables_only", "unknown_table",
        "no_table_functions", "allowed_functions", "bounded_sizes", "no_parameters"}) {
    EXPECT_TRUE(rules.count(rule)) << rule;
  }
}

TEST_F(GuardTest, MistakesSayWhereAndWhatWasMeant) {
  auto syntax = app_->query().Run("SELECT amount FROM orders WHERE");
  ASSERT_FALSE(syntax);
  EXPECT_EQ(syntax.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(syntax.error().Detail("rule"), "syntax");
  EXPECT_EQ(syntax.error().Detail("position"), "31");
  EXPECT_NE(syntax.error().message.find("syntax error"), std::string::npos);

  auto table = app_->query().Run("SELECT * FROM ordrs");
  ASSERT_FALSE(table);
  EXPECT_EQ(table.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(table.error().Detail("suggestions"), "orders");
  EXPECT_EQ(table.error().Detail("position"), "14");

  // DuckDB binds the rendered statement; the position is the column's place in the caller's text.
  auto column = app_->query().Run("SELECT id,\n  amout FROM orders");
  ASSERT_FALSE(column);
  EXPECT_EQ(column.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(column.error().Detail("suggestions"), "amount");
  EXPECT_EQ(column.error().Detail("position"), "13");
  EXPECT_EQ(column.error().message.find("LINE"), std::string::npos);
  EXPECT_NE(column.error().message.find("did you mean 'amount'"), std::string::npos);
}

TEST_F(GuardTest, QuadraticFunctionsRefuseLongInputsAndKeepTheirNames) {
  auto ok =
      app_->query().Run("SELECT levenshtein(status, 'complete') AS d FROM orders ORDER BY id");
  ASSERT_TRUE(ok) << ok.error().ToText();
  EXPECT_EQ(std::get<int64_t>(ok->rows[2][0]), 8);  // pending -> complete
  auto named = app_->query().Run("SELECT jaro_winkler_similarity('abc', 'abd')");
  ASSERT_TRUE(named) << named.error().ToText();
  EXPECT_EQ(named->columns[0].name, "jaro_winkler_similarity('abc', 'abd')");
  auto refused = app_->query().Run("SELECT levenshtein(repeat('a', 60000), repeat('b', 60000))");
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(refused.error().message.find("levenshtein compares strings of at most"),
            std::string::npos);
}

TEST_F(GuardTest, OrdinaryQueriesRun) {
  for (const auto& c : ReadCases("allowed.tsv")) {
    auto r = app_->query().Run(c.query);
    ASSERT_TRUE(r) << "line " << c.line << ": " << c.query << "\n  -> " << r.error().ToText();
    EXPECT_EQ(std::to_string(r->row_count), c.expected) << c.query;
  }
}

TEST_F(GuardTest, StrictPolicyRefusesAggregates) {
  QueryOptions strict;
  strict.policy = Policy::kStrict;
  for (const char* q :
       {"SELECT count(*) FROM orders", "SELECT avg(amount) FROM orders",
        "SELECT status FROM orders GROUP BY status", "SELECT id, sum(amount) OVER () FROM orders",
        "SELECT id, row_number() OVER () FROM orders",
        "SELECT * FROM orders WHERE amount > (SELECT avg(amount) FROM orders)"}) {
    auto r = app_->query().Run(q, strict);
    ASSERT_FALSE(r) << q;
    EXPECT_EQ(r.error().Detail("rule"), "strict_no_aggregates") << q;
  }
  auto ok = app_->query().Run(
      "SELECT created, amount FROM orders WHERE status = 'complete' ORDER BY created", strict);
  ASSERT_TRUE(ok) << ok.error().ToText();
  EXPECT_EQ(ok->row_count, 2);
}

TEST_F(GuardTest, WhatRunsIsTheCheckedTree) {
  auto r = app_->query().Run("select id /* sneaky */ from orders -- trailing\n where id = 1");
  ASSERT_TRUE(r) << r.error().ToText();
  EXPECT_EQ(r->sql.find("sneaky"), std::string::npos);
  EXPECT_EQ(r->sql.find("trailing"), std::string::npos);
  EXPECT_EQ(r->tables, std::vector<std::string>{"orders"});
}

TEST(GuardFunctions, AllowListIsConsistentWithDuckDB) {
  // Every allow-listed function exists in this DuckDB build (a typo would silently allow nothing).
  auto db = db::Database::Open(":memory:", {});
  ASSERT_TRUE(db);
  auto conn = db->Connect();
  auto r = conn->Query("SELECT DISTINCT function_name FROM duckdb_functions()");
  std::set<std::string> known;
  auto rows = r->FetchRows();
  ASSERT_TRUE(rows);
  for (const auto& row : *rows) known.insert(std::get<std::string>(row[0]));
  for (const char* w :
       {"row_number", "rank", "dense_rank", "percent_rank", "cume_dist", "ntile", "lag", "lead",
        "first_value", "last_value", "nth_value", "fill", "rank_dense"}) {
    known.insert(w);  // window functions are not listed by duckdb_functions()
  }
  for (const auto& f : AllowedFunctions()) EXPECT_TRUE(known.count(f)) << f;
  EXPECT_FALSE(IsAllowedFunction("current_setting"));
  EXPECT_TRUE(IsAggregateFunction("count_star"));
}

}  // namespace
}  // namespace sagaz::sql
