// Feedback over HTTP against a real `sagaz serve`, as a client would use it: a batch posted with a
// token (and with an API key scoped feedback.write), the job polled, classifications read back,
// the batch resent (nothing duplicated), files uploaded, the public report read without a token,
// stored classifications scored against gold labels; and `sagaz feedback` on the command line.
#include <gtest/gtest.h>
#include <httplib.h>

#include <algorithm>
#include <chrono>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "support/scripted_model.hpp"
#include "support/support.hpp"

namespace sagaz {
namespace {

using json = nlohmann::json;
using namespace std::chrono_literals;

class FeedbackHttpTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new testing::ServerProcess(
        {.config_toml = "[feedback]\nreport_cache_s = 3600\n",
         .users = {{"vera", "viewer", "viewer-password"}, {"ana", "analyst", "analyst-password"}}});
  }
  static void TearDownTestSuite() {
    EXPECT_EQ(server_->Stop(), 0) << "graceful shutdown";
    delete server_;
  }
  static httplib::Client As(const std::string& token) {
    auto c = server_->Client(false);
    c.set_bearer_token_auth(token.c_str());
    return c;
  }
  // Polls a job until it leaves queued/running.
  static json WaitForJob(const std::string& id) {
    auto c = server_->Client();
    json job;
    for (int i = 0; i < 600; ++i) {
      auto r = c.Get("/api/v1/jobs/" + id);
      if (!r) break;
      job = json::parse(r->body);
      if (job["status"] != "queued" && job["status"] != "running") break;
      std::this_thread::sleep_for(50ms);
    }
    return job;
  }
  static json Post(httplib::Client& c, const json& body, int expected = 202) {
    auto r = c.Post("/api/v1/feedback/comments", body.dump(), "application/json");
    EXPECT_TRUE(r);
    if (!r) return {};
    EXPECT_EQ(r->status, expected) << r->body;
    return json::parse(r->body, nullptr, false);
  }
  static testing::ServerProcess* server_;
};

testing::ServerProcess* FeedbackHttpTest::server_ = nullptr;

