#include "wire/ask.hpp"

#include <algorithm>
#include <cmath>
#include <set>

#include "core/strings.hpp"
#include "wire/stats.hpp"

namespace sagaz::wire {

Json ToJson(const nlq::Plan& plan) {
  Json interpretation = Json::array();
  for (const auto& m : plan.interpretation) {
    interpretation.push_back({{"phrase", m.phrase}, {"role", m.role}, {"target", m.target}});
  }
  Json j = {{"language", std::string(nlq::ToString(plan.language))},
            {"shape", std::string(nlq::ToString(plan.shape))},
            {"table", plan.table},
            {"aggregate", std::string(nlq::ToString(plan.aggregate))},
            {"interpretation", interpretation},
            {"confidence", plan.confidence},
            {"notes", plan.notes},
            {"projection_sql", plan.projection_sql},
            {"answer_sql", plan.answer_sql}};
  if (plan.measure) j["measure"] = plan.measure->table + "." + plan.measure->column;
  if (plan.group) j["group_by"] = plan.group->table + "." + plan.group->column;
  if (plan.time) j["time"] = plan.time->table + "." + plan.time->column;
  if (plan.bucket != nlq::Bucket::kNone) j["bucket"] = std::string(nlq::ToString(plan.bucket));
  if (plan.limit) j["limit"] = *plan.limit;
  return j;
}

Json ToJson(const ask::EvalReport& r) {
  Json failures = Json::array();
  for (const auto& f : r.failures) {
    failures.push_back({{"id", f.id},
                        {"question", f.question},
                        {"reason", f.reason},
                        {"detail", f.detail},
                        {"predicted_sql", f.predicted_sql},
                        {"expected_sql", f.expected_sql}});
  }
  return {{"total", r.total},
          {"correct", r.correct},
          {"accuracy", r.accuracy()},
          {"pt", {{"total", r.total_pt}, {"correct", r.correct_pt}}},
          {"en", {{"total", r.total_en}, {"correct", r.correct_en}}},
          {"failures", failures},
          {"elapsed_ms", r.elapsed_ms}};
}

Result<std::vector<ask::EvalCase>> ParseEvalCases(std::string_view jsonl) {
  std::vector<ask::EvalCase> cases;
  int line_no = 0;
  for (auto line : Split(jsonl, '\n')) {
    ++line_no;
    if (Trim(line).empty()) continue;
    Json j = JsonNesting(line, kMaxJsonNesting) > kMaxJsonNesting
                 ? Json(Json::value_t::discarded)
                 : Json::parse(line, nullptr, false);
    auto bad = [&](const std::string& why) {
      return Fail(Error(ErrorCode::kInvalidArgument, "line " + std::to_string(line_no) + ": " + why)
                      .With("line", std::to_string(line_no)));
    };
    if (j.is_discarded() || !j.is_object()) return bad("not a JSON object");
    if (!j.contains("question") || !j["question"].is_string())
      return bad("\"question\" (string) is required");
    const char* sql_key = j.contains("sql") ? "sql" : "expected_sql";
    if (!j.contains(sql_key) || !j[sql_key].is_string())
      return bad("\"sql\" (the expected SQL) is required");
    ask::EvalCase c;
    c.id = j.contains("id") && j["id"].is_string() ? j["id"].get<std::string>()
                                                   : std::to_string(line_no);
    c.question = j["question"].get<std::string>();
    c.expected_sql = j[sql_key].get<std::string>();
    if (j.contains("lang") && j["lang"].is_string()) c.language = j["lang"].get<std::string>();
    if (j.contains("dataset") && j["dataset"].is_string())
      c.dataset = j["dataset"].get<std::string>();
    if (j.contains("order_matters") && j["order_matters"].is_boolean())
      c.order_matters = j["order_matters"].get<bool>();
    cases.push_back(std::move(c));
  }
  if (cases.empty()) return Fail(ErrorCode::kInvalidArgument, "the question set is empty");
  return cases;
}

}  // namespace sagaz::wire

