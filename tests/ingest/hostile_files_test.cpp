// Files DuckDB copes with badly, refused (or read right) before they cost minutes, gigabytes or a
// crash: JSON nested thousands of levels deep, headers with a hundred thousand columns, files of
// blank lines, Parquet schemas nested too deep.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <string>

#include "catalog/catalog.hpp"
#include "db/db.hpp"
#include "ingest/ingest.hpp"
#include "support/support.hpp"

namespace sagaz::ingest {
namespace {

using testing::TestApp;
using testing::WriteFile;

std::string Nested(int depth, std::string_view open, std::string_view close) {
  std::string out;
  for (int i = 0; i < depth; ++i) out += open;
  out += "1";
  for (int i = 0; i < depth; ++i) out += close;
  return out;
}

std::string Row(int columns, std::string_view delimiter, std::string_view prefix) {
  std::string out;
  for (int i = 0; i < columns; ++i) {
    if (i) out += delimiter;
    out += std::string(prefix) + std::to_string(i);
  }
  return out + "\n";
}

// {"k0": 1, "k1": 1, ...} on one line.
std::string Record(int fields) {
  std::string out = "{";
  for (int i = 0; i < fields; ++i) out += (i ? ", \"k" : "\"k") + std::to_string(i) + "\": 1";
  return out + "}\n";
}

class HostileFilesTest : public ::testing::Test {
 protected:
  HostileFilesTest() : app_([](Config& c) { c.ingest.max_columns = 50; }) {}
  Result<Report> Load(const std::string& file, std::string_view content, CsvOptions csv = {}) {
    Request r;
    r.path = WriteFile(app_.dir() / file, content);
    r.csv = std::move(csv);
    return app_->ingestor().Run(r);
  }
  TestApp app_;
};

struct Refusal {
  std::string name;
  std::string file;
  std::string content;
  std::string message;  // part of the error's message
  CsvOptions csv = {};
};

TEST_F(HostileFilesTest, RefusedBeforeDuckDbReadsThem) {
  const std::vector<Refusal> cases = {
      {"objects 10,000 deep", "deep.json", Nested(10'000, "{\"a\":", "}"),
       "nested more than 64 levels deep"},
      {"arrays 10,000 deep", "deep_array.json", Nested(10'000, "[", "]"),
       "nested more than 64 levels deep"},
      {"one level too deep", "65.json", Nested(65, "[", "]"), "at byte 64"},
      {"records inside an array, too deep", "records.json",
       "[{\"id\": 1, \"x\": " + Nested(70, "{\"a\":", "}") + "}]",
       "Sagaz loads JSON nested up to 64"},
      {"a record wider than the limit", "wide.ndjson", Record(60), "more than 50 fields"},
      {"blank JSON", "blank.json", "\n\n  \n", "nothing but blank lines"},
      {"a CSV of newlines", "newlines.csv", "\n\n\n\n", "nothing but blank lines"},
      {"a CSV of blanks and CRLFs", "crlf.csv", "\r\n \r\n\t\r\n", "nothing but blank lines"},
      {"a header wider than the limit", "wide.csv", Row(100, ",", "c") + Row(100, ",", ""),
       "100 columns"},
      {"semicolons", "wide_semicolon.csv", Row(80, ";", "c") + Row(80, ";", ""),
       "separated by ';'"},
      {"tabs", "wide.tsv", Row(51, "\t", "c"), "separated by 'tab'"},
      {"the header after skipped rows", "skip.csv", "title\n" + Row(60, ",", "c"), "60 columns",
       CsvOptions{.skip_rows = 1}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    auto report = Load(c.file, c.content, c.csv);
    ASSERT_FALSE(report) << "loaded " << report->rows_loaded << " rows";
    EXPECT_EQ(report.error().code, ErrorCode::kInvalidArgument);
    EXPECT_NE(report.error().message.find(c.message), std::string::npos) << report.error().message;
  }
  EXPECT_TRUE(app_->catalog().List()->empty());
}

TEST_F(HostileFilesTest, TheLimitsLetOrdinaryFilesThrough) {
  struct Accepted {
    std::string file;
    std::string content;
    int64_t rows;
  };
  const std::vector<Accepted> cases = {
      {"deepest.json", Nested(64, "[", "]"), 1},
      {"records.json", "[{\"id\": 1, \"x\": " + Nested(60, "{\"a\":", "}") + "}]", 1},
      // Brackets and commas inside strings are text, not structure.
      {"strings.ndjson", "{\"t\": \"[[[[{{{{,,,,\\\"]]]\"}\n{\"t\": \"x\"}\n", 2},
      {"exactly_wide.csv", Row(50, ",", "c") + Row(50, ",", ""), 1},
      // Delimiters inside quotes are not fields; a quote inside a field is text.
      {"quoted.csv", "a,b\n\"" + std::string(200, ',') + "\",5\" screen\n", 1},
      {"blank_lines_first.csv", "\n\na,b\n1,2\n", 1},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.file);
    auto report = Load(c.file, c.content);
    ASSERT_TRUE(report) << report.error().ToText();
    EXPECT_EQ(report->rows_loaded, c.rows);
  }
}

// 1,000 rows "id,name,value" with some lines changed: {row index (0-based), replacement}.
std::string Table(int rows, const std::map<int, std::string>& changed) {
  std::string out = "id,name,value\n";
  for (int i = 0; i < rows; ++i) {
    auto it = changed.find(i);
    out += it != changed.end()
               ? it->second
               : std::to_string(i) + ",n" + std::to_string(i) + "," + std::to_string(i * 2) + ".5";
    out += "\n";
  }
  return out;
}

// DuckDB's sniffer wants every sampled line to agree: one ragged line made it skip everything up to
// it (a 1,000-row file with an extra field on its last line loaded as 1 row, "header: no", columns
// column0..3, nothing rejected) or fall back to one column.
TEST_F(HostileFilesTest, ARaggedLineIsARejectedRowNeverAReasonToDropTheHeader) {
  struct Case {
    std::string name;
    std::map<int, std::string> changed;
    std::vector<int64_t> rejected_lines;  // 1-based lines of the file (the header is line 1)
  };
  const std::vector<Case> cases = {
      {"extra field on the last line", {{999, "999,n999,1.5,extra"}}, {1001}},
      {"extra field on the first data line", {{0, "0,n0,1.5,extra"}}, {2}},
      {"extra field on a middle line", {{500, "500,n500,1.5,extra"}}, {502}},
      {"missing field on a middle line", {{500, "500,n500"}}, {502}},
      {"missing field on the last line", {{999, "999,n999"}}, {1001}},
      {"a few ragged lines among many",
       {{10, "10,a,1,x"}, {300, "300"}, {700, "700,b,2,y,z"}, {998, "998,c,3,w"}},
       {12, 302, 702, 1000}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    auto report = Load("t.csv", Table(1000, c.changed));
    ASSERT_TRUE(report) << report.error().ToText();
    EXPECT_EQ(report->rows_loaded, 1000 - static_cast<int64_t>(c.rejected_lines.size()));
    EXPECT_EQ(report->rows_rejected, static_cast<int64_t>(c.rejected_lines.size()));
    std::vector<int64_t> lines;
    for (const auto& r : report->rejections) lines.push_back(r.line);
    EXPECT_EQ(lines, c.rejected_lines);
    ASSERT_EQ(report->columns.size(), 3u);
    EXPECT_EQ(report->columns[0].name, "id");
    EXPECT_EQ(report->columns[0].type, "BIGINT");
    EXPECT_EQ(report->columns[2].type, "DOUBLE");
    EXPECT_NE(
        std::find(report->decisions.begin(), report->decisions.end(), "header: yes (detected)"),
        report->decisions.end());
    ASSERT_TRUE(app_->catalog().Drop(report->dataset));
  }
}

TEST_F(HostileFilesTest, TooManyRaggedLinesStillFailTheLoad) {
  std::map<int, std::string> changed;
  for (int i = 0; i < 1000; i += 8) changed[i] = std::to_string(i) + ",x,1,extra";  // 12.5%
  auto report = Load("t.csv", Table(1000, changed));
  ASSERT_FALSE(report);
  EXPECT_NE(report.error().message.find("125 of 1000 rows (12.5%) are malformed"),
            std::string::npos)
      << report.error().message;
  EXPECT_EQ(report.error().Detail("line 2"), "Expected Number of Columns: 3 Found: 4");
}

TEST_F(HostileFilesTest, ATitleAboveTheHeaderIsStillSkipped) {
  std::string csv = "Relatório de vendas 2024\n\nid;nome;valor\n";
  for (int i = 0; i < 100; ++i)
    csv += std::to_string(i) + ";n" + std::to_string(i) + ";" + std::to_string(i) + ",5\n";
  auto report = Load("preamble.csv", csv);
  ASSERT_TRUE(report) << report.error().ToText();
  EXPECT_EQ(report->rows_loaded, 100);
  EXPECT_EQ(report->rows_rejected, 0);
  ASSERT_EQ(report->columns.size(), 3u);
  EXPECT_EQ(report->columns[2].name, "valor");
  EXPECT_EQ(report->columns[2].type, "DOUBLE");
}

TEST_F(HostileFilesTest, ParquetSchemasAreCheckedFromTheFooter) {
  const auto deep = app_.dir() / "deep.parquet";
  const auto wide = app_.dir() / "wide.parquet";
  const auto fine = app_.dir() / "fine.parquet";
  {
    // DuckDB writes the nested struct itself; 100 levels it still handles quickly.
    auto conn = app_->pool().Acquire();
    std::string value = "1";
    for (int i = 0; i < 100; ++i) value = "{'a': " + value + "}";
    ASSERT_TRUE((*conn)->Execute("COPY (SELECT " + value + " AS v) TO '" + deep.string() +
                                 "' (FORMAT PARQUET)"));
    std::string columns;
    for (int i = 0; i < 60; ++i)
      columns += (i ? ", " : "") + std::to_string(i) + " AS c" + std::to_string(i);
    ASSERT_TRUE((*conn)->Execute("COPY (SELECT " + columns + ") TO '" + wide.string() +
                                 "' (FORMAT PARQUET)"));
    ASSERT_TRUE((*conn)->Execute("COPY (SELECT 1 AS id, {'a': {'b': [1, 2]}} AS v) TO '" +
                                 fine.string() + "' (FORMAT PARQUET)"));
  }
  auto load = [&](const std::filesystem::path& path) {
    Request r;
    r.path = path;
    return app_->ingestor().Run(r);
  };
  auto too_deep = load(deep);
  ASSERT_FALSE(too_deep);
  EXPECT_NE(too_deep.error().message.find("nested more than 64 levels"), std::string::npos)
      << too_deep.error().message;
  auto too_wide = load(wide);
  ASSERT_FALSE(too_wide);
  EXPECT_NE(too_wide.error().message.find("60 columns"), std::string::npos);
  auto ok = load(fine);
  ASSERT_TRUE(ok) << ok.error().ToText();
  EXPECT_EQ(ok->rows_loaded, 1);
}

}  // namespace
}  // namespace sagaz::ingest
