#include "support/tokens.hpp"

#include <sodium.h>

#include <nlohmann/json.hpp>

namespace sagaz::testing {

std::string Base64Url(std::string_view bytes) {
  if (sodium_init() < 0) return {};
  const int variant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
  std::string out(sodium_base64_ENCODED_LEN(bytes.size(), variant), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                    bytes.size(), variant);
  out.resize(std::char_traits<char>::length(out.c_str()));
  return out;
}

std::string SignHs256(std::string_view header_json, std::string_view payload_json,
                      std::string_view key) {
  const std::string input = Base64Url(header_json) + "." + Base64Url(payload_json);
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_state state;
  crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(key.data()),
                              key.size());
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(input.data()),
                                input.size());
  crypto_auth_hmacsha256_final(&state, mac);
  return input + "." + Base64Url(std::string_view(reinterpret_cast<const char*>(mac), sizeof mac));
}

std::string Unsigned(std::string_view header_json, std::string_view payload_json) {
  return Base64Url(header_json) + "." + Base64Url(payload_json) + ".";
}

std::string AccessPayload(std::string_view user, std::string_view role, long issued_at,
                          long expires_at, long user_version) {
  return nlohmann::json{{"iss", "sagaz"},    {"sub", user},        {"role", role},
                        {"jti", "test"},     {"typ", "access"},    {"iat", issued_at},
                        {"exp", expires_at}, {"tv", user_version}, {"sid", "test-session"}}
      .dump();
}

}  // namespace sagaz::testing
