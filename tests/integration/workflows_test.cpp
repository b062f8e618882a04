// Workflows and agents against the real binary: definitions over HTTP with errors that point at
// the step and field, runs as jobs (conditions, reports, cancel, re-run from a step), the shipped
// examples on the demo data, a run resumed after kill -9, the CLI; agents driven by the scripted
// OpenAI-compatible model (tool calls, bad arguments, the step limit, a model that goes down) and
// the builtin agent without a model.
#include <gtest/gtest.h>
#include <httplib.h>

#include <atomic>
#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

#include "support/scripted_model.hpp"
#include "support/support.hpp"

namespace sagaz {
namespace {

using json = nlohmann::json;

json WaitForRun(httplib::Client& c, const std::string& location, int seconds = 120) {
  json run;
  for (int i = 0; i < seconds * 10; ++i) {
    auto r = c.Get(location);
    if (r && r->status == 200) {
      run = json::parse(r->body);
      const std::string s = run["status"];
      if (s == "succeeded" || s == "failed" || s == "cancelled") return run;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ADD_FAILURE() << "the run did not finish: " << run.dump();
  return run;
}

json StartRun(httplib::Client& c, const std::string& workflow, const json& body = json::object()) {
  auto r = c.Post("/api/v1/workflows/" + workflow + "/runs", body.dump(), "application/json");
  EXPECT_TRUE(r);
  if (!r) return {};
  EXPECT_EQ(r->status, 202) << r->body;
  return json::parse(r->body);
}

const json* Step(const json& run, const std::string& id) {
  for (const auto& s : run["steps"])
    if (s["id"] == id) return &s;
  return nullptr;
}

const char* kDefinition = R"({
  "name": "contagem",
  "description": "conta pedidos e escreve um relatório",
  "vars": {"status": "Cancelled", "min": 1},
  "steps": [
    {"id": "count", "kind": "sql",
     "inputs": {"sql": "SELECT count(*) AS n FROM orders WHERE status = '${vars.status}'"}},
    {"id": "big", "kind": "report", "when": "steps.count.output.rows[0][0] >= vars.min",
     "inputs": {"name": "contagem", "title": "Pedidos ${vars.status}",
                "markdown": "Total: ${steps.count.output.rows[0][0]}", "format": "both"}},
    {"id": "small", "kind": "report", "when": "steps.count.output.rows[0][0] < vars.min",
     "inputs": {"markdown": "poucos"}}
  ]
})";

TEST(WorkflowsIntegrationTest, DefinitionsRunsExamplesAndCli) {
  testing::ServerProcess server({.demo = true});
  auto c = server.Client();

  // Validation errors point at the step and field.
  json bad = json::parse(kDefinition);
  bad["steps"][1]["when"] = "steps.count.output.rows >";
  auto refused = c.Post("/api/v1/workflows", bad.dump(), "application/json");
  testing::ExpectError(refused, 400, "invalid_argument");
  const json err = json::parse(refused->body)["error"];
  EXPECT_EQ(err["details"]["step"], "big") << err.dump();
  EXPECT_EQ(err["details"]["field"], "when");
  bad = json::parse(kDefinition);
  bad["steps"][0]["inputs"]["colour"] = "red";
  refused = c.Post("/api/v1/workflows", bad.dump(), "application/json");
  testing::ExpectError(refused, 400, "invalid_argument");
  EXPECT_EQ(json::parse(refused->body)["error"]["details"]["field"], "inputs.colour");

  auto created = c.Post("/api/v1/workflows", kDefinition, "application/json");
  ASSERT_TRUE(created);
  ASSERT_EQ(created->status, 201) << created->body;
  const std::string id = json::parse(created->body)["id"];
  testing::ExpectError(c.Post("/api/v1/workflows", kDefinition, "application/json"), 409,
                       "already_exists");

  // The shipped examples are there, with the one just made.
  auto list = c.Get("/api/v1/workflows");
  ASSERT_TRUE(list);
  ASSERT_EQ(list->status, 200) << list->body;
  std::set<std::string> names;
  const json listed = json::parse(list->body);
  for (const auto& w : listed["items"]) names.insert(w["name"]);
  EXPECT_TRUE(names.contains("resumo-semanal-comentarios"));
  EXPECT_TRUE(names.contains("resumo-diario-metricas"));
  EXPECT_TRUE(names.contains("relatorio-previsao"));
  EXPECT_TRUE(names.contains("contagem"));

  // A run: the condition picks one report.
  json run = StartRun(c, id);
  run = WaitForRun(c, "/api/v1/workflows/" + id + "/runs/" + run["id"].get<std::string>());
  ASSERT_EQ(run["status"], "succeeded") << run.dump(2);
  EXPECT_EQ((*Step(run, "big"))["status"], "succeeded");
  EXPECT_EQ((*Step(run, "small"))["status"], "skipped");
  const auto& files = (*Step(run, "big"))["output"]["files"];
  ASSERT_EQ(files.size(), 2u);
  EXPECT_TRUE(
      std::filesystem::exists(server.root() / "data" / files[0]["path"].get<std::string>()));
  EXPECT_GT((*Step(run, "count"))["output"]["rows"][0][0].get<int64_t>(), 0);

  // Variables: a value the workflow does not declare is refused; a declared one is used.
  testing::ExpectError(
      c.Post("/api/v1/workflows/" + id + "/runs", R"({"vars": {"nope": 1}})", "application/json"),
      400, "invalid_argument");
  json second = StartRun(c, "contagem", {{"vars", {{"min", 100000000}}}});
  second = WaitForRun(c, "/api/v1/workflows/" + id + "/runs/" + second["id"].get<std::string>());
  ASSERT_EQ(second["status"], "succeeded") << second.dump(2);
  EXPECT_EQ((*Step(second, "big"))["status"], "skipped");
  EXPECT_EQ((*Step(second, "small"))["status"], "succeeded");

  // Re-run from a step: the steps before it are taken over, not run again.
  json rerun = StartRun(c, id, {{"rerun_of", run["id"]}, {"from_step", "big"}});
  rerun = WaitForRun(c, "/api/v1/workflows/" + id + "/runs/" + rerun["id"].get<std::string>());
  ASSERT_EQ(rerun["status"], "succeeded") << rerun.dump(2);
  EXPECT_EQ((*Step(rerun, "count"))["started_at"], (*Step(run, "count"))["started_at"]);
  EXPECT_NE((*Step(rerun, "big"))["started_at"], (*Step(run, "big"))["started_at"]);

  // A new version; runs keep the version they started with.
  json v2 = json::parse(kDefinition);
  v2["description"] = "segunda versão";
  auto put = c.Put("/api/v1/workflows/" + id, v2.dump(), "application/json");
  ASSERT_TRUE(put);
  ASSERT_EQ(put->status, 200) << put->body;
  EXPECT_EQ(json::parse(put->body)["version"], 2);
  EXPECT_EQ(run["version"], 1);

  // The shipped examples run on the demo data without a model.
  for (const std::string example : {"resumo-diario-metricas", "resumo-semanal-comentarios"}) {
    json r = StartRun(c, example);
    r = WaitForRun(c, "/api/v1/workflows/" + r["workflow_id"].get<std::string>() + "/runs/" +
                          r["id"].get<std::string>());
    ASSERT_EQ(r["status"], "succeeded") << example << ": " << r.dump(2);
    const auto& report = (*Step(r, "report"))["output"];
    EXPECT_TRUE(std::filesystem::exists(server.root() / "data" /
                                        report["files"][0]["path"].get<std::string>()));
    if (example == "resumo-diario-metricas") {
      EXPECT_NE(report["markdown"].get<std::string>().find("## Pedidos"), std::string::npos);
      EXPECT_GT((*Step(r, "orders"))["output"]["insight"].get<std::string>().size(), 10u);
    }
  }

  // Step kinds with their schemas; runs listed; a step output by itself.
  auto kinds = c.Get("/api/v1/step-kinds");
  ASSERT_TRUE(kinds);
  EXPECT_GE(json::parse(kinds->body)["items"].size(), 11u);
  auto runs = c.Get("/api/v1/workflows/" + id + "/runs");
  ASSERT_TRUE(runs);
  EXPECT_EQ(json::parse(runs->body)["items"].size(), 3u);
  auto output = c.Get("/api/v1/workflows/" + id + "/runs/" + run["id"].get<std::string>() +
                      "/steps/count/output");
  ASSERT_TRUE(output);
  EXPECT_EQ(output->status, 200);
  EXPECT_TRUE(json::parse(output->body).contains("rows"));

  // Deleted with its runs.
  auto del = c.Delete("/api/v1/workflows/" + id);
  ASSERT_TRUE(del);
  EXPECT_EQ(del->status, 204);
  testing::ExpectError(c.Get("/api/v1/workflows/" + id), 404, "not_found");
}

TEST(WorkflowsIntegrationTest, CliRunsAWorkflowWithVariables) {
  testing::TempDir dir;
  const std::string data = (dir / "data").string();
  auto demo = testing::RunSagaz({"--data-dir", data, "demo"});
  ASSERT_EQ(demo.exit_code, 0) << demo.err;
  testing::WriteFile(dir / "wf.json", kDefinition);
  auto created =
      testing::RunSagaz({"--data-dir", data, "workflows", "create", (dir / "wf.json").string()});
  ASSERT_EQ(created.exit_code, 0) << created.err;
  auto ran = testing::RunSagaz(
      {"--data-dir", data, "--json", "workflows", "run", "contagem", "--var", "min=100000000"});
  ASSERT_EQ(ran.exit_code, 0) << ran.err << ran.out;
  const json run = json::parse(ran.out);
  EXPECT_EQ(run["status"], "succeeded");
  EXPECT_EQ(run["vars"]["min"], 100000000);
  EXPECT_EQ((*Step(run, "small"))["status"], "succeeded");
  auto bad = testing::RunSagaz({"--data-dir", data, "workflows", "run", "contagem", "--var", "x"});
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.err.find("name=value"), std::string::npos) << bad.err;
}

// A webhook receiver that holds its first request until released, counting calls.
class Hook {
 public:
  Hook() {
    server_.Post("/hook", [this](const httplib::Request&, httplib::Response& res) {
      if (calls_++ == 0) {
        while (!release_) std::this_thread::sleep_for(std::chrono::milliseconds(20));
      }
      res.set_content(R"({"ok": true})", "application/json");
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
  }
  ~Hook() {
    release_ = true;
    server_.stop();
    thread_.join();
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/hook"; }
  int calls() const { return calls_; }
  void Release() { release_ = true; }

 private:
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
  std::atomic<int> calls_{0};
  std::atomic<bool> release_{false};
};

TEST(WorkflowsIntegrationTest, RunResumesAfterKillNine) {
  Hook hook;
  const std::string config = "[workflows]\nwebhook_allow = [\"" + hook.url() + "\"]\n";
  const json definition = {
      {"name", "resumable"},
      {"steps",
       {{{"id", "first"}, {"kind", "report"}, {"inputs", {{"markdown", "antes"}}}},
        {{"id", "notify"},
         {"kind", "webhook"},
         {"inputs",
          {{"url", hook.url()}, {"body", {{"file", "${steps.first.output.files[0].path}"}}}}}},
        {{"id", "after"},
         {"kind", "report"},
         {"inputs", {{"markdown", "depois"}}},
         {"needs", {"notify"}}}}}};
  testing::TempDir keep;  // what the killed server left, served again
  std::string location, first_started;
  {
    testing::ServerProcess server({.config_toml = config});
    auto c = server.Client();
    auto created = c.Post("/api/v1/workflows", definition.dump(), "application/json");
    ASSERT_TRUE(created);
    ASSERT_EQ(created->status, 201) << created->body;
    // A webhook not on the allow-list is refused when the step runs.
    json run = StartRun(c, "resumable");
    location = "/api/v1/workflows/" + run["workflow_id"].get<std::string>() + "/runs/" +
               run["id"].get<std::string>();
    for (int i = 0; i < 600 && hook.calls() == 0; ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    ASSERT_EQ(hook.calls(), 1);
    auto during = c.Get(location);
    ASSERT_TRUE(during);
    const json mid = json::parse(during->body);
    EXPECT_EQ((*Step(mid, "first"))["status"], "succeeded");
    EXPECT_EQ((*Step(mid, "notify"))["status"], "running");
    first_started = (*Step(mid, "first"))["started_at"];
    server.Kill();
    std::filesystem::copy(server.root(), keep.path(), std::filesystem::copy_options::recursive);
  }
  hook.Release();
  testing::ServerProcess again({.config_toml = config, .reuse_dir = keep.path()});
  auto c = again.Client();
  const json run = WaitForRun(c, location);
  ASSERT_EQ(run["status"], "succeeded") << run.dump(2);
  EXPECT_EQ((*Step(run, "first"))["started_at"], first_started);  // not run again
  EXPECT_EQ((*Step(run, "first"))["attempts"], 1);
  EXPECT_EQ((*Step(run, "notify"))["status"], "succeeded");
  EXPECT_EQ((*Step(run, "after"))["status"], "succeeded");
  EXPECT_EQ(hook.calls(), 2);
}

TEST(WorkflowsIntegrationTest, CancelAndWebhookAllowList) {
  Hook hook;
  // Short leases: a cancel request reaches the running job at its next heartbeat.
  testing::ServerProcess server({.config_toml = "[workflows]\nwebhook_allow = [\"" + hook.url() +
                                                "\"]\n[jobs]\nlease_ms = 2000\n"});
  auto c = server.Client();
  const json definition = {
      {"name", "hooks"},
      {"vars", {{"url", hook.url()}}},
      {"steps",
       {{{"id", "call"}, {"kind", "webhook"}, {"inputs", {{"url", "${vars.url}"}}}},
        {{"id", "after"},
         {"kind", "report"},
         {"inputs", {{"markdown", "x"}}},
         {"needs", {"call"}}}}}};
  ASSERT_EQ(c.Post("/api/v1/workflows", definition.dump(), "application/json")->status, 201);
  // Not on the list: refused, not retried.
  json run = StartRun(c, "hooks", {{"vars", {{"url", hook.url() + "x/../../evil"}}}});
  run = WaitForRun(c, "/api/v1/workflows/" + run["workflow_id"].get<std::string>() + "/runs/" +
                          run["id"].get<std::string>());
  EXPECT_EQ(run["status"], "failed");
  EXPECT_EQ((*Step(run, "call"))["error"]["code"], "permission_denied") << run.dump(2);
  EXPECT_EQ(hook.calls(), 0);
  // Cancel while the webhook holds the step.
  run = StartRun(c, "hooks");
  const std::string location = "/api/v1/workflows/" + run["workflow_id"].get<std::string>() +
                               "/runs/" + run["id"].get<std::string>();
  for (int i = 0; i < 600 && hook.calls() == 0; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  auto cancel = c.Post(location + "/cancel", "", "application/json");
  ASSERT_TRUE(cancel);
  EXPECT_EQ(cancel->status, 202) << cancel->body;
  run = WaitForRun(c, location);
  hook.Release();
  EXPECT_EQ(run["status"], "cancelled") << run.dump(2);
  EXPECT_EQ((*Step(run, "call"))["status"], "cancelled");
  EXPECT_EQ((*Step(run, "after"))["status"], "cancelled");
}

std::string ToolCallReply(const std::string& name, const std::string& arguments) {
  const json reply = {{"id", "chatcmpl-1"},
                      {"object", "chat.completion"},
                      {"model", "scripted"},
                      {"choices",
                       {{{"index", 0},
                         {"message",
                          {{"role", "assistant"},
                           {"content", nullptr},
                           {"tool_calls",
                            {{{"id", "call_" + name},
                              {"type", "function"},
                              {"function", {{"name", name}, {"arguments", arguments}}}}}}}},
                         {"finish_reason", "tool_calls"}}}},
                      {"usage", {{"prompt_tokens", 20}, {"completion_tokens", 5}}}};
  return reply.dump();
}

TEST(AgentsIntegrationTest, ToolCallsBadArgumentsLimitsAndModelDown) {
  testing::ScriptedModel model;
  testing::ServerProcess server({.config_toml = "[llm]\nbase_url = \"" + model.base_url() +
                                                "\"\nmodel = \"scripted\"\nmax_retries = 0\n"});
  auto c = server.Client();
  auto created = c.Post("/api/v1/agents",
                        R"({"name": "analista", "instructions": "Seja breve.",
                            "tools": ["feedback.classify", "sql"], "max_steps": 3})",
                        "application/json");
  ASSERT_TRUE(created);
  ASSERT_EQ(created->status, 201) << created->body;
  testing::ExpectError(
      c.Post("/api/v1/agents", R"({"name": "x", "tools": ["shell"]})", "application/json"), 400,
      "invalid_argument");

  // A good call, a call with malformed arguments (its error goes back to the model), an answer.
  model.Push(
      {.raw_body = ToolCallReply("feedback__classify", R"({"texts": ["Entrega atrasou"]})")});
  model.Push({.raw_body = ToolCallReply("sql", "{not json")});
  model.Push({.content = "O comentário é negativo (feedback.classify)."});
  auto r = c.Post("/api/v1/agents/analista/runs", R"({"input": "Classifique: Entrega atrasou"})",
                  "application/json");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  json result = json::parse(r->body);
  EXPECT_EQ(result["stopped"], "answered") << result.dump(2);
  EXPECT_EQ(result["answer"], "O comentário é negativo (feedback.classify).");
  const auto& steps = result["trace"]["steps"];
  ASSERT_EQ(steps.size(), 5u) << steps.dump(2);
  EXPECT_EQ(steps[1]["tool"], "feedback.classify");
  EXPECT_TRUE(steps[1]["result"]["classifications"][0].contains("sentiment"));
  EXPECT_EQ(steps[3]["tool"], "sql");
  EXPECT_TRUE(steps[3].contains("error"));
  EXPECT_GE(result["tokens"].get<int64_t>(), 50);
  // What the model was sent: the tools with schemas, then each tool's result or error.
  const auto requests = model.requests();
  ASSERT_EQ(requests.size(), 3u);
  EXPECT_EQ(requests[0]["tools"].size(), 2u);
  EXPECT_EQ(requests[0]["tools"][0]["function"]["name"], "sql");
  const auto& last = requests[2]["messages"];
  EXPECT_EQ(last[last.size() - 1]["role"], "tool");
  EXPECT_NE(last[last.size() - 1]["content"].get<std::string>().find("not a JSON object"),
            std::string::npos);

  // A model that only ever calls tools stops at the step limit.
  model.SetFallback({.raw_body = ToolCallReply("feedback__classify", R"({"texts": ["ok"]})")});
  r = c.Post("/api/v1/agents/analista/runs", R"({"input": "loop"})", "application/json");
  ASSERT_TRUE(r);
  result = json::parse(r->body);
  EXPECT_EQ(result["stopped"], "max_steps") << result.dump(2);

  // The model goes down mid-run: the trace so far comes back with the error.
  model.Push({.raw_body = ToolCallReply("feedback__classify", R"({"texts": ["bom"]})")});
  model.SetFallback({.status = 503});
  r = c.Post("/api/v1/agents/analista/runs", R"({"input": "e agora?"})", "application/json");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  result = json::parse(r->body);
  EXPECT_EQ(result["stopped"], "model_error") << result.dump(2);
  EXPECT_EQ(result["trace"]["steps"][1]["tool"], "feedback.classify");

  // Streamed: each trace step as an event, then the result.
  model.SetFallback({.content = "pronto"});
  httplib::Headers headers = {{"Accept", "text/event-stream"}};
  auto sse =
      c.Post("/api/v1/agents/analista/runs", headers, R"({"input": "oi"})", "application/json");
  ASSERT_TRUE(sse);
  EXPECT_NE(sse->body.find("event: step"), std::string::npos) << sse->body;
  EXPECT_NE(sse->body.find("event: done"), std::string::npos);
}

TEST(AgentsIntegrationTest, BuiltinAgentRoutesWithoutAModel) {
  testing::ServerProcess server({.demo = true});
  auto c = server.Client();
  auto r =
      c.Post("/api/v1/agents/builtin/runs",
             R"({"input": "Adorei o produto, mas a entrega atrasou muito"})", "application/json");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  json result = json::parse(r->body);
  EXPECT_EQ(result["engine"], "builtin");
  EXPECT_NE(result["answer"].get<std::string>().find("Agente embutido"), std::string::npos);
  EXPECT_EQ(result["trace"]["steps"][0]["tool"], "feedback.classify");

  r = c.Post("/api/v1/agents/builtin/runs", R"({"input": "Quantos pedidos foram feitos por mês?"})",
             "application/json");
  ASSERT_TRUE(r);
  result = json::parse(r->body);
  EXPECT_EQ(result["trace"]["steps"][0]["tool"], "ask") << result.dump(2);
  EXPECT_FALSE(result.contains("error")) << result.dump(2);

  r = c.Post("/api/v1/agents/builtin/runs", R"({"input": "PETR4 vai subir?"})", "application/json");
  ASSERT_TRUE(r);
  result = json::parse(r->body);
  EXPECT_EQ(result["trace"]["steps"][0]["tool"], "forecast.predict");

  r = c.Post("/api/v1/agents/builtin/runs",
             R"({"input": "O que diz a política de trocas nos documentos?"})", "application/json");
  ASSERT_TRUE(r);
  result = json::parse(r->body);
  EXPECT_EQ(result["trace"]["steps"][0]["tool"], "knowledge.query");
}

}  // namespace
}  // namespace sagaz
