// The real `sagaz serve` on a loopback port, spoken to over HTTP.
#include <gtest/gtest.h>
#include <httplib.h>

#include <atomic>
#include <nlohmann/json.hpp>
#include <thread>

#include "support/support.hpp"

namespace sagaz {
namespace {

using testing::ExpectError;

using json = nlohmann::json;

class ServerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    testing::ServerProcess::Options options;
    options.demo = true;
    server_ = new testing::ServerProcess(options);
  }
  static void TearDownTestSuite() {
    EXPECT_EQ(server_->Stop(), 0) << "graceful shutdown";
    delete server_;
  }
  httplib::Client Client() { return server_->Client(); }
  static json Body(const httplib::Result& r) { return json::parse(r->body, nullptr, false); }
  // Uploads a file as multipart form data.
  httplib::Result Upload(const std::string& filename, const std::string& content,
                         std::vector<std::pair<std::string, std::string>> fields = {}) {
    httplib::MultipartFormDataItems items;
    for (const auto& [k, v] : fields) items.push_back({k, v, "", ""});
    items.push_back({"file", content, filename, "application/octet-stream"});
    return Client().Post("/api/v1/datasets", items);
  }
  static testing::ServerProcess* server_;
};

testing::ServerProcess* ServerTest::server_ = nullptr;

TEST_F(ServerTest, HealthVersionAndRequestIds) {
  auto r = Client().Get("/api/v1/health");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(Body(r)["status"], "ok");
  EXPECT_FALSE(r->get_header_value("X-Request-Id").empty());
  EXPECT_EQ(r->get_header_value("X-Content-Type-Options"), "nosniff");
  auto v = Client().Get("/api/v1/version", {{"X-Request-Id", "trace-123"}});
  EXPECT_EQ(v->get_header_value("X-Request-Id"), "trace-123");
  EXPECT_EQ(Body(v)["duckdb"], "v1.4.4");
  ExpectError(Client().Get("/api/v1/nope"), 404, "not_found");
}

TEST_F(ServerTest, DemoDatasetsAreListed) {
  auto r = Client().Get("/api/v1/datasets");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200);
  auto j = Body(r);
  std::set<std::string> names;
  for (const auto& d : j["datasets"]) names.insert(d["name"]);
  EXPECT_TRUE(names.count("leituras_sensores"));
  EXPECT_TRUE(names.count("orders"));
  auto page = Body(Client().Get("/api/v1/datasets?limit=2"));
  EXPECT_EQ(page["datasets"].size(), 2u);
  ASSERT_TRUE(page["next_cursor"].is_string());
  auto next = Body(Client().Get(
      ("/api/v1/datasets?limit=2&cursor=" + page["next_cursor"].get<std::string>()).c_str()));
  EXPECT_NE(next["datasets"][0]["name"], page["datasets"][0]["name"]);

  auto one = Body(Client().Get("/api/v1/datasets/leituras_sensores"));
  EXPECT_EQ(one["rows"], 92160);
  auto profile = Client().Get("/api/v1/datasets/leituras_sensores/profile");
  ASSERT_EQ(profile->status, 200);
  EXPECT_EQ(Body(profile)["columns"].size(), 9u);
  auto sample = Body(Client().Get("/api/v1/datasets/orders/sample?limit=3"));
  EXPECT_EQ(sample["rows"].size(), 3u);
  ExpectError(Client().Get("/api/v1/datasets/nope"), 404, "not_found");
  ExpectError(Client().Get("/api/v1/datasets/orders/sample?limit=abc"), 400, "invalid_argument");
}

TEST_F(ServerTest, UploadCsvParquetJson) {
  auto csv = Upload("vendas.csv", "id;valor;data\n1;10,5;05/01/2024\n2;3,25;06/01/2024\n");
  ASSERT_TRUE(csv);
  ASSERT_EQ(csv->status, 201) << csv->body;
  auto report = Body(csv);
  EXPECT_EQ(report["dataset"], "vendas");
  EXPECT_EQ(report["rows_loaded"], 2);
  EXPECT_EQ(csv->get_header_value("Location"), "/api/v1/datasets/vendas");
  auto q = Client().Post("/api/v1/sql", R"({"sql": "SELECT sum(valor), min(data) FROM vendas"})",
                         "application/json");
  auto qj = Body(q);
  EXPECT_DOUBLE_EQ(qj["rows"][0][0].get<double>(), 13.75);
  EXPECT_EQ(qj["rows"][0][1], "2024-01-05");

  auto nd = Upload("eventos.ndjson", "{\"a\": 1}\n{\"a\": 2}\n", {{"name", "eventos"}});
  ASSERT_EQ(nd->status, 201) << nd->body;
  EXPECT_EQ(Body(nd)["format"], "json");

  // Raw body with options in the query string.
  auto raw = Client().Post("/api/v1/datasets?name=raw_tsv&delimiter=tab", "a\tb\n1\tx\n2\ty\n",
                           "text/csv");
  ASSERT_EQ(raw->status, 201) << raw->body;
  EXPECT_EQ(Body(raw)["rows_loaded"], 2);

  // Valid Parquet files are covered in ingest_test; over HTTP, a broken one is a clear 400.
  auto not_parquet = Upload("x.parquet", "PAR1 broken");
  ExpectError(not_parquet, 400, "invalid_argument");
}

