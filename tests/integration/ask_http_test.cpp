// Ask against the real `sagaz serve` and `sagaz ask` (issue 15): no question takes the process
// down — grouped, ranked and time-series answers over zero rows, over a join, over unrelated tables
// with look-alike keys, asked by an anonymous viewer — and joins follow only declared or verified
// relationships (GET /api/v1/ask/relationships says which and why).
#include <gtest/gtest.h>
#include <httplib.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "support/support.hpp"

namespace sagaz {
namespace {

using json = nlohmann::json;

// A marketplace export: items reference products by product_id; reviews carry a department_id
// that only looks like a key of departments (its values are none of departments.id); stores are
// linked to sales only by the relationship the configuration declares.
struct Files {
  std::string products = "product_id,product_category_name,product_weight_g\n";
  std::string items = "order_id,order_item_id,product_id,price,purchased_at\n";
  std::string reviews = "review_id,rating,reviewer_gender,department_name,department_id\n";
  std::string departments = "id,department\n1,Women\n2,Men\n3,Kids\n";
  std::string stores = "code,city\nA,Recife\nB,Natal\n";
  std::string sales = "sold_on,store_code,amount\n";
  Files() {
    const char* categories[] = {"cama_mesa_banho", "beleza_saude", "esporte_lazer"};
    for (int i = 0; i < 30; ++i) {
      products += "p" + std::to_string(i) + "," + categories[i % 3] + "," +
                  std::to_string(100 + i * 7) + "\n";
    }
    for (int i = 0; i < 120; ++i) {
      items += "o" + std::to_string(i / 2) + "," + std::to_string(i % 2 + 1) + ",p" +
               std::to_string(i * 7 % 30) + "," + std::to_string(10 + i % 50) + ".5,2019-" +
               (i % 12 < 9 ? "0" : "") + std::to_string(i % 12 + 1) + "-1" + std::to_string(i % 9) +
               "\n";
    }
    for (int i = 0; i < 40; ++i) {
      reviews += std::to_string(i) + "," + std::to_string(1 + i % 5) + "," + (i % 3 ? "F" : "M") +
                 "," + (i % 2 ? "Tops" : "Dresses") + "," + std::to_string(50 + i % 7) + "\n";
    }
    for (int i = 0; i < 60; ++i) {
      sales += "2020-0" + std::to_string(1 + i % 6) + "-1" + std::to_string(i % 9) + "," +
               (i % 2 ? "A" : "B") + "," + std::to_string(100 + i) + "\n";
    }
  }
};

class AskHttpTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    testing::ServerProcess::Options options;
    options.config_toml =
        "[auth]\nanonymous_role = \"viewer\"\n[ask]\nrelationships = [\"sales.store_code -> "
        "stores.code\"]\n";
    server_ = new testing::ServerProcess(options);
    const Files f;
    for (const auto& [name, csv] :
         std::vector<std::pair<std::string, std::string>>{{"products", f.products},
                                                          {"order_items", f.items},
                                                          {"reviews", f.reviews},
                                                          {"departments", f.departments},
                                                          {"stores", f.stores},
                                                          {"sales", f.sales}}) {
      httplib::MultipartFormDataItems items = {{"name", name, "", ""},
                                               {"file", csv, name + ".csv", "text/csv"}};
      auto r = server_->Client().Post("/api/v1/datasets", items);
      ASSERT_TRUE(r);
      ASSERT_EQ(r->status, 201) << name << ": " << r->body;
    }
  }
  static void TearDownTestSuite() {
    EXPECT_EQ(server_->Stop(), 0) << "the server must still be alive and stop cleanly";
    delete server_;
  }

  // Asks as an anonymous viewer; the answer is any 200 or 4xx, never a 5xx or a dead server.
  static json Ask(const std::string& question, const std::string& policy = "strict") {
    auto client = server_->Client(/*authenticated=*/false);
    json body = {{"question", question}, {"policy", policy}};
    auto r = client.Post("/api/v1/ask", body.dump(), "application/json");
    EXPECT_TRUE(r) << question << ": no reply (the server died?)";
    if (!r) return nullptr;
    EXPECT_LT(r->status, 500) << question << ": " << r->body;
    auto health = client.Get("/api/v1/health");
    EXPECT_TRUE(health && health->status == 200) << "the server is down after: " << question;
    return json::parse(r->body, nullptr, false);
  }

