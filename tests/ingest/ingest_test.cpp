#include "ingest/ingest.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include "catalog/catalog.hpp"
#include "db/db.hpp"
#include "sql/query.hpp"
#include "support/support.hpp"

namespace sagaz::ingest {
namespace {

using testing::TestApp;
using testing::WriteFile;

class IngestTest : public ::testing::Test {
 protected:
  std::filesystem::path File(const std::string& name, std::string_view content) {
    return WriteFile(app_.dir() / name, content);
  }
  Result<Report> Load(const std::filesystem::path& path, const std::string& name,
                      Mode mode = Mode::kCreate, std::vector<std::string> key = {}) {
    Request r;
    r.path = path;
    r.dataset = name;
    r.mode = mode;
    r.key = std::move(key);
    return app_->ingestor().Run(r);
  }
  std::vector<std::vector<db::Value>> Rows(const std::string& sql) {
    auto r = app_->query().Run(sql);
    EXPECT_TRUE(r) << r.error().ToText();
    return r ? r->rows : std::vector<std::vector<db::Value>>{};
  }
  std::string TypeOf(const std::string& dataset, const std::string& column) {
    auto info = app_->catalog().Get(dataset);
    EXPECT_TRUE(info);
    for (const auto& c : info->columns) {
      if (c.name == column) return c.type;
    }
    return "missing";
  }
  // No table other than the catalog's datasets exists (a failed ingest leaves nothing behind).
  void ExpectNoStrayTables() {
    auto conn = app_->pool().Acquire();
    auto r = (*conn)->Query(
        "SELECT count(*) FROM duckdb_tables() WHERE schema_name = 'main' AND table_name NOT IN "
        "(SELECT name FROM _sagaz.datasets)");
    EXPECT_EQ(std::get<int64_t>(*r->FetchScalar()), 0);
  }
  TestApp app_;
};

TEST_F(IngestTest, LoadsCsvWithDetectedTypes) {
  auto path = File(
      "vendas.csv",
      "id,data,produto,preco,ativo\n1,2024-01-05,Café,10.5,true\n2,2024-01-06,Pão,3.25,false\n");
  auto report = Load(path, "");
  ASSERT_TRUE(report) << report.error().ToText();
  EXPECT_EQ(report->dataset, "vendas");  // from the file name
  EXPECT_EQ(report->rows_loaded, 2);
  EXPECT_EQ(report->rows_rejected, 0);
  EXPECT_EQ(report->format, Format::kCsv);
  EXPECT_EQ(TypeOf("vendas", "id"), "BIGINT");
  EXPECT_EQ(TypeOf("vendas", "data"), "DATE");
  EXPECT_EQ(TypeOf("vendas", "preco"), "DOUBLE");
  EXPECT_EQ(TypeOf("vendas", "ativo"), "BOOLEAN");
  EXPECT_GT(report->elapsed_ms, 0);
  auto rows = Rows("SELECT produto FROM vendas ORDER BY id");
  EXPECT_EQ(std::get<std::string>(rows[0][0]), "Café");
}

// A column whose first rows look numeric or boolean and later are not: the sniffer's sample is not
// the file. The column is re-typed from every value; numbers stay numbers.
TEST_F(IngestTest, LateValuesWidenOnlyTheirColumn) {
  std::string csv = "id,flag,amount,code\n";
  for (int i = 0; i < 30000; ++i) {
    csv += std::to_string(i) + "," + (i % 2 ? "true" : "false") + "," + std::to_string(i) + "," +
           std::to_string(i) + "\n";
  }
  csv += "30000,maybe,12.5,A-17\n";
  auto report = Load(File("late.csv", csv), "late");
  ASSERT_TRUE(report) << report.error().ToText();
  EXPECT_EQ(report->rows_loaded, 30001);
  EXPECT_EQ(report->rows_rejected, 0);
  EXPECT_EQ(TypeOf("late", "id"), "BIGINT");
  EXPECT_EQ(TypeOf("late", "flag"), "VARCHAR");   // 'maybe' is text
  EXPECT_EQ(TypeOf("late", "amount"), "DOUBLE");  // 12.5 widens an integer column, it stays numeric
  EXPECT_EQ(TypeOf("late", "code"), "VARCHAR");
  auto rows = Rows("SELECT amount, flag, code FROM late WHERE id = 30000");
  EXPECT_DOUBLE_EQ(std::get<double>(rows[0][0]), 12.5);
  EXPECT_EQ(std::get<std::string>(rows[0][1]), "maybe");
  bool noted = false;
  for (const auto& c : report->columns) {
    if (c.name == "amount") noted = c.note.find("fractions") != std::string::npos;
  }
  EXPECT_TRUE(noted) << "the report says what it decided";
}

TEST_F(IngestTest, NullMarkersDoNotTurnNumbersIntoText) {
  auto report =
      Load(File("nulls.csv",
                "a,b,c\n1,NA,1.5\n2,N/A,2\n3,null,nan\n4,,3\n5,7,NULL\n6,8,None\n7,9,n/d\n"),
           "nulls");
  ASSERT_TRUE(report) << report.error().ToText();
  EXPECT_EQ(TypeOf("nulls", "b"), "BIGINT");
  EXPECT_EQ(TypeOf("nulls", "c"), "DOUBLE");
  auto rows = Rows("SELECT count(b), count(c), sum(b), sum(c) FROM nulls");
  EXPECT_EQ(std::get<int64_t>(rows[0][0]), 3);
  EXPECT_EQ(std::get<int64_t>(rows[0][1]), 3);
  EXPECT_DOUBLE_EQ(std::get<double>(rows[0][3]), 6.5);
}

TEST_F(IngestTest, BrazilianCsvSemicolonsDecimalCommasAndDates) {
  auto report = Load(File("br.csv",
                          "data;cidade;valor;total\n"
                          "05/01/2024;São Paulo;1.234,56;R$ 10,00\n"
                          "25/01/2024;Rio de Janeiro;12,5;R$ 1.000,99\n"
                          "13/02/2024;Recife;-3,75;R$ 0,50\n"),
                     "br");
  ASSERT_TRUE(report) << report.error().ToText();
  EXPECT_EQ(TypeOf("br", "data"), "DATE");
  EXPECT_EQ(TypeOf("br", "valor"), "DOUBLE");
  EXPECT_EQ(TypeOf("br", "total"), "DOUBLE");
  auto rows = Rows("SELECT data, valor, total FROM br ORDER BY data");
  EXPECT_EQ(std::get<std::string>(rows[0][0]), "2024-01-05");
  EXPECT_DOUBLE_EQ(std::get<double>(rows[0][1]), 1234.56);
  EXPECT_DOUBLE_EQ(std::get<double>(rows[1][2]), 1000.99);
  EXPECT_DOUBLE_EQ(std::get<double>(rows[2][1]), -3.75);
}

TEST_F(IngestTest, Latin1BomAndMultilineQuotes) {
  auto latin =
      Load(File("latin1.csv", "nome,cidade\nJos\xE9,S\xE3o Jo\xE3o\nAna,Bel\xE9m\n"), "latin");
  ASSERT_TRUE(latin) << latin.error().ToText();
  auto rows = Rows("SELECT cidade FROM latin ORDER BY nome");
  EXPECT_EQ(std::get<std::string>(rows[1][0]), "São João");
  bool said = false;
  for (const auto& d : latin->decisions) said |= d.find("Latin-1") != std::string::npos;
  EXPECT_TRUE(said);

  // Latin-1 bytes only far into the file (beyond the first MiB) are caught by the loader.
  std::string late = "id,nome\n";
  for (int i = 0; i < 60000; ++i) late += std::to_string(i) + ",linha comum de texto\n";
  late += "60000,Concei\xE7\xE3o\n";
  auto late_latin = Load(File("late_latin.csv", late), "late_latin");
  ASSERT_TRUE(late_latin) << late_latin.error().ToText();
  rows = Rows("SELECT nome FROM late_latin WHERE id = 60000");
  EXPECT_EQ(std::get<std::string>(rows[0][0]), "Conceição");

  auto bom =
      Load(File("bom.csv",
                "\xEF\xBB\xBFid,texto\n1,\"linha um\nlinha dois\"\n2,\"aspas \"\"duplas\"\"\"\n"),
           "bom");
  ASSERT_TRUE(bom) << bom.error().ToText();
  rows = Rows("SELECT id, texto FROM bom ORDER BY id");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(std::get<int64_t>(rows[0][0]), 1);  // the BOM is not part of the first column's name
  EXPECT_EQ(std::get<std::string>(rows[0][1]), "linha um\nlinha dois");
  EXPECT_EQ(std::get<std::string>(rows[1][1]), "aspas \"duplas\"");
}

TEST_F(IngestTest, RaggedRowsAreRejectedWithReasons) {
  std::string csv = "id,name,value\n";
  for (int i = 0; i < 200; ++i) {
    if (i == 50)
      csv += "50,x,1,extra\n";
    else if (i == 120)
      csv += "120,short\n";
    else
      csv += std::to_string(i) + ",n" + std::to_string(i) + "," + std::to_string(i * 2) + "\n";
  }
  auto report = Load(File("ragged.csv", csv), "ragged");
  ASSERT_TRUE(report) << report.error().ToText();
  EXPECT_EQ(report->rows_loaded, 198);
  EXPECT_EQ(report->rows_rejected, 2);
  ASSERT_EQ(report->rejections.size(), 2u);
  EXPECT_EQ(report->rejections[0].line, 52);
  EXPECT_NE(report->rejections[0].reason.find("Found: 4"), std::string::npos);
  EXPECT_EQ(report->rejections[1].line, 122);
  EXPECT_EQ(TypeOf("ragged", "value"), "BIGINT");
}

TEST_F(IngestTest, TooManyBadRowsFailAndLeaveNothing) {
  auto report = Load(File("bad.csv", "a,b\n1,2\n3\n4,5,6\n7\n8,9,10\n"), "bad");
  ASSERT_FALSE(report);
  EXPECT_EQ(report.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(report.error().message.find("malformed"), std::string::npos);
  EXPECT_FALSE(*app_->catalog().Exists("bad"));
  ExpectNoStrayTables();
}

TEST_F(IngestTest, BadInputsGetClearErrors) {
  auto empty = Load(File("empty.csv", ""), "empty");
  ASSERT_FALSE(empty);
  EXPECT_NE(empty.error().message.find("empty"), std::string::npos);

  auto header_only = Load(File("header.csv", "a,b,c\n"), "header_only");
  ASSERT_FALSE(header_only);
  EXPECT_NE(header_only.error().message.find("no data rows"), std::string::npos);

  auto missing = Load(app_.dir() / "nope.csv", "nope");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);

  auto bad_name = Load(File("ok.csv", "a\n1\n"), "2023 vendas!");
  ASSERT_FALSE(bad_name);
  EXPECT_EQ(bad_name.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(bad_name.error().Detail("suggestion"), "t_2023_vendas");

  auto reserved = Load(File("ok2.csv", "a\n1\n"), "select");
  ASSERT_FALSE(reserved);

  auto truncated_parquet =
      Load(File("broken.parquet", "PAR1 this is not really parquet"), "broken");
  ASSERT_FALSE(truncated_parquet);
  EXPECT_NE(truncated_parquet.error().message.find("Parquet"), std::string::npos);

  auto bad_json = Load(File("bad.json", "[{\"a\": 1}, {\"a\": 2"), "bad_json");
  ASSERT_FALSE(bad_json);
  EXPECT_NE(bad_json.error().message.find("JSON"), std::string::npos);

  auto binary = Load(File("random.bin", std::string("\x00\x01\x02\xff\xfe\x00\x10", 7) + "garbage"),
                     "binary");
  EXPECT_FALSE(binary.has_value() && binary->rows_loaded > 1);
  ExpectNoStrayTables();
}

TEST_F(IngestTest, ExistingAndMissingDatasets) {
  auto path = File("t.csv", "k,v\n1,a\n2,b\n");
  ASSERT_TRUE(Load(path, "t"));
  auto again = Load(path, "t");
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kAlreadyExists);
  auto append_missing = Load(path, "other", Mode::kAppend);
  ASSERT_FALSE(append_missing);
  EXPECT_EQ(append_missing.error().code, ErrorCode::kNotFound);
}

TEST_F(IngestTest, ReplaceAppendUpsert) {
  ASSERT_TRUE(Load(File("v1.csv", "k,v\n1,a\n2,b\n"), "kv"));
  ASSERT_TRUE(app_->catalog().Update("kv", {std::string("key/values"), {{"v", "the value"}}}));

  auto appended = Load(File("v2.csv", "k,v\n3,c\n"), "kv", Mode::kAppend);
  ASSERT_TRUE(appended) << appended.error().ToText();
  EXPECT_EQ(appended->dataset_rows, 3);

  auto upserted = Load(File("v3.csv", "k,v\n2,B\n4,d\n4,D\n"), "kv", Mode::kUpsert, {"k"});
  ASSERT_TRUE(upserted) << upserted.error().ToText();
  EXPECT_EQ(upserted->rows_updated, 1);
  EXPECT_EQ(upserted->rows_inserted, 1);
  EXPECT_EQ(upserted->dataset_rows, 4);
  auto rows = Rows("SELECT k, v FROM kv ORDER BY k");
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(std::get<std::string>(rows[1][1]), "B");
  EXPECT_EQ(std::get<std::string>(rows[3][1]), "D");  // the last row of a key wins

  // Appending values that do not fit the dataset's types fails and changes nothing.
  auto narrowing = Load(File("v4.csv", "k,v\n1.5,x\n"), "kv", Mode::kAppend);
  ASSERT_FALSE(narrowing);
  EXPECT_NE(narrowing.error().message.find("column k"), std::string::npos);
  auto extra = Load(File("v5.csv", "k,v,w\n9,x,y\n"), "kv", Mode::kAppend);
  ASSERT_FALSE(extra);
  EXPECT_EQ(Rows("SELECT count(*) FROM kv")[0][0], db::Value(int64_t{4}));
  auto no_key = Load(File("v6.csv", "k,v\n1,x\n"), "kv", Mode::kUpsert, {"missing"});
  ASSERT_FALSE(no_key);

  auto replaced = Load(File("v7.csv", "k,v,extra\n10,z,1\n"), "kv", Mode::kReplace);
  ASSERT_TRUE(replaced) << replaced.error().ToText();
  EXPECT_EQ(replaced->dataset_rows, 1);
  auto info = app_->catalog().Get("kv");
  EXPECT_EQ(info->description, "key/values");  // descriptions survive a replace
  EXPECT_EQ(info->columns[1].description, "the value");
  EXPECT_EQ(info->columns.size(), 3u);
  ExpectNoStrayTables();
}

TEST_F(IngestTest, JsonAndNdjsonAndParquet) {
  auto json =
      Load(File("a.json",
                R"([{"id": 1, "nome": "A", "tags": ["x"]}, {"id": 2, "nome": "B", "tags": []}])"),
           "");
  ASSERT_TRUE(json) << json.error().ToText();
  EXPECT_EQ(json->format, Format::kJson);
  EXPECT_EQ(json->rows_loaded, 2);

  auto nd = Load(File("b.ndjson",
                      "{\"id\": 1, \"v\": 1.5}\n{\"id\": 2, \"v\": null}\n{\"id\": 3, \"v\": 2}\n"),
                 "nd");
  ASSERT_TRUE(nd) << nd.error().ToText();
  EXPECT_EQ(nd->rows_loaded, 3);

  // A Parquet file written by DuckDB itself.
  const auto parquet = app_.dir() / "p.parquet";
  {
    auto conn = app_->pool().Acquire();
    ASSERT_TRUE(
        (*conn)->Execute("COPY (SELECT range AS id, range * 1.5 AS x FROM range(1000)) TO '" +
                         parquet.string() + "' (FORMAT PARQUET)"));
  }
  auto pq = Load(parquet, "pq");
  ASSERT_TRUE(pq) << pq.error().ToText();
  EXPECT_EQ(pq->format, Format::kParquet);
  EXPECT_EQ(pq->rows_loaded, 1000);
}

TEST_F(IngestTest, HeadersBecomeIdentifiers) {
  auto report = Load(
      File("h.csv", "Nome do Cliente,Valor (R$),valor,Data da Venda\nA,1,2,2024-01-01\n"), "h");
  ASSERT_TRUE(report) << report.error().ToText();
  std::vector<std::string> names;
  for (const auto& c : report->columns) names.push_back(c.name);
  EXPECT_EQ(names,
            (std::vector<std::string>{"nome_do_cliente", "valor_r", "valor", "data_da_venda"}));
  EXPECT_EQ(report->columns[0].original_name, "Nome do Cliente");
  auto info = app_->catalog().Get("h");
  EXPECT_EQ(info->columns[1].original_name, "Valor (R$)");
}

TEST_F(IngestTest, UserOverrides) {
  Request r;
  r.path = File("o.csv", "cep|valor\n01310100|10\n20040002|20\n");
  r.dataset = "o";
  r.csv.delimiter = "|";
  r.csv.types["cep"] = "VARCHAR";
  auto report = app_->ingestor().Run(r);
  ASSERT_TRUE(report) << report.error().ToText();
  EXPECT_EQ(TypeOf("o", "cep"), "VARCHAR");
  auto rows = Rows("SELECT cep FROM o ORDER BY valor");
  EXPECT_EQ(std::get<std::string>(rows[0][0]), "01310100");

  Request bad = r;
  bad.dataset = "o2";
  bad.csv.types = {{"nope", "VARCHAR"}};
  auto err = app_->ingestor().Run(bad);
  ASSERT_FALSE(err);
  EXPECT_NE(err.error().message.find("no column 'nope'"), std::string::npos);
}

TEST_F(IngestTest, ProgressIsReported) {
  std::string csv = "a,b\n";
  for (int i = 0; i < 200000; ++i) csv += std::to_string(i) + "," + std::to_string(i % 7) + "\n";
  Request r;
  r.path = File("big.csv", csv);
  r.dataset = "big";
  double last = -1;
  int calls = 0;
  auto report = app_->ingestor().Run(r, [&](double f) {
    EXPECT_GE(f, last);
    last = f;
    ++calls;
  });
  ASSERT_TRUE(report);
  EXPECT_GE(calls, 1);
  EXPECT_DOUBLE_EQ(last, 1.0);
}

TEST_F(IngestTest, CleanUpDropsStagingTablesOfACrash) {
  {
    auto conn = app_->pool().Acquire();
    ASSERT_TRUE((*conn)->Execute("CREATE TABLE __ingest_deadbeef AS SELECT 1 AS x"));
  }
  ASSERT_TRUE(app_->ingestor().CleanUp());
  ExpectNoStrayTables();
}

}  // namespace
}  // namespace sagaz::ingest
