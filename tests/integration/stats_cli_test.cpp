// `sagaz stats` as a user runs it.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "support/support.hpp"

namespace sagaz {
namespace {

using testing::RunSagaz;

TEST(StatsCli, TablesJsonAndErrors) {
  testing::TempDir dir;
  const std::string data = (dir / "data").string();
  auto csv = testing::WriteFile(dir / "vendas.csv",
                                "loja,valor,quando\nnorte,10,2024-01-01\nnorte,20,2024-01-02\n"
                                "sul,5,2024-01-01\nsul,,2024-01-02\nsul,7.5,2024-01-03\n");
  ASSERT_EQ(RunSagaz({"--data-dir", data, "ingest", csv.string()}).exit_code, 0);

  auto table = RunSagaz({"--data-dir", data, "stats", "vendas", "valor"});
  ASSERT_EQ(table.exit_code, 0) << table.err;
  EXPECT_NE(table.out.find("vendas: 5 rows"), std::string::npos) << table.out;
  EXPECT_NE(table.out.find("median"), std::string::npos);
  EXPECT_NE(table.out.find("10.625"), std::string::npos) << table.out;  // the mean

  auto grouped = RunSagaz({"--data-dir", data, "stats", "vendas", "valor", "--group-by", "loja",
                           "--stats", "seed", "--trend", "quando", "--histogram", "4"});
  ASSERT_EQ(grouped.exit_code, 0) << grouped.err;
  EXPECT_NE(grouped.out.find("valor by loja"), std::string::npos) << grouped.out;
  EXPECT_NE(grouped.out.find("norte"), std::string::npos);
  EXPECT_NE(grouped.out.find("Theil"), std::string::npos);
  EXPECT_NE(grouped.out.find("Histogram of valor"), std::string::npos);

  auto js = RunSagaz({"--data-dir", data, "--json", "stats", "vendas", "--stats", "mean,nulls",
                      "--filter", "loja = 'sul'", "--quantiles", "0.5"});
  ASSERT_EQ(js.exit_code, 0) << js.err;
  auto j = nlohmann::json::parse(js.out);
  EXPECT_EQ(j["rows"], 3);
  EXPECT_EQ(j["columns"][0]["name"], "valor");
  EXPECT_EQ(j["columns"][0]["nulls"], 1);
  EXPECT_DOUBLE_EQ(j["columns"][0]["mean"].get<double>(), 6.25);
  EXPECT_DOUBLE_EQ(j["columns"][0]["quantiles"][0]["value"].get<double>(), 6.25);

  auto list = RunSagaz({"stats", "--list"});
  EXPECT_EQ(list.exit_code, 0);
  EXPECT_NE(list.out.find("coef_var_adjusted"), std::string::npos);

  auto unknown = RunSagaz({"--data-dir", data, "stats", "vendas", "preco"});
  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_NE(unknown.err.find("column 'preco' does not exist"), std::string::npos) << unknown.err;
  auto text = RunSagaz({"--data-dir", data, "stats", "vendas", "loja"});
  EXPECT_EQ(text.exit_code, 1);
  EXPECT_NE(text.err.find("not numeric"), std::string::npos);
  auto bad_q = RunSagaz({"--data-dir", data, "stats", "vendas", "--quantiles", "0.5,abc"});
  EXPECT_EQ(bad_q.exit_code, 1);
  EXPECT_NE(bad_q.err.find("--quantiles"), std::string::npos);
  auto hostile = RunSagaz({"--data-dir", data, "--json", "stats", "vendas", "--filter",
                           "1=1) UNION ALL SELECT * FROM vendas WHERE (1=1"});
  EXPECT_EQ(hostile.exit_code, 1);
  EXPECT_EQ(nlohmann::json::parse(hostile.err)["error"]["details"]["rule"], "filter_only");
  auto none = RunSagaz({"--data-dir", data, "stats"});
  EXPECT_EQ(none.exit_code, 1);
  EXPECT_NE(none.err.find("name a dataset"), std::string::npos);
}

}  // namespace
}  // namespace sagaz
