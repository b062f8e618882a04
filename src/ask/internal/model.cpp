#include "ask/internal/model.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "core/strings.hpp"

namespace sagaz::ask::internal {
namespace {

using json = nlohmann::json;

constexpr size_t kMaxColumnsPerTable = 40;
constexpr size_t kMaxSampleValues = 12;

std::string KindWord(nlq::ColumnKind kind) {
  switch (kind) {
    case nlq::ColumnKind::kInteger:
    case nlq::ColumnKind::kNumber:
      return "number";
    case nlq::ColumnKind::kText:
      return "text";
    case nlq::ColumnKind::kTime:
      return "time";
    case nlq::ColumnKind::kBoolean:
      return "boolean";
    case nlq::ColumnKind::kOther:
      return "other";
  }
  return "other";
}

void DescribeColumn(std::string& out, const nlq::SchemaColumn& c,
                    const nlq::Relevance::Column* hit) {
  out += "  - \"" + c.name + "\" " + c.type + " (" + KindWord(c.kind) +
         (c.is_identifier ? ", identifier" : "") + ")";
  if (!c.description.empty())
    out += ": " + c.description;
  else if (!c.original_name.empty() && c.original_name != c.name)
    out += ": header \"" + c.original_name + "\"";
  if (c.min_time && c.max_time) out += "; from " + *c.min_time + " to " + *c.max_time;
  if (!c.values.empty()) {
    // Values the question names first, then the others.
    std::vector<std::string> shown;
    if (hit) {
      for (const auto& v : hit->values) shown.push_back(v);
    }
    for (const auto& v : c.values) {
      if (shown.size() >= kMaxSampleValues) break;
      if (std::find(shown.begin(), shown.end(), v) == shown.end()) shown.push_back(v);
    }
    out += "; values: ";
    for (size_t i = 0; i < shown.size(); ++i) out += (i ? ", " : "") + QuoteLiteral(shown[i]);
    if (c.values.size() > shown.size())
      out += ", … (" + std::to_string(c.values.size()) + " in all)";
  }
  out += "\n";
}

const char* kSystemRules =
    R"(You translate questions about business data into a JSON query plan for Sagaz.
Reply with ONE JSON object and nothing else, with these fields:
  "table": the main table (the rows that are counted, summed or listed)
  "shape": "scalar" (one number), "describe" (the distribution of one numeric column), "grouped" (one number per category), "series" (a measure over time), "top" (the N largest or smallest groups or rows), "rows" (list matching rows)
  "aggregate": "count", "count_distinct", "sum", "mean", "median", "min", "max", "std_dev", "variance" or "none"
  "measure": "table.column" of the numeric column aggregated or described, or null (counting rows needs none)
  "group": "table.column" of the category for grouped/top answers, or null
  "label": "table.column" naming each row of a row-level top (a product name), or null
  "time": "table.column" of the date/time column for series, or null
  "bucket": "none" (raw points), "hour", "day", "week", "month", "quarter", "year" or "day_of_week"
  "where": a SQL condition for the rows, or "" for none
  "joins": tables the condition needs besides those of the other fields (joins are added for you)
  "limit": the N of a top, or null
  "descending": true for largest first
  "explanation": one short sentence on how you read the question
Rules:
  - Use only tables and columns listed in the schema; columns are written "table"."column" in "where".
  - "where" is a plain boolean expression: comparisons, AND/OR/NOT, IN, BETWEEN, LIKE, IS NULL, date literals (DATE '2024-01-31', TIMESTAMP '2024-01-31 10:00:00'), date_trunc, extract. No subqueries, no aggregates, no semicolons, no comments.
  - Text values must match the listed values exactly (case included).
  - Relative periods ("last 30 days", "this year") count back from the end of the time column's range, not from today.
  - Never aggregate in "where": the aggregate field does that.
  - If the question cannot be answered from the schema, reply {"error": "why"}.)";

struct Example {
  const char* question;
  const char* plan;
};

// Few-shot examples over a small schema of their own, in both languages.
const char* kExampleSchema = R"(Table "sales" (5,000 rows): Vendas / sales
  - "sale_id" BIGINT (number, identifier)
  - "sold_at" TIMESTAMP (time); from 2024-01-01T00:00:00 to 2024-12-31T23:00:00
  - "region" VARCHAR (text); values: 'North', 'South', 'East', 'West'
  - "amount" DOUBLE (number): valor da venda / sale amount (BRL)
  - "customer_id" BIGINT (number, identifier)
Table "customers" (800 rows): Clientes / customers
  - "id" BIGINT (number, identifier)
  - "segment" VARCHAR (text); values: 'Retail', 'Wholesale'
Links: sales.customer_id -> customers.id
)";

