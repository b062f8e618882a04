// Who may call what: the authorizer that runs before every handler, and the observer that counts
// every exchange for /metrics and the usage analytics.
#include "app/app.hpp"
#include "auth/auth.hpp"
#include "core/ids.hpp"
#include "core/strings.hpp"
#include "observability/metrics.hpp"
#include "observability/usage.hpp"
#include "server/routes.hpp"

namespace sagaz::server {

auth::Identity CallerOf(const http::Request& req) {
  auth::Identity id;
  id.user = req.caller.user;
  id.role = req.caller.role.value_or(auth::Role::kViewer);
  id.via = req.caller.via;
  id.key_id = req.caller.key_id;
  id.permissions = req.caller.permissions;
  return id;
}

http::Authorizer MakeAuthorizer(App& app) {
  return [&app](http::Request& req, std::string_view access) -> Status {
    const bool is_public = access == http::kPublic;
    auth::Credentials credentials;
    if (auto header = req.Header("Authorization"); header && !Trim(*header).empty()) {
      const std::string_view h = Trim(*header);
      if (!StartsWithI(h, "Bearer ")) {
        if (is_public) return Ok();
        return Fail(Error(ErrorCode::kUnauthenticated, "use 'Authorization: Bearer <token>'")
                        .With("reason", "malformed_authorization"));
      }
      credentials.bearer = std::string(Trim(h.substr(7)));
    }
    if (auto key = req.Header("X-API-Key")) credentials.api_key = std::string(Trim(*key));
    // EventSource cannot send headers: event streams also take the token as a query parameter.
    if (credentials.empty() && req.method == "GET" && req.route.ends_with("/events")) {
      credentials.bearer = req.Query("access_token").value_or("");
    }

    std::optional<auth::Identity> identity;
    if (!credentials.empty()) {
      auto who = app.auth().Authenticate(credentials);
      if (who) {
        identity = std::move(*who);
      } else if (!is_public) {
        return Fail(std::move(who).error());
      }
    } else if (!is_public) {
      identity = app.auth().Anonymous();
      if (!identity) return Fail(auth::MissingToken());
    }
    if (identity) {
      req.caller.user = identity->user;
      req.caller.role = identity->role;
      req.caller.via = identity->via;
      req.caller.key_id = identity->key_id;
      req.caller.permissions = identity->permissions;
    }
    if (is_public) return Ok();
    auto needed = auth::ParsePermission(access);
    if (!needed) {
      return Fail(ErrorCode::kInternal,
                  "route registered with unknown access '" + std::string(access) + "'");
    }
    if (!identity->Can(*needed)) {
      const std::string who =
          identity->user.empty() ? "anonymous access" : "'" + identity->user + "'";
      const std::string role(auth::ToString(identity->role));
      return Fail(Error(ErrorCode::kPermissionDenied,
                        who + " (" + role + (identity->via == "api_key" ? ", API key" : "") +
                            ") may not do this: it needs the '" + std::string(access) +
                            "' permission")
                      .With("required", std::string(access))
                      .With("role", role));
    }
    return Ok();
  };
}

std::function<void(const http::Exchange&)> MakeObserver(App& app) {
  auto& metrics = app.metrics();
  auto& requests = metrics.AddCounter("sagaz_http_requests_total",
                                      "HTTP requests by method, route pattern and status.",
                                      {"method", "route", "status"});
  auto& latency =
      metrics.AddHistogram("sagaz_http_request_duration_seconds",
                           "Time to answer HTTP requests, by method and route pattern.",
                           {"method", "route"}, observability::Registry::LatencyBuckets());
  return [&app, &requests, &latency](const http::Exchange& e) {
    requests.Inc({e.method, e.route, std::to_string(e.status)});
    latency.Observe({e.method, e.route}, e.ms / 1000.0);
    if (e.route != "web") {
      app.usage().Record(
          {NowMs() - static_cast<int64_t>(e.ms), e.method, e.route, e.user, e.status, e.ms});
    }
  };
}

}  // namespace sagaz::server
