// The engine on tiny random-weight models: the text is nonsense, the mechanics are real.
#include "models/engine.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <cmath>
#include <nlohmann/json.hpp>

#include "models/grammar.hpp"
#include "models/models_fixture.hpp"

namespace sagaz::models {
namespace {

using testing::TinyChatModel;
using testing::TinyEmbedModel;

class EngineTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    LoadOptions options;
    options.context = 2048;
    options.threads = 1;
    auto chat = Engine::Load(TinyChatModel(), options);
    ASSERT_TRUE(chat) << chat.error().ToText();
    chat_ = std::move(*chat).release();
    auto embed = Engine::Load(TinyEmbedModel(), options);
    ASSERT_TRUE(embed) << embed.error().ToText();
    embed_ = std::move(*embed).release();
  }
  static void TearDownTestSuite() {
    delete chat_;
    delete embed_;
  }
  static SamplingOptions Greedy(int max_tokens) {
    SamplingOptions s;
    s.temperature = 0;
    s.max_tokens = max_tokens;
    return s;
  }
  static inline Engine* chat_ = nullptr;
  static inline Engine* embed_ = nullptr;
  const std::vector<llm::Message> hello_{{"system", "You are terse."}, {"user", "hello"}};
};

TEST_F(EngineTest, LoadsAndSaysWhatItIs) {
  EXPECT_FALSE(chat_->embedding());
  EXPECT_TRUE(embed_->embedding());
  EXPECT_EQ(chat_->context(), 2048);
  EXPECT_EQ(embed_->dimensions(), 32);
  EXPECT_GT(chat_->weight_bytes(), 0u);
  EXPECT_FALSE(BackendName().empty());
}

TEST_F(EngineTest, UsesTheModelsChatTemplate) {
  auto prompt = chat_->FormatPrompt(hello_);
  ASSERT_TRUE(prompt) << prompt.error().ToText();
  EXPECT_EQ(*prompt,
            "<|im_start|>system\nYou are terse.<|im_end|>\n<|im_start|>user\nhello<|im_end|>\n"
            "<|im_start|>assistant\n");
}

TEST_F(EngineTest, GreedyIsDeterministicAndStreamsWhatItReturns) {
  std::string streamed;
  int pieces = 0;
  auto a = chat_->Chat(hello_, Greedy(24), [&](std::string_view t) {
    streamed += t;
    ++pieces;
    return true;
  });
  ASSERT_TRUE(a) << a.error().ToText();
  EXPECT_EQ(streamed, a->text);
  EXPECT_GT(pieces, 1);
  EXPECT_GT(a->prompt_tokens, 5);
  EXPECT_LE(a->completion_tokens, 24);
  auto b = chat_->Chat(hello_, Greedy(24));
  ASSERT_TRUE(b);
  EXPECT_EQ(a->text, b->text);
  if (a->finish_reason == "length") EXPECT_EQ(a->completion_tokens, 24);
}

TEST_F(EngineTest, SeedMakesSamplingRepeatable) {
  SamplingOptions s;
  s.temperature = 1.0;
  s.top_p = 0.9;
  s.seed = 42;
  s.max_tokens = 16;
  auto a = chat_->Chat(hello_, s);
  auto b = chat_->Chat(hello_, s);
  ASSERT_TRUE(a && b);
  EXPECT_EQ(a->text, b->text);
}

TEST_F(EngineTest, StopsBeforeAStopSequence) {
  auto free = chat_->Chat(hello_, Greedy(40));
  ASSERT_TRUE(free);
  ASSERT_GE(free->text.size(), 12u) << free->text;
  const std::string stop = free->text.substr(8, 3);
  auto s = Greedy(40);
  s.stop = {stop, "a stop that never comes"};
  std::string streamed;
  auto stopped = chat_->Chat(hello_, s, [&](std::string_view t) {
    streamed += t;
    return true;
  });
  ASSERT_TRUE(stopped);
  EXPECT_EQ(stopped->finish_reason, "stop");
  EXPECT_EQ(stopped->text, free->text.substr(0, free->text.find(stop)));
  EXPECT_EQ(streamed, stopped->text);  // the stop sequence never reached the stream
}

TEST_F(EngineTest, AStreamThatSaysStopCancels) {
  int calls = 0;
  auto r = chat_->Chat(hello_, Greedy(200), [&](std::string_view) { return ++calls < 3; });
  ASSERT_TRUE(r);
  EXPECT_EQ(r->finish_reason, "cancelled");
  EXPECT_EQ(calls, 3);
  EXPECT_LT(r->completion_tokens, 200);
}

TEST_F(EngineTest, ACancelFlagStopsAtOnce) {
  std::atomic<bool> cancel{true};
  auto s = Greedy(200);
  s.cancel = &cancel;
  auto r = chat_->Chat(hello_, s);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->finish_reason, "cancelled");
  EXPECT_EQ(r->completion_tokens, 0);
}

