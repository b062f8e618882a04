// Schedules through a real `sagaz serve`: a schedule made over HTTP submits a pipeline job at each
// occurrence, once; disabling stops it; the schedule and its record survive a restart; the
// shipped pipeline's schedule is there, disabled; the CLI sees the same. Minutes are too slow for
// a test: the server runs with jobs.schedule_seconds (six-field expressions, documented as for
// tests) and a short tick.
#include <gtest/gtest.h>
#include <httplib.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "support/support.hpp"

namespace sagaz {
namespace {

using Json = nlohmann::json;
using namespace std::chrono_literals;

constexpr const char* kConfig = "[jobs]\nschedule_seconds = true\nschedule_tick_ms = 100\n";

// The pipeline jobs of the server, newest first.
Json PipelineJobs(httplib::Client& client) {
  auto r = client.Get("/api/v1/jobs?kind=pipeline&limit=500");
  EXPECT_TRUE(r && r->status == 200) << (r ? r->body : "no answer");
  return r && r->status == 200 ? Json::parse(r->body)["jobs"] : Json::array();
}

// Waits (up to 60 s) until `n` pipeline jobs have succeeded.
bool WaitForSucceeded(httplib::Client& client, size_t n) {
  for (int i = 0; i < 600; ++i) {
    size_t done = 0;
    for (const auto& j : PipelineJobs(client)) done += j.value("status", "") == "succeeded";
    if (done >= n) return true;
    std::this_thread::sleep_for(100ms);
  }
  return false;
}

TEST(SchedulesHttp, ASecondsScheduleRunsAPipelineOncePerOccurrence) {
  testing::TempDir keep;
  const std::filesystem::path root = keep.path();
  std::string schedule_id;
  {
    testing::ServerProcess server({.config_toml = kConfig});
    const auto pipelines = server.root() / "data" / "pipelines";
    std::filesystem::create_directories(pipelines);
    testing::WriteFile(pipelines / "ticks.csv", "n\n1\n2\n3\n");
    testing::WriteFile(pipelines / "tick.toml",
                       "name = \"tick\"\n[nodes.ticks]\nfile = \"ticks.csv\"\n");
    auto client = server.Client();

    // The shipped pipeline's schedule is declared, disabled.
    auto list = client.Get("/api/v1/schedules");
    ASSERT_TRUE(list && list->status == 200) << (list ? list->body : "");
    bool thelook = false, weekly = false;
    const auto listed = Json::parse(list->body);
    for (const auto& s : listed["schedules"]) {
      if (s["name"] == "pipeline:thelook:weekly_full_refresh") {
        weekly = true;  // a further run of the file's [[schedules]]: a full refresh
        EXPECT_EQ(s["enabled"], false);
        EXPECT_EQ(s["cron"], "0 4 * * 0");
        EXPECT_EQ(s["payload"]["full_refresh"], true) << s.dump();
      }
      if (s["name"] == "pipeline:thelook") {
        thelook = true;
        EXPECT_EQ(s["enabled"], false);
        EXPECT_EQ(s["origin"], "pipeline");
        EXPECT_EQ(s["cron"], "0 3 * * *");
        EXPECT_TRUE(s["next_run_at"].is_null());
      }
    }
    EXPECT_TRUE(thelook) << list->body;
    EXPECT_TRUE(weekly) << list->body;

    // Refusals name what is wrong.
    testing::ExpectError(
        client.Post("/api/v1/schedules", R"({"name":"x","cron":"* * *","kind":"pipeline"})",
                    "application/json"),
        400, "invalid_argument");
    testing::ExpectError(
        client.Post("/api/v1/schedules",
                    R"({"name":"x","cron":"* * * * *","kind":"pipeline","every":1})",
                    "application/json"),
        400, "invalid_argument");
    testing::ExpectError(
        client.Post("/api/v1/schedules", R"({"name":"x","cron":"* * * * *","kind":"ingest"})",
                    "application/json"),
        400, "invalid_argument");
    testing::ExpectError(
        client.Post(
            "/api/v1/schedules",
            R"({"name":"x","cron":"* * * * *","kind":"pipeline","payload":{"pipeline":"nope"}})",
            "application/json"),
        404, "not_found");
    testing::ExpectError(client.Post("/api/v1/schedules",
                                     R"({"name":"x","cron":"* * * * *","time_zone":"Mars/Base",)"
                                     R"("kind":"pipeline","payload":{"pipeline":"tick"}})",
                                     "application/json"),
                         400, "invalid_argument");

    auto created = client.Post("/api/v1/schedules",
                               R"({"name":"every-second","cron":"* * * * * *",)"
                               R"("time_zone":"America/Sao_Paulo","kind":"pipeline",)"
                               R"("payload":{"pipeline":"tick"},"missed":"skip"})",
                               "application/json");
    ASSERT_TRUE(created && created->status == 201) << (created ? created->body : "");
    const auto s = Json::parse(created->body);
    schedule_id = s["id"];
    EXPECT_EQ(s["next_runs"].size(), 5u);
    EXPECT_EQ(s["missed"], "skip");
    EXPECT_EQ(s["payload"]["pipeline"], "tick");
    testing::ExpectError(
        client.Post("/api/v1/schedules",
                    R"({"name":"every-second","cron":"* * * * *","kind":"pipeline",)"
                    R"("payload":{"pipeline":"tick"}})",
                    "application/json"),
        409, "already_exists");

    ASSERT_TRUE(WaitForSucceeded(client, 3)) << PipelineJobs(client).dump();

    auto off =
        client.Patch("/api/v1/schedules/every-second", R"({"enabled": false})", "application/json");
    ASSERT_TRUE(off && off->status == 200) << (off ? off->body : "");
    EXPECT_TRUE(Json::parse(off->body)["next_run_at"].is_null());
    const auto shown = client.Get("/api/v1/schedules/" + schedule_id);
    ASSERT_TRUE(shown && shown->status == 200);
    EXPECT_FALSE(Json::parse(shown->body)["last_job_id"].is_null());
    EXPECT_TRUE(Json::parse(shown->body)["next_runs"].empty());
    EXPECT_EQ(server.Stop(), 0);
    std::filesystem::copy(server.root(), root, std::filesystem::copy_options::recursive);
  }
  // Across a restart the schedule and its record stay, and no occurrence was submitted twice.
  {
    testing::ServerProcess server({.config_toml = kConfig, .reuse_dir = root});
    auto client = server.Client();
    auto one = client.Get("/api/v1/schedules/" + schedule_id);
    ASSERT_TRUE(one && one->status == 200) << (one ? one->body : "");
    EXPECT_EQ(Json::parse(one->body)["enabled"], false);
    const auto before = PipelineJobs(client).size();
    auto on = client.Patch("/api/v1/schedules/" + schedule_id, R"({"enabled": true})",
                           "application/json");
    ASSERT_TRUE(on && on->status == 200);
    ASSERT_TRUE(WaitForSucceeded(client, before + 2));
    std::set<std::string> keys;
    for (const auto& j : PipelineJobs(client)) {
      const std::string key = j.value("idempotency_key", "");
      EXPECT_EQ(key.rfind("schedule:" + schedule_id + ":", 0), 0u) << j.dump();
      EXPECT_TRUE(keys.insert(key).second) << "occurrence submitted twice: " << key;
    }
    auto runs = client.Get("/api/v1/pipelines/tick/runs");
    ASSERT_TRUE(runs && runs->status == 200);
    EXPECT_GE(Json::parse(runs->body)["runs"].size(), before + 2);
    auto del = client.Delete("/api/v1/schedules/" + schedule_id);
    ASSERT_TRUE(del && del->status == 204) << (del ? del->body : "");
    testing::ExpectError(client.Get("/api/v1/schedules/" + schedule_id), 404, "not_found");
    EXPECT_EQ(server.Stop(), 0);

    // The CLI on the same data directory.
    auto cli = testing::RunSagaz({"--data-dir", (root / "data").string(), "--json", "schedules",
                                  "create", "nightly", "--cron", "30 2 * * MON-FRI", "--time-zone",
                                  "America/Sao_Paulo", "--pipeline", "tick"});
    ASSERT_EQ(cli.exit_code, 0) << cli.err << cli.out;
    EXPECT_EQ(Json::parse(cli.out)["next_runs"].size(), 5u);
    auto listed =
        testing::RunSagaz({"--data-dir", (root / "data").string(), "--json", "schedules", "list"});
    ASSERT_EQ(listed.exit_code, 0) << listed.err;
    // nightly, pipeline:thelook and pipeline:thelook:weekly_full_refresh
    EXPECT_EQ(Json::parse(listed.out)["schedules"].size(), 3u);
    auto disabled = testing::RunSagaz(
        {"--data-dir", (root / "data").string(), "schedules", "disable", "nightly"});
    EXPECT_EQ(disabled.exit_code, 0) << disabled.err;
    auto bad = testing::RunSagaz({"--data-dir", (root / "data").string(), "schedules", "create",
                                  "x", "--cron", "0 25 * * *", "--pipeline", "tick"});
    EXPECT_NE(bad.exit_code, 0);
    EXPECT_NE(bad.err.find("hour"), std::string::npos) << bad.err;
  }
}

}  // namespace
}  // namespace sagaz
