#include "auth/auth.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <array>
#include <fstream>
#include <map>
#include <mutex>
#include <shared_mutex>

#include "auth/internal/crypto.hpp"
#include "auth/internal/jwt.hpp"
#include "auth/internal/limiter.hpp"
#include "auth/signed.hpp"
#include "core/ids.hpp"
#include "core/log.hpp"
#include "core/strings.hpp"
#include "db/db.hpp"

namespace sagaz::auth {
namespace {

using internal::ConstantTimeEquals;
using internal::HashSecret;
using internal::RandomToken;

constexpr std::string_view kMigrations[] = {
    "CREATE TABLE _sagaz.users(name VARCHAR PRIMARY KEY, role VARCHAR NOT NULL, "
    "password_hash VARCHAR NOT NULL, token_version BIGINT NOT NULL, created_ms BIGINT NOT NULL, "
    "password_changed_ms BIGINT NOT NULL, last_login_ms BIGINT);"
    "CREATE TABLE _sagaz.refresh_tokens(id VARCHAR PRIMARY KEY, token_hash VARCHAR NOT NULL, "
    "family VARCHAR NOT NULL, user_name VARCHAR NOT NULL, created_ms BIGINT NOT NULL, "
    "expires_ms BIGINT NOT NULL, revoked_ms BIGINT, replaced_by VARCHAR, address VARCHAR);"
    "CREATE TABLE _sagaz.api_keys(id VARCHAR PRIMARY KEY, name VARCHAR NOT NULL, "
    "owner VARCHAR NOT NULL, secret_hash VARCHAR NOT NULL, scopes VARCHAR NOT NULL, "
    "created_ms BIGINT NOT NULL, last_used_ms BIGINT, expires_ms BIGINT, revoked_ms BIGINT);",
    // Sessions ended before their access tokens expire (logout, a reused refresh token), kept
    // until those tokens would have expired anyway; failed logins within the lock-out window.
    "CREATE TABLE _sagaz.revoked_sessions(family VARCHAR PRIMARY KEY, revoked_ms BIGINT NOT NULL, "
    "until_ms BIGINT NOT NULL);"
    "CREATE TABLE _sagaz.login_failures(key VARCHAR NOT NULL, at_ms BIGINT NOT NULL);",
};

constexpr std::string_view kRefreshPrefix = "sgr_";
constexpr std::string_view kApiKeyPrefix = "sgz_";
constexpr size_t kMinPassword = 8;
constexpr size_t kMaxPassword = 1024;
constexpr int64_t kLastUsedResolutionMs = 60'000;  // last_used_at is written at most once a minute

struct PermissionName {
  Permission permission;
  std::string_view name;
};
constexpr std::array<PermissionName, kPermissionCount> kPermissionNames = {{
    {Permission::kSignedIn, "signed_in"},
    {Permission::kDatasetsRead, "datasets.read"},
    {Permission::kQuery, "query"},
    {Permission::kDatasetsWrite, "datasets.write"},
    {Permission::kJobsWrite, "jobs.write"},
    {Permission::kApiKeys, "api_keys"},
    {Permission::kSystemRead, "system.read"},
    {Permission::kFeedbackWrite, "feedback.write"},
    {Permission::kAdmin, "admin"},
}};

uint32_t Bit(Permission p) { return 1u << static_cast<int>(p); }

uint32_t RoleMask(Role role) {
  uint32_t m =
      Bit(Permission::kSignedIn) | Bit(Permission::kDatasetsRead) | Bit(Permission::kQuery);
  if (role == Role::kAnalyst || role == Role::kAdmin) {
    m |= Bit(Permission::kDatasetsWrite) | Bit(Permission::kJobsWrite) | Bit(Permission::kApiKeys) |
         Bit(Permission::kSystemRead) | Bit(Permission::kFeedbackWrite);
  }
  if (role == Role::kAdmin) m |= Bit(Permission::kAdmin);
  return m;
}

std::vector<Permission> FromMask(uint32_t mask) {
  std::vector<Permission> out;
  for (const auto& p : kPermissionNames) {
    if (mask & Bit(p.permission)) out.push_back(p.permission);
  }
  return out;
}

std::string MaskToText(uint32_t mask) {
  std::vector<std::string_view> names;
  for (const auto& p : kPermissionNames) {
    if (mask & Bit(p.permission)) names.push_back(p.name);
  }
  return Join(names, ",");
}

uint32_t MaskFromText(std::string_view text) {
  uint32_t mask = 0;
  for (auto part : Split(text, ',')) {
    if (auto p = ParsePermission(Trim(part))) mask |= Bit(*p);
  }
  return mask;
}

std::string IsoOrEmpty(const db::Value& ms) {
  if (std::holds_alternative<std::monostate>(ms)) return {};
  return Iso8601FromMs(db::IntOf(ms));
}

Status CheckUserName(std::string_view name) {
  const bool ok =
      !name.empty() && name.size() <= 64 && std::isalnum(static_cast<unsigned char>(name[0])) &&
      std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
      });
  if (!ok) {
    return Fail(Error(ErrorCode::kInvalidArgument,
                      "user names are 1 to 64 characters of a-z, 0-9, '.', '_' and '-', starting "
                      "with a letter or a digit")
                    .With("field", "username"));
  }
  return Ok();
}

