// The platform over HTTP against a real `sagaz serve`: tokens and roles, rate limits, API keys,
// secrets kept out of logs, jobs with live progress, metrics and analytics — and a server killed
// in the middle of a job, whose job finishes after the restart with nothing lost or duplicated.
#include <gtest/gtest.h>
#include <httplib.h>

#include <chrono>
#include <ctime>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "support/support.hpp"
#include "support/tokens.hpp"

namespace sagaz {
namespace {

using testing::ExpectError;

using json = nlohmann::json;
using namespace std::chrono_literals;

constexpr const char* kSecret = "integration-test-signing-key-0123456789";
constexpr const char* kHeader = R"({"alg":"HS256","typ":"JWT"})";

long Now() { return static_cast<long>(std::time(nullptr)); }

// A short lease, so that a job whose server died runs again soon.
std::string Config(int lease_ms = 2000) {
  return std::string("[auth]\njwt_secret = \"") + kSecret +
         "\"\nmax_failed_logins = 3\nmax_failed_logins_per_address = 12\n"
         "[jobs]\nlease_ms = " +
         std::to_string(lease_ms) + "\nbackoff_ms = 100\n";
}

std::string ReadFile(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// A CSV of `rows` rows (id, value, store, day), big enough that ingesting it takes a while.
std::string BigCsv(int rows) {
  std::string out = "id,valor,loja,dia\n";
  out.reserve(static_cast<size_t>(rows) * 32);
  char line[96];
  for (int i = 0; i < rows; ++i) {
    const int n = std::snprintf(line, sizeof line, "%d,%d.%02d,L%02d,2024-%02d-%02d\n", i, i % 9973,
                                i % 100, i % 37, 1 + i % 12, 1 + i % 28);
    out.append(line, static_cast<size_t>(n));
  }
  return out;
}

class PlatformTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    testing::ServerProcess::Options options;
    options.demo = true;
    options.config_toml = Config();
    options.users = {{"ana", "analyst", "analyst-password"}, {"vic", "viewer", "viewer-password"}};
    server_ = new testing::ServerProcess(options);
  }
  static void TearDownTestSuite() {
    EXPECT_EQ(server_->Stop(), 0) << "graceful shutdown";
    delete server_;
  }
  static httplib::Client Anonymous() { return server_->Client(false); }
  static httplib::Client As(const std::string& token) {
    auto c = server_->Client(false);
    c.set_bearer_token_auth(token.c_str());
    return c;
  }
  static httplib::Result Login(const std::string& user, const std::string& password) {
    return Anonymous().Post("/api/v1/auth/login",
                            json{{"username", user}, {"password", password}}.dump(),
                            "application/json");
  }
  static testing::ServerProcess* server_;
};

testing::ServerProcess* PlatformTest::server_ = nullptr;

TEST_F(PlatformTest, PublicRoutesAreOpenAndTheRestNeedsAToken) {
  for (const char* path : {"/api/v1/health", "/api/v1/ready", "/api/v1/version", "/metrics"}) {
    auto r = Anonymous().Get(path);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200) << path;
  }
  for (const char* path :
       {"/api/v1/datasets", "/api/v1/jobs", "/api/v1/system/status", "/api/v1/users"}) {
    auto r = Anonymous().Get(path);
    ExpectError(r, 401, "unauthenticated");
    EXPECT_NE(r->get_header_value("WWW-Authenticate").find("Bearer"), std::string::npos);
  }
  ExpectError(Anonymous().Post("/api/v1/sql", R"({"sql":"SELECT 1"})", "application/json"), 401,
              "unauthenticated");
  // A malformed Authorization header is not silently ignored.
  auto c = Anonymous();
  ExpectError(c.Get("/api/v1/datasets", {{"Authorization", "Basic YWRtaW46YWRtaW4="}}), 401,
              "unauthenticated");
}

