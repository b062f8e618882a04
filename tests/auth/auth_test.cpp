// Accounts and tokens: what is accepted, and everything that must be refused.
#include "auth/auth.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <ctime>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "app/app.hpp"
#include "db/db.hpp"
#include "support/support.hpp"
#include "support/tokens.hpp"

namespace sagaz::auth {
namespace {

constexpr const char* kSecret = "0123456789abcdef0123456789abcdef-test-key";
constexpr const char* kHeader = R"({"alg":"HS256","typ":"JWT"})";

long Now() { return static_cast<long>(std::time(nullptr)); }

class AuthTest : public ::testing::Test {
 protected:
  AuthTest()
      : app_([](Config& c) {
          c.auth.jwt_secret = kSecret;
          c.auth.max_failed_logins = 3;
          c.auth.max_failed_logins_per_address = 6;
          c.auth.access_ttl_s = 60;
        }) {}
  AuthService& auth() { return app_->auth(); }
  void SetUp() override {
    ASSERT_TRUE(auth().AddUser("ana", Role::kAnalyst, "correct horse"));
    ASSERT_TRUE(auth().AddUser("vic", Role::kViewer, "viewer pass"));
    ASSERT_TRUE(auth().AddUser("root", Role::kAdmin, "admin pass!"));
  }
  // The reason detail of a refused bearer token.
  std::string Refusal(const std::string& token) {
    auto r = auth().Authenticate({.bearer = token});
    if (r) return "accepted";
    EXPECT_EQ(r.error().code, ErrorCode::kUnauthenticated) << r.error().ToText();
    return std::string(r.error().Detail("reason"));
  }
  testing::TestApp app_;
};

TEST_F(AuthTest, LoginGivesTokensThatAuthenticate) {
  auto tokens = auth().Login("ana", "correct horse", "127.0.0.1");
  ASSERT_TRUE(tokens) << tokens.error().ToText();
  EXPECT_EQ(tokens->expires_in, 60);
  EXPECT_EQ(tokens->user.role, Role::kAnalyst);
  auto who = auth().Authenticate({.bearer = tokens->access_token});
  ASSERT_TRUE(who) << who.error().ToText();
  EXPECT_EQ(who->user, "ana");
  EXPECT_EQ(who->via, "jwt");
  EXPECT_TRUE(who->Can(Permission::kDatasetsWrite));
  EXPECT_FALSE(who->Can(Permission::kAdmin));
  auto user = auth().GetUser("ana");
  ASSERT_TRUE(user);
  EXPECT_FALSE(user->last_login_at.empty());
}

TEST_F(AuthTest, WrongPasswordAndUnknownUserLookAlike) {
  auto wrong = auth().Login("ana", "incorrect", "10.0.0.1");
  auto unknown = auth().Login("nobody", "incorrect", "10.0.0.2");
  ASSERT_FALSE(wrong);
  ASSERT_FALSE(unknown);
  EXPECT_EQ(wrong.error().code, ErrorCode::kUnauthenticated);
  EXPECT_EQ(wrong.error().message, unknown.error().message);
}

TEST_F(AuthTest, MissingExpiredForgedTamperedNoneAndWrongKeyTokensAreRefused) {
  EXPECT_EQ(Refusal(""), "missing_token");
  EXPECT_EQ(Refusal("not-a-token"), "invalid_token");
  // Expired: a genuine signature, exp in the past.
  EXPECT_EQ(
      Refusal(testing::SignHs256(
          kHeader, testing::AccessPayload("ana", "analyst", Now() - 120, Now() - 60), kSecret)),
      "token_expired");
  // Forged: signed with another key.
  EXPECT_EQ(Refusal(testing::SignHs256(kHeader,
                                       testing::AccessPayload("root", "admin", Now(), Now() + 60),
                                       "another key that is long enough......")),
            "invalid_token");
  // Tampered: a real token whose payload was swapped for an admin's.
  auto tokens = auth().Login("vic", "viewer pass", "127.0.0.1");
  ASSERT_TRUE(tokens);
  const std::string real = tokens->access_token;
  const std::string signature = real.substr(real.rfind('.'));
  const std::string forged_payload =
      testing::Base64Url(testing::AccessPayload("root", "admin", Now(), Now() + 60));
  EXPECT_EQ(Refusal(real.substr(0, real.find('.')) + "." + forged_payload + signature),
            "invalid_token");
  // "alg": "none", with and without a signature part.
  const std::string none = R"({"alg":"none","typ":"JWT"})";
  const std::string admin = testing::AccessPayload("root", "admin", Now(), Now() + 60);
  EXPECT_EQ(Refusal(testing::Unsigned(none, admin)), "invalid_token");
  EXPECT_EQ(Refusal(testing::Unsigned(none, admin) + "c2ln"), "invalid_token");
  // Another HMAC algorithm with our key is still not ours.
  EXPECT_EQ(Refusal(testing::SignHs256(R"({"alg":"HS512","typ":"JWT"})", admin, kSecret)),
            "invalid_token");
  // Our key and algorithm, but not an access token (another issuer, another type).
  auto other_issuer = nlohmann::json::parse(admin);
  other_issuer["iss"] = "someone-else";
  EXPECT_EQ(Refusal(testing::SignHs256(kHeader, other_issuer.dump(), kSecret)), "invalid_token");
  auto other_type = nlohmann::json::parse(admin);
  other_type["typ"] = "refresh";
  EXPECT_EQ(Refusal(testing::SignHs256(kHeader, other_type.dump(), kSecret)), "invalid_token");
  // A well-signed token for a user that does not exist.
  EXPECT_EQ(Refusal(testing::SignHs256(
                kHeader, testing::AccessPayload("ghost", "admin", Now(), Now() + 60), kSecret)),
            "invalid_token");
  // The genuine token still works.
  EXPECT_EQ(Refusal(real), "accepted");
}

TEST_F(AuthTest, TheRoleComesFromTheAccountNotTheToken) {
  // A validly signed token claiming admin for a viewer gets the viewer's permissions.
  auto who = auth().Authenticate(
      {.bearer = testing::SignHs256(
           kHeader, testing::AccessPayload("vic", "admin", Now(), Now() + 60), kSecret)});
  ASSERT_TRUE(who) << who.error().ToText();
  EXPECT_EQ(who->role, Role::kViewer);
  EXPECT_FALSE(who->Can(Permission::kDatasetsWrite));
}

TEST_F(AuthTest, RefreshRotatesAndAReusedTokenEndsTheSession) {
  auto first = auth().Login("ana", "correct horse", "127.0.0.1");
  ASSERT_TRUE(first);
  auto second = auth().Refresh(first->refresh_token, "127.0.0.1");
  ASSERT_TRUE(second) << second.error().ToText();
  EXPECT_NE(second->refresh_token, first->refresh_token);
  // The first refresh token was rotated away: using it again is theft, and ends the session...
  auto reused = auth().Refresh(first->refresh_token, "10.9.9.9");
  ASSERT_FALSE(reused);
  EXPECT_EQ(reused.error().Detail("reason"), "invalid_refresh_token");
  // ...including the token that replaced it.
  EXPECT_FALSE(auth().Refresh(second->refresh_token, "127.0.0.1"));
  // A new login starts a new session.
  auto again = auth().Login("ana", "correct horse", "127.0.0.1");
  ASSERT_TRUE(again);
  EXPECT_TRUE(auth().Refresh(again->refresh_token, "127.0.0.1"));
}

TEST_F(AuthTest, LogoutRevokesTheRefreshToken) {
  auto tokens = auth().Login("ana", "correct horse", "127.0.0.1");
  ASSERT_TRUE(tokens);
  ASSERT_TRUE(auth().Logout(tokens->refresh_token));
  EXPECT_FALSE(auth().Refresh(tokens->refresh_token, "127.0.0.1"));
  EXPECT_FALSE(auth().Refresh("sgr_made-up", "127.0.0.1"));
  EXPECT_FALSE(auth().Refresh("garbage", "127.0.0.1"));
}

// Access tokens outlived logout and reuse detection until they expired: a stolen access token kept
// working for up to auth.access_ttl_s after the user logged out.
TEST_F(AuthTest, LogoutAndReuseEndTheSessionsAccessTokensAtOnceAndAcrossARestart) {
  auto out = auth().Login("ana", "correct horse", "127.0.0.1");
  auto stolen = auth().Login("ana", "correct horse", "127.0.0.1");
  auto other = auth().Login("ana", "correct horse", "127.0.0.1");
  ASSERT_TRUE(out && stolen && other);
  ASSERT_TRUE(auth().Logout(out->refresh_token));
  EXPECT_EQ(Refusal(out->access_token), "session_revoked");
  // A refresh token used twice ends its session: the access tokens of both refreshes too.
  auto refreshed = auth().Refresh(stolen->refresh_token, "127.0.0.1");
  ASSERT_TRUE(refreshed);
  EXPECT_EQ(Refusal(refreshed->access_token), "accepted");
  ASSERT_FALSE(auth().Refresh(stolen->refresh_token, "10.9.9.9"));
  EXPECT_EQ(Refusal(stolen->access_token), "session_revoked");
  EXPECT_EQ(Refusal(refreshed->access_token), "session_revoked");
  // Other sessions of the same user go on.
  EXPECT_EQ(Refusal(other->access_token), "accepted");

  // A restart does not forget.
  auto reopened =
      AuthService::Open(app_->pool(), app_->config().auth, app_->config().DataPath("secrets"));
  ASSERT_TRUE(reopened) << reopened.error().ToText();
  EXPECT_FALSE((*reopened)->Authenticate({.bearer = out->access_token}));
  EXPECT_FALSE((*reopened)->Authenticate({.bearer = refreshed->access_token}));
  EXPECT_TRUE((*reopened)->Authenticate({.bearer = other->access_token}));

  // Entries go once every token they stop would have expired anyway.
  auto count = [&] {
    auto conn = app_->pool().Acquire();
    auto r = (*conn)->Query("SELECT count(*) FROM _sagaz.revoked_sessions");
    return std::get<int64_t>(*r->FetchScalar());
  };
  EXPECT_EQ(count(), 2);
  {
    auto conn = app_->pool().Acquire();
    ASSERT_TRUE((*conn)->Execute("UPDATE _sagaz.revoked_sessions SET until_ms = 1"));
  }
  ASSERT_TRUE(auth().PurgeExpiredTokens());
  EXPECT_EQ(count(), 0);
}

// Lock-outs reset on restart: a guesser could restart the count by waiting for a deploy.
TEST_F(AuthTest, LockOutsSurviveARestart) {
  for (int i = 0; i < 3; ++i) EXPECT_FALSE(auth().Login("ana", "guess", "10.0.0.1"));
  auto reopened =
      AuthService::Open(app_->pool(), app_->config().auth, app_->config().DataPath("secrets"));
  ASSERT_TRUE(reopened) << reopened.error().ToText();
  auto locked = (*reopened)->Login("ana", "correct horse", "10.0.0.99");
  ASSERT_FALSE(locked);
  EXPECT_EQ(locked.error().code, ErrorCode::kRateLimited);
  // A successful login (of another account) or a password change resets only what it should.
  EXPECT_TRUE((*reopened)->Login("vic", "viewer pass", "10.0.0.1"));
  ASSERT_TRUE((*reopened)->SetPassword("ana", "a new passphrase"));
  auto after =
      AuthService::Open(app_->pool(), app_->config().auth, app_->config().DataPath("secrets"));
  ASSERT_TRUE(after);
  EXPECT_TRUE((*after)->Login("ana", "a new passphrase", "10.0.0.99"));
}

TEST_F(AuthTest, PasswordAndRoleChangesRevokeOutstandingTokens) {
  auto tokens = auth().Login("ana", "correct horse", "127.0.0.1");
  ASSERT_TRUE(tokens);
  ASSERT_TRUE(auth().SetPassword("ana", "a new passphrase"));
  EXPECT_EQ(Refusal(tokens->access_token), "token_revoked");
  EXPECT_FALSE(auth().Refresh(tokens->refresh_token, "127.0.0.1"));
  EXPECT_FALSE(auth().Login("ana", "correct horse", "127.0.0.1"));
  auto fresh = auth().Login("ana", "a new passphrase", "127.0.0.1");
  ASSERT_TRUE(fresh);
  ASSERT_TRUE(auth().SetRole("ana", Role::kViewer));
  EXPECT_EQ(Refusal(fresh->access_token), "token_revoked");
}

TEST_F(AuthTest, FailedLoginsAreLimitedPerAccountAndPerAddress) {
  for (int i = 0; i < 3; ++i)
    EXPECT_FALSE(auth().Login("ana", "guess", "10.0.0." + std::to_string(i)));
  // The account is locked, even for the right password and from another address.
  auto locked = auth().Login("ana", "correct horse", "10.0.0.99");
  ASSERT_FALSE(locked);
  EXPECT_EQ(locked.error().code, ErrorCode::kRateLimited);
  EXPECT_FALSE(locked.error().Detail("retry_after_s").empty());
  // Other accounts are not.
  EXPECT_TRUE(auth().Login("vic", "viewer pass", "10.0.0.99"));
  // One address guessing across accounts is limited too.
  for (int i = 0; i < 6; ++i) (void)auth().Login("user" + std::to_string(i), "guess", "192.0.2.7");
  auto from_address = auth().Login("root", "admin pass!", "192.0.2.7");
  ASSERT_FALSE(from_address);
  EXPECT_EQ(from_address.error().code, ErrorCode::kRateLimited);
  EXPECT_TRUE(auth().Login("root", "admin pass!", "192.0.2.8"));
}

TEST_F(AuthTest, UsersAreValidatedAndTheLastAdminStays) {
  EXPECT_EQ(auth().AddUser("ana", Role::kViewer, "whatever1").error().code,
            ErrorCode::kAlreadyExists);
  EXPECT_EQ(auth().AddUser("Bad Name", Role::kViewer, "whatever1").error().code,
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(auth().AddUser("bob", Role::kViewer, "short").error().code,
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(auth().RemoveUser("root").error().code, ErrorCode::kFailedPrecondition);
  EXPECT_EQ(auth().SetRole("root", Role::kViewer).error().code, ErrorCode::kFailedPrecondition);
  EXPECT_EQ(auth().RemoveUser("nobody").error().code, ErrorCode::kNotFound);
  auto tokens = auth().Login("vic", "viewer pass", "127.0.0.1");
  ASSERT_TRUE(auth().RemoveUser("vic"));
  EXPECT_EQ(Refusal(tokens->access_token), "invalid_token");
  auto users = auth().ListUsers();
  ASSERT_TRUE(users);
  EXPECT_EQ(users->size(), 2u);
}

TEST_F(AuthTest, ApiKeysAreScopedHashedAndRevocable) {
  auto key = auth().CreateApiKey({.owner = "ana",
                                  .name = "feedback client",
                                  .scopes = {Permission::kDatasetsRead, Permission::kQuery}});
  ASSERT_TRUE(key) << key.error().ToText();
  EXPECT_TRUE(key->key.starts_with(key->info.id + "_"));
  for (const auto& credentials :
       {Credentials{.api_key = key->key}, Credentials{.bearer = key->key}}) {
    auto who = auth().Authenticate(credentials);
    ASSERT_TRUE(who) << who.error().ToText();
    EXPECT_EQ(who->via, "api_key");
    EXPECT_EQ(who->user, "ana");
    EXPECT_TRUE(who->Can(Permission::kQuery));
    EXPECT_FALSE(who->Can(Permission::kDatasetsWrite));  // narrower than the owner's role
  }
  // A changed character, another key's id with this secret, or a made-up key are refused.
  std::string changed = key->key;
  changed.back() = changed.back() == 'a' ? 'b' : 'a';
  EXPECT_FALSE(auth().Authenticate({.api_key = changed}));
  EXPECT_FALSE(auth().Authenticate({.api_key = "sgz_000000000000_nothing"}));
  // Scopes beyond the owner's role are refused.
  EXPECT_EQ(auth()
                .CreateApiKey({.owner = "vic", .name = "x", .scopes = {Permission::kDatasetsWrite}})
                .error()
                .code,
            ErrorCode::kPermissionDenied);
  // Listing shows the key without its secret; last use is recorded.
  auto keys = auth().ListApiKeys("ana");
  ASSERT_TRUE(keys);
  ASSERT_EQ(keys->size(), 1u);
  EXPECT_FALSE((*keys)[0].last_used_at.empty());
  // Only the owner or an admin revokes.
  Identity vic{.user = "vic", .role = Role::kViewer, .via = "jwt"};
  EXPECT_EQ(auth().RevokeApiKey(key->info.id, vic).error().code, ErrorCode::kPermissionDenied);
  Identity ana{.user = "ana", .role = Role::kAnalyst, .via = "jwt"};
  ASSERT_TRUE(auth().RevokeApiKey(key->info.id, ana));
  EXPECT_FALSE(auth().Authenticate({.api_key = key->key}));
  // Expired keys stop working.
  auto short_lived = auth().CreateApiKey({.owner = "ana", .name = "x", .ttl_s = 60});
  ASSERT_TRUE(short_lived);
  EXPECT_TRUE(auth().Authenticate({.api_key = short_lived->key}));
}

TEST_F(AuthTest, AnonymousAccessOnlyWhenConfigured) {
  EXPECT_FALSE(auth().Anonymous());
  testing::TestApp open([](Config& c) { c.auth.anonymous_role = auth::Role::kViewer; });
  auto anonymous = open->auth().Anonymous();
  ASSERT_TRUE(anonymous);
  EXPECT_TRUE(anonymous->Can(Permission::kDatasetsRead));
  EXPECT_FALSE(anonymous->Can(Permission::kDatasetsWrite));
  EXPECT_FALSE(anonymous->Can(Permission::kSignedIn));
}

TEST(AuthKey, GeneratedKeyIsPrivateAndKept) {
  testing::TempDir dir;
  std::string first_token;
  {
    auto app = App::Open(testing::TestConfig(dir.path()));
    ASSERT_TRUE(app);
    ASSERT_TRUE((*app)->auth().AddUser("ana", Role::kAdmin, "correct horse"));
    auto tokens = (*app)->auth().Login("ana", "correct horse", "127.0.0.1");
    ASSERT_TRUE(tokens);
    first_token = tokens->access_token;
  }
  const auto key = dir.path() / "data" / "secrets" / "jwt.key";
  ASSERT_TRUE(std::filesystem::exists(key));
  const auto perms = std::filesystem::status(key).permissions();
  EXPECT_EQ(perms & (std::filesystem::perms::group_all | std::filesystem::perms::others_all),
            std::filesystem::perms::none);
  // Tokens survive a restart (same key).
  auto app = App::Open(testing::TestConfig(dir.path()));
  ASSERT_TRUE(app);
  EXPECT_TRUE((*app)->auth().Authenticate({.bearer = first_token}));
}

}  // namespace
}  // namespace sagaz::auth