Status CheckPassword(std::string_view password) {
  if (password.size() < kMinPassword) {
    return Fail(Error(ErrorCode::kInvalidArgument, "the password is too short: use at least " +
                                                       std::to_string(kMinPassword) + " characters")
                    .With("field", "password"));
  }
  if (password.size() > kMaxPassword) {
    return Fail(
        Error(ErrorCode::kInvalidArgument, "the password is too long").With("field", "password"));
  }
  return Ok();
}

Error BadCredentials() {
  return Error(ErrorCode::kUnauthenticated, "invalid username or password")
      .With("reason", "invalid_credentials");
}

Error BadRefresh(std::string why) {
  return Error(ErrorCode::kUnauthenticated,
               "invalid refresh token: " + std::move(why) + "; log in again")
      .With("reason", "invalid_refresh_token");
}

// The signing key: the configured secret, or a random one kept in the data directory.
Result<std::string> LoadSigningKey(const AuthConfig& config,
                                   const std::filesystem::path& secrets_dir) {
  if (!config.jwt_secret.empty()) {
    if (config.jwt_secret.size() < 32) {
      return Fail(
          Error(ErrorCode::kInvalidArgument, "auth.jwt_secret must be at least 32 bytes long")
              .With("key", "auth.jwt_secret"));
    }
    return config.jwt_secret;
  }
  const auto path = secrets_dir / "jwt.key";
  std::error_code ec;
  if (std::filesystem::exists(path, ec)) {
    std::ifstream in(path, std::ios::binary);
    std::string key((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    key = std::string(Trim(key));
    if (key.size() < 32) {
      return Fail(ErrorCode::kFailedPrecondition,
                  path.string() + " holds no valid key; remove it to generate a new one");
    }
    return key;
  }
  std::filesystem::create_directories(secrets_dir, ec);
  ::chmod(secrets_dir.c_str(), 0700);
  const std::string key = RandomHex(32);
  const auto tmp = path.string() + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    ::chmod(tmp.c_str(), 0600);
    out << key << "\n";
    if (!out) return Fail(ErrorCode::kIo, "cannot write " + tmp);
  }
  std::filesystem::rename(tmp, path, ec);
  if (ec) return Fail(ErrorCode::kIo, "cannot create " + path.string() + ": " + ec.message());
  return key;
}

constexpr const char* kUserColumns =
    "SELECT name, role, created_ms, password_changed_ms, last_login_ms FROM _sagaz.users";

// A row of kUserColumns.
User UserFromRow(const std::vector<db::Value>& row) {
  User u;
  u.name = db::TextOf(row[0]);
  u.role = ParseRole(db::TextOf(row[1])).value_or(Role::kViewer);
  u.created_at = IsoOrEmpty(row[2]);
  u.password_changed_at = IsoOrEmpty(row[3]);
  u.last_login_at = IsoOrEmpty(row[4]);
  return u;
}

struct CachedUser {
  Role role = Role::kViewer;
  int64_t token_version = 1;
};

struct CachedKey {
  std::string owner;
  std::string secret_hash;
  uint32_t scopes = 0;
  int64_t expires_ms = 0;  // 0: never
  int64_t last_used_ms = 0;
};

}  // namespace

Result<Role> ParseRole(std::string_view text) {
  const std::string t = ToLower(Trim(text));
  if (t == "viewer") return Role::kViewer;
  if (t == "analyst") return Role::kAnalyst;
  if (t == "admin") return Role::kAdmin;
  return Fail(Error(ErrorCode::kInvalidArgument,
                    "unknown role '" + std::string(text) + "'; use viewer, analyst or admin")
                  .With("field", "role"));
}

std::string_view ToString(Permission permission) {
  for (const auto& p : kPermissionNames) {
    if (p.permission == permission) return p.name;
  }
  return "admin";
}

Result<Permission> ParsePermission(std::string_view text) {
  for (const auto& p : kPermissionNames) {
    if (p.name == text) return p.permission;
  }
  std::vector<std::string_view> names;
  for (const auto& p : kPermissionNames) names.push_back(p.name);
  return Fail(Error(ErrorCode::kInvalidArgument,
                    "unknown scope '" + std::string(text) + "'; scopes are " + Join(names, ", "))
                  .With("field", "scopes"));
}

std::vector<Permission> PermissionsOf(Role role) { return FromMask(RoleMask(role)); }

struct AuthService::Impl {
  db::ConnectionPool& pool;
  AuthConfig config;
  std::string key;
  std::optional<Signer> signer;  // over `key`, once loaded
  internal::FailureLimiter limiter;
  // Verified against for unknown users, so timing says nothing; made on first need (hashing costs
  // 64 MiB and ~0.1 s, which commands that never log anyone in should not pay).
  std::once_flag dummy_once;
  std::string dummy_hash;

  const std::string& DummyHash() {
    std::call_once(dummy_once, [&] {
      auto h = internal::HashPassword(RandomToken(16));
      dummy_hash = h ? *h : std::string("$argon2id$v=19$m=65536,t=2,p=1$invalid");
    });
    return dummy_hash;
  }

  // Users and API keys are few and read on every request: cached, written through.
  std::shared_mutex mu;
  std::map<std::string, CachedUser, std::less<>> users;  // guarded by mu
  std::map<std::string, CachedKey, std::less<>> keys;    // guarded by mu (active keys only)
  // Sessions whose access tokens are refused though unexpired: family -> when that stops
  // mattering (every token of the session has expired by then). Guarded by mu.
  std::map<std::string, int64_t, std::less<>> revoked_sessions;
  // Serializes writes, so read-check-write sequences (rotation, last admin) are atomic.
  std::mutex write_mu;