const Example kExamples[] = {
    {"Qual o valor médio das vendas na região Sul em 2024?",
     R"({"table":"sales","shape":"scalar","aggregate":"mean","measure":"sales.amount","group":null,"label":null,"time":null,"bucket":"none","where":"\"sales\".\"region\" = 'South' AND \"sales\".\"sold_at\" >= TIMESTAMP '2024-01-01 00:00:00' AND \"sales\".\"sold_at\" < TIMESTAMP '2025-01-01 00:00:00'","joins":[],"limit":null,"descending":true,"explanation":"mean of sales.amount for region South during 2024"})"},
    {"Total sales per month for wholesale customers",
     R"({"table":"sales","shape":"series","aggregate":"sum","measure":"sales.amount","group":null,"label":null,"time":"sales.sold_at","bucket":"month","where":"\"customers\".\"segment\" = 'Wholesale'","joins":["customers"],"limit":null,"descending":true,"explanation":"monthly sum of sales.amount where the customer segment is Wholesale"})"},
    {"Quais as 3 regiões com mais vendas?",
     R"({"table":"sales","shape":"top","aggregate":"count","measure":null,"group":"sales.region","label":null,"time":null,"bucket":"none","where":"","joins":[],"limit":3,"descending":true,"explanation":"count of sales per region, top 3"})"},
};

std::optional<nlq::ColumnRef> ResolveColumn(const json& node, const nlq::Schema& schema,
                                            const std::string& table, const char* field,
                                            std::vector<std::string>& problems) {
  if (!node.contains(field) || node[field].is_null()) return std::nullopt;
  if (!node[field].is_string()) {
    problems.push_back(std::string("\"") + field + "\" must be a string \"table.column\" or null");
    return std::nullopt;
  }
  std::string text(Trim(node[field].get<std::string>()));
  text.erase(std::remove(text.begin(), text.end(), '"'), text.end());
  if (text.empty()) return std::nullopt;
  std::string t = table, c = text;
  if (const auto dot = text.find('.'); dot != std::string::npos) {
    t = text.substr(0, dot);
    c = text.substr(dot + 1);
  }
  if (schema.Find(t, c)) return nlq::ColumnRef{t, c};
  // A bare column of a linked table.
  for (const auto& st : schema.tables) {
    if (text.find('.') == std::string::npos && schema.Find(st.name, c))
      return nlq::ColumnRef{st.name, c};
  }
  problems.push_back(std::string("\"") + field + "\": there is no column " + text +
                     (schema.Find(t) ? " in table " + t : ""));
  return std::nullopt;
}

// A model's condition must be one expression: balanced parentheses outside quotes and nothing that
// could end the statement or hide text. The guard checks the whole statement again.
Status CheckCondition(const std::string& where) {
  int depth = 0;
  char quote = 0;
  for (size_t i = 0; i < where.size(); ++i) {
    const char ch = where[i];
    if (quote) {
      if (ch == quote) {
        if (i + 1 < where.size() && where[i + 1] == quote)
          ++i;
        else
          quote = 0;
      }
      continue;
    }
    if (ch == '\'' || ch == '"')
      quote = ch;
    else if (ch == '(')
      ++depth;
    else if (ch == ')' && --depth < 0)
      break;
    else if (ch == ';')
      return Fail(ErrorCode::kInvalidArgument, "\"where\" must not contain ';'");
    else if ((ch == '-' && i + 1 < where.size() && where[i + 1] == '-') ||
             (ch == '/' && i + 1 < where.size() && where[i + 1] == '*')) {
      return Fail(ErrorCode::kInvalidArgument, "\"where\" must not contain comments");
    }
  }
  if (quote || depth != 0) {
    return Fail(ErrorCode::kInvalidArgument, "\"where\" has unbalanced quotes or parentheses");
  }
  return Ok();
}