TEST_F(FeedbackHttpTest, BatchIsClassifiedInTheBackgroundAndResendsAreIdempotent) {
  auto c = server_->Client();
  const json batch = {
      {"comments",
       {{{"id", "1"}, {"text", "Produto ótimo, chegou antes do prazo!"}, {"source", "site"}},
        {{"id", "2"}, {"text", "Péssimo, veio quebrado e ninguém responde"}, {"source", "site"}},
        {{"id", "3"}, {"text", ""}, {"source", "site"}},
        {{"id", "4"}, {"text", "ok"}, {"created_at", "ontem"}},
        {{"id", "5"}, {"text", "Recebi hoje"}, {"source", "site"}, {"metadata", {{"stars", 3}}}}}}};
  auto accepted = Post(c, batch);
  ASSERT_TRUE(accepted.contains("job")) << accepted.dump();
  EXPECT_EQ(accepted["stored"]["inserted"], 3);
  EXPECT_EQ(accepted["stored"]["rejected"], 2);
  ASSERT_EQ(accepted["stored"]["errors"].size(), 2u);
  EXPECT_EQ(accepted["stored"]["errors"][0]["index"], 2);
  EXPECT_EQ(accepted["stored"]["errors"][0]["field"], "text");
  EXPECT_EQ(accepted["stored"]["errors"][1]["field"], "created_at");

  const auto job = WaitForJob(accepted["job"]["id"]);
  ASSERT_EQ(job["status"], "succeeded") << job.dump();
  EXPECT_EQ(job["result"]["classify"]["classified"], 3);

  auto list = c.Get("/api/v1/feedback/comments?source=site");
  ASSERT_EQ(list->status, 200) << list->body;
  const auto comments = json::parse(list->body)["comments"];
  ASSERT_EQ(comments.size(), 3u);
  std::map<std::string, json> by_id;
  for (const auto& m : comments) by_id[m["id"]] = m;
  EXPECT_EQ(by_id["1"]["sentiment"], "positive");
  EXPECT_EQ(by_id["2"]["sentiment"], "negative");
  EXPECT_EQ(by_id["1"]["classifier"], "builtin");
  EXPECT_TRUE(by_id["1"]["sentiment_score"].is_number());
  EXPECT_TRUE(by_id["1"]["classifier_version"].is_string());
  EXPECT_EQ(by_id["5"]["metadata"]["stars"], 3);
  auto tags = by_id["2"]["tags"];
  EXPECT_NE(std::find(tags.begin(), tags.end(), "quality"), tags.end()) << tags.dump();

  // Resent: nothing new, nothing reclassified; one changed text is.
  auto resent = Post(c, batch);
  EXPECT_EQ(resent["stored"]["inserted"], 0);
  EXPECT_EQ(resent["stored"]["unchanged"], 3);
  EXPECT_EQ(WaitForJob(resent["job"]["id"])["result"]["classify"]["classified"], 0);
  auto changed = Post(c, {{"comments", {{{"id", "5"}, {"text", "Adorei!"}, {"source", "site"}}}}});
  EXPECT_EQ(changed["stored"]["updated"], 1);
  EXPECT_EQ(WaitForJob(changed["job"]["id"])["result"]["classify"]["classified"], 1);
  EXPECT_EQ(json::parse(c.Get("/api/v1/feedback/comments?source=site")->body)["comments"].size(),
            3u);
  auto history = json::parse(c.Get("/api/v1/feedback/comments/site/5/history")->body)["history"];
  ASSERT_EQ(history.size(), 2u);
  EXPECT_EQ(history[0]["sentiment"], "positive");

  // Filters, CSV export, the summary.
  auto negative =
      json::parse(c.Get("/api/v1/feedback/comments?sentiment=negative&q=quebrado")->body);
  ASSERT_EQ(negative["comments"].size(), 1u);
  EXPECT_EQ(negative["comments"][0]["id"], "2");
  auto csv = c.Get("/api/v1/feedback/comments?format=csv&source=site");
  ASSERT_EQ(csv->status, 200);
  EXPECT_EQ(csv->body.rfind("source,id,text", 0), 0u) << csv->body;
  EXPECT_NE(csv->body.find("Péssimo, veio quebrado"), std::string::npos);
  auto summary = json::parse(c.Get("/api/v1/feedback/summary?source=site")->body);
  EXPECT_EQ(summary["comments"], 3);
  EXPECT_EQ(summary["sentiment"]["negative"], 1);

  // Scored against gold labels, beside the majority baseline.
  auto eval = c.Post("/api/v1/feedback/evaluations",
                     R"({"gold": [{"id": "1", "source": "site", "sentiment": "positive"},
                                  {"id": "2", "source": "site", "sentiment": "negative"},
                                  {"id": "9", "source": "site", "sentiment": "neutral"}]})",
                     "application/json");
  ASSERT_EQ(eval->status, 200) << eval->body;
  const auto e = json::parse(eval->body);
  EXPECT_EQ(e["not_found"], 1);
  EXPECT_EQ(e["sentiment"]["accuracy"], 1.0);
  EXPECT_TRUE(e["sentiment"]["majority_baseline"]["macro_f1"].is_number());
  EXPECT_EQ(e["sentiment"]["confusion"]["matrix"].size(), 3u);
}

TEST_F(FeedbackHttpTest, FilesAreImportedByJobs) {
  auto c = server_->Client();
  auto ndjson = c.Post("/api/v1/feedback/comments?source=app",
                       "{\"id\": \"n1\", \"text\": \"mto bom kkkk\"}\nnot json\n"
                       "{\"id\": \"n2\", \"text\": \"não gostei\"}\n",
                       "application/x-ndjson");
  ASSERT_EQ(ndjson->status, 202) << ndjson->body;
  auto job = WaitForJob(json::parse(ndjson->body)["job"]["id"]);
  ASSERT_EQ(job["status"], "succeeded") << job.dump();
  EXPECT_EQ(job["result"]["store"]["inserted"], 2);
  EXPECT_EQ(job["result"]["store"]["rejected"], 1);
  EXPECT_EQ(job["result"]["store"]["errors"][0]["index"], 1);
  EXPECT_EQ(job["result"]["classify"]["classified"], 2);

  httplib::MultipartFormDataItems form = {
      {"file", "comentario;quando\n\"Entrega atrasou, péssimo\";2024-03-01\nAdorei;02/03/2024\n",
       "reviews.csv", "text/csv"},
      {"text_column", "comentario", "", ""},
      {"date_column", "quando", "", ""},
      {"source", "reviews", "", ""}};
  auto csv = c.Post("/api/v1/feedback/comments", form);
  ASSERT_EQ(csv->status, 202) << csv->body;
  job = WaitForJob(json::parse(csv->body)["job"]["id"]);
  ASSERT_EQ(job["status"], "succeeded") << job.dump();
  EXPECT_EQ(job["result"]["store"]["inserted"], 2);
  auto list = json::parse(c.Get("/api/v1/feedback/comments?source=reviews&from=2024-03-02")->body);
  ASSERT_EQ(list["comments"].size(), 1u);
  EXPECT_EQ(list["comments"][0]["text"], "Adorei");

  // Bad options fail the request, not a job.
  auto bad = c.Post("/api/v1/feedback/comments?format=xml", "x", "text/plain");
  testing::ExpectError(bad, 400, "invalid_argument");
}

