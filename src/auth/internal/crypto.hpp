// libsodium behind small functions: argon2id password hashes, random secrets, BLAKE2b token hashes
// and constant-time comparison.
#pragma once

#include <string>
#include <string_view>

#include "core/error.hpp"

namespace sagaz::auth::internal {

// Initializes libsodium once; safe to call from any thread, any number of times.
Status InitSodium();

// An argon2id hash in libsodium's self-describing string form (salt and parameters inside).
Result<std::string> HashPassword(std::string_view password);
// Whether `password` matches `hash`. Takes as long as hashing, by design.
bool VerifyPassword(std::string_view hash, std::string_view password);

// `bytes` random bytes as URL-safe base64 without padding.
std::string RandomToken(size_t bytes);
// Lowercase hex BLAKE2b-256 of a high-entropy secret (tokens, API keys). Not for passwords.
std::string HashSecret(std::string_view secret);
// Compares in time that depends only on the lengths.
bool ConstantTimeEquals(std::string_view a, std::string_view b);

}  // namespace sagaz::auth::internal
