// Hand-made JSON Web Tokens for the tests that check what Sagaz refuses: expired, forged, tampered,
// "alg": "none", other algorithms, wrong keys.
#pragma once

#include <string>
#include <string_view>

namespace sagaz::testing {

std::string Base64Url(std::string_view bytes);
// header.payload.signature with an HMAC-SHA256 signature under `key`.
std::string SignHs256(std::string_view header_json, std::string_view payload_json,
                      std::string_view key);
// header.payload. with no signature.
std::string Unsigned(std::string_view header_json, std::string_view payload_json);
// An access-token payload as Sagaz issues them.
std::string AccessPayload(std::string_view user, std::string_view role, long issued_at,
                          long expires_at, long user_version = 1);

}  // namespace sagaz::testing
