// Saved questions, dashboards, public links and exports against a real `sagaz serve` with the demo
// data (which ships the "Vendas" and "Sensores" dashboards), then `sagaz dashboards` on its data
// directory once the server has stopped.
#include <gtest/gtest.h>
#include <httplib.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <set>

#include "support/support.hpp"

namespace sagaz {
namespace {

using json = nlohmann::json;
using testing::ExpectError;

class DashboardsHttpTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    testing::ServerProcess::Options options;
    options.demo = true;
    options.users = {{"vic", "viewer", "viewer-password"}};
    server_ = new testing::ServerProcess(options);
  }
  static void TearDownTestSuite() {
    if (!stopped_) EXPECT_EQ(server_->Stop(), 0) << "graceful shutdown";
    delete server_;
  }
  static json Body(const httplib::Result& r) {
    return r ? json::parse(r->body, nullptr, false) : json();
  }
  static httplib::Result PostJson(httplib::Client& c, const std::string& path, const json& body) {
    return c.Post(path, body.dump(), "application/json");
  }
  static testing::ServerProcess* server_;
  static bool stopped_;  // the last test stops the server to run the CLI on its data directory
};

testing::ServerProcess* DashboardsHttpTest::server_ = nullptr;
bool DashboardsHttpTest::stopped_ = false;

TEST_F(DashboardsHttpTest, ShippedDashboardsOpenWithEveryCard) {
  auto c = server_->Client();
  auto list = Body(c.Get("/api/v1/dashboards"));
  std::map<std::string, std::string> ids;
  for (const auto& d : list["dashboards"]) ids[d["name"]] = d["id"];
  ASSERT_TRUE(ids.count("Vendas")) << list.dump();
  ASSERT_TRUE(ids.count("Sensores"));
  for (const auto& name : {"Vendas", "Sensores"}) {
    auto r = c.Get("/api/v1/dashboards/" + ids[name]);
    ASSERT_EQ(r->status, 200) << r->body;
    auto d = Body(r);
    ASSERT_GE(d["cards"].size(), 7u);
    for (const auto& card : d["cards"]) {
      EXPECT_TRUE(card["error"].is_null()) << name << ": " << card.dump();
      if (card["kind"] != "markdown") {
        EXPECT_FALSE(card["result"].is_null()) << card.dump();
      }
    }
  }
  // A date filter narrows the cards that have the column.
  auto jan = Body(
      c.Get("/api/v1/dashboards/" + ids["Vendas"] + "?filter.created_at=2024-01-01..2024-01-31"));
  bool narrowed = false;
  for (const auto& card : jan["cards"]) {
    if (card["result"].is_object() && !card["result"]["filters_applied"].empty()) narrowed = true;
  }
  EXPECT_TRUE(narrowed) << jan.dump();
  ExpectError(c.Get("/api/v1/dashboards/" + ids["Vendas"] + "?filter.created_at=ontem..hoje"), 400,
              "invalid_argument");
}

