#include "wire/stats.hpp"

#include <cmath>

#include "core/strings.hpp"
#include "wire/internal/read.hpp"

namespace sagaz::wire {
namespace {

using internal::FieldError;
using stats::Stat;

constexpr const char* kSpecFields[] = {
    "columns",          "stats",  "group_by",    "quantiles",     "quantile_method",
    "include_infinite", "trim",   "iqr_k",       "mad_threshold", "histogram",
    "weights",          "censor", "correlation", "trend"};

Result<std::string> NonEmptyString(const Json& body, const char* field) {
  const Json& v = body[field];
  if (!v.is_string() || v.get<std::string>().empty()) {
    return Fail(FieldError(field, std::string(field) + " must be a non-empty string"));
  }
  return v.get<std::string>();
}

Result<std::optional<std::string>> OptionalNonEmptyString(const Json& body, const char* field) {
  if (!body.contains(field) || body[field].is_null()) return std::optional<std::string>();
  return std::optional<std::string>(SAGAZ_TRY(NonEmptyString(body, field)));
}

Result<double> Number(const Json& v, const std::string& field) {
  if (!v.is_number()) return Fail(FieldError(field, field + " must be a number"));
  return v.get<double>();
}

// A list of strings, given as an array or as one comma-separated string.
Result<std::vector<std::string>> Names(const Json& v, const std::string& field) {
  std::vector<std::string> out;
  if (v.is_string()) {
    const auto& text = v.get_ref<const std::string&>();
    for (auto part : Split(text, ',')) {
      auto t = Trim(part);
      if (!t.empty()) out.emplace_back(t);
    }
    return out;
  }
  if (!v.is_array()) return Fail(FieldError(field, field + " must be a list of names"));
  for (const auto& item : v) {
    if (!item.is_string()) return Fail(FieldError(field, field + " must be a list of names"));
    out.push_back(item.get<std::string>());
  }
  return out;
}

Result<stats::HistogramSpec> ParseHistogram(const Json& v) {
  stats::HistogramSpec spec;
  auto bins = [&](const Json& b) -> Status {
    if (b.is_number_integer()) {
      const auto k = b.get<int64_t>();
      if (k < 1 || k > 10000) {
        return Fail(FieldError("histogram", "the bin count must be between 1 and 10000"));
      }
      spec.rule = stats::BinRule::kFixed;
      spec.bins = static_cast<size_t>(k);
      return Ok();
    }
    if (b.is_string()) {
      auto rule = stats::ParseBinRule(b.get<std::string>());
      if (!rule) return Fail(FieldError("histogram", rule.error().message));
      spec.rule = *rule;
      return Ok();
    }
    return Fail(FieldError("histogram", "histogram bins must be a count, \"fd\" or \"sturges\""));
  };
  if (v.is_object()) {
    for (auto it = v.begin(); it != v.end(); ++it) {
      const std::string& k = it.key();
      if (k == "bins") {
        SAGAZ_TRY(bins(it.value()));
      } else if (k == "lower") {
        spec.lower = SAGAZ_TRY(Number(it.value(), "histogram.lower"));
      } else if (k == "upper") {
        spec.upper = SAGAZ_TRY(Number(it.value(), "histogram.upper"));
      } else {
        return Fail(FieldError("histogram",
                               "unknown histogram field '" + k + "'; use bins, lower and upper"));
      }
    }
  } else {
    SAGAZ_TRY(bins(v));
  }
  return spec;
}

Result<stats::Censoring> ParseCensor(const Json& v) {
  if (!v.is_object()) {
    return Fail(FieldError("censor", "censor must be an object {lower, upper, method}"));
  }
  stats::Censoring c;
  for (auto it = v.begin(); it != v.end(); ++it) {
    const std::string& k = it.key();
    if (k == "lower") {
      c.lower = SAGAZ_TRY(Number(it.value(), "censor.lower"));
    } else if (k == "upper") {
      c.upper = SAGAZ_TRY(Number(it.value(), "censor.upper"));
    } else if (k == "method") {
      if (!it.value().is_string())
        return Fail(FieldError("censor", "censor.method must be a string"));
      auto m = stats::ParseCensorMethod(it.value().get<std::string>());
      if (!m) return Fail(FieldError("censor", m.error().message));
      c.method = *m;
    } else {
      return Fail(
          FieldError("censor", "unknown censor field '" + k + "'; use lower, upper and method"));
    }
  }
  if (!c.lower && !c.upper) return Fail(FieldError("censor", "censor needs lower or upper"));
  if ((c.lower && !std::isfinite(*c.lower)) || (c.upper && !std::isfinite(*c.upper))) {
    return Fail(FieldError("censor", "censoring limits must be finite"));
  }
  if (c.lower && c.upper && !(*c.lower < *c.upper)) {
    return Fail(FieldError("censor", "censor needs lower < upper"));
  }
  return c;
}

Json Counts(const stats::OutlierCounts& o) {
  return {{"lower_bound", StatValue(o.lower_bound)},
          {"upper_bound", StatValue(o.upper_bound)},
          {"low", o.low},
          {"high", o.high},
          {"count", o.total()},
          {"share", StatValue(o.share)}};
}

Json NotesJson(const std::vector<std::pair<std::string, std::string>>& notes) {
  Json j = Json::object();
  for (const auto& [k, v] : notes) j[k] = v;
  return j;
}

}  // namespace

Json TrendJson(const stats::Trend& t) {
  Json j = {{"count", t.count}};
  if (t.ols) {
    j["ols"] = {{"slope", StatValue(t.ols->slope)},
                {"intercept", StatValue(t.ols->intercept)},
                {"r_squared", StatValue(t.ols->r_squared)},
                {"slope_stderr", StatValue(t.ols->slope_stderr)},
                {"intercept_stderr", StatValue(t.ols->intercept_stderr)},
                {"p_value", StatValue(t.ols->p_value)}};
  } else {
    j["ols"] = nullptr;
  }
  if (t.theil_sen) {
    j["theil_sen"] = {{"slope", StatValue(t.theil_sen->slope)},
                      {"intercept", StatValue(t.theil_sen->intercept)},
                      {"pairs", t.theil_sen->pairs}};
  } else {
    j["theil_sen"] = nullptr;
  }
  if (t.mann_kendall) {
    const auto& m = *t.mann_kendall;
    j["mann_kendall"] = {{"s", m.s},
                         {"variance", StatValue(m.variance)},
                         {"z", StatValue(m.z)},
                         {"p_value", StatValue(m.p_value)},
                         {"tau", StatValue(m.tau)},
                         {"trend", m.trend}};
  } else {
    j["mann_kendall"] = nullptr;
  }
  if (!t.notes.empty()) j["notes"] = NotesJson(t.notes);
  return j;
}

namespace {

Json WeightedJson(const stats::WeightedStats& w) {
  Json j = {{"count", w.count},
            {"sum_weights", StatValue(w.sum_weights)},
            {"mean", StatValue(w.mean)},
            {"variance_pop", StatValue(w.variance_pop)},
            {"variance_frequency", StatValue(w.variance_frequency)},
            {"variance_reliability", StatValue(w.variance_reliability)},
            {"std_dev_pop", StatValue(w.std_dev_pop)}};
  if (!w.notes.empty()) {
    Json notes = Json::object();
    for (const auto& n : w.notes) notes[std::string(stats::Name(n.stat))] = n.reason;
    j["notes"] = std::move(notes);
  }
  return j;
}

Json CorrelationJson(const stats::CorrelationMatrix& m) {
  Json pairs = Json::array();
  for (size_t i = 0; i < m.columns.size(); ++i) {
    for (size_t j = i + 1; j < m.columns.size(); ++j) {
      const auto& r = m.cells[i][j];
      if (!r) continue;
      Json p = {{"x", m.columns[i]},
                {"y", m.columns[j]},
                {"count", r->count},
                {"covariance", StatValue(r->covariance)},
                {"pearson", StatValue(r->pearson)},
                {"spearman", StatValue(r->spearman)}};
      if (!r->notes.empty()) p["notes"] = NotesJson(r->notes);
      pairs.push_back(std::move(p));
    }
  }
  return pairs;
}

Json Columns(const std::vector<stats::ColumnStats>& columns) {
  Json out = Json::array();
  for (const auto& c : columns) out.push_back(ToJson(c));
  return out;
}

}  // namespace

Json StatValue(std::optional<double> value) {
  if (!value || std::isnan(*value)) return nullptr;
  if (std::isinf(*value)) return *value > 0 ? "Infinity" : "-Infinity";
  return *value;
}

Json StatsJson(const stats::Summary& s) {
  Json j = Json::object();
  for (Stat st : s.stats.List()) {
    const std::string name(stats::Name(st));
    switch (st) {
      case Stat::kCount:
        j[name] = s.count;
        break;
      case Stat::kNulls:
        j[name] = s.nulls;
        break;
      case Stat::kNan:
        j[name] = s.nan;
        break;
      case Stat::kInfinite:
        j[name] = s.infinite;
        break;
      case Stat::kModeCount:
        j[name] = s.mode_count ? Json(*s.mode_count) : Json(nullptr);
        break;
      case Stat::kDistinct:
        j[name] = s.distinct ? Json(*s.distinct) : Json(nullptr);
        break;
      case Stat::kQuantiles: {
        Json q = Json::array();
        for (const auto& v : s.quantiles) q.push_back({{"p", v.p}, {"value", StatValue(v.value)}});
        j[name] = std::move(q);
        break;
      }
      case Stat::kOutliersIqr:
        j[name] = s.outliers_iqr ? Counts(*s.outliers_iqr) : Json(nullptr);
        break;
      case Stat::kOutliersMad:
        j[name] = s.outliers_mad ? Counts(*s.outliers_mad) : Json(nullptr);
        break;
      case Stat::kHistogram:
        if (s.histogram) {
          const auto& h = *s.histogram;
          Json edges = Json::array();
          for (double e : h.edges) edges.push_back(StatValue(e));
          j[name] = {{"rule", std::string(stats::Name(h.rule))},
                     {"bins", h.counts.size()},
                     {"bin_width", StatValue(h.bin_width())},
                     {"edges", std::move(edges)},
                     {"counts", h.counts},
                     {"outside", h.outside},
                     {"capped", h.capped}};
        } else {
          j[name] = nullptr;
        }
        break;
      default:
        j[name] = StatValue(s.Get(st));
    }
  }
  if (!s.notes.empty()) {
    Json notes = Json::object();
    for (const auto& n : s.notes) notes[std::string(stats::Name(n.stat))] = n.reason;
    j["notes"] = std::move(notes);
  }
  return j;
}

Json ToJson(const stats::ColumnStats& c) {
  Json j = {{"name", c.name}, {"type", c.type}};
  const Json flat = StatsJson(c.summary);
  for (auto it = flat.begin(); it != flat.end(); ++it) j[it.key()] = it.value();
  if (c.censored) {
    j["censored"] = {{"method", std::string(stats::Name(c.censored->method))},
                     {"lower", StatValue(c.censored->lower)},
                     {"upper", StatValue(c.censored->upper)},
                     {"below", c.censored->below},
                     {"above", c.censored->above}};
  }
  if (c.weighted) j["weighted"] = WeightedJson(*c.weighted);
  if (c.trend) j["trend"] = TrendJson(*c.trend);
  return j;
}

Json ToJson(const stats::StatsResult& r) {
  Json j = Json::object();
  if (!r.dataset.empty()) j["dataset"] = r.dataset;
  j["filter"] = r.filter ? Json(*r.filter) : Json(nullptr);
  j["group_by"] = r.group_by ? Json(*r.group_by) : Json(nullptr);
  j["rows"] = r.rows;
  if (r.trend_x) {
    j["trend_x"] = *r.trend_x;
    j["trend_x_unit"] = r.trend_x_unit;
  }
  j["columns"] = Columns(r.columns);
  if (r.correlation) j["correlations"] = CorrelationJson(*r.correlation);
  if (r.group_by) {
    Json groups = Json::array();
    for (const auto& g : r.groups) {
      Json gj = {{"key", ToJson(g.key)}, {"rows", g.rows}, {"columns", Columns(g.columns)}};
      if (g.correlation) gj["correlations"] = CorrelationJson(*g.correlation);
      groups.push_back(std::move(gj));
    }
    j["groups"] = std::move(groups);
  }
  j["timing"] = {
      {"read_ms", r.read_ms}, {"compute_ms", r.compute_ms}, {"elapsed_ms", r.elapsed_ms}};
  return j;
}

Result<stats::StatsSpec> ParseStatsSpec(const Json& body) {
  stats::StatsSpec spec;
  if (body.contains("columns") && !body["columns"].is_null()) {
    spec.columns = SAGAZ_TRY(Names(body["columns"], "columns"));
  }
  std::vector<std::string> names;
  if (body.contains("stats") && !body["stats"].is_null()) {
    names = SAGAZ_TRY(Names(body["stats"], "stats"));
  }
  auto set = stats::ParseStats(names);
  if (!set) return Fail(Error(set.error()).With("field", "stats"));
  spec.summary.stats = *set;
  spec.group_by = SAGAZ_TRY(OptionalNonEmptyString(body, "group_by"));
  spec.weights = SAGAZ_TRY(OptionalNonEmptyString(body, "weights"));
  if (body.contains("quantiles") && !body["quantiles"].is_null()) {
    const Json& q = body["quantiles"];
    if (!q.is_array() || q.empty()) {
      return Fail(FieldError("quantiles", "quantiles must be a list of probabilities in [0, 1]"));
    }
    for (const auto& p : q) {
      if (!p.is_number() || !(p.get<double>() >= 0 && p.get<double>() <= 1)) {
        return Fail(FieldError("quantiles", "quantiles must be probabilities in [0, 1]"));
      }
      spec.summary.quantiles.push_back(p.get<double>());
    }
    spec.summary.stats.Add(Stat::kQuantiles);
  }
  if (body.contains("quantile_method") && !body["quantile_method"].is_null()) {
    const Json& m = body["quantile_method"];
    auto method =
        m.is_number_integer() ? stats::ParseQuantileMethod(std::to_string(m.get<int64_t>()))
        : m.is_string()
            ? stats::ParseQuantileMethod(m.get<std::string>())
            : Result<stats::QuantileMethod>(
                  Fail(ErrorCode::kInvalidArgument, "quantile_method must be a name or 1 to 9"));
    if (!method) return Fail(Error(method.error()).With("field", "quantile_method"));
    spec.summary.method = *method;
  }
  if (body.contains("include_infinite")) {
    if (!body["include_infinite"].is_boolean()) {
      return Fail(FieldError("include_infinite", "include_infinite must be true or false"));
    }
    spec.summary.include_infinite = body["include_infinite"].get<bool>();
  }
  if (body.contains("trim")) spec.summary.trim = SAGAZ_TRY(Number(body["trim"], "trim"));
  if (body.contains("iqr_k")) spec.summary.iqr_k = SAGAZ_TRY(Number(body["iqr_k"], "iqr_k"));
  if (body.contains("mad_threshold")) {
    spec.summary.mad_threshold = SAGAZ_TRY(Number(body["mad_threshold"], "mad_threshold"));
  }
  if (body.contains("histogram") && !body["histogram"].is_null()) {
    spec.summary.histogram = SAGAZ_TRY(ParseHistogram(body["histogram"]));
    spec.summary.stats.Add(Stat::kHistogram);
  }
  if (body.contains("censor") && !body["censor"].is_null()) {
    spec.censor = SAGAZ_TRY(ParseCensor(body["censor"]));
  }
  if (body.contains("correlation")) {
    if (!body["correlation"].is_boolean()) {
      return Fail(FieldError("correlation", "correlation must be true or false"));
    }
    spec.correlation = body["correlation"].get<bool>();
  }
  if (body.contains("trend") && !body["trend"].is_null()) {
    const Json& t = body["trend"];
    if (t.is_string() && !t.get<std::string>().empty()) {
      spec.trend_x = t.get<std::string>();
    } else if (t.is_object() && t.size() == 1 && t.contains("x") && t["x"].is_string()) {
      spec.trend_x = t["x"].get<std::string>();
    } else {
      return Fail(FieldError("trend",
                             "trend must name the x column: \"timestamp\" or {\"x\": "
                             "\"timestamp\"}"));
    }
  }
  auto valid = stats::Validate(spec.summary);
  if (!valid) {
    Error e = std::move(valid).error();
    const std::string option(e.Detail("option"));
    return Fail(std::move(e).With("field", option));
  }
  return spec;
}

Result<stats::StatsRequest> ParseStatsRequest(const Json& body) {
  if (!body.is_object()) {
    return Fail(ErrorCode::kInvalidArgument, "the request body must be a JSON object");
  }
  for (auto it = body.begin(); it != body.end(); ++it) {
    const std::string& k = it.key();
    if (k == "dataset" || k == "filter") continue;
    if (std::find(std::begin(kSpecFields), std::end(kSpecFields), k) == std::end(kSpecFields)) {
      std::vector<std::string> all = {"dataset", "filter"};
      all.insert(all.end(), std::begin(kSpecFields), std::end(kSpecFields));
      return Fail(FieldError(k, "unknown field '" + k + "'; the fields are " + Join(all, ", ")));
    }
  }
  stats::StatsRequest req;
  if (!body.contains("dataset")) {
    return Fail(FieldError("dataset", "the body must name a dataset: {\"dataset\": \"...\"}"));
  }
  req.dataset = SAGAZ_TRY(NonEmptyString(body, "dataset"));
  req.filter = SAGAZ_TRY(OptionalNonEmptyString(body, "filter"));
  req.spec = SAGAZ_TRY(ParseStatsSpec(body));
  return req;
}

}  // namespace sagaz::wire
