// The one webhook allow-list and sender: which URLs pass, the signature (checked against Python's
// hmac), and real POSTs to a raw receiver on loopback that keeps the bytes as they arrived, so the
// signature is verified over exactly what was sent (JSON and multipart with a file from disk).
#include "webhooks/webhooks.hpp"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sodium.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fstream>
#include <map>
#include <thread>

#include "support/support.hpp"

namespace sagaz::webhooks {
namespace {

TEST(Webhooks, OnlyUrlsOnTheAllowList) {
  const std::vector<std::string> allow = {"https://hooks.example.com/", "http://127.0.0.1:9000",
                                          "https://h.example.com/a"};
  for (const char* good : {"https://hooks.example.com/sagaz", "http://127.0.0.1:9000",
                           "http://127.0.0.1:9000/hook?x=1", "https://h.example.com/a",
                           "https://h.example.com/a/b", "https://h.example.com/a?x",
                           "https://h.example.com/a#f", "https://hooks.example.com/x.json"}) {
    EXPECT_TRUE(CheckUrl(good, allow)) << good;
  }
  struct Bad {
    const char* url;
    ErrorCode code;
  };
  for (const Bad& bad : {
           Bad{"http://127.0.0.1:90001/", ErrorCode::kPermissionDenied},
           {"http://127.0.0.1:9000@evil.example/", ErrorCode::kPermissionDenied},
           {"https://user:pw@hooks.example.com/", ErrorCode::kPermissionDenied},
           {"https://hooks.example.co", ErrorCode::kPermissionDenied},
           {"https://hooks.example.com.evil.example/", ErrorCode::kPermissionDenied},
           {"https://h.example.com/ab", ErrorCode::kPermissionDenied},
           {"https://h.example.com/a/../admin", ErrorCode::kPermissionDenied},
           {"https://h.example.com/a/%2E%2e/admin", ErrorCode::kPermissionDenied},
           {"https://h.example.com/a/./b", ErrorCode::kPermissionDenied},
           {"https://hooks.example.com\\@evil.example/", ErrorCode::kInvalidArgument},
           {"https://hooks.example.com/a b", ErrorCode::kInvalidArgument},
           {"https://hooks.example.com/a\nb", ErrorCode::kInvalidArgument},
           {"ftp://hooks.example.com/", ErrorCode::kInvalidArgument},
           {"file:///etc/passwd", ErrorCode::kInvalidArgument},
           {"https:///x", ErrorCode::kInvalidArgument},
       }) {
    const auto st = CheckUrl(bad.url, allow, "delivery.webhook");
    ASSERT_FALSE(st) << bad.url;
    EXPECT_EQ(st.error().code, bad.code) << bad.url << ": " << st.error().message;
    EXPECT_EQ(st.error().Detail("field"), "delivery.webhook");
  }
  const auto off = CheckUrl("https://hooks.example.com/", {});
  ASSERT_FALSE(off);
  EXPECT_EQ(off.error().code, ErrorCode::kPermissionDenied);
  EXPECT_NE(off.error().message.find("webhooks.allow"), std::string::npos);
}

TEST(Webhooks, LoopbackOnlyWhenAnEntryNamesIt) {
  const std::vector<std::string> allow = {"http://127.0.0.1:9000/", "http://localhost:8000/a",
                                          "http://[::1]:7000/", "https://hooks.example.com/"};
  EXPECT_TRUE(AllowsLocal("http://127.0.0.1:9000/x", allow));
  EXPECT_TRUE(AllowsLocal("http://localhost:8000/a", allow));
  EXPECT_TRUE(AllowsLocal("http://[::1]:7000/", allow));
  EXPECT_FALSE(AllowsLocal("https://hooks.example.com/x", allow));
  EXPECT_FALSE(AllowsLocal("http://127.0.0.2/", allow));
}

TEST(Webhooks, SignatureMatchesPythonHmac) {
  // python3 -c "import hmac,hashlib;print(hmac.new(b'k3y',b'1733600000.{\"a\":1}',
  //             hashlib.sha256).hexdigest())"
  EXPECT_EQ(Sign("k3y", 1733600000, R"({"a":1})"),
            "sha256=e7ddfaab5b8566a9734dacb3dc9e0067c05e2434d03006f5e81197b67e70c5c5");
}

// Accepts one connection at a time on 127.0.0.1 and keeps each request's raw head and body.
class RawReceiver {
 public:
  struct Request {
    std::map<std::string, std::string> headers;  // lower-case names
    std::string body;
  };
  explicit RawReceiver(int status = 204) : status_(status) {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a);
    listen(fd_, 4);
    socklen_t len = sizeof a;
    getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len);
    port_ = ntohs(a.sin_port);
    thread_ = std::thread([this] { Serve(); });
  }
  ~RawReceiver() {
    shutdown(fd_, SHUT_RDWR);
    close(fd_);
    thread_.join();
  }
  int port() const { return port_; }
  std::vector<Request> requests() {
    std::lock_guard lock(mu_);
    return requests_;
  }