TEST_F(PlatformTest, BadTokensAreRefused) {
  const std::string admin = testing::AccessPayload("admin", "admin", Now(), Now() + 60);
  const std::string real = server_->token();
  const std::string forged_payload = testing::Base64Url(admin);
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"expired",
       testing::SignHs256(
           kHeader, testing::AccessPayload("admin", "admin", Now() - 100, Now() - 10), kSecret)},
      {"wrong key", testing::SignHs256(kHeader, admin, "some other key, long enough for HS256")},
      {"alg none", testing::Unsigned(R"({"alg":"none","typ":"JWT"})", admin)},
      {"HS512", testing::SignHs256(R"({"alg":"HS512","typ":"JWT"})", admin, kSecret)},
      {"tampered",
       real.substr(0, real.find('.')) + "." +
           testing::Base64Url(testing::AccessPayload("ana", "admin", Now(), Now() + 600)) +
           real.substr(real.rfind('.'))},
      {"garbage", "eyJhbGciOi.not.a-token"},
  };
  for (const auto& [name, token] : cases) {
    SCOPED_TRACE(name);
    ExpectError(As(token).Get("/api/v1/datasets"), 401, "unauthenticated");
  }
  // The same claims, properly signed, pass.
  auto ok = As(testing::SignHs256(kHeader, admin, kSecret)).Get("/api/v1/datasets");
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200);
}

TEST_F(PlatformTest, RolesDecideWhatACallerMayDo) {
  auto login = Login("vic", "viewer-password");
  ASSERT_EQ(login->status, 200) << login->body;
  const auto viewer = json::parse(login->body)["access_token"].get<std::string>();
  auto c = As(viewer);
  EXPECT_EQ(c.Get("/api/v1/datasets")->status, 200);
  EXPECT_EQ(
      c.Post("/api/v1/sql", R"({"sql":"SELECT count(*) FROM orders"})", "application/json")->status,
      200);
  auto upload = c.Post("/api/v1/datasets?name=nope", "a,b\n1,2\n", "text/csv");
  ExpectError(upload, 403, "permission_denied");
  EXPECT_EQ(json::parse(upload->body)["error"]["details"]["required"], "datasets.write");
  ExpectError(c.Delete("/api/v1/datasets/orders"), 403, "permission_denied");
  ExpectError(c.Get("/api/v1/users"), 403, "permission_denied");
  ExpectError(c.Post("/api/v1/system/cache/cleanup", "", "application/json"), 403,
              "permission_denied");
  auto me = json::parse(c.Get("/api/v1/auth/me")->body);
  EXPECT_EQ(me["username"], "vic");
  EXPECT_EQ(me["role"], "viewer");
  // An admin manages users; new accounts can log in.
  auto admin = server_->Client();
  auto created = admin.Post("/api/v1/users",
                            R"({"username":"carla","role":"analyst","password":"carla-password"})",
                            "application/json");
  ASSERT_EQ(created->status, 201) << created->body;
  ExpectError(
      admin.Post("/api/v1/users", R"({"username":"carla","role":"analyst","password":"x1234567"})",
                 "application/json"),
      409, "already_exists");
  EXPECT_EQ(Login("carla", "carla-password")->status, 200);
  EXPECT_EQ(admin.Delete("/api/v1/users/carla")->status, 204);
  ExpectError(Login("carla", "carla-password"), 401, "unauthenticated");
}

TEST_F(PlatformTest, RefreshRotatesAndRevokedTokensStayRevoked) {
  auto login = json::parse(Login("ana", "analyst-password")->body);
  auto c = Anonymous();
  auto refreshed =
      c.Post("/api/v1/auth/refresh", json{{"refresh_token", login["refresh_token"]}}.dump(),
             "application/json");
  ASSERT_EQ(refreshed->status, 200) << refreshed->body;
  auto next = json::parse(refreshed->body);
  EXPECT_NE(next["refresh_token"], login["refresh_token"]);
  EXPECT_EQ(As(next["access_token"]).Get("/api/v1/auth/me")->status, 200);
  // Reusing the rotated token fails and ends the session.
  ExpectError(c.Post("/api/v1/auth/refresh", json{{"refresh_token", login["refresh_token"]}}.dump(),
                     "application/json"),
              401, "unauthenticated");
  ExpectError(c.Post("/api/v1/auth/refresh", json{{"refresh_token", next["refresh_token"]}}.dump(),
                     "application/json"),
              401, "unauthenticated");
  // Reuse ended the session's access tokens too, not only its refresh tokens.
  ExpectError(As(next["access_token"]).Get("/api/v1/auth/me"), 401, "unauthenticated");
  // Logout revokes, access token included.
  auto other = json::parse(Login("ana", "analyst-password")->body);
  EXPECT_EQ(As(other["access_token"]).Get("/api/v1/auth/me")->status, 200);
  EXPECT_EQ(c.Post("/api/v1/auth/logout", json{{"refresh_token", other["refresh_token"]}}.dump(),
                   "application/json")
                ->status,
            204);
  ExpectError(As(other["access_token"]).Get("/api/v1/auth/me"), 401, "unauthenticated");
  ExpectError(c.Post("/api/v1/auth/refresh", json{{"refresh_token", other["refresh_token"]}}.dump(),
                     "application/json"),
              401, "unauthenticated");
}

