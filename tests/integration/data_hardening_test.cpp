// Hostile and unlucky inputs against a real `sagaz serve`: files that used to crash the server or
// hang its shutdown, crashes in the middle of a job, what a restart finds, and the modes of the
// files the server leaves on disk.
#include <gtest/gtest.h>
#include <httplib.h>
#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "support/support.hpp"

namespace sagaz {
namespace {

using json = nlohmann::json;
using namespace std::chrono_literals;
using testing::ExpectError;

std::string Nested(int depth) {
  std::string out;
  for (int i = 0; i < depth; ++i) out += "{\"a\":";
  out += "1";
  out += std::string(static_cast<size_t>(depth), '}');
  return out;
}

// Polls a job until it leaves queued/running.
json WaitForJob(httplib::Client& c, const std::string& id) {
  json job;
  for (int i = 0; i < 600; ++i) {
    job = json::parse(c.Get("/api/v1/jobs/" + id)->body);
    if (job["status"] != "queued" && job["status"] != "running") break;
    std::this_thread::sleep_for(50ms);
  }
  return job;
}

std::string ReadFile(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// 60 KB of JSON nested 10,000 levels deep crashed DuckDB (a stack overflow in one of its threads),
// synchronously or as a job, and the job crashed the server again at every restart.
TEST(DataHardening, DeeplyNestedJsonIsRefusedAndTheServerStaysUp) {
  testing::ServerProcess server;
  auto c = server.Client();
  const std::string deep = Nested(10'000);
  auto sync = c.Post("/api/v1/datasets?filename=deep.json", deep, "application/json");
  ExpectError(sync, 400, "invalid_argument");
  EXPECT_NE(sync->body.find("nested more than 64 levels"), std::string::npos) << sync->body;

  auto accepted =
      c.Post("/api/v1/datasets?filename=deep.json&async=true", deep, "application/json");
  ASSERT_EQ(accepted->status, 202) << accepted->body;
  const json job = WaitForJob(c, json::parse(accepted->body)["job"]["id"]);
  EXPECT_EQ(job["status"], "failed") << job.dump();
  EXPECT_EQ(job["attempts"], 1);
  EXPECT_NE(job["error"]["message"].get<std::string>().find("64 levels"), std::string::npos);
  EXPECT_EQ(c.Get("/api/v1/health")->status, 200);
  EXPECT_EQ(server.Stop(), 0);
}

// DuckDB's cost grows steeply with nesting: a 50 KB document 1,000 levels deep loaded in seconds
// and then made the checkpoint at shutdown take half a minute. Nested data within the limit is
// loaded, profiled and queried, and the server still stops at once.
TEST(DataHardening, NestedJsonLoadsAndShutdownStaysQuick) {
  testing::ServerProcess server;
  auto c = server.Client();
  ExpectError(c.Post("/api/v1/datasets?filename=deep.json", Nested(1000), "application/json"), 400,
              "invalid_argument");
  std::string records = "[";
  for (int i = 0; i < 200; ++i) {
    records +=
        std::string(i ? "," : "") + R"({"id": )" + std::to_string(i) +
        R"(, "customer": {"name": "c)" + std::to_string(i % 7) +
        R"(", "address": {"city": "SP", "geo": {"lat": 1.5, "lon": 2.5}}}, "items": [{"sku": "A", "qty": 2, "tags": ["x", "y"]}], "deep": )" +
        Nested(60) + "}";
  }
  records += "]";
  auto loaded = c.Post("/api/v1/datasets?filename=orders.json", records, "application/json");
  ASSERT_EQ(loaded->status, 201) << loaded->body;
  EXPECT_EQ(c.Get("/api/v1/datasets/orders/profile")->status, 200);
  EXPECT_EQ(c.Get("/api/v1/datasets/orders/sample?limit=5")->status, 200);
  auto query = c.Post("/api/v1/sql",
                      R"({"sql": "SELECT customer.address.city, count(*) FROM orders GROUP BY 1"})",
                      "application/json");
  EXPECT_EQ(query->status, 200) << query->body;
  const auto started = std::chrono::steady_clock::now();
  EXPECT_EQ(server.Stop(), 0) << "stopped within ServerProcess::Stop's 10 s";
  std::cerr << "shutdown took "
            << std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count()
            << " s\n";
}

// A header of 100,000 columns took 112 s and 5.6 GB before it was refused or loaded.
TEST(DataHardening, TooManyColumnsAreRefusedFromTheHeader) {
  testing::ServerProcess server;
  auto c = server.Client();
  std::string csv;
  for (int i = 0; i < 100'000; ++i) csv += (i ? ",c" : "c") + std::to_string(i);
  csv += "\n" + csv + "\n";
  auto r = c.Post("/api/v1/datasets?filename=wide.csv", csv, "text/csv");
  ExpectError(r, 400, "invalid_argument");
  EXPECT_NE(r->body.find("100000 columns"), std::string::npos) << r->body;
  EXPECT_NE(r->body.find("ingest.max_columns"), std::string::npos) << r->body;
  EXPECT_EQ(server.Stop(), 0);
}

// A 1,000-row CSV whose last line had one extra field loaded as 1 row with no header and nothing
// rejected.
TEST(DataHardening, ARaggedLastLineIsOneRejectedRow) {
  testing::ServerProcess server;
  auto c = server.Client();
  std::string csv = "id,name,value\n";
  for (int i = 0; i < 1000; ++i) {
    csv += std::to_string(i) + ",n" + std::to_string(i) + "," + std::to_string(i) + ".5";
    csv += i == 999 ? ",extra\n" : "\n";
  }
  auto r = c.Post("/api/v1/datasets?filename=ragged.csv", csv, "text/csv");
  ASSERT_EQ(r->status, 201) << r->body;
  const json report = json::parse(r->body);
  EXPECT_EQ(report["rows_loaded"], 999);
  EXPECT_EQ(report["rows_rejected"], 1);
  EXPECT_EQ(report["rejections"][0]["line"], 1001);
  EXPECT_EQ(report["columns"][0]["name"], "id");
  EXPECT_EQ(server.Stop(), 0);
}

// Errors quoted DuckDB's statement with the server's upload path ("read_parquet('data/uploads/
// 3f2a….upload'…"), and a file name that is not UTF-8 failed with "cannot bind parameter 2".
TEST(DataHardening, UploadErrorsNameTheFileTheUserGave) {
  testing::ServerProcess server;
  auto c = server.Client();
  const std::string data_dir = (server.root() / "data").string();
  auto no_server_paths = [&](const std::string& body) {
    for (const std::string leak : {std::string("uploads"), std::string(".upload"), data_dir,
                                   std::string("LINE 1"), std::string("__ingest")}) {
      EXPECT_EQ(body.find(leak), std::string::npos) << leak << " in " << body;
    }
  };
  const std::vector<std::pair<std::string, std::string>> bad = {
      {"broken.parquet", "PAR1 this is not parquet"},
      {"broken.json", "[{\"a\": 1}, {\"a\": "},
      {"broken.csv", "a,b\n1,2\n3\n4,5,6\n7\n8,9,10\n"},
  };
  for (const auto& [name, content] : bad) {
    SCOPED_TRACE(name);
    auto r = c.Post("/api/v1/datasets?filename=" + name, content, "application/octet-stream");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 400) << r->body;
    no_server_paths(r->body);
    auto job =
        c.Post("/api/v1/datasets?async=true&filename=" + name, content, "application/octet-stream");
    ASSERT_EQ(job->status, 202) << job->body;
    const json done = WaitForJob(c, json::parse(job->body)["job"]["id"]);
    EXPECT_EQ(done["status"], "failed");
    no_server_paths(done.dump());
  }
  // A Latin-1 file name from an old client: repaired, not refused.
  const std::string body = std::string("--XX\r\nContent-Disposition: form-data; name=\"file\"; ") +
                           "filename=\"vend\xe3o.csv\"\r\nContent-Type: text/csv\r\n\r\n" +
                           "a,b\n1,2\n\r\n--XX--\r\n";
  auto latin1 = c.Post("/api/v1/datasets", body, "multipart/form-data; boundary=XX");
  ASSERT_EQ(latin1->status, 201) << latin1->body;
  const json info = json::parse(c.Get("/api/v1/datasets/vend_o")->body);
  EXPECT_EQ(info["source"], "vend\xEF\xBF\xBDo.csv");
  EXPECT_EQ(server.Stop(), 0);
}

std::vector<std::string> FilesIn(const std::filesystem::path& dir) {
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(dir, ec)) {
    if (e.is_regular_file()) out.push_back(e.path().filename().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

// Retrying a failed background ingest replaced its clear error with "the uploaded file of this job
// is gone": the file was removed when the job failed. It is kept until the job succeeds (or is
// purged); a retry that cannot work is refused at once; uploads left by a crash go at start-up.
TEST(DataHardening, AFailedIngestJobKeepsItsFileSoRetryWorks) {
  testing::TempDir keep;
  std::string failed_id, gone_id;
  {
    testing::ServerProcess server;
    auto c = server.Client();
    ASSERT_EQ(c.Post("/api/v1/datasets?name=vendas", "a,b\n1,2\n", "text/csv")->status, 201);
    // Fails: the dataset exists (create mode).
    auto first = c.Post("/api/v1/datasets?name=vendas&async=true", "a,b\n3,4\n5,6\n", "text/csv");
    ASSERT_EQ(first->status, 202);
    failed_id = json::parse(first->body)["job"]["id"];
    json job = WaitForJob(c, failed_id);
    ASSERT_EQ(job["status"], "failed") << job.dump();
    EXPECT_EQ(job["error"]["code"], "already_exists");
    // The cause is fixed; the retry loads the file the job kept.
    ASSERT_EQ(c.Delete("/api/v1/datasets/vendas")->status, 204);
    ASSERT_EQ(c.Post("/api/v1/jobs/" + failed_id + "/retry", "", "application/json")->status, 202);
    job = WaitForJob(c, failed_id);
    EXPECT_EQ(job["status"], "succeeded") << job.dump();
    EXPECT_EQ(job["result"]["rows_loaded"], 2);
    const auto jobs_dir = server.root() / "data" / "uploads" / "jobs";
    EXPECT_EQ(FilesIn(jobs_dir), std::vector<std::string>{}) << "a succeeded job's file goes";

    // A job whose file is gone (removed by hand) cannot be retried: the API says so at once.
    auto second = c.Post("/api/v1/datasets?name=vendas&async=true", "a,b\n7,8\n", "text/csv");
    gone_id = json::parse(second->body)["job"]["id"];
    ASSERT_EQ(WaitForJob(c, gone_id)["status"], "failed");
    ASSERT_EQ(FilesIn(jobs_dir).size(), 1u);
    std::filesystem::remove(jobs_dir / FilesIn(jobs_dir)[0]);
    auto refused = c.Post("/api/v1/jobs/" + gone_id + "/retry", "", "application/json");
    ExpectError(refused, 412, "failed_precondition");
    EXPECT_NE(refused->body.find("cannot be retried"), std::string::npos) << refused->body;
    EXPECT_NE(refused->body.find("upload the file again"), std::string::npos) << refused->body;
    EXPECT_EQ(json::parse(c.Get("/api/v1/jobs/" + gone_id)->body)["status"], "failed");

    // One more failed job whose file must survive the restart below.
    auto third = c.Post("/api/v1/datasets?name=vendas&async=true", "a,b\n9,9\n", "text/csv");
    ASSERT_EQ(WaitForJob(c, json::parse(third->body)["job"]["id"])["status"], "failed");
    EXPECT_EQ(server.Stop(), 0);
    std::filesystem::copy(server.root(), keep.path(), std::filesystem::copy_options::recursive);
  }
  // What a crash in the middle of two uploads leaves behind.
  const auto uploads = keep.path() / "data" / "uploads";
  const auto kept = FilesIn(uploads / "jobs");
  ASSERT_EQ(kept.size(), 1u);
  testing::WriteFile(uploads / "0000-crashed.upload", "a,b\n1,");
  testing::WriteFile(uploads / "jobs" / "0000-crashed.upload", "a,b\n1,");
  testing::ServerProcess again({.reuse_dir = keep.path()});
  EXPECT_EQ(FilesIn(uploads), std::vector<std::string>{});
  EXPECT_EQ(FilesIn(uploads / "jobs"), kept);
  EXPECT_EQ(again.Stop(), 0);
}

// Lock-outs lived in memory: restarting the server gave a password guesser a fresh count.
TEST(DataHardening, LockOutsAndLogoutsSurviveARestart) {
  testing::TempDir keep;
  std::string logged_out;
  {
    testing::ServerProcess server({.users = {{"ana", "analyst", "analyst-password"}}});
    auto c = server.Client(false);
    for (int i = 0; i < 5; ++i) {
      ExpectError(c.Post("/api/v1/auth/login", R"({"username":"ana","password":"guess"})",
                         "application/json"),
                  401, "unauthenticated");
    }
    auto login = json::parse(
        c.Post("/api/v1/auth/login",
               json{{"username", "admin"}, {"password", testing::kAdminPassword}}.dump(),
               "application/json")
            ->body);
    logged_out = login["access_token"];
    ASSERT_EQ(c.Post("/api/v1/auth/logout", json{{"refresh_token", login["refresh_token"]}}.dump(),
                     "application/json")
                  ->status,
              204);
    EXPECT_EQ(server.Stop(), 0);
    std::filesystem::copy(server.root(), keep.path(), std::filesystem::copy_options::recursive);
  }
  testing::ServerProcess again({.reuse_dir = keep.path()});
  auto c = again.Client(false);
  ExpectError(c.Post("/api/v1/auth/login", R"({"username":"ana","password":"analyst-password"})",
                     "application/json"),
              429, "rate_limited");
  c.set_bearer_token_auth(logged_out.c_str());
  ExpectError(c.Get("/api/v1/auth/me"), 401, "unauthenticated");
  EXPECT_EQ(again.Stop(), 0);
}

// Entries under `dir` (and itself) that others may read: "path mode".
std::vector<std::string> OpenToOthers(const std::filesystem::path& dir) {
  std::vector<std::string> out;
  auto check = [&](const std::filesystem::path& p) {
    struct stat st {};
    if (::lstat(p.c_str(), &st) == 0 && (st.st_mode & 077) != 0) {
      char mode[8];
      std::snprintf(mode, sizeof mode, "%03o", st.st_mode & 0777);
      out.push_back(p.string() + " " + mode);
    }
  };
  check(dir);
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir)) check(e.path());
  return out;
}

// The data directory was 755 and the database (password hashes) and logs 644.
TEST(DataHardening, TheDataDirectoryIsPrivate) {
  testing::TempDir keep;
  {
    testing::ServerProcess server(
        {.config_toml = "[ingest]\nkeep_uploads = true\n", .reuse_dir = {}});
    auto c = server.Client();
    ASSERT_EQ(c.Post("/api/v1/datasets?name=t", "a,b\n1,2\n", "text/csv")->status, 201);
    const auto data = server.root() / "data";
    for (const char* p : {"sagaz.duckdb", "logs/sagaz.log", "secrets/jwt.key", "uploads"}) {
      EXPECT_TRUE(std::filesystem::exists(data / p)) << p;
    }
    EXPECT_EQ(OpenToOthers(data), std::vector<std::string>{});
    EXPECT_EQ(server.Stop(), 0);
    // As an older version left it.
    std::filesystem::permissions(data, std::filesystem::perms(0755));
    for (const auto& e : std::filesystem::recursive_directory_iterator(data)) {
      std::filesystem::permissions(e.path(),
                                   std::filesystem::perms(e.is_directory() ? 0755 : 0644));
    }
    ASSERT_FALSE(OpenToOthers(data).empty());
    std::filesystem::copy(server.root(), keep.path(), std::filesystem::copy_options::recursive);
  }
  testing::ServerProcess again({.reuse_dir = keep.path()});
  EXPECT_EQ(OpenToOthers(keep.path() / "data"), std::vector<std::string>{});
  EXPECT_NE(ReadFile(keep.path() / "server.log").find("made the data directory private"),
            std::string::npos);
  EXPECT_EQ(again.Stop(), 0);
}

}  // namespace
}  // namespace sagaz
