// Issue 14's findings against the real `sagaz serve`: what a newcomer's first build serves, and
// what slow, pipelining, lying or nesting clients get. Each case failed before its fix.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <regex>
#include <thread>

#include "core/strings.hpp"
#include "db/db.hpp"
#include "support/support.hpp"

namespace sagaz {
namespace {

using namespace std::chrono_literals;
using testing::ExpectError;
using json = nlohmann::json;

// A plain client socket, for what a well-behaved HTTP client never sends.
class Socket {
 public:
  explicit Socket(int port) : fd_(socket(AF_INET, SOCK_STREAM, 0)) {
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
    timeval tv{10, 0};
    setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  }
  ~Socket() { close(fd_); }
  Socket(const Socket&) = delete;
  Socket& operator=(const Socket&) = delete;
  bool connected() const { return connected_; }
  bool Send(std::string_view bytes) {
    return send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL) ==
           static_cast<ssize_t>(bytes.size());
  }
  // Everything until the server closes (or the receive timeout).
  std::string ReadAll() {
    std::string out;
    char buf[16384];
    ssize_t n;
    while ((n = recv(fd_, buf, sizeof buf, 0)) > 0) out.append(buf, static_cast<size_t>(n));
    return out;
  }
  // The status line's code of the first response, reading at most until a full head arrived.
  int Status() {
    std::string out;
    char buf[4096];
    ssize_t n;
    while (out.find("\r\n") == std::string::npos && (n = recv(fd_, buf, sizeof buf, 0)) > 0) {
      out.append(buf, static_cast<size_t>(n));
    }
    if (!out.starts_with("HTTP/1.1 ")) return 0;
    return std::stoi(out.substr(9, 3));
  }

 private:
  int fd_;
  bool connected_ = false;
};

size_t Count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

class HardeningTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    testing::ServerProcess::Options options;
    options.config_toml =
        "[server]\nthreads = 8\nheader_timeout_s = 2\nmax_connections_per_address = 200\n";
    options.users = {{"viewer", "viewer", "viewer-password"}};
    server_ = new testing::ServerProcess(options);
  }
  static void TearDownTestSuite() {
    EXPECT_EQ(server_->Stop(), 0) << "graceful shutdown";
    delete server_;
  }
  static int port() { return server_->port(); }
  static bool Healthy() {
    auto r = server_->Client(false).Get("/api/v1/health");
    return r && r->status == 200;
  }
  static testing::ServerProcess* server_;
};

testing::ServerProcess* HardeningTest::server_ = nullptr;

// A fresh clone's first build used to serve "This build has no web UI embedded".
TEST_F(HardeningTest, TheBinaryServesItsWebUiPrecompressed) {
  auto c = server_->Client(false);
  auto page = c.Get("/");
  ASSERT_TRUE(page);
  ASSERT_EQ(page->status, 200);
  EXPECT_NE(page->get_header_value("Content-Type").find("text/html"), std::string::npos);
  EXPECT_EQ(page->get_header_value("Cache-Control"), "no-cache");
  std::smatch script;
  ASSERT_TRUE(std::regex_search(page->body, script, std::regex("/assets/[^\"]+\\.js")))
      << "no script in: " << page->body.substr(0, 300);
  const std::string asset = script.str();

  c.set_decompress(false);  // look at what is sent
  auto br = c.Get(asset, {{"Accept-Encoding", "gzip, deflate, br"}});
  ASSERT_EQ(br->status, 200);
  EXPECT_EQ(br->get_header_value("Content-Encoding"), "br");
  EXPECT_EQ(br->get_header_value("Cache-Control"), "public, max-age=31536000, immutable");
  const std::string etag = br->get_header_value("ETag");
  ASSERT_FALSE(etag.empty());
  auto plain = c.Get(asset);
  EXPECT_TRUE(plain->get_header_value("Content-Encoding").empty());
  EXPECT_LT(br->body.size() * 2, plain->body.size());
  auto gz = c.Get(asset, {{"Accept-Encoding", "gzip"}});
  EXPECT_EQ(gz->get_header_value("Content-Encoding"), "gzip");
  auto again = c.Get(asset, {{"If-None-Match", etag}});
  EXPECT_EQ(again->status, 304);
  EXPECT_TRUE(again->body.empty());
  EXPECT_EQ(c.Head("/")->status, 200);

  // API answers are compressed here (gzip), never by the HTTP library per request with Brotli.
  auto api = server_->Client().Get("/api/v1/openapi.json", {{"Accept-Encoding", "br, gzip"}});
  ASSERT_TRUE(api);
  EXPECT_EQ(api->status, 200);
  EXPECT_NE(api->get_header_value("Content-Encoding"), "br");
}

// 64 connections (the thread count) sending partial headers or a slow body left
// /api/v1/health unanswerable (slowloris).
TEST_F(HardeningTest, SlowClientsHoldNoThread) {
  std::vector<std::unique_ptr<Socket>> slow;
  for (int i = 0; i < 40; ++i) {
    auto s = std::make_unique<Socket>(port());
    ASSERT_TRUE(s->connected());
    s->Send("GET /api/v1/health HTTP/1.1\r\nHost: x\r\nX-Slow: ");
    slow.push_back(std::move(s));
  }
  for (int i = 0; i < 40; ++i) {
    auto s = std::make_unique<Socket>(port());
    s->Send(
        "POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        "Content-Length: 200\r\n\r\n{\"user");
    slow.push_back(std::move(s));
  }
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < 20; ++i) ASSERT_TRUE(Healthy()) << "health check " << i;
  EXPECT_LT(std::chrono::steady_clock::now() - start, 5s);
  // Past header_timeout_s (2 s) from their first byte, however they trickle, they get 408.
  std::this_thread::sleep_for(500ms);
  slow[0]->Send("a");
  slow[40]->Send("n");
  EXPECT_EQ(slow[0]->Status(), 408);
  EXPECT_EQ(slow[40]->Status(), 408);
  EXPECT_TRUE(Healthy());
}

