#include "auth/signed.hpp"

#include <sodium.h>

#include <array>
#include <optional>

namespace sagaz::auth {

namespace {

std::string ToBase64Url(std::string_view bytes) {
  constexpr int kVariant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
  std::string out(sodium_base64_ENCODED_LEN(bytes.size(), kVariant), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                    bytes.size(), kVariant);
  out.resize(std::char_traits<char>::length(out.c_str()));
  return out;
}

std::optional<std::string> FromBase64Url(std::string_view text) {
  std::string out(text.size(), '\0');
  size_t length = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(),
                        text.size(), nullptr, &length, nullptr,
                        sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0) {
    return std::nullopt;
  }
  out.resize(length);
  return out;
}

std::string Hmac(std::string_view key, std::string_view data) {
  std::array<unsigned char, crypto_auth_hmacsha256_BYTES> mac{};
  crypto_auth_hmacsha256_state state;
  crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(key.data()),
                              key.size());
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(data.data()),
                                data.size());
  crypto_auth_hmacsha256_final(&state, mac.data());
  return std::string(reinterpret_cast<const char*>(mac.data()), mac.size());
}

Error Invalid() { return Error(ErrorCode::kUnauthenticated, "the token is not valid"); }

}  // namespace

std::string Signer::Mac(std::string_view purpose, std::string_view data) const {
  // The purpose's own key: HMAC(server key, "sagaz:" purpose).
  return Hmac(Hmac(key_, "sagaz:" + std::string(purpose)), data);
}

std::string Signer::Sign(std::string_view purpose, std::string_view claims) const {
  const std::string body = ToBase64Url(claims);
  return body + "." + ToBase64Url(Mac(purpose, body));
}

Result<std::string> Signer::Verify(std::string_view purpose, std::string_view token) const {
  const auto dot = token.find('.');
  if (dot == std::string_view::npos || token.size() > 8192) return Fail(Invalid());
  const std::string_view body = token.substr(0, dot);
  const auto mac = FromBase64Url(token.substr(dot + 1));
  const std::string expected = Mac(purpose, body);
  if (!mac || mac->size() != expected.size() ||
      sodium_memcmp(mac->data(), expected.data(), expected.size()) != 0) {
    return Fail(Invalid());
  }
  auto claims = FromBase64Url(body);
  if (!claims) return Fail(Invalid());
  return std::move(*claims);
}

std::string Signer::Fingerprint(std::string_view purpose, std::string_view text) const {
  const std::string mac = Mac(purpose, text);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (size_t i = 0; i < 16; ++i) {
    out += kHex[static_cast<unsigned char>(mac[i]) >> 4];
    out += kHex[static_cast<unsigned char>(mac[i]) & 15];
  }
  return out;
}

}  // namespace sagaz::auth