TEST_F(DashboardsHttpTest, QuestionDashboardPublicLinkAndRevoke) {
  auto c = server_->Client();
  auto created = PostJson(c, "/api/v1/questions",
                          {{"name", "Pedidos por situação"},
                           {"kind", "sql"},
                           {"sql",
                            "SELECT status, count(*) AS pedidos FROM orders GROUP BY 1 "
                            "ORDER BY 2 DESC"},
                           {"chart", {{"type", "bar"}, {"x", "status"}, {"y", "pedidos"}}}});
  ASSERT_EQ(created->status, 201) << created->body;
  const std::string qid = Body(created)["id"];
  auto run = c.Post("/api/v1/questions/" + qid + "/run");
  ASSERT_EQ(run->status, 200) << run->body;
  auto result = Body(run);
  ASSERT_FALSE(result["rows"].empty());
  EXPECT_NE(result["sql"].get<std::string>().find("orders"), std::string::npos);

  auto total = PostJson(c, "/api/v1/questions",
                        {{"name", "Pedidos"}, {"sql", "SELECT count(*) AS pedidos FROM orders"}});
  ASSERT_EQ(total->status, 201) << total->body;
  const std::string tid = Body(total)["id"];

  auto board =
      PostJson(c, "/api/v1/dashboards",
               {{"name", "Operação"},
                {"cards", {{{"question_id", qid}}, {{"question_id", tid}, {"kind", "kpi"}}}},
                {"filters", {{{"column", "status"}}}}});
  ASSERT_EQ(board->status, 201) << board->body;
  const std::string did = Body(board)["id"];

  auto link = c.Post("/api/v1/dashboards/" + did + "/public_link");
  ASSERT_EQ(link->status, 201) << link->body;
  const std::string token = Body(link)["token"];
  EXPECT_NE(Body(link)["url"].get<std::string>().find("/public/dashboards/" + token),
            std::string::npos);

  // The public page's data, without a token: the same numbers, no SQL anywhere.
  auto anonymous = server_->Client(/*authenticated=*/false);
  auto pub = anonymous.Get("/api/v1/public/dashboards/" + token);
  ASSERT_EQ(pub->status, 200) << pub->body;
  EXPECT_EQ(pub->body.find("SELECT"), std::string::npos) << pub->body;
  EXPECT_EQ(pub->body.find("\"sql\":"), std::string::npos);
  EXPECT_EQ(pub->body.find("\"ran_sql\""), std::string::npos);
  auto page = Body(pub);
  EXPECT_EQ(page["cards"][0]["result"]["rows"], result["rows"]);
  EXPECT_EQ(page["cards"][1]["kpi"]["value"],
            Body(c.Post("/api/v1/questions/" + tid + "/run"))["value"]);
  // Filtered by status on the public page too.
  auto cancelled =
      Body(anonymous.Get("/api/v1/public/dashboards/" + token + "?filter.status=Cancelled"));
  EXPECT_EQ(cancelled["cards"][0]["result"]["rows"].size(), 1u);

  ASSERT_EQ(c.Delete("/api/v1/dashboards/" + did + "/public_link")->status, 204);
  ExpectError(anonymous.Get("/api/v1/public/dashboards/" + token), 404, "not_found");
  ExpectError(anonymous.Get("/api/v1/dashboards/" + did), 401, "unauthenticated");

  // The question is on a dashboard: it stays until the dashboard goes.
  ExpectError(c.Delete("/api/v1/questions/" + qid), 412, "failed_precondition");
  ASSERT_EQ(c.Delete("/api/v1/dashboards/" + did)->status, 204);
  ASSERT_EQ(c.Delete("/api/v1/questions/" + qid)->status, 204);
  ExpectError(c.Get("/api/v1/questions/" + qid), 404, "not_found");
}

TEST_F(DashboardsHttpTest, ViewersSeeButCannotEdit) {
  auto c = server_->Client();
  auto list = Body(c.Get("/api/v1/dashboards"));
  ASSERT_FALSE(list["dashboards"].empty());
  const std::string did = list["dashboards"][0]["id"];
  httplib::Client viewer("127.0.0.1", server_->port());
  viewer.set_bearer_token_auth(server_->Login("vic", "viewer-password"));
  EXPECT_EQ(viewer.Get("/api/v1/dashboards/" + did)->status, 200);
  ExpectError(PostJson(viewer, "/api/v1/questions", {{"name", "x"}, {"sql", "SELECT 1 AS x"}}), 403,
              "permission_denied");
  ExpectError(
      viewer.Put("/api/v1/dashboards/" + did, json{{"name", "mine"}}.dump(), "application/json"),
      403, "permission_denied");
  ExpectError(viewer.Post("/api/v1/dashboards/" + did + "/public_link"), 403, "permission_denied");
  ExpectError(viewer.Delete("/api/v1/dashboards/" + did), 403, "permission_denied");
  ExpectError(
      viewer.Put("/api/v1/collections/demo", json{{"view", "admin"}}.dump(), "application/json"),
      403, "permission_denied");
}

