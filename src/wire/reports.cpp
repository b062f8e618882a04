#include "wire/reports.hpp"

#include <algorithm>
#include <cmath>

#include "wire/dashboards.hpp"
#include "wire/internal/read.hpp"

namespace sagaz::wire {

namespace {

using internal::FieldError;

Result<std::vector<reports::Format>> Formats(const Json& body, bool required) {
  std::vector<reports::Format> out;
  const auto it = body.find("formats");
  if (it == body.end()) {
    if (required) return Fail(FieldError("formats", "the body needs 'formats'"));
    return out;
  }
  if (!it->is_array()) return Fail(FieldError("formats", "'formats' is a list of format names"));
  for (const auto& f : *it) {
    if (!f.is_string()) return Fail(FieldError("formats", "'formats' is a list of format names"));
    const auto format = SAGAZ_TRY(reports::ParseFormat(f.get<std::string>()));
    if (std::find(out.begin(), out.end(), format) == out.end()) out.push_back(format);
  }
  return out;
}

Result<reports::Delivery> Delivery(const Json& body) {
  const auto it = body.find("delivery");
  if (it == body.end()) return Fail(FieldError("delivery", "the body needs 'delivery'"));
  if (!it->is_object()) {
    return Fail(FieldError("delivery", "'delivery' is {\"folder\": name} or {\"webhook\": url}"));
  }
  SAGAZ_TRY(internal::OnlyFields(*it, {"folder", "webhook"}));
  reports::Delivery d;
  d.folder = SAGAZ_TRY(internal::OptionalString(*it, "folder")).value_or("");
  d.webhook = SAGAZ_TRY(internal::OptionalString(*it, "webhook")).value_or("");
  return d;
}

Result<dashboards::Viewer> RunAs(const Json& body) {
  const auto it = body.find("run_as");
  if (it == body.end()) return dashboards::Viewer{};
  if (!it->is_object()) return Fail(FieldError("run_as", "'run_as' is {\"user\", \"role\"}"));
  SAGAZ_TRY(internal::OnlyFields(*it, {"user", "role"}));
  dashboards::Viewer v;
  v.user = SAGAZ_TRY(internal::RequiredString(*it, "user"));
  auto role = auth::ParseRole(SAGAZ_TRY(internal::RequiredString(*it, "role")));
  if (!role) return Fail(FieldError("run_as", role.error().message));
  v.role = *role;
  return v;
}

Result<double> Number(const Json& body, std::string_view field, std::optional<double> fallback) {
  const auto it = body.find(std::string(field));
  if (it == body.end()) {
    if (fallback) return *fallback;
    return Fail(FieldError(field, "the body needs '" + std::string(field) + "'"));
  }
  if (!it->is_number() || !std::isfinite(it->get<double>())) {
    return Fail(FieldError(field, "'" + std::string(field) + "' must be a number"));
  }
  return it->get<double>();
}

Result<std::string> Language(const Json& body) {
  auto l = SAGAZ_TRY(internal::OptionalString(body, "language")).value_or("");
  if (!l.empty() && l != "pt" && l != "en") {
    return Fail(FieldError("language", "the language is 'pt' or 'en'"));
  }
  return l;
}

Json FormatsJson(const std::vector<reports::Format>& formats) {
  Json out = Json::array();
  for (auto f : formats) out.push_back(std::string(reports::ToString(f)));
  return out;
}

Json DeliveryJson(const reports::Delivery& d) {
  return d.folder.empty() ? Json{{"webhook", d.webhook}} : Json{{"folder", d.folder}};
}

Json RunAsJson(const dashboards::Viewer& v) {
  return {{"user", v.user}, {"role", std::string(auth::ToString(v.role))}};
}

Json FilesJson(const std::vector<reports::DeliveredFile>& files) {
  Json out = Json::array();
  for (const auto& f : files) {
    Json j = {{"name", f.name}, {"content_type", f.content_type}, {"bytes", f.bytes}};
    if (!f.path.empty()) j["path"] = f.path;
    out.push_back(std::move(j));
  }
  return out;
}

}  // namespace

Result<reports::ReportSpec> ParseReportSpec(const Json& body) {
  SAGAZ_TRY(internal::RequireObject(body));
  SAGAZ_TRY(internal::OnlyFields(body, {"dashboard_id", "question_id", "formats", "delivery",
                                        "filters", "language", "run_as"}));
  reports::ReportSpec s;
  s.target.dashboard_id = SAGAZ_TRY(internal::OptionalString(body, "dashboard_id")).value_or("");
  s.target.question_id = SAGAZ_TRY(internal::OptionalString(body, "question_id")).value_or("");
  s.formats = SAGAZ_TRY(Formats(body, true));
  s.delivery = SAGAZ_TRY(Delivery(body));
  s.language = SAGAZ_TRY(Language(body));
  s.run_as = SAGAZ_TRY(RunAs(body));
  s.filters = SAGAZ_TRY(ParseFilterObject(body, "filters"));
  return s;
}

Result<reports::AlertSpec> ParseAlertSpec(const Json& body) {
  SAGAZ_TRY(internal::RequireObject(body));
  SAGAZ_TRY(
      internal::OnlyFields(body, {"question_id", "direction", "threshold", "hysteresis", "column",
                                  "statistic", "formats", "delivery", "language", "run_as"}));
  reports::AlertSpec a;
  a.question_id = SAGAZ_TRY(internal::RequiredString(body, "question_id"));
  a.direction = SAGAZ_TRY(reports::ParseDirection(
      SAGAZ_TRY(internal::OptionalString(body, "direction")).value_or("above")));
  a.threshold = SAGAZ_TRY(Number(body, "threshold", std::nullopt));
  a.hysteresis = SAGAZ_TRY(Number(body, "hysteresis", 0.0));
  a.column = SAGAZ_TRY(internal::OptionalString(body, "column")).value_or("");
  a.statistic = SAGAZ_TRY(internal::OptionalString(body, "statistic")).value_or("");
  a.formats = SAGAZ_TRY(Formats(body, false));
  a.delivery = SAGAZ_TRY(Delivery(body));
  a.language = SAGAZ_TRY(Language(body));
  a.run_as = SAGAZ_TRY(RunAs(body));
  return a;
}

Json ToJson(const reports::ReportSpec& s) {
  Json j;
  if (!s.target.dashboard_id.empty()) j["dashboard_id"] = s.target.dashboard_id;
  if (!s.target.question_id.empty()) j["question_id"] = s.target.question_id;
  j["formats"] = FormatsJson(s.formats);
  j["delivery"] = DeliveryJson(s.delivery);
  if (!s.filters.empty()) {
    Json filters = Json::object();
    for (const auto& [column, v] : s.filters) {
      filters[column] = v.value.empty() ? v.from + ".." + v.to : v.value;
    }
    j["filters"] = std::move(filters);
  }
  if (!s.language.empty()) j["language"] = s.language;
  j["run_as"] = RunAsJson(s.run_as);
  return j;
}

Json ToJson(const reports::AlertSpec& a) {
  Json j = {{"question_id", a.question_id},
            {"direction", std::string(reports::ToString(a.direction))},
            {"threshold", a.threshold},
            {"hysteresis", a.hysteresis},
            {"delivery", DeliveryJson(a.delivery)},
            {"run_as", RunAsJson(a.run_as)}};
  if (!a.column.empty()) j["column"] = a.column;
  if (!a.statistic.empty()) j["statistic"] = a.statistic;
  if (!a.formats.empty()) j["formats"] = FormatsJson(a.formats);
  if (!a.language.empty()) j["language"] = a.language;
  return j;
}

Json ToJson(const reports::ReportOutcome& o) {
  return {{"title", o.title},
          {"files", FilesJson(o.files)},
          {"destination", o.destination},
          {"webhook_status", o.webhook_status == 0 ? Json(nullptr) : Json(o.webhook_status)},
          {"card_errors", o.card_errors}};
}

Json ToJson(const reports::AlertOutcome& o) {
  return {{"value", o.value},
          {"state", std::string(reports::ToString(o.state))},
          {"delivered", o.delivered ? ToJson(*o.delivered) : Json(nullptr)}};
}

}  // namespace sagaz::wire
