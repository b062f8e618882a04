// The OpenAI-compatible provider against a scripted server on loopback.
#include "llm/llm.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/scripted_model.hpp"

namespace sagaz::llm {
namespace {

using ::testing::HasSubstr;

class LlmTest : public ::testing::Test {
 protected:
  std::unique_ptr<Provider> Make(const std::function<void(LlmConfig&)>& tweak = {}) {
    LlmConfig c;
    c.base_url = model_.base_url() + "/";  // a trailing slash is tolerated
    c.model = "m1";
    c.api_key = "sk-test";
    c.timeout_ms = 1000;
    c.max_retries = 1;
    if (tweak) tweak(c);
    auto p = MakeProvider(c);
    EXPECT_TRUE(p) << p.error().ToText();
    return std::move(*p);
  }
  ChatRequest Request(bool stream) {
    return {.messages = {{"system", "be brief"}, {"user", "hi"}}, .stream = stream};
  }
  testing::ScriptedModel model_;
};

TEST_F(LlmTest, PlainAndStreamedCompletions) {
  auto p = Make();
  model_.Push({.content = "hello there"});
  auto plain = p->Chat(Request(false));
  ASSERT_TRUE(plain) << plain.error().ToText();
  EXPECT_EQ(plain->content, "hello there");
  EXPECT_EQ(plain->attempts, 1);
  EXPECT_EQ(plain->prompt_tokens, 100);

  model_.Push({.content = "a longer streamed answer"});
  std::string deltas;
  int pieces = 0;
  auto streamed = p->Chat(Request(true), [&](std::string_view d) {
    deltas += d;
    ++pieces;
  });
  ASSERT_TRUE(streamed) << streamed.error().ToText();
  EXPECT_EQ(streamed->content, "a longer streamed answer");
  EXPECT_EQ(deltas, streamed->content);
  EXPECT_GT(pieces, 1);

  const auto req = model_.requests().back();
  EXPECT_EQ(req["model"], "m1");
  EXPECT_EQ(req["messages"][1]["content"], "hi");
  EXPECT_EQ(req["stream"], true);
}

TEST_F(LlmTest, ErrorsAreMappedAndOnlyTransientOnesRetried) {
  auto p = Make();
  model_.Push({.status = 401});
  auto unauth = p->Chat(Request(false));
  ASSERT_FALSE(unauth);
  EXPECT_EQ(unauth.error().code, ErrorCode::kUnauthenticated);
  EXPECT_EQ(model_.calls(), 1u) << "a refused key is not retried";

  model_.Push({.status = 400, .raw_body = R"({"error": {"message": "model not found"}})"});
  auto bad = p->Chat(Request(false));
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalidArgument);
  EXPECT_THAT(bad.error().message, HasSubstr("model not found"));

  model_.Push({.status = 429});
  model_.Push({.content = "ok"});
  auto limited = p->Chat(Request(false));
  ASSERT_TRUE(limited);
  EXPECT_EQ(limited->attempts, 2);

  model_.Push({.status = 500});
  model_.Push({.status = 502});
  auto down = p->Chat(Request(false));
  ASSERT_FALSE(down);
  EXPECT_EQ(down.error().code, ErrorCode::kUnavailable);
}

TEST_F(LlmTest, TimeoutAndPerCallBudget) {
  auto p = Make([](LlmConfig& c) {
    c.timeout_ms = 300;
    c.max_retries = 0;
  });
  model_.Push({.content = "late", .delay_ms = 1200});
  auto slow = p->Chat(Request(false));
  ASSERT_FALSE(slow);
  EXPECT_EQ(slow.error().code, ErrorCode::kTimeout);

  auto q = Make([](LlmConfig& c) { c.max_retries = 0; });
  model_.Push({.content = "late", .delay_ms = 1200});
  ChatRequest r = Request(false);
  r.timeout = std::chrono::milliseconds(200);
  auto budget = q->Chat(r);
  ASSERT_FALSE(budget);
  EXPECT_EQ(budget.error().code, ErrorCode::kTimeout);
}

TEST_F(LlmTest, ConfigurationIsChecked) {
  EXPECT_EQ(MakeProvider(LlmConfig{}).error().code, ErrorCode::kFailedPrecondition);
  LlmConfig c;
  c.base_url = "ftp://x";
  c.model = "m";
  EXPECT_EQ(MakeProvider(c).error().code, ErrorCode::kInvalidArgument);
  c.base_url = "http://127.0.0.1:1/v1";
  c.model.clear();
  EXPECT_EQ(MakeProvider(c).error().code, ErrorCode::kFailedPrecondition);
}

TEST(ExtractJson, FromProseAndFences) {
  EXPECT_EQ(ExtractJsonObject(R"({"a": 1})"), R"({"a": 1})");
  EXPECT_EQ(ExtractJsonObject("Sure! ```json\n{\"a\": {\"b\": \"}\"}}\n```"),
            R"({"a": {"b": "}"}})");
  EXPECT_EQ(ExtractJsonObject("no json here"), "");
  EXPECT_EQ(ExtractJsonObject("{broken {\"ok\": true}"), R"({"ok": true})");
}

}  // namespace
}  // namespace sagaz::llm