bool IsNumeric(const nlq::SchemaColumn* c) {
  return c && (c->kind == nlq::ColumnKind::kInteger || c->kind == nlq::ColumnKind::kNumber);
}

}  // namespace

std::string SchemaContext(std::string_view question, const nlq::Schema& schema,
                          nlq::Language language, size_t max_tables) {
  const nlq::Relevance relevance = nlq::RankSchema(question, schema, language);
  std::vector<std::string> chosen;
  for (const auto& t : relevance.tables) {
    if (chosen.size() >= max_tables) break;
    if (t.score > 0 || chosen.empty() || schema.tables.size() <= max_tables)
      chosen.push_back(t.name);
  }
  // Tables the chosen ones link to, so joins are possible.
  const size_t direct = chosen.size();
  for (size_t i = 0; i < direct; ++i) {
    for (const auto& r : schema.relations) {
      if (r.from_table == chosen[i] &&
          std::find(chosen.begin(), chosen.end(), r.to_table) == chosen.end() &&
          chosen.size() < max_tables + 2) {
        chosen.push_back(r.to_table);
      }
    }
  }
  std::string out;
  for (const auto& name : chosen) {
    const auto* t = schema.Find(name);
    if (!t) continue;
    const nlq::Relevance::Table* rt = nullptr;
    for (const auto& x : relevance.tables) {
      if (x.name == name) rt = &x;
    }
    out += "Table \"" + t->name + "\" (" + std::to_string(t->rows) + " rows)";
    if (!t->description.empty()) out += ": " + t->description;
    out += "\n";
    // Columns the question names first; identifiers and the rest after, up to the cap.
    std::vector<const nlq::SchemaColumn*> cols;
    std::map<std::string, const nlq::Relevance::Column*> hits;
    if (rt) {
      for (const auto& c : rt->columns) {
        hits[c.name] = &c;
        if (const auto* sc = schema.Find(name, c.name)) cols.push_back(sc);
      }
    }
    for (const auto& c : t->columns) {
      if (cols.size() >= kMaxColumnsPerTable) break;
      if (std::find(cols.begin(), cols.end(), &c) == cols.end()) cols.push_back(&c);
    }
    for (const auto* c : cols) {
      auto it = hits.find(c->name);
      DescribeColumn(out, *c, it == hits.end() ? nullptr : it->second);
    }
    if (t->columns.size() > cols.size()) {
      out += "  (" + std::to_string(t->columns.size() - cols.size()) + " more columns not shown)\n";
    }
  }
  std::string links;
  for (const auto& r : schema.relations) {
    const bool from = std::find(chosen.begin(), chosen.end(), r.from_table) != chosen.end();
    const bool to = std::find(chosen.begin(), chosen.end(), r.to_table) != chosen.end();
    if (from && to)
      links += (links.empty() ? "" : ", ") + r.from_table + "." + r.from_column + " -> " +
               r.to_table + "." + r.to_column;
  }
  if (!links.empty()) out += "Links: " + links + "\n";
  return out;
}

std::vector<llm::Message> PlanPrompt(std::string_view question, nlq::Language language,
                                     const std::string& context, sql::Policy policy) {
  std::vector<llm::Message> m;
  std::string system = kSystemRules;
  if (policy == sql::Policy::kStrict) {
    system += "\nSagaz computes every aggregate itself from the rows your plan selects.";
  }
  m.push_back({"system", system});
  for (const auto& ex : kExamples) {
    m.push_back({"user", std::string("Schema:\n") + kExampleSchema + "\nQuestion: " + ex.question});
    m.push_back({"assistant", ex.plan});
  }
  m.push_back({"user", "Schema:\n" + context + "\nQuestion (" +
                           (language == nlq::Language::kPortuguese ? "Portuguese" : "English") +
                           "): " + std::string(question)});
  return m;
}