TEST_F(FeedbackHttpTest, PermissionsAndApiKeys) {
  const json one = {{"comments", {{{"id", "k1"}, {"text", "bom"}, {"source", "key"}}}}};
  auto vera = As(server_->Login("vera", "viewer-password"));
  auto refused = vera.Post("/api/v1/feedback/comments", one.dump(), "application/json");
  testing::ExpectError(refused, 403, "permission_denied");
  EXPECT_EQ(json::parse(refused->body)["error"]["details"]["required"], "feedback.write");
  testing::ExpectError(
      server_->Client(false).Post("/api/v1/feedback/comments", one.dump(), "application/json"), 401,
      "unauthenticated");
  // An ETL client with a key that can only send comments.
  auto ana = As(server_->Login("ana", "analyst-password"));
  auto created = ana.Post("/api/v1/auth/api-keys", R"({"name":"etl","scopes":["feedback.write"]})",
                          "application/json");
  ASSERT_EQ(created->status, 201) << created->body;
  const std::string key = json::parse(created->body)["key"];
  auto etl = server_->Client(false);
  auto sent =
      etl.Post("/api/v1/feedback/comments", {{"X-API-Key", key}}, one.dump(), "application/json");
  ASSERT_EQ(sent->status, 202) << sent->body;
  testing::ExpectError(etl.Get("/api/v1/feedback/comments", {{"X-API-Key", key}}), 403,
                       "permission_denied");
  // Oversized batches are refused whole, with the limit.
  json many = {{"comments", json::array()}};
  for (int i = 0; i < 10001; ++i)
    many["comments"].push_back({{"id", std::to_string(i)}, {"text", "x"}});
  auto c = server_->Client();
  auto too_many = c.Post("/api/v1/feedback/comments", many.dump(), "application/json");
  testing::ExpectError(too_many, 400, "invalid_argument");
  EXPECT_EQ(json::parse(too_many->body)["error"]["details"]["limit"], "10000");
}

TEST_F(FeedbackHttpTest, PublicReportWithoutTokenIsCached) {
  auto c = server_->Client();
  auto accepted =
      Post(c, {{"comments",
                {{{"id", "r1"}, {"text", "Adorei, me liga (11) 98765-4321"}, {"source", "report"}},
                 {{"id", "r2"}, {"text", "Horrível, atrasou"}, {"source", "report"}}}}});
  ASSERT_EQ(WaitForJob(accepted["job"]["id"])["status"], "succeeded");
  auto anonymous = server_->Client(false);
  auto first = anonymous.Get("/api/v1/feedback/report");
  ASSERT_EQ(first->status, 200) << first->body;
  const auto report = json::parse(first->body);
  for (const char* key :
       {"snapshot_at", "sentiment_share", "sentiment_over_time", "top_tags", "highlights"}) {
    EXPECT_TRUE(report.contains(key)) << key;
  }
  EXPECT_EQ(first->body.find("98765"), std::string::npos) << "personal data masked";
  EXPECT_EQ(first->body.find("\"author\""), std::string::npos);
  const std::string etag = first->get_header_value("ETag");
  ASSERT_FALSE(etag.empty());
  EXPECT_NE(first->get_header_value("Cache-Control").find("max-age="), std::string::npos);
  // Within the cache period new comments do not change the snapshot: same ETag, 304 on
  // revalidation.
  auto more = Post(c, {{"comments", {{{"id", "r3"}, {"text", "bom"}, {"source", "report"}}}}});
  ASSERT_EQ(WaitForJob(more["job"]["id"])["status"], "succeeded");
  auto second = anonymous.Get("/api/v1/feedback/report");
  EXPECT_EQ(second->get_header_value("ETag"), etag);
  EXPECT_EQ(second->body, first->body);
  auto revalidated = anonymous.Get("/api/v1/feedback/report", {{"If-None-Match", etag}});
  EXPECT_EQ(revalidated->status, 304);
}