  static testing::ServerProcess* server_;
};

testing::ServerProcess* AskHttpTest::server_ = nullptr;

TEST_F(AskHttpTest, EmptyResultsGroupedRankedAndOverTimeNeverCrash) {
  const std::vector<std::string> questions = {
      "soma do preço por categoria em 2031",
      "total price per product category in 2031",
      "preço médio por categoria de produto",
      "average price per product category",
      "top 3 categorias por preço em 2031",
      "os 5 dias de maior preço em 2031",
      "which 3 most expensive products in 2031",
      "preço médio mês a mês em 2031",
      "average price month over month in 2031",
      "total price year over year",
      "como se distribui o preço em 2031",
      "what does the distribution of price look like for category beleza_saude in 2031",
      "quantos itens por categoria em 2031",
      "average rating per department",
      "average rating for female reviewers",
      "quantas avaliações por departamento",
      "total de vendas por cidade da loja",
      "total amount per store city in 1999",
      "média de product_weight_g por categoria",
      "max price per day of week in 2031",
  };
  for (const auto& q : questions) {
    for (const char* policy : {"strict", "standard"}) {
      const json a = Ask(q, policy);
      if (a.is_object() && a.contains("status") && a["status"] == "ok") {
        EXPECT_TRUE(a["result"]["rows"].is_array()) << q;
        EXPECT_LE(a["confidence"].get<double>(), 1.0) << q;
      }
    }
  }
}

TEST_F(AskHttpTest, OnlyDeclaredOrVerifiedRelationshipsAreJoined) {
  auto r = server_->Client(/*authenticated=*/false).Get("/api/v1/ask/relationships");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  const json j = json::parse(r->body);
  std::map<std::string, json> by_from;
  for (const auto& rel : j["relationships"]) by_from[rel["from"].get<std::string>()] = rel;
  ASSERT_TRUE(by_from.count("order_items.product_id")) << r->body;
  EXPECT_EQ(by_from["order_items.product_id"]["to"], "products.product_id");
  EXPECT_EQ(by_from["order_items.product_id"]["origin"], "verified");
  EXPECT_DOUBLE_EQ(by_from["order_items.product_id"]["coverage"].get<double>(), 1.0);
  ASSERT_TRUE(by_from.count("reviews.department_id")) << r->body;
  EXPECT_EQ(by_from["reviews.department_id"]["origin"], "rejected");
  EXPECT_FALSE(by_from["reviews.department_id"]["reason"].get<std::string>().empty());
  ASSERT_TRUE(by_from.count("sales.store_code")) << r->body;
  EXPECT_EQ(by_from["sales.store_code"]["origin"], "declared");

  // No answer joins the look-alike key.
  for (const char* q : {"average rating per department", "média da nota por departamento",
                        "how many reviews per department"}) {
    const json a = Ask(q);
    if (a.is_object() && a.contains("query")) {
      EXPECT_EQ(a["query"].get<std::string>().find("departments"), std::string::npos) << q;
    }
  }
}

TEST(AskCli, GroupedAnswersOverZeroRowsExitCleanly) {
  testing::TempDir dir;
  const std::string data = (dir / "data").string();
  const Files f;
  for (const auto& [name, csv] : std::vector<std::pair<std::string, std::string>>{
           {"products", f.products}, {"order_items", f.items}}) {
    const auto path = testing::WriteFile(dir / (name + ".csv"), csv);
    auto ingest = testing::RunSagaz({"--data-dir", data, "ingest", path.string()});
    ASSERT_EQ(ingest.exit_code, 0) << ingest.err;
  }
  for (const char* q : {"soma do preço por categoria em 2031", "average price per category",
                        "top 3 categories by price in 2031", "preço médio mês a mês em 2031"}) {
    auto r = testing::RunSagaz({"--data-dir", data, "ask", q});
    EXPECT_TRUE(r.exit_code == 0 || r.exit_code == 1) << q << ": exit " << r.exit_code << "\n"
                                                      << r.err;
  }
}

}  // namespace
}  // namespace sagaz
