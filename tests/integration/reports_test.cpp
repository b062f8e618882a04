// Reports and alerts through a real `sagaz serve` with the demo data: schedules of the kinds
// "report" and "alert" render dashboards and questions (PDF, PNG, CSV, XLSX) and deliver them to
// a folder under the data directory and to a webhook receiver on loopback (an httplib server in
// this test, on webhooks.allow, signed with webhooks.secret); an alert fires once when its value
// crosses the threshold and again only after it came back past the hysteresis. Then signed embed
// tokens (expired, tampered, revoked), drill-down into the rows behind a bar, XLSX exports read
// back with unzip, and `sagaz dashboards render` / `sagaz schedules create --report` on the data
// directory. Seconds-cron (jobs.schedule_seconds, documented as for tests) keeps it quick.
#include <gtest/gtest.h>
#include <httplib.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>

#include "support/support.hpp"

namespace sagaz {
namespace {

using json = nlohmann::json;
using namespace std::chrono_literals;
using testing::ExpectError;

// A webhook receiver on loopback: keeps every multipart POST to /hook.
class Receiver {
 public:
  struct Delivery {
    json meta;
    std::vector<httplib::MultipartFormData> files;
    std::string signature, timestamp;  // X-Sagaz-Signature, X-Sagaz-Timestamp
  };
  Receiver() {
    server_.Post("/hook", [this](const httplib::Request& req, httplib::Response& res) {
      Delivery d;
      if (req.has_file("meta"))
        d.meta = json::parse(req.get_file_value("meta").content, nullptr, false);
      for (const auto& [name, part] : req.files) {
        if (name == "file") d.files.push_back(part);
      }
      d.signature = req.get_header_value("X-Sagaz-Signature");
      d.timestamp = req.get_header_value("X-Sagaz-Timestamp");
      std::lock_guard lock(mu_);
      deliveries_.push_back(std::move(d));
      res.status = 204;
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
  }
  ~Receiver() {
    server_.stop();
    thread_.join();
  }
  int port() const { return port_; }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/hook"; }
  std::vector<Delivery> deliveries() {
    std::lock_guard lock(mu_);
    return deliveries_;
  }
  // Waits (up to 60 s) for `n` deliveries.
  bool WaitFor(size_t n) {
    for (int i = 0; i < 600; ++i) {
      if (deliveries().size() >= n) return true;
      std::this_thread::sleep_for(100ms);
    }
    return false;
  }

 private:
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
  std::mutex mu_;
  std::vector<Delivery> deliveries_;
};

json Body(const httplib::Result& r) { return r ? json::parse(r->body, nullptr, false) : json(); }

httplib::Result PostJson(httplib::Client& c, const std::string& path, const json& body) {
  return c.Post(path, body.dump(), "application/json");
}

// Succeeded jobs of a kind, oldest first.
std::vector<json> Succeeded(httplib::Client& c, const std::string& kind) {
  std::vector<json> out;
  const auto page = Body(c.Get("/api/v1/jobs?kind=" + kind + "&limit=500"));
  for (const auto& j : page.value("jobs", json::array())) {
    if (j.value("status", "") == "succeeded") out.insert(out.begin(), j);
  }
  return out;
}

bool WaitForJobs(httplib::Client& c, const std::string& kind, size_t n) {
  for (int i = 0; i < 600; ++i) {
    if (Succeeded(c, kind).size() >= n) return true;
    std::this_thread::sleep_for(100ms);
  }
  return false;
}

// A file's member of a zip (XLSX) archive, read with unzip.
std::string Unzip(const std::filesystem::path& file, const std::string& member) {
  const std::string command = "unzip -p '" + file.string() + "' '" + member + "'";
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), &pclose);
  std::string out;
  if (!pipe) return out;
  char buffer[65536];
  for (size_t n; (n = fread(buffer, 1, sizeof buffer, pipe.get())) > 0;) out.append(buffer, n);
  return out;
}

class ReportsHttpTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    receiver_ = new Receiver();
    testing::ServerProcess::Options options;
    options.demo = true;
    options.config_toml =
        "[jobs]\nschedule_seconds = true\nschedule_tick_ms = 100\n"
        "backoff_ms = 100\n"
        "[webhooks]\nsecret = \"it-secret\"\nallow = [\"http://127.0.0.1:" +
        std::to_string(receiver_->port()) +
        "/\"]\n"
        "[dashboards]\nframe_ancestors = [\"https://intranet.example.com\"]\n";
    server_ = new testing::ServerProcess(options);
  }
  static void TearDownTestSuite() {
    delete server_;
    delete receiver_;
  }
  static std::string Vendas() {
    auto c = server_->Client();
    const json list = Body(c.Get("/api/v1/dashboards"));
    for (const auto& d : list["dashboards"]) {
      if (d["name"] == "Vendas") return d["id"];
    }
    ADD_FAILURE() << "no Vendas dashboard";
    return "";
  }
  static Receiver* receiver_;
  static testing::ServerProcess* server_;
};