Result<nlq::Plan> PlanFromReply(std::string_view reply, const nlq::Schema& schema,
                                nlq::Language language) {
  const std::string text = llm::ExtractJsonObject(reply);
  if (text.empty()) {
    return Fail(ErrorCode::kInvalidArgument,
                "the reply is not a JSON object; reply with the JSON plan only");
  }
  const json node = JsonNesting(text, kMaxJsonNesting) > kMaxJsonNesting
                        ? json(json::value_t::discarded)
                        : json::parse(text, nullptr, false);
  if (node.is_discarded() || !node.is_object()) {
    return Fail(ErrorCode::kInvalidArgument, "the reply is not a JSON object");
  }
  if (node.contains("error") && node["error"].is_string() && !node.contains("table")) {
    return Fail(Error(ErrorCode::kInvalidArgument, "the model could not answer from the data: " +
                                                       node["error"].get<std::string>())
                    .With("reason", "model_declined"));
  }
  std::vector<std::string> problems;
  nlq::Plan plan;
  plan.language = language;
  const std::string table = node.value("table", std::string());
  if (!schema.Find(table)) {
    return Fail(ErrorCode::kInvalidArgument, "\"table\": there is no table '" + table + "'");
  }
  plan.table = table;
  auto text_field = [&](const char* field, const char* fallback) {
    return node.contains(field) && node[field].is_string() ? node[field].get<std::string>()
                                                           : std::string(fallback);
  };
  if (auto s = nlq::ShapeFromName(text_field("shape", "rows")))
    plan.shape = *s;
  else
    problems.push_back("\"shape\" must be one of scalar, describe, grouped, series, top, rows");
  if (auto a = nlq::AggregateFromName(text_field("aggregate", "none")))
    plan.aggregate = *a;
  else
    problems.push_back(
        "\"aggregate\" must be one of count, count_distinct, sum, mean, median, min, max, std_dev, "
        "variance, none");
  if (auto b = nlq::BucketFromName(text_field("bucket", "none")))
    plan.bucket = *b;
  else
    problems.push_back(
        "\"bucket\" must be one of none, hour, day, week, month, quarter, year, day_of_week");
  plan.measure = ResolveColumn(node, schema, table, "measure", problems);
  plan.group = ResolveColumn(node, schema, table, "group", problems);
  plan.label = ResolveColumn(node, schema, table, "label", problems);
  plan.time = ResolveColumn(node, schema, table, "time", problems);
  plan.where_sql = Trim(text_field("where", ""));
  if (!plan.where_sql.empty()) {
    if (auto ok = CheckCondition(plan.where_sql); !ok) problems.push_back(ok.error().message);
  }
  if (node.contains("joins") && node["joins"].is_array()) {
    for (const auto& j : node["joins"]) {
      if (!j.is_string()) continue;
      const std::string name = j.get<std::string>();
      if (!schema.Find(name))
        problems.push_back("\"joins\": there is no table '" + name + "'");
      else
        plan.extra_tables.push_back(name);
    }
  }
  if (node.contains("limit") && node["limit"].is_number_integer()) {
    const int64_t limit = node["limit"].get<int64_t>();
    if (limit < 1 || limit > 10000)
      problems.push_back("\"limit\" must be between 1 and 10000");
    else
      plan.limit = limit;
  }
  if (node.contains("descending") && node["descending"].is_boolean())
    plan.descending = node["descending"].get<bool>();

  // The plan must make sense for its shape.
  const auto* measure =
      plan.measure ? schema.Find(plan.measure->table, plan.measure->column) : nullptr;
  const bool needs_measure =
      plan.aggregate != nlq::Aggregate::kCount && plan.aggregate != nlq::Aggregate::kNone;
  if (needs_measure && !plan.measure)
    problems.push_back("\"aggregate\" " + std::string(nlq::ToString(plan.aggregate)) +
                       " needs a \"measure\"");
  const bool numeric_agg =
      plan.aggregate == nlq::Aggregate::kSum || plan.aggregate == nlq::Aggregate::kMean ||
      plan.aggregate == nlq::Aggregate::kMedian || plan.aggregate == nlq::Aggregate::kStdDev ||
      plan.aggregate == nlq::Aggregate::kVariance;
  if (numeric_agg && measure && !IsNumeric(measure)) {
    problems.push_back("\"measure\" " + plan.measure->column + " is " + measure->type +
                       ", not a number");
  }
  if (plan.shape == nlq::Shape::kDescribe && (!measure || !IsNumeric(measure))) {
    problems.push_back("shape \"describe\" needs a numeric \"measure\"");
  }
  if (plan.shape == nlq::Shape::kSeries) {
    const auto* t = plan.time ? schema.Find(plan.time->table, plan.time->column) : nullptr;
    if (!t || t->kind != nlq::ColumnKind::kTime)
      problems.push_back("shape \"series\" needs a date or time column in \"time\"");
    if (plan.bucket == nlq::Bucket::kNone && !plan.measure)
      problems.push_back("a series without a bucket needs a \"measure\"");
    if (plan.bucket != nlq::Bucket::kNone && plan.aggregate == nlq::Aggregate::kNone)
      plan.aggregate = plan.measure ? nlq::Aggregate::kMean : nlq::Aggregate::kCount;
  }
  if (plan.shape == nlq::Shape::kScalar && plan.aggregate == nlq::Aggregate::kNone) {
    problems.push_back("shape \"scalar\" needs an \"aggregate\"");
  }
  if ((plan.shape == nlq::Shape::kGrouped) && !plan.group)
    problems.push_back("shape \"grouped\" needs a \"group\"");
  if (plan.shape == nlq::Shape::kGrouped && plan.aggregate == nlq::Aggregate::kNone) {
    plan.aggregate = plan.measure ? nlq::Aggregate::kMean : nlq::Aggregate::kCount;
  }
  if (plan.shape == nlq::Shape::kTop) {
    if (!plan.group && !plan.measure)
      problems.push_back("shape \"top\" needs a \"group\" or a \"measure\"");
    if (plan.group && plan.aggregate == nlq::Aggregate::kNone)
      plan.aggregate = plan.measure ? nlq::Aggregate::kSum : nlq::Aggregate::kCount;
    if (!plan.limit) plan.limit = 10;
  }
  if (!problems.empty()) return Fail(ErrorCode::kInvalidArgument, Join(problems, "; "));
  if (auto joined = nlq::AddJoins(schema, plan); !joined) return Fail(std::move(joined).error());
  if (auto rendered = nlq::RenderSql(schema, plan); !rendered)
    return Fail(std::move(rendered).error());

  // What was understood, for people.
  const std::string explanation = text_field("explanation", "");
  auto note = [&](const std::string& role, const std::string& target) {
    plan.interpretation.push_back({explanation, role, target});
  };
  note("table", plan.table);
  if (plan.aggregate != nlq::Aggregate::kNone)
    note("aggregate", std::string(nlq::ToString(plan.aggregate)));
  if (plan.measure) note("measure", plan.measure->table + "." + plan.measure->column);
  if (plan.group) note("group", plan.group->table + "." + plan.group->column);
  if (plan.time)
    note("time",
         plan.time->table + "." + plan.time->column +
             (plan.bucket != nlq::Bucket::kNone ? " by " + std::string(nlq::ToString(plan.bucket))
                                                : ""));
  if (!plan.where_sql.empty()) note("filter", plan.where_sql);
  if (plan.limit) note("limit", std::to_string(*plan.limit));
  plan.confidence = 0.8;
  if (node.contains("confidence") && node["confidence"].is_number()) {
    plan.confidence = std::clamp(node["confidence"].get<double>(), 0.0, 1.0);
  }
  return plan;
}

