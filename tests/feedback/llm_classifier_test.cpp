// The LLM classifier against a scripted OpenAI-compatible server: batched prompts with a JSON
// schema, answers checked, and the fallback (with a warning) when the model fails.
#include <gtest/gtest.h>

#include "feedback/classifier.hpp"
#include "llm/llm.hpp"
#include "support/scripted_model.hpp"

namespace sagaz::feedback {
namespace {

class LlmClassifierTest : public ::testing::Test {
 protected:
  std::unique_ptr<Classifier> Make(int batch, int64_t timeout_ms = 5000) {
    LlmConfig config;
    config.base_url = model_.base_url();
    config.model = "scripted";
    config.max_retries = 0;
    auto provider = llm::MakeProvider(config);
    EXPECT_TRUE(provider);
    auto taxonomy = LoadTaxonomy("");
    EXPECT_TRUE(taxonomy);
    auto builtin = MakeBuiltinClassifier(*taxonomy, {});
    EXPECT_TRUE(builtin);
    auto c = MakeLlmClassifier(std::move(*provider), std::move(*builtin), *taxonomy,
                               {.batch = batch, .timeout_ms = timeout_ms, .attempts = 2});
    EXPECT_TRUE(c);
    return std::move(*c);
  }
  testing::ScriptedModel model_;
};

TEST_F(LlmClassifierTest, BatchesPromptsWithASchemaAndReadsTheAnswers) {
  model_.Push({.content = R"({"results": [
      {"i": 0, "sentiment": "positive", "score": 0.9, "tags": ["delivery", "made-up"],
       "keyphrases": ["chegou rápido"]},
      {"i": 1, "sentiment": "negative", "score": -0.8, "tags": ["quality"], "keyphrases": []}]})"});
  model_.Push({.content = R"({"results": [{"i": 0, "sentiment": "neutral", "score": 0,
      "tags": [], "keyphrases": []}]})"});
  auto c = Make(2);
  const std::string_view texts[] = {"Chegou rápido, adorei", "Veio quebrado", "Recebi"};
  auto out = c->ClassifyMany(texts);
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(out[0].sentiment, Sentiment::kPositive);
  EXPECT_EQ(out[0].tags, std::vector<std::string>{"delivery"});  // unknown ids dropped
  EXPECT_EQ(out[0].keyphrases, std::vector<std::string>{"chegou rápido"});
  EXPECT_EQ(out[1].sentiment, Sentiment::kNegative);
  EXPECT_EQ(out[2].sentiment, Sentiment::kNeutral);
  for (const auto& r : out) {
    EXPECT_TRUE(r.fallback_classifier.empty());
    EXPECT_TRUE(r.warning.empty());
  }
  EXPECT_EQ(c->name(), "llm");
  EXPECT_NE(c->version().find("scripted@"), std::string::npos);
  const auto requests = model_.requests();
  ASSERT_EQ(requests.size(), 2u);  // two prompts: 2 comments, then 1
  EXPECT_EQ(requests[0]["response_format"]["type"], "json_schema");
  EXPECT_TRUE(
      requests[0]["response_format"]["json_schema"]["schema"]["properties"].contains("results"));
  EXPECT_NE(requests[0]["messages"][1]["content"].get<std::string>().find("Veio quebrado"),
            std::string::npos);
}

TEST_F(LlmClassifierTest, FallsBackWithAWarningWhenTheModelFails) {
  // A server error, then garbage twice (asked again once), then an answer missing a comment.
  model_.Push({.status = 500, .raw_body = "boom"});
  model_.Push({.content = "I think it is positive"});
  model_.Push({.content = "still not JSON"});
  model_.Push({.content = R"({"results": [{"i": 0, "sentiment": "positive", "score": 1,
      "tags": [], "keyphrases": []}]})"});
  auto c = Make(2);
  auto failed = c->Classify("Péssimo atendimento, não gostei");
  EXPECT_EQ(failed.fallback_classifier, "builtin");
  EXPECT_EQ(failed.sentiment, Sentiment::kNegative);  // the builtin classifier's answer
  EXPECT_NE(failed.warning.find("failed"), std::string::npos) << failed.warning;
  auto garbage = c->Classify("Ótimo");
  EXPECT_EQ(garbage.fallback_classifier, "builtin");
  EXPECT_NE(garbage.warning.find("schema"), std::string::npos) << garbage.warning;
  const std::string_view two[] = {"Adorei", "Odiei"};
  auto partial = c->ClassifyMany(two);
  EXPECT_TRUE(partial[0].fallback_classifier.empty());
  EXPECT_EQ(partial[1].fallback_classifier, "builtin");
  EXPECT_NE(partial[1].warning.find("left this comment out"), std::string::npos);
}

TEST_F(LlmClassifierTest, ATimeoutFallsBack) {
  model_.SetFallback({.content = R"({"results": []})", .delay_ms = 1500});
  auto c = Make(5, 300);
  auto r = c->Classify("Entrega atrasou");
  EXPECT_EQ(r.fallback_classifier, "builtin");
  EXPECT_FALSE(r.warning.empty());
}

}  // namespace
}  // namespace sagaz::feedback
