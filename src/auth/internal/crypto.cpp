#include "auth/internal/crypto.hpp"

#include <sodium.h>

#include <mutex>

namespace sagaz::auth::internal {

Status InitSodium() {
  static const int rc = sodium_init();  // thread-safe static init; sodium_init is idempotent too
  if (rc < 0) return Fail(ErrorCode::kInternal, "libsodium could not be initialized");
  return Ok();
}

Result<std::string> HashPassword(std::string_view password) {
  SAGAZ_TRY(InitSodium());
  std::string out(crypto_pwhash_STRBYTES, '\0');
  // Interactive limits (64 MiB, 2 passes): about 0.1 s, the usual choice for online logins.
  if (crypto_pwhash_str(out.data(), password.data(), password.size(),
                        crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
    return Fail(ErrorCode::kUnavailable, "not enough memory to hash the password");
  }
  out.resize(std::char_traits<char>::length(out.c_str()));
  return out;
}

bool VerifyPassword(std::string_view hash, std::string_view password) {
  if (!InitSodium()) return false;
  const std::string h(hash);  // needs a NUL-terminated string
  return crypto_pwhash_str_verify(h.c_str(), password.data(), password.size()) == 0;
}

std::string RandomToken(size_t bytes) {
  (void)InitSodium();
  std::string raw(bytes, '\0');
  randombytes_buf(raw.data(), raw.size());
  const int variant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
  std::string out(sodium_base64_ENCODED_LEN(bytes, variant), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(raw.data()),
                    raw.size(), variant);
  sodium_memzero(raw.data(), raw.size());
  out.resize(std::char_traits<char>::length(out.c_str()));
  return out;
}

std::string HashSecret(std::string_view secret) {
  (void)InitSodium();
  unsigned char digest[32];
  crypto_generichash(digest, sizeof digest, reinterpret_cast<const unsigned char*>(secret.data()),
                     secret.size(), nullptr, 0);
  std::string hex(sizeof digest * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), digest, sizeof digest);
  hex.pop_back();
  return hex;
}

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace sagaz::auth::internal
