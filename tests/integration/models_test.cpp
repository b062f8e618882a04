// In-process models against the real binary: `sagaz models add|list|verify`, the status route,
// load/unload, the OpenAI-compatible chat completions (plain, streamed, JSON schema, a client that
// leaves) and embeddings, errors and metrics. The models are the tiny random-weight GGUFs the build
// writes.
#include <gtest/gtest.h>
#include <httplib.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <thread>

#include "models/models_fixture.hpp"
#include "support/support.hpp"

namespace sagaz {
namespace {

using json = nlohmann::json;
using namespace std::chrono_literals;

json ModelNamed(const testing::ServerProcess& server, const std::string& name) {
  auto r = server.Client().Get("/api/v1/models");
  EXPECT_TRUE(r);
  if (!r) return {};
  EXPECT_EQ(r->status, 200) << r->body;
  const json body = json::parse(r->body);  // kept alive: the loop reads into it
  for (const auto& m : body["models"])
    if (m["name"] == name) return m;
  ADD_FAILURE() << "no model " << name << " in " << r->body;
  return {};
}

httplib::Result PostJson(const testing::ServerProcess& server, const std::string& path,
                         const json& body) {
  return server.Client().Post(path, body.dump(), "application/json");
}

// The data lines of an event stream, [DONE] included.
std::vector<std::string> DataLines(const std::string& body) {
  std::vector<std::string> out;
  size_t pos = 0;
  while ((pos = body.find("data: ", pos)) != std::string::npos) {
    const size_t end = body.find("\n\n", pos);
    out.push_back(body.substr(pos + 6, end - pos - 6));
    pos = end;
  }
  return out;
}

TEST(ModelsIntegrationTest, ServesLocalModels) {
  testing::ServerProcess::Options options;
  options.config_toml =
      "[llm]\nprovider = \"local\"\nmodel = \"chat\"\n"
      "[models]\ncontext = 1024\nthreads = 1\nkeep_alive_s = 600\n";
  testing::ServerProcess server(options);

  // The CLI adds models beside the running server, with their checksums.
  auto cli = [&](std::vector<std::string> args) {
    std::vector<std::string> all = server.cli_args();
    all.insert(all.end(), args.begin(), args.end());
    return testing::RunSagaz(all);
  };
  auto added =
      cli({"--json", "models", "add", testing::TinyChatModel().string(), "--name", "chat"});
  ASSERT_EQ(added.exit_code, 0) << added.err;
  EXPECT_EQ(json::parse(added.out)["sha256"].get<std::string>().size(), 64u);
  ASSERT_EQ(cli({"models", "add", testing::TinyEmbedModel().string(), "--name", "embed"}).exit_code,
            0);
  auto listed = cli({"--json", "models", "list"});
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  EXPECT_EQ(json::parse(listed.out)["items"].size(), 2u);
  auto verified = cli({"models", "verify"});
  EXPECT_EQ(verified.exit_code, 0) << verified.out << verified.err;
  EXPECT_NE(verified.out.find("chat: ok"), std::string::npos) << verified.out;

  // Status before use.
  auto status = server.Client().Get("/api/v1/models");
  ASSERT_TRUE(status);
  ASSERT_EQ(status->status, 200) << status->body;
  const json s = json::parse(status->body);
  EXPECT_EQ(s["provider"], "local");
  EXPECT_EQ(s["models"].size(), 2u);
  EXPECT_EQ(ModelNamed(server, "chat")["state"], "unloaded");
  EXPECT_EQ(ModelNamed(server, "embed")["embedding"], true);

  // A plain completion loads the model on first use.
  auto plain = PostJson(server, "/v1/chat/completions",
                        {{"model", "chat"},
                         {"messages", {{{"role", "user"}, {"content", "hello"}}}},
                         {"max_tokens", 8},
                         {"temperature", 0}});
  ASSERT_TRUE(plain);
  ASSERT_EQ(plain->status, 200) << plain->body;
  const json p = json::parse(plain->body);
  EXPECT_EQ(p["object"], "chat.completion");
  EXPECT_TRUE(p["choices"][0]["message"]["content"].is_string());
  EXPECT_GT(p["usage"]["prompt_tokens"].get<int>(), 0);
  EXPECT_EQ(ModelNamed(server, "chat")["state"], "loaded");

  // Streamed: chunks whose deltas add up to the plain answer (greedy, same prompt), then [DONE].
  auto streamed = PostJson(server, "/v1/chat/completions",
                           {{"messages", {{{"role", "user"}, {"content", "hello"}}}},
                            {"max_tokens", 8},
                            {"temperature", 0},
                            {"stream", true}});
  ASSERT_TRUE(streamed);
  ASSERT_EQ(streamed->status, 200) << streamed->body;
  EXPECT_NE(streamed->get_header_value("Content-Type").find("text/event-stream"),
            std::string::npos);
  const auto lines = DataLines(streamed->body);
  ASSERT_GE(lines.size(), 3u) << streamed->body;
  EXPECT_EQ(lines.back(), "[DONE]");
  std::string text;
  for (size_t i = 0; i + 1 < lines.size(); ++i) {
    const json chunk = json::parse(lines[i]);
    EXPECT_EQ(chunk["object"], "chat.completion.chunk");
    text += chunk["choices"][0]["delta"].value("content", "");
  }
  EXPECT_EQ(text, p["choices"][0]["message"]["content"]);
  EXPECT_FALSE(json::parse(lines[lines.size() - 2])["choices"][0]["finish_reason"].is_null());

  // A JSON schema response format: valid by construction.
  auto structured =
      PostJson(server, "/v1/chat/completions",
               {{"model", "chat"},
                {"messages", {{{"role", "user"}, {"content", "classify: great product"}}}},
                // Enough for the longest text the grammar allows (its whitespace rules included),
                // so the reply always ends by the grammar, never by the token limit.
                {"max_tokens", 400},
                {"seed", 3},
                {"response_format",
                 {{"type", "json_schema"},
                  {"json_schema",
                   {{"name", "label"},
                    {"schema",
                     {{"type", "object"},
                      {"properties", {{"label", {{"enum", {"positive", "negative"}}}}}},
                      {"required", {"label"}}}}}}}}});
  ASSERT_TRUE(structured);
  ASSERT_EQ(structured->status, 200) << structured->body;
  const json structured_body = json::parse(structured->body);
  EXPECT_EQ(structured_body["choices"][0]["finish_reason"], "stop") << structured->body;
  const json answer =
      json::parse(structured_body["choices"][0]["message"]["content"].get<std::string>());
  EXPECT_TRUE(answer["label"] == "positive" || answer["label"] == "negative") << answer;

  // A client that leaves mid-stream stops the generation.
  const int64_t tokens_before = ModelNamed(server, "chat")["tokens"];
  {
    auto c = server.Client();
    int chunks = 0;
    httplib::Request req;
    req.method = "POST";
    req.path = "/v1/chat/completions";
    req.headers = {{"Authorization", "Bearer " + server.token()}};
    req.body = json({{"messages", {{{"role", "user"}, {"content", "write forever"}}}},
                     {"max_tokens", 900},
                     {"stream", true}})
                   .dump();
    req.set_header("Content-Type", "application/json");
    req.content_receiver = [&](const char*, size_t, uint64_t, uint64_t) { return ++chunks < 3; };
    auto res = c.send(req);
    EXPECT_GE(chunks, 3);
  }
  json chat;
  for (int i = 0; i < 600; ++i) {
    chat = ModelNamed(server, "chat");
    if (chat["active"] == 0) break;
    std::this_thread::sleep_for(10ms);
  }
  EXPECT_EQ(chat["active"], 0);
  EXPECT_LT(chat["tokens"].get<int64_t>() - tokens_before, 900);

  // Embeddings.
  auto emb = PostJson(server, "/v1/embeddings", {{"model", "embed"}, {"input", {"one", "two"}}});
  ASSERT_TRUE(emb);
  ASSERT_EQ(emb->status, 200) << emb->body;
  const json e = json::parse(emb->body);
  ASSERT_EQ(e["data"].size(), 2u);
  EXPECT_EQ(e["data"][0]["embedding"].size(), 32u);

  // Unload and load on request.
  auto unload = server.Client().Post("/api/v1/models/chat/unload");
  ASSERT_TRUE(unload);
  ASSERT_EQ(unload->status, 200) << unload->body;
  EXPECT_EQ(json::parse(unload->body)["state"], "unloaded");
  auto load = server.Client().Post("/api/v1/models/chat/load");
  ASSERT_TRUE(load);
  ASSERT_EQ(load->status, 200) << load->body;
  EXPECT_EQ(json::parse(load->body)["state"], "loaded");

  // Errors.
  testing::ExpectError(
      PostJson(server, "/v1/chat/completions", {{"model", "chat"}, {"messages", json::array()}}),
      400, "invalid_argument");
  auto unknown = PostJson(server, "/v1/chat/completions",
                          {{"model", "chat"},
                           {"messages", {{{"role", "user"}, {"content", "x"}}}},
                           {"tools", json::array()}});
  testing::ExpectError(unknown, 400, "invalid_argument");
  EXPECT_NE(unknown->body.find("tools"), std::string::npos);
  testing::ExpectError(
      PostJson(server, "/v1/chat/completions",
               {{"model", "nope"}, {"messages", {{{"role", "user"}, {"content", "x"}}}}}),
      404, "not_found");
  testing::ExpectError(
      PostJson(
          server, "/v1/chat/completions",
          {{"model", "chat"},
           {"messages", {{{"role", "user"}, {"content", "x"}}}},
           {"response_format",
            {{"type", "json_schema"}, {"json_schema", {{"schema", {{"type", "nonsense"}}}}}}}}),
      400, "invalid_argument");
  testing::ExpectError(server.Client(false).Post("/v1/chat/completions", "{}", "application/json"),
                       401, "unauthenticated");

  // Metrics.
  auto metrics = server.Client().Get("/metrics");
  ASSERT_TRUE(metrics);
  EXPECT_NE(metrics->body.find("sagaz_model_tokens_total{model=\"chat\"}"), std::string::npos);
  EXPECT_NE(metrics->body.find("sagaz_model_resident_bytes{model=\"chat\"}"), std::string::npos);
  EXPECT_NE(metrics->body.find("sagaz_model_queue_depth"), std::string::npos);

  // Removing a model.
  ASSERT_EQ(cli({"models", "rm", "embed"}).exit_code, 0);
  EXPECT_EQ(json::parse(cli({"--json", "models", "list"}).out)["items"].size(), 1u);
}

// Ask with llm.provider = local: a configured model that is missing gives the builtin answer with
// a warning naming it (never an error or a crash); once added, Ask's questions go to the in-process
// model (its request counter moves), and the builtin parser still answers what the random-weight
// model cannot plan.
TEST(ModelsIntegrationTest, AskUsesTheLocalModelAndFallsBackWithoutIt) {
  testing::ServerProcess::Options options;
  options.demo = true;
  options.config_toml =
      "[llm]\nprovider = \"local\"\nmodel = \"chat\"\nsql_attempts = 1\n"
      "[ask]\nengine = \"llm\"\n"
      "[models]\ncontext = 1024\nthreads = 1\n";
  testing::ServerProcess server(options);
  auto ask = [&](const std::string& question) {
    auto r = PostJson(server, "/api/v1/ask", {{"question", question}});
    EXPECT_TRUE(r);
    if (!r) return json();
    EXPECT_EQ(r->status, 200) << r->body;
    return json::parse(r->body, nullptr, false);
  };
  auto warnings = [](const json& a) {
    std::string all;
    for (const auto& w : a.value("warnings", json::array())) all += w.get<std::string>() + "\n";
    return all;
  };

  const json missing = ask("how many orders are there?");
  ASSERT_TRUE(missing.is_object());
  EXPECT_EQ(missing["status"], "ok") << missing.dump();
  EXPECT_EQ(missing["engine"], "builtin");
  EXPECT_NE(warnings(missing).find("chat"), std::string::npos) << missing.dump();
  auto health = server.Client().Get("/api/v1/health");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);

  std::vector<std::string> args = server.cli_args();
  for (const char* a : {"models", "add"}) args.push_back(a);
  args.push_back(testing::TinyChatModel().string());
  args.push_back("--name");
  args.push_back("chat");
  ASSERT_EQ(testing::RunSagaz(args).exit_code, 0);

  const json used = ask("how many orders are there?");
  ASSERT_TRUE(used.is_object());
  EXPECT_EQ(used["status"], "ok") << used.dump();
  const json chat = ModelNamed(server, "chat");
  EXPECT_GE(chat["requests"].get<int64_t>(), 1) << chat.dump();
  EXPECT_EQ(chat["state"], "loaded");
  if (used["engine"] == "builtin") {
    EXPECT_FALSE(warnings(used).empty()) << used.dump();
  }
}

}  // namespace
}  // namespace sagaz