// Requests sent back to back on one connection were dropped after the first.
TEST_F(HardeningTest, PipelinedRequestsAreAllAnswered) {
  Socket s(port());
  ASSERT_TRUE(
      s.Send("GET /api/v1/health HTTP/1.1\r\nHost: x\r\n\r\n"
             "GET /api/v1/version HTTP/1.1\r\nHost: x\r\n\r\n"
             "POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
             "Content-Length: 2\r\n\r\n{}"
             "GET /api/v1/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
  const std::string out = s.ReadAll();
  EXPECT_EQ(Count(out, "HTTP/1.1 "), 4u) << out;
  EXPECT_LT(out.find("\"status\":\"ok\""), out.find("duckdb"));
  EXPECT_EQ(Count(out, "HTTP/1.1 200"), 3u);
}

// Two differing Content-Length headers were accepted and a negative one held the connection.
TEST_F(HardeningTest, FramingTricksAreRefused) {
  const std::string head = "POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\n";
  for (std::string_view headers :
       {"Content-Length: 5\r\nContent-Length: 6\r\n", "Content-Length: -1\r\n",
        "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n", "Content-Length: 1e3\r\n",
        "Content-Length : 5\r\n"}) {
    Socket s(port());
    s.Send(head + std::string(headers) + "\r\nhello!");
    const std::string out = s.ReadAll();
    EXPECT_TRUE(out.starts_with("HTTP/1.1 400")) << headers << " -> " << out;
    EXPECT_NE(out.find("\"invalid_argument\""), std::string::npos) << out;
  }
  Socket big(port());
  big.Send("GET /api/v1/health HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(70'000, 'a'));
  EXPECT_EQ(big.Status(), 431);
  EXPECT_TRUE(Healthy());
}

// A body whose first member nests ~150k arrays crashed the server (stack overflow), with no login.
TEST_F(HardeningTest, DeeplyNestedJsonIsRefusedBeforeParsing) {
  const std::string deep = std::string(150'000, '[') + std::string(150'000, ']');
  auto c = server_->Client(false);
  for (const std::string& body :
       {"{\"a\":" + deep + ",\"username\":\"x\",\"password\":\"y\"}",
        "{\"username\":\"x\",\"a\":" + deep + "}", "{\"refresh_token\":" + deep + ",\"x\":1}"}) {
    for (const char* route : {"/api/v1/auth/login", "/api/v1/auth/refresh"}) {
      auto r = c.Post(route, body, "application/json");
      ExpectError(r, 400, "invalid_argument");
      ASSERT_TRUE(Healthy()) << route;
    }
  }
  httplib::Client viewer(server_->base_url());
  viewer.set_bearer_token_auth(server_->Login("viewer", "viewer-password"));
  auto sql =
      viewer.Post("/api/v1/sql", "{\"x\":" + deep + ",\"sql\":\"SELECT 1\"}", "application/json");
  ExpectError(sql, 400, "invalid_argument");
  // Nesting inside strings is text, not depth.
  auto text =
      viewer.Post("/api/v1/sql", "{\"sql\":\"SELECT '" + std::string(1000, '[') + "' AS x\"}",
                  "application/json");
  ASSERT_TRUE(text);
  EXPECT_EQ(text->status, 200) << text->body;
  EXPECT_TRUE(Healthy());
}

// The guard let `WITH "<file>" AS (FROM "<file>") ...` read any file, and the catalog through
// sqlite_master; with the guard bypassed, DuckDB itself must not reach files (defense in depth).
TEST(ConfinedDatabase, FilesOutsideUploadsAreUnreachable) {
  testing::TestApp app;
  const auto uploads = app->config().DataPath("uploads");
  std::filesystem::create_directories(uploads);
  testing::WriteFile(uploads / "inside.csv", "a,b\n1,2\n");
  testing::WriteFile(app.dir() / "outside.csv", "secret\n42\n");
  ASSERT_TRUE(app->RestrictFileAccess());
  auto conn = app->pool().Acquire();
  ASSERT_TRUE(conn);
  auto inside = (*conn)->Query("SELECT count(*) FROM read_csv(" +
                               QuoteLiteral((uploads / "inside.csv").string()) + ")");
  EXPECT_TRUE(inside) << inside.error().ToText();
  for (const std::string& sql :
       {"SELECT * FROM read_csv(" + QuoteLiteral((app.dir() / "outside.csv").string()) + ")",
        std::string("SELECT * FROM read_text('/etc/hostname')"),
        "ATTACH " + QuoteLiteral((app.dir() / "other.duckdb").string()),
        "COPY (SELECT 1) TO " + QuoteLiteral((app.dir() / "out.csv").string()),
        std::string("SET enable_external_access = true"),
        std::string("SET allowed_directories = ['/']"), std::string("SET memory_limit = '1TB'")}) {
    auto r = (*conn)->Query(sql);
    EXPECT_FALSE(r) << sql << " ran";
  }
  EXPECT_FALSE(std::filesystem::exists(app.dir() / "out.csv"));
}

}  // namespace
}  // namespace sagaz
