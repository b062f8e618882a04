#include "wire/platform.hpp"

#include "core/ids.hpp"
#include "wire/internal/read.hpp"

namespace sagaz::wire {
namespace {

using internal::FieldError;

Json TimeOrNull(const std::string& iso) { return iso.empty() ? Json(nullptr) : Json(iso); }
Json MsOrNull(int64_t ms) { return ms ? Json(Iso8601FromMs(ms)) : Json(nullptr); }

Json Scopes(const std::vector<auth::Permission>& scopes) {
  Json out = Json::array();
  for (auto p : scopes) out.push_back(std::string(auth::ToString(p)));
  return out;
}

}  // namespace

Json ToJson(const auth::User& user) {
  return {{"username", user.name},
          {"role", std::string(auth::ToString(user.role))},
          {"created_at", TimeOrNull(user.created_at)},
          {"password_changed_at", TimeOrNull(user.password_changed_at)},
          {"last_login_at", TimeOrNull(user.last_login_at)}};
}

Json ToJson(const auth::Tokens& tokens) {
  return {
      {"access_token", tokens.access_token},
      {"refresh_token", tokens.refresh_token},
      {"token_type", "Bearer"},
      {"expires_in", tokens.expires_in},
      {"user",
       {{"username", tokens.user.name}, {"role", std::string(auth::ToString(tokens.user.role))}}}};
}

Json ToJson(const auth::Identity& identity) {
  Json permissions = Json::array();
  for (int i = 0; i < auth::kPermissionCount; ++i) {
    const auto p = static_cast<auth::Permission>(i);
    if (identity.Can(p)) permissions.push_back(std::string(auth::ToString(p)));
  }
  Json j = {{"username", identity.user.empty() ? Json(nullptr) : Json(identity.user)},
            {"role", std::string(auth::ToString(identity.role))},
            {"auth", identity.via},
            {"permissions", std::move(permissions)}};
  if (!identity.key_id.empty()) j["api_key_id"] = identity.key_id;
  return j;
}

Json ToJson(const auth::ApiKeyInfo& key) {
  return {{"id", key.id},
          {"name", key.name},
          {"owner", key.owner},
          {"scopes", Scopes(key.scopes)},
          {"created_at", TimeOrNull(key.created_at)},
          {"last_used_at", TimeOrNull(key.last_used_at)},
          {"expires_at", TimeOrNull(key.expires_at)},
          {"revoked_at", TimeOrNull(key.revoked_at)}};
}

Json ToJson(const auth::NewApiKey& key) {
  Json j = ToJson(key.info);
  j["key"] = key.key;
  return j;
}

Json ToJson(const jobs::JobPage& page) {
  Json items = Json::array();
  for (const auto& job : page.jobs) items.push_back(ToJson(job));
  return {{"jobs", std::move(items)},
          {"next_cursor", page.next_cursor.empty() ? Json(nullptr) : Json(page.next_cursor)}};
}

Json ToJson(const jobs::Job& job) {
  Json result = nullptr;
  if (!job.result.empty()) {
    result = Json::parse(job.result, nullptr, /*allow_exceptions=*/false);
    if (result.is_discarded()) result = job.result;
  }
  Json error = nullptr;
  if (job.error) {
    error = {{"code", std::string(ToString(job.error->code))}, {"message", job.error->message}};
  }
  return {
      {"id", job.id},
      {"kind", job.kind},
      {"status", std::string(jobs::ToString(job.state))},
      {"progress", job.progress},
      {"message", job.message},
      {"result", std::move(result)},
      {"error", std::move(error)},
      {"attempts", job.attempts},
      {"max_attempts", job.max_attempts},
      {"priority", job.priority},
      {"cancel_requested", job.cancel_requested},
      {"idempotency_key", job.idempotency_key.empty() ? Json(nullptr) : Json(job.idempotency_key)},
      {"created_by", job.created_by.empty() ? Json(nullptr) : Json(job.created_by)},
      {"created_at", MsOrNull(job.created_ms)},
      {"started_at", MsOrNull(job.started_ms)},
      {"finished_at", MsOrNull(job.finished_ms)},
      {"updated_at", MsOrNull(job.updated_ms)},
      {"run_at", job.state == jobs::State::kQueued ? MsOrNull(job.run_at_ms) : Json(nullptr)}};
}

Json ToJson(const std::vector<observability::UsageRow>& rows,
            const observability::DateRange& range) {
  Json items = Json::array();
  int64_t count = 0, errors = 0, client_errors = 0;
  for (const auto& r : rows) {
    items.push_back({{"day", r.day},
                     {"route", r.route},
                     {"user", r.user.empty() ? Json(nullptr) : Json(r.user)},
                     {"count", r.count},
                     {"client_errors", r.client_errors},
                     {"errors", r.errors},
                     {"p50_ms", r.p50_ms},
                     {"p95_ms", r.p95_ms}});
    count += r.count;
    errors += r.errors;
    client_errors += r.client_errors;
  }
  return {{"start_date", range.start_date},
          {"end_date", range.end_date},
          {"rows", std::move(items)},
          {"totals", {{"count", count}, {"client_errors", client_errors}, {"errors", errors}}}};
}

Json ToJson(const observability::Performance& p, const observability::DateRange& range) {
  Json routes = Json::array();
  for (const auto& r : p.routes) {
    routes.push_back({{"method", r.method},
                      {"route", r.route},
                      {"count", r.count},
                      {"errors", r.errors},
                      {"p50_ms", r.p50_ms},
                      {"p95_ms", r.p95_ms},
                      {"p99_ms", r.p99_ms},
                      {"mean_ms", r.mean_ms},
                      {"max_ms", r.max_ms}});
  }
  Json daily = Json::array();
  for (const auto& d : p.daily) {
    daily.push_back({{"day", d.day},
                     {"count", d.count},
                     {"errors", d.errors},
                     {"p50_ms", d.p50_ms},
                     {"p95_ms", d.p95_ms}});
  }
  return {{"start_date", range.start_date},
          {"end_date", range.end_date},
          {"routes", std::move(routes)},
          {"daily", std::move(daily)}};
}

Result<LoginRequest> ParseLoginRequest(const Json& body) {
  SAGAZ_TRY(internal::RequireObject(body));
  SAGAZ_TRY(internal::OnlyFields(body, {"username", "password"}));
  return LoginRequest{.username = SAGAZ_TRY(internal::RequiredString(body, "username")),
                      .password = SAGAZ_TRY(internal::RequiredString(body, "password"))};
}

Result<RefreshRequest> ParseRefreshRequest(const Json& body) {
  SAGAZ_TRY(internal::RequireObject(body));
  SAGAZ_TRY(internal::OnlyFields(body, {"refresh_token"}));
  return RefreshRequest{.refresh_token =
                            SAGAZ_TRY(internal::RequiredString(body, "refresh_token"))};
}

Result<PasswordChange> ParsePasswordChange(const Json& body) {
  SAGAZ_TRY(internal::RequireObject(body));
  SAGAZ_TRY(internal::OnlyFields(body, {"current_password", "new_password"}));
  return PasswordChange{
      .current_password = SAGAZ_TRY(internal::RequiredString(body, "current_password")),
      .new_password = SAGAZ_TRY(internal::RequiredString(body, "new_password"))};
}

Result<NewUser> ParseNewUser(const Json& body) {
  SAGAZ_TRY(internal::RequireObject(body));
  SAGAZ_TRY(internal::OnlyFields(body, {"username", "role", "password"}));
  NewUser u;
  u.username = SAGAZ_TRY(internal::RequiredString(body, "username"));
  u.role = SAGAZ_TRY(auth::ParseRole(SAGAZ_TRY(internal::RequiredString(body, "role"))));
  u.password = SAGAZ_TRY(internal::RequiredString(body, "password"));
  return u;
}

Result<UserUpdate> ParseUserUpdate(const Json& body) {
  SAGAZ_TRY(internal::RequireObject(body));
  SAGAZ_TRY(internal::OnlyFields(body, {"role", "password"}));
  UserUpdate u;
  if (auto role = SAGAZ_TRY(internal::OptionalString(body, "role"))) {
    u.role = SAGAZ_TRY(auth::ParseRole(*role));
  }
  u.password = SAGAZ_TRY(internal::OptionalString(body, "password"));
  return u;
}

Result<auth::NewApiKeyRequest> ParseApiKeyRequest(const Json& body, std::string default_owner) {
  SAGAZ_TRY(internal::RequireObject(body));
  auth::NewApiKeyRequest r;
  r.owner = std::move(default_owner);
  for (const auto& [k, v] : body.items()) {
    if (k == "name") {
      if (!v.is_string()) return Fail(FieldError("name", "name must be a string"));
      r.name = v.get<std::string>();
    } else if (k == "scopes") {
      if (!v.is_array()) return Fail(FieldError("scopes", "scopes must be a list of scope names"));
      for (const auto& s : v) {
        if (!s.is_string()) {
          return Fail(FieldError("scopes", "scopes must be a list of scope names"));
        }
        r.scopes.push_back(SAGAZ_TRY(auth::ParsePermission(s.get<std::string>())));
      }
    } else if (k == "ttl_s") {
      if (!v.is_number_integer()) {
        return Fail(FieldError("ttl_s", "ttl_s must be an integer number of seconds"));
      }
      r.ttl_s = v.get<int64_t>();
    } else if (k == "owner") {
      if (!v.is_string()) return Fail(FieldError("owner", "'owner' must be a string"));
      r.owner = v.get<std::string>();
    } else {
      return Fail(
          FieldError(k, "unknown field '" + k + "'; the fields are name, scopes, ttl_s, owner"));
    }
  }
  return r;
}

}  // namespace sagaz::wire
