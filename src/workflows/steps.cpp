#include "workflows/steps.hpp"

#include <nlohmann/json.hpp>

namespace sagaz::workflows {

Caller Caller::WithRole(std::string user, auth::Role role) {
  Caller c;
  c.user = std::move(user);
  c.role = role;
  for (const auto p : auth::PermissionsOf(role)) c.permissions |= 1u << static_cast<int>(p);
  return c;
}

int64_t StepContext::RemainingMs() const {
  if (deadline == std::chrono::steady_clock::time_point::max()) return INT64_MAX / 4;
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                        deadline - std::chrono::steady_clock::now())
                        .count();
  return std::max<int64_t>(1, left);
}

StepRegistry::StepRegistry() = default;
StepRegistry::~StepRegistry() = default;

void StepRegistry::Add(StepKind kind) {
  KindInfo info;
  const Json schema = Json::parse(kind.schema, nullptr, false);
  if (schema.is_object()) {
    if (schema.contains("properties") && schema["properties"].is_object()) {
      for (const auto& [k, v] : schema["properties"].items()) info.properties.push_back(k);
    }
    if (schema.contains("required") && schema["required"].is_array()) {
      for (const auto& r : schema["required"])
        if (r.is_string()) info.required.push_back(r.get<std::string>());
    }
    info.open = schema.value("additionalProperties", false);
  }
  kinds_.push_back(std::move(kind));
  infos_.push_back(std::move(info));
}

const StepKind* StepRegistry::Find(std::string_view name) const {
  for (const auto& k : kinds_)
    if (k.name == name) return &k;
  return nullptr;
}

KindLookup StepRegistry::Lookup() const {
  return [this](std::string_view name) -> const KindInfo* {
    for (size_t i = 0; i < kinds_.size(); ++i)
      if (kinds_[i].name == name) return &infos_[i];
    return nullptr;
  };
}

namespace {

bool HasType(const Json& v, std::string_view type) {
  if (type == "string") return v.is_string();
  if (type == "number") return v.is_number();
  if (type == "integer")
    return v.is_number_integer() ||
           (v.is_number() && v.get<double>() == std::floor(v.get<double>()));
  if (type == "boolean") return v.is_boolean();
  if (type == "array") return v.is_array();
  if (type == "object") return v.is_object();
  return true;
}

}  // namespace

Result<Json> StepRegistry::Run(std::string_view name, const Json& inputs,
                               const StepContext& context) const {
  const StepKind* kind = Find(name);
  if (!kind)
    return Fail(
        Error(ErrorCode::kInvalidArgument, "unknown step kind '" + std::string(name) + "'"));
  if (!context.caller.Can(kind->permission)) {
    return Fail(Error(ErrorCode::kPermissionDenied,
                      "the step kind '" + kind->name + "' needs the permission " +
                          std::string(auth::ToString(kind->permission)) + ", which " +
                          (context.caller.user.empty() ? std::string("the caller")
                                                       : "'" + context.caller.user + "'") +
                          " does not have")
                    .With("permission", std::string(auth::ToString(kind->permission))));
  }
  if (!inputs.is_object())
    return Fail(Error(ErrorCode::kInvalidArgument, "the inputs of a step are a JSON object"));
  const Json schema = Json::parse(kind->schema, nullptr, false);
  const Json props =
      schema.is_object() ? schema.value("properties", Json::object()) : Json::object();
  const bool open = schema.is_object() && schema.value("additionalProperties", false);
  for (const auto& [k, v] : inputs.items()) {
    if (!props.contains(k)) {
      if (open) continue;
      return Fail(Error(ErrorCode::kInvalidArgument,
                        "step kind '" + kind->name + "' has no input '" + k + "'")
                      .With("field", k));
    }
    const auto& p = props[k];
    if (p.is_object() && p.contains("type") && p["type"].is_string() && !v.is_null() &&
        !HasType(v, p["type"].get<std::string>())) {
      return Fail(Error(ErrorCode::kInvalidArgument, "input '" + k + "' of step kind '" +
                                                         kind->name + "' must be of type " +
                                                         p["type"].get<std::string>())
                      .With("field", k));
    }
  }
  if (schema.is_object() && schema.contains("required") && schema["required"].is_array()) {
    for (const auto& r : schema["required"]) {
      if (r.is_string() &&
          (!inputs.contains(r.get<std::string>()) || inputs[r.get<std::string>()].is_null())) {
        return Fail(
            Error(ErrorCode::kInvalidArgument,
                  "step kind '" + kind->name + "' needs input '" + r.get<std::string>() + "'")
                .With("field", r.get<std::string>()));
      }
    }
  }
  return CatchAll([&]() -> Result<Json> { return kind->run(inputs, context); });
}

}  // namespace sagaz::workflows
