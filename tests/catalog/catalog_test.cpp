#include "catalog/catalog.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "ingest/ingest.hpp"
#include "support/support.hpp"

namespace sagaz::catalog {
namespace {

TEST(Names, ValidationAndSuggestions) {
  for (const char* ok : {"vendas", "Vendas_2023", "a1", "leituras_sensores"}) {
    EXPECT_TRUE(ValidateName(ok)) << ok;
  }
  for (const char* bad :
       {"", "2023", "_x", "vendas 2023", "vendas-2023", "ação", "select", "order"}) {
    EXPECT_FALSE(ValidateName(bad)) << bad;
  }
  EXPECT_FALSE(ValidateName(std::string(64, 'a')));
  EXPECT_EQ(SuggestName("Vendas 2023 (R$).csv"), "vendas_2023_r_csv");
  EXPECT_EQ(SuggestName("Nível da Água"), "nivel_da_agua");
  EXPECT_EQ(SuggestName("2023"), "t_2023");
  EXPECT_EQ(SuggestName("***"), "dataset");
  EXPECT_EQ(SuggestName("order"), "order_");
  EXPECT_TRUE(ValidateName(SuggestName("Ünïcödé — stuff!")));
}

class CatalogTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ingest::Request r;
    r.path = testing::WriteFile(
        app_.dir() / "sales.csv",
        "region,amount,day\nnorte,10,2024-01-01\nsul,20,2024-01-02\nsul,30,2024-01-03\n"
        "norte,,2024-01-04\nleste,50,2024-01-05\n");
    auto report = app_->ingestor().Run(r);
    ASSERT_TRUE(report) << report.error().ToText();
  }
  testing::TestApp app_;
};