Receiver* ReportsHttpTest::receiver_ = nullptr;
testing::ServerProcess* ReportsHttpTest::server_ = nullptr;

TEST_F(ReportsHttpTest, ScheduledReportGoesToTheWebhookAndToAFolder) {
  auto c = server_->Client();
  const std::string vendas = Vendas();

  // Refusals say what is wrong before anything is scheduled.
  auto schedule = [&](const std::string& name, const json& payload, const std::string& kind) {
    return PostJson(
        c, "/api/v1/schedules",
        {{"name", name}, {"cron", "*/2 * * * * *"}, {"kind", kind}, {"payload", payload}});
  };
  ExpectError(schedule("x",
                       {{"dashboard_id", vendas},
                        {"formats", {"pdf"}},
                        {"delivery", {{"webhook", "http://127.0.0.2:1/hook"}}}},
                       "report"),
              403, "permission_denied");
  ExpectError(
      schedule(
          "x",
          {{"dashboard_id", vendas}, {"formats", {"pdf"}}, {"delivery", {{"folder", "../up"}}}},
          "report"),
      400, "invalid_argument");
  ExpectError(
      schedule(
          "x",
          {{"dashboard_id", vendas}, {"formats", json::array()}, {"delivery", {{"folder", "ok"}}}},
          "report"),
      400, "invalid_argument");
  ExpectError(
      schedule("x",
               {{"dashboard_id", "d_nope"}, {"formats", {"pdf"}}, {"delivery", {{"folder", "ok"}}}},
               "report"),
      404, "not_found");
  ExpectError(
      schedule("x",
               {{"dashboard_id", vendas}, {"formats", {"docx"}}, {"delivery", {{"folder", "ok"}}}},
               "report"),
      400, "invalid_argument");

  // To the webhook: PDF, PNG and each question's CSV in one multipart POST.
  auto made = schedule("vendas-hook",
                       {{"dashboard_id", vendas},
                        {"formats", {"pdf", "png", "csv"}},
                        {"delivery", {{"webhook", receiver_->url()}}},
                        {"run_as", {{"user", "mallory"}, {"role", "admin"}}}},
                       "report");
  ASSERT_TRUE(made && made->status == 201) << (made ? made->body : "");
  EXPECT_EQ(Body(made)["payload"]["run_as"]["user"], "admin") << "run_as is the caller's";
  ASSERT_TRUE(receiver_->WaitFor(1));
  ASSERT_TRUE(
      c.Patch("/api/v1/schedules/vendas-hook", R"({"enabled": false})", "application/json"));
  const auto d = receiver_->deliveries().front();
  EXPECT_EQ(d.meta["kind"], "report");
  // Signed (webhooks.secret); the signature over the raw bytes is checked in tests/webhooks.
  EXPECT_EQ(d.signature.rfind("sha256=", 0), 0u) << d.signature;
  EXPECT_EQ(d.signature.size(), 7u + 64u);
  EXPECT_FALSE(d.timestamp.empty());
  EXPECT_EQ(d.meta["title"], "Vendas");
  EXPECT_EQ(d.meta["name"], "vendas-hook");
  bool pdf = false, png = false, csv = false;
  for (const auto& f : d.files) {
    if (f.content_type == "application/pdf") pdf = f.content.starts_with("%PDF-");
    if (f.content_type == "image/png") png = f.content.starts_with("\x89PNG");
    if (f.filename.ends_with(".csv")) csv = csv || f.content.find(',') != std::string::npos;
  }
  EXPECT_TRUE(pdf && png && csv) << d.meta.dump();

  // To a folder under the data directory: XLSX of every question, readable back.
  made = schedule("vendas-pasta",
                  {{"dashboard_id", vendas},
                   {"formats", {"xlsx", "pdf"}},
                   {"delivery", {{"folder", "vendas"}}}},
                  "report");
  ASSERT_TRUE(made && made->status == 201) << (made ? made->body : "");
  ASSERT_TRUE(WaitForJobs(c, "report", 2)) << Body(c.Get("/api/v1/jobs?kind=report")).dump();
  ASSERT_TRUE(
      c.Patch("/api/v1/schedules/vendas-pasta", R"({"enabled": false})", "application/json"));
  json result;
  for (const auto& j : Succeeded(c, "report")) {
    if (j["result"]["destination"].get<std::string>().starts_with("folder:")) result = j["result"];
  }
  ASSERT_FALSE(result.is_null());
  EXPECT_EQ(result["destination"], "folder:reports/vendas/vendas-pasta");
  bool xlsx = false;
  for (const auto& f : result["files"]) {
    const auto path = server_->root() / "data" / f["path"].get<std::string>();
    ASSERT_TRUE(std::filesystem::exists(path)) << path;
    if (path.extension() == ".xlsx") {
      const std::string sheet = Unzip(path, "xl/worksheets/sheet1.xml");
      EXPECT_NE(sheet.find("<sheetData>"), std::string::npos) << path;
      EXPECT_NE(sheet.find("<row r=\"2\""), std::string::npos) << "a data row under the header";
      xlsx = true;
    }
  }
  EXPECT_TRUE(xlsx) << result.dump();
}

