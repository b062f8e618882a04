// Signed statements handed to browsers: "<claims>.<mac>", both base64url, the MAC an HMAC-SHA256
// (libsodium) under a key derived from the server's signing key for one purpose, so a token made
// for one purpose (embedding a dashboard) is never valid for another, nor as an access token.
//
//   const auto& signer = app.auth().signer();
//   std::string token = signer.Sign("embed", R"({"d":"dsh_1","exp":1767225600})");
//   auto claims = SAGAZ_TRY(signer.Verify("embed", token));  // kUnauthenticated if tampered
//
// The claims are readable by whoever holds the token: never put a secret in them. Expiry and
// revocation are the caller's to check in the claims. Immutable: safe to share between threads.
#pragma once

#include <string>
#include <string_view>

#include "core/error.hpp"

namespace sagaz::auth {

class Signer {
 public:
  explicit Signer(std::string key) : key_(std::move(key)) {}
  std::string Sign(std::string_view purpose, std::string_view claims) const;
  // The claims of a well-formed token whose MAC is right, compared in constant time.
  Result<std::string> Verify(std::string_view purpose, std::string_view token) const;
  // A keyed digest of `text` (hex, 32 characters): lets claims name a secret without showing it.
  std::string Fingerprint(std::string_view purpose, std::string_view text) const;

 private:
  std::string Mac(std::string_view purpose, std::string_view data) const;  // raw 32 bytes
  std::string key_;
};

}  // namespace sagaz::auth
