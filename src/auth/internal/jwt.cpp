#include "auth/internal/jwt.hpp"

#include <jwt.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <memory>
#include <optional>

namespace sagaz::auth::internal {
namespace {

struct JwtDeleter {
  void operator()(jwt_t* j) const { jwt_free(j); }
};
using JwtPtr = std::unique_ptr<jwt_t, JwtDeleter>;
struct FreeDeleter {
  void operator()(char* p) const { std::free(p); }
};

constexpr const char* kIssuer = "sagaz";
constexpr const char* kType = "access";
constexpr size_t kMaxTokenBytes = 4096;

Error Invalid(std::string why) {
  return Error(ErrorCode::kUnauthenticated, "invalid access token: " + std::move(why))
      .With("reason", "invalid_token");
}

}  // namespace

bool LooksLikeJwt(std::string_view text) {
  return std::count(text.begin(), text.end(), '.') == 2 && text.size() > 20;
}

Result<std::string> SignAccessToken(const AccessClaims& claims,
                                    std::span<const unsigned char> key) {
  jwt_t* raw = nullptr;
  if (jwt_new(&raw) != 0) return Fail(ErrorCode::kInternal, "jwt_new failed");
  JwtPtr j(raw);
  bool ok = jwt_add_grant(j.get(), "iss", kIssuer) == 0 &&
            jwt_add_grant(j.get(), "sub", claims.subject.c_str()) == 0 &&
            jwt_add_grant(j.get(), "role", claims.role.c_str()) == 0 &&
            jwt_add_grant(j.get(), "jti", claims.token_id.c_str()) == 0 &&
            jwt_add_grant(j.get(), "sid", claims.session.c_str()) == 0 &&
            jwt_add_grant(j.get(), "typ", kType) == 0 &&
            jwt_add_grant_int(j.get(), "iat", static_cast<long>(claims.issued_at)) == 0 &&
            jwt_add_grant_int(j.get(), "exp", static_cast<long>(claims.expires_at)) == 0 &&
            jwt_add_grant_int(j.get(), "tv", static_cast<long>(claims.user_version)) == 0 &&
            jwt_set_alg(j.get(), JWT_ALG_HS256, key.data(), static_cast<int>(key.size())) == 0;
  if (!ok) return Fail(ErrorCode::kInternal, "could not build the access token");
  std::unique_ptr<char, FreeDeleter> encoded(jwt_encode_str(j.get()));
  if (!encoded) return Fail(ErrorCode::kInternal, "could not sign the access token");
  return std::string(encoded.get());
}

Result<AccessClaims> VerifyAccessToken(std::string_view token, std::span<const unsigned char> key,
                                       int64_t now) {
  if (token.size() > kMaxTokenBytes) return Fail(Invalid("too long"));
  if (!LooksLikeJwt(token)) return Fail(Invalid("malformed"));
  // libjwt verifies an HS* signature with the key, but it also parses unsigned "alg": "none"
  // tokens: the algorithm is checked after decoding, and only HS256 is ours.
  const std::string text(token);
  jwt_t* raw = nullptr;
  if (jwt_decode(&raw, text.c_str(), key.data(), static_cast<int>(key.size())) != 0 || !raw) {
    if (raw) jwt_free(raw);
    return Fail(Invalid("bad signature or encoding"));
  }
  JwtPtr j(raw);
  if (jwt_get_alg(j.get()) != JWT_ALG_HS256) return Fail(Invalid("algorithm not allowed"));
  auto grant = [&](const char* name) -> std::string {
    const char* v = jwt_get_grant(j.get(), name);
    return v ? std::string(v) : std::string();
  };
  auto grant_int = [&](const char* name) -> std::optional<int64_t> {
    errno = 0;
    const long v = jwt_get_grant_int(j.get(), name);
    if (errno != 0) return std::nullopt;
    return static_cast<int64_t>(v);
  };
  if (grant("iss") != kIssuer) return Fail(Invalid("wrong issuer"));
  if (grant("typ") != kType) return Fail(Invalid("not an access token"));
  AccessClaims c;
  c.subject = grant("sub");
  c.role = grant("role");
  c.token_id = grant("jti");
  c.session = grant("sid");
  const auto iat = grant_int("iat");
  const auto exp = grant_int("exp");
  const auto tv = grant_int("tv");
  if (c.subject.empty() || c.role.empty() || c.session.empty() || !iat || !exp || !tv) {
    return Fail(Invalid("missing claims"));
  }
  c.issued_at = *iat;
  c.expires_at = *exp;
  c.user_version = *tv;
  if (c.expires_at <= now) {
    return Fail(Error(ErrorCode::kUnauthenticated, "the access token has expired; refresh it")
                    .With("reason", "token_expired"));
  }
  if (c.issued_at > now + 30) return Fail(Invalid("issued in the future"));
  return c;
}

}  // namespace sagaz::auth::internal