TEST_F(FeedbackHttpTest, ClassifyAndTaxonomy) {
  auto c = server_->Client();
  auto r = c.Post("/api/v1/feedback/classify", R"({"texts": ["não gostei", "amei 😍"]})",
                  "application/json");
  ASSERT_EQ(r->status, 200) << r->body;
  const auto items = json::parse(r->body)["classifications"];
  EXPECT_EQ(items[0]["sentiment"], "negative");
  EXPECT_EQ(items[1]["sentiment"], "positive");
  auto taxonomy = json::parse(c.Get("/api/v1/feedback/taxonomy")->body);
  EXPECT_EQ(taxonomy["classifier"], "builtin");
  EXPECT_GE(taxonomy["tags"].size(), 10u);
}

// Reviews with labels a model can learn: each class has its own words.
json LabelledReviews() {
  const char* products[] = {"o fone",   "a camiseta", "o celular",
                            "a panela", "o tênis",    "a mochila"};
  const char* good[] = {"é ótimo, adorei", "é excelente, recomendo", "superou as expectativas"};
  const char* bad[] = {"é péssimo, detestei", "veio quebrado, horrível", "é uma porcaria"};
  const char* meh[] = {"chegou hoje, vou testar", "é da cor azul", "veio na caixa"};
  json comments = json::array();
  int id = 0;
  for (const char* p : products) {
    for (int k = 0; k < 3; ++k) {
      comments.push_back({{"id", std::to_string(id++)},
                          {"text", std::string(p) + " " + good[k]},
                          {"source", "rev"},
                          {"metadata", {{"gold", "positive"}}}});
      comments.push_back({{"id", std::to_string(id++)},
                          {"text", std::string(p) + " " + bad[k]},
                          {"source", "rev"},
                          {"metadata", {{"gold", "negative"}}}});
      comments.push_back({{"id", std::to_string(id++)},
                          {"text", std::string(p) + " " + meh[k]},
                          {"source", "rev"},
                          {"metadata", {{"gold", "neutral"}}}});
    }
  }
  return comments;
}