  Impl(db::ConnectionPool& p, AuthConfig c)
      : pool(p),
        config(std::move(c)),
        limiter(std::chrono::seconds(config.failed_login_window_s)) {}

  std::span<const unsigned char> KeyBytes() const {
    return {reinterpret_cast<const unsigned char*>(key.data()), key.size()};
  }

  Status LoadCaches() {
    auto conn = SAGAZ_TRY(pool.Acquire());
    auto users_result =
        SAGAZ_TRY(conn->Query("SELECT name, role, token_version FROM _sagaz.users"));
    std::map<std::string, CachedUser, std::less<>> u;
    for (const auto& row : SAGAZ_TRY(users_result.FetchRows())) {
      auto role = ParseRole(db::TextOf(row[1]));
      u[db::TextOf(row[0])] = CachedUser{role ? *role : Role::kViewer, db::IntOf(row[2], 1)};
    }
    auto keys_result = SAGAZ_TRY(conn->Query(
        "SELECT id, owner, secret_hash, scopes, coalesce(expires_ms, 0), coalesce(last_used_ms, 0) "
        "FROM _sagaz.api_keys WHERE revoked_ms IS NULL"));
    std::map<std::string, CachedKey, std::less<>> k;
    for (const auto& row : SAGAZ_TRY(keys_result.FetchRows())) {
      k[db::TextOf(row[0])] =
          CachedKey{db::TextOf(row[1]), db::TextOf(row[2]), MaskFromText(db::TextOf(row[3])),
                    db::IntOf(row[4]), db::IntOf(row[5])};
    }
    std::unique_lock lock(mu);
    users = std::move(u);
    keys = std::move(k);
    return Ok();
  }

  // Loads what must survive a restart: revoked sessions and failed logins still within their
  // windows (older ones are deleted).
  Status LoadRevocations() {
    auto conn = SAGAZ_TRY(pool.Acquire());
    const int64_t now = NowMs();
    const int64_t window_ms = config.failed_login_window_s * 1000;
    {
      const db::Param p[] = {now};
      SAGAZ_TRY(conn->Query("DELETE FROM _sagaz.revoked_sessions WHERE until_ms <= ?", p));
      const db::Param q[] = {now - window_ms};
      SAGAZ_TRY(conn->Query("DELETE FROM _sagaz.login_failures WHERE at_ms <= ?", q));
    }
    auto sessions = SAGAZ_TRY(conn->Query("SELECT family, until_ms FROM _sagaz.revoked_sessions"));
    std::map<std::string, int64_t, std::less<>> revoked;
    for (const auto& row : SAGAZ_TRY(sessions.FetchRows())) {
      revoked[db::TextOf(row[0])] = db::IntOf(row[1]);
    }
    {
      std::unique_lock lock(mu);
      revoked_sessions = std::move(revoked);
    }
    auto failures =
        SAGAZ_TRY(conn->Query("SELECT key, at_ms FROM _sagaz.login_failures ORDER BY at_ms"));
    const auto steady_now = internal::FailureLimiter::Clock::now();
    for (const auto& row : SAGAZ_TRY(failures.FetchRows())) {
      limiter.RecordFailure(db::TextOf(row[0]),
                            steady_now - std::chrono::milliseconds(now - db::IntOf(row[1])));
    }
    return Ok();
  }

  // Ends a session's access tokens now (its refresh tokens are revoked by the caller).
  Status RevokeSession(db::Connection& conn, const std::string& family, int64_t now) {
    // Tokens of the session were issued before now and live access_ttl_s (plus the clock skew
    // allowed on iat): after that, remembering the session is pointless.
    const int64_t until = now + (config.access_ttl_s + 30) * 1000;
    const db::Param p[] = {family, now, until};
    SAGAZ_TRY(
        conn.Query("INSERT OR REPLACE INTO _sagaz.revoked_sessions(family, revoked_ms, until_ms) "
                   "VALUES (?, ?, ?)",
                   p));
    std::unique_lock lock(mu);
    revoked_sessions[family] = until;
    return Ok();
  }

  void RecordFailedLogin(const std::string& login_key, int64_t now) {
    limiter.RecordFailure(login_key);
    auto conn = pool.Acquire();
    if (!conn) return;
    const db::Param p[] = {login_key, now};
    auto st = (*conn)->Query("INSERT INTO _sagaz.login_failures(key, at_ms) VALUES (?, ?)", p);
    if (!st) log::Warn("could not record a failed login", {{"error", st.error().message}});
  }

  void ResetFailedLogins(const std::string& login_key) {
    limiter.Reset(login_key);
    auto conn = pool.Acquire();
    if (!conn) return;
    const db::Param p[] = {login_key};
    auto st = (*conn)->Query("DELETE FROM _sagaz.login_failures WHERE key = ?", p);
    if (!st) log::Warn("could not reset failed logins", {{"error", st.error().message}});
  }

