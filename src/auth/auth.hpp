// Accounts, tokens and roles.
//
//   auto auth = SAGAZ_TRY(auth::AuthService::Open(pool, config.auth, config.DataPath("secrets")));
//   SAGAZ_TRY(auth->AddUser("ana", auth::Role::kAnalyst, "a long passphrase"));
//   auto tokens = SAGAZ_TRY(auth->Login("ana", "a long passphrase", "127.0.0.1"));
//   auto who = SAGAZ_TRY(auth->Authenticate({.bearer = tokens.access_token}));
//   if (!who.Can(auth::Permission::kDatasetsWrite)) ...
//
// Passwords are stored as argon2id hashes (libsodium); access tokens are short-lived HS256 JWTs
// (libjwt); refresh tokens and API keys are random secrets stored only as BLAKE2b hashes. Refresh
// tokens rotate on every use, and a reused one revokes its whole session. Logging out and a reused
// refresh token end the session's access tokens at once too: each carries its session ("sid"),
// checked against an in-memory list of ended sessions that is persisted, so a restart does not
// forget it, and trimmed once their tokens would have expired anyway. Failed logins are limited
// per account and per address, and survive restarts. Changing a password or a role, or removing a
// user, invalidates the user's outstanding tokens at once.
//
// Thread-safe: one AuthService serves every request thread.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "auth/role.hpp"
#include "core/config.hpp"
#include "core/error.hpp"

namespace sagaz::db {
class ConnectionPool;
}

namespace sagaz::auth {

class Signer;

// What a route needs. Roles grant sets of permissions (viewer ⊂ analyst ⊂ admin); API keys can be
// narrowed to a subset of their owner's.
enum class Permission {
  kSignedIn,       // any identified caller (auth/me, own API keys need kApiKeys)
  kDatasetsRead,   // list, show, profile and sample datasets; list jobs
  kQuery,          // guarded SQL, Ask, statistics
  kDatasetsWrite,  // upload, describe, delete datasets
  kJobsWrite,      // cancel and retry jobs
  kApiKeys,        // create and revoke one's own API keys
  kSystemRead,     // system status, performance analytics, metrics when not public
  kFeedbackWrite,  // send customer comments, reclassify them
  kAdmin,          // users, anyone's API keys, usage by user, cache cleanup
};
inline constexpr int kPermissionCount = 9;
std::string_view ToString(Permission permission);
Result<Permission> ParsePermission(std::string_view text);
// Permissions of a role, in declaration order.
std::vector<Permission> PermissionsOf(Role role);

// Who is calling, once authenticated.
struct Identity {
  std::string user;  // empty for the anonymous viewer
  Role role = Role::kViewer;
  std::string via;           // "jwt", "api_key" or "anonymous"
  std::string key_id;        // when via == "api_key"
  uint32_t permissions = 0;  // bit i: Permission(i)

  bool Can(Permission p) const { return (permissions >> static_cast<int>(p)) & 1u; }
};

struct User {
  std::string name;
  Role role = Role::kViewer;
  std::string created_at;  // ISO-8601 UTC
  std::string password_changed_at;
  std::string last_login_at;  // empty: never
};

struct Tokens {
  std::string access_token;
  std::string refresh_token;
  int64_t expires_in = 0;  // seconds the access token lives
  User user;
};

// A request's credentials, as sent: `Authorization: Bearer <jwt or API key>` or `X-API-Key`.
struct Credentials {
  std::string bearer;
  std::string api_key;
  bool empty() const { return bearer.empty() && api_key.empty(); }
};

struct ApiKeyInfo {
  std::string id;  // public part, shown in lists: "sgz_1a2b3c4d5e6f"
  std::string name;
  std::string owner;
  std::vector<Permission> scopes;
  std::string created_at;
  std::string last_used_at;  // empty: never used
  std::string expires_at;    // empty: never expires
  std::string revoked_at;    // empty: active
};

struct NewApiKey {
  ApiKeyInfo info;
  std::string key;  // the whole secret, shown once: "sgz_<id>_<secret>"
};

struct NewApiKeyRequest {
  std::string owner;
  std::string name;
  std::vector<Permission> scopes;  // empty: every permission of the owner's role
  std::optional<int64_t> ttl_s;    // absent: never expires
};

// The error of a request that needs a token and sent none.
Error MissingToken();

class AuthService {
 public:
  // Creates the tables if needed and loads the signing key (auth.jwt_secret, or a random key kept
  // in `secrets_dir`/jwt.key with mode 0600).
  static Result<std::unique_ptr<AuthService>> Open(db::ConnectionPool& pool, AuthConfig config,
                                                   const std::filesystem::path& secrets_dir);
  ~AuthService();

  // Users. Names are 1-64 characters of [a-z0-9._-] starting with a letter or digit; passwords
  // have at least 8 characters.
  Result<User> AddUser(std::string_view name, Role role, std::string_view password);
  Result<User> GetUser(std::string_view name);
  Result<std::vector<User>> ListUsers();
  Status RemoveUser(std::string_view name);
  Status SetPassword(std::string_view name, std::string_view password);
  Status SetRole(std::string_view name, Role role);
  Result<size_t> CountUsers();

  // Sessions. Failures say only "invalid username or password"; too many get kRateLimited with a
  // "retry_after_s" detail.
  Result<Tokens> Login(std::string_view name, std::string_view password, std::string_view address);
  // The password check of Login, rate-limited alike, issuing nothing (to confirm a password
  // change).
  Status VerifyPassword(std::string_view name, std::string_view password, std::string_view address);
  Result<Tokens> Refresh(std::string_view refresh_token, std::string_view address);
  Status Logout(std::string_view refresh_token);

  // Verifies a JWT or an API key. kUnauthenticated for anything invalid, expired or revoked.
  Result<Identity> Authenticate(const Credentials& credentials);
  // The identity of a request without credentials, when auth.anonymous_role allows one.
  std::optional<Identity> Anonymous() const;

  // API keys. Scopes beyond the owner's role are refused.
  Result<NewApiKey> CreateApiKey(const NewApiKeyRequest& request);
  // Keys of one owner, or of everyone when `owner` is empty.
  Result<std::vector<ApiKeyInfo>> ListApiKeys(std::string_view owner);
  // Only the owner or an admin may revoke a key.
  Status RevokeApiKey(std::string_view id, const Identity& requester);

  // Removes expired and revoked refresh tokens; returns how many.
  Result<int64_t> PurgeExpiredTokens();

  // Signs statements handed to browsers (embed tokens) with the server's signing key.
  const Signer& signer() const;

 private:
  struct Impl;
  explicit AuthService(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace sagaz::auth