namespace sagaz::wire {
namespace {

Json Title(const insights::ChartSpec& c) {
  return {{"text", c.title}, {"left", "center"}, {"textStyle", {{"fontSize", 14}}}};
}

Json AxisName(const std::string& name) { return name.empty() ? Json(nullptr) : Json(name); }

Json Point(const std::optional<double>& v) {
  return v && std::isfinite(*v) ? Json(*v) : Json(nullptr);
}

}  // namespace

Json EChartsOption(const insights::ChartSpec& c) {
  using insights::ChartKind;
  switch (c.kind) {
    case ChartKind::kNone:
      return nullptr;
    case ChartKind::kNumber:
      // One figure: a large title over its question.
      return {{"title",
               {{"text", c.value_text.empty() ? "—" : c.value_text},
                {"subtext", c.title},
                {"left", "center"},
                {"top", "middle"},
                {"textStyle", {{"fontSize", 48}, {"fontWeight", "bold"}}},
                {"subtextStyle", {{"fontSize", 14}}}}}};
    case ChartKind::kLine: {
      Json series = Json::array();
      // Partial periods are hollow points at the end of a dashed segment of their own, so the
      // solid line only joins complete periods.
      auto partial = [&](size_t i) {
        return std::find(c.partial.begin(), c.partial.end(), i) != c.partial.end();
      };
      for (const auto& s : c.series) {
        Json data = Json::array();
        if (s.dashed) {
          // A straight fitted line: its two ends suffice.
          size_t first = s.values.size(), last = 0;
          for (size_t i = 0; i < s.values.size(); ++i) {
            if (s.values[i]) first = std::min(first, i), last = i;
          }
          if (first < s.values.size()) {
            data.push_back({c.x[first], Point(s.values[first])});
            data.push_back({c.x[last], Point(s.values[last])});
          }
        } else {
          for (size_t i = 0; i < s.values.size() && i < c.x.size(); ++i) {
            if (!partial(i)) data.push_back({c.x[i], Point(s.values[i])});
          }
        }
        Json one = {{"type", "line"},
                    {"name", s.name},
                    {"showSymbol", c.x.size() <= 60},
                    {"data", std::move(data)}};
        if (s.dashed) one["lineStyle"] = {{"type", "dashed"}};
        if (c.x.size() > 2000) one["sampling"] = "lttb";
        series.push_back(std::move(one));
      }
      if (!c.partial.empty() && !c.series.empty()) {
        const auto& values = c.series.front().values;
        for (size_t i : c.partial) {
          // The partial point and its complete neighbour, joined by a dashed segment (one series
          // per end; they share a name, so the legend shows one entry).
          const size_t neighbour = i == 0 ? 1 : i - 1;
          if (neighbour >= values.size() || neighbour >= c.x.size() || i >= c.x.size()) continue;
          const Json hollow = {
              {"value", {c.x[i], Point(values[i])}}, {"symbol", "emptyCircle"}, {"symbolSize", 9}};
          const Json full = {c.x[neighbour], Point(values[neighbour])};
          series.push_back(
              {{"type", "line"},
               {"name", c.partial_label},
               {"symbol", "none"},
               {"lineStyle", {{"type", "dashed"}}},
               {"data", i == 0 ? Json::array({hollow, full}) : Json::array({full, hollow})}});
        }
      }
      Json option = {
          {"title", Title(c)},
          {"tooltip", {{"trigger", "axis"}}},
          {"grid", {{"left", 72}, {"right", 30}, {"top", 50}, {"bottom", 70}}},
          {"xAxis", {{"type", c.time_axis ? "time" : "category"}, {"name", AxisName(c.x_label)}}},
          // The value axis' name runs along the axis, clear of the title on narrow screens.
          {"yAxis",
           {{"type", "value"},
            {"name", AxisName(c.y_label)},
            {"scale", true},
            {"nameLocation", "middle"},
            {"nameGap", 48}}},
          {"series", std::move(series)}};
      if (c.series.size() > 1 || !c.partial.empty()) option["legend"] = {{"bottom", 0}};
      if (c.x.size() > 100)
        option["dataZoom"] =
            Json::array({{{"type", "inside"}}, {{"type", "slider"}, {"bottom", 25}}});
      return option;
    }
    case ChartKind::kBar:
    case ChartKind::kHistogram: {
      const bool histogram = c.kind == ChartKind::kHistogram;
      // Long or many category names read better on a horizontal bar chart.
      size_t longest = 0;
      for (const auto& x : c.x) longest = std::max(longest, x.size());
      const bool horizontal = !histogram && (longest > 12 || c.x.size() > 12);
      Json categories = {{"type", "category"}, {"data", c.x}, {"name", AxisName(c.x_label)}};
      Json values = {{"type", "value"}, {"name", AxisName(c.y_label)}};
      if (horizontal) categories["inverse"] = true;
      if (histogram) categories["axisLabel"] = {{"rotate", 30}};
      Json series = Json::array();
      for (const auto& s : c.series) {
        Json data = Json::array();
        for (const auto& v : s.values) data.push_back(Point(v));
        Json one = {{"type", "bar"}, {"name", s.name}, {"data", std::move(data)}};
        if (histogram) one["barCategoryGap"] = "2%";
        if (c.mark_index) {
          one["markLine"] = {{"symbol", "none"},
                             {"label", {{"formatter", c.mark_label}}},
                             {"data", Json::array({{{"xAxis", *c.mark_index}}})}};
        }
        series.push_back(std::move(one));
      }
      return {{"title", Title(c)},
              {"tooltip", {{"trigger", "axis"}}},
              {"grid",
               {{"left", horizontal ? 140 : 60},
                {"right", 30},
                {"top", 50},
                {"bottom", histogram ? 80 : 50}}},
              {"xAxis", horizontal ? values : categories},
              {"yAxis", horizontal ? categories : values},
              {"series", std::move(series)}};
    }
    case ChartKind::kBoxplot: {
      Json data = Json::array();
      for (const auto& b : c.boxes) data.push_back({b.min, b.q1, b.median, b.q3, b.max});
      return {
          {"title", Title(c)},
          {"tooltip", {{"trigger", "item"}}},
          {"grid", {{"left", 60}, {"right", 30}, {"top", 50}, {"bottom", 50}}},
          {"xAxis", {{"type", "category"}, {"data", c.x}, {"name", AxisName(c.x_label)}}},
          {"yAxis", {{"type", "value"}, {"name", AxisName(c.y_label)}, {"scale", true}}},
          {"series",
           Json::array({{{"type", "boxplot"}, {"name", c.y_label}, {"data", std::move(data)}}})}};
    }
  }
  return nullptr;
}

Json ToJson(const ask::Answer& a) {
  Json interpretation = Json::array();
  for (const auto& m : a.plan.interpretation) {
    interpretation.push_back({{"phrase", m.phrase}, {"role", m.role}, {"target", m.target}});
  }
  Json j = {{"status", std::string(ask::ToString(a.status))},
            {"question", a.question},
            {"language", std::string(nlq::ToString(a.language))}};
  // Who read the question and who wrote the insight: "builtin", or the model by name.
  auto engine = [&](ask::Engine e) { return ask::EngineName(e, a.model); };
  if (a.status == ask::AnswerStatus::kUnclear) {
    j["message"] = a.message;
    Json candidates = Json::array();
    for (const auto& p : a.candidates) candidates.push_back(ToJson(p));
    j["candidates"] = std::move(candidates);
    j["engine"] = engine(a.engine);
    j["warnings"] = a.warnings;
    j["timings"] = {{"interpret_ms", a.timings.interpret_ms}, {"total_ms", a.timings.total_ms}};
    return j;
  }
  Json rows = Json::array();
  for (const auto& row : a.result.rows) {
    Json r = Json::array();
    for (const auto& v : row) r.push_back(ToJson(v));
    rows.push_back(std::move(r));
  }
  j["table"] = a.table;
  j["query"] = a.query;
  j["answer_sql"] = a.answer_sql;
  j["policy"] = std::string(sql::ToString(a.policy));
  j["value"] = a.value ? ToJson(*a.value) : Json(nullptr);
  j["statistics"] = a.statistics ? StatsJson(*a.statistics) : Json(nullptr);
  j["statistics_of"] = a.statistics_of;
  j["trend"] = a.trend ? TrendJson(*a.trend) : Json(nullptr);
  j["result"] = {{"columns", ToJson(a.result.columns)},
                 {"rows", std::move(rows)},
                 {"total_rows", a.result.total_rows}};
  j["insight"] = a.insight;
  j["interpretation"] = std::move(interpretation);
  j["confidence"] = a.plan.confidence;
  j["plan"] = ToJson(a.plan);
  j["chart"] = EChartsOption(a.chart);
  j["chart_kind"] = std::string(insights::ToString(a.chart.kind));
  j["engine"] = engine(a.engine);
  j["insight_engine"] = engine(a.insight_engine);
  j["warnings"] = a.warnings;
  j["rows_read"] = a.rows_read;
  j["truncated"] = a.truncated;
  j["timings"] = {{"interpret_ms", a.timings.interpret_ms},
                  {"read_ms", a.timings.read_ms},
                  {"compute_ms", a.timings.compute_ms},
                  {"insight_ms", a.timings.insight_ms},
                  {"total_ms", a.timings.total_ms}};
  return j;
}

Result<sql::Policy> ParseAskPolicy(std::string_view text) {
  auto policy = sql::ParsePolicy(text);
  if (!policy) return Fail(std::move(policy).error().With("field", "policy"));
  return *policy;
}

Json ToJson(const ask::Relationship& r) {
  Json j = {{"from", r.relation.from_table + "." + r.relation.from_column},
            {"to", r.relation.to_table + "." + r.relation.to_column},
            {"origin", std::string(ask::ToString(r.origin))}};
  if (r.origin != ask::Relationship::Origin::kDeclared) {
    j["coverage"] = r.coverage;
    j["sampled"] = r.sampled;
  }
  if (!r.reason.empty()) j["reason"] = r.reason;
  return j;
}

Result<ask::AskRequest> ParseAskRequest(const Json& body) {
  if (!body.is_object()) return Fail(ErrorCode::kInvalidArgument, "the body must be a JSON object");
  ask::AskRequest r;
  auto text = [&](const char* field) -> Result<std::optional<std::string>> {
    if (!body.contains(field) || body[field].is_null()) return std::optional<std::string>();
    if (!body[field].is_string()) {
      return Fail(Error(ErrorCode::kInvalidArgument, std::string(field) + " must be a string")
                      .With("field", field));
    }
    return std::optional<std::string>(body[field].get<std::string>());
  };
  for (auto it = body.begin(); it != body.end(); ++it) {
    static const std::set<std::string> known = {"question", "dataset", "language",
                                                "engine",   "policy",  "sql"};
    if (!known.count(it.key())) {
      return Fail(Error(ErrorCode::kInvalidArgument,
                        "unknown field '" + it.key() +
                            "'; use question, dataset, language, engine, policy, sql")
                      .With("field", it.key()));
    }
  }
  auto question = SAGAZ_TRY(text("question"));
  if (!question)
    return Fail(
        Error(ErrorCode::kInvalidArgument, "question is required").With("field", "question"));
  r.question = std::move(*question);
  r.dataset = SAGAZ_TRY(text("dataset"));
  if (auto lang = SAGAZ_TRY(text("language"))) r.language = SAGAZ_TRY(nlq::ParseLanguage(*lang));
  if (auto engine = SAGAZ_TRY(text("engine")); engine && !engine->empty())
    r.engine = SAGAZ_TRY(ask::ParseEngine(*engine));
  if (auto policy = SAGAZ_TRY(text("policy")); policy && !policy->empty())
    r.policy = SAGAZ_TRY(ParseAskPolicy(*policy));
  r.sql = SAGAZ_TRY(text("sql"));
  if (r.sql && r.sql->empty()) r.sql.reset();
  return r;
}

}  // namespace sagaz::wire
