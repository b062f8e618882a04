// The prompt studio against the real binary: prompts and versions over HTTP, rendering errors that
// name the variables, runs refused without a model and answered by a scripted OpenAI-compatible
// model, run history, test cases and a run of all of them; and the CLI.
#include <gtest/gtest.h>
#include <httplib.h>

#include <nlohmann/json.hpp>

#include "support/scripted_model.hpp"
#include "support/support.hpp"

namespace sagaz {
namespace {

using json = nlohmann::json;

const char* kPrompt = R"({
  "name": "resposta-cliente",
  "description": "Responde a um cliente",
  "system": "Você atende clientes da {{loja}}.",
  "template": "Cliente: {{cliente}} ({{pedidos}} pedidos). Pergunta: {{pergunta}}",
  "variables": [{"name": "loja"}, {"name": "cliente"},
                {"name": "pedidos", "type": "integer"}, {"name": "pergunta"}],
  "temperature": 0.3, "max_tokens": 300
})";

const char* kValues = R"({"loja": "Loja X", "cliente": "Ana", "pedidos": 3,
                         "pergunta": "Quando chega meu pedido?"})";

TEST(PromptsIntegrationTest, CrudVersionsRenderAndRefusalWithoutModel) {
  testing::ServerProcess server;
  auto c = server.Client();

  auto created = c.Post("/api/v1/prompts", kPrompt, "application/json");
  ASSERT_TRUE(created);
  ASSERT_EQ(created->status, 201) << created->body;
  const json p = json::parse(created->body);
  const std::string id = p["id"];
  EXPECT_EQ(p["version"]["number"], 1);
  EXPECT_EQ(p["version"]["variables"][2]["type"], "integer");
  EXPECT_EQ(p["owner"], testing::kAdminUser);

  testing::ExpectError(c.Post("/api/v1/prompts", kPrompt, "application/json"), 409,
                       "already_exists");
  testing::ExpectError(c.Post("/api/v1/prompts", R"({"name": "x", "template": "t", "colour": 1})",
                              "application/json"),
                       400, "invalid_argument");

  auto list = c.Get("/api/v1/prompts");
  ASSERT_TRUE(list);
  EXPECT_EQ(json::parse(list->body)["items"].size(), 1u);

  // A new version; the first stays readable.
  json update = json::parse(kPrompt);
  update["template"] = "Cliente {{cliente}} ({{pedidos}} pedidos) pergunta: {{pergunta}}";
  update["note"] = "mais curto";
  auto put = c.Put("/api/v1/prompts/" + id, update.dump(), "application/json");
  ASSERT_TRUE(put);
  ASSERT_EQ(put->status, 200) << put->body;
  EXPECT_EQ(json::parse(put->body)["version"]["number"], 2);
  auto versions = c.Get("/api/v1/prompts/" + id + "/versions");
  ASSERT_TRUE(versions);
  EXPECT_EQ(json::parse(versions->body)["items"].size(), 2u);
  auto v1 = c.Get("/api/v1/prompts/" + id + "/versions/1");
  ASSERT_TRUE(v1);
  EXPECT_EQ(json::parse(v1->body)["note"], "");
  testing::ExpectError(c.Get("/api/v1/prompts/" + id + "/versions/9"), 404, "not_found");

  // Rendering needs no model; missing, unknown and mistyped variables are named.
  auto render =
      c.Post("/api/v1/prompts/" + id + "/render",
             std::string(R"({"version": 1, "variables": )") + kValues + "}", "application/json");
  ASSERT_TRUE(render);
  ASSERT_EQ(render->status, 200) << render->body;
  const json r = json::parse(render->body);
  EXPECT_EQ(r["system"], "Você atende clientes da Loja X.");
  EXPECT_EQ(r["user"], "Cliente: Ana (3 pedidos). Pergunta: Quando chega meu pedido?");
  auto bad = c.Post("/api/v1/prompts/" + id + "/render",
                    R"({"variables": {"cliente": "Ana", "pedidos": "três", "cor": "azul"}})",
                    "application/json");
  testing::ExpectError(bad, 400, "invalid_argument");
  const std::string message = json::parse(bad->body)["error"]["message"];
  EXPECT_NE(message.find("missing variables: loja, pergunta"), std::string::npos) << message;
  EXPECT_NE(message.find("unknown variables: cor"), std::string::npos);
  EXPECT_NE(message.find("pedidos (integer, got text)"), std::string::npos);

  // No model configured: a clear refusal, nothing recorded.
  auto run = c.Post("/api/v1/prompts/" + id + "/runs",
                    std::string(R"({"variables": )") + kValues + "}", "application/json");
  testing::ExpectError(run, 412, "failed_precondition");
  EXPECT_NE(run->body.find("llm.base_url"), std::string::npos);
  auto runs = c.Get("/api/v1/prompts/" + id + "/runs");
  ASSERT_TRUE(runs);
  EXPECT_TRUE(json::parse(runs->body)["items"].empty());

  auto del = c.Delete("/api/v1/prompts/" + id);
  ASSERT_TRUE(del);
  EXPECT_EQ(del->status, 204);
  testing::ExpectError(c.Get("/api/v1/prompts/" + id), 404, "not_found");
  EXPECT_EQ(server.Stop(), 0);
}

