// Files DuckDB copes with badly, refused (or read right) before they cost minutes, gigabytes or a
// crash: JSON nested thousands of levels deep, headers with a hundred thousand columns, files of
// blank lines, Parquet schemas nested too deep.
#include <gtest/gtest.h>

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
