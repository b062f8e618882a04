// Comment batches, NDJSON and CSV files, filters and gold labels as the API reads them.
#include <gtest/gtest.h>

#include <sstream>

#include "wire/feedback.hpp"

namespace sagaz::wire {
namespace {

using feedback::CommentInput;
using feedback::ItemError;

struct Read {
  std::vector<CommentInput> comments;
  std::vector<ItemError> errors;
};

Result<Read> ReadAll(const std::string& text, CommentFormat format = CommentFormat::kAuto,
                     CommentColumns columns = {}) {
  auto reader = SAGAZ_TRY(
      CommentReader::Open(std::make_unique<std::istringstream>(text), format, std::move(columns)));
  Read out;
  while (SAGAZ_TRY(reader->Next(2, out.comments, out.errors))) {
  }
  return out;
}

TEST(CommentBatchTest, GoodItemsKeptBadOnesReported) {
  const auto body = Json::parse(R"({"comments": [
    {"id": "a", "text": "bom", "source": "app", "metadata": {"stars": 5}},
    {"id": 7, "text": "ok", "created_at": "2024-03-01"},
    "not an object",
    {"id": "c"},
    {"id": "d", "text": 5},
    {"id": "e", "text": "x", "color": "red"},
    {"id": "f", "text": "x", "metadata": [1]}
  ]})");
  auto batch = ParseCommentBatch(body, 100);
  ASSERT_TRUE(batch) << batch.error().ToText();
  ASSERT_EQ(batch->comments.size(), 2u);
  EXPECT_EQ(batch->comments[0].metadata, R"({"stars":5})");
  EXPECT_EQ(batch->comments[1].id, "7");
  EXPECT_EQ(batch->comments[1].index, 1);
  ASSERT_EQ(batch->errors.size(), 5u);
  EXPECT_EQ(batch->errors[0].index, 2);
  EXPECT_EQ(batch->errors[1].field, "text");
  EXPECT_EQ(batch->errors[1].id, "c");
  EXPECT_EQ(batch->errors[2].field, "text");
  EXPECT_EQ(batch->errors[3].field, "color");
  EXPECT_EQ(batch->errors[4].field, "metadata");
}

TEST(CommentBatchTest, ShapeErrors) {
  EXPECT_FALSE(ParseCommentBatch(Json::parse(R"({"comment": []})"), 10));
  EXPECT_FALSE(ParseCommentBatch(Json::parse(R"({"comments": {}})"), 10));
  EXPECT_FALSE(ParseCommentBatch(Json::parse(R"([])"), 10));
  auto too_many = ParseCommentBatch(Json::parse(R"({"comments": [{}, {}, {}]})"), 2);
  ASSERT_FALSE(too_many);
  EXPECT_EQ(too_many.error().Detail("limit"), "2");
}

TEST(CommentFileTest, Ndjson) {
  auto r = ReadAll(
      "{\"id\": \"1\", \"text\": \"bom\"}\n\n  \nnot json\r\n{\"id\": \"2\", \"text\": "
      "\"ruim\", \"source\": \"x\"}\n{\"id\": \"3\"}");
  ASSERT_TRUE(r) << r.error().ToText();
  ASSERT_EQ(r->comments.size(), 2u);
  EXPECT_EQ(r->comments[1].source, "x");
  EXPECT_EQ(r->comments[1].index, 2);
  ASSERT_EQ(r->errors.size(), 2u);
  EXPECT_EQ(r->errors[0].index, 1);
  EXPECT_EQ(r->errors[1].index, 3);
}

