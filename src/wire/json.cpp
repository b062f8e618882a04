#include "wire/json.hpp"

#include <cmath>

#include "core/strings.hpp"
#include "wire/internal/read.hpp"

namespace sagaz::wire {
namespace {

using internal::FieldError;

Json ProfileColumn(const catalog::ColumnProfile& c) {
  Json j = {{"name", c.name},       {"type", c.type},         {"count", c.count},
            {"nulls", c.nulls},     {"distinct", c.distinct}, {"distinct_exact", c.distinct_exact},
            {"min", ToJson(c.min)}, {"max", ToJson(c.max)}};
  if (c.mean) j["mean"] = *c.mean;
  if (c.std_dev) j["std_dev"] = *c.std_dev;
  if (c.avg_length) j["avg_length"] = *c.avg_length;
  if (!c.histogram.empty()) {
    Json bins = Json::array();
    for (const auto& b : c.histogram) {
      bins.push_back({{"lower", b.lower}, {"upper", b.upper}, {"count", b.count}});
    }
    j["histogram"] = std::move(bins);
  }
  if (!c.top_values.empty()) {
    Json top = Json::array();
    for (const auto& t : c.top_values)
      top.push_back({{"value", ToJson(t.value)}, {"count", t.count}});
    j["top_values"] = std::move(top);
  }
  return j;
}

Json Rows(const std::vector<std::vector<db::Value>>& rows) {
  Json out = Json::array();
  for (const auto& row : rows) {
    Json r = Json::array();
    for (const auto& v : row) r.push_back(ToJson(v));
    out.push_back(std::move(r));
  }
  return out;
}

std::vector<std::string> CommaList(std::string_view text) {
  std::vector<std::string> out;
  for (auto part : Split(text, ',')) {
    auto t = Trim(part);
    if (!t.empty()) out.emplace_back(t);
  }
  return out;
}

}  // namespace

std::string Dump(const Json& j, int indent) {
  return j.dump(indent, ' ', false, Json::error_handler_t::replace);
}

Json ErrorEnvelope(const Error& error, std::string_view request_id) {
  Json details = Json::object();
  for (const auto& [k, v] : error.details) details[k] = v;
  Json j = {{"error",
             {{"code", std::string(ToString(error.code))},
              {"message", error.message},
              {"details", std::move(details)}}}};
  if (!request_id.empty()) j["request_id"] = std::string(request_id);
  return j;
}

Json ToJson(const db::Value& value) {
  struct Visitor {
    Json operator()(std::monostate) const { return nullptr; }
    Json operator()(bool b) const { return b; }
    Json operator()(int64_t i) const { return i; }
    Json operator()(uint64_t u) const { return u; }
    // JSON has no NaN or infinity: they become null.
    Json operator()(double d) const { return std::isfinite(d) ? Json(d) : Json(nullptr); }
    Json operator()(const std::string& s) const { return s; }
  };
  return std::visit(Visitor{}, value);
}

Json ToJson(const std::vector<db::Column>& columns) {
  Json out = Json::array();
  for (const auto& c : columns) out.push_back({{"name", c.name}, {"type", c.type.name}});
  return out;
}

Json ToJson(const catalog::DatasetInfo& info) {
  Json cols = Json::array();
  for (const auto& c : info.columns) {
    Json col = {{"name", c.name}, {"type", c.type}, {"description", c.description}};
    if (!c.original_name.empty()) col["original_name"] = c.original_name;
    cols.push_back(std::move(col));
  }
  return {{"name", info.name},
          {"description", info.description},
          {"source", info.source},
          {"format", info.format},
          {"rows", info.rows},
          {"column_count", info.columns.size()},
          {"columns", std::move(cols)},
          {"created_at", info.created_at},
          {"updated_at", info.updated_at},
          {"version", info.version}};
}

Json ToJson(const catalog::Profile& profile) {
  Json cols = Json::array();
  for (const auto& c : profile.columns) cols.push_back(ProfileColumn(c));
  return {{"dataset", profile.dataset},
          {"rows", profile.rows},
          {"columns", std::move(cols)},
          {"elapsed_ms", profile.elapsed_ms},
          {"cached", profile.cached}};
}

Json ToJson(const catalog::Sample& sample) {
  return {{"columns", ToJson(sample.columns)},
          {"rows", Rows(sample.rows)},
          {"row_count", sample.rows.size()},
          {"total_rows", sample.total_rows}};
}

Json ToJson(const ingest::Report& report) {
  Json rejections = Json::array();
  for (const auto& r : report.rejections) {
    rejections.push_back(
        {{"line", r.line}, {"column", r.column}, {"reason", r.reason}, {"text", r.text}});
  }
  Json cols = Json::array();
  for (const auto& c : report.columns) {
    Json col = {{"name", c.name}, {"type", c.type}};
    if (!c.original_name.empty()) col["original_name"] = c.original_name;
    if (!c.note.empty()) col["note"] = c.note;
    cols.push_back(std::move(col));
  }
  return {{"dataset", report.dataset},
          {"format", std::string(ingest::ToString(report.format))},
          {"mode", std::string(ingest::ToString(report.mode))},
          {"rows_loaded", report.rows_loaded},
          {"rows_rejected", report.rows_rejected},
          {"rows_inserted", report.rows_inserted},
          {"rows_updated", report.rows_updated},
          {"dataset_rows", report.dataset_rows},
          {"columns", std::move(cols)},
          {"decisions", report.decisions},
          {"rejections", std::move(rejections)},
          {"bytes", report.bytes},
          {"elapsed_ms", report.elapsed_ms}};
}

Json ToJson(const sql::QueryResult& result) {
  return {{"columns", ToJson(result.columns)},
          {"rows", Rows(result.rows)},
          {"row_count", result.row_count},
          {"truncated", result.truncated},
          {"row_limit", result.row_limit},
          {"max_row_limit", result.max_row_limit},
          {"elapsed_ms", result.elapsed_ms},
          {"sql", result.sql},
          {"tables", result.tables}};
}

Result<ingest::Request> IngestRequestFromFields(const std::map<std::string, std::string>& fields) {
  ingest::Request req;
  for (const auto& [key, value] : fields) {
    if (key == "name" || key == "dataset") {
      req.dataset = value;
    } else if (key == "mode") {
      req.mode = SAGAZ_TRY(ingest::ParseMode(value));
    } else if (key == "key") {
      req.key = CommaList(value);
    } else if (key == "format") {
      req.format = SAGAZ_TRY(ingest::ParseFormat(value));
    } else if (key == "delimiter" || key == "quote" || key == "escape") {
      std::string v = value == "\\t" || value == "tab" ? "\t" : value;
      if (v.size() != 1) return Fail(FieldError(key, key + " must be a single character"));
      (key == "delimiter" ? req.csv.delimiter
       : key == "quote"   ? req.csv.quote
                          : req.csv.escape) = v;
    } else if (key == "header") {
      auto b = ParseBool(value);
      if (!b) return Fail(FieldError(key, "header must be true or false"));
      req.csv.header = *b;
    } else if (key == "encoding") {
      req.csv.encoding = value;
    } else if (key == "decimal_separator") {
      if (value != "." && value != ",")
        return Fail(FieldError(key, "decimal_separator must be . or ,"));
      req.csv.decimal_separator = value;
    } else if (key == "date_format") {
      req.csv.date_format = value;
    } else if (key == "timestamp_format") {
      req.csv.timestamp_format = value;
    } else if (key == "null_values") {
      std::vector<std::string> nulls;
      for (auto part : Split(value, ',')) nulls.emplace_back(part);  // empty strings are meaningful
      req.csv.null_values = std::move(nulls);
    } else if (key == "skip_rows") {
      auto n = ParseNumber<int64_t>(value);
      if (!n || *n < 0) return Fail(FieldError(key, "skip_rows must be a non-negative integer"));
      req.csv.skip_rows = *n;
    } else if (key == "types") {
      for (const auto& item : CommaList(value)) {
        auto colon = item.rfind(':');
        if (colon == std::string::npos || colon == 0 || colon + 1 == item.size()) {
          return Fail(FieldError(key, "types must look like column:TYPE,other:TYPE"));
        }
        req.csv.types[std::string(Trim(item.substr(0, colon)))] =
            std::string(Trim(item.substr(colon + 1)));
      }
    } else if (key == "max_reject_ratio") {
      auto r = ParseNumber<double>(value);
      if (!r || *r < 0 || *r > 1)
        return Fail(FieldError(key, "max_reject_ratio must be in [0, 1]"));
      req.max_reject_ratio = *r;
    } else {
      return Fail(FieldError(key, "unknown field '" + key + "'"));
    }
  }
  // A type override is a SQL type name; keep it to a safe alphabet, the loader quotes everything
  // else.
  for (const auto& [col, type] : req.csv.types) {
    for (char c : type) {
      if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '(' || c == ')' || c == ',' ||
            c == ' ' || c == '_' || c == '[' || c == ']')) {
        return Fail(FieldError("types", "'" + type + "' is not a SQL type name"));
      }
    }
  }
  return req;
}

