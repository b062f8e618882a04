// POST /api/v1/stats against a real `sagaz serve` with the demo data, over HTTP.
#include <gtest/gtest.h>
#include <httplib.h>

#include <nlohmann/json.hpp>

#include "support/support.hpp"

namespace sagaz {
namespace {

using json = nlohmann::json;

class StatsHttpTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { server_ = new testing::ServerProcess({.demo = true}); }
  static void TearDownTestSuite() {
    EXPECT_EQ(server_->Stop(), 0) << "graceful shutdown";
    delete server_;
  }
  static httplib::Result Post(const std::string& body) {
    auto c = server_->Client();
    c.set_read_timeout(60, 0);
    return c.Post("/api/v1/stats", body, "application/json");
  }
  static json Ok(const std::string& body) {
    auto r = Post(body);
    EXPECT_TRUE(r);
    if (!r) return {};
    EXPECT_EQ(r->status, 200) << r->body;
    return json::parse(r->body, nullptr, false);
  }
  static void ExpectError(const std::string& body, int status, const std::string& code,
                          const std::string& field_or_rule = "") {
    auto r = Post(body);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, status) << body << " -> " << r->body;
    auto j = json::parse(r->body, nullptr, false);
    ASSERT_TRUE(j.is_object()) << r->body;
    EXPECT_EQ(j["error"]["code"], code) << r->body;
    EXPECT_FALSE(j["error"]["message"].get<std::string>().empty());
    if (!field_or_rule.empty()) {
      const auto& d = j["error"]["details"];
      const std::string got = d.contains("field")  ? d["field"].get<std::string>()
                              : d.contains("rule") ? d["rule"].get<std::string>()
                                                   : "";
      EXPECT_EQ(got, field_or_rule) << r->body;
    }
  }
  static testing::ServerProcess* server_;
};

testing::ServerProcess* StatsHttpTest::server_ = nullptr;

TEST_F(StatsHttpTest, SeedSummaryOfAColumn) {
  auto j = Ok(R"({"dataset": "leituras_sensores", "columns": ["nivel_agua"], "stats": ["seed"]})");
  EXPECT_EQ(j["dataset"], "leituras_sensores");
  EXPECT_EQ(j["rows"], 92160);
  ASSERT_EQ(j["columns"].size(), 1u);
  const auto& c = j["columns"][0];
  EXPECT_EQ(c["name"], "nivel_agua");
  EXPECT_EQ(c["type"], "DOUBLE");
  for (const char* k :
       {"count", "min", "max", "mean", "median", "q1", "q3", "std_dev", "coef_var"}) {
    EXPECT_TRUE(c[k].is_number()) << k << ": " << c.dump();
  }
  EXPECT_FALSE(c.contains("kurtosis"));  // only what was asked
  EXPECT_LE(c["min"].get<double>(), c["q1"].get<double>());
  EXPECT_LE(c["q1"].get<double>(), c["median"].get<double>());
  EXPECT_LE(c["median"].get<double>(), c["q3"].get<double>());
  EXPECT_TRUE(j["timing"]["elapsed_ms"].is_number());
}

TEST_F(StatsHttpTest, DefaultSummaryOfEveryNumericColumn) {
  auto j = Ok(R"({"dataset": "leituras_sensores"})");
  std::vector<std::string> names;
  for (const auto& c : j["columns"]) names.push_back(c["name"]);
  EXPECT_EQ(names, (std::vector<std::string>{"nivel_agua", "temperatura", "umidade", "pressao",
                                             "bateria"}));
  EXPECT_EQ(j["columns"][0]["nulls"], 562);
  EXPECT_TRUE(j["columns"][0]["kurtosis"].is_number());
}

