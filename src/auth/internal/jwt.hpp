// HS256 access tokens with libjwt. Only HS256 signed with our key is accepted: "alg": "none",
// other algorithms, a wrong key, a tampered payload, a missing or past "exp", a token not yet
// valid, another issuer or another token type are all refused.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "core/error.hpp"

namespace sagaz::auth::internal {

struct AccessClaims {
  std::string subject;  // user name
  std::string role;
  std::string token_id;   // jti
  int64_t issued_at = 0;  // seconds since the epoch
  int64_t expires_at = 0;
  int64_t user_version = 0;  // the user's token version when issued ("tv")
  std::string session;       // the refresh-token family it was issued in ("sid"): logout ends it
};

Result<std::string> SignAccessToken(const AccessClaims& claims, std::span<const unsigned char> key);
// Verifies signature, algorithm and claims at time `now` (seconds since the epoch; 30 s of clock
// skew are allowed on iat).
Result<AccessClaims> VerifyAccessToken(std::string_view token, std::span<const unsigned char> key,
                                       int64_t now);

// Whether `text` looks like a JWT (three base64url parts), to tell it from an API key.
bool LooksLikeJwt(std::string_view text);

}  // namespace sagaz::auth::internal