TEST_F(FeedbackHttpTest, RelabelTrainActivateAndRollBack) {
  auto c = server_->Client();
  const json comments = LabelledReviews();
  auto accepted = Post(c, {{"comments", comments}});
  ASSERT_EQ(WaitForJob(accepted["job"]["id"])["status"], "succeeded");
  // An analyst relabels every comment (the web UI's action): gold labels.
  auto ana = As(server_->Login("ana", "analyst-password"));
  for (const auto& m : comments) {
    auto r = ana.Post("/api/v1/feedback/comments/rev/" + m["id"].get<std::string>() + "/label",
                      json{{"sentiment", m["metadata"]["gold"]}}.dump(), "application/json");
    ASSERT_TRUE(r);
    ASSERT_EQ(r->status, 200) << r->body;
    EXPECT_EQ(json::parse(r->body)["label"]["labelled_by"], "ana");
  }
  testing::ExpectError(ana.Post("/api/v1/feedback/comments/rev/404/label",
                                R"({"sentiment":"positive"})", "application/json"),
                       404, "not_found");
  testing::ExpectError(
      ana.Post("/api/v1/feedback/comments/rev/1/label", R"({"stars":5})", "application/json"), 400,
      "invalid_argument");
  auto vera = As(server_->Login("vera", "viewer-password"));
  testing::ExpectError(vera.Post("/api/v1/feedback/comments/rev/1/label",
                                 R"({"sentiment":"positive"})", "application/json"),
                       403, "permission_denied");
  auto listed = c.Get("/api/v1/feedback/comments?source=rev&limit=1");
  ASSERT_EQ(listed->status, 200);
  EXPECT_TRUE(json::parse(listed->body)["comments"][0]["label"]["sentiment"].is_string());

  // Trained on the gold labels by a job, cross-validated, activated.
  testing::ExpectError(c.Post("/api/v1/feedback/models", R"({"folds":1})", "application/json"), 400,
                       "invalid_argument");
  auto train =
      c.Post("/api/v1/feedback/models", R"({"folds":3,"activate":true})", "application/json");
  ASSERT_EQ(train->status, 202) << train->body;
  auto job = WaitForJob(json::parse(train->body)["job"]["id"]);
  ASSERT_EQ(job["status"], "succeeded") << job.dump();
  const auto model = job["result"]["model"];
  EXPECT_EQ(model["items"], comments.size());
  EXPECT_TRUE(model["active"]);
  EXPECT_GT(model["cross_validation"]["sentiment"]["macro_f1"].get<double>(), 0.6);
  const std::string v1 = model["id"];

  auto classified = c.Post("/api/v1/feedback/classify", R"({"text":"a mochila é ótima, adorei"})",
                           "application/json");
  ASSERT_EQ(classified->status, 200);
  auto first = json::parse(classified->body)["classifications"][0];
  EXPECT_EQ(first["classifier"], "trained") << first.dump();
  EXPECT_EQ(first["classifier_version"], v1);
  EXPECT_EQ(first["sentiment"], "positive");

  // Back to the builtin classifier, then forward again; the list says which is active.
  auto back = c.Post("/api/v1/feedback/models/builtin/activate", "", "application/json");
  ASSERT_EQ(back->status, 200) << back->body;
  EXPECT_EQ(json::parse(back->body)["classifier"]["name"], "builtin");
  auto again = c.Post("/api/v1/feedback/models/" + v1 + "/activate", "", "application/json");
  ASSERT_EQ(again->status, 200) << again->body;
  auto models = json::parse(c.Get("/api/v1/feedback/models")->body);
  ASSERT_EQ(models["models"].size(), 1u);
  EXPECT_TRUE(models["models"][0]["active"]);
  EXPECT_EQ(models["classifier"]["version"], v1);
  testing::ExpectError(c.Get("/api/v1/feedback/models/nope"), 404, "not_found");

  // Reclassified with the trained model: the history keeps the builtin result too.
  auto re = c.Post("/api/v1/feedback/reclassify", R"({"source":"rev"})", "application/json");
  ASSERT_EQ(re->status, 202) << re->body;
  ASSERT_EQ(WaitForJob(json::parse(re->body)["job"]["id"])["status"], "succeeded");
  auto history = json::parse(c.Get("/api/v1/feedback/comments/rev/0/history")->body)["history"];
  ASSERT_EQ(history.size(), 2u);
  EXPECT_EQ(history[0]["classifier"], "trained");
  EXPECT_EQ(history[1]["classifier"], "builtin");
  ASSERT_EQ(c.Post("/api/v1/feedback/models/builtin/activate", "", "application/json")->status,
            200);
}

