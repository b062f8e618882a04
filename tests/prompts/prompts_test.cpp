// Prompt studio: templates (placeholders, typed values, every error named), versions, runs against
// a scripted OpenAI-compatible model, refusal without a model, test cases and their checks.
#include "prompts/prompts.hpp"

#include <gtest/gtest.h>

#include "app/app.hpp"
#include "support/scripted_model.hpp"
#include "support/support.hpp"

namespace sagaz::prompts {
namespace {

Version V(std::string text, std::vector<Variable> vars, std::string system = "") {
  Version v;
  v.number = 1;
  v.text = std::move(text);
  v.system = std::move(system);
  v.variables = std::move(vars);
  return v;
}

TEST(TemplateTest, FindsPlaceholdersInOrderOnce) {
  auto names = Placeholders("Olá {{cliente}}, sobre {{ pergunta }}: {{cliente}} {x} }}");
  ASSERT_TRUE(names) << names.error().ToText();
  EXPECT_EQ(*names, (std::vector<std::string>{"cliente", "pergunta"}));
  EXPECT_TRUE(Placeholders("no placeholders at all")->empty());
}

TEST(TemplateTest, RejectsMalformedPlaceholders) {
  for (std::string_view bad :
       {"{{}}", "{{ a b }}", "{{1x}}", "open {{name", "{{a\n}}", "{{a-b}}"}) {
    auto r = Placeholders(bad);
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  }
}

TEST(TemplateTest, RendersTypedValues) {
  const auto v = V("{{n}} itens de {{nome}} a {{preco}} (ativo: {{ativo}})",
                   {{"n", VariableType::kInteger, ""},
                    {"nome", VariableType::kText, ""},
                    {"preco", VariableType::kNumber, ""},
                    {"ativo", VariableType::kBoolean, ""}},
                   "Você é {{nome}}.");
  auto r = RenderTemplate(
      v, {{"n", int64_t{3}}, {"nome", std::string("Ana")}, {"preco", 9.5}, {"ativo", true}});
  ASSERT_TRUE(r) << r.error().ToText();
  EXPECT_EQ(r->user, "3 itens de Ana a 9.5 (ativo: true)");
  EXPECT_EQ(r->system, "Você é Ana.");
  // An integer is a number too.
  EXPECT_TRUE(RenderTemplate(
      v,
      {{"n", int64_t{3}}, {"nome", std::string("Ana")}, {"preco", int64_t{9}}, {"ativo", false}}));
}

TEST(TemplateTest, NamesEveryMissingUnknownAndMistypedVariable) {
  const auto v = V("{{a}} {{b}} {{c}}", {{"a", VariableType::kText, ""},
                                         {"b", VariableType::kInteger, ""},
                                         {"c", VariableType::kText, ""}});
  auto r = RenderTemplate(v, {{"b", std::string("três")}, {"z", std::string("?")}});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(r.error().message.find("missing variables: a, c"), std::string::npos)
      << r.error().message;
  EXPECT_NE(r.error().message.find("unknown variables: z"), std::string::npos);
  EXPECT_NE(r.error().message.find("b (integer, got text)"), std::string::npos);
}

TEST(TemplateTest, ChecksExpectations) {
  const std::vector<Expectation> expect = {{ExpectKind::kContains, "reembolso"},
                                           {ExpectKind::kNotContains, "desculpe"},
                                           {ExpectKind::kMaxChars, "40"},
                                           {ExpectKind::kJson, ""}};
  auto checks = Check(expect, "O REEMBOLSO leva 10 dias");
  ASSERT_EQ(checks.size(), 4u);
  EXPECT_TRUE(checks[0].passed);
  EXPECT_TRUE(checks[1].passed);
  EXPECT_TRUE(checks[2].passed);
  EXPECT_FALSE(checks[3].passed);
  EXPECT_FALSE(checks[3].detail.empty());
  checks = Check({{ExpectKind::kJson, ""}, {ExpectKind::kEquals, "Sim"}},
                 "```json\n{\"ok\": true}\n```");
  EXPECT_TRUE(checks[0].passed);
  EXPECT_FALSE(checks[1].passed);
  EXPECT_TRUE(Check({{ExpectKind::kEquals, "sim"}}, "  Sím \n")[0].passed);
  // max_chars counts characters, not bytes.
  EXPECT_TRUE(Check({{ExpectKind::kMaxChars, "3"}}, "ção")[0].passed);
}

class PromptServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    app_ = std::make_unique<testing::TestApp>([this](Config& c) {
      c.llm.base_url = model_.base_url();
      c.llm.model = "scripted";
    });
  }
  PromptService& studio() { return (*app_)->prompts(); }

