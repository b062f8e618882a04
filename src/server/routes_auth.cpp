// Auth routes: login, refresh, logout, the caller's identity, password change, users (admin) and
// API keys. Adapters only: parse the request, call the auth service, format the result.
#include "app/app.hpp"
#include "auth/auth.hpp"
#include "server/routes.hpp"
#include "wire/platform.hpp"

namespace sagaz::server {

using wire::Json;

void RegisterAuthRoutes(http::Server& server, App& app) {
  server.Post("/api/v1/auth/login", http::kPublic, [&app](const http::Request& req) -> Reply {
    const auto login = SAGAZ_TRY(wire::ParseLoginRequest(SAGAZ_TRY(JsonObjectBody(req))));
    const auto tokens =
        SAGAZ_TRY(app.auth().Login(login.username, login.password, req.remote_addr));
    return JsonResponse(wire::ToJson(tokens));
  });

  server.Post("/api/v1/auth/refresh", http::kPublic, [&app](const http::Request& req) -> Reply {
    const auto refresh = SAGAZ_TRY(wire::ParseRefreshRequest(SAGAZ_TRY(JsonObjectBody(req))));
    const auto tokens = SAGAZ_TRY(app.auth().Refresh(refresh.refresh_token, req.remote_addr));
    return JsonResponse(wire::ToJson(tokens));
  });

  server.Post("/api/v1/auth/logout", http::kPublic, [&app](const http::Request& req) -> Reply {
    const auto logout = SAGAZ_TRY(wire::ParseRefreshRequest(SAGAZ_TRY(JsonObjectBody(req))));
    SAGAZ_TRY(app.auth().Logout(logout.refresh_token));
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
                const auto change =
                    SAGAZ_TRY(wire::ParsePasswordChange(SAGAZ_TRY(JsonObjectBody(req))));
                if (req.caller.via != "jwt") {
                  return Fail(ErrorCode::kPermissionDenied,
                              "log in with your password to change it (API keys cannot)");
                }
                // The current password is checked like a login (rate-limited, no hint).
                SAGAZ_TRY(app.auth().VerifyPassword(req.caller.user, change.current_password,
                                                    req.remote_addr));
                SAGAZ_TRY(app.auth().SetPassword(req.caller.user, change.new_password));
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

  server.Post(
      "/api/v1/users", Need(auth::Permission::kAdmin), [&app](const http::Request& req) -> Reply {
        const auto add = SAGAZ_TRY(wire::ParseNewUser(SAGAZ_TRY(JsonObjectBody(req))));
        const auto user = SAGAZ_TRY(app.auth().AddUser(add.username, add.role, add.password));
        return Created(wire::ToJson(user), "/api/v1/users/" + user.name);
      });

  // The whole body is checked before anything changes.
  server.Patch("/api/v1/users/{name}", Need(auth::Permission::kAdmin),
               [&app](const http::Request& req) -> Reply {
                 const auto update =
                     SAGAZ_TRY(wire::ParseUserUpdate(SAGAZ_TRY(JsonObjectBody(req))));
                 const std::string name = req.Param("name");
                 if (update.role) SAGAZ_TRY(app.auth().SetRole(name, *update.role));
                 if (update.password) SAGAZ_TRY(app.auth().SetPassword(name, *update.password));
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

  server.Post(
      "/api/v1/auth/api-keys", Need(auth::Permission::kApiKeys),
      [&app](const http::Request& req) -> Reply {
        // An API key never makes keys, whatever the body says.
        if (req.caller.via == "api_key") {
          return Fail(ErrorCode::kPermissionDenied,
                      "an API key cannot create API keys; log in instead");
        }
        const auto request =
            SAGAZ_TRY(wire::ParseApiKeyRequest(SAGAZ_TRY(JsonObjectBody(req)), req.caller.user));
        if (request.owner != req.caller.user && !CallerOf(req).Can(auth::Permission::kAdmin)) {
          return Fail(ErrorCode::kPermissionDenied, "only admins create keys for other users");
        }
        return JsonResponse(wire::ToJson(SAGAZ_TRY(app.auth().CreateApiKey(request))), 201);
      });

  server.Delete("/api/v1/auth/api-keys/{id}", Need(auth::Permission::kApiKeys),
                [&app](const http::Request& req) -> Reply {
                  SAGAZ_TRY(app.auth().RevokeApiKey(req.Param("id"), CallerOf(req)));
                  return NoContent();
                });
}

}  // namespace sagaz::server