TEST(CommentFileTest, CsvQuotesDelimitersAndColumns) {
  const std::string csv =
      "\xEF\xBB\xBFid;Comentário;data\r\n"
      "1;\"Muito bom; chegou rápido\";2024-03-01\r\n"
      "2;\"Disse \"\"nunca mais\"\"\nsegunda linha\";\r\n"
      "\r\n"
      "3\r\n";
  CommentColumns columns;
  columns.text = "comentário";
  columns.date = "data";
  columns.source = "loja";
  auto r = ReadAll(csv, CommentFormat::kAuto, columns);
  ASSERT_TRUE(r) << r.error().ToText();
  ASSERT_EQ(r->comments.size(), 2u);
  EXPECT_EQ(r->comments[0].text, "Muito bom; chegou rápido");
  EXPECT_EQ(r->comments[0].created_at, "2024-03-01");
  EXPECT_EQ(r->comments[0].source, "loja");
  EXPECT_EQ(r->comments[1].text, "Disse \"nunca mais\"\nsegunda linha");
  ASSERT_EQ(r->errors.size(), 1u);
  EXPECT_EQ(r->errors[0].index, 2);
  EXPECT_EQ(r->errors[0].id, "3");
}

TEST(CommentFileTest, CsvWithoutIdUsesTheTextHash) {
  auto a = ReadAll("text\nbom\nruim\nbom\n");
  ASSERT_TRUE(a);
  ASSERT_EQ(a->comments.size(), 3u);
  EXPECT_EQ(a->comments[0].id, a->comments[2].id);
  EXPECT_NE(a->comments[0].id, a->comments[1].id);
}

TEST(CommentFileTest, CsvErrors) {
  auto missing = ReadAll("comment,id\nx,1\n");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().Detail("column"), "text");
  EXPECT_FALSE(ReadAll("", CommentFormat::kCsv));
  // An unclosed quote swallows the rest, up to the record limit: reported, not a crash.
  auto unclosed = ReadAll("text\n\"" + std::string(2 << 20, 'a') + "\nbom\n");
  ASSERT_TRUE(unclosed);
  ASSERT_EQ(unclosed->errors.size(), 1u);
}

TEST(CommentFileTest, LabelledCsv) {
  std::istringstream in("texto,classe\nÓtimo,Positivo\nRuim,negativo\nSem rótulo,\nok,???\n");
  auto data = ReadLabelledCsv(in, "texto", "classe");
  ASSERT_TRUE(data) << data.error().ToText();
  EXPECT_EQ(data->texts.size(), 2u);
  EXPECT_EQ(data->skipped, 2);
  EXPECT_EQ(data->labels[1], feedback::Sentiment::kNegative);
}

TEST(FeedbackWireTest, FormatsFiltersGold) {
  EXPECT_EQ(*ParseCommentFormat("text/csv; charset=utf-8"), CommentFormat::kCsv);
  EXPECT_EQ(*ParseCommentFormat("application/x-ndjson"), CommentFormat::kNdjson);
  EXPECT_FALSE(ParseCommentFormat("xml"));

  auto f = ParseCommentFilter({{"sentiment", "negativo"}, {"tag", "delay"}, {"limit", "10"}});
  ASSERT_TRUE(f);
  EXPECT_EQ(f->sentiment, feedback::Sentiment::kNegative);
  EXPECT_EQ(f->limit, 10);
  EXPECT_FALSE(ParseCommentFilter({{"limit", "0"}}));
  auto unknown = ParseCommentFilter({{"sentimento", "x"}});
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().Detail("field"), "sentimento");

  auto gold = ParseGold(Json::parse(R"({"gold": [{"id": 1, "sentiment": "5"},
                                                 {"id": "x", "source": "s", "tags": ["a"]}]})"));
  ASSERT_TRUE(gold) << gold.error().ToText();
  EXPECT_EQ((*gold)[0].id, "1");
  EXPECT_EQ((*gold)[0].sentiment, feedback::Sentiment::kPositive);
  EXPECT_EQ((*gold)[1].tags->size(), 1u);
  auto bad = ParseGold(Json::parse(R"({"gold": [{"id": "1", "sentiment": "great"}]})"));
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().Detail("field"), "gold[0].sentiment");
  EXPECT_FALSE(ParseGold(Json::parse(R"({"gold": [{"id": "1"}]})")));
}

TEST(FeedbackWireTest, CsvRowsQuote) {
  feedback::Comment c;
  c.source = "s";
  c.id = "1";
  c.text = "a, \"b\"\nc";
  EXPECT_EQ(ToCsvRow(c), "s,1,\"a, \"\"b\"\"\nc\",,,,,,,,,\r\n");
}

}  // namespace
}  // namespace sagaz::wire