  Prompt CreateSummary() {
    auto p = studio().Create(
        "ana", {.name = "resumo",
                .description = "Resume um texto",
                .system = "Você resume textos de {{cliente}}.",
                .text = "Resuma em {{frases}} frases: {{texto}}",
                .variables = std::vector<Variable>{{"cliente", VariableType::kText, "quem pede"},
                                                   {"frases", VariableType::kInteger, ""},
                                                   {"texto", VariableType::kText, ""}},
                .params = {.temperature = 0.2, .max_tokens = 200}});
    EXPECT_TRUE(p) << p.error().ToText();
    return *p;
  }

  testing::ScriptedModel model_;
  std::unique_ptr<testing::TestApp> app_;
};

TEST_F(PromptServiceTest, CreateListGetUpdateDelete) {
  const auto p = CreateSummary();
  EXPECT_EQ(p.latest.number, 1);
  EXPECT_EQ(p.versions, 1);
  EXPECT_EQ(p.owner, "ana");
  EXPECT_EQ(p.latest.variables.size(), 3u);

  // By name too.
  auto byname = studio().Get("resumo");
  ASSERT_TRUE(byname);
  EXPECT_EQ(byname->id, p.id);

  // Same name again.
  auto dup = studio().Create("ana", {.name = "resumo", .text = "x"});
  ASSERT_FALSE(dup);
  EXPECT_EQ(dup.error().code, ErrorCode::kAlreadyExists);

  // A save that changes the template is a new version; the old one stays readable.
  PromptSpec spec{.name = "resumo",
                  .description = "Resume um texto",
                  .system = "Você resume textos de {{cliente}}.",
                  .text = "Resuma em até {{frases}} frases: {{texto}}",
                  .variables = p.latest.variables,
                  .params = p.latest.params,
                  .note = "até"};
  auto v2 = studio().Update("bia", p.id, spec);
  ASSERT_TRUE(v2) << v2.error().ToText();
  EXPECT_EQ(v2->latest.number, 2);
  EXPECT_EQ(v2->versions, 2);
  EXPECT_EQ(v2->latest.author, "bia");
  // Saving the same content again adds nothing.
  auto same = studio().Update("bia", p.id, spec);
  ASSERT_TRUE(same);
  EXPECT_EQ(same->latest.number, 2);

  auto versions = studio().Versions(p.id);
  ASSERT_TRUE(versions);
  ASSERT_EQ(versions->size(), 2u);
  EXPECT_EQ((*versions)[0].number, 2);
  auto v1 = studio().GetVersion(p.id, 1);
  ASSERT_TRUE(v1);
  EXPECT_EQ(v1->text, "Resuma em {{frases}} frases: {{texto}}");
  EXPECT_EQ(studio().GetVersion(p.id, 7).error().code, ErrorCode::kNotFound);

  auto list = studio().List();
  ASSERT_TRUE(list);
  ASSERT_EQ(list->size(), 1u);

  ASSERT_TRUE(studio().Delete(p.id));
  EXPECT_EQ(studio().Get(p.id).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(studio().Delete(p.id).error().code, ErrorCode::kNotFound);
  EXPECT_TRUE(studio().List()->empty());
}

TEST_F(PromptServiceTest, VariablesMustMatchPlaceholders) {
  auto undeclared = studio().Create(
      "ana", {.name = "a", .text = "{{x}} {{y}}", .variables = std::vector<Variable>{{"x"}}});
  ASSERT_FALSE(undeclared);
  EXPECT_NE(undeclared.error().message.find("not declared: y"), std::string::npos);
  auto unused = studio().Create(
      "ana", {.name = "a", .text = "{{x}}", .variables = std::vector<Variable>{{"x"}, {"z"}}});
  ASSERT_FALSE(unused);
  EXPECT_NE(unused.error().message.find("does not use: z"), std::string::npos);
  EXPECT_FALSE(studio().Create("ana", {.name = "a", .text = "   "}));
  EXPECT_FALSE(studio().Create("ana", {.name = "", .text = "x"}));
  EXPECT_FALSE(studio().Create("ana", {.name = "a", .text = "{{ bad name }}"}));
  // Without declarations every placeholder is a text variable.
  auto inferred = studio().Create("ana", {.name = "a", .text = "{{x}} e {{y}}"});
  ASSERT_TRUE(inferred) << inferred.error().ToText();
  ASSERT_EQ(inferred->latest.variables.size(), 2u);
  EXPECT_EQ(inferred->latest.variables[1].type, VariableType::kText);
}

TEST_F(PromptServiceTest, RunsAgainstTheModelAndKeepsHistory) {
  const auto p = CreateSummary();
  model_.Push({.content = "Um resumo curto."});
  auto run = studio().Run("ana", p.id,
                          {.variables = {{"cliente", std::string("Loja X")},
                                         {"frases", int64_t{2}},
                                         {"texto", std::string("Texto longo...")}}});
  ASSERT_TRUE(run) << run.error().ToText();
  EXPECT_EQ(run->output, "Um resumo curto.");
  EXPECT_EQ(run->status, RunStatus::kSucceeded);
  EXPECT_EQ(run->version, 1);
  EXPECT_NE(run->model.find("scripted"), std::string::npos);
  // The model saw the rendered system and user parts and the version's parameters.
  const auto requests = model_.requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0]["messages"][0]["content"], "Você resume textos de Loja X.");
  EXPECT_EQ(requests[0]["messages"][1]["content"], "Resuma em 2 frases: Texto longo...");
  EXPECT_EQ(requests[0]["max_tokens"], 200);
  EXPECT_DOUBLE_EQ(requests[0]["temperature"].get<double>(), 0.2);

  // Bad variables: refused before the model is called, nothing recorded.
  auto bad = studio().Run("ana", p.id, {.variables = {{"frases", std::string("duas")}}});
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(model_.calls(), 1u);

  // A model failure is recorded as a failed run and returned as the error.
  model_.Push({.status = 400, .raw_body = R"({"error": {"message": "bad request"}})"});
  auto failed = studio().Run(
      "ana", p.id,
      {.variables = {
           {"cliente", std::string("Y")}, {"frases", int64_t{1}}, {"texto", std::string("t")}}});
  ASSERT_FALSE(failed);
  EXPECT_FALSE(failed.error().details.empty());

  auto history = studio().Runs(p.id, 10);
  ASSERT_TRUE(history) << history.error().ToText();
  ASSERT_EQ(history->size(), 2u);
  int succeeded = 0;
  for (const auto& r : *history) succeeded += r.status == RunStatus::kSucceeded;
  EXPECT_EQ(succeeded, 1);
}

