// Knowledge against the real binary: upload over HTTP, query, errors per file, delete removes
// every trace; the CLI's add, ask --json and eval knowledge.
#include <gtest/gtest.h>
#include <httplib.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "support/support.hpp"

namespace sagaz {
namespace {

using json = nlohmann::json;
const std::string kData = std::string(SAGAZ_TEST_DATA_DIR) + "/knowledge/";

std::string Read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

httplib::Result Upload(const testing::ServerProcess& server, const std::string& name,
                       const std::string& content, const std::string& collection) {
  auto c = server.Client();
  httplib::MultipartFormDataItems form = {{"file", content, name, "application/octet-stream"},
                                          {"collection", collection, "", ""}};
  return c.Post("/api/v1/knowledge/documents", form);
}

TEST(KnowledgeIntegrationTest, UploadQueryDelete) {
  testing::ServerProcess server;
  auto c = server.Client();

  auto up = Upload(server, "politica_reembolso.html", Read(kData + "docs/politica_reembolso.html"),
                   "loja");
  ASSERT_TRUE(up);
  ASSERT_EQ(up->status, 201) << up->body;
  const json doc = json::parse(up->body)["document"];
  EXPECT_EQ(doc["format"], "html");
  EXPECT_EQ(doc["collection"], "loja");
  const std::string id = doc["id"];

  auto pdf = Upload(server, "relatorio.pdf", Read(kData + "docs/relatorio_logistica.pdf"), "loja");
  ASSERT_TRUE(pdf);
  ASSERT_EQ(pdf->status, 201) << pdf->body;
  EXPECT_EQ(json::parse(pdf->body)["document"]["pages_without_text"], json::array({2}));

  // The same bytes again: a duplicate, nothing added.
  auto dup = Upload(server, "copy.html", Read(kData + "docs/politica_reembolso.html"), "loja");
  ASSERT_TRUE(dup);
  EXPECT_EQ(dup->status, 200);
  EXPECT_EQ(json::parse(dup->body)["duplicate"], true);

  // A broken file: a clear error naming the file, nothing stored.
  auto bad = Upload(server, "broken.pdf", "%PDF-1.5\n\x01\x02 nothing", "loja");
  testing::ExpectError(bad, 400, "invalid_argument");
  auto zip =
      Upload(server, "doc.docx", std::string("PK\x03\x04", 4) + std::string(64, '\0'), "loja");
  testing::ExpectError(zip, 400, "invalid_argument");
  auto sheet = Upload(server, "planilha.ods", Read(kData + "office/planilha.ods"), "loja");
  testing::ExpectError(sheet, 415, "unsupported");

  auto list = c.Get("/api/v1/knowledge/documents?collection=loja");
  ASSERT_TRUE(list);
  EXPECT_EQ(json::parse(list->body)["items"].size(), 2u);

  auto q = c.Post("/api/v1/knowledge/query",
                  R"({"question": "How long does the refund take?", "collection": "loja"})",
                  "application/json");
  ASSERT_TRUE(q);
  ASSERT_EQ(q->status, 200) << q->body;
  const json answer = json::parse(q->body);
  EXPECT_EQ(answer["engine"], "builtin");
  ASSERT_FALSE(answer["citations"].empty());
  const json& first = answer["citations"][0];
  EXPECT_EQ(first["n"], 1);
  EXPECT_EQ(first["document"], "politica_reembolso.html");
  for (const char* key : {"page", "heading", "text", "score"}) EXPECT_TRUE(first.contains(key));
  EXPECT_TRUE(answer["timings"].contains("total_ms"));

  auto unknown =
      c.Post("/api/v1/knowledge/query", R"({"question": "x", "k": 3})", "application/json");
  testing::ExpectError(unknown, 400, "invalid_argument");
  auto llm = c.Post("/api/v1/knowledge/query", R"({"question": "reembolso", "engine": "llm"})",
                    "application/json");
  testing::ExpectError(llm, 412, "failed_precondition");

  // Delete: the document, its chunks and its hash go.
  auto del = c.Delete("/api/v1/knowledge/documents/" + id);
  ASSERT_TRUE(del);
  EXPECT_EQ(del->status, 204);
  testing::ExpectError(c.Get("/api/v1/knowledge/documents/" + id), 404, "not_found");
  auto after =
      c.Post("/api/v1/knowledge/query",
             R"({"question": "reembolso cartão de crédito faturas", "collection": "loja"})",
             "application/json");
  ASSERT_TRUE(after);
  for (const auto& cit : json::parse(after->body)["citations"])
    EXPECT_NE(cit["document"], "politica_reembolso.html");
  auto again = Upload(server, "politica_reembolso.html",
                      Read(kData + "docs/politica_reembolso.html"), "loja");
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 201);
  // Nothing of the uploads is left on disk (other services keep their own, empty, directories
  // there).
  size_t uploads = 0;
  std::error_code ec;
  for (auto it =
           std::filesystem::recursive_directory_iterator(server.root() / "data" / "uploads", ec);
       it != std::filesystem::recursive_directory_iterator(); it.increment(ec))
    if (it->is_regular_file()) ++uploads;
  EXPECT_EQ(uploads, 0u);
  EXPECT_EQ(server.Stop(), 0);
}

TEST(KnowledgeIntegrationTest, WordAndOpenDocumentFiles) {
  testing::ServerProcess server;
  auto c = server.Client();
  auto docx = Upload(server, "contrato_transporte.docx",
                     Read(kData + "office/contrato_transporte.docx"), "contratos");
  ASSERT_TRUE(docx);
  ASSERT_EQ(docx->status, 201) << docx->body;
  EXPECT_EQ(json::parse(docx->body)["document"]["format"], "docx");
  auto odt = Upload(server, "manual_integracao.odt", Read(kData + "office/manual_integracao.odt"),
                    "contratos");
  ASSERT_TRUE(odt);
  ASSERT_EQ(odt->status, 201) << odt->body;
  EXPECT_EQ(json::parse(odt->body)["document"]["format"], "odt");
  testing::ExpectError(Upload(server, "bomb.docx", Read(kData + "office/bomb.docx"), "contratos"),
                       400, "invalid_argument");

  auto q =
      c.Post("/api/v1/knowledge/query",
             R"({"question": "Qual é a multa por atraso do frete?", "collection": "contratos"})",
             "application/json");
  ASSERT_TRUE(q);
  ASSERT_EQ(q->status, 200) << q->body;
  const json answer = json::parse(q->body);
  ASSERT_FALSE(answer["citations"].empty());
  EXPECT_EQ(answer["citations"][0]["document"], "contrato_transporte.docx");
  q = c.Post("/api/v1/knowledge/query",
             R"({"question": "What does error E101 mean?", "collection": "contratos"})",
             "application/json");
  ASSERT_TRUE(q);
  ASSERT_EQ(q->status, 200) << q->body;
  EXPECT_EQ(json::parse(q->body)["citations"][0]["document"], "manual_integracao.odt");
  EXPECT_EQ(server.Stop(), 0);
}

// The events of a streamed answer, in order, as (name, data).
std::vector<std::pair<std::string, json>> Events(const std::string& body) {
  std::vector<std::pair<std::string, json>> out;
  std::string name;
  for (size_t pos = 0; pos < body.size();) {
    size_t end = body.find('\n', pos);
    if (end == std::string::npos) end = body.size();
    const std::string line = body.substr(pos, end - pos);
    if (line.rfind("event: ", 0) == 0) name = line.substr(7);
    if (line.rfind("data: ", 0) == 0) out.emplace_back(name, json::parse(line.substr(6)));
    pos = end + 1;
  }
  return out;
}

TEST(KnowledgeIntegrationTest, AsyncIndexingStreamingAndFilters) {
  testing::ServerProcess server;
  auto c = server.Client();
  httplib::MultipartFormDataItems form = {
      {"file", Read(kData + "docs/politica_reembolso.html"), "politica_reembolso.html", ""},
      {"collection", "loja", "", ""},
      {"tags", "Políticas, loja", "", ""},
      {"async", "true", "", ""}};
  auto up = c.Post("/api/v1/knowledge/documents", form);
  ASSERT_TRUE(up);
  ASSERT_EQ(up->status, 202) << up->body;
  const std::string job = json::parse(up->body)["job"]["id"];
  json state;
  for (int i = 0; i < 200; ++i) {
    auto r = c.Get("/api/v1/jobs/" + job);
    ASSERT_TRUE(r);
    state = json::parse(r->body);
    if (state["status"] == "succeeded" || state["status"] == "failed" || state["status"] == "dead")
      break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ASSERT_EQ(state["status"], "succeeded") << state.dump();
  EXPECT_EQ(state["result"]["document"]["chunks"], 3);
  auto list = c.Get("/api/v1/knowledge/documents?collection=loja");
  ASSERT_TRUE(list);
  const json docs = json::parse(list->body)["items"];
  ASSERT_EQ(docs.size(), 1u);
  EXPECT_EQ(docs[0]["tags"], json::array({"políticas", "loja"}));
  ASSERT_EQ(Upload(server, "manual.md", Read(kData + "docs/manual_instalacao.md"), "loja")->status,
            201);

  // Filters: the tag keeps the policy, the format keeps the manual.
  auto q =
      c.Post("/api/v1/knowledge/query",
             R"({"question": "prazo", "collection": "loja", "filters": {"tags": ["Políticas"]}})",
             "application/json");
  ASSERT_TRUE(q);
  ASSERT_EQ(q->status, 200) << q->body;
  for (const auto& cit : json::parse(q->body)["citations"])
    EXPECT_EQ(cit["document"], "politica_reembolso.html");
  q = c.Post("/api/v1/knowledge/query",
             R"({"question": "instalação", "filters": {"formats": "markdown"}})",
             "application/json");
  ASSERT_TRUE(q);
  for (const auto& cit : json::parse(q->body)["citations"]) EXPECT_EQ(cit["document"], "manual.md");
  testing::ExpectError(c.Post("/api/v1/knowledge/query",
                              R"({"question": "x", "filters": {"colour": 1}})", "application/json"),
                       400, "invalid_argument");

  // Streamed: passages, the answer, then the whole answer; highlights in every citation.
  httplib::Headers sse = {{"Accept", "text/event-stream"}};
  auto s = c.Post("/api/v1/knowledge/query", sse,
                  R"({"question": "How long does the refund take?", "collection": "loja"})",
                  "application/json");
  ASSERT_TRUE(s);
  ASSERT_EQ(s->status, 200) << s->body;
  EXPECT_NE(s->get_header_value("Content-Type").find("text/event-stream"), std::string::npos);
  const auto events = Events(s->body);
  ASSERT_EQ(events.size(), 3u) << s->body;
  EXPECT_EQ(events[0].first, "passages");
  EXPECT_FALSE(events[0].second["citations"].empty());
  EXPECT_EQ(events[1].first, "delta");
  EXPECT_EQ(events[2].first, "done");
  EXPECT_EQ(events[1].second["text"], events[2].second["answer"]);
  const json first = events[2].second["citations"][0];
  EXPECT_FALSE(first["highlights"].empty());
  EXPECT_NE(first["highlighted"].get<std::string>().find("**"), std::string::npos);
  // A bad request is still a plain error.
  testing::ExpectError(
      c.Post("/api/v1/knowledge/query", sse, R"({"question": " "})", "application/json"), 400,
      "invalid_argument");
  EXPECT_EQ(server.Stop(), 0);
}

TEST(KnowledgeIntegrationTest, CliAddAskAndEval) {
  testing::TempDir dir;
  const std::vector<std::string> global = {"--data-dir", (dir / "data").string()};
  auto run = [&](std::vector<std::string> args) {
    args.insert(args.begin(), global.begin(), global.end());
    return testing::RunSagaz(args);
  };
  auto add = run({"knowledge", "add", kData + "docs", "--collection", "eval"});
  ASSERT_EQ(add.exit_code, 0) << add.err;
  EXPECT_NE(add.out.find("relatorio_logistica.pdf"), std::string::npos);

  auto ask = run({"--json", "knowledge", "ask", "Qual é a multa por atraso na entrega?",
                  "--collection", "eval"});
  ASSERT_EQ(ask.exit_code, 0) << ask.err;
  const json answer = json::parse(ask.out);
  EXPECT_EQ(answer["citations"][0]["document"], "contrato_fornecedor.txt");
  EXPECT_NE(answer["answer"].get<std::string>().find("[1]"), std::string::npos);

  auto eval = run({"--json", "eval", "knowledge", kData + "questions.jsonl", "--collection", "eval",
                   "--min-mrr", "0.8"});
  ASSERT_EQ(eval.exit_code, 0) << eval.out << eval.err;
  const json report = json::parse(eval.out);
  EXPECT_EQ(report["cases"], 20);
  EXPECT_GE(report["hit_at_3"].get<double>(), 0.9);

  // A directory with one bad file: the others are added, the bad one is named, exit code 1.
  const auto mixed = dir / "mixed";
  std::filesystem::create_directories(mixed);
  testing::WriteFile(mixed / "good.txt", "Texto bom sobre logística reversa.");
  testing::WriteFile(mixed / "image.png", "\x89PNG\r\n\x1a\nxxxx");
  auto partial = run({"knowledge", "add", mixed.string(), "--collection", "mixed"});
  EXPECT_EQ(partial.exit_code, 1);
  EXPECT_NE(partial.err.find("image.png"), std::string::npos);
  auto list = run({"--json", "knowledge", "list", "--collection", "mixed"});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  EXPECT_EQ(json::parse(list.out)["items"].size(), 1u);
}

}  // namespace
}  // namespace sagaz