TEST_F(ServerTest, BadUploadsGetClearErrors) {
  ExpectError(Upload("dup.csv", "a\n1\n", {{"name", "orders"}}), 409, "already_exists");
  ExpectError(Upload("x.csv", "a\n1\n", {{"name", "bad name!"}}), 400, "invalid_argument");
  ExpectError(Upload("empty.csv", ""), 400, "invalid_argument");
  ExpectError(Upload("x.csv", "a\n1\n", {{"mode", "sideways"}}), 400, "invalid_argument");
  ExpectError(Upload("x.csv", "a\n1\n", {{"mode", "append"}, {"name", "does_not_exist"}}), 404,
              "not_found");
  ExpectError(Upload("x.csv", "a\n1\n", {{"colour", "blue"}}), 400, "invalid_argument");
  ExpectError(Upload("ragged.csv", "a,b\n1\n2,3,4\n5\n6,7,8\n"), 400, "invalid_argument");
  httplib::MultipartFormDataItems no_file = {{"name", "x", "", ""}};
  ExpectError(Client().Post("/api/v1/datasets", no_file), 400, "invalid_argument");
  ExpectError(Client().Post("/api/v1/sql", "{not json", "application/json"), 400,
              "invalid_argument");
  ExpectError(Client().Post("/api/v1/sql", R"({"query": "SELECT 1"})", "application/json"), 400,
              "invalid_argument");
  ExpectError(Client().Patch("/api/v1/datasets/orders", R"({"colour": 1})", "application/json"),
              400, "invalid_argument");
}

// A declared body over the limit is refused before it is read.
TEST_F(ServerTest, OversizedBodyIsRefusedBeforeReading) {
  const std::string head =
      "POST /api/v1/sql HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
      "Content-Length: 17000000\r\n\r\n";
  const std::string answer = testing::RawHttp(server_->port(), head);
  EXPECT_NE(answer.find("413"), std::string::npos) << answer;
  EXPECT_NE(answer.find("payload_too_large"), std::string::npos) << answer;
  const std::string upload =
      "POST /api/v1/datasets?name=huge HTTP/1.1\r\nHost: localhost\r\n"
      "Content-Type: text/csv\r\nContent-Length: 9000000000\r\n\r\n";
  EXPECT_NE(testing::RawHttp(server_->port(), upload).find("413"), std::string::npos);
  const std::string chunked =
      "POST /api/v1/sql HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n";
  EXPECT_NE(testing::RawHttp(server_->port(), chunked).find("411"), std::string::npos);
}

TEST_F(ServerTest, HostileSqlIsRefusedWithItsRule) {
  for (const auto& [q, rule] : std::vector<std::pair<std::string, std::string>>{
           {"SELECT * FROM read_csv('/etc/passwd')", "no_table_functions"},
           {"COPY orders TO '/tmp/x.csv'", "select_only"},
           {"ATTACH '/tmp/x.db'", "select_only"},
           {"SELECT 1; DROP TABLE orders", "single_statement"},
           {"SELECT * FROM _sagaz.datasets", "catalog_tables_only"}}) {
    auto r = Client().Post("/api/v1/sql", json{{"sql", q}}.dump(), "application/json");
    ExpectError(r, 403, "permission_denied");
    EXPECT_EQ(Body(r)["error"]["details"]["rule"], rule) << q;
  }
  auto strict = Client().Post(
      "/api/v1/sql", json{{"sql", "SELECT count(*) FROM orders"}, {"policy", "strict"}}.dump(),
      "application/json");
  ExpectError(strict, 403, "permission_denied");
  auto timeout =
      Client().Post("/api/v1/sql",
                    json{{"sql", "SELECT count(*) FROM events a, events b WHERE a.id + b.id = 7"},
                         {"timeout_ms", 100}}
                        .dump(),
                    "application/json");
  ExpectError(timeout, 504, "timeout");
}