  Result<User> ReadUser(db::Connection& conn, std::string_view name) {
    const db::Param p[] = {std::string(name)};
    auto r = SAGAZ_TRY(conn.Query(std::string(kUserColumns) + " WHERE name = ?", p));
    auto rows = SAGAZ_TRY(r.FetchRows());
    if (rows.empty()) {
      return Fail(Error(ErrorCode::kNotFound, "user '" + std::string(name) + "' does not exist")
                      .With("user", std::string(name)));
    }
    return UserFromRow(rows[0]);
  }

  // A new refresh token in `family` for `user`; returns the secret.
  Result<std::string> InsertRefresh(db::Connection& conn, std::string_view user,
                                    std::string_view family, std::string_view address,
                                    int64_t now) {
    const std::string secret = std::string(kRefreshPrefix) + RandomToken(32);
    const std::string id = RandomHex(12);
    const db::Param p[] = {id,
                           HashSecret(secret),
                           std::string(family),
                           std::string(user),
                           now,
                           now + config.refresh_ttl_s * 1000,
                           std::string(address.substr(0, 64))};
    SAGAZ_TRY(conn.Query(
        "INSERT INTO _sagaz.refresh_tokens(id, token_hash, family, user_name, created_ms, "
        "expires_ms, address) VALUES (?, ?, ?, ?, ?, ?, ?)",
        p));
    return secret;
  }

  Result<Tokens> Issue(db::Connection& conn, const User& user, std::string_view family,
                       std::string_view address) {
    const int64_t now = NowMs();
    int64_t version = 1;
    {
      std::shared_lock lock(mu);
      if (auto it = users.find(user.name); it != users.end()) version = it->second.token_version;
    }
    internal::AccessClaims claims;
    claims.subject = user.name;
    claims.role = std::string(ToString(user.role));
    claims.token_id = RandomHex(8);
    claims.issued_at = now / 1000;
    claims.expires_at = now / 1000 + config.access_ttl_s;
    claims.user_version = version;
    claims.session = std::string(family);
    Tokens t;
    t.access_token = SAGAZ_TRY(internal::SignAccessToken(claims, KeyBytes()));
    t.refresh_token = SAGAZ_TRY(InsertRefresh(conn, user.name, family, address, now));
    t.expires_in = config.access_ttl_s;
    t.user = user;
    return t;
  }

  // Invalidates a user's access tokens (version bump) and refresh tokens.
  Status Invalidate(db::Connection& conn, std::string_view name) {
    const db::Param p[] = {std::string(name)};
    SAGAZ_TRY(
        conn.Query("UPDATE _sagaz.users SET token_version = token_version + 1 WHERE name = ?", p));
    const db::Param q[] = {NowMs(), std::string(name)};
    SAGAZ_TRY(
        conn.Query("UPDATE _sagaz.refresh_tokens SET revoked_ms = ? WHERE user_name = ? AND "
                   "revoked_ms IS NULL",
                   q));
    return Ok();
  }

  Result<size_t> AdminCount(db::Connection& conn) {
    auto r = SAGAZ_TRY(conn.Query("SELECT count(*) FROM _sagaz.users WHERE role = 'admin'"));
    return static_cast<size_t>(db::IntOf(SAGAZ_TRY(r.FetchScalar())));
  }

  Result<Identity> FromJwt(std::string_view token) {
    auto claims = SAGAZ_TRY(internal::VerifyAccessToken(token, KeyBytes(), NowMs() / 1000));
    std::shared_lock lock(mu);
    auto it = users.find(claims.subject);
    if (it == users.end()) {
      return Fail(Error(ErrorCode::kUnauthenticated, "the token's user no longer exists")
                      .With("reason", "invalid_token"));
    }
    if (it->second.token_version != claims.user_version) {
      return Fail(Error(ErrorCode::kUnauthenticated,
                        "the token was revoked (password or role changed); log in again")
                      .With("reason", "token_revoked"));
    }
    if (auto r = revoked_sessions.find(claims.session);
        r != revoked_sessions.end() && r->second > NowMs()) {
      return Fail(Error(ErrorCode::kUnauthenticated,
                        "the token's session has ended (logged out, or its refresh token was "
                        "used twice); log in again")
                      .With("reason", "session_revoked"));
    }
    Identity id;
    id.user = claims.subject;
    id.role = it->second.role;  // the current role, not the one in the token
    id.via = "jwt";
    id.permissions = RoleMask(id.role);
    return id;
  }

  Result<Identity> FromApiKey(std::string_view api_key) {
    // sgz_<12 hex id>_<secret>
    Error invalid =
        Error(ErrorCode::kUnauthenticated, "invalid API key").With("reason", "invalid_api_key");
    if (!api_key.starts_with(kApiKeyPrefix) || api_key.size() > 200) return Fail(invalid);
    const size_t sep = api_key.find('_', kApiKeyPrefix.size());
    if (sep == std::string_view::npos) return Fail(invalid);
    const std::string id(api_key.substr(0, sep));
    const std::string hash = HashSecret(api_key);
    const int64_t now = NowMs();
    Identity out;
    bool touch = false;
    {
      std::unique_lock lock(mu);
      auto it = keys.find(id);
      if (it == keys.end() || !ConstantTimeEquals(it->second.secret_hash, hash))
        return Fail(invalid);
      if (it->second.expires_ms != 0 && it->second.expires_ms <= now) {
        return Fail(Error(ErrorCode::kUnauthenticated, "the API key has expired")
                        .With("reason", "api_key_expired"));
      }
      auto owner = users.find(it->second.owner);
      if (owner == users.end()) return Fail(invalid);
      out.user = it->second.owner;
      out.role = owner->second.role;
      out.via = "api_key";
      out.key_id = id;
      // A key never exceeds its owner's current role.
      out.permissions = it->second.scopes & RoleMask(owner->second.role);
      if (now - it->second.last_used_ms >= kLastUsedResolutionMs) {
        it->second.last_used_ms = now;
        touch = true;
      }
    }
    if (touch) {
      auto conn = pool.Acquire();
      if (conn) {
        const db::Param p[] = {now, id};
        auto st = (*conn)->Query("UPDATE _sagaz.api_keys SET last_used_ms = ? WHERE id = ?", p);
        if (!st) log::Warn("could not record API key use", {{"error", st.error().message}});
      }
    }
    return out;
  }
};