// What the web UI's Reports page does: a paused schedule run now, its runs (delivery history)
// listed, then deleted.
TEST_F(ReportsHttpTest, RunNowAndDeliveryHistory) {
  auto c = server_->Client();
  auto made = PostJson(
      c, "/api/v1/schedules",
      {{"name", "vendas-agora"},
       {"cron", "0 7 * * MON"},
       {"kind", "report"},
       {"enabled", false},
       {"payload",
        {{"dashboard_id", Vendas()}, {"formats", {"png"}}, {"delivery", {{"folder", "agora"}}}}}});
  ASSERT_TRUE(made && made->status == 201) << (made ? made->body : "");
  const std::string id = Body(made)["id"];
  EXPECT_EQ(Body(c.Get("/api/v1/schedules/" + id + "/runs"))["jobs"].size(), 0u);
  auto run = c.Post("/api/v1/schedules/vendas-agora/run");
  ASSERT_TRUE(run && run->status == 202) << (run ? run->body : "");
  const std::string job = Body(run)["job"]["id"];
  EXPECT_EQ(run->get_header_value("Location"), "/api/v1/jobs/" + job);
  json runs;
  for (int i = 0; i < 600; ++i) {
    runs = Body(c.Get("/api/v1/schedules/" + id + "/runs?limit=5"));
    if (!runs["jobs"].empty() && runs["jobs"][0]["status"] == "succeeded") break;
    std::this_thread::sleep_for(100ms);
  }
  ASSERT_EQ(runs["jobs"].size(), 1u) << runs.dump();
  EXPECT_EQ(runs["jobs"][0]["id"], job);
  EXPECT_EQ(runs["jobs"][0]["status"], "succeeded") << runs.dump();
  EXPECT_EQ(runs["jobs"][0]["result"]["destination"], "folder:reports/agora/vendas-agora");
  EXPECT_TRUE(
      runs["jobs"][0]["idempotency_key"].get<std::string>().starts_with("schedule:" + id + ":now:"))
      << runs.dump();
  EXPECT_TRUE(runs["next_cursor"].is_null());
  ExpectError(c.Post("/api/v1/schedules/nope/run"), 404, "not_found");
  ExpectError(c.Get("/api/v1/schedules/nope/runs"), 404, "not_found");
  ASSERT_EQ(c.Delete("/api/v1/schedules/" + id)->status, 204);
  EXPECT_EQ(Body(c.Get("/api/v1/jobs/" + job))["status"], "succeeded") << "the job stays";
}

