// Forecast as a user runs it: a COTAHIST file ingested with `sagaz ingest`, models trained,
// listed, reported, predicted and rolled back from the CLI; the same over HTTP with training as a
// job; a damaged model file; and, when ../shared/data/b3 is present, real B3 quotes that must come
// out near chance with every baseline beside them.
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

#include "forecast/synthetic.hpp"
#include "support/support.hpp"

namespace sagaz {
namespace {

using nlohmann::json;
using testing::RunSagaz;

// Two tickers over 800 business days: one with a learnable weekly mean reversion, one random.
std::filesystem::path WriteQuotes(const testing::TempDir& dir) {
  auto a = forecast::testing::MeanReverting(800, 21, 0.75);
  a.ticker = "AAAA3";
  auto b = forecast::testing::RandomWalk(800, 22);
  b.ticker = "BBBB4";
  const auto path = dir / "COTAHIST_A2019.TXT";
  forecast::testing::WriteCotahist(path.string(), {a, b});
  return path;
}

std::vector<std::string> Args(const std::string& data, std::vector<std::string> rest) {
  std::vector<std::string> out = {"--data-dir", data};
  out.insert(out.end(), rest.begin(), rest.end());
  return out;
}

TEST(ForecastCli, IngestTrainReportPredictRollBack) {
  testing::TempDir dir;
  const std::string data = (dir / "data").string();
  const auto file = WriteQuotes(dir);
  auto ingest = RunSagaz(Args(data, {"ingest", file.string()}));
  ASSERT_EQ(ingest.exit_code, 0) << ingest.err;
  EXPECT_NE(ingest.out.find("COTAHIST"), std::string::npos) << ingest.out;

  auto sql = RunSagaz(Args(data, {"--json", "sql",
                                  "SELECT count(*) AS n, count(DISTINCT ticker) AS t FROM "
                                  "cotahist_a2019"}));
  ASSERT_EQ(sql.exit_code, 0) << sql.err;
  EXPECT_NE(sql.out.find("1600"), std::string::npos) << sql.out;  // options, odd lots, funds out

  auto train =
      RunSagaz(Args(data, {"forecast", "train", "cotahist_a2019", "--ticker", "AAAA3", "--model",
                           "logistic", "--min-train", "300", "--retrain-every", "100"}));
  ASSERT_EQ(train.exit_code, 0) << train.err;
  for (const char* baseline : {"majority", "persistence", "always_up", "shuffled_labels"}) {
    EXPECT_NE(train.out.find(baseline), std::string::npos) << baseline << "\n" << train.out;
  }
  EXPECT_NE(train.out.find("LEAKAGE WARNING"), std::string::npos) << train.out;  // real skill > 55%

  auto both = RunSagaz(
      Args(data, {"--json", "forecast", "train", "cotahist_a2019", "--model", "gbdt", "--trees",
                  "40", "--min-train", "300", "--retrain-every", "100", "--threads", "2"}));
  ASSERT_EQ(both.exit_code, 0) << both.err;
  const auto trained = json::parse(both.out);
  ASSERT_EQ(trained["models"].size(), 2u) << both.out;
  std::string newest_a, random_id;
  for (const auto& m : trained["models"]) {
    EXPECT_TRUE(m["active"].get<bool>());
    if (m["ticker"] == "AAAA3") {
      newest_a = m["id"];
      EXPECT_EQ(m["version"], 2);
      EXPECT_GT(m["evaluation"]["model"]["balanced_accuracy"].get<double>(), 0.6);
    } else {
      random_id = m["id"];
      EXPECT_LT(m["evaluation"]["model"]["balanced_accuracy"].get<double>(), 0.56);
      EXPECT_FALSE(m["evaluation"]["beats_baselines"].get<bool>());
    }
  }

  auto list = RunSagaz(Args(data, {"--json", "forecast", "models"}));
  ASSERT_EQ(list.exit_code, 0) << list.err;
  EXPECT_EQ(json::parse(list.out)["models"].size(), 3u);

  auto predict = RunSagaz(Args(data, {"--json", "forecast", "predict", "cotahist_a2019"}));
  ASSERT_EQ(predict.exit_code, 0) << predict.err;
  const auto calls = json::parse(predict.out)["predictions"];
  ASSERT_EQ(calls.size(), 2u);
  for (const auto& p : calls) {
    EXPECT_GE(p["probability_up"].get<double>(), 0.0);
    EXPECT_LE(p["probability_up"].get<double>(), 1.0);
    EXPECT_EQ(p["baselines"].size(), 4u);
    EXPECT_FALSE(p["as_of"].get<std::string>().empty());
  }

  // A damaged file: the previous version serves, and says so.
  {
    std::ofstream out(dir / "data" / "models" / "forecast" / newest_a / "model.bin",
                      std::ios::binary | std::ios::trunc);
    out << "not a model";
  }
  auto fallback = RunSagaz(
      Args(data, {"--json", "forecast", "predict", "cotahist_a2019", "--ticker", "AAAA3"}));
  ASSERT_EQ(fallback.exit_code, 0) << fallback.err;
  const auto p = json::parse(fallback.out)["predictions"][0];
  EXPECT_EQ(p["model"]["version"], 1);
  EXPECT_NE(p["warnings"][0]["en"].get<std::string>().find("damaged"), std::string::npos)
      << p.dump();
  EXPECT_EQ(p["warnings"][0]["code"], "damaged_version");
  EXPECT_FALSE(p["warnings"][0]["pt"].get<std::string>().empty());
  auto activate = RunSagaz(Args(data, {"forecast", "models", "activate", newest_a}));
  EXPECT_EQ(activate.exit_code, 1);
  EXPECT_NE(activate.err.find("damaged"), std::string::npos) << activate.err;

  auto compare = RunSagaz(Args(data, {"forecast", "models", "compare", newest_a, random_id}));
  ASSERT_EQ(compare.exit_code, 0) << compare.err;
  EXPECT_NE(compare.out.find("best baseline"), std::string::npos) << compare.out;
  EXPECT_NE(compare.out.find("BBBB4"), std::string::npos);
  // `forecast compare` answers in the API's shape (the same parser and service).
  auto compared = RunSagaz(Args(data, {"--json", "forecast", "compare", newest_a, random_id}));
  ASSERT_EQ(compared.exit_code, 0) << compared.err;
  const auto cmp = json::parse(compared.out);
  ASSERT_EQ(cmp["models"].size(), 2u) << compared.out;
  EXPECT_EQ(cmp["models"][0]["id"], newest_a);
  for (const auto& m : cmp["models"]) {
    EXPECT_TRUE(m["best_baseline"]["name"].is_string());
    EXPECT_TRUE(m["margin"].is_number());
  }
  for (const auto& n : cmp["notes"]) {
    EXPECT_FALSE(n["en"].get<std::string>().empty());
    EXPECT_FALSE(n["pt"].get<std::string>().empty());
  }
  auto by_dataset =
      RunSagaz(Args(data, {"--json", "forecast", "compare", "--dataset", "cotahist_a2019"}));
  ASSERT_EQ(by_dataset.exit_code, 0) << by_dataset.err;
  EXPECT_EQ(json::parse(by_dataset.out)["models"].size(), 2u) << by_dataset.out;
  auto one = RunSagaz(Args(data, {"forecast", "compare", newest_a}));
  EXPECT_EQ(one.exit_code, 1);
  EXPECT_NE(one.err.find("compare 2 to 50 models"), std::string::npos) << one.err;

  auto report = RunSagaz(Args(data, {"forecast", "report", random_id}));
  ASSERT_EQ(report.exit_code, 0) << report.err;
  EXPECT_NE(report.out.find("does NOT beat"), std::string::npos) << report.out;
  EXPECT_NE(report.out.find("Folds"), std::string::npos);

  EXPECT_EQ(RunSagaz(Args(data, {"forecast", "models", "rm", newest_a})).exit_code, 0);
  auto gone = RunSagaz(Args(data, {"forecast", "report", newest_a}));
  EXPECT_EQ(gone.exit_code, 1);
  EXPECT_NE(gone.err.find("does not exist"), std::string::npos);

  // A parameter search inside the training windows: stored with the version and shown.
  auto searched = RunSagaz(
      Args(data, {"--json", "forecast", "train", "cotahist_a2019", "--ticker", "BBBB4", "--model",
                  "logistic", "--min-train", "300", "--retrain-every", "100", "--search", "3"}));
  ASSERT_EQ(searched.exit_code, 0) << searched.err;
  const auto sm = json::parse(searched.out)["models"][0];
  ASSERT_TRUE(sm["search"].is_object()) << searched.out;
  EXPECT_EQ(sm["search"]["budget"], 3);
  EXPECT_EQ(sm["search"]["tried"].size(), 3u);
  EXPECT_EQ(sm["search"]["validation"], "walk-forward");
  EXPECT_GT(sm["search"]["folds"].get<int>(), 0);
  EXPECT_EQ(sm["search"]["chosen"]["l2"], sm["config"]["params"]["l2"]);
  EXPECT_EQ(sm["config"]["search_budget"], 3);
  auto search_report = RunSagaz(Args(data, {"forecast", "report", sm["id"].get<std::string>()}));
  ASSERT_EQ(search_report.exit_code, 0) << search_report.err;
  EXPECT_NE(search_report.out.find("searched: best of 3 candidates"), std::string::npos)
      << search_report.out;
  auto full =
      RunSagaz(Args(data, {"--json", "forecast", "models", "show", sm["id"].get<std::string>()}));
  ASSERT_EQ(full.exit_code, 0) << full.err;
  for (const auto& f : json::parse(full.out)["evaluation"]["folds"]) {
    EXPECT_TRUE(f["params"].is_object()) << f.dump();  // searched inside each training window
  }

  auto bad = RunSagaz(Args(data, {"forecast", "train", "cotahist_a2019", "--model", "svm"}));
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.err.find("random_forest"), std::string::npos) << bad.err;
  auto short_history = RunSagaz(Args(
      data, {"forecast", "train", "cotahist_a2019", "--ticker", "AAAA3", "--min-train", "2000"}));
  EXPECT_EQ(short_history.exit_code, 1);
  EXPECT_NE(short_history.err.find("not enough history"), std::string::npos) << short_history.err;
}

TEST(ForecastHttp, TrainAsAJobThenPredictActivateDelete) {
  testing::ServerProcess server;
  auto c = server.Client();
  testing::TempDir dir;
  const auto file = WriteQuotes(dir);
  std::ifstream in(file, std::ios::binary);
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  httplib::MultipartFormDataItems form = {{"name", "quotes", "", ""},
                                          {"file", bytes, "COTAHIST_A2019.TXT", "text/plain"}};
  auto up = c.Post("/api/v1/datasets", form);
  ASSERT_TRUE(up);
  ASSERT_EQ(up->status, 201) << up->body;

  const json body = {
      {"dataset", "quotes"}, {"ticker", "BBBB4"},    {"horizon", 5}, {"model", "random_forest"},
      {"min_train", 300},    {"retrain_every", 100}, {"trees", 30}};
  auto accepted = c.Post("/api/v1/forecast/models", body.dump(), "application/json");
  ASSERT_TRUE(accepted);
  ASSERT_EQ(accepted->status, 202) << accepted->body;
  const auto a = json::parse(accepted->body);
  const std::string job = a["job"]["id"], id = a["model"]["id"];
  json finished;
  for (int i = 0; i < 600; ++i) {
    finished = json::parse(c.Get("/api/v1/jobs/" + job)->body);
    if (finished["status"] != "queued" && finished["status"] != "running") break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_EQ(finished["status"], "succeeded") << finished.dump();

  auto model = c.Get("/api/v1/forecast/models/" + id);
  ASSERT_EQ(model->status, 200) << model->body;
  const auto m = json::parse(model->body);
  EXPECT_EQ(m["horizon"], 5);
  EXPECT_EQ(m["config"]["purge"], 5);
  EXPECT_FALSE(m["evaluation"]["folds"].empty());
  EXPECT_FALSE(m["evaluation"]["calls"].empty());
  EXPECT_EQ(m["evaluation"]["baselines"].size(), 4u);
  EXPECT_EQ(m["checksum"].get<std::string>().size(), 64u);

  auto list = json::parse(c.Get("/api/v1/forecast/models?dataset=quotes")->body);
  ASSERT_EQ(list["models"].size(), 1u);
  EXPECT_FALSE(list["models"][0]["evaluation"].contains("calls"));

  auto predict =
      c.Post("/api/v1/forecast/predict", json{{"dataset", "quotes"}, {"ticker", "BBBB4"}}.dump(),
             "application/json");
  ASSERT_EQ(predict->status, 200) << predict->body;
  const auto p = json::parse(predict->body);
  EXPECT_EQ(p["model"]["id"], id);
  EXPECT_EQ(p["horizon"], 5);
  EXPECT_TRUE(p["direction"] == "up" || p["direction"] == "down");

  // Predictions reuse the latest day's features until the data changes: the same call again
  // answers the same; after the dataset is dropped and made again from a longer history (its data
  // version starts over), the new last day counts.
  auto again = c.Post("/api/v1/forecast/predict",
                      json{{"dataset", "quotes"}, {"ticker", "BBBB4"}}.dump(), "application/json");
  ASSERT_EQ(again->status, 200) << again->body;
  EXPECT_EQ(json::parse(again->body)["as_of"], p["as_of"]);
  EXPECT_EQ(json::parse(again->body)["probability_up"], p["probability_up"]);
  {
    auto a = forecast::testing::MeanReverting(830, 21, 0.75);
    a.ticker = "AAAA3";
    auto b = forecast::testing::RandomWalk(830, 22);
    b.ticker = "BBBB4";
    const auto longer = dir / "COTAHIST_A2020.TXT";
    forecast::testing::WriteCotahist(longer.string(), {a, b});
    std::ifstream lin(longer, std::ios::binary);
    const std::string more((std::istreambuf_iterator<char>(lin)), std::istreambuf_iterator<char>());
    ASSERT_EQ(c.Delete("/api/v1/datasets/quotes")->status, 204);
    httplib::MultipartFormDataItems replace = {{"name", "quotes", "", ""},
                                               {"file", more, "COTAHIST_A2020.TXT", "text/plain"}};
    auto re = c.Post("/api/v1/datasets", replace);
    ASSERT_TRUE(re);
    ASSERT_LT(re->status, 300) << re->body;
  }
  auto after = c.Post("/api/v1/forecast/predict",
                      json{{"dataset", "quotes"}, {"ticker", "BBBB4"}}.dump(), "application/json");
  ASSERT_EQ(after->status, 200) << after->body;
  const auto q = json::parse(after->body);
  EXPECT_GT(q["as_of"].get<std::string>(), p["as_of"].get<std::string>()) << q.dump();
  EXPECT_FALSE(q["warnings"].empty());  // the data goes on after the model's training data

  // Side by side with the baselines: the dataset's active versions (one here: a random walk).
  auto compared =
      c.Post("/api/v1/forecast/compare", json{{"dataset", "quotes"}}.dump(), "application/json");
  ASSERT_EQ(compared->status, 200) << compared->body;
  const auto cmp = json::parse(compared->body);
  ASSERT_EQ(cmp["models"].size(), 1u);
  EXPECT_EQ(cmp["models"][0]["id"], id);
  EXPECT_NE(cmp["models"][0]["best_baseline"]["name"], "shuffled_labels");
  EXPECT_TRUE(cmp["best"].is_null()) << cmp.dump();  // a random walk beats nothing
  EXPECT_FALSE(cmp["notes"].empty());
  testing::ExpectError(
      c.Post("/api/v1/forecast/compare", json{{"models", {id}}}.dump(), "application/json"), 400,
      "invalid_argument");
  testing::ExpectError(c.Post("/api/v1/forecast/compare", json{{"models", {id, "fm_nope"}}}.dump(),
                              "application/json"),
                       404, "not_found");
  testing::ExpectError(
      c.Post("/api/v1/forecast/compare", json{{"tickers", {"A"}}}.dump(), "application/json"), 400,
      "invalid_argument");

  auto act = c.Post("/api/v1/forecast/models/" + id + "/activate", "", "application/json");
  EXPECT_EQ(act->status, 200) << act->body;
  testing::ExpectError(
      c.Post("/api/v1/forecast/models", json{{"dataset", "quotes"}, {"colour", "red"}}.dump(),
             "application/json"),
      400, "invalid_argument");
  testing::ExpectError(
      c.Post("/api/v1/forecast/models", json{{"dataset", "nope"}}.dump(), "application/json"), 404,
      "not_found");
  testing::ExpectError(
      c.Post("/api/v1/forecast/predict", json{{"dataset", "quotes"}, {"ticker", "AAAA3"}}.dump(),
             "application/json"),
      404, "not_found");
  testing::ExpectError(c.Get("/api/v1/forecast/models/bad%21id"), 400, "invalid_argument");
  EXPECT_EQ(c.Delete("/api/v1/forecast/models/" + id)->status, 204);
  testing::ExpectError(c.Get("/api/v1/forecast/models/" + id), 404, "not_found");
}

// Real B3 quotes (COTAHIST fields as CSV): direction at one day is a coin toss. Whatever the
// model, the baselines are there, shuffled labels are at chance, and nothing claims skill.
TEST(ForecastRealData, B3QuotesComeOutNearChance) {
  const auto shared = testing::SharedData();
  if (shared.empty() || !std::filesystem::exists(shared / "b3" / "PETR4.csv")) {
    GTEST_SKIP() << "../shared/data/b3 is absent";
  }
  testing::TempDir dir;
  const std::string data = (dir / "data").string();
  ASSERT_EQ(RunSagaz(Args(data, {"ingest", (shared / "b3" / "PETR4.csv").string()})).exit_code, 0);
  auto train =
      RunSagaz(Args(data, {"--json", "forecast", "train", "petr4", "--model", "logistic"}));
  ASSERT_EQ(train.exit_code, 0) << train.err;
  const auto m = json::parse(train.out)["models"][0];
  const auto& ev = m["evaluation"];
  EXPECT_EQ(ev["baselines"].size(), 4u);
  EXPECT_NEAR(ev["model"]["balanced_accuracy"].get<double>(), 0.5, 0.05) << ev.dump();
  EXPECT_NEAR(ev["baselines"][3]["balanced_accuracy"].get<double>(), 0.5, 0.05);
  EXPECT_FALSE(ev["leakage_suspected"].get<bool>());
  EXPECT_EQ(m["data"]["rows"], 1979);
}

}  // namespace
}  // namespace sagaz