TEST_F(CatalogTest, ListGetDescribe) {
  auto list = app_->catalog().List();
  ASSERT_TRUE(list);
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ((*list)[0].name, "sales");
  EXPECT_EQ((*list)[0].rows, 5);
  EXPECT_EQ((*list)[0].source, "sales.csv");
  EXPECT_EQ((*list)[0].format, "csv");

  DescriptionUpdate u;
  u.description = "Vendas por região";
  u.columns["amount"] = "Valor em reais";
  ASSERT_TRUE(app_->catalog().Update("SALES", u));  // names are case-insensitive
  auto info = app_->catalog().Get("sales");
  ASSERT_TRUE(info);
  EXPECT_EQ(info->description, "Vendas por região");
  EXPECT_EQ(info->columns[1].description, "Valor em reais");
  EXPECT_EQ(info->columns[1].type, "BIGINT");

  DescriptionUpdate bad;
  bad.columns["nope"] = "x";
  auto err = app_->catalog().Update("sales", bad);
  ASSERT_FALSE(err);
  EXPECT_EQ(err.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(app_->catalog().Get("missing").error().code, ErrorCode::kNotFound);
}

TEST_F(CatalogTest, GenerationMovesWithEveryCommittedChange) {
  auto& catalog = app_->catalog();
  const uint64_t start = catalog.generation();
  EXPECT_EQ(catalog.generation(), start) << "reads change nothing";
  ASSERT_TRUE(catalog.Versions());
  EXPECT_EQ(catalog.generation(), start);
  DescriptionUpdate u;
  u.description = "Vendas";
  ASSERT_TRUE(catalog.Update("sales", u));
  const uint64_t described = catalog.generation();
  EXPECT_NE(described, start);

  ingest::Request r;
  r.path = testing::WriteFile(app_.dir() / "more.csv", "a,b\n1,2\n");
  ASSERT_TRUE(app_->ingestor().Run(r));
  EXPECT_NE(catalog.generation(), described);
  auto names = catalog.TableNames();
  ASSERT_TRUE(names);
  EXPECT_EQ(*names, (std::vector<std::string>{"more", "sales"}));

  const uint64_t loaded = catalog.generation();
  DescriptionUpdate bad;
  bad.columns["nope"] = "x";
  ASSERT_FALSE(catalog.Update("sales", bad));
  EXPECT_EQ(catalog.generation(), loaded) << "nothing committed";
  ASSERT_TRUE(catalog.Drop("more"));
  EXPECT_NE(catalog.generation(), loaded);
  EXPECT_EQ(*catalog.TableNames(), (std::vector<std::string>{"sales"}));
}

TEST_F(CatalogTest, Profile) {
  auto p = app_->catalog().ProfileDataset("sales");
  ASSERT_TRUE(p) << p.error().ToText();
  EXPECT_EQ(p->rows, 5);
  ASSERT_EQ(p->columns.size(), 3u);
  const auto& region = p->columns[0];
  EXPECT_EQ(region.distinct, 3);
  ASSERT_FALSE(region.top_values.empty());
  EXPECT_EQ(std::get<std::string>(region.top_values[0].value), "norte");  // ties broken by value
  EXPECT_EQ(region.top_values[0].count, 2);
  const auto& amount = p->columns[1];
  EXPECT_EQ(amount.nulls, 1);
  EXPECT_EQ(amount.count, 4);
  EXPECT_DOUBLE_EQ(*amount.mean, 27.5);
  EXPECT_EQ(std::get<int64_t>(amount.min), 10);
  EXPECT_EQ(std::get<int64_t>(amount.max), 50);
  int64_t total = 0;
  for (const auto& b : amount.histogram) total += b.count;
  EXPECT_EQ(total, 4);
  EXPECT_FALSE(p->cached);
  EXPECT_TRUE(app_->catalog().ProfileDataset("sales")->cached);
}

TEST_F(CatalogTest, SampleAndDrop) {
  auto s = app_->catalog().SampleRows("sales", 2, 1, false);
  ASSERT_TRUE(s);
  ASSERT_EQ(s->rows.size(), 2u);
  EXPECT_EQ(std::get<std::string>(s->rows[0][0]), "sul");
  EXPECT_EQ(s->total_rows, 5);
  auto random = app_->catalog().SampleRows("sales", 3, 0, true);
  ASSERT_TRUE(random);
  EXPECT_EQ(random->rows.size(), 3u);
  EXPECT_FALSE(app_->catalog().SampleRows("sales", -1, 0, false));

  ASSERT_TRUE(app_->catalog().Drop("sales"));
  EXPECT_EQ(app_->catalog().Drop("sales").error().code, ErrorCode::kNotFound);
  EXPECT_TRUE(app_->catalog().List()->empty());
}

}  // namespace
}  // namespace sagaz::catalog

namespace sagaz::catalog {
namespace {

// A sample read during a concurrent replace could return the rows of one version with the row
// count of the other: the count and the rows were read by separate statements.
TEST(CatalogSnapshot, ASampleReadsItsRowsAndItsCountFromOneVersion) {
  testing::TestApp app;
  const auto a = testing::WriteFile(app.dir() / "a.csv", "v\na\na\na\n");
  const auto b = testing::WriteFile(app.dir() / "b.csv", "v\nb\nb\nb\nb\nb\n");
  auto replace = [&](const std::filesystem::path& path) {
    ingest::Request r;
    r.path = path;
    r.dataset = "t";
    r.mode = ingest::Mode::kReplace;
    return app->ingestor().Run(r);
  };
  ASSERT_TRUE(replace(a));
  std::atomic<bool> done{false};
  std::thread writer([&] {
    for (int i = 0; i < 80; ++i) (void)replace(i % 2 ? a : b);
    done = true;
  });
  int samples = 0;
  int mixed = 0;
  while (!done) {
    auto s = app->catalog().SampleRows("t", 100, 0, false);
    if (!s) continue;  // the dataset may be between versions
    ++samples;
    const auto letter = s->rows.empty() ? std::string() : std::get<std::string>(s->rows[0][0]);
    const int64_t expected = letter == "a" ? 3 : 5;
    if (static_cast<int64_t>(s->rows.size()) != s->total_rows || s->total_rows != expected) ++mixed;
  }
  writer.join();
  EXPECT_GT(samples, 10);
  EXPECT_EQ(mixed, 0) << "of " << samples << " samples";
}

}  // namespace
}  // namespace sagaz::catalog
