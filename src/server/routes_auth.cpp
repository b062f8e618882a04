// Auth routes: login, refresh, logout, the caller's identity, password change, users (admin) and
// API keys. Adapters only: parse the request, call the auth service, format the result.
#include "app/app.hpp"
#include "auth/auth.hpp"
#include "server/routes.hpp"
#include "wire/platform.hpp"

namespace sagaz::server {
namespace {

using wire::Json;

Result<std::string> StringField(const Json& body, std::string_view name, bool required = true) {
  const std::string key(name);
  if (!body.contains(key)) {
    if (!required) return std::string();
    return Fail(
        Error(ErrorCode::kInvalidArgument, "the body needs '" + key + "'").With("field", key));
  }
  if (!body[key].is_string()) {
    return Fail(
        Error(ErrorCode::kInvalidArgument, "'" + key + "' must be a string").With("field", key));
  }
  return body[key].get<std::string>();
}

}  // namespace

void RegisterAuthRoutes(http::Server& server, App& app) {
  server.Post("/api/v1/auth/login", http::kPublic, [&app](const http::Request& req) -> Reply {
    const auto body = SAGAZ_TRY(JsonObjectBody(req));
    const auto user = SAGAZ_TRY(StringField(body, "username"));
    const auto password = SAGAZ_TRY(StringField(body, "password"));
    return JsonResponse(wire::ToJson(SAGAZ_TRY(app.auth().Login(user, password, req.remote_addr))));
  });

  server.Post("/api/v1/auth/refresh", http::kPublic, [&app](const http::Request& req) -> Reply {
    const auto body = SAGAZ_TRY(JsonObjectBody(req));
    const auto token = SAGAZ_TRY(StringField(body, "refresh_token"));
    return JsonResponse(wire::ToJson(SAGAZ_TRY(app.auth().Refresh(token, req.remote_addr))));
  });

  server.Post("/api/v1/auth/logout", http::kPublic, [&app](const http::Request& req) -> Reply {
    const auto body = SAGAZ_TRY(JsonObjectBody(req));
    const auto token = SAGAZ_TRY(StringField(body, "refresh_token"));
    SAGAZ_TRY(app.auth().Logout(token));
    return NoContent();
  });

  // Public so that the anonymous viewer (auth.anonymous_role) can ask who it is; without any
  // identity it is a 401.
  server.Get("/api/v1/auth/me", http::kPublic, [&app](const http::Request& req) -> Reply {
    if (!req.caller.via.empty()) return JsonResponse(wire::ToJson(CallerOf(req)));
    if (auto anonymous = app.auth().Anonymous()) return JsonResponse(wire::ToJson(*anonymous));
    return Fail(auth::MissingToken());
  });

  server.Post("/api/v1/auth/password", Need(auth::Permission::kSignedIn),
              [&app](const http::Request& req) -> Reply {
                const auto body = SAGAZ_TRY(JsonObjectBody(req));
                const auto current = SAGAZ_TRY(StringField(body, "current_password"));
                const auto next = SAGAZ_TRY(StringField(body, "new_password"));
                if (req.caller.via != "jwt") {
                  return Fail(ErrorCode::kPermissionDenied,
                              "log in with your password to change it (API keys cannot)");
                }
                // The current password is checked like a login (rate-limited, no hint).
                SAGAZ_TRY(app.auth().VerifyPassword(req.caller.user, current, req.remote_addr));
                SAGAZ_TRY(app.auth().SetPassword(req.caller.user, next));
                return NoContent();
              });

  // Users (admin).
  server.Get("/api/v1/users", Need(auth::Permission::kAdmin),
             [&app](const http::Request&) -> Reply {
               Json items = Json::array();
               for (const auto& u : SAGAZ_TRY(app.auth().ListUsers()))
                 items.push_back(wire::ToJson(u));
               return JsonResponse(Json{{"users", std::move(items)}});
             });

  server.Post("/api/v1/users", Need(auth::Permission::kAdmin),
              [&app](const http::Request& req) -> Reply {
                const auto body = SAGAZ_TRY(JsonObjectBody(req));
                const auto name = SAGAZ_TRY(StringField(body, "username"));
                const auto role = SAGAZ_TRY(auth::ParseRole(SAGAZ_TRY(StringField(body, "role"))));
                const auto password = SAGAZ_TRY(StringField(body, "password"));
                const auto user = SAGAZ_TRY(app.auth().AddUser(name, role, password));
                return Created(wire::ToJson(user), "/api/v1/users/" + user.name);
              });

  server.Patch(
      "/api/v1/users/{name}", Need(auth::Permission::kAdmin),
      [&app](const http::Request& req) -> Reply {
        const auto body = SAGAZ_TRY(JsonObjectBody(req));
        const std::string name = req.Param("name");
        for (const auto& [k, v] : body.items()) {
          if (k != "role" && k != "password") {
            return Fail(Error(ErrorCode::kInvalidArgument,
                              "unknown field '" + k + "'; send role and/or password")
                            .With("field", k));
          }
        }
        if (body.contains("role")) {
          const auto role = SAGAZ_TRY(auth::ParseRole(SAGAZ_TRY(StringField(body, "role"))));
          SAGAZ_TRY(app.auth().SetRole(name, role));
        }
        if (body.contains("password")) {
          SAGAZ_TRY(app.auth().SetPassword(name, SAGAZ_TRY(StringField(body, "password"))));
        }
        return JsonResponse(wire::ToJson(SAGAZ_TRY(app.auth().GetUser(name))));
      });

  server.Delete("/api/v1/users/{name}", Need(auth::Permission::kAdmin),
                [&app](const http::Request& req) -> Reply {
                  if (req.Param("name") == req.caller.user) {
                    return Fail(ErrorCode::kFailedPrecondition,
                                "you cannot remove your own account; ask another admin");
                  }
                  SAGAZ_TRY(app.auth().RemoveUser(req.Param("name")));
                  return NoContent();
                });

  // API keys: one's own; admins may list everyone's (?all=true) and create keys for others.
  server.Get("/api/v1/auth/api-keys", Need(auth::Permission::kApiKeys),
             [&app](const http::Request& req) -> Reply {
               const bool all = req.Query("all").value_or("") == "true";
               if (all && !CallerOf(req).Can(auth::Permission::kAdmin)) {
                 return Fail(ErrorCode::kPermissionDenied, "only admins list everyone's keys");
               }
               Json items = Json::array();
               for (const auto& k : SAGAZ_TRY(app.auth().ListApiKeys(all ? "" : req.caller.user)))
                 items.push_back(wire::ToJson(k));
               return JsonResponse(Json{{"api_keys", std::move(items)}});
             });

  server.Post("/api/v1/auth/api-keys", Need(auth::Permission::kApiKeys),
              [&app](const http::Request& req) -> Reply {
                const auto body = SAGAZ_TRY(JsonObjectBody(req));
                std::string owner = req.caller.user;
                if (body.contains("owner")) {
                  auto o = SAGAZ_TRY(StringField(body, "owner"));
                  if (o != owner && !CallerOf(req).Can(auth::Permission::kAdmin)) {
                    return Fail(ErrorCode::kPermissionDenied,
                                "only admins create keys for other users");
                  }
                  owner = std::move(o);
                }
                if (req.caller.via == "api_key") {
                  return Fail(ErrorCode::kPermissionDenied,
                              "an API key cannot create API keys; log in instead");
                }
                const auto request = SAGAZ_TRY(wire::ParseApiKeyRequest(body, owner));
                return JsonResponse(wire::ToJson(SAGAZ_TRY(app.auth().CreateApiKey(request))), 201);
              });

  server.Delete("/api/v1/auth/api-keys/{id}", Need(auth::Permission::kApiKeys),
                [&app](const http::Request& req) -> Reply {
                  SAGAZ_TRY(app.auth().RevokeApiKey(req.Param("id"), CallerOf(req)));
                  return NoContent();
                });
}

}  // namespace sagaz::server