TEST_F(ReportsHttpTest, AlertFiresOnceAndRearmsPastTheHysteresis) {
  auto c = server_->Client();
  auto load = [&](const std::string& value, const std::string& mode) {
    httplib::MultipartFormDataItems items = {
        {"name", "nivel", "", ""},
        {"mode", mode, "", ""},
        {"file", "v\n" + value + "\n", "nivel.csv", "text/csv"}};
    auto r = c.Post("/api/v1/datasets", items);
    ASSERT_TRUE(r && (r->status == 200 || r->status == 201)) << (r ? r->body : "");
  };
  load("5", "create");
  auto q = PostJson(
      c, "/api/v1/questions",
      {{"name", "Nível máximo"}, {"kind", "sql"}, {"sql", "SELECT max(v) AS v FROM nivel"}});
  ASSERT_TRUE(q && q->status == 201) << (q ? q->body : "");
  const std::string qid = Body(q)["id"];
  const size_t before = receiver_->deliveries().size();
  auto made = PostJson(c, "/api/v1/schedules",
                       {{"name", "nivel-alto"},
                        {"cron", "* * * * * *"},
                        {"kind", "alert"},
                        {"payload",
                         {{"question_id", qid},
                          {"direction", "above"},
                          {"threshold", 10},
                          {"hysteresis", 3},
                          {"delivery", {{"webhook", receiver_->url()}}}}}});
  ASSERT_TRUE(made && made->status == 201) << (made ? made->body : "");

  // Each step waits for two more evaluations, then looks at what was delivered.
  auto step = [&](const std::string& value, const std::string& state) {
    if (!value.empty()) load(value, "replace");
    const size_t n = Succeeded(c, "alert").size();
    ASSERT_TRUE(WaitForJobs(c, "alert", n + 2));
    EXPECT_EQ(Succeeded(c, "alert").back()["result"]["state"], state) << value;
  };
  step("", "ok");
  EXPECT_EQ(receiver_->deliveries().size(), before);
  step("12", "firing");  // fired at the first evaluation, firing after
  ASSERT_EQ(receiver_->deliveries().size(), before + 1);
  const auto fired = receiver_->deliveries().back();
  EXPECT_EQ(fired.meta["kind"], "alert");
  EXPECT_EQ(fired.meta["alert"]["value"], 12);
  EXPECT_EQ(fired.meta["alert"]["state"], "fired");
  step("9", "firing");  // under the threshold but not past the hysteresis: no new alert
  EXPECT_EQ(receiver_->deliveries().size(), before + 1);
  step("6", "ok");  // re-armed, then ok
  step("11", "firing");
  EXPECT_EQ(receiver_->deliveries().size(), before + 2);
  ASSERT_TRUE(c.Delete("/api/v1/schedules/nivel-alto"));

  // A statistics question (the /api/v1/stats kind): the alert watches one of its statistics.
  auto sq = PostJson(c, "/api/v1/questions",
                     {{"name", "Nível: estatísticas"},
                      {"kind", "stats"},
                      {"stats", {{"dataset", "nivel"}, {"columns", {"v"}}}}});
  ASSERT_TRUE(sq && sq->status == 201) << (sq ? sq->body : "");
  const std::string sid = Body(sq)["id"];
  auto stats_alert = [&](const std::string& name, const json& extra) {
    json payload = {
        {"question_id", sid}, {"threshold", 10}, {"delivery", {{"webhook", receiver_->url()}}}};
    payload.update(extra);
    return PostJson(c, "/api/v1/schedules",
                    {{"name", name},
                     {"cron", "0 0 1 1 *"},
                     {"kind", "alert"},
                     {"enabled", false},
                     {"payload", payload}});
  };
  ExpectError(stats_alert("x", {{"statistic", "nope"}}), 400, "invalid_argument");
  ExpectError(PostJson(c, "/api/v1/schedules",
                       {{"name", "x"},
                        {"cron", "* * * * *"},
                        {"kind", "alert"},
                        {"payload",
                         {{"question_id", qid},
                          {"threshold", 1},
                          {"statistic", "max"},
                          {"delivery", {{"folder", "a"}}}}}}),
              400, "invalid_argument");  // 'statistic' is for statistics questions
  made = stats_alert("nivel-max", {{"statistic", "max"}});
  ASSERT_TRUE(made && made->status == 201) << (made ? made->body : "");
  const size_t delivered = receiver_->deliveries().size();
  auto run = c.Post("/api/v1/schedules/nivel-max/run");
  ASSERT_TRUE(run && run->status == 202) << (run ? run->body : "");
  const std::string job = Body(run)["job"]["id"];
  json done;
  for (int i = 0; i < 600; ++i) {
    done = Body(c.Get("/api/v1/jobs/" + job));
    if (done["status"] == "succeeded" || done["status"] == "failed" || done["status"] == "dead")
      break;
    std::this_thread::sleep_for(100ms);
  }
  ASSERT_EQ(done["status"], "succeeded") << done.dump();
  EXPECT_EQ(done["result"]["value"], 11);  // the last load: one row, 11
  EXPECT_EQ(done["result"]["state"], "fired");
  ASSERT_TRUE(receiver_->WaitFor(delivered + 1));
  EXPECT_EQ(receiver_->deliveries().back().meta["alert"]["statistic"], "max");
  ASSERT_EQ(c.Delete("/api/v1/schedules/nivel-max")->status, 204);

  // An alert watches a value: a question without one is refused when the alert runs.
  ExpectError(
      PostJson(c, "/api/v1/schedules",
               {{"name", "x"},
                {"cron", "* * * * *"},
                {"kind", "alert"},
                {"payload",
                 {{"question_id", qid}, {"threshold", "high"}, {"delivery", {{"folder", "a"}}}}}}),
      400, "invalid_argument");
}