TEST_F(PromptServiceTest, TestCasesRunAndCheck) {
  const auto p = CreateSummary();
  auto bad = studio().AddTest(p.id, {.name = "falta", .variables = {{"texto", std::string("x")}}});
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("missing variables: cliente, frases"), std::string::npos);

  const Values values = {{"cliente", std::string("Loja")},
                         {"frases", int64_t{1}},
                         {"texto", std::string("O reembolso leva 10 dias.")}};
  auto t1 = studio().AddTest(
      p.id,
      {.name = "cita prazo", .variables = values, .expect = {{ExpectKind::kContains, "10 dias"}}});
  ASSERT_TRUE(t1) << t1.error().ToText();
  auto t2 = studio().AddTest(
      p.id, {.name = "curto", .variables = values, .expect = {{ExpectKind::kMaxChars, "10"}}});
  ASSERT_TRUE(t2);
  EXPECT_EQ(studio().Tests(p.id)->size(), 2u);

  model_.SetFallback({.content = "Reembolso em 10 dias."});
  auto report = studio().RunTests("ana", p.id, {});
  ASSERT_TRUE(report) << report.error().ToText();
  EXPECT_EQ(report->cases, 2);
  EXPECT_EQ(report->passed, 1);
  EXPECT_EQ(report->failed, 1);
  ASSERT_EQ(report->runs.size(), 2u);
  EXPECT_TRUE(*report->runs[0].passed);
  EXPECT_FALSE(*report->runs[1].passed);
  EXPECT_EQ(report->runs[1].test_id, t2->id);
  EXPECT_EQ(studio().Runs(p.id, 10)->size(), 2u);

  ASSERT_TRUE(studio().DeleteTest(p.id, t2->id));
  EXPECT_EQ(studio().DeleteTest(p.id, t2->id).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(studio().Tests(p.id)->size(), 1u);
}

TEST(PromptNoModelTest, RunIsRefusedNamingTheSettings) {
  testing::TestApp app;
  auto p = app->prompts().Create("ana", {.name = "x", .text = "Olá {{nome}}"});
  ASSERT_TRUE(p);
  // Rendering needs no model.
  auto r = app->prompts().Render(p->id, 0, {{"nome", std::string("Ana")}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->user, "Olá Ana");
  auto run = app->prompts().Run("ana", p->id, {.variables = {{"nome", std::string("Ana")}}});
  ASSERT_FALSE(run);
  EXPECT_EQ(run.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_NE(run.error().message.find("llm.base_url"), std::string::npos);
  EXPECT_TRUE(app->prompts().Runs(p->id, 10)->empty());
}

}  // namespace
}  // namespace sagaz::prompts