TEST_F(EngineTest, ASchemaGrammarMakesJsonThatParses) {
  auto grammar = JsonSchemaGrammar(R"({
    "type": "object",
    "properties": {"label": {"enum": ["positive", "negative", "neutral"]},
                   "score": {"type": "integer", "minimum": 0, "maximum": 9}},
    "required": ["label", "score"], "additionalProperties": false})");
  ASSERT_TRUE(grammar) << grammar.error().ToText();
  for (uint32_t seed : {1u, 2u, 3u}) {
    SamplingOptions s;
    s.temperature = 0.9;
    s.seed = seed;
    s.max_tokens = 200;
    s.grammar = *grammar;
    auto r = chat_->Chat(hello_, s);
    ASSERT_TRUE(r) << r.error().ToText();
    EXPECT_EQ(r->finish_reason, "stop") << r->text;
    auto doc = nlohmann::json::parse(r->text, nullptr, false);
    ASSERT_FALSE(doc.is_discarded()) << r->text;
    ASSERT_TRUE(doc.is_object()) << r->text;
    EXPECT_TRUE(doc["label"] == "positive" || doc["label"] == "negative" ||
                doc["label"] == "neutral")
        << r->text;
    EXPECT_TRUE(doc["score"].is_number_integer()) << r->text;
  }
}

TEST_F(EngineTest, AJsonObjectGrammarStartsAnObject) {
  auto s = Greedy(30);
  s.grammar = JsonObjectGrammar();
  ASSERT_FALSE(s.grammar.empty());
  auto r = chat_->Chat(hello_, s);
  ASSERT_TRUE(r) << r.error().ToText();
  ASSERT_FALSE(r->text.empty());
  EXPECT_EQ(r->text.find_first_not_of(" \n\t"), r->text.find('{'));
  if (r->finish_reason == "stop") EXPECT_TRUE(nlohmann::json::accept(r->text)) << r->text;
}

// Schemas whose names or patterns would make llama.cpp's converter recurse past the stack (found
// by the chat_request fuzz target under AddressSanitizer: a 10 kB property name of '[') are refused
// with a clear error; ordinary ones still convert.
TEST(GrammarTest, RefusesSchemasTheConverterCannotTakeSafely) {
  const std::string long_name(20000, '[');
  auto named = JsonSchemaGrammar(R"({"type":"object","properties":{")" + long_name +
                                 R"(":{"type":"string"}}})");
  ASSERT_FALSE(named);
  EXPECT_EQ(named.error().code, ErrorCode::kInvalidArgument);
  auto pattern = JsonSchemaGrammar(R"({"type":"string","pattern":")" + std::string(40, '(') + "a" +
                                   std::string(40, ')') + R"("})");
  ASSERT_FALSE(pattern);
  EXPECT_EQ(pattern.error().code, ErrorCode::kInvalidArgument);
  auto not_json = JsonSchemaGrammar(R"({"type":)");
  ASSERT_FALSE(not_json);
  EXPECT_EQ(not_json.error().code, ErrorCode::kInvalidArgument);
  auto fine = JsonSchemaGrammar(
      R"({"type":"object","properties":{"code":{"type":"string","pattern":"^[A-Z]{4}(3|4)$"}},)"
      R"("required":["code"]})");
  ASSERT_TRUE(fine) << fine.error().message;
  EXPECT_NE(fine->find("root"), std::string::npos);
}

TEST_F(EngineTest, RefusesWhatItCannotDo) {
  auto s = Greedy(5);
  s.grammar = "root ::= (";
  auto bad = chat_->Chat(hello_, s);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalidArgument);
  auto no_embed = chat_->Embed({"x"});
  ASSERT_FALSE(no_embed);
  EXPECT_EQ(no_embed.error().code, ErrorCode::kUnsupported);
  auto no_chat = embed_->Chat(hello_, Greedy(5));
  ASSERT_FALSE(no_chat);
  EXPECT_EQ(no_chat.error().code, ErrorCode::kUnsupported);
  const std::string huge(40000, 'a');
  auto too_long = chat_->Chat({{"user", huge}}, Greedy(5));
  ASSERT_FALSE(too_long);
  EXPECT_EQ(too_long.error().code, ErrorCode::kInvalidArgument);
}

TEST_F(EngineTest, EmbeddingsAreNormalizedDeterministicAndBatchIndependent) {
  const std::vector<std::string> inputs = {"the cat sat", "o gato sentou",
                                           "the cat sat", "numbers 1 2 3 4 5 6 7 8 9",
                                           "a",           "b",
                                           "c",           "d",
                                           "e",           "f"};
  auto all = embed_->Embed(inputs);
  ASSERT_TRUE(all) << all.error().ToText();
  ASSERT_EQ(all->vectors.size(), inputs.size());
  for (const auto& v : all->vectors) {
    ASSERT_EQ(v.size(), 32u);
    double norm = 0;
    for (float x : v) norm += static_cast<double>(x) * x;
    EXPECT_NEAR(norm, 1.0, 1e-4);
  }
  EXPECT_EQ(all->vectors[0], all->vectors[2]);
  EXPECT_NE(all->vectors[0], all->vectors[1]);
  auto one = embed_->Embed({inputs[1]});
  ASSERT_TRUE(one);
  for (size_t d = 0; d < 32; ++d) EXPECT_NEAR(one->vectors[0][d], all->vectors[1][d], 1e-4);
  EXPECT_GT(all->prompt_tokens, 10);
  auto empty = embed_->Embed({""});
  EXPECT_FALSE(empty);
}

TEST(EngineLoadTest, RefusesFilesThatAreNotModels) {
  testing::ModelsTempDir dir;
  const auto junk = testing::WriteBytes(dir / "junk.gguf", "GGUF but not really a model file");
  auto r = Engine::Load(junk, {});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  auto missing = Engine::Load(dir / "missing.gguf", {});
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kIo);
}

}  // namespace
}  // namespace sagaz::models