TEST_F(ReportsHttpTest, EmbedTokensExpireAndEndWithThePublicLink) {
  auto c = server_->Client();
  const std::string vendas = Vendas();
  auto made = PostJson(c, "/api/v1/dashboards/" + vendas + "/embed", json::object());
  ASSERT_TRUE(made && made->status == 201) << (made ? made->body : "");
  const std::string token = Body(made)["token"];
  EXPECT_EQ(Body(made)["frame_ancestors"], json({"https://intranet.example.com"}));

  auto anonymous = server_->Client(false);
  auto open = anonymous.Get("/api/v1/embed/dashboards/" + token);
  ASSERT_TRUE(open && open->status == 200) << (open ? open->body : "");
  EXPECT_EQ(Body(open)["name"], "Vendas");
  EXPECT_EQ(open->body.find("SELECT"), std::string::npos) << "no SQL leaves";

  // The page may be framed by the configured origins only.
  auto page = anonymous.Get("/embed/dashboards/" + token);
  ASSERT_TRUE(page && page->status == 200);
  EXPECT_NE(page->get_header_value("Content-Security-Policy")
                .find("frame-ancestors https://intranet.example.com"),
            std::string::npos);
  EXPECT_FALSE(page->has_header("X-Frame-Options"));
  EXPECT_EQ(anonymous.Get("/public/dashboards/x")->get_header_value("X-Frame-Options"), "DENY");

  // Tampered and expired tokens are refused.
  std::string tampered = token;
  tampered[3] = tampered[3] == 'A' ? 'B' : 'A';
  ExpectError(anonymous.Get("/api/v1/embed/dashboards/" + tampered), 401, "unauthenticated");
  ExpectError(anonymous.Get("/api/v1/embed/dashboards/" + token + "x"), 401, "unauthenticated");
  ExpectError(anonymous.Get("/api/v1/embed/dashboards/garbage"), 401, "unauthenticated");
  auto brief = PostJson(c, "/api/v1/dashboards/" + vendas + "/embed", {{"ttl_s", 1}});
  ASSERT_TRUE(brief && brief->status == 201);
  std::this_thread::sleep_for(1500ms);
  ExpectError(anonymous.Get("/api/v1/embed/dashboards/" + Body(brief)["token"].get<std::string>()),
              401, "unauthenticated");
  ExpectError(PostJson(c, "/api/v1/dashboards/" + vendas + "/embed", {{"ttl_s", 100000000}}), 400,
              "invalid_argument");

  // Revoking the public link ends every embed token made from it.
  ASSERT_EQ(c.Delete("/api/v1/dashboards/" + vendas + "/public_link")->status, 204);
  ExpectError(anonymous.Get("/api/v1/embed/dashboards/" + token), 401, "unauthenticated");
}

