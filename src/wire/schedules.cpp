#include "wire/schedules.hpp"

#include "core/ids.hpp"
#include "wire/internal/read.hpp"

namespace sagaz::wire {

using internal::OptionalBool;
namespace {

Json Time(const std::optional<int64_t>& ms) {
  return ms ? Json(Iso8601FromMs(*ms)) : Json(nullptr);
}

// The job's payload: a JSON object, kept as text.
Result<std::optional<std::string>> OptionalPayload(const Json& body) {
  const auto it = body.find("payload");
  if (it == body.end()) return std::optional<std::string>();
  if (!it->is_object()) {
    return Fail(internal::FieldError("payload", "'payload' must be a JSON object"));
  }
  return std::optional<std::string>(Dump(*it));
}

Result<std::optional<jobs::MissedPolicy>> OptionalMissed(const Json& body) {
  auto text = SAGAZ_TRY(internal::OptionalString(body, "missed"));
  if (!text) return std::optional<jobs::MissedPolicy>();
  auto policy = jobs::ParseMissedPolicy(*text);
  if (!policy) return Fail(internal::FieldError("missed", policy.error().message));
  return std::optional<jobs::MissedPolicy>(*policy);
}

}  // namespace

Json ToJson(const jobs::Schedule& s, const std::vector<int64_t>& next_runs) {
  Json runs = Json::array();
  for (const auto ms : next_runs) runs.push_back(Iso8601FromMs(ms));
  Json payload = Json::parse(s.spec.payload, nullptr, /*allow_exceptions=*/false);
  return {{"id", s.id},
          {"name", s.spec.name},
          {"cron", s.spec.cron},
          {"time_zone", s.spec.time_zone},
          {"kind", s.spec.kind},
          {"payload", payload.is_discarded() ? Json(s.spec.payload) : payload},
          {"missed", std::string(jobs::ToString(s.spec.missed))},
          {"enabled", s.spec.enabled},
          {"origin", s.spec.origin.empty() ? Json(nullptr) : Json(s.spec.origin)},
          {"created_by", s.spec.created_by},
          {"created_at", Iso8601FromMs(s.created_ms)},
          {"updated_at", Iso8601FromMs(s.updated_ms)},
          {"next_run_at", Time(s.next_ms)},
          {"last_run_at", Time(s.last_ms)},
          {"last_job_id", s.last_job_id.empty() ? Json(nullptr) : Json(s.last_job_id)},
          {"skipped", s.skipped},
          {"next_runs", std::move(runs)}};
}

Result<jobs::ScheduleSpec> ParseScheduleSpec(const Json& body) {
  SAGAZ_TRY(internal::RequireObject(body));
  SAGAZ_TRY(internal::OnlyFields(
      body, {"name", "cron", "time_zone", "kind", "payload", "missed", "enabled"}));
  jobs::ScheduleSpec spec;
  spec.name = SAGAZ_TRY(internal::RequiredString(body, "name"));
  spec.cron = SAGAZ_TRY(internal::RequiredString(body, "cron"));
  spec.kind = SAGAZ_TRY(internal::RequiredString(body, "kind"));
  if (auto tz = SAGAZ_TRY(internal::OptionalString(body, "time_zone"))) spec.time_zone = *tz;
  if (auto p = SAGAZ_TRY(OptionalPayload(body))) spec.payload = *p;
  if (auto m = SAGAZ_TRY(OptionalMissed(body))) spec.missed = *m;
  if (auto e = SAGAZ_TRY(OptionalBool(body, "enabled"))) spec.enabled = *e;
  return spec;
}

Result<jobs::ScheduleUpdate> ParseScheduleUpdate(const Json& body) {
  SAGAZ_TRY(internal::RequireObject(body));
  SAGAZ_TRY(internal::OnlyFields(body, {"cron", "time_zone", "missed", "enabled", "payload"}));
  jobs::ScheduleUpdate u;
  u.cron = SAGAZ_TRY(internal::OptionalString(body, "cron"));
  u.time_zone = SAGAZ_TRY(internal::OptionalString(body, "time_zone"));
  u.missed = SAGAZ_TRY(OptionalMissed(body));
  u.enabled = SAGAZ_TRY(OptionalBool(body, "enabled"));
  u.payload = SAGAZ_TRY(OptionalPayload(body));
  return u;
}

}  // namespace sagaz::wire
