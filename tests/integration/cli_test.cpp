// The `sagaz` command line as a user runs it.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "support/support.hpp"

namespace sagaz {
namespace {

using testing::RunSagaz;

TEST(Cli, IngestDatasetsSqlRoundTrip) {
  testing::TempDir dir;
  const std::string data = (dir / "data").string();
  auto csv = testing::WriteFile(dir / "Vendas Janeiro.csv", "região;valor\nnorte;1,5\nsul;2,5\n");
  auto ingest = RunSagaz({"--data-dir", data, "ingest", csv.string()});
  ASSERT_EQ(ingest.exit_code, 0) << ingest.err;
  EXPECT_NE(ingest.out.find("Loaded 2 rows into dataset 'vendas_janeiro'"), std::string::npos)
      << ingest.out;

  auto list = RunSagaz({"--data-dir", data, "--json", "datasets"});
  ASSERT_EQ(list.exit_code, 0);
  auto j = nlohmann::json::parse(list.out);
  EXPECT_EQ(j["datasets"][0]["name"], "vendas_janeiro");
  EXPECT_EQ(j["datasets"][0]["columns"][0]["name"], "regiao");

  auto sql = RunSagaz(
      {"--data-dir", data, "sql", "SELECT sum(valor) AS total FROM vendas_janeiro", "--json"});
  ASSERT_EQ(sql.exit_code, 0) << sql.err;
  auto r = nlohmann::json::parse(sql.out);
  EXPECT_EQ(r["columns"][0]["name"], "total");
  EXPECT_EQ(r["columns"][0]["type"], "DOUBLE");
  EXPECT_DOUBLE_EQ(r["rows"][0][0].get<double>(), 4.0);
  EXPECT_EQ(r["row_count"], 1);
  EXPECT_EQ(r["truncated"], false);
  EXPECT_TRUE(r.contains("elapsed_ms"));

  auto table = RunSagaz({"--data-dir", data, "sql", "SELECT * FROM vendas_janeiro ORDER BY valor"});
  EXPECT_NE(table.out.find("norte"), std::string::npos);
  EXPECT_NE(table.out.find("(2 rows"), std::string::npos);

  for (const char* sub : {"show", "profile", "sample"}) {
    auto r2 = RunSagaz({"--data-dir", data, "datasets", sub, "vendas_janeiro"});
    EXPECT_EQ(r2.exit_code, 0) << sub << r2.err;
  }
  auto describe =
      RunSagaz({"--data-dir", data, "datasets", "describe", "vendas_janeiro", "--description",
                "Vendas de janeiro", "--column", "valor=Valor em reais"});
  EXPECT_EQ(describe.exit_code, 0) << describe.err;
  EXPECT_NE(describe.out.find("Valor em reais"), std::string::npos);
  auto rm = RunSagaz({"--data-dir", data, "datasets", "rm", "vendas_janeiro"});
  EXPECT_EQ(rm.exit_code, 0);
}

TEST(Cli, ErrorsGoToStderrWithNonZeroExit) {
  testing::TempDir dir;
  const std::string data = (dir / "data").string();
  auto hostile = RunSagaz({"--data-dir", data, "sql", "SELECT * FROM read_csv('/etc/passwd')"});
  EXPECT_EQ(hostile.exit_code, 1);
  EXPECT_TRUE(hostile.out.empty());
  EXPECT_NE(hostile.err.find("reads files"), std::string::npos) << hostile.err;

  auto json_err = RunSagaz({"--data-dir", data, "--json", "datasets", "show", "nope"});
  EXPECT_EQ(json_err.exit_code, 1);
  auto e = nlohmann::json::parse(json_err.err);
  EXPECT_EQ(e["error"]["code"], "not_found");

  auto missing_file = RunSagaz({"--data-dir", data, "ingest", (dir / "none.csv").string()});
  EXPECT_NE(missing_file.exit_code, 0);
  auto usage = RunSagaz({"--data-dir", data, "frobnicate"});
  EXPECT_NE(usage.exit_code, 0);
  auto bad_config =
      RunSagaz({"--data-dir", data, "--config", (dir / "missing.toml").string(), "datasets"});
  EXPECT_EQ(bad_config.exit_code, 1);
}

TEST(Cli, DataDirInUseIsExplained) {
  testing::ServerProcess server;
  auto r = RunSagaz({"--data-dir", (server.dir() / "data").string(), "datasets"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("in use by another Sagaz process"), std::string::npos) << r.err;
}

TEST(Cli, ConfigAndVersion) {
  auto v = RunSagaz({"--version"});
  EXPECT_EQ(v.exit_code, 0);
  EXPECT_NE(v.out.find("sagaz "), std::string::npos);
  auto c = RunSagaz({"config", "--json"});
  ASSERT_EQ(c.exit_code, 0) << c.err;
  auto j = nlohmann::json::parse(c.out);
  EXPECT_EQ(j["server.port"]["value"], "8080");
  auto example = RunSagaz({"config", "--example"});
  EXPECT_NE(example.out.find("[server]"), std::string::npos);
}

TEST(Cli, DemoIsDeterministicAndRerunnable) {
  testing::TempDir dir;
  const std::string data = (dir / "data").string();
  auto first = RunSagaz({"--data-dir", data, "--json", "demo"});
  ASSERT_EQ(first.exit_code, 0) << first.err;
  auto again = RunSagaz({"--data-dir", data, "--json", "demo"});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  auto a = nlohmann::json::parse(first.out), b = nlohmann::json::parse(again.out);
  EXPECT_EQ(a["datasets"], b["datasets"]);
}

}  // namespace
}  // namespace sagaz