TEST_F(FeedbackHttpTest, WeeklySummaryComparesWithTheWeekBefore) {
  auto c = server_->Client();
  json comments = json::array();
  // 2019-W09 (Feb 25 - Mar 3): two comments; 2019-W10 (Mar 4 - 10): four, delays rising.
  const char* rows[][3] = {{"w1", "2019-02-26", "Produto ótimo, adorei"},
                           {"w2", "2019-02-27", "A entrega atrasou"},
                           {"w3", "2019-03-04", "A entrega atrasou muito, péssimo"},
                           {"w4", "2019-03-05", "Pedido atrasado de novo, que demora"},
                           {"w5", "2019-03-06", "Entrega atrasou e veio quebrado"},
                           {"w6", "2019-03-07", "Amei o produto, excelente"}};
  for (const auto& r : rows) {
    comments.push_back({{"id", r[0]}, {"created_at", r[1]}, {"text", r[2]}, {"source", "weekly"}});
  }
  auto accepted = Post(c, {{"comments", comments}});
  ASSERT_EQ(WaitForJob(accepted["job"]["id"])["status"], "succeeded");
  auto r = c.Get("/api/v1/feedback/summaries/2019-W10");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  const auto w = json::parse(r->body);
  EXPECT_EQ(w["week"], "2019-W10");
  EXPECT_EQ(w["from"], "2019-03-04");
  EXPECT_EQ(w["to"], "2019-03-10");
  EXPECT_EQ(w["comments"], 4);
  EXPECT_EQ(w["previous_comments"], 2);
  EXPECT_TRUE(w["net_sentiment_change"].is_number());
  ASSERT_FALSE(w["top_tags"].empty());
  bool delay_rising = false;
  for (const auto& t : w["rising_tags"]) delay_rising = delay_rising || t["tag"] == "delay";
  EXPECT_TRUE(delay_rising) << w.dump();
  EXPECT_NE(w["text"]["pt"].get<std::string>().find("Semana 2019-W10"), std::string::npos);
  EXPECT_NE(w["text"]["en"].get<std::string>().find("4 comments"), std::string::npos);
  // A date in the week is the same week.
  EXPECT_EQ(json::parse(c.Get("/api/v1/feedback/summaries/2019-03-09")->body)["week"], "2019-W10");
  testing::ExpectError(c.Get("/api/v1/feedback/summaries/2019-W60"), 400, "invalid_argument");
  // The filtered summary no longer doubles as the weekly one: it points to the route.
  testing::ExpectError(c.Get("/api/v1/feedback/summary?week=2019-W10"), 400, "invalid_argument");
  // The list: the weeks with comments, newest first.
  auto list = c.Get("/api/v1/feedback/summaries?limit=52");
  ASSERT_EQ(list->status, 200) << list->body;
  std::vector<std::string> weeks;
  const auto listed = json::parse(list->body);
  for (const auto& s : listed["summaries"]) weeks.push_back(s["week"].get<std::string>());
  const auto w10 = std::find(weeks.begin(), weeks.end(), "2019-W10");
  const auto w09 = std::find(weeks.begin(), weeks.end(), "2019-W09");
  ASSERT_NE(w10, weeks.end()) << list->body;
  ASSERT_NE(w09, weeks.end()) << list->body;
  EXPECT_LT(w10, w09);
  testing::ExpectError(c.Get("/api/v1/feedback/summaries?limit=0"), 400, "invalid_argument");
  testing::ExpectError(c.Get("/api/v1/feedback/summaries?week=1"), 400, "invalid_argument");
}

TEST(FeedbackLlmTest, ClassifiesInBatchesAndFallsBackWithAWarning) {
  testing::ScriptedModel model;
  // One prompt for both comments; the answer leaves the second out.
  model.Push({.content = R"({"results": [{"i": 0, "sentiment": "positive", "score": 0.8,
      "tags": ["delivery"], "keyphrases": ["chegou antes"]}]})"});
  model.SetFallback({.status = 500, .raw_body = "down"});
  testing::ServerProcess server(
      {.config_toml = "[llm]\nbase_url = \"" + model.base_url() +
                      "\"\nmodel = \"scripted\"\nmax_retries = 0\n[feedback]\nengine = "
                      "\"llm\"\n"});
  auto c = server.Client();
  const json batch = {{"comments",
                       {{{"id", "1"}, {"text", "Chegou antes do prazo"}, {"source", "llm"}},
                        {{"id", "2"}, {"text", "Péssimo, não gostei"}, {"source", "llm"}}}}};
  auto r = c.Post("/api/v1/feedback/comments", batch.dump(), "application/json");
  ASSERT_EQ(r->status, 202) << r->body;
  const std::string job = json::parse(r->body)["job"]["id"];
  json state;
  for (int i = 0; i < 600; ++i) {
    state = json::parse(c.Get("/api/v1/jobs/" + job)->body);
    if (state["status"] != "queued" && state["status"] != "running") break;
    std::this_thread::sleep_for(50ms);
  }
  ASSERT_EQ(state["status"], "succeeded") << state.dump();
  auto list = json::parse(c.Get("/api/v1/feedback/comments?source=llm")->body)["comments"];
  ASSERT_EQ(list.size(), 2u);
  // The model answered the first comment of its prompt only (the job's order, not the ids').
  int by_model = 0, by_fallback = 0;
  for (const auto& m : list) {
    if (m["classifier"] == "llm") {
      ++by_model;
      EXPECT_EQ(m["sentiment"], "positive");
      EXPECT_EQ(m["tags"], json::array({"delivery"}));
      EXPECT_TRUE(m["warning"].is_null());
    } else {
      ++by_fallback;
      EXPECT_EQ(m["classifier"], "builtin");
      EXPECT_NE(m["warning"].get<std::string>().find("left this comment out"), std::string::npos);
    }
  }
  EXPECT_EQ(by_model, 1);
  EXPECT_EQ(by_fallback, 1);
  ASSERT_EQ(model.requests().size(), 1u);
  EXPECT_EQ(model.requests()[0]["response_format"]["type"], "json_schema");
  // The model down: the text still gets a result, from the fallback, with the warning.
  auto one = c.Post("/api/v1/feedback/classify", R"({"text":"Adorei"})", "application/json");
  ASSERT_EQ(one->status, 200) << one->body;
  const auto result = json::parse(one->body)["classifications"][0];
  EXPECT_EQ(result["classifier"], "builtin");
  EXPECT_TRUE(result["warning"].is_string());
  EXPECT_EQ(server.Stop(), 0);
}

