// The builtin parser stage by stage, driven by tables of cases in tests/data/nlq/stages/:
//
//   schemas.json    small schemas shaped like real data (headers, values, misspellings), by name;
//   question.jsonl  stage 1: {"id", "question", "lang", "words": [folded words], "cues": {word:
//   cue}}; mentions.jsonl  stage 2: {"id", "schema", "question", "columns", "values", "tables"
//   (each must be
//                   found), "no_columns", "no_values" (never found)};
//   plans.jsonl     stages 3-5: {"id", "schema", "question", "expect": {plan fields}}; only the
//                   fields a case lists are compared; "unsure" and "unexplained" check stage 4.
//
// Every case is its own test named by its id, so a failure names the case.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "nlq/internal/mentions.hpp"
#include "nlq/internal/question.hpp"
#include "nlq/nlq.hpp"

namespace sagaz::nlq {
namespace {

using Json = nlohmann::json;
namespace fs = std::filesystem;

const fs::path kDir = fs::path(SAGAZ_TEST_DATA_DIR) / "nlq" / "stages";

ColumnKind KindOf(const std::string& k) {
  if (k == "integer") return ColumnKind::kInteger;
  if (k == "number") return ColumnKind::kNumber;
  if (k == "text") return ColumnKind::kText;
  if (k == "time") return ColumnKind::kTime;
  if (k == "boolean") return ColumnKind::kBoolean;
  return ColumnKind::kOther;
}

std::string TypeOf(ColumnKind k) {
  switch (k) {
    case ColumnKind::kInteger:
      return "BIGINT";
    case ColumnKind::kNumber:
      return "DOUBLE";
    case ColumnKind::kText:
      return "VARCHAR";
    case ColumnKind::kTime:
      return "TIMESTAMP";
    case ColumnKind::kBoolean:
      return "BOOLEAN";
    case ColumnKind::kOther:
      break;
  }
  return "BLOB";
}

// {"tables": [{"name", "description"?, "rows"?, "columns": [{"name", "kind", "type"?,
// "description"?, "original"?, "values"?, "min"?, "max"?}]}], "relations"?: [[from_table,
// from_column, to_table, to_column]]}. Without "relations" they are inferred from the names.
std::unique_ptr<Schema> SchemaOf(const Json& j) {
  auto schema = std::make_unique<Schema>();
  for (const auto& t : j.at("tables")) {
    SchemaTable table;
    table.name = t.at("name");
    table.description = t.value("description", "");
    table.rows = t.value("rows", 1000);
    for (const auto& c : t.at("columns")) {
      SchemaColumn col;
      col.name = c.at("name");
      col.kind = KindOf(c.value("kind", "text"));
      col.type = c.value("type", TypeOf(col.kind));
      col.description = c.value("description", "");
      col.original_name = c.value("original", "");
      col.is_identifier =
          col.name == "id" || col.name.ends_with("_id") || col.name.starts_with("id_");
      if (c.contains("values")) col.values = c.at("values").get<std::vector<std::string>>();
      col.distinct = c.value("distinct", static_cast<int64_t>(col.values.size()));
      if (c.contains("min")) col.min_time = c.at("min").get<std::string>();
      if (c.contains("max")) col.max_time = c.at("max").get<std::string>();
      table.columns.push_back(std::move(col));
    }
    schema->tables.push_back(std::move(table));
  }
  if (j.contains("relations")) {
    for (const auto& r : j.at("relations")) {
      schema->relations.push_back(Relation{r.at(0), r.at(1), r.at(2), r.at(3)});
    }
  } else {
    schema->relations = InferRelations(schema->tables);
  }
  return schema;
}

const Schema& SchemaNamed(const std::string& name) {
  static const std::map<std::string, std::unique_ptr<Schema>> schemas = [] {
    std::ifstream in(kDir / "schemas.json");
    const Json all = Json::parse(in);
    std::map<std::string, std::unique_ptr<Schema>> out;
    for (const auto& [k, v] : all.items()) out[k] = SchemaOf(v);
    return out;
  }();
  auto it = schemas.find(name);
  if (it == schemas.end()) throw std::runtime_error("no schema named " + name);
  return *it->second;
}

std::vector<Json> Cases(const std::string& file) {
  std::vector<Json> out;
  std::ifstream in(kDir / file);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    out.push_back(Json::parse(line));
  }
  return out;
}

std::string CaseName(const testing::TestParamInfo<Json>& info) {
  std::string id = info.param.at("id");
  std::replace_if(
      id.begin(), id.end(), [](char c) { return !std::isalnum(static_cast<unsigned char>(c)); },
      '_');
  return id;
}

Language LanguageOf(const Json& c) {
  if (!c.contains("lang")) return DetectLanguage(c.at("question").get<std::string>());
  return c.at("lang") == "en" ? Language::kEnglish : Language::kPortuguese;
}

std::string CueName(internal::Cue cue) {
  using internal::Cue;
  static const std::map<Cue, std::string> names = {{Cue::kAggregate, "aggregate"},
                                                   {Cue::kCount, "count"},
                                                   {Cue::kDistinct, "distinct"},
                                                   {Cue::kDescribe, "describe"},
                                                   {Cue::kSeries, "series"},
                                                   {Cue::kGroupBy, "group"},
                                                   {Cue::kBucketNoun, "bucket"},
                                                   {Cue::kBucketAdj, "bucket"},
                                                   {Cue::kCompare, "compare"},
                                                   {Cue::kBetween, "between"},
                                                   {Cue::kTop, "top"},
                                                   {Cue::kBottom, "bottom"},
                                                   {Cue::kMost, "most"},
                                                   {Cue::kLeast, "least"},
                                                   {Cue::kList, "list"},
                                                   {Cue::kIn, "in"},
                                                   {Cue::kSince, "since"},
                                                   {Cue::kUntil, "until"},
                                                   {Cue::kLast, "last"},
                                                   {Cue::kThis, "this"},
                                                   {Cue::kPrevious, "previous"},
                                                   {Cue::kToday, "today"},
                                                   {Cue::kYesterday, "yesterday"},
                                                   {Cue::kUnit, "unit"},
                                                   {Cue::kMonth, "month"},
                                                   {Cue::kDescending, "descending"},
                                                   {Cue::kAscending, "ascending"},
                                                   {Cue::kAnd, "and"},
                                                   {Cue::kNot, "not"},
                                                   {Cue::kEmpty, "empty"}};
  auto it = names.find(cue);
  return it == names.end() ? "?" : it->second;
}

// ---- Stage 1
// ---------------------------------------------------------------------------------------

class QuestionStage : public testing::TestWithParam<Json> {};

TEST_P(QuestionStage, WordsAndCues) {
  const Json& c = GetParam();
  const Schema& schema = SchemaNamed(c.value("schema", "shop"));
  const auto q =
      internal::Analyze(c.at("question").get<std::string>(), LanguageOf(c), *schema.Index());
  std::vector<std::string> words;
  std::map<std::string, std::string> cues;
  for (size_t i = 0; i < q.words.size(); ++i) {
    const auto& w = q.words[i];
    words.push_back(w.token.norm);
    if (w.cue && w.cue_owner == i) cues[w.token.norm] = CueName(w.cue->cue);
    // Spans point into the question.
    EXPECT_LE(w.token.begin, w.token.end);
    EXPECT_LE(w.token.end, q.text.size());
  }
  if (c.contains("words")) {
    EXPECT_EQ(words, c.at("words").get<std::vector<std::string>>());
  }
  if (c.contains("cues")) {
    for (const auto& [word, cue] : c.at("cues").items()) {
      EXPECT_EQ(cues[word], cue.get<std::string>()) << "cue of '" << word << "'";
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Cases, QuestionStage, testing::ValuesIn(Cases("question.jsonl")),
                         CaseName);

// ---- Stage 2
// ---------------------------------------------------------------------------------------

class MentionsStage : public testing::TestWithParam<Json> {};

TEST_P(MentionsStage, WhatTheWordsName) {
  const Json& c = GetParam();
  const Schema& schema = SchemaNamed(c.at("schema"));
  const auto idx = schema.Index();
  const auto q = internal::Analyze(c.at("question").get<std::string>(), LanguageOf(c), *idx);
  const auto m = internal::FindMentions(q, *idx);
  // Columns named by their name (not only by a word of their description), values named well
  // enough to filter on (a whole value, a distinctive word, an inflection, a synonym), tables.
  std::set<std::string> columns, values, tables, all_values;
  std::string found;
  for (const auto& cm : m.columns) {
    const auto& col = idx->columns[cm.column];
    const std::string name = col.table->name + "." + col.column->name;
    if (cm.name_hits > 0 && cm.score >= 1.0) columns.insert(name);
    found += "\n  column " + name + " " + std::to_string(cm.score);
  }
  for (const auto& v : m.values) {
    const auto& col = idx->columns[v.column];
    const std::string name = col.table->name + "." + col.column->name + "=" + v.value;
    all_values.insert(name);
    if (v.score >= 1.4) values.insert(name);
    found += "\n  value " + name + " " + std::to_string(v.score);
  }
  std::string best_column, best_value;
  double best_column_score = 0, best_value_score = 0;
  for (const auto& cm : m.columns) {
    const auto& col = idx->columns[cm.column];
    if (cm.name_hits > 0 && cm.score > best_column_score) {
      best_column_score = cm.score;
      best_column = col.table->name + "." + col.column->name;
    }
  }
  for (const auto& v : m.values) {
    const auto& col = idx->columns[v.column];
    if (v.score > best_value_score) {
      best_value_score = v.score;
      best_value = col.table->name + "." + col.column->name + "=" + v.value;
    }
  }
  if (c.contains("best_column")) {
    EXPECT_EQ(best_column, c.at("best_column").get<std::string>()) << found;
  }
  if (c.contains("best_value")) {
    EXPECT_EQ(best_value, c.at("best_value").get<std::string>()) << found;
  }
  for (const auto& t : m.tables) {
    if (t.entity) tables.insert(idx->tables[t.table].table->name);
  }
  for (const auto& want : c.value("columns", std::vector<std::string>{})) {
    EXPECT_TRUE(columns.count(want)) << "column " << want << " not found:" << found;
  }
  for (const auto& want : c.value("values", std::vector<std::string>{})) {
    EXPECT_TRUE(values.count(want)) << "value " << want << " not found:" << found;
  }
  for (const auto& want : c.value("tables", std::vector<std::string>{})) {
    EXPECT_TRUE(tables.count(want)) << "table " << want << " not found:" << found;
  }
  for (const auto& never : c.value("no_columns", std::vector<std::string>{})) {
    EXPECT_FALSE(columns.count(never)) << "column " << never << " found:" << found;
  }
  for (const auto& never : c.value("no_values", std::vector<std::string>{})) {
    EXPECT_FALSE(all_values.count(never)) << "value " << never << " found:" << found;
  }
}

INSTANTIATE_TEST_SUITE_P(Cases, MentionsStage, testing::ValuesIn(Cases("mentions.jsonl")),
                         CaseName);

// ---- Stages 3-5
// ------------------------------------------------------------------------------------

std::string OpName(Filter::Op op) {
  switch (op) {
    case Filter::Op::kEq:
      return "=";
    case Filter::Op::kIn:
      return "in";
    case Filter::Op::kNe:
      return "!=";
    case Filter::Op::kNotIn:
      return "not in";
    case Filter::Op::kGt:
      return ">";
    case Filter::Op::kGe:
      return ">=";
    case Filter::Op::kLt:
      return "<";
    case Filter::Op::kLe:
      return "<=";
    case Filter::Op::kBetween:
      return "between";
    case Filter::Op::kIsNull:
      return "is null";
    case Filter::Op::kIsNotNull:
      return "is not null";
    case Filter::Op::kIsTrue:
      return "is true";
    case Filter::Op::kIsFalse:
      return "is false";
    case Filter::Op::kTimeFrom:
      return "from";
    case Filter::Op::kTimeBefore:
      return "before";
  }
  return "?";
}

std::string LiteralText(const Literal& l) {
  if (const auto* i = std::get_if<int64_t>(&l)) return std::to_string(*i);
  if (const auto* d = std::get_if<double>(&l)) {
    std::string s = std::to_string(*d);
    s.erase(s.find_last_not_of('0') + 1);
    if (s.ends_with('.')) s.pop_back();
    return s;
  }
  // Time bounds compare by their date when they fall on midnight.
  std::string s = std::get<std::string>(l);
  if (s.ends_with("T00:00:00")) s.resize(s.size() - 9);
  if (s.ends_with(" 00:00:00")) s.resize(s.size() - 9);
  return s;
}

// "table.column op v1,v2": how a case writes a filter.
std::string FilterText(const Filter& f) {
  std::string s = f.column.table + "." + f.column.column + " " + OpName(f.op);
  std::string values;
  for (const auto& v : f.values) values += (values.empty() ? "" : ",") + LiteralText(v);
  if (!values.empty()) s += " " + values;
  return s;
}

std::string RefText(const std::optional<ColumnRef>& r) {
  return r ? r->table + "." + r->column : "";
}

class PlanStage : public testing::TestWithParam<Json> {};

TEST_P(PlanStage, TypedPlan) {
  const Json& c = GetParam();
  const Schema& schema = SchemaNamed(c.at("schema"));
  ParseOptions options;
  if (c.contains("lang")) options.language = LanguageOf(c);
  const std::string question = c.at("question");
  auto r = ReadQuestion(question, schema, options);
  const Json& want = c.at("expect");
  if (want.value("error", false)) {
    ASSERT_FALSE(r.has_value()) << "expected no reading, got " << r->plan.answer_sql;
    if (want.contains("reason")) {
      EXPECT_EQ(r.error().Detail("reason"), want.at("reason").get<std::string>())
          << r.error().message;
    }
    return;
  }
  ASSERT_TRUE(r.has_value()) << r.error().message;
  const Plan& p = r->plan;
  std::vector<std::string> filters;
  for (const auto& f : p.filters) filters.push_back(FilterText(f));
  std::sort(filters.begin(), filters.end());
  std::string got = "\n  table " + p.table + " shape " + std::string(ToString(p.shape)) +
                    " aggregate " + std::string(ToString(p.aggregate)) + " measure " +
                    RefText(p.measure) + " group " + RefText(p.group) + " label " +
                    RefText(p.label) + " bucket " + std::string(ToString(p.bucket)) +
                    " confidence " + std::to_string(p.confidence) + (r->unsure ? " unsure" : "");
  for (const auto& f : filters) got += "\n  filter " + f;
  got += "\n  sql " + p.answer_sql;
  for (const auto& u : r->unexplained) got += "\n  unexplained " + u;

  // Stage 4 always holds: confidences within [0, 1].
  EXPECT_GE(p.confidence, 0.0);
  EXPECT_LE(p.confidence, 1.0);
  for (const auto& alt : r->alternatives) {
    EXPECT_GE(alt.confidence, 0.0);
    EXPECT_LE(alt.confidence, 1.0);
  }
  if (want.contains("unsure")) {
    EXPECT_EQ(r->unsure, want.at("unsure").get<bool>()) << got;
  }
  if (want.value("unsure", false)) return;  // the plan of an unclear reading is not an answer
  if (want.contains("table")) {
    EXPECT_EQ(p.table, want.at("table").get<std::string>()) << got;
  }
  if (want.contains("shape")) {
    EXPECT_EQ(ToString(p.shape), want.at("shape").get<std::string>()) << got;
  }
  if (want.contains("aggregate")) {
    EXPECT_EQ(ToString(p.aggregate), want.at("aggregate").get<std::string>()) << got;
  }
  if (want.contains("measure")) {
    EXPECT_EQ(RefText(p.measure), want.at("measure").get<std::string>()) << got;
  }
  if (want.contains("group")) {
    EXPECT_EQ(RefText(p.group), want.at("group").get<std::string>()) << got;
  }
  if (want.contains("label")) {
    EXPECT_EQ(RefText(p.label), want.at("label").get<std::string>()) << got;
  }
  if (want.contains("bucket")) {
    EXPECT_EQ(ToString(p.bucket), want.at("bucket").get<std::string>()) << got;
  }
  if (want.contains("limit")) {
    EXPECT_EQ(p.limit.value_or(-1), want.at("limit").get<int64_t>()) << got;
  }
  if (want.contains("descending")) {
    EXPECT_EQ(p.descending, want.at("descending").get<bool>()) << got;
  }
  if (want.contains("filters")) {
    auto expected = want.at("filters").get<std::vector<std::string>>();
    std::sort(expected.begin(), expected.end());
    EXPECT_EQ(filters, expected) << got;
  }
  if (want.contains("sql_has")) {
    for (const auto& part : want.at("sql_has").get<std::vector<std::string>>()) {
      EXPECT_NE(p.answer_sql.find(part), std::string::npos) << "'" << part << "'" << got;
    }
  }
  if (want.contains("min_confidence")) {
    EXPECT_GE(p.confidence, want.at("min_confidence").get<double>()) << got;
  }
  if (want.contains("unexplained")) {
    EXPECT_EQ(r->unexplained, want.at("unexplained").get<std::vector<std::string>>()) << got;
  }
  Plan copy = p;
  EXPECT_TRUE(RenderSql(schema, copy).has_value()) << got;
}

INSTANTIATE_TEST_SUITE_P(Cases, PlanStage, testing::ValuesIn(Cases("plans.jsonl")), CaseName);

}  // namespace
}  // namespace sagaz::nlq
