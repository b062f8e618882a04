#include "wire/prompts.hpp"

#include "wire/internal/read.hpp"

namespace sagaz::wire {

using internal::FieldError;
using internal::OnlyFields;
using internal::OptionalBool;
using internal::OptionalInteger;
using internal::OptionalString;
using internal::RequiredString;
using internal::RequireObject;

namespace {

Json ValuesJson(const prompts::Values& values) {
  Json out = Json::object();
  for (const auto& [name, v] : values) std::visit([&](const auto& x) { out[name] = x; }, v);
  return out;
}

Result<std::vector<prompts::Variable>> ParseVariables(const Json& list) {
  if (!list.is_array() || list.size() > 100) {
    return Fail(FieldError("variables", "'variables' must be a list of at most 100 objects"));
  }
  std::vector<prompts::Variable> out;
  for (const auto& item : list) {
    if (!item.is_object())
      return Fail(FieldError("variables", "each variable is an object {\"name\", \"type\"?}"));
    SAGAZ_TRY(OnlyFields(item, {"name", "type", "description"}));
    prompts::Variable v;
    v.name = SAGAZ_TRY(RequiredString(item, "name"));
    v.type = SAGAZ_TRY(
        prompts::ParseVariableType(SAGAZ_TRY(OptionalString(item, "type")).value_or("text")));
    v.description = SAGAZ_TRY(OptionalString(item, "description")).value_or("");
    out.push_back(std::move(v));
  }
  return out;
}

}  // namespace

Json ToJson(const prompts::Version& v) {
  Json vars = Json::array();
  for (const auto& x : v.variables)
    vars.push_back({{"name", x.name}, {"type", ToString(x.type)}, {"description", x.description}});
  return {{"number", v.number},
          {"system", v.system},
          {"template", v.text},
          {"variables", std::move(vars)},
          {"model", v.params.model},
          {"temperature", v.params.temperature},
          {"max_tokens", v.params.max_tokens},
          {"json", v.params.json},
          {"note", v.note},
          {"author", v.author},
          {"created_at", v.created_at}};
}

Json ToJson(const prompts::Prompt& p) {
  return {{"id", p.id},
          {"name", p.name},
          {"description", p.description},
          {"owner", p.owner},
          {"versions", p.versions},
          {"created_at", p.created_at},
          {"updated_at", p.updated_at},
          {"version", ToJson(p.latest)}};
}

Json ToJson(const prompts::Rendered& r) {
  return {{"version", r.version}, {"system", r.system}, {"user", r.user}};
}

Json ToJson(const prompts::PromptRun& r) {
  Json checks = Json::array();
  for (const auto& c : r.checks) {
    checks.push_back({{"kind", ToString(c.expectation.kind)},
                      {"value", c.expectation.value},
                      {"passed", c.passed},
                      {"detail", c.detail}});
  }
  return {{"id", r.id},
          {"prompt_id", r.prompt_id},
          {"version", r.version},
          {"test_id", r.test_id.empty() ? Json(nullptr) : Json(r.test_id)},
          {"model", r.model},
          {"variables", ValuesJson(r.variables)},
          {"system", r.system},
          {"user", r.user},
          {"output", r.output},
          {"status", ToString(r.status)},
          {"error", r.error},
          {"checks", std::move(checks)},
          {"passed", r.passed ? Json(*r.passed) : Json(nullptr)},
          {"latency_ms", r.latency_ms},
          {"first_token_ms", r.first_token_ms},
          {"prompt_tokens", r.prompt_tokens},
          {"completion_tokens", r.completion_tokens},
          {"user_name", r.user_name},
          {"created_at", r.created_at}};
}

Json ToJson(const prompts::TestCase& t) {
  Json expect = Json::array();
  for (const auto& e : t.expect) expect.push_back({{"kind", ToString(e.kind)}, {"value", e.value}});
  return {{"id", t.id},
          {"prompt_id", t.prompt_id},
          {"name", t.name},
          {"variables", ValuesJson(t.variables)},
          {"expect", std::move(expect)},
          {"created_at", t.created_at}};
}

Json ToJson(const prompts::TestReport& report) {
  Json runs = Json::array();
  for (const auto& r : report.runs) runs.push_back(ToJson(r));
  return {{"prompt_id", report.prompt_id}, {"version", report.version}, {"model", report.model},
          {"cases", report.cases},         {"passed", report.passed},   {"failed", report.failed},
          {"runs", std::move(runs)}};
}

Result<prompts::PromptSpec> ParsePromptSpec(const Json& body) {
  SAGAZ_TRY(RequireObject(body));
  SAGAZ_TRY(OnlyFields(body, {"name", "template", "system", "description", "variables", "model",
                              "temperature", "max_tokens", "json", "note"}));
  prompts::PromptSpec s;
  s.name = SAGAZ_TRY(RequiredString(body, "name"));
  s.text = SAGAZ_TRY(RequiredString(body, "template"));
  s.system = SAGAZ_TRY(OptionalString(body, "system")).value_or("");
  s.description = SAGAZ_TRY(OptionalString(body, "description")).value_or("");
  s.note = SAGAZ_TRY(OptionalString(body, "note")).value_or("");
  if (const auto it = body.find("variables"); it != body.end() && !it->is_null())
    s.variables = SAGAZ_TRY(ParseVariables(*it));
  s.params.model = SAGAZ_TRY(OptionalString(body, "model")).value_or("");
  if (const auto it = body.find("temperature"); it != body.end()) {
    if (!it->is_number() || it->get<double>() < 0 || it->get<double>() > 2)
      return Fail(FieldError("temperature", "temperature must be a number from 0 to 2"));
    s.params.temperature = it->get<double>();
  }
  s.params.max_tokens = static_cast<int>(
      SAGAZ_TRY(OptionalInteger(body, "max_tokens", 1, 32768, "an integer from 1 to 32768"))
          .value_or(1024));
  s.params.json = SAGAZ_TRY(OptionalBool(body, "json")).value_or(false);
  return s;
}

Result<prompts::Values> ParsePromptValues(const Json& values) {
  if (!values.is_object())
    return Fail(FieldError("variables", "'variables' must be an object of name: value"));
  prompts::Values out;
  for (const auto& [name, v] : values.items()) {
    if (v.is_string()) {
      out[name] = v.get<std::string>();
    } else if (v.is_boolean()) {
      out[name] = v.get<bool>();
    } else if (v.is_number_integer() &&
               !(v.is_number_unsigned() && v.get<uint64_t>() > INT64_MAX)) {
      out[name] = v.get<int64_t>();
    } else if (v.is_number()) {
      out[name] = v.get<double>();
    } else {
      return Fail(
          FieldError("variables", "variable '" + name + "' must be a string, a number or a boolean")
              .With("variable", name));
    }
  }
  return out;
}

Result<prompts::RunRequest> ParsePromptRun(const Json& body, bool allow_model) {
  SAGAZ_TRY(RequireObject(body));
  if (allow_model) {
    SAGAZ_TRY(OnlyFields(body, {"variables", "version", "model"}));
  } else {
    SAGAZ_TRY(OnlyFields(body, {"variables", "version"}));
  }
  prompts::RunRequest r;
  if (const auto it = body.find("variables"); it != body.end())
    r.variables = SAGAZ_TRY(ParsePromptValues(*it));
  r.version = static_cast<int>(
      SAGAZ_TRY(OptionalInteger(body, "version", 1, INT32_MAX, "a positive integer")).value_or(0));
  r.model = SAGAZ_TRY(OptionalString(body, "model")).value_or("");
  return r;
}

Result<prompts::NewTestCase> ParsePromptTest(const Json& body) {
  SAGAZ_TRY(RequireObject(body));
  SAGAZ_TRY(OnlyFields(body, {"name", "variables", "expect"}));
  prompts::NewTestCase t;
  t.name = SAGAZ_TRY(RequiredString(body, "name"));
  if (const auto it = body.find("variables"); it != body.end())
    t.variables = SAGAZ_TRY(ParsePromptValues(*it));
  if (const auto it = body.find("expect"); it != body.end()) {
    if (!it->is_array())
      return Fail(FieldError("expect", "'expect' must be a list of {\"kind\", \"value\"}"));
    for (const auto& item : *it) {
      if (!item.is_object())
        return Fail(FieldError("expect", "each expectation is an object {\"kind\", \"value\"}"));
      SAGAZ_TRY(OnlyFields(item, {"kind", "value"}));
      prompts::Expectation e;
      e.kind = SAGAZ_TRY(prompts::ParseExpectKind(SAGAZ_TRY(RequiredString(item, "kind"))));
      if (const auto v = item.find("value"); v != item.end() && v->is_number_integer()) {
        e.value = std::to_string(v->get<int64_t>());
      } else {
        e.value = SAGAZ_TRY(OptionalString(item, "value")).value_or("");
      }
      t.expect.push_back(std::move(e));
    }
  }
  return t;
}

Result<prompts::TestRunRequest> ParsePromptTestRun(const Json& body) {
  SAGAZ_TRY(RequireObject(body));
  SAGAZ_TRY(OnlyFields(body, {"version", "model"}));
  prompts::TestRunRequest r;
  r.version = static_cast<int>(
      SAGAZ_TRY(OptionalInteger(body, "version", 1, INT32_MAX, "a positive integer")).value_or(0));
  r.model = SAGAZ_TRY(OptionalString(body, "model")).value_or("");
  return r;
}

}  // namespace sagaz::wire
