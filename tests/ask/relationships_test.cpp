// Which links Ask joins along: declared ones, and candidates named like keys only when the data
// confirms them, checked once per data version (issue 15: a join invented between unrelated
// tables because one had product_id and the other id).
#include "ask/relationships.hpp"

#include <gtest/gtest.h>

#include "ask/ask.hpp"
#include "ingest/ingest.hpp"
#include "sql/query.hpp"
#include "support/support.hpp"

namespace sagaz::ask {
namespace {

class RelationshipsTest : public ::testing::Test {
 protected:
  void Load(testing::TestApp& app, const std::string& name, const std::string& csv,
            ingest::Mode mode = ingest::Mode::kCreate) {
    const auto path = testing::WriteFile(app.dir() / (name + ".csv"), csv);
    ingest::Request r;
    r.path = path;
    r.dataset = name;
    r.mode = mode;
    auto report = app->ingestor().Run(r);
    ASSERT_TRUE(report) << report.error().ToText();
  }
  static const Relationship* Find(const std::vector<Relationship>& all, const std::string& from) {
    for (const auto& r : all) {
      if (r.relation.from_table + "." + r.relation.from_column == from) return &r;
    }
    return nullptr;
  }
  static bool Linked(const nlq::Schema& s, const std::string& from) {
    for (const auto& r : s.relations) {
      if (r.from_table + "." + r.from_column == from) return true;
    }
    return false;
  }
};

TEST_F(RelationshipsTest, NamesAloneNeverLinkTables) {
  testing::TestApp app;
  Load(app, "products", "id,name,price\n1,Lamp,10\n2,Desk,99\n3,Chair,45\n");
  // Every product_id of the items is a product: verified.
  Load(app, "items", "item_id,product_id,qty\n1,1,2\n2,2,1\n3,3,5\n4,1,1\n");
  // Reviews of another catalog: their product_id values are no products.id.
  Load(app, "reviews", "review_id,product_id,score\n1,99,5\n2,98,3\n3,97,4\n");
  // A key that repeats its values: joining along it would count rows twice.
  Load(app, "stores", "id,city\n1,Recife\n1,Natal\n2,Olinda\n");
  Load(app, "sales", "sale_id,store_id,amount\n1,1,10\n2,2,20\n");

  auto schema = app->ask().schema().Get();
  ASSERT_TRUE(schema) << schema.error().ToText();
  EXPECT_TRUE(Linked(**schema, "items.product_id"));
  EXPECT_FALSE(Linked(**schema, "reviews.product_id"));
  EXPECT_FALSE(Linked(**schema, "sales.store_id"));

  auto all = app->ask().schema().Relationships();
  ASSERT_TRUE(all);
  const auto* items = Find(*all, "items.product_id");
  ASSERT_NE(items, nullptr);
  EXPECT_EQ(items->origin, Relationship::Origin::kVerified);
  EXPECT_DOUBLE_EQ(items->coverage, 1.0);
  EXPECT_EQ(items->sampled, 3);
  const auto* reviews = Find(*all, "reviews.product_id");
  ASSERT_NE(reviews, nullptr);
  EXPECT_EQ(reviews->origin, Relationship::Origin::kRejected);
  EXPECT_DOUBLE_EQ(reviews->coverage, 0.0);
  EXPECT_NE(reviews->reason.find("0 of 3"), std::string::npos) << reviews->reason;
  const auto* sales = Find(*all, "sales.store_id");
  ASSERT_NE(sales, nullptr);
  EXPECT_EQ(sales->origin, Relationship::Origin::kRejected);
  EXPECT_NE(sales->reason.find("repeats"), std::string::npos) << sales->reason;

  // A question that would need the look-alike join is not answered along it.
  auto a = app->ask().Ask({.question = "average price of reviews per product name"});
  if (a && a->status == AnswerStatus::kOk) {
    for (const auto& j : a->plan.joins) EXPECT_NE(j.left.table, "reviews");
  }
}

TEST_F(RelationshipsTest, CheckedAgainWhenTheDataChanges) {
  testing::TestApp app;
  Load(app, "products", "id,name\n1,Lamp\n2,Desk\n");
  Load(app, "items", "item_id,product_id\n1,1\n2,2\n");
  auto first = app->ask().schema().Get();
  ASSERT_TRUE(first);
  EXPECT_TRUE(Linked(**first, "items.product_id"));
  // 1 of 10 distinct values is a product now: below 90%.
  Load(app, "items",
       "item_id,product_id\n1,1\n2,20\n3,30\n4,40\n5,50\n6,60\n7,70\n8,80\n9,90\n10,100\n",
       ingest::Mode::kReplace);
  auto second = app->ask().schema().Get();
  ASSERT_TRUE(second);
  EXPECT_FALSE(Linked(**second, "items.product_id"));
  // 9 of 10: at the threshold, linked again.
  Load(app, "products", "id,name\n1,a\n20,b\n30,c\n40,d\n50,e\n60,f\n70,g\n80,h\n90,i\n",
       ingest::Mode::kReplace);
  auto third = app->ask().schema().Get();
  ASSERT_TRUE(third);
  EXPECT_TRUE(Linked(**third, "items.product_id"));
}

TEST_F(RelationshipsTest, DeclaredRelationshipsAreUsedAsDeclared) {
  testing::TestApp app([](Config& c) {
    c.ask.relationships = {"sales.loja -> lojas.codigo", "sales.x -> nowhere.y"};
  });
  Load(app, "lojas", "codigo,cidade\nA,Recife\nB,Natal\n");
  Load(app, "sales", "sale_id,loja,amount\n1,A,10\n2,B,20\n3,A,5\n");
  auto schema = app->ask().schema().Get();
  ASSERT_TRUE(schema);
  EXPECT_TRUE(Linked(**schema, "sales.loja"));
  EXPECT_FALSE(Linked(**schema, "sales.x"));
  auto all = app->ask().schema().Relationships();
  ASSERT_TRUE(all);
  ASSERT_NE(Find(*all, "sales.loja"), nullptr);
  EXPECT_EQ(Find(*all, "sales.loja")->origin, Relationship::Origin::kDeclared);
  ASSERT_NE(Find(*all, "sales.x"), nullptr);
  EXPECT_EQ(Find(*all, "sales.x")->origin, Relationship::Origin::kRejected);
}

TEST(ParseRelationship, WrittenAsTableColumnArrowTableColumn) {
  auto r = ParseRelationship(" Orders.Product_ID ->products.id ");
  ASSERT_TRUE(r) << r.error().ToText();
  EXPECT_EQ(ToString(*r), "orders.product_id -> products.id");
  for (const char* bad : {"", "orders.product_id", "orders -> products.id", "a.b.c -> d.e",
                          "a.b -> .e", "a.b -> a.b", "->"}) {
    auto e = ParseRelationship(bad);
    ASSERT_FALSE(e) << bad;
    EXPECT_EQ(e.error().code, ErrorCode::kInvalidArgument);
  }
}

TEST(ParseRelationship, AMalformedDeclarationStopsTheApp) {
  testing::TempDir dir;
  Config config = testing::TestConfig(dir.path());
  config.ask.relationships = {"orders.product_id => products.id"};
  auto app = App::Open(config);
  ASSERT_FALSE(app);
  EXPECT_NE(app.error().message.find("orders.product_id => products.id"), std::string::npos);
}

}  // namespace
}  // namespace sagaz::ask