TEST_F(ReportsHttpTest, DrillIntoTheRowsBehindABar) {
  auto c = server_->Client();
  auto q =
      PostJson(c, "/api/v1/questions",
               {{"name", "Pedidos por mês"},
                {"kind", "sql"},
                {"sql",
                 "SELECT date_trunc('month', created_at) AS mes, count(*) AS pedidos FROM orders "
                 "WHERE status <> 'Cancelled' GROUP BY 1 ORDER BY 1"}});
  ASSERT_TRUE(q && q->status == 201) << (q ? q->body : "");
  const std::string id = Body(q)["id"];
  const auto run = Body(c.Post("/api/v1/questions/" + id + "/run"));
  ASSERT_GE(run["rows"].size(), 2u);
  const auto first = run["rows"][0];
  auto drill = Body(PostJson(c, "/api/v1/questions/" + id + "/drill",
                             {{"filters", {{{"column", "mes"}, {"value", first[0]}}}}}));
  ASSERT_TRUE(drill.contains("rows")) << drill.dump();
  size_t status = 0, created = 0;
  for (size_t i = 0; i < drill["columns"].size(); ++i) {
    if (drill["columns"][i]["name"] == "status") status = i;
    if (drill["columns"][i]["name"] == "created_at") created = i;
  }
  const int64_t want = first[1];
  if (!drill["truncated"].get<bool>()) {
    EXPECT_EQ(static_cast<int64_t>(drill["rows"].size()), want);
  }
  const std::string month = first[0].get<std::string>().substr(0, 7);
  for (const auto& row : drill["rows"]) {
    EXPECT_NE(row[status], "Cancelled") << "the question's WHERE holds";
    EXPECT_EQ(row[created].get<std::string>().substr(0, 7), month);
  }
  // A plain column of the dataset works too; the guard still applies; a measure is refused.
  auto by_status =
      c.Post("/api/v1/questions/" + id + "/drill",
             R"({"filters":[{"column":"status","value":"Complete"}]})", "application/json");
  ASSERT_TRUE(by_status && by_status->status == 200) << (by_status ? by_status->body : "");
  auto measure = c.Post("/api/v1/questions/" + id + "/drill",
                        R"({"filters":[{"column":"pedidos","value":3}]})", "application/json");
  ASSERT_TRUE(measure);
  EXPECT_GE(measure->status, 400);
  EXPECT_LT(measure->status, 500) << measure->body;
  ExpectError(c.Post("/api/v1/questions/" + id + "/drill", R"({"filters":[]})", "application/json"),
              400, "invalid_argument");
  ExpectError(c.Post("/api/v1/questions/" + id + "/drill", R"({"filters":[{"col":"x"}]})",
                     "application/json"),
              400, "invalid_argument");
}

