// http::Server's boundary: what a handler's outcome becomes on the wire. A returned Error is the
// error envelope with the request id and the status of its code; a thrown exception is a 500 that
// says nothing of the exception; the authorizer's refusals take the same path.
#include "server/http.hpp"

#include <gtest/gtest.h>
#include <httplib.h>

#include <nlohmann/json.hpp>
#include <stdexcept>
#include <thread>

namespace sagaz::http {
namespace {

using nlohmann::json;

class HttpBoundaryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_.Get("/ok", kPublic,
                [](const Request&) { return Response::Json(200, R"({"ok":true})"); });
    server_.Get("/missing", kPublic, [](const Request&) -> Result<Response> {
      return Fail(Error(ErrorCode::kNotFound, "dataset 'x' does not exist").With("dataset", "x"));
    });
    server_.Get("/busy", kPublic, [](const Request&) -> Result<Response> {
      return Fail(Error(ErrorCode::kRateLimited, "too many attempts").With("retry_after_s", "7"));
    });
    server_.Get("/who", kPublic, [](const Request&) -> Result<Response> {
      return Fail(ErrorCode::kUnauthenticated, "log in");
    });
    server_.Get("/broken", kPublic, [](const Request&) -> Result<Response> {
      return Fail(ErrorCode::kInternal, "invariant broken: secret detail");
    });
    server_.Get("/throws", kPublic, [](const Request&) -> Result<Response> {
      throw std::runtime_error("secret detail");
    });
    server_.Get("/throws-int", kPublic, [](const Request&) -> Result<Response> { throw 42; });
    server_.Post("/echo", kPublic, [](const Request& req) -> Result<Response> {
      if (req.body.empty()) return Fail(ErrorCode::kInvalidArgument, "the body is empty");
      return Response::Json(201, req.body);
    });
    server_.PostStreaming("/upload", kPublic,
                          [](const Request&, BodyReader& body) -> Result<Response> {
                            body.Read([](const char*, size_t) { return true; });
                            return Fail(ErrorCode::kUnsupported, "not this format");
                          });
    server_.Get("/admin", "admin", [](const Request& req) {
      return Response::Json(200, json{{"user", req.caller.user}}.dump());
    });
    server_.SetAuthorizer([](Request& req, std::string_view access) -> Status {
      if (access == kPublic) return Ok();
      if (req.Header("Authorization") != "Bearer admin") {
        return Fail(Error(ErrorCode::kPermissionDenied, "admins only").With("required", "admin"));
      }
      req.caller.user = "root";
      return Ok();
    });
    auto port = server_.Bind();
    ASSERT_TRUE(port) << port.error().ToText();
    port_ = *port;
    thread_ = std::thread([this] { (void)server_.Listen(); });
  }

  void TearDown() override {
    server_.Stop();
    if (thread_.joinable()) thread_.join();
  }

  httplib::Client Client() {
    httplib::Client c("127.0.0.1", port_);
    c.set_default_headers({{"X-Request-Id", "req-42"}});
    return c;
  }

  // The response's error envelope, checked to carry the request id.
  static json Envelope(const httplib::Result& r, int status) {
    EXPECT_TRUE(r);
    if (!r) return json();
    EXPECT_EQ(r->status, status) << r->body;
    EXPECT_EQ(r->get_header_value("Content-Type"), "application/json");
    EXPECT_EQ(r->get_header_value("X-Request-Id"), "req-42");
    json body = json::parse(r->body, nullptr, false);
    EXPECT_TRUE(body.is_object()) << r->body;
    if (!body.is_object()) return json();
    EXPECT_EQ(body.value("request_id", ""), "req-42") << r->body;
    return body;
  }

  Server server_{ServerOptions{.port = 0, .threads = 2}};
  int port_ = 0;
  std::thread thread_;
};

TEST_F(HttpBoundaryTest, AResponseIsSentAsItIs) {
  auto r = Client().Get("/ok");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, R"({"ok":true})");
}

TEST_F(HttpBoundaryTest, AnErrorBecomesTheEnvelopeWithTheRequestId) {
  const json body = Envelope(Client().Get("/missing"), 404);
  EXPECT_EQ(body["error"]["code"], "not_found");
  EXPECT_EQ(body["error"]["message"], "dataset 'x' does not exist");
  EXPECT_EQ(body["error"]["details"], json({{"dataset", "x"}}));
}

TEST_F(HttpBoundaryTest, EveryCodeGetsItsStatusAndHeaders) {
  auto busy = Client().Get("/busy");
  EXPECT_EQ(Envelope(busy, 429)["error"]["code"], "rate_limited");
  EXPECT_EQ(busy->get_header_value("Retry-After"), "7");

  auto who = Client().Get("/who");
  EXPECT_EQ(Envelope(who, 401)["error"]["code"], "unauthenticated");
  EXPECT_EQ(who->get_header_value("WWW-Authenticate"), "Bearer realm=\"sagaz\"");

  EXPECT_EQ(Envelope(Client().Post("/echo", "", "application/json"), 400)["error"]["code"],
            "invalid_argument");
  auto echo = Client().Post("/echo", R"({"a":1})", "application/json");
  ASSERT_TRUE(echo);
  EXPECT_EQ(echo->status, 201);
}

TEST_F(HttpBoundaryTest, AnInternalErrorKeepsItsMessage) {
  const json body = Envelope(Client().Get("/broken"), 500);
  EXPECT_EQ(body["error"]["code"], "internal");
  EXPECT_EQ(body["error"]["message"], "invariant broken: secret detail");
}

TEST_F(HttpBoundaryTest, AThrowingHandlerIsA500ThatHidesTheException) {
  for (const char* path : {"/throws", "/throws-int"}) {
    auto r = Client().Get(path);
    const json body = Envelope(r, 500);
    EXPECT_EQ(body["error"]["code"], "internal") << path;
    EXPECT_EQ(r->body.find("secret detail"), std::string::npos) << r->body;
  }
  // The server goes on serving.
  auto ok = Client().Get("/ok");
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200);
}

TEST_F(HttpBoundaryTest, AStreamingHandlersErrorTakesTheSamePath) {
  const json body = Envelope(Client().Post("/upload", "raw bytes", "text/csv"), 415);
  EXPECT_EQ(body["error"]["code"], "unsupported");
  EXPECT_EQ(body["error"]["message"], "not this format");
}

TEST_F(HttpBoundaryTest, TheAuthorizersRefusalIsAnEnvelopeAndTheHandlerDoesNotRun) {
  const json body = Envelope(Client().Get("/admin"), 403);
  EXPECT_EQ(body["error"]["code"], "permission_denied");
  EXPECT_EQ(body["error"]["details"]["required"], "admin");

  auto c = Client();
  c.set_bearer_token_auth("admin");
  auto r = c.Get("/admin");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(json::parse(r->body)["user"], "root");
}

}  // namespace
}  // namespace sagaz::http
