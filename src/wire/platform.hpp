// Wire shapes of the platform: users and tokens, API keys, jobs, usage analytics.
#pragma once

#include "auth/auth.hpp"
#include "jobs/jobs.hpp"
#include "observability/usage.hpp"
#include "wire/json.hpp"

namespace sagaz::wire {

Json ToJson(const auth::User& user);
Json ToJson(const auth::Tokens& tokens);
Json ToJson(const auth::Identity& identity);
Json ToJson(const auth::ApiKeyInfo& key);
Json ToJson(const auth::NewApiKey& key);
// {"id", "kind", "status", "progress", ...}; the payload stays internal.
Json ToJson(const jobs::Job& job);
// {"jobs": [Job], "next_cursor": id | null}
Json ToJson(const jobs::JobPage& page);
Json ToJson(const std::vector<observability::UsageRow>& rows,
            const observability::DateRange& range);
Json ToJson(const observability::Performance& performance, const observability::DateRange& range);

// Request bodies of the auth routes. Unknown fields are errors that name them.

// POST /api/v1/auth/login: {"username", "password"}.
struct LoginRequest {
  std::string username;
  std::string password;
};
Result<LoginRequest> ParseLoginRequest(const Json& body);

// POST /api/v1/auth/refresh and /api/v1/auth/logout: {"refresh_token"}.
struct RefreshRequest {
  std::string refresh_token;
};
Result<RefreshRequest> ParseRefreshRequest(const Json& body);

// POST /api/v1/auth/password: {"current_password", "new_password"}.
struct PasswordChange {
  std::string current_password;
  std::string new_password;
};
Result<PasswordChange> ParsePasswordChange(const Json& body);

// POST /api/v1/users: {"username", "role", "password"}.
struct NewUser {
  std::string username;
  auth::Role role = auth::Role::kViewer;
  std::string password;
};
Result<NewUser> ParseNewUser(const Json& body);

// PATCH /api/v1/users/{name}: {"role"?, "password"?}; an empty object changes nothing.
struct UserUpdate {
  std::optional<auth::Role> role;
  std::optional<std::string> password;
};
Result<UserUpdate> ParseUserUpdate(const Json& body);

// POST /api/v1/auth/api-keys: {"name", "scopes"?: [...], "ttl_s"?, "owner"?}; the key is for
// `default_owner` unless the body names another owner (whether the caller may is the route's
// question).
Result<auth::NewApiKeyRequest> ParseApiKeyRequest(const Json& body, std::string default_owner);

}  // namespace sagaz::wire