TEST(FeedbackCliTest, TrainFromFileAndEvaluateTheVersion) {
  testing::TempDir dir;
  std::string csv = "texto,nota,tags\n";
  for (const auto& m : LabelledReviews()) {
    const std::string gold = m["metadata"]["gold"];
    csv += "\"" + m["text"].get<std::string>() + "\"," + gold + "," +
           (gold == "negative" ? "quality" : "") + "\n";
  }
  const auto file = testing::WriteFile(dir / "labelled.csv", csv);
  const std::vector<std::string> data = {"--data-dir", (dir / "data").string()};
  auto args = data;
  for (const char* a : {"--json", "feedback", "train", file.c_str(), "--text-column", "texto",
                        "--label-column", "nota", "--tags-column", "tags", "--folds", "3"})
    args.push_back(a);
  auto trained = testing::RunSagaz(args);
  ASSERT_EQ(trained.exit_code, 0) << trained.err;
  const auto model = json::parse(trained.out);
  EXPECT_EQ(model["items"], 54);
  EXPECT_FALSE(model["active"]);
  EXPECT_EQ(model["tags"], json::array({"quality"}));
  EXPECT_TRUE(model["cross_validation"]["tags"]["micro_f1"].is_number());
  const std::string id = model["id"];

  args = data;
  for (const char* a : {"feedback", "models"}) args.push_back(a);
  auto listed = testing::RunSagaz(args);
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  EXPECT_NE(listed.out.find(id), std::string::npos) << listed.out;
  EXPECT_NE(listed.out.find("builtin"), std::string::npos) << listed.out;

  args = data;
  for (const char* a : {"--json", "feedback", "eval", file.c_str(), "--text-column", "texto",
                        "--label-column", "nota", "--classifier"})
    args.push_back(a);
  args.push_back(id);
  auto eval = testing::RunSagaz(args);
  ASSERT_EQ(eval.exit_code, 0) << eval.err;
  EXPECT_EQ(json::parse(eval.out)["classifier"], "trained");

  args = data;
  for (const char* a : {"feedback", "activate"}) args.push_back(a);
  args.push_back(id);
  auto activated = testing::RunSagaz(args);
  ASSERT_EQ(activated.exit_code, 0) << activated.err;
  args = data;
  for (const char* a : {"feedback", "activate", "nope"}) args.push_back(a);
  EXPECT_NE(testing::RunSagaz(args).exit_code, 0);
}