TEST_F(PlatformTest, PasswordGuessingIsRateLimited) {
  for (int i = 0; i < 3; ++i)
    ExpectError(Login("admin", "guess-" + std::to_string(i)), 401, "unauthenticated");
  auto limited = Login("admin", testing::kAdminPassword);
  ExpectError(limited, 429, "rate_limited");
  EXPECT_FALSE(limited->get_header_value("Retry-After").empty());
}

TEST_F(PlatformTest, ApiKeysForMachineClients) {
  const auto ana =
      json::parse(Login("ana", "analyst-password")->body)["access_token"].get<std::string>();
  auto created =
      As(ana).Post("/api/v1/auth/api-keys", R"({"name":"etl","scopes":["datasets.read","query"]})",
                   "application/json");
  ASSERT_EQ(created->status, 201) << created->body;
  const auto key = json::parse(created->body);
  const std::string secret = key["key"];
  auto c = Anonymous();
  auto by_header = c.Get("/api/v1/datasets", {{"X-API-Key", secret}});
  EXPECT_EQ(by_header->status, 200) << by_header->body;
  auto by_bearer =
      As(secret).Post("/api/v1/sql", R"({"sql":"SELECT 1 AS one"})", "application/json");
  EXPECT_EQ(by_bearer->status, 200) << by_bearer->body;
  // Its scopes are narrower than its owner's role.
  ExpectError(As(secret).Post("/api/v1/datasets?name=k", "a\n1\n", "text/csv"), 403,
              "permission_denied");
  ExpectError(As(secret).Delete("/api/v1/datasets/orders"), 403, "permission_denied");
  // Listing never shows the secret; revoking stops the key.
  auto list = As(ana).Get("/api/v1/auth/api-keys");
  EXPECT_EQ(list->body.find(secret), std::string::npos);
  EXPECT_EQ(As(ana).Delete("/api/v1/auth/api-keys/" + key["id"].get<std::string>())->status, 204);
  ExpectError(c.Get("/api/v1/datasets", {{"X-API-Key", secret}}), 401, "unauthenticated");
}

TEST_F(PlatformTest, SecretsAreNeverLogged) {
  auto login = json::parse(Login("ana", "analyst-password")->body);
  const std::string access = login["access_token"], refresh = login["refresh_token"];
  As(access).Get("/api/v1/jobs/none/events?access_token=" + access);
  Anonymous().Post("/api/v1/auth/refresh", json{{"refresh_token", refresh}}.dump(),
                   "application/json");
  std::this_thread::sleep_for(300ms);  // the log file is written asynchronously
  const std::string logs = ReadFile(server_->root() / "data" / "logs" / "sagaz.log") +
                           ReadFile(server_->root() / "server.log");
  ASSERT_FALSE(logs.empty());
  EXPECT_NE(logs.find("login"), std::string::npos);  // logins are logged...
  for (const std::string& secret :
       {std::string("analyst-password"), std::string("viewer-password"),
        std::string(testing::kAdminPassword), access, refresh, std::string(kSecret)}) {
    EXPECT_EQ(logs.find(secret), std::string::npos)
        << "a secret reached the log";  // ...secrets never
  }
}

