// Ask with a language model: a scripted OpenAI-compatible server on loopback answers, and the tests
// check what Sagaz sends (request shape, schema context), how it recovers (retries on 5xx and
// timeouts, the correction loop after a bad plan or a refused query, streaming) and that a model
// that is down, slow or talking nonsense still gives the builtin answer with a warning.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "ask/ask.hpp"
#include "demo/demo.hpp"
#include "support/scripted_model.hpp"
#include "support/support.hpp"

namespace sagaz::ask {
namespace {

using ::testing::HasSubstr;
using Reply = testing::ScriptedModel::Reply;

constexpr const char* kGoodPlan =
    R"({"table":"leituras_sensores","shape":"grouped","aggregate":"mean","measure":"leituras_sensores.temperatura",)"
    R"("group":"leituras_sensores.sensor","time":null,"bucket":"none","where":"","joins":[],"limit":null,)"
    R"("descending":true,"explanation":"mean temperature per sensor"})";
constexpr const char* kInsight =
    R"({"insight": "A temperatura média varia entre os sensores; S08 é o mais quente."})";

std::string LastUser(const nlohmann::json& request) {
  const auto& m = request["messages"];
  for (size_t i = m.size(); i-- > 0;) {
    if (m[i]["role"] == "user") return m[i]["content"].get<std::string>();
  }
  return {};
}

class ModelTest : public ::testing::Test {
 protected:
  // The demo data is generated once; each test opens a copy with its own model settings.
  static void SetUpTestSuite() {
    seed_ = new testing::TempDir();
    auto app = App::Open(testing::TestConfig(seed_->path()));
    ASSERT_TRUE(app) << app.error().ToText();
    ASSERT_TRUE(demo::Generate((*app)->pool(), (*app)->catalog(), {}));
  }
  static void TearDownTestSuite() { delete seed_; }

  void Open(const std::function<void(LlmConfig&)>& tweak = {}) {
    app_ = std::make_unique<testing::TestApp>(
        [&](Config& c) {
          c.llm.base_url = model_.base_url();
          c.llm.model = "test-model";
          c.llm.timeout_ms = 2000;
          c.llm.max_retries = 1;
          c.llm.sql_attempts = 3;
          c.llm.insight_timeout_ms = 1000;
          c.ask.engine = Engine::kLlm;
          if (tweak) tweak(c.llm);
        },
        seed_->path());
  }
  Answer Ask(const std::string& question) {
    auto a = (*app_)->ask().Ask({.question = question});
    EXPECT_TRUE(a) << a.error().ToText();
    return a ? std::move(*a) : Answer{};
  }
  static bool Warned(const Answer& a, const std::string& text) {
    for (const auto& w : a.warnings) {
      if (w.find(text) != std::string::npos) return true;
    }
    return false;
  }

