// Pipelines as users run them: `sagaz pipelines ...` on a data directory, and the HTTP routes of a
// real `sagaz serve` (a run as a job, runs, lineage, the metric datasets in the catalog).
#include <gtest/gtest.h>
#include <httplib.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <thread>

#include "support/support.hpp"

namespace sagaz {
namespace {

using Json = nlohmann::json;

TEST(PipelinesCli, RunTwiceThenListRunsLineage) {
  testing::TempDir dir;
  const std::string data = (dir / "data").string();
  ASSERT_EQ(testing::RunSagaz({"--data-dir", data, "demo"}).exit_code, 0);
  auto first = testing::RunSagaz({"--data-dir", data, "--json", "pipelines", "run", "thelook"});
  ASSERT_EQ(first.exit_code, 0) << first.err << first.out;
  const auto report = Json::parse(first.out);
  EXPECT_EQ(report["status"], "succeeded");
  ASSERT_GE(report["nodes"].size(), 21u);
  for (const auto& n : report["nodes"]) {
    EXPECT_EQ(n["status"], "succeeded") << n.dump();
    EXPECT_GT(n["rows_read"].get<int64_t>(), 0) << n["node"];
    EXPECT_TRUE(n.contains("rows_written") && n.contains("rows_rejected"));
  }
  auto again = testing::RunSagaz({"--data-dir", data, "--json", "pipelines", "run", "thelook"});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(Json::parse(again.out)["rows_written"], 0);

  auto from = testing::RunSagaz(
      {"--data-dir", data, "--json", "pipelines", "run", "thelook", "--from", "stg_events"});
  ASSERT_EQ(from.exit_code, 0) << from.err;
  for (const auto& n : Json::parse(from.out)["nodes"]) {
    const std::string name = n["node"];
    const bool web = name == "stg_events" || name == "metric_session_conversion" ||
                     name == "metric_cart_abandonment" || name == "metric_traffic_sources";
    EXPECT_EQ(n["status"], web ? "succeeded" : "skipped") << name;
  }

  auto list = testing::RunSagaz({"--data-dir", data, "--json", "pipelines", "list"});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  EXPECT_EQ(Json::parse(list.out)["pipelines"][0]["name"], "thelook");
  auto runs = testing::RunSagaz({"--data-dir", data, "--json", "pipelines", "runs", "thelook"});
  ASSERT_EQ(runs.exit_code, 0) << runs.err;
  EXPECT_EQ(Json::parse(runs.out)["runs"].size(), 3u);
  auto lineage =
      testing::RunSagaz({"--data-dir", data, "--json", "pipelines", "lineage", "thelook"});
  ASSERT_EQ(lineage.exit_code, 0) << lineage.err;
  EXPECT_GT(Json::parse(lineage.out)["edges"].size(), 20u);
  auto show = testing::RunSagaz({"--data-dir", data, "pipelines", "show", "thelook"});
  EXPECT_EQ(show.exit_code, 0) << show.err;
  EXPECT_NE(show.out.find("metric_rfm"), std::string::npos);

  // A pipeline file with a failing rule: exit code 1, the rule named in the report.
  testing::WriteFile(dir / "bad.toml", R"(
name = "bad"
[nodes.bad_orders]
dataset = "orders"
rules = [{ column = "num_of_item", max = 1 }]
)");
  auto bad =
      testing::RunSagaz({"--data-dir", data, "pipelines", "run", (dir / "bad.toml").string()});
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.out.find("range(num_of_item)"), std::string::npos) << bad.out;
  auto missing = testing::RunSagaz({"--data-dir", data, "pipelines", "run", "nope"});
  EXPECT_NE(missing.exit_code, 0);
}

TEST(PipelinesHttp, RunAsJobThenRunsAndLineage) {
  testing::ServerProcess server({.demo = true});
  auto client = server.Client();
  auto list = client.Get("/api/v1/pipelines");
  ASSERT_TRUE(list);
  ASSERT_EQ(list->status, 200) << list->body;
  EXPECT_EQ(Json::parse(list->body)["pipelines"][0]["name"], "thelook");

  auto started = client.Post("/api/v1/pipelines/thelook/runs", "{}", "application/json");
  ASSERT_TRUE(started);
  ASSERT_EQ(started->status, 202) << started->body;
  const std::string job = Json::parse(started->body)["id"];
  std::string state;
  for (int i = 0; i < 1200 && state != "succeeded" && state != "failed" && state != "dead"; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    auto j = client.Get("/api/v1/jobs/" + job);
    ASSERT_TRUE(j);
    state = Json::parse(j->body)["status"];
  }
  ASSERT_EQ(state, "succeeded");

  auto runs = client.Get("/api/v1/pipelines/thelook/runs");
  ASSERT_TRUE(runs);
  ASSERT_EQ(runs->status, 200);
  const auto run = Json::parse(runs->body)["runs"][0];
  EXPECT_EQ(run["status"], "succeeded");
  EXPECT_EQ(run["job_id"], job);
  for (const auto& n : run["nodes"]) {
    EXPECT_TRUE(n.contains("rows_read") && n.contains("rows_written") &&
                n.contains("rows_rejected") && n.contains("status"));
  }
  auto one = client.Get("/api/v1/pipelines/thelook/runs/" + run["id"].get<std::string>());
  ASSERT_TRUE(one);
  EXPECT_EQ(one->status, 200);

  auto lineage = client.Get("/api/v1/pipelines/thelook/lineage");
  ASSERT_TRUE(lineage);
  ASSERT_EQ(lineage->status, 200);
  const auto l = Json::parse(lineage->body);
  ASSERT_TRUE(l["nodes"].is_array());
  ASSERT_TRUE(l["edges"].is_array());
  bool figures = false;
  for (const auto& n : l["nodes"]) {
    if (n["id"] == "metric_sales_monthly") {
      figures = n["last_run"].is_object() && n["last_run"]["rows_written"].get<int64_t>() > 0;
      EXPECT_FALSE(n["writes"].empty());
      EXPECT_FALSE(n["reads"].empty());
    }
  }
  EXPECT_TRUE(figures);

  auto datasets = client.Get("/api/v1/datasets?limit=500");
  ASSERT_TRUE(datasets);
  EXPECT_NE(datasets->body.find("metric_sales_monthly"), std::string::npos);

  // Errors: unknown pipeline, unknown node, unknown field, a path instead of a name.
  testing::ExpectError(client.Post("/api/v1/pipelines/nope/runs", "{}", "application/json"), 404,
                       "not_found");
  testing::ExpectError(
      client.Post("/api/v1/pipelines/thelook/runs", R"({"from": "nope"})", "application/json"), 404,
      "not_found");
  testing::ExpectError(
      client.Post("/api/v1/pipelines/thelook/runs", R"({"fast": true})", "application/json"), 400,
      "invalid_argument");
  testing::ExpectError(client.Get("/api/v1/pipelines/x.toml/lineage"), 400, "invalid_argument");
}

}  // namespace
}  // namespace sagaz
