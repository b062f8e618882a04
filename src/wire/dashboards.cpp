#include "wire/dashboards.hpp"

#include "core/strings.hpp"
#include "wire/ask.hpp"
#include "wire/internal/read.hpp"
#include "wire/stats.hpp"

namespace sagaz::wire {

namespace {

using internal::FieldError;
using internal::OnlyFields;
using internal::OptionalBool;
using internal::OptionalString;
using internal::RequireObject;

// A member that must be an object when present.
Result<const Json*> OptionalObject(const Json& body, std::string_view field) {
  const auto it = body.find(field);
  if (it == body.end() || it->is_null()) return static_cast<const Json*>(nullptr);
  if (!it->is_object()) {
    return Fail(FieldError(field, "'" + std::string(field) + "' must be an object"));
  }
  return &*it;
}

// A string member that may be absent or null (as the API writes unset chart fields): "" then.
Result<std::string> NullableString(const Json& body, std::string_view field) {
  const auto it = body.find(field);
  if (it == body.end() || it->is_null()) return std::string();
  return SAGAZ_TRY(internal::RequiredString(body, field));
}

// Prefixes a nested field's name with its parent's ("chart.type", "cards[2].position").
Error Within(Error e, const std::string& parent) {
  for (auto& [key, value] : e.details) {
    if (key == "field") value = parent + "." + value;
  }
  return e;
}

Result<dashboards::ChartSettings> ParseChart(const Json& j) {
  SAGAZ_TRY(RequireObject(j));
  SAGAZ_TRY(OnlyFields(
      j, {"type", "x", "y", "series", "sort", "descending", "number_format", "date_format"}));
  dashboards::ChartSettings c;
  if (const auto type = SAGAZ_TRY(NullableString(j, "type")); !type.empty()) {
    c.type = SAGAZ_TRY(dashboards::ParseChartType(type));
  }
  c.x = SAGAZ_TRY(NullableString(j, "x"));
  if (auto y = j.find("y"); y != j.end() && !y->is_null()) {
    if (y->is_string()) {
      c.y.push_back(y->get<std::string>());
    } else if (y->is_array() && y->size() <= 50 &&
               std::all_of(y->begin(), y->end(), [](const Json& v) { return v.is_string(); })) {
      for (const auto& v : *y) c.y.push_back(v.get<std::string>());
    } else {
      return Fail(FieldError("y", "'y' must be a column name or a list of up to 50 of them"));
    }
  }
  c.series = SAGAZ_TRY(NullableString(j, "series"));
  c.sort = SAGAZ_TRY(NullableString(j, "sort"));
  c.descending = SAGAZ_TRY(OptionalBool(j, "descending")).value_or(false);
  c.number_format = SAGAZ_TRY(NullableString(j, "number_format"));
  c.date_format = SAGAZ_TRY(NullableString(j, "date_format"));
  return c;
}

Result<dashboards::Position> ParsePosition(const Json& j) {
  SAGAZ_TRY(RequireObject(j));
  SAGAZ_TRY(OnlyFields(j, {"x", "y", "w", "h"}));
  dashboards::Position p;
  const auto get = [&](std::string_view f, int fallback) -> Result<int> {
    auto v = SAGAZ_TRY(internal::OptionalInteger(j, f, 0, 10000, "an integer from 0 to 10000"));
    return v ? static_cast<int>(*v) : fallback;
  };
  p.x = SAGAZ_TRY(get("x", 0));
  p.y = SAGAZ_TRY(get("y", 0));
  p.w = SAGAZ_TRY(get("w", 6));
  p.h = SAGAZ_TRY(get("h", 4));
  return p;
}

Result<dashboards::Card> ParseCard(const Json& j) {
  SAGAZ_TRY(RequireObject(j));
  SAGAZ_TRY(OnlyFields(j, {"kind", "question_id", "title", "text", "chart", "position"}));
  dashboards::Card c;
  c.question_id = SAGAZ_TRY(OptionalString(j, "question_id")).value_or("");
  c.text = SAGAZ_TRY(OptionalString(j, "text")).value_or("");
  if (auto kind = SAGAZ_TRY(OptionalString(j, "kind"))) {
    c.kind = SAGAZ_TRY(dashboards::ParseCardKind(*kind));
  } else {
    c.kind = c.question_id.empty() && !c.text.empty() ? dashboards::CardKind::kMarkdown
                                                      : dashboards::CardKind::kQuestion;
  }
  c.title = SAGAZ_TRY(OptionalString(j, "title")).value_or("");
  if (auto chart = SAGAZ_TRY(OptionalString(j, "chart"))) {
    auto type = dashboards::ParseChartType(*chart);
    if (!type) return Fail(FieldError("chart", type.error().message));
    c.chart = *type;
  }
  if (auto pos = SAGAZ_TRY(OptionalObject(j, "position"))) {
    auto p = ParsePosition(*pos);
    if (!p) return Fail(Within(std::move(p).error(), "position"));
    c.position = *p;
  }
  return c;
}

Result<dashboards::FilterValue> ParseFilterDefault(const Json& j) {
  dashboards::FilterValue v;
  if (j.is_null()) return v;
  if (j.is_string()) {
    v.value = j.get<std::string>();
    return v;
  }
  SAGAZ_TRY(RequireObject(j));
  SAGAZ_TRY(OnlyFields(j, {"value", "from", "to"}));
  v.value = SAGAZ_TRY(OptionalString(j, "value")).value_or("");
  v.from = SAGAZ_TRY(OptionalString(j, "from")).value_or("");
  v.to = SAGAZ_TRY(OptionalString(j, "to")).value_or("");
  return v;
}

Result<dashboards::Filter> ParseFilter(const Json& j) {
  SAGAZ_TRY(RequireObject(j));
  SAGAZ_TRY(OnlyFields(j, {"column", "kind", "label", "default"}));
  dashboards::Filter f;
  f.column = SAGAZ_TRY(internal::RequiredString(j, "column"));
  if (auto kind = SAGAZ_TRY(OptionalString(j, "kind"))) {
    f.kind = SAGAZ_TRY(dashboards::ParseFilterKind(*kind));
  }
  f.label = SAGAZ_TRY(OptionalString(j, "label")).value_or("");
  if (auto d = j.find("default"); d != j.end()) {
    auto v = ParseFilterDefault(*d);
    if (!v) return Fail(Within(std::move(v).error(), "default"));
    f.default_value = *v;
  }
  return f;
}

// Each element of the array member `field` through `parse`; errors name "field[i]".
template <class T, class Fn>
Result<std::vector<T>> ParseList(const Json& body, std::string_view field, size_t max, Fn parse) {
  std::vector<T> out;
  const auto it = body.find(field);
  if (it == body.end()) return out;
  if (!it->is_array() || it->size() > max) {
    return Fail(FieldError(field, "'" + std::string(field) + "' must be a list of at most " +
                                      std::to_string(max) + " items"));
  }
  for (size_t i = 0; i < it->size(); ++i) {
    auto item = parse((*it)[i]);
    if (!item) {
      return Fail(
          Within(std::move(item).error(), std::string(field) + "[" + std::to_string(i) + "]"));
    }
    out.push_back(std::move(*item));
  }
  return out;
}

Json PositionJson(const std::optional<dashboards::Position>& p) {
  if (!p) return nullptr;
  return {{"x", p->x}, {"y", p->y}, {"w", p->w}, {"h", p->h}};
}

Json CardJson(const dashboards::Card& c) {
  Json j = {{"kind", std::string(dashboards::ToString(c.kind))}};
  if (!c.question_id.empty()) j["question_id"] = c.question_id;
  if (!c.title.empty()) j["title"] = c.title;
  if (c.kind == dashboards::CardKind::kMarkdown) j["text"] = c.text;
  if (c.chart) j["chart"] = std::string(dashboards::ToString(*c.chart));
  j["position"] = PositionJson(c.position);
  return j;
}

Json FilterValueJson(const dashboards::FilterValue& v) {
  if (v.from.empty() && v.to.empty()) return v.value.empty() ? Json(nullptr) : Json(v.value);
  return {{"from", v.from.empty() ? Json(nullptr) : Json(v.from)},
          {"to", v.to.empty() ? Json(nullptr) : Json(v.to)}};
}

Json FilterJson(const dashboards::Filter& f) {
  return {{"column", f.column},
          {"kind", std::string(dashboards::ToString(f.kind))},
          {"label", f.label.empty() ? f.column : f.label},
          {"default", FilterValueJson(f.default_value)}};
}

// The fields a question is created from, as a body would send them.
Json QuestionSpecJson(const dashboards::Question& q) {
  Json j = {{"name", q.name},
            {"description", q.description},
            {"collection", q.collection},
            {"kind", std::string(dashboards::ToString(q.kind))}};
  switch (q.kind) {
    case dashboards::QuestionKind::kAsk:
      j["question"] = q.question;
      if (!q.sql.empty()) j["sql"] = q.sql;
      if (q.dataset) j["dataset"] = *q.dataset;
      break;
    case dashboards::QuestionKind::kSql:
      j["sql"] = q.sql;
      break;
    case dashboards::QuestionKind::kStats: {
      Json stats = Json::parse(q.stats, nullptr, /*allow_exceptions=*/false);
      j["stats"] = stats.is_discarded() ? Json(q.stats) : stats;
      break;
    }
  }
  if (!q.language.empty()) j["language"] = q.language;
  j["chart"] = ToJson(q.chart);
  return j;
}

Json ErrorJson(const Error& e) { return ErrorEnvelope(e)["error"]; }

}  // namespace

Result<dashboards::NewQuestion> ParseNewQuestion(const Json& body) {
  SAGAZ_TRY(RequireObject(body));
  SAGAZ_TRY(OnlyFields(body, {"name", "description", "collection", "kind", "question", "sql",
                              "stats", "dataset", "language", "chart"}));
  dashboards::NewQuestion q;
  q.name = SAGAZ_TRY(internal::RequiredString(body, "name"));
  q.description = SAGAZ_TRY(OptionalString(body, "description")).value_or("");
  q.collection = SAGAZ_TRY(OptionalString(body, "collection")).value_or("");
  if (auto kind = SAGAZ_TRY(OptionalString(body, "kind"))) {
    q.kind = SAGAZ_TRY(dashboards::ParseQuestionKind(*kind));
  } else {
    q.kind = body.contains("question") ? dashboards::QuestionKind::kAsk
             : body.contains("stats")  ? dashboards::QuestionKind::kStats
                                       : dashboards::QuestionKind::kSql;
  }
  q.question = SAGAZ_TRY(OptionalString(body, "question")).value_or("");
  q.sql = SAGAZ_TRY(OptionalString(body, "sql")).value_or("");
  q.dataset = SAGAZ_TRY(OptionalString(body, "dataset"));
  if (auto lang = SAGAZ_TRY(OptionalString(body, "language"))) {
    const std::string l = ToLower(Trim(*lang));
    if (l != "pt" && l != "pt-br" && l != "en") {
      return Fail(FieldError("language", "'language' is \"pt\" or \"en\""));
    }
    q.language = l == "en" ? "en" : "pt";
  }
  if (auto stats = body.find("stats"); stats != body.end()) {
    if (!stats->is_object()) {
      return Fail(FieldError("stats", "'stats' must be a statistics request object"));
    }
    auto checked = ParseStatsRequest(*stats);
    if (!checked) return Fail(Within(std::move(checked).error(), "stats"));
    q.stats = Dump(*stats);
  }
  if (q.kind == dashboards::QuestionKind::kAsk && q.question.empty()) {
    return Fail(FieldError("question", "an ask question needs 'question'"));
  }
  if (q.kind == dashboards::QuestionKind::kSql && q.sql.empty()) {
    return Fail(FieldError("sql", "a sql question needs 'sql'"));
  }
  if (q.kind == dashboards::QuestionKind::kStats && q.stats.empty()) {
    return Fail(FieldError("stats", "a stats question needs 'stats'"));
  }
  if (auto chart = SAGAZ_TRY(OptionalObject(body, "chart"))) {
    auto c = ParseChart(*chart);
    if (!c) return Fail(Within(std::move(c).error(), "chart"));
    q.chart = *c;
  }
  return q;
}

Result<dashboards::NewDashboard> ParseNewDashboard(const Json& body) {
  SAGAZ_TRY(RequireObject(body));
  SAGAZ_TRY(
      OnlyFields(body, {"name", "description", "collection", "refresh_s", "cards", "filters"}));
  dashboards::NewDashboard d;
  d.name = SAGAZ_TRY(internal::RequiredString(body, "name"));
  d.description = SAGAZ_TRY(OptionalString(body, "description")).value_or("");
  d.collection = SAGAZ_TRY(OptionalString(body, "collection")).value_or("");
  d.refresh_s = static_cast<int>(
      SAGAZ_TRY(internal::OptionalInteger(body, "refresh_s", 0, 86400, "0 to 86400 seconds"))
          .value_or(0));
  d.cards = SAGAZ_TRY(ParseList<dashboards::Card>(body, "cards", 60, ParseCard));
  d.filters = SAGAZ_TRY(ParseList<dashboards::Filter>(body, "filters", 10, ParseFilter));
  return d;
}

Result<dashboards::Collection> ParseCollection(const Json& body, std::string name) {
  SAGAZ_TRY(RequireObject(body));
  SAGAZ_TRY(OnlyFields(body, {"view", "edit"}));
  dashboards::Collection c{std::move(name)};
  for (auto [field, role] : {std::pair{"view", &c.view}, std::pair{"edit", &c.edit}}) {
    if (auto text = SAGAZ_TRY(OptionalString(body, field))) {
      auto parsed = auth::ParseRole(*text);
      if (!parsed) return Fail(FieldError(field, parsed.error().message));
      *role = *parsed;
    }
  }
  return c;
}

Result<dashboards::FilterValues> ParseFilterValues(
    const std::multimap<std::string, std::string>& query) {
  dashboards::FilterValues out;
  constexpr std::string_view kPrefix = "filter.";
  for (const auto& [key, value] : query) {
    if (!key.starts_with(kPrefix)) continue;
    const std::string column = key.substr(kPrefix.size());
    if (column.empty()) return Fail(FieldError(key, "a filter parameter is filter.<column>"));
    dashboards::FilterValue v;
    if (const auto range = value.find(".."); range != std::string::npos) {
      v.from = std::string(Trim(std::string_view(value).substr(0, range)));
      v.to = std::string(Trim(std::string_view(value).substr(range + 2)));
    } else {
      v.value = value;
    }
    out[column] = std::move(v);
  }
  return out;
}

Result<exports::Options> ParseExportOptions(const std::map<std::string, std::string>& fields) {
  exports::Options o;
  for (const auto& [key, value] : fields) {
    if (key == "format") {
      o.format = SAGAZ_TRY(exports::ParseFormat(value));
    } else if (key == "separator") {
      const std::string s = value == "tab"         ? "\t"
                            : value == "semicolon" ? ";"
                            : value == "comma"     ? ","
                                                   : value;
      if (s.size() != 1) return Fail(FieldError("separator", "the separator is one character"));
      o.separator = s[0];
    } else if (key == "decimal") {
      const std::string s = value == "comma" ? "," : value == "point" ? "." : value;
      if (s.size() != 1) return Fail(FieldError("decimal", "the decimal mark is '.' or ','"));
      o.decimal = s[0];
    } else if (key == "bom") {
      auto b = ParseBool(value);
      if (!b) return Fail(FieldError("bom", "'bom' is true or false"));
      o.bom = *b;
    } else {
      return Fail(FieldError(key, "unknown export option '" + key +
                                      "'; the options are format, separator, decimal, bom"));
    }
  }
  SAGAZ_TRY(exports::Validate(o));
  return o;
}

Result<ExportRequest> ParseExportRequest(const Json& body) {
  SAGAZ_TRY(RequireObject(body));
  SAGAZ_TRY(OnlyFields(body, {"sql", "policy", "name", "format", "separator", "decimal", "bom"}));
  ExportRequest r;
  r.sql = SAGAZ_TRY(internal::RequiredString(body, "sql"));
  if (auto policy = SAGAZ_TRY(OptionalString(body, "policy"))) {
    auto parsed = sql::ParsePolicy(*policy);
    if (!parsed) return Fail(std::move(parsed).error().With("field", "policy"));
    r.policy = *parsed;
  }
  r.name = SAGAZ_TRY(OptionalString(body, "name")).value_or("export");
  std::map<std::string, std::string> fields;
  for (const char* f : {"format", "separator", "decimal"}) {
    if (auto v = SAGAZ_TRY(OptionalString(body, f))) fields[f] = *v;
  }
  if (body.contains("bom"))
    fields["bom"] = SAGAZ_TRY(OptionalBool(body, "bom")).value_or(false) ? "1" : "0";
  r.options = SAGAZ_TRY(ParseExportOptions(fields));
  return r;
}

Result<dashboards::DrillRequest> ParseDrillRequest(const Json& body) {
  SAGAZ_TRY(RequireObject(body));
  SAGAZ_TRY(OnlyFields(body, {"filters", "dashboard_filters"}));
  dashboards::DrillRequest r;
  const auto it = body.find("filters");
  if (it == body.end() || !it->is_array() || it->empty()) {
    return Fail(FieldError("filters", "'filters' is a non-empty list of {\"column\", \"value\"}"));
  }
  for (const auto& f : *it) {
    SAGAZ_TRY(RequireObject(f));
    SAGAZ_TRY(OnlyFields(f, {"column", "value", "from", "to"}));
    dashboards::DrillFilter d;
    d.column = SAGAZ_TRY(internal::RequiredString(f, "column"));
    d.from = SAGAZ_TRY(OptionalString(f, "from")).value_or("");
    d.to = SAGAZ_TRY(OptionalString(f, "to")).value_or("");
    if (const auto v = f.find("value"); v != f.end() && !v->is_null()) {
      if (v->is_string()) {
        d.value = v->get<std::string>();
      } else if (v->is_number() || v->is_boolean()) {
        d.value = v->dump();
      } else {
        return Fail(FieldError("filters", "a drill value is text, a number, a boolean or null"));
      }
    }
    r.filters.push_back(std::move(d));
  }
  r.dashboard_filters = SAGAZ_TRY(ParseFilterObject(body, "dashboard_filters"));
  return r;
}

Result<dashboards::FilterValues> ParseFilterObject(const Json& body, std::string_view field) {
  const auto it = body.find(std::string(field));
  if (it == body.end()) return dashboards::FilterValues{};
  if (!it->is_object()) {
    return Fail(
        FieldError(field, "'" + std::string(field) + "' maps columns to a value or \"from..to\""));
  }
  std::multimap<std::string, std::string> query;
  for (const auto& [column, value] : it->items()) {
    if (!value.is_string()) {
      return Fail(FieldError(field, "the filter value of '" + column + "' is text"));
    }
    query.emplace("filter." + column, value.get<std::string>());
  }
  return ParseFilterValues(query);
}

Result<int64_t> ParseEmbedTtl(std::string_view text, int64_t default_ttl_s, int64_t max_ttl_s) {
  if (Trim(text).empty()) return default_ttl_s;
  const Json body = SAGAZ_TRY(ParseBody(text));
  SAGAZ_TRY(RequireObject(body));
  SAGAZ_TRY(OnlyFields(body, {"ttl_s"}));
  const auto ttl = SAGAZ_TRY(internal::OptionalInteger(
      body, "ttl_s", 1, max_ttl_s,
      "a number of seconds up to dashboards.embed_max_ttl_s (" + std::to_string(max_ttl_s) + ")"));
  return ttl.value_or(default_ttl_s);
}

Json ToJson(const dashboards::ChartSettings& c) {
  return {{"type", std::string(dashboards::ToString(c.type))},
          {"x", c.x.empty() ? Json(nullptr) : Json(c.x)},
          {"y", c.y},
          {"series", c.series.empty() ? Json(nullptr) : Json(c.series)},
          {"sort", c.sort.empty() ? Json(nullptr) : Json(c.sort)},
          {"descending", c.descending},
          {"number_format", c.number_format.empty() ? Json(nullptr) : Json(c.number_format)},
          {"date_format", c.date_format.empty() ? Json(nullptr) : Json(c.date_format)}};
}

Json ToJson(const dashboards::Question& q) {
  Json j = {{"id", q.id}};
  j.update(QuestionSpecJson(q));
  j["ran_sql"] = q.ran_sql;
  j["tables"] = q.tables;
  j["result_columns"] = ToJson(q.result_columns);
  j["owner"] = q.owner;
  j["version"] = q.version;
  j["created_at"] = q.created_at;
  j["updated_at"] = q.updated_at;
  return j;
}

Json ToJson(const dashboards::RunResult& r, bool with_sql) {
  Json rows = Json::array();
  for (const auto& row : r.rows) {
    Json cells = Json::array();
    for (const auto& v : row) cells.push_back(ToJson(v));
    rows.push_back(std::move(cells));
  }
  Json j = {{"question_id", r.question_id}, {"columns", ToJson(r.columns)},
            {"rows", std::move(rows)},      {"total_rows", r.total_rows},
            {"truncated", r.truncated},     {"value", r.value ? ToJson(*r.value) : Json(nullptr)}};
  if (!r.insight.empty()) j["insight"] = r.insight;
  if (r.ask_chart) {
    j["chart_kind"] = std::string(insights::ToString(r.ask_chart->kind));
    j["echarts"] = EChartsOption(*r.ask_chart);
  }
  if (r.statistics) {
    Json stats = ToJson(*r.statistics);
    if (!with_sql) stats.erase("sql");
    j["statistics"] = std::move(stats);
  }
  if (with_sql) {
    j["sql"] = r.ran_sql;
    j["tables"] = r.tables;
  }
  j["filters_applied"] = r.filters_applied;
  j["warnings"] = r.warnings;
  j["language"] = r.language;
  j["elapsed_ms"] = r.elapsed_ms;
  j["cached"] = r.cached;
  j["ran_at"] = r.ran_at;
  return j;
}

Json ToJson(const dashboards::Dashboard& d) {
  Json cards = Json::array();
  for (const auto& c : d.cards) cards.push_back(CardJson(c));
  Json filters = Json::array();
  for (const auto& f : d.filters) filters.push_back(FilterJson(f));
  Json j = {{"id", d.id},
            {"name", d.name},
            {"description", d.description},
            {"collection", d.collection},
            {"refresh_s", d.refresh_s},
            {"cards", std::move(cards)},
            {"filters", std::move(filters)},
            {"owner", d.owner},
            {"version", d.version},
            {"created_at", d.created_at},
            {"updated_at", d.updated_at}};
  if (d.public_token) {
    j["public_link"] = {{"token", *d.public_token},
                        {"url", "/public/dashboards/" + *d.public_token}};
  }
  return j;
}

Json ToJson(const dashboards::OpenedDashboard& o, bool public_view) {
  Json j = ToJson(o.dashboard);
  if (public_view) {
    j.erase("owner");
    j.erase("collection");
    j.erase("public_link");
  }
  Json cards = Json::array();
  for (const auto& c : o.cards) {
    Json card = CardJson(c.card);
    if (c.question) {
      if (public_view) {
        card["question"] = {{"name", c.question->name},
                            {"description", c.question->description},
                            {"kind", std::string(dashboards::ToString(c.question->kind))},
                            {"chart", ToJson(c.question->chart)}};
      } else {
        card["question"] = ToJson(*c.question);
      }
    }
    card["result"] = c.result ? ToJson(*c.result, !public_view) : Json(nullptr);
    card["error"] = c.error ? ErrorJson(*c.error) : Json(nullptr);
    if (c.card.kind == dashboards::CardKind::kKpi) {
      card["kpi"] = {{"value", StatValue(c.kpi_value)}, {"previous", StatValue(c.kpi_previous)}};
    }
    cards.push_back(std::move(card));
  }
  j["cards"] = std::move(cards);
  Json filters = Json::object();
  for (const auto& [column, v] : o.filters) filters[column] = FilterValueJson(v);
  j["filter_values"] = std::move(filters);
  j["elapsed_ms"] = o.elapsed_ms;
  return j;
}

Json ToJson(const dashboards::Collection& c) {
  return {{"name", c.name},
          {"view", std::string(auth::ToString(c.view))},
          {"edit", std::string(auth::ToString(c.edit))}};
}

Json ToJson(const dashboards::Bundle& b) {
  Json cards = Json::array();
  for (const auto& c : b.dashboard.cards) cards.push_back(CardJson(c));
  Json filters = Json::array();
  for (const auto& f : b.dashboard.filters) filters.push_back(FilterJson(f));
  Json questions = Json::array();
  for (const auto& q : b.questions) {
    Json j = {{"id", q.id}};
    j.update(QuestionSpecJson(q));
    questions.push_back(std::move(j));
  }
  return {{"format", "sagaz-dashboard"},
          {"version", 1},
          {"dashboard",
           {{"name", b.dashboard.name},
            {"description", b.dashboard.description},
            {"collection", b.dashboard.collection},
            {"refresh_s", b.dashboard.refresh_s},
            {"cards", std::move(cards)},
            {"filters", std::move(filters)}}},
          {"questions", std::move(questions)}};
}

Result<dashboards::Bundle> ParseBundle(const Json& body) {
  SAGAZ_TRY(RequireObject(body));
  SAGAZ_TRY(OnlyFields(body, {"format", "version", "dashboard", "questions"}));
  if (body.value("format", Json()) != "sagaz-dashboard") {
    return Fail(
        FieldError("format", "not a Sagaz dashboard file (\"format\": \"sagaz-dashboard\")"));
  }
  if (body.value("version", Json()) != 1) {
    return Fail(FieldError("version", "this Sagaz reads dashboard files of version 1"));
  }
  dashboards::Bundle b;
  b.questions = SAGAZ_TRY(ParseList<dashboards::Question>(
      body, "questions", 200, [](const Json& j) -> Result<dashboards::Question> {
        SAGAZ_TRY(RequireObject(j));
        Json spec = j;
        const std::string id = SAGAZ_TRY(internal::RequiredString(j, "id"));
        spec.erase("id");
        auto nq = SAGAZ_TRY(ParseNewQuestion(spec));
        dashboards::Question q;
        q.id = id;
        q.name = nq.name;
        q.description = nq.description;
        q.collection = nq.collection;
        q.kind = nq.kind;
        q.question = nq.question;
        q.sql = nq.sql;
        q.stats = nq.stats;
        q.dataset = nq.dataset;
        q.language = nq.language;
        q.chart = nq.chart;
        return q;
      }));
  const auto it = body.find("dashboard");
  if (it == body.end()) return Fail(FieldError("dashboard", "the file needs 'dashboard'"));
  auto nd = ParseNewDashboard(*it);
  if (!nd) return Fail(Within(std::move(nd).error(), "dashboard"));
  b.dashboard.name = nd->name;
  b.dashboard.description = nd->description;
  b.dashboard.collection = nd->collection;
  b.dashboard.refresh_s = nd->refresh_s;
  b.dashboard.cards = std::move(nd->cards);
  b.dashboard.filters = std::move(nd->filters);
  return b;
}

}  // namespace sagaz::wire