AuthService::AuthService(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
AuthService::~AuthService() = default;

Result<std::unique_ptr<AuthService>> AuthService::Open(db::ConnectionPool& pool, AuthConfig config,
                                                       const std::filesystem::path& secrets_dir) {
  SAGAZ_TRY(internal::InitSodium());
  auto impl = std::make_unique<Impl>(pool, std::move(config));
  {
    auto conn = SAGAZ_TRY(pool.Acquire());
    SAGAZ_TRY(db::ApplyMigrations(*conn, "auth", kMigrations));
  }
  impl->key = SAGAZ_TRY(LoadSigningKey(impl->config, secrets_dir));
  impl->signer.emplace(impl->key);
  SAGAZ_TRY(impl->LoadCaches());
  SAGAZ_TRY(impl->LoadRevocations());
  return std::unique_ptr<AuthService>(new AuthService(std::move(impl)));
}

Result<User> AuthService::AddUser(std::string_view name, Role role, std::string_view password) {
  SAGAZ_TRY(CheckUserName(name));
  SAGAZ_TRY(CheckPassword(password));
  const std::string hash = SAGAZ_TRY(internal::HashPassword(password));
  std::lock_guard write(impl_->write_mu);
  auto conn = SAGAZ_TRY(impl_->pool.Acquire());
  {
    std::shared_lock lock(impl_->mu);
    if (impl_->users.contains(name)) {
      return Fail(
          Error(ErrorCode::kAlreadyExists, "user '" + std::string(name) + "' already exists")
              .With("user", std::string(name)));
    }
  }
  const int64_t now = NowMs();
  const db::Param p[] = {std::string(name), std::string(ToString(role)), hash, now, now};
  SAGAZ_TRY(
      conn->Query("INSERT INTO _sagaz.users(name, role, password_hash, token_version, created_ms, "
                  "password_changed_ms) VALUES (?, ?, ?, 1, ?, ?)",
                  p));
  {
    std::unique_lock lock(impl_->mu);
    impl_->users[std::string(name)] = CachedUser{role, 1};
  }
  log::Info("user added", {{"user", std::string(name)}, {"role", std::string(ToString(role))}});
  return impl_->ReadUser(*conn, name);
}

Result<User> AuthService::GetUser(std::string_view name) {
  auto conn = SAGAZ_TRY(impl_->pool.Acquire());
  return impl_->ReadUser(*conn, name);
}

Result<std::vector<User>> AuthService::ListUsers() {
  auto conn = SAGAZ_TRY(impl_->pool.Acquire());
  auto r = SAGAZ_TRY(conn->Query(std::string(kUserColumns) + " ORDER BY name"));
  std::vector<User> out;
  for (const auto& row : SAGAZ_TRY(r.FetchRows())) out.push_back(UserFromRow(row));
  return out;
}

Result<size_t> AuthService::CountUsers() {
  std::shared_lock lock(impl_->mu);
  return impl_->users.size();
}

Status AuthService::RemoveUser(std::string_view name) {
  std::lock_guard write(impl_->write_mu);
  auto conn = SAGAZ_TRY(impl_->pool.Acquire());
  const User user = SAGAZ_TRY(impl_->ReadUser(*conn, name));
  if (user.role == Role::kAdmin && SAGAZ_TRY(impl_->AdminCount(*conn)) <= 1) {
    return Fail(ErrorCode::kFailedPrecondition,
                "'" + user.name + "' is the last admin; add another admin first");
  }
  auto tx = SAGAZ_TRY(db::Transaction::Begin(*conn));
  const db::Param p[] = {std::string(name)};
  const db::Param q[] = {NowMs(), std::string(name)};
  SAGAZ_TRY(conn->Query("DELETE FROM _sagaz.users WHERE name = ?", p));
  SAGAZ_TRY(conn->Query(
      "UPDATE _sagaz.refresh_tokens SET revoked_ms = ? WHERE user_name = ? AND revoked_ms IS NULL",
      q));
  SAGAZ_TRY(conn->Query(
      "UPDATE _sagaz.api_keys SET revoked_ms = ? WHERE owner = ? AND revoked_ms IS NULL", q));
  SAGAZ_TRY(tx.Commit());
  SAGAZ_TRY(impl_->LoadCaches());
  log::Info("user removed", {{"user", std::string(name)}});
  return Ok();
}

Status AuthService::SetPassword(std::string_view name, std::string_view password) {
  SAGAZ_TRY(CheckPassword(password));
  const std::string hash = SAGAZ_TRY(internal::HashPassword(password));
  std::lock_guard write(impl_->write_mu);
  auto conn = SAGAZ_TRY(impl_->pool.Acquire());
  SAGAZ_TRY(impl_->ReadUser(*conn, name));
  auto tx = SAGAZ_TRY(db::Transaction::Begin(*conn));
  const db::Param p[] = {hash, NowMs(), std::string(name)};
  SAGAZ_TRY(conn->Query(
      "UPDATE _sagaz.users SET password_hash = ?, password_changed_ms = ? WHERE name = ?", p));
  SAGAZ_TRY(impl_->Invalidate(*conn, name));
  SAGAZ_TRY(tx.Commit());
  impl_->ResetFailedLogins("user:" + std::string(name));
  SAGAZ_TRY(impl_->LoadCaches());
  log::Info("password changed", {{"user", std::string(name)}});
  return Ok();
}

Status AuthService::SetRole(std::string_view name, Role role) {
  std::lock_guard write(impl_->write_mu);
  auto conn = SAGAZ_TRY(impl_->pool.Acquire());
  const User user = SAGAZ_TRY(impl_->ReadUser(*conn, name));
  if (user.role == role) return Ok();
  if (user.role == Role::kAdmin && SAGAZ_TRY(impl_->AdminCount(*conn)) <= 1) {
    return Fail(ErrorCode::kFailedPrecondition,
                "'" + user.name + "' is the last admin; add another admin first");
  }
  auto tx = SAGAZ_TRY(db::Transaction::Begin(*conn));
  const db::Param p[] = {std::string(ToString(role)), std::string(name)};
  SAGAZ_TRY(conn->Query("UPDATE _sagaz.users SET role = ? WHERE name = ?", p));
  SAGAZ_TRY(impl_->Invalidate(*conn, name));
  SAGAZ_TRY(tx.Commit());
  SAGAZ_TRY(impl_->LoadCaches());
  log::Info("role changed", {{"user", std::string(name)}, {"role", std::string(ToString(role))}});
  return Ok();
}

Status AuthService::VerifyPassword(std::string_view name, std::string_view password,
                                   std::string_view address) {
  const std::string user_key = "user:" + ToLower(name.substr(0, 64));
  const std::string addr_key = "addr:" + std::string(address);
  const int64_t wait =
      std::max(impl_->limiter.RetryAfter(user_key, impl_->config.max_failed_logins),
               impl_->limiter.RetryAfter(addr_key, impl_->config.max_failed_logins_per_address));
  if (wait > 0) {
    log::Warn("login refused: too many failures",
              {{"user", std::string(name.substr(0, 64))}, {"address", std::string(address)}});
    return Fail(Error(ErrorCode::kRateLimited,
                      "too many failed logins; try again in " + std::to_string(wait) + " s")
                    .With("retry_after_s", std::to_string(wait)));
  }
  std::string hash;
  if (name.size() <= 64) {
    auto conn = SAGAZ_TRY(impl_->pool.Acquire());
    const db::Param p[] = {std::string(name)};
    auto r = SAGAZ_TRY(conn->Query("SELECT password_hash FROM _sagaz.users WHERE name = ?", p));
    auto rows = SAGAZ_TRY(r.FetchRows());
    if (!rows.empty()) hash = db::TextOf(rows[0][0]);
  }
  const bool known = !hash.empty();
  // Unknown users are checked against a dummy hash, so the time taken does not tell them apart.
  const bool ok = internal::VerifyPassword(known ? hash : impl_->DummyHash(),
                                           password.substr(0, kMaxPassword + 1)) &&
                  known && password.size() <= kMaxPassword;
  if (!ok) {
    const int64_t now = NowMs();
    impl_->RecordFailedLogin(user_key, now);
    impl_->RecordFailedLogin(addr_key, now);
    log::Warn("login failed",
              {{"user", std::string(name.substr(0, 64))}, {"address", std::string(address)}});
    return Fail(BadCredentials());
  }
  impl_->ResetFailedLogins(user_key);
  return Ok();
}

Result<Tokens> AuthService::Login(std::string_view name, std::string_view password,
                                  std::string_view address) {
  SAGAZ_TRY(VerifyPassword(name, password, address));
  auto conn = SAGAZ_TRY(impl_->pool.Acquire());
  const db::Param p[] = {NowMs(), std::string(name)};
  SAGAZ_TRY(conn->Query("UPDATE _sagaz.users SET last_login_ms = ? WHERE name = ?", p));
  const User user = SAGAZ_TRY(impl_->ReadUser(*conn, name));
  log::Info("login", {{"user", user.name}, {"address", std::string(address)}});
  return impl_->Issue(*conn, user, RandomHex(12), address);
}

Result<Tokens> AuthService::Refresh(std::string_view refresh_token, std::string_view address) {
  if (!refresh_token.starts_with(kRefreshPrefix) || refresh_token.size() > 200) {
    return Fail(BadRefresh("malformed"));
  }
  std::lock_guard write(impl_->write_mu);
  auto conn = SAGAZ_TRY(impl_->pool.Acquire());
  const db::Param p[] = {HashSecret(refresh_token)};
  auto r = SAGAZ_TRY(
      conn->Query("SELECT id, family, user_name, expires_ms, revoked_ms FROM _sagaz.refresh_tokens "
                  "WHERE token_hash = ?",
                  p));
  auto rows = SAGAZ_TRY(r.FetchRows());
  if (rows.empty()) return Fail(BadRefresh("unknown"));
  const std::string id = db::TextOf(rows[0][0]);
  const std::string family = db::TextOf(rows[0][1]);
  const std::string user_name = db::TextOf(rows[0][2]);
  const int64_t now = NowMs();
  if (!std::holds_alternative<std::monostate>(rows[0][4])) {
    // A rotated token used again: someone holds a copy. End the whole session.
    const db::Param q[] = {now, family};
    SAGAZ_TRY(conn->Query(
        "UPDATE _sagaz.refresh_tokens SET revoked_ms = ? WHERE family = ? AND revoked_ms IS NULL",
        q));
    SAGAZ_TRY(impl_->RevokeSession(*conn, family, now));
    log::Warn("revoked refresh token reused; session ended",
              {{"user", user_name}, {"address", std::string(address)}});
    return Fail(BadRefresh("revoked"));
  }
  if (db::IntOf(rows[0][3]) <= now) return Fail(BadRefresh("expired"));
  auto user = impl_->ReadUser(*conn, user_name);
  if (!user) return Fail(BadRefresh("the user no longer exists"));
  auto tx = SAGAZ_TRY(db::Transaction::Begin(*conn));
  Tokens tokens = SAGAZ_TRY(impl_->Issue(*conn, *user, family, address));
  const db::Param q[] = {now, internal::HashSecret(tokens.refresh_token), id};
  SAGAZ_TRY(
      conn->Query("UPDATE _sagaz.refresh_tokens SET revoked_ms = ?, replaced_by = (SELECT id FROM "
                  "_sagaz.refresh_tokens WHERE token_hash = ?) WHERE id = ?",
                  q));
  SAGAZ_TRY(tx.Commit());
  return tokens;
}

Status AuthService::Logout(std::string_view refresh_token) {
  if (!refresh_token.starts_with(kRefreshPrefix) || refresh_token.size() > 200) {
    return Fail(BadRefresh("malformed"));
  }
  std::lock_guard write(impl_->write_mu);
  auto conn = SAGAZ_TRY(impl_->pool.Acquire());
  const db::Param p[] = {HashSecret(refresh_token)};
  auto r =
      SAGAZ_TRY(conn->Query("SELECT family FROM _sagaz.refresh_tokens WHERE token_hash = ?", p));
  auto rows = SAGAZ_TRY(r.FetchRows());
  if (rows.empty()) return Fail(BadRefresh("unknown"));
  const std::string family = db::TextOf(rows[0][0]);
  const int64_t now = NowMs();
  auto tx = SAGAZ_TRY(db::Transaction::Begin(*conn));
  const db::Param q[] = {now, family};
  SAGAZ_TRY(conn->Query(
      "UPDATE _sagaz.refresh_tokens SET revoked_ms = ? WHERE family = ? AND revoked_ms IS NULL",
      q));
  SAGAZ_TRY(impl_->RevokeSession(*conn, family, now));
  SAGAZ_TRY(tx.Commit());
  return Ok();
}

Result<Identity> AuthService::Authenticate(const Credentials& credentials) {
  if (!credentials.api_key.empty()) return impl_->FromApiKey(credentials.api_key);
  if (credentials.bearer.starts_with(kApiKeyPrefix)) return impl_->FromApiKey(credentials.bearer);
  if (!credentials.bearer.empty()) return impl_->FromJwt(credentials.bearer);
  return Fail(MissingToken());
}

Error MissingToken() {
  return Error(ErrorCode::kUnauthenticated,
               "this route needs a token: log in (POST /api/v1/auth/login) and send "
               "'Authorization: Bearer <access_token>', or send an API key")
      .With("reason", "missing_token");
}

std::optional<Identity> AuthService::Anonymous() const {
  const std::optional<Role> role = impl_->config.anonymous_role;
  if (!role) return std::nullopt;
  Identity id;
  id.role = *role;
  id.via = "anonymous";
  id.permissions = RoleMask(*role) & ~Bit(Permission::kSignedIn);
  return id;
}

Result<NewApiKey> AuthService::CreateApiKey(const NewApiKeyRequest& request) {
  const std::string name(Trim(request.name));
  if (name.empty() || name.size() > 100) {
    return Fail(Error(ErrorCode::kInvalidArgument, "name the API key (1 to 100 characters)")
                    .With("field", "name"));
  }
  Role owner_role;
  {
    std::shared_lock lock(impl_->mu);
    auto it = impl_->users.find(request.owner);
    if (it == impl_->users.end()) {
      return Fail(ErrorCode::kNotFound, "user '" + request.owner + "' does not exist");
    }
    owner_role = it->second.role;
  }
  const uint32_t allowed = RoleMask(owner_role);
  uint32_t scopes = 0;
  for (auto p : request.scopes) scopes |= Bit(p);
  if (request.scopes.empty()) scopes = allowed;
  if (scopes & ~allowed) {
    return Fail(Error(ErrorCode::kPermissionDenied,
                      "a key cannot have scopes beyond its owner's role (" +
                          std::string(ToString(owner_role)) + ": " + MaskToText(allowed) + ")")
                    .With("field", "scopes"));
  }
  if (request.ttl_s && (*request.ttl_s < 60 || *request.ttl_s > int64_t{3650} * 86'400)) {
    return Fail(
        Error(ErrorCode::kInvalidArgument, "an API key lives between 60 seconds and 10 years")
            .With("field", "ttl_s"));
  }
  const int64_t now = NowMs();
  NewApiKey out;
  out.info.id = std::string(kApiKeyPrefix) + RandomHex(6);
  out.key = out.info.id + "_" + RandomToken(32);
  out.info.name = name;
  out.info.owner = request.owner;
  out.info.scopes = FromMask(scopes);
  out.info.created_at = Iso8601FromMs(now);
  const int64_t expires = request.ttl_s ? now + *request.ttl_s * 1000 : 0;
  if (expires) out.info.expires_at = Iso8601FromMs(expires);
  std::lock_guard write(impl_->write_mu);
  auto conn = SAGAZ_TRY(impl_->pool.Acquire());
  const db::Param p[] = {out.info.id,
                         name,
                         request.owner,
                         HashSecret(out.key),
                         MaskToText(scopes),
                         now,
                         expires ? db::Param(expires) : db::Param(nullptr)};
  SAGAZ_TRY(conn->Query(
      "INSERT INTO _sagaz.api_keys(id, name, owner, secret_hash, scopes, created_ms, expires_ms) "
      "VALUES (?, ?, ?, ?, ?, ?, ?)",
      p));
  {
    std::unique_lock lock(impl_->mu);
    impl_->keys[out.info.id] = CachedKey{request.owner, HashSecret(out.key), scopes, expires, 0};
  }
  log::Info("API key created", {{"id", out.info.id}, {"owner", request.owner}});
  return out;
}

Result<std::vector<ApiKeyInfo>> AuthService::ListApiKeys(std::string_view owner) {
  auto conn = SAGAZ_TRY(impl_->pool.Acquire());
  const db::Param p[] = {std::string(owner), std::string(owner)};
  auto r = SAGAZ_TRY(conn->Query(
      "SELECT id, name, owner, scopes, created_ms, last_used_ms, expires_ms, revoked_ms "
      "FROM _sagaz.api_keys WHERE ? = '' OR owner = ? ORDER BY created_ms",
      p));
  std::vector<ApiKeyInfo> out;
  for (const auto& row : SAGAZ_TRY(r.FetchRows())) {
    ApiKeyInfo k;
    k.id = db::TextOf(row[0]);
    k.name = db::TextOf(row[1]);
    k.owner = db::TextOf(row[2]);
    k.scopes = FromMask(MaskFromText(db::TextOf(row[3])));
    k.created_at = IsoOrEmpty(row[4]);
    k.last_used_at = IsoOrEmpty(row[5]);
    k.expires_at = IsoOrEmpty(row[6]);
    k.revoked_at = IsoOrEmpty(row[7]);
    out.push_back(std::move(k));
  }
  return out;
}

Status AuthService::RevokeApiKey(std::string_view id, const Identity& requester) {
  std::lock_guard write(impl_->write_mu);
  auto conn = SAGAZ_TRY(impl_->pool.Acquire());
  const db::Param p[] = {std::string(id)};
  auto r = SAGAZ_TRY(conn->Query("SELECT owner, revoked_ms FROM _sagaz.api_keys WHERE id = ?", p));
  auto rows = SAGAZ_TRY(r.FetchRows());
  if (rows.empty()) {
    return Fail(Error(ErrorCode::kNotFound, "API key '" + std::string(id) + "' does not exist")
                    .With("id", std::string(id)));
  }
  if (db::TextOf(rows[0][0]) != requester.user && !requester.Can(Permission::kAdmin)) {
    return Fail(ErrorCode::kPermissionDenied, "only the key's owner or an admin can revoke it");
  }
  if (std::holds_alternative<std::monostate>(rows[0][1])) {
    const db::Param q[] = {NowMs(), std::string(id)};
    SAGAZ_TRY(conn->Query("UPDATE _sagaz.api_keys SET revoked_ms = ? WHERE id = ?", q));
  }
  {
    std::unique_lock lock(impl_->mu);
    impl_->keys.erase(std::string(id));
  }
  log::Info("API key revoked", {{"id", std::string(id)}, {"by", requester.user}});
  return Ok();
}

Result<int64_t> AuthService::PurgeExpiredTokens() {
  std::lock_guard write(impl_->write_mu);
  auto conn = SAGAZ_TRY(impl_->pool.Acquire());
  // Revoked tokens are kept for a day so that a reused one still ends its session.
  const int64_t now = NowMs();
  const db::Param p[] = {now, now - 86'400'000};
  auto r = SAGAZ_TRY(
      conn->Query("DELETE FROM _sagaz.refresh_tokens WHERE expires_ms <= ? OR revoked_ms <= ?", p));
  // Revoked sessions whose tokens have all expired, failed logins out of their window.
  const db::Param q[] = {now};
  SAGAZ_TRY(conn->Query("DELETE FROM _sagaz.revoked_sessions WHERE until_ms <= ?", q));
  const db::Param f[] = {now - impl_->config.failed_login_window_s * 1000};
  SAGAZ_TRY(conn->Query("DELETE FROM _sagaz.login_failures WHERE at_ms <= ?", f));
  {
    std::unique_lock lock(impl_->mu);
    std::erase_if(impl_->revoked_sessions, [now](const auto& kv) { return kv.second <= now; });
  }
  return r.rows_changed();
}

const Signer& AuthService::signer() const { return *impl_->signer; }

}  // namespace sagaz::auth