TEST_F(PlatformTest, LargeUploadsBecomeJobsWithLiveProgress) {
  auto c = server_->Client();
  auto accepted =
      c.Post("/api/v1/datasets?name=vendas_grandes&async=true", BigCsv(200'000), "text/csv");
  ASSERT_EQ(accepted->status, 202) << accepted->body;
  const auto job = json::parse(accepted->body)["job"];
  const std::string id = job["id"];
  EXPECT_EQ(accepted->get_header_value("Location"), "/api/v1/jobs/" + id);
  // Follow it over server-sent events until it is done.
  std::string stream;
  auto events = server_->Client();
  auto r = events.Get("/api/v1/jobs/" + id + "/events", httplib::Headers{},
                      [&](const char* data, size_t n) {
                        stream.append(data, n);
                        return stream.find("event: done") == std::string::npos;
                      });
  EXPECT_NE(stream.find("event: done"), std::string::npos) << stream;
  const auto done_at = stream.find("event: done");
  const auto data = stream.find("data: ", done_at);
  const auto finished = json::parse(stream.substr(data + 6, stream.find('\n', data) - data - 6));
  EXPECT_EQ(finished["status"], "succeeded") << finished.dump();
  EXPECT_EQ(finished["result"]["rows_loaded"], 200'000);
  EXPECT_EQ(finished["progress"], 100.0);
  // The same over polling, and in the list.
  EXPECT_EQ(json::parse(c.Get("/api/v1/jobs/" + id)->body)["status"], "succeeded");
  auto list = json::parse(c.Get("/api/v1/jobs?kind=ingest&status=succeeded")->body);
  EXPECT_FALSE(list["jobs"].empty());
  EXPECT_EQ(json::parse(c.Get("/api/v1/datasets/vendas_grandes")->body)["rows"], 200'000);
  // A finished job cannot be cancelled; an unknown one is 404.
  ExpectError(c.Post("/api/v1/jobs/" + id + "/cancel", "", "application/json"), 412,
              "failed_precondition");
  ExpectError(c.Get("/api/v1/jobs/job_missing"), 404, "not_found");
  // A failing ingest ends failed with a clear error (not retried: the file will not get better).
  auto bad = c.Post("/api/v1/datasets?name=vendas_grandes&async=true", "x\n1\n", "text/csv");
  ASSERT_EQ(bad->status, 202);
  const std::string bad_id = json::parse(bad->body)["job"]["id"];
  json state;
  for (int i = 0; i < 200; ++i) {
    state = json::parse(c.Get("/api/v1/jobs/" + bad_id)->body);
    if (state["status"] != "queued" && state["status"] != "running") break;
    std::this_thread::sleep_for(50ms);
  }
  EXPECT_EQ(state["status"], "failed") << state.dump();
  EXPECT_EQ(state["error"]["code"], "already_exists");
  EXPECT_EQ(state["attempts"], 1);
}

TEST_F(PlatformTest, IdempotencyKeysReplayTheFirstJob) {
  auto c = server_->Client();
  const httplib::Headers key = {{"Idempotency-Key", "nightly-2026-12-04"}};
  auto first = c.Post("/api/v1/datasets?name=idem&async=true", key, "a,b\n1,2\n", "text/csv");
  auto second = c.Post("/api/v1/datasets?name=idem&async=true", key, "a,b\n1,2\n", "text/csv");
  ASSERT_EQ(first->status, 202);
  ASSERT_EQ(second->status, 202);
  EXPECT_EQ(json::parse(first->body)["job"]["id"], json::parse(second->body)["job"]["id"]);
  EXPECT_EQ(second->get_header_value("Idempotent-Replayed"), "true");
}

TEST_F(PlatformTest, MetricsAnalyticsAndSystemStatus) {
  auto c = server_->Client();
  for (int i = 0; i < 3; ++i) c.Get("/api/v1/datasets");
  const std::string metrics = Anonymous().Get("/metrics")->body;
  for (const char* name :
       {"sagaz_http_requests_total{method=\"GET\",route=\"/api/v1/datasets\",status=\"200\"}",
        "sagaz_http_request_duration_seconds_bucket", "sagaz_jobs{", "sagaz_duckdb_memory_bytes",
        "process_resident_memory_bytes", "process_cpu_seconds_total"}) {
    EXPECT_NE(metrics.find(name), std::string::npos) << name;
  }
  auto perf = json::parse(c.Get("/api/v1/analytics/performance")->body);
  bool found = false;
  for (const auto& r : perf["routes"]) {
    if (r["route"] == "/api/v1/datasets" && r["method"] == "GET") {
      found = true;
      EXPECT_GE(r["count"].get<int>(), 3);
      EXPECT_GE(r["p95_ms"].get<double>(), r["p50_ms"].get<double>());
    }
  }
  EXPECT_TRUE(found) << perf.dump();
  auto usage = json::parse(c.Get("/api/v1/analytics/usage?start_date=2020-01-01")->body);
  EXPECT_GT(usage["totals"]["count"].get<int>(), 0);
  EXPECT_EQ(usage["start_date"], "2020-01-01");
  ExpectError(c.Get("/api/v1/analytics/usage?start_date=yesterday"), 400, "invalid_argument");
  auto status = json::parse(c.Get("/api/v1/system/status")->body);
  EXPECT_EQ(status["version"], "0.1.0");
  EXPECT_GT(status["disk"]["free_bytes"].get<double>(), 0);
  EXPECT_GT(status["memory"]["rss_bytes"].get<double>(), 0);
  EXPECT_EQ(status["config"]["auth.jwt_secret"]["value"], "\"********\"");
  auto cleanup = c.Post("/api/v1/system/cache/cleanup", "", "application/json");
  ASSERT_EQ(cleanup->status, 200) << cleanup->body;
  EXPECT_TRUE(json::parse(cleanup->body).contains("removed_entries"));
}

TEST(PlatformCrash, AJobKilledMidwayFinishesAfterTheRestartExactlyOnce) {
  constexpr int kRows = 3'000'000;
  // Long enough that heartbeats delayed by the load's commit on a busy machine keep the lease (a
  // lost lease is a third attempt), short enough that the restart takes the job over soon.
  const std::string config = Config(/*lease_ms=*/6000);
  testing::TempDir keep;
  std::string id;
  {
    testing::ServerProcess first({.config_toml = config, .reuse_dir = {}});
    auto c = first.Client();
    auto accepted = c.Post("/api/v1/datasets?name=crash&async=true", BigCsv(kRows), "text/csv");
    ASSERT_EQ(accepted->status, 202) << accepted->body;
    id = json::parse(accepted->body)["job"]["id"];
    // Kill it while the job is loading.
    json job;
    for (int i = 0; i < 400; ++i) {
      job = json::parse(c.Get("/api/v1/jobs/" + id)->body);
      if (job["status"] == "running" && job["progress"].get<double>() > 0) break;
      std::this_thread::sleep_for(10ms);
    }
    ASSERT_EQ(job["status"], "running") << job.dump();
    first.Kill();
    std::filesystem::copy(first.root(), keep.path(), std::filesystem::copy_options::recursive);
  }
  testing::ServerProcess second({.config_toml = config, .reuse_dir = keep.path()});
  auto c = second.Client();
  json job;
  for (int i = 0; i < 1200; ++i) {
    job = json::parse(c.Get("/api/v1/jobs/" + id)->body);
    if (job["status"] != "queued" && job["status"] != "running") break;
    std::this_thread::sleep_for(50ms);
  }
  EXPECT_EQ(job["status"], "succeeded") << job.dump();
  EXPECT_EQ(job["attempts"], 2);
  // Every row, once.
  auto count =
      c.Post("/api/v1/sql", R"({"sql":"SELECT count(*) AS n, count(DISTINCT id) AS d FROM crash"})",
             "application/json");
  ASSERT_EQ(count->status, 200) << count->body;
  const auto rows = json::parse(count->body)["rows"][0];
  EXPECT_EQ(rows[0], kRows);
  EXPECT_EQ(rows[1], kRows);
  // The job's file is gone once it finished.
  const auto jobs_dir = keep.path() / "data" / "uploads" / "jobs";
  EXPECT_TRUE(!std::filesystem::exists(jobs_dir) || std::filesystem::is_empty(jobs_dir));
  EXPECT_EQ(second.Stop(), 0);
}

}  // namespace
}  // namespace sagaz