TEST_F(StatsHttpTest, GroupsFilterTrendQuantilesHistogram) {
  auto j = Ok(R"({
      "dataset": "leituras_sensores", "columns": ["nivel_agua", "temperatura"],
      "stats": ["count", "mean", "median", "mad"], "group_by": "sensor",
      "filter": "status <> 'falha'", "quantiles": [0.05, 0.95], "quantile_method": "hazen",
      "histogram": {"bins": 12}, "trend": {"x": "timestamp"}, "correlation": true})");
  EXPECT_EQ(j["filter"], "status <> 'falha'");
  EXPECT_EQ(j["group_by"], "sensor");
  EXPECT_EQ(j["trend_x_unit"], "day");
  ASSERT_EQ(j["groups"].size(), 8u);
  int64_t rows = 0;
  for (const auto& g : j["groups"]) {
    rows += g["rows"].get<int64_t>();
    EXPECT_TRUE(g["key"].is_string());
    EXPECT_EQ(g["columns"].size(), 2u);
    EXPECT_EQ(g["columns"][0]["quantiles"].size(), 2u);
    EXPECT_TRUE(g["columns"][0]["trend"]["theil_sen"]["slope"].is_number());
    EXPECT_EQ(g["correlations"].size(), 1u);
  }
  EXPECT_EQ(rows, j["rows"].get<int64_t>());
  const auto& all = j["columns"][0];
  EXPECT_EQ(all["histogram"]["counts"].size(), 12u);
  EXPECT_EQ(all["histogram"]["edges"].size(), 13u);
  EXPECT_EQ(all["quantiles"][1]["p"], 0.95);
  EXPECT_TRUE(all["trend"]["mann_kendall"]["trend"].is_string());
  EXPECT_EQ(j["correlations"][0]["x"], "nivel_agua");
  EXPECT_EQ(j["correlations"][0]["y"], "temperatura");
}

TEST_F(StatsHttpTest, UndefinedStatisticsAreNullWithNotes) {
  auto j = Ok(R"({"dataset": "leituras_sensores", "columns": ["nivel_agua"],
                  "filter": "nivel_agua > 1000"})");
  const auto& c = j["columns"][0];
  EXPECT_EQ(c["count"], 0);
  EXPECT_TRUE(c["mean"].is_null());
  EXPECT_EQ(c["notes"]["mean"], "the input has no rows");
}

TEST_F(StatsHttpTest, ClearErrors) {
  ExpectError(R"({"dataset": "nope"})", 404, "not_found");
  ExpectError(R"({"dataset": "leituras_sensores", "columns": ["nope"]})", 404, "not_found");
  ExpectError(R"({"dataset": "leituras_sensores", "columns": ["status"]})", 400,
              "invalid_argument");
  ExpectError(R"({"columns": ["x"]})", 400, "invalid_argument", "dataset");
  ExpectError(R"({"dataset": "leituras_sensores", "stats": ["avg"]})", 400, "invalid_argument",
              "stats");
  ExpectError(R"({"dataset": "leituras_sensores", "quantiles": [2]})", 400, "invalid_argument",
              "quantiles");
  ExpectError(R"({"dataset": "leituras_sensores", "quantile_method": "fancy"})", 400,
              "invalid_argument", "quantile_method");
  ExpectError(R"({"dataset": "leituras_sensores", "histogram": "scott"})", 400, "invalid_argument",
              "histogram");
  ExpectError(R"({"dataset": "leituras_sensores", "trim": 0.9})", 400, "invalid_argument", "trim");
  ExpectError(R"({"dataset": "leituras_sensores", "colour": "blue"})", 400, "invalid_argument",
              "colour");
  ExpectError(R"({"dataset": "leituras_sensores", "censor": {"lower": 5, "upper": 1}})", 400,
              "invalid_argument", "censor");
  ExpectError(
      R"j({"dataset": "leituras_sensores", "filter": "1=1) UNION ALL SELECT * FROM orders WHERE (1=1"})j",
      403, "permission_denied", "filter_only");
  ExpectError(R"({"dataset": "leituras_sensores", "filter": "status ="})", 400, "invalid_argument",
              "syntax");
  ExpectError(
      R"j({"dataset": "leituras_sensores", "filter": "x IN (SELECT * FROM read_csv('/etc/passwd'))"})j",
      403, "permission_denied", "no_table_functions");
  ExpectError("{not json", 400, "invalid_argument");
  ExpectError("[1, 2]", 400, "invalid_argument");
}

TEST_F(StatsHttpTest, ListsTheStatistics) {
  auto c = server_->Client();
  auto r = c.Get("/api/v1/stats/statistics");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200);
  auto j = json::parse(r->body);
  EXPECT_EQ(j["statistics"].size(), 38u);
  EXPECT_EQ(j["groups"]["seed"].size(), 9u);
  EXPECT_EQ(j["quantile_methods"][6]["name"], "linear");
}

}  // namespace
}  // namespace sagaz