TEST(PromptsIntegrationTest, RunsAndTestsAgainstAModel) {
  testing::ScriptedModel model;
  model.SetFallback({.content = "Seu pedido chega em 3 dias úteis."});
  testing::ServerProcess server(
      {.config_toml = "[llm]\nbase_url = \"" + model.base_url() + "\"\nmodel = \"scripted\"\n"});
  auto c = server.Client();
  auto created = c.Post("/api/v1/prompts", kPrompt, "application/json");
  ASSERT_TRUE(created);
  ASSERT_EQ(created->status, 201) << created->body;
  const std::string id = json::parse(created->body)["id"];

  auto run = c.Post("/api/v1/prompts/resposta-cliente/runs",
                    std::string(R"({"variables": )") + kValues + "}", "application/json");
  ASSERT_TRUE(run);
  ASSERT_EQ(run->status, 201) << run->body;
  const json out = json::parse(run->body);
  EXPECT_EQ(out["output"], "Seu pedido chega em 3 dias úteis.");
  EXPECT_EQ(out["status"], "succeeded");
  EXPECT_GT(out["latency_ms"].get<double>(), 0);
  const auto requests = model.requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0]["messages"][1]["content"],
            "Cliente: Ana (3 pedidos). Pergunta: Quando chega meu pedido?");

  auto test1 = c.Post("/api/v1/prompts/" + id + "/tests",
                      std::string(R"({"name": "prazo", "variables": )") + kValues +
                          R"(, "expect": [{"kind": "contains", "value": "dias uteis"},
                                          {"kind": "max_chars", "value": 200}]})",
                      "application/json");
  ASSERT_TRUE(test1);
  ASSERT_EQ(test1->status, 201) << test1->body;
  auto test2 = c.Post("/api/v1/prompts/" + id + "/tests",
                      std::string(R"({"name": "json", "variables": )") + kValues +
                          R"(, "expect": [{"kind": "json"}]})",
                      "application/json");
  ASSERT_TRUE(test2);
  ASSERT_EQ(test2->status, 201) << test2->body;
  testing::ExpectError(
      c.Post("/api/v1/prompts/" + id + "/tests",
             R"({"name": "x", "expect": [{"kind": "regex", "value": "a"}]})", "application/json"),
      400, "invalid_argument");

  auto report = c.Post("/api/v1/prompts/" + id + "/tests/run", "", "application/json");
  ASSERT_TRUE(report);
  ASSERT_EQ(report->status, 200) << report->body;
  const json rep = json::parse(report->body);
  EXPECT_EQ(rep["cases"], 2);
  EXPECT_EQ(rep["passed"], 1);
  EXPECT_EQ(rep["failed"], 1);
  EXPECT_EQ(rep["runs"][1]["checks"][0]["passed"], false);

  auto history = c.Get("/api/v1/prompts/" + id + "/runs?limit=10");
  ASSERT_TRUE(history);
  EXPECT_EQ(json::parse(history->body)["items"].size(), 3u);
  EXPECT_EQ(server.Stop(), 0);
}

TEST(PromptsIntegrationTest, Cli) {
  testing::TempDir dir;
  const std::vector<std::string> global = {"--data-dir", (dir / "data").string()};
  auto run = [&](std::vector<std::string> args) {
    args.insert(args.begin(), global.begin(), global.end());
    return testing::RunSagaz(args);
  };
  auto create = run({"prompts", "create", "resumo", "--template",
                     "Resuma em {{n}} frases: {{texto}}", "--var", "n:integer", "--var", "texto"});
  ASSERT_EQ(create.exit_code, 0) << create.err;
  auto render = run({"--json", "prompts", "render", "resumo", "--set", "n=2", "--set",
                     "texto=O pedido atrasou."});
  ASSERT_EQ(render.exit_code, 0) << render.err;
  EXPECT_EQ(json::parse(render.out)["user"], "Resuma em 2 frases: O pedido atrasou.");
  auto mistyped = run({"prompts", "render", "resumo", "--set", "n=duas", "--set", "texto=x"});
  EXPECT_NE(mistyped.exit_code, 0);
  EXPECT_NE(mistyped.err.find("n (integer, got text)"), std::string::npos) << mistyped.err;

  auto update = run({"prompts", "update", "resumo", "--template",
                     "Resuma {{texto}} em {{n}} frases", "--note", "ordem"});
  ASSERT_EQ(update.exit_code, 0) << update.err;
  auto versions = run({"--json", "prompts", "versions", "resumo"});
  ASSERT_EQ(versions.exit_code, 0) << versions.err;
  const json v = json::parse(versions.out)["items"];
  ASSERT_EQ(v.size(), 2u);
  EXPECT_EQ(v[0]["variables"][1]["type"], "integer");  // kept from version 1

  auto refused = run({"prompts", "run", "resumo", "--set", "n=1", "--set", "texto=x"});
  EXPECT_NE(refused.exit_code, 0);
  EXPECT_NE(refused.err.find("llm.base_url"), std::string::npos) << refused.err;

  auto del = run({"prompts", "delete", "resumo"});
  EXPECT_EQ(del.exit_code, 0) << del.err;
}

}  // namespace
}  // namespace sagaz