 private:
  void Serve() {
    for (;;) {
      const int c = accept(fd_, nullptr, nullptr);
      if (c < 0) return;
      std::string data;
      char buf[65536];
      size_t head_end = std::string::npos, length = 0;
      while (true) {
        const ssize_t n = read(c, buf, sizeof buf);
        if (n <= 0) break;
        data.append(buf, static_cast<size_t>(n));
        if (head_end == std::string::npos && (head_end = data.find("\r\n\r\n")) != data.npos) {
          const std::string head = data.substr(0, head_end);
          for (size_t at = head.find("\r\n"); at != std::string::npos;) {
            const size_t next = head.find("\r\n", at + 2);
            const std::string line =
                head.substr(at + 2, next == head.npos ? head.npos : next - at - 2);
            const size_t colon = line.find(':');
            std::string name = line.substr(0, colon);
            for (auto& ch : name) ch = static_cast<char>(std::tolower(ch));
            std::string value = line.substr(colon + 1);
            while (!value.empty() && value.front() == ' ') value.erase(0, 1);
            pending_.headers[name] = value;
            at = next;
          }
          length = std::stoul(pending_.headers["content-length"]);
        }
        if (head_end != std::string::npos && data.size() >= head_end + 4 + length) break;
      }
      pending_.body = data.substr(head_end == std::string::npos ? 0 : head_end + 4);
      {
        // Kept before the answer goes out: the sender returns as soon as it has the answer.
        std::lock_guard lock(mu_);
        requests_.push_back(std::move(pending_));
        pending_ = {};
      }
      const std::string reply = "HTTP/1.1 " + std::to_string(status_) +
                                " X\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok";
      (void)!write(c, reply.data(), reply.size());
      close(c);
    }
  }
  int status_;
  int fd_ = -1;
  int port_ = 0;
  std::thread thread_;
  Request pending_;
  std::mutex mu_;
  std::vector<Request> requests_;
};

// What a receiver does (docs/user-guide.md): HMAC over "<timestamp>.<raw body>".
bool Verify(const RawReceiver::Request& r, const std::string& secret) {
  const auto sig = r.headers.find("x-sagaz-signature");
  const auto ts = r.headers.find("x-sagaz-timestamp");
  if (sig == r.headers.end() || ts == r.headers.end()) return false;
  const std::string expected = Sign(secret, std::stoll(ts->second), r.body);
  return expected.size() == sig->second.size() &&
         sodium_memcmp(expected.data(), sig->second.data(), expected.size()) == 0;
}

TEST(Webhooks, PostsSignedJsonAndMultipart) {
  RawReceiver receiver;
  const std::string base = "http://127.0.0.1:" + std::to_string(receiver.port());
  Sender sender({.allow = {base + "/hook"}, .secret = "s3cret"});
  auto reply = sender.PostJson(base + "/hook", R"({"ok":true})", {.timeout_ms = 10000});
  ASSERT_TRUE(reply) << reply.error().ToText();
  EXPECT_EQ(reply->status, 204);

  testing::TempDir dir;
  const auto file = testing::WriteFile(dir / "rows.csv", std::string(200'000, 'x') + "\n1;2\n");
  reply = sender.PostMultipart(
      base + "/hook?x=1",
      {{.name = "meta", .content_type = "application/json", .bytes = R"({"kind":"report"})"},
       {.name = "file",
        .filename = "rows.csv",
        .content_type = "text/csv",
        .bytes = "\xEF\xBB\xBF",
        .file = file}},
      {.timeout_ms = 10000});
  ASSERT_TRUE(reply) << reply.error().ToText();

  const auto got = receiver.requests();
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].body, R"({"ok":true})");
  EXPECT_EQ(got[0].headers.at("content-type"), "application/json");
  for (const auto& r : got) {
    EXPECT_TRUE(Verify(r, "s3cret"));
    EXPECT_FALSE(Verify(r, "other"));
    EXPECT_EQ(r.headers.at("x-sagaz-delivery").size(), 32u);
  }
  EXPECT_NE(got[0].headers.at("x-sagaz-delivery"), got[1].headers.at("x-sagaz-delivery"));
  const std::string& body = got[1].body;
  EXPECT_EQ(got[1].headers.at("content-type").rfind("multipart/form-data; boundary=sagaz-", 0), 0u);
  EXPECT_NE(
      body.find("name=\"meta\"\r\nContent-Type: application/json\r\n\r\n{\"kind\":\"report\"}"),
      std::string::npos);
  EXPECT_NE(body.find("filename=\"rows.csv\"\r\nContent-Type: text/csv\r\n\r\n\xEF\xBB\xBFxxx"),
            std::string::npos);
  EXPECT_NE(body.find("\n1;2\n\r\n--sagaz-"), std::string::npos);
  EXPECT_GT(body.size(), 200'000u);

  // Without a secret: no signature headers.
  Sender plain({.allow = {base + "/"}});
  ASSERT_TRUE(plain.PostJson(base + "/x", "{}", {}));
  EXPECT_EQ(receiver.requests().back().headers.count("x-sagaz-signature"), 0u);
}

TEST(Webhooks, RefusalsAndFailures) {
  RawReceiver failing(500);
  const std::string port = std::to_string(failing.port());
  // An entry that is loopback in disguise (127.0.0.1 as one decimal number) does not name a
  // loopback host: the connection to 127.0.0.1 is refused.
  Sender by_name({.allow = {"http://2130706433:" + port + "/"}});
  auto r = by_name.PostJson("http://2130706433:" + port + "/x", "{}", {});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kPermissionDenied) << r.error().ToText();
  EXPECT_TRUE(failing.requests().empty());
  // Off the list: refused before any connection.
  Sender sender({.allow = {"http://127.0.0.1:" + port + "/ok"}});
  r = sender.PostJson("http://127.0.0.1:" + port + "/other", "{}", {});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kPermissionDenied);
  // A status outside 2xx fails with the status.
  r = sender.PostJson("http://127.0.0.1:" + port + "/ok", "{}", {});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kUnavailable);
  EXPECT_EQ(r.error().Detail("status"), "500");
  // A cancelled call stops.
  r = sender.PostJson("http://127.0.0.1:" + port + "/ok", "{}", {.cancelled = [] { return true; }});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kCancelled);
}

}  // namespace
}  // namespace sagaz::webhooks