Result<catalog::DescriptionUpdate> ParseDescriptionUpdate(const Json& body) {
  SAGAZ_TRY(internal::RequireObject(body));
  catalog::DescriptionUpdate u;
  for (auto it = body.begin(); it != body.end(); ++it) {
    if (it.key() == "description") {
      if (!it->is_string()) return Fail(FieldError("description", "description must be a string"));
      u.description = it->get<std::string>();
    } else if (it.key() == "columns") {
      if (!it->is_object()) {
        return Fail(FieldError("columns", "columns must map column names to descriptions"));
      }
      for (auto c = it->begin(); c != it->end(); ++c) {
        if (!c->is_string())
          return Fail(FieldError("columns", "column descriptions must be strings"));
        u.columns[c.key()] = c->get<std::string>();
      }
    } else {
      return Fail(FieldError(it.key(), "unknown field '" + it.key() + "'"));
    }
  }
  return u;
}

Result<SqlRequest> ParseSqlRequest(const Json& body) {
  SAGAZ_TRY(internal::RequireObject(body));
  SAGAZ_TRY(internal::OnlyFields(body, {"sql", "policy", "limit", "timeout_ms"}));
  SqlRequest r;
  const auto text = body.find("sql");
  if (text == body.end() || !text->is_string()) {
    return Fail(FieldError("sql", "the body must be {\"sql\": \"SELECT ...\"}"));
  }
  r.sql = text->get<std::string>();
  if (auto policy = SAGAZ_TRY(internal::OptionalString(body, "policy"))) {
    auto parsed = sql::ParsePolicy(*policy);
    if (!parsed) return Fail(std::move(parsed).error().With("field", "policy"));
    r.options.policy = *parsed;
  }
  r.options.row_limit =
      SAGAZ_TRY(internal::OptionalInteger(body, "limit", 0, INT64_MAX, "a non-negative integer"));
  if (auto timeout = SAGAZ_TRY(
          internal::OptionalInteger(body, "timeout_ms", 1, INT64_MAX, "a positive integer"))) {
    r.options.timeout = std::chrono::milliseconds(*timeout);
  }
  return r;
}

Result<Json> ParseBody(std::string_view body) {
  if (Trim(body).empty()) return Fail(ErrorCode::kInvalidArgument, "the request body is empty");
  if (JsonNesting(body, kMaxJsonNesting) > kMaxJsonNesting) {
    return Fail(Error(ErrorCode::kInvalidArgument,
                      "the request body nests arrays and objects "
                      "deeper than " +
                          std::to_string(kMaxJsonNesting) + " levels")
                    .With("limit", std::to_string(kMaxJsonNesting)));
  }
  Json j = Json::parse(body, nullptr, false);
  if (j.is_discarded()) {
    return Fail(ErrorCode::kInvalidArgument, "the request body is not valid JSON");
  }
  return j;
}

}  // namespace sagaz::wire
