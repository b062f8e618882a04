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

http::Response NoContent() {
  http::Response r;
  r.status = 204;
  r.body.clear();
  return r;
}

// Turns a Result into a response: the JSON of the value, or the error envelope.
template <class T, class Fn>
http::Response Reply(const http::Request& req, const Result<T>& result, Fn&& to_json,
                     int status = 200) {
  return result ? JsonResponse(to_json(*result), status) : ErrorResponse(req, result.error());
}

}  // namespace

void RegisterAuthRoutes(http::Server& server, App& app) {
  server.Post("/api/v1/auth/login", http::kPublic, [&app](const http::Request& req) {
    auto body = JsonObjectBody(req);
    if (!body) return ErrorResponse(req, body.error());
    auto user = StringField(*body, "username");
    if (!user) return ErrorResponse(req, user.error());
    auto password = StringField(*body, "password");
    if (!password) return ErrorResponse(req, password.error());
    auto tokens = app.auth().Login(*user, *password, req.remote_addr);
    return Reply(req, tokens, [](const auth::Tokens& t) { return wire::ToJson(t); });
  });

  server.Post("/api/v1/auth/refresh", http::kPublic, [&app](const http::Request& req) {
    auto body = JsonObjectBody(req);
    if (!body) return ErrorResponse(req, body.error());
    auto token = StringField(*body, "refresh_token");
    if (!token) return ErrorResponse(req, token.error());
    auto tokens = app.auth().Refresh(*token, req.remote_addr);
    return Reply(req, tokens, [](const auth::Tokens& t) { return wire::ToJson(t); });
  });

  server.Post("/api/v1/auth/logout", http::kPublic, [&app](const http::Request& req) {
    auto body = JsonObjectBody(req);
    if (!body) return ErrorResponse(req, body.error());
    auto token = StringField(*body, "refresh_token");
    if (!token) return ErrorResponse(req, token.error());
    if (auto st = app.auth().Logout(*token); !st) return ErrorResponse(req, st.error());
    return NoContent();
  });

  // Public so that the anonymous viewer (auth.anonymous_role) can ask who it is; without any
  // identity it is a 401.
  server.Get("/api/v1/auth/me", http::kPublic, [&app](const http::Request& req) {
    if (req.caller.via.empty()) {
      if (auto anonymous = app.auth().Anonymous()) return JsonResponse(wire::ToJson(*anonymous));
      return ErrorResponse(req, auth::MissingToken());
    }
    return JsonResponse(wire::ToJson(CallerOf(req)));
  });

  server.Post(
      "/api/v1/auth/password", Need(auth::Permission::kSignedIn), [&app](const http::Request& req) {
        auto body = JsonObjectBody(req);
        if (!body) return ErrorResponse(req, body.error());
        auto current = StringField(*body, "current_password");
        if (!current) return ErrorResponse(req, current.error());
        auto next = StringField(*body, "new_password");
        if (!next) return ErrorResponse(req, next.error());
        if (req.caller.via != "jwt") {
          return ErrorResponse(req,
                               Error(ErrorCode::kPermissionDenied,
                                     "log in with your password to change it (API keys cannot)"));
        }
        // The current password is checked like a login (rate-limited, no hint).
        if (auto check = app.auth().VerifyPassword(req.caller.user, *current, req.remote_addr);
            !check) {
          return ErrorResponse(req, check.error());
        }
        if (auto st = app.auth().SetPassword(req.caller.user, *next); !st) {
          return ErrorResponse(req, st.error());
        }
        return NoContent();
      });

  // Users (admin).
  server.Get("/api/v1/users", Need(auth::Permission::kAdmin), [&app](const http::Request& req) {
    auto users = app.auth().ListUsers();
    return Reply(req, users, [](const std::vector<auth::User>& list) {
      Json items = Json::array();
      for (const auto& u : list) items.push_back(wire::ToJson(u));
      return Json{{"users", std::move(items)}};
    });
  });

  server.Post("/api/v1/users", Need(auth::Permission::kAdmin), [&app](const http::Request& req) {
    auto body = JsonObjectBody(req);
    if (!body) return ErrorResponse(req, body.error());
    auto name = StringField(*body, "username");
    if (!name) return ErrorResponse(req, name.error());
    auto role_text = StringField(*body, "role");
    if (!role_text) return ErrorResponse(req, role_text.error());
    auto role = auth::ParseRole(*role_text);
    if (!role) return ErrorResponse(req, role.error());
    auto password = StringField(*body, "password");
    if (!password) return ErrorResponse(req, password.error());
    auto user = app.auth().AddUser(*name, *role, *password);
    auto response = Reply(
        req, user, [](const auth::User& u) { return wire::ToJson(u); }, 201);
    if (user) response.headers.emplace_back("Location", "/api/v1/users/" + user->name);
    return response;
  });

  server.Patch(
      "/api/v1/users/{name}", Need(auth::Permission::kAdmin), [&app](const http::Request& req) {
        auto body = JsonObjectBody(req);
        if (!body) return ErrorResponse(req, body.error());
        const std::string name = req.Param("name");
        for (const auto& [k, v] : body->items()) {
          if (k != "role" && k != "password") {
            return ErrorResponse(req, Error(ErrorCode::kInvalidArgument,
                                            "unknown field '" + k + "'; send role and/or password")
                                          .With("field", k));
          }
        }
        if (body->contains("role")) {
          auto text = StringField(*body, "role");
          if (!text) return ErrorResponse(req, text.error());
          auto role = auth::ParseRole(*text);
          if (!role) return ErrorResponse(req, role.error());
          if (auto st = app.auth().SetRole(name, *role); !st) return ErrorResponse(req, st.error());
        }
        if (body->contains("password")) {
          auto password = StringField(*body, "password");
          if (!password) return ErrorResponse(req, password.error());
          if (auto st = app.auth().SetPassword(name, *password); !st)
            return ErrorResponse(req, st.error());
        }
        auto user = app.auth().GetUser(name);
        return Reply(req, user, [](const auth::User& u) { return wire::ToJson(u); });
      });

  server.Delete(
      "/api/v1/users/{name}", Need(auth::Permission::kAdmin), [&app](const http::Request& req) {
        if (req.Param("name") == req.caller.user) {
          return ErrorResponse(req, Error(ErrorCode::kFailedPrecondition,
                                          "you cannot remove your own account; ask another admin"));
        }
        if (auto st = app.auth().RemoveUser(req.Param("name")); !st)
          return ErrorResponse(req, st.error());
        return NoContent();
      });

  // API keys: one's own; admins may list everyone's (?all=true) and create keys for others.
  server.Get("/api/v1/auth/api-keys", Need(auth::Permission::kApiKeys),
             [&app](const http::Request& req) {
               const bool all = req.Query("all").value_or("") == "true";
               if (all && !CallerOf(req).Can(auth::Permission::kAdmin)) {
                 return ErrorResponse(
                     req, Error(ErrorCode::kPermissionDenied, "only admins list everyone's keys"));
               }
               auto keys = app.auth().ListApiKeys(all ? "" : req.caller.user);
               return Reply(req, keys, [](const std::vector<auth::ApiKeyInfo>& list) {
                 Json items = Json::array();
                 for (const auto& k : list) items.push_back(wire::ToJson(k));
                 return Json{{"api_keys", std::move(items)}};
               });
             });

  server.Post(
      "/api/v1/auth/api-keys", Need(auth::Permission::kApiKeys), [&app](const http::Request& req) {
        auto body = JsonObjectBody(req);
        if (!body) return ErrorResponse(req, body.error());
        std::string owner = req.caller.user;
        if (body->contains("owner")) {
          auto o = StringField(*body, "owner");
          if (!o) return ErrorResponse(req, o.error());
          if (*o != owner && !CallerOf(req).Can(auth::Permission::kAdmin)) {
            return ErrorResponse(req, Error(ErrorCode::kPermissionDenied,
                                            "only admins create keys for other users"));
          }
          owner = *o;
        }
        if (req.caller.via == "api_key") {
          return ErrorResponse(req, Error(ErrorCode::kPermissionDenied,
                                          "an API key cannot create API keys; log in instead"));
        }
        auto request = wire::ParseApiKeyRequest(*body, owner);
        if (!request) return ErrorResponse(req, request.error());
        auto key = app.auth().CreateApiKey(*request);
        return Reply(
            req, key, [](const auth::NewApiKey& k) { return wire::ToJson(k); }, 201);
      });

  server.Delete("/api/v1/auth/api-keys/{id}", Need(auth::Permission::kApiKeys),
                [&app](const http::Request& req) {
                  if (auto st = app.auth().RevokeApiKey(req.Param("id"), CallerOf(req)); !st) {
                    return ErrorResponse(req, st.error());
                  }
                  return NoContent();
                });
}

}  // namespace sagaz::server