std::string CorrectionMessage(const Error& error) {
  std::string text = "That plan failed: " + error.message;
  for (const auto& [k, v] : error.details) {
    if (k == "rule" || k == "column" || k == "function" || k == "table")
      text += " (" + k + ": " + v + ")";
  }
  text += ". Reply with a corrected JSON plan only.";
  return text;
}

std::vector<llm::Message> InsightPrompt(std::string_view question, const insights::Facts& f,
                                        const std::vector<std::string>& sample_rows) {
  const bool pt = f.locale == insights::Locale::kPtBr;
  json facts = {{"measure", f.measure}, {"unit", f.unit},     {"aggregate", f.aggregate},
                {"entity", f.entity},   {"filters", f.scope}, {"rows_used", f.rows}};
  if (f.value) facts["value"] = *f.value;
  if (!f.value_text.empty()) facts["value"] = f.value_text;
  if (f.summary) {
    const auto& s = *f.summary;
    json stats = json::object();
    auto put = [&](const char* k, const std::optional<double>& v) {
      if (v && std::isfinite(*v)) stats[k] = *v;
    };
    stats["count"] = s.count;
    stats["nulls"] = s.nulls;
    put("min", s.min), put("q1", s.q1), put("median", s.median), put("mean", s.mean),
        put("q3", s.q3);
    put("max", s.max), put("std_dev", s.std_dev), put("coef_var", s.coef_var),
        put("skewness", s.skewness);
    if (s.outliers_iqr) stats["outliers_iqr"] = s.outliers_iqr->total();
    facts["statistics"] = std::move(stats);
  }
  if (f.trend && f.trend->mann_kendall) {
    json trend = {{"mann_kendall_p", f.trend->mann_kendall->p_value},
                  {"direction", f.trend->mann_kendall->trend}};
    if (f.trend->theil_sen) trend["theil_sen_slope_per_day"] = f.trend->theil_sen->slope;
    trend["from"] = f.first_time;
    trend["to"] = f.last_time;
    if (!f.period.empty()) trend["period"] = f.period;
    facts["trend"] = std::move(trend);
  }
  if (!f.groups.empty()) {
    json groups = json::array();
    for (size_t i = 0; i < f.groups.size() && i < 12; ++i) {
      json g = {{"label", f.groups[i].label}, {"rows", f.groups[i].rows}};
      if (f.groups[i].value) g["value"] = *f.groups[i].value;
      groups.push_back(std::move(g));
    }
    facts["groups"] = std::move(groups);
    if (f.group_count > static_cast<int64_t>(f.groups.size()))
      facts["groups_in_all"] = f.group_count;
  }
  std::string system =
      std::string("You are a careful data analyst. Write an insight of 2 to 4 sentences in ") +
      (pt ? "Brazilian Portuguese (numbers as 1.234,5)" : "English (numbers as 1,234.5)") +
      " about the answer to the user's question. Use only the numbers in the facts; round "
      "sensibly; "
      "say what is uncertain (small samples, no significant trend); never claim causes. Plain "
      "text, "
      "no markdown. Reply with JSON: {\"insight\": \"...\"}.";
  std::string user = "Question: " + std::string(question) +
                     "\nFacts: " + facts.dump(-1, ' ', false, json::error_handler_t::replace);
  if (!sample_rows.empty()) {
    user += "\nSample rows:";
    for (size_t i = 0; i < sample_rows.size() && i < 5; ++i) user += "\n" + sample_rows[i];
  }
  return {{"system", system}, {"user", user}};
}

Result<std::string> InsightFromReply(std::string_view reply) {
  std::string text;
  const std::string object = llm::ExtractJsonObject(reply);
  if (!object.empty()) {
    const json node = JsonNesting(object, kMaxJsonNesting) > kMaxJsonNesting
                          ? json(json::value_t::discarded)
                          : json::parse(object, nullptr, false);
    if (!node.is_discarded() && node.contains("insight") && node["insight"].is_string()) {
      text = node["insight"].get<std::string>();
    }
  } else {
    text = std::string(reply);
  }
  text = Trim(SanitizeUtf8(text));
  if (text.size() < 20 || text.size() > 2000 || text.find("```") != std::string::npos) {
    return Fail(ErrorCode::kInternal, "the model's insight is empty, too long or not plain text");
  }
  return text;
}

}  // namespace sagaz::ask::internal
