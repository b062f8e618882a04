#include "wire/workflows.hpp"

#include "core/ids.hpp"
#include "wire/internal/read.hpp"

namespace sagaz::wire {

using internal::FieldError;
using internal::OnlyFields;
using internal::OptionalInteger;
using internal::OptionalString;
using internal::RequiredString;

namespace {

void Time(Json& j, const char* key, int64_t ms) {
  if (ms > 0) j[key] = Iso8601FromMs(ms);
}

Json ParsedOr(const std::string& text, Json fallback) {
  Json j = Json::parse(text, nullptr, false);
  return j.is_discarded() ? fallback : j;
}

}  // namespace

Json ToJson(const workflows::Workflow& w) {
  Json j = {
      {"id", w.id},       {"name", w.definition.name}, {"description", w.definition.description},
      {"owner", w.owner}, {"version", w.version},      {"steps", w.definition.steps.size()}};
  Time(j, "created_at", w.created_ms);
  Time(j, "updated_at", w.updated_ms);
  j["definition"] = workflows::ToJson(w.definition);
  return j;
}

Json ToJson(const workflows::Run& r, bool with_steps) {
  Json j = {{"id", r.id},
            {"workflow_id", r.workflow_id},
            {"workflow", r.workflow_name},
            {"version", r.version},
            {"status", std::string(workflows::ToString(r.status))},
            {"vars", ParsedOr(r.vars, Json::object())},
            {"trigger", r.trigger},
            {"user", r.caller.user},
            {"job_id", r.job_id}};
  if (!r.rerun_of.empty()) {
    j["rerun_of"] = r.rerun_of;
    j["from_step"] = r.from_step;
  }
  if (!r.error.empty()) j["error"] = r.error;
  Time(j, "created_at", r.created_ms);
  Time(j, "started_at", r.started_ms);
  Time(j, "finished_at", r.finished_ms);
  if (r.started_ms > 0 && r.finished_ms >= r.started_ms) j["ms"] = r.finished_ms - r.started_ms;
  if (!with_steps) return j;
  Json steps = Json::array();
  for (const auto& s : r.steps) {
    const auto& st = s.state;
    Json step = {{"id", st.id},
                 {"kind", st.kind},
                 {"status", std::string(workflows::ToString(st.status))},
                 {"attempts", st.attempts}};
    Time(step, "started_at", st.started_ms);
    Time(step, "finished_at", st.finished_ms);
    if (st.started_ms > 0 && st.finished_ms >= st.started_ms)
      step["ms"] = st.finished_ms - st.started_ms;
    if (!s.artifact.empty()) {
      step["artifact"] = {{"path", s.artifact}, {"bytes", s.output_bytes}};
    } else if (!st.output.empty()) {
      step["output"] = ParsedOr(st.output, Json(st.output));
    }
    if (!st.error.empty()) step["error"] = {{"code", st.error_code}, {"message", st.error}};
    if (!st.note.empty()) step["note"] = st.note;
    steps.push_back(std::move(step));
  }
  j["steps"] = std::move(steps);
  return j;
}

Result<workflows::RunOptions> ParseWorkflowRunRequest(const Json& body) {
  SAGAZ_TRY(OnlyFields(body, {"vars", "rerun_of", "from_step"}));
  workflows::RunOptions o;
  if (body.contains("vars")) {
    if (!body["vars"].is_object())
      return Fail(FieldError("vars", "vars must be an object of variable values"));
    o.vars = Dump(body["vars"]);
  }
  o.rerun_of = SAGAZ_TRY(OptionalString(body, "rerun_of")).value_or("");
  o.from_step = SAGAZ_TRY(OptionalString(body, "from_step")).value_or("");
  if (o.rerun_of.empty() != o.from_step.empty())
    return Fail(FieldError(o.rerun_of.empty() ? "rerun_of" : "from_step",
                           "rerun_of and from_step go together"));
  if (!o.rerun_of.empty()) o.trigger = "rerun";
  return o;
}

Json StepKindsJson(const workflows::StepRegistry& registry) {
  Json items = Json::array();
  for (const auto& k : registry.All()) {
    items.push_back({{"name", k.name},
                     {"description", k.description},
                     {"permission", std::string(auth::ToString(k.permission))},
                     {"schema", ParsedOr(k.schema, Json::object())}});
  }
  return items;
}

Result<agents::AgentSpec> ParseAgentSpec(const Json& body) {
  SAGAZ_TRY(OnlyFields(body, {"name", "description", "instructions", "model", "tools", "max_steps",
                              "max_tokens", "timeout_ms", "role", "forecast_dataset"}));
  agents::AgentSpec s;
  s.name = SAGAZ_TRY(RequiredString(body, "name"));
  s.description = SAGAZ_TRY(OptionalString(body, "description")).value_or("");
  s.instructions = SAGAZ_TRY(OptionalString(body, "instructions")).value_or("");
  s.model = SAGAZ_TRY(OptionalString(body, "model")).value_or("");
  if (body.contains("tools")) {
    if (!body["tools"].is_array())
      return Fail(FieldError("tools", "tools is a list of step kinds"));
    for (const auto& t : body["tools"]) {
      if (!t.is_string()) return Fail(FieldError("tools", "tools is a list of step kinds"));
      s.tools.push_back(t.get<std::string>());
    }
  }
  s.max_steps = static_cast<int>(
      SAGAZ_TRY(OptionalInteger(body, "max_steps", 0, 100, "an integer from 0 to 100"))
          .value_or(0));
  s.max_tokens =
      SAGAZ_TRY(OptionalInteger(body, "max_tokens", 0, 10'000'000, "an integer from 0 to 10000000"))
          .value_or(0);
  s.timeout_ms =
      SAGAZ_TRY(OptionalInteger(body, "timeout_ms", 0, 3'600'000, "an integer from 0 to 3600000"))
          .value_or(0);
  if (auto role = SAGAZ_TRY(OptionalString(body, "role"))) {
    auto parsed = auth::ParseRole(*role);
    if (!parsed) return Fail(FieldError("role", parsed.error().message));
    s.role = *parsed;
  }
  s.forecast_dataset =
      SAGAZ_TRY(OptionalString(body, "forecast_dataset")).value_or(s.forecast_dataset);
  return s;
}

Json ToJson(const agents::Agent& a) {
  Json j = {{"name", a.spec.name},
            {"description", a.spec.description},
            {"instructions", a.spec.instructions},
            {"model", a.spec.model},
            {"tools", a.spec.tools},
            {"max_steps", a.spec.max_steps},
            {"max_tokens", a.spec.max_tokens},
            {"timeout_ms", a.spec.timeout_ms},
            {"role", std::string(auth::ToString(a.spec.role))},
            {"forecast_dataset", a.spec.forecast_dataset},
            {"owner", a.owner},
            {"builtin", a.builtin}};
  Time(j, "created_at", a.created_ms);
  Time(j, "updated_at", a.updated_ms);
  return j;
}

Json ToJson(const agents::TraceStep& s) {
  Json j = {{"type", s.type}, {"ms", s.ms}};
  if (!s.tool.empty()) j["tool"] = s.tool;
  if (!s.arguments.empty()) {
    j["arguments"] =
        s.type == "tool" ? ParsedOr(s.arguments, Json(s.arguments)) : Json(s.arguments);
  }
  if (!s.result.empty()) {
    j["result"] = s.type == "tool" ? ParsedOr(s.result, Json(s.result)) : Json(s.result);
  }
  if (!s.error.empty()) j["error"] = s.error;
  if (s.prompt_tokens || s.completion_tokens) {
    j["tokens"] = {{"prompt", s.prompt_tokens}, {"completion", s.completion_tokens}};
  }
  return j;
}

Json ToJson(const agents::AgentResult& r) {
  Json steps = Json::array();
  for (const auto& s : r.trace) steps.push_back(ToJson(s));
  Json j = {{"agent", r.agent},     {"answer", r.answer}, {"engine", r.engine},
            {"stopped", r.stopped}, {"tokens", r.tokens}, {"ms", r.ms}};
  if (!r.error.empty()) j["error"] = r.error;
  j["trace"] = {{"steps", std::move(steps)}};
  return j;
}

Result<std::string> ParseAgentRunRequest(const Json& body) {
  SAGAZ_TRY(OnlyFields(body, {"input"}));
  return SAGAZ_TRY(RequiredString(body, "input"));
}

}  // namespace sagaz::wire