TEST_F(ReportsHttpTest, XlsxExportAndRenderings) {
  auto c = server_->Client();
  auto q = PostJson(c, "/api/v1/questions",
                    {{"name", "Pedidos"}, {"kind", "sql"}, {"sql", "SELECT * FROM orders"}});
  ASSERT_TRUE(q && q->status == 201) << (q ? q->body : "");
  const std::string id = Body(q)["id"];
  auto file = c.Get("/api/v1/questions/" + id + "/export?format=xlsx");
  ASSERT_TRUE(file && file->status == 200) << (file ? file->body : "");
  EXPECT_EQ(file->get_header_value("Content-Type"),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  testing::TempDir dir;
  const auto path = testing::WriteFile(dir / "pedidos.xlsx", file->body);
  const std::string sheet = Unzip(path, "xl/worksheets/sheet1.xml");
  // Every row of the table is there (not the console's limit): count the rows of the sheet.
  const auto total =
      Body(PostJson(c, "/api/v1/sql", {{"sql", "SELECT count(*) AS n FROM orders"}}));
  const int64_t n = total["rows"][0][0];
  size_t rows = 0;
  for (size_t at = sheet.find("<row "); at != std::string::npos; at = sheet.find("<row ", at + 1)) {
    ++rows;
  }
  EXPECT_EQ(static_cast<int64_t>(rows), n + 1) << "header + every row";
  EXPECT_NE(sheet.find("<is><t>"), std::string::npos) << "text cells";

  const std::string vendas = Vendas();
  auto png = c.Get("/api/v1/dashboards/" + vendas + "/render?format=png&language=en");
  ASSERT_TRUE(png && png->status == 200) << (png ? png->body : "");
  EXPECT_TRUE(png->body.starts_with("\x89PNG"));
  auto pdf = c.Get("/api/v1/questions/" + id + "/render?format=pdf");
  ASSERT_TRUE(pdf && pdf->status == 200);
  EXPECT_TRUE(pdf->body.starts_with("%PDF-"));
  ExpectError(c.Get("/api/v1/dashboards/" + vendas + "/render?format=gif"), 400,
              "invalid_argument");
}

TEST_F(ReportsHttpTest, CliRendersAndSchedulesReports) {
  const std::string vendas = Vendas();
  ASSERT_EQ(server_->Stop(), 0);
  testing::TempDir dir;
  auto args = server_->cli_args();
  auto with = [&](std::vector<std::string> more) {
    std::vector<std::string> all = args;
    all.insert(all.end(), more.begin(), more.end());
    return all;
  };
  const auto out = (dir / "vendas.pdf").string();
  auto r = testing::RunSagaz(with({"dashboards", "render", vendas, "-o", out}));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::ifstream in(out, std::ios::binary);
  std::string head(5, '\0');
  in.read(head.data(), 5);
  EXPECT_EQ(head, "%PDF-");
  r = testing::RunSagaz(
      with({"--json", "schedules", "create", "vendas-cli", "--cron", "0 7 * * MON", "--report",
            "dashboard:" + vendas, "--format", "pdf", "--folder", "semanal"}));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto s = json::parse(r.out);
  EXPECT_EQ(s["kind"], "report");
  EXPECT_EQ(s["payload"]["run_as"]["user"], "cli");
  r = testing::RunSagaz(with({"schedules", "create", "x", "--cron", "0 7 * * *", "--alert",
                              "q_nope", "--above", "1", "--folder", "a"}));
  EXPECT_NE(r.exit_code, 0);
}

}  // namespace
}  // namespace sagaz