TEST(FeedbackCliTest, ImportClassifyEval) {
  testing::TempDir dir;
  const auto csv = testing::WriteFile(dir / "reviews.csv",
                                      "id,texto,nota\n1,\"Ótimo, recomendo\",5\n2,Péssimo,1\n"
                                      "3,\"Chegou, ok\",3\n4,,2\n");
  const std::vector<std::string> data = {"--data-dir", (dir / "data").string()};
  auto args = data;
  for (const char* a : {"feedback", "import", csv.c_str(), "--text-column", "texto"})
    args.push_back(a);
  auto imported = testing::RunSagaz(args);
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  EXPECT_NE(imported.out.find("3 new"), std::string::npos) << imported.out;
  EXPECT_NE(imported.out.find("1 rejected"), std::string::npos) << imported.out;
  auto again = testing::RunSagaz(args);
  EXPECT_NE(again.out.find("0 new"), std::string::npos) << again.out;
  EXPECT_NE(again.out.find("unchanged"), std::string::npos) << again.out;

  args = data;
  for (const char* a : {"--json", "feedback", "list"}) args.push_back(a);
  auto list = testing::RunSagaz(args);
  ASSERT_EQ(list.exit_code, 0) << list.err;
  EXPECT_EQ(json::parse(list.out)["comments"].size(), 3u);

  auto eval = testing::RunSagaz({"--json", "feedback", "eval", csv.string(), "--text-column",
                                 "texto", "--label-column", "nota"});
  ASSERT_EQ(eval.exit_code, 0) << eval.err;
  const auto e = json::parse(eval.out);
  EXPECT_EQ(e["items"], 3);
  EXPECT_EQ(e["skipped"], 1);
  EXPECT_TRUE(e["majority_baseline"]["macro_f1"].is_number());

  auto classify = testing::RunSagaz({"feedback", "classify", "não gostei", "--explain"});
  ASSERT_EQ(classify.exit_code, 0) << classify.err;
  EXPECT_EQ(classify.out.rfind("negative", 0), 0u) << classify.out;
}

TEST(FeedbackCliTest, ImportsALoadedDatasetAndScoresTags) {
  testing::TempDir dir;
  const auto csv = testing::WriteFile(
      dir / "avaliacoes.csv",
      "codigo,comentario,data\n10,A entrega atrasou muito,2026-11-02\n11,Preço ótimo,2026-11-03\n"
      "12,,2026-11-04\n");
  const std::vector<std::string> data = {"--data-dir", (dir / "data").string()};
  auto args = data;
  for (const char* a : {"ingest", csv.c_str()}) args.push_back(a);
  ASSERT_EQ(testing::RunSagaz(args).exit_code, 0);
  args = data;
  for (const char* a : {"--json", "feedback", "import", "--dataset", "avaliacoes", "--text-column",
                        "comentario", "--id-column", "codigo", "--date-column", "data"})
    args.push_back(a);
  auto imported = testing::RunSagaz(args);
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  const auto report = json::parse(imported.out)["store"];
  EXPECT_EQ(report["inserted"], 2) << imported.out;
  EXPECT_EQ(report["rejected"], 1) << imported.out;  // the empty text, reported with its index
  EXPECT_EQ(report["errors"][0]["index"], 2) << imported.out;
  args = data;
  for (const char* a : {"--json", "feedback", "list", "--source", "avaliacoes"}) args.push_back(a);
  const auto listed = json::parse(testing::RunSagaz(args).out)["comments"];
  ASSERT_EQ(listed.size(), 2u);
  std::set<std::string> ids;
  for (const auto& c : listed) ids.insert(c["id"].get<std::string>());
  EXPECT_EQ(ids, (std::set<std::string>{"10", "11"}));
  // A column it lacks, and a dataset that is not there, are clear errors.
  args = data;
  for (const char* a : {"feedback", "import", "--dataset", "avaliacoes", "--text-column", "texto"})
    args.push_back(a);
  auto missing = testing::RunSagaz(args);
  EXPECT_NE(missing.exit_code, 0);
  EXPECT_NE(missing.err.find("comentario"), std::string::npos) << missing.err;
  args = data;
  for (const char* a : {"feedback", "import", "--dataset", "nope"}) args.push_back(a);
  EXPECT_NE(testing::RunSagaz(args).exit_code, 0);

  // Tags scored against gold tags, only those asked for.
  const auto gold = testing::WriteFile(
      dir / "tags.csv", "tags,text\ndelivery;delay,A entrega atrasou\nprice,Muito caro\n");
  auto tags = testing::RunSagaz({"--json", "feedback", "eval", gold.string(), "--label-column", "",
                                 "--tags-column", "tags", "--tags", "delivery,delay,price"});
  ASSERT_EQ(tags.exit_code, 0) << tags.err;
  const auto t = json::parse(tags.out)["tags"];
  EXPECT_EQ(t["items"], 2);
  EXPECT_DOUBLE_EQ(t["micro_f1"].get<double>(), 1.0) << tags.out;
}

}  // namespace
}  // namespace sagaz