TEST_F(ServerTest, ConcurrentQueries) {
  std::atomic<int> ok{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      auto c = server_->Client();
      for (int i = 0; i < 10; ++i) {
        auto r =
            c.Post("/api/v1/sql", R"({"sql": "SELECT status, count(*) FROM orders GROUP BY 1"})",
                   "application/json");
        if (r && r->status == 200 && json::parse(r->body)["row_count"] == 5) ++ok;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), 80);
}

TEST_F(ServerTest, DescribeAndDeleteDatasets) {
  ASSERT_EQ(Upload("temp.csv", "a,b\n1,2\n")->status, 201);
  auto patched = Client().Patch(
      "/api/v1/datasets/temp",
      R"({"description": "Tabela temporária", "columns": {"a": "Coluna A"}})", "application/json");
  ASSERT_EQ(patched->status, 200) << patched->body;
  EXPECT_EQ(Body(patched)["description"], "Tabela temporária");
  EXPECT_EQ(Body(patched)["columns"][0]["description"], "Coluna A");
  auto del = Client().Delete("/api/v1/datasets/temp");
  EXPECT_EQ(del->status, 204);
  ExpectError(Client().Delete("/api/v1/datasets/temp"), 404, "not_found");
}

// A server with a 1 MiB upload limit and one allowed browser origin.
class LimitedServerTest : public ::testing::Test {
 protected:
  LimitedServerTest()
      : server_(testing::ServerProcess::Options{
            .config_toml = "[ingest]\nmax_upload_mb = 1\n[server]\ncors_origins = "
                           "[\"http://localhost:5173\"]\n"}) {}
  testing::ServerProcess server_;
};

TEST_F(LimitedServerTest, UploadOverTheLimitIs413AndLeavesNothing) {
  auto c = server_.Client();
  // Just over the 1 MiB limit: the server reads (and drops) the rest, then answers 413.
  std::string big = "a,b\n";
  while (big.size() < (1u << 20) + 4096) big += "123456,abcdef\n";
  httplib::MultipartFormDataItems items = {{"file", big, "big.csv", "text/csv"}};
  auto multipart = c.Post("/api/v1/datasets", items);
  ASSERT_TRUE(multipart);
  EXPECT_EQ(multipart->status, 413) << multipart->body;
  auto raw = c.Post("/api/v1/datasets?name=big", big, "text/csv");
  ASSERT_TRUE(raw);
  EXPECT_EQ(raw->status, 413) << raw->body;
  EXPECT_NE(raw->body.find("payload_too_large"), std::string::npos);
  // Far over the limit: refused from the declared length, before reading.
  const std::string head =
      "POST /api/v1/datasets?name=big HTTP/1.1\r\nHost: localhost\r\n"
      "Content-Type: text/csv\r\nContent-Length: 52428800\r\n\r\n";
  EXPECT_NE(testing::RawHttp(server_.port(), head).find("413"), std::string::npos);
  auto list = nlohmann::json::parse(c.Get("/api/v1/datasets")->body);
  EXPECT_TRUE(list["datasets"].empty());
  const auto uploads = server_.dir() / "data" / "uploads";
  EXPECT_TRUE(!std::filesystem::exists(uploads) || std::filesystem::is_empty(uploads));
  // Under the limit works.
  auto small = c.Post("/api/v1/datasets?name=small", "a,b\n1,2\n", "text/csv");
  EXPECT_EQ(small->status, 201) << small->body;
}

TEST_F(LimitedServerTest, CorsAllowList) {
  auto c = server_.Client();
  auto allowed = c.Get("/api/v1/health", {{"Origin", "http://localhost:5173"}});
  EXPECT_EQ(allowed->get_header_value("Access-Control-Allow-Origin"), "http://localhost:5173");
  auto denied = c.Get("/api/v1/health", {{"Origin", "https://evil.example"}});
  EXPECT_TRUE(denied->get_header_value("Access-Control-Allow-Origin").empty());
  auto preflight = c.Options("/api/v1/sql", {{"Origin", "http://localhost:5173"},
                                             {"Access-Control-Request-Method", "POST"}});
  ASSERT_TRUE(preflight);
  EXPECT_EQ(preflight->status, 204);
  EXPECT_NE(preflight->get_header_value("Access-Control-Allow-Methods").find("POST"),
            std::string::npos);
}

}  // namespace
}  // namespace sagaz