  static testing::TempDir* seed_;
  testing::ScriptedModel model_;
  std::unique_ptr<testing::TestApp> app_;
};

testing::TempDir* ModelTest::seed_ = nullptr;

TEST_F(ModelTest, RequestShapeSchemaContextAndAnswer) {
  Open();
  model_.Push({.content = kGoodPlan});
  model_.Push({.content = kInsight});
  const Answer a = Ask("Qual a temperatura média de cada sensor?");
  EXPECT_EQ(a.engine, Engine::kLlm);
  EXPECT_EQ(a.model, "test-model@" + model_.base_url());
  EXPECT_EQ(a.insight_engine, Engine::kLlm);
  EXPECT_EQ(a.insight, "A temperatura média varia entre os sensores; S08 é o mais quente.");
  EXPECT_EQ(a.plan.shape, nlq::Shape::kGrouped);
  EXPECT_EQ(a.result.rows.size(), 8u);
  EXPECT_TRUE(a.warnings.empty()) << a.warnings[0];

  const auto requests = model_.requests();
  ASSERT_EQ(requests.size(), 2u);
  const auto& plan = requests[0];
  EXPECT_EQ(plan["model"], "test-model");
  EXPECT_EQ(plan["stream"], true);
  EXPECT_EQ(plan["temperature"], 0);
  EXPECT_EQ(plan["response_format"]["type"], "json_object");
  EXPECT_EQ(plan["messages"][0]["role"], "system");
  EXPECT_THAT(plan["messages"][0]["content"].get<std::string>(), HasSubstr("JSON"));
  // Few-shot examples precede the question.
  EXPECT_GE(plan["messages"].size(), 8u);
  const std::string context = LastUser(plan);
  EXPECT_THAT(context, HasSubstr("Table \"leituras_sensores\""));
  EXPECT_THAT(context, HasSubstr("\"temperatura\" DOUBLE"));
  EXPECT_THAT(context, HasSubstr("'S01'"));  // sample values
  EXPECT_THAT(context, HasSubstr("Qual a temperatura média de cada sensor?"));
  // The insight request carries the statistics, not the data.
  EXPECT_THAT(LastUser(requests[1]), HasSubstr("\"groups\""));
}

TEST_F(ModelTest, RetriesServerErrorsAndTimeouts) {
  Open([](LlmConfig& l) {
    l.timeout_ms = 400;
    l.max_retries = 2;
  });
  model_.Push({.status = 503});
  model_.Push({.content = kGoodPlan, .delay_ms = 1500});  // too slow: times out, retried
  model_.Push({.content = kGoodPlan});
  model_.Push({.content = kInsight});
  const Answer a = Ask("Qual a temperatura média de cada sensor?");
  EXPECT_EQ(a.engine, Engine::kLlm);
  EXPECT_EQ(a.model, "test-model@" + model_.base_url());
  EXPECT_EQ(model_.calls(), 4u);
}

TEST_F(ModelTest, CorrectionLoopFeedsTheErrorBack) {
  Open();
  model_.Push(
      {.content =
           R"({"table":"leituras_sensores","shape":"scalar","aggregate":"mean","measure":"temperature_c"})"});
  model_.Push({.content = kGoodPlan});
  model_.Push({.content = kInsight});
  const Answer a = Ask("Qual a temperatura média de cada sensor?");
  EXPECT_EQ(a.engine, Engine::kLlm);
  EXPECT_EQ(a.model, "test-model@" + model_.base_url());
  EXPECT_TRUE(Warned(a, "corrigiu o seu plano"));
  const auto requests = model_.requests();
  ASSERT_GE(requests.size(), 2u);
  EXPECT_THAT(LastUser(requests[1]), HasSubstr("there is no column temperature_c"));
  // The failed reply is in the conversation.
  const auto& m = requests[1]["messages"];
  EXPECT_EQ(m[m.size() - 2]["role"], "assistant");
}

TEST_F(ModelTest, GuardRefusalIsFedBackToo) {
  Open();
  // Strict policy: an aggregate subquery in the condition is refused by the SQL guard.
  model_.Push(
      {.content =
           R"({"table":"leituras_sensores","shape":"describe","measure":"leituras_sensores.temperatura",)"
           R"J("where":"\"leituras_sensores\".\"temperatura\" > (SELECT avg(temperatura) FROM leituras_sensores)"})J"});
  model_.Push({.content = kGoodPlan});
  model_.Push({.content = kInsight});
  const Answer a = Ask("temperaturas acima da média por sensor");
  EXPECT_EQ(a.engine, Engine::kLlm);
  EXPECT_EQ(a.model, "test-model@" + model_.base_url());
  const auto requests = model_.requests();
  ASSERT_GE(requests.size(), 2u);
  EXPECT_THAT(LastUser(requests[1]), HasSubstr("strict"));
}

TEST_F(ModelTest, HostileConditionNeverRuns) {
  Open([](LlmConfig& l) { l.sql_attempts = 2; });
  model_.Push(
      {.content =
           R"J({"table":"leituras_sensores","shape":"rows","where":"1=1); DROP TABLE leituras_sensores; --"})J"});
  model_.Push(
      {.content =
           R"J({"table":"leituras_sensores","shape":"rows","where":"\"sensor\" IN (SELECT * FROM read_csv('/etc/passwd'))"})J"});
  const Answer a = Ask("Qual a temperatura média de cada sensor?");
  EXPECT_EQ(a.engine, Engine::kBuiltin);
  EXPECT_TRUE(Warned(a, "em 2 tentativa"));
  auto still =
      (*app_)->ask().Ask({.question = "quantas leituras existem?", .engine = Engine::kBuiltin});
  ASSERT_TRUE(still);
  EXPECT_EQ(std::get<int64_t>(*still->value), 92160);
}

TEST_F(ModelTest, GarbageGivesTheBuiltinAnswerWithAWarning) {
  Open();
  model_.SetFallback({.content = "I am sorry, I cannot produce JSON today."});
  const Answer a = Ask("Qual a temperatura média de cada sensor?");
  EXPECT_EQ(a.engine, Engine::kBuiltin);
  EXPECT_EQ(a.status, AnswerStatus::kOk);
  EXPECT_EQ(a.result.rows.size(), 8u);
  EXPECT_TRUE(Warned(a, "em 3 tentativa"));
  EXPECT_EQ(model_.calls(), 3u);
}

TEST_F(ModelTest, NotAChatCompletionFallsBack) {
  Open();
  model_.SetFallback({.raw_body = "<html>proxy error</html>"});
  const Answer a = Ask("Qual a temperatura média de cada sensor?");
  EXPECT_EQ(a.engine, Engine::kBuiltin);
  EXPECT_TRUE(Warned(a, "o modelo falhou"));
}

TEST_F(ModelTest, ModelDownFallsBack) {
  Open([](LlmConfig& l) {
    l.base_url = "http://127.0.0.1:9/v1";  // nothing listens on the discard port
    l.connect_timeout_ms = 300;
    l.max_retries = 0;
  });
  const Answer a = Ask("Qual a temperatura média de cada sensor?");
  EXPECT_EQ(a.engine, Engine::kBuiltin);
  EXPECT_TRUE(Warned(a, "cannot reach the model endpoint"));
}

TEST_F(ModelTest, StalledStreamFallsBack) {
  Open([](LlmConfig& l) {
    l.stall_ms = 500;
    l.timeout_ms = 10000;
    l.max_retries = 0;
  });
  model_.SetFallback({.content = kGoodPlan, .delay_ms = 3000, .stall_after = 2});
  const Answer a = Ask("Qual a temperatura média de cada sensor?");
  EXPECT_EQ(a.engine, Engine::kBuiltin);
  EXPECT_TRUE(Warned(a, "stalled"));
}

TEST_F(ModelTest, DeclineStopsAsking) {
  Open();
  model_.Push({.content = R"({"error": "the data has no prices"})"});
  const Answer a = Ask("Qual a temperatura média de cada sensor?");
  EXPECT_EQ(a.engine, Engine::kBuiltin);
  EXPECT_EQ(model_.calls(), 1u);
  EXPECT_TRUE(Warned(a, "the data has no prices"));
}

TEST_F(ModelTest, SlowOrBadInsightUsesTheBuiltinText) {
  Open([](LlmConfig& l) {
    l.insight_timeout_ms = 300;
    l.max_retries = 0;
  });
  model_.Push({.content = kGoodPlan});
  model_.Push({.content = kInsight, .delay_ms = 1500});
  const Answer a = Ask("Qual a temperatura média de cada sensor?");
  EXPECT_EQ(a.engine, Engine::kLlm);
  EXPECT_EQ(a.model, "test-model@" + model_.base_url());
  EXPECT_EQ(a.insight_engine, Engine::kBuiltin);
  EXPECT_THAT(a.insight, HasSubstr("S08"));
  EXPECT_TRUE(Warned(a, "o texto do modelo falhou"));

  model_.Push({.content = kGoodPlan});
  model_.Push({.content = "```json\n{}\n```"});
  const Answer b = Ask("Qual a temperatura média de cada sensor?");
  EXPECT_EQ(b.insight_engine, Engine::kBuiltin);
}

TEST_F(ModelTest, ExplainUsesTheModelPlan) {
  Open();
  model_.Push({.content = kGoodPlan});
  auto read = (*app_)->ask().Interpret({.question = "temperatura por sensor"});
  ASSERT_TRUE(read) << read.error().ToText();
  EXPECT_EQ(read->engine, Engine::kLlm);
  EXPECT_EQ(read->model, "test-model@" + model_.base_url());
  EXPECT_THAT(read->plan.answer_sql, HasSubstr("avg("));
}

}  // namespace
}  // namespace sagaz::ask