TEST_F(DashboardsHttpTest, BadBodiesNameTheirField) {
  auto c = server_->Client();
  auto r = PostJson(c, "/api/v1/questions", {{"name", "x"}, {"sql", "SELECT 1"}, {"colour", 1}});
  ExpectError(r, 400, "invalid_argument");
  EXPECT_EQ(Body(r)["error"]["details"]["field"], "colour");
  r = PostJson(c, "/api/v1/dashboards", {{"name", "x"}, {"cards", {{{"question_id", "q_nope"}}}}});
  ExpectError(r, 400, "invalid_argument");
  EXPECT_EQ(Body(r)["error"]["details"]["field"], "cards[0]");
  ExpectError(PostJson(c, "/api/v1/questions", {{"name", "x"}, {"sql", "DROP TABLE orders"}}), 403,
              "permission_denied");
}

TEST_F(DashboardsHttpTest, ExportsStreamEveryRow) {
  auto c = server_->Client();
  auto r = PostJson(c, "/api/v1/export",
                    {{"sql", "SELECT order_id, num_of_item * 1.5 AS itens FROM orders ORDER BY 1"},
                     {"separator", ";"},
                     {"decimal", ","},
                     {"bom", true},
                     {"name", "pedidos"}});
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(r->get_header_value("Content-Type"), "text/csv; charset=utf-8");
  EXPECT_NE(r->get_header_value("Content-Disposition").find("pedidos.csv"), std::string::npos);
  ASSERT_TRUE(r->body.starts_with("\xEF\xBB\xBForder_id;itens\n1;")) << r->body.substr(0, 80);
  const auto lines = std::count(r->body.begin(), r->body.end(), '\n');
  auto orders = Body(c.Get("/api/v1/datasets/orders"));
  // Every row, past the console's limit of 10000.
  EXPECT_EQ(lines, orders["rows"].get<int64_t>() + 1);
  EXPECT_GT(lines, 10001);

  auto list = Body(c.Get("/api/v1/questions"));
  ASSERT_FALSE(list["questions"].empty());
  std::string sql_question;
  for (const auto& q : list["questions"]) {
    if (q["kind"] == "sql") sql_question = q["id"];
  }
  auto parquet = c.Get("/api/v1/questions/" + sql_question + "/export?format=parquet");
  ASSERT_EQ(parquet->status, 200) << parquet->body;
  EXPECT_TRUE(parquet->body.starts_with("PAR1"));
  // XLSX: a zip archive (its sheets are read back in reports_test.cpp).
  auto xlsx = c.Get("/api/v1/questions/" + sql_question + "/export?format=xlsx");
  ASSERT_EQ(xlsx->status, 200) << xlsx->body;
  EXPECT_TRUE(xlsx->body.starts_with("PK"));
  ExpectError(c.Get("/api/v1/questions/" + sql_question + "/export?format=docx"), 400,
              "invalid_argument");
}

TEST_F(DashboardsHttpTest, ZCliListsExportsAndImportsOnceTheServerStopped) {
  auto c = server_->Client();
  auto list = Body(c.Get("/api/v1/dashboards"));
  std::string vendas;
  for (const auto& d : list["dashboards"]) {
    if (d["name"] == "Vendas") vendas = d["id"];
  }
  stopped_ = true;
  ASSERT_EQ(server_->Stop(), 0);
  auto args = server_->cli_args();
  auto with = [&](std::vector<std::string> more) {
    auto a = args;
    a.insert(a.end(), more.begin(), more.end());
    return a;
  };
  auto listed = testing::RunSagaz(with({"dashboards", "list"}));
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  EXPECT_NE(listed.out.find("Sensores"), std::string::npos);
  const auto file = server_->dir() / "vendas.json";
  auto exported = testing::RunSagaz(with({"dashboards", "export", vendas, "-o", file.string()}));
  ASSERT_EQ(exported.exit_code, 0) << exported.err;
  std::ifstream in(file);
  auto bundle = json::parse(in, nullptr, false);
  EXPECT_EQ(bundle["format"], "sagaz-dashboard");
  EXPECT_GE(bundle["questions"].size(), 5u);
  auto imported = testing::RunSagaz(
      with({"--json", "dashboards", "import", file.string(), "--collection", "copias"}));
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  auto d = json::parse(imported.out, nullptr, false);
  EXPECT_EQ(d["name"], "Vendas");
  EXPECT_EQ(d["collection"], "copias");
  EXPECT_NE(d["id"], vendas);
}

}  // namespace
}  // namespace sagaz
