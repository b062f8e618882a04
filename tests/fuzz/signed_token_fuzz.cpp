// Signed tokens handed to browsers (embed tokens, auth/signed.hpp): any bytes are verified, and
// must be refused unless they are exactly a token the signer made; a made token always verifies.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "auth/signed.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // Tokens longer than 8 KiB are refused unread; claims of up to 4 KiB make shorter ones.
  if (size > 4096) return 0;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  static const sagaz::auth::Signer signer("fuzz-key-0123456789abcdef0123456789abcdef");
  const auto verified = signer.Verify("embed", text);
  if (verified && signer.Sign("embed", *verified) != text) std::abort();  // forged
  const std::string made = signer.Sign("embed", text);
  const auto back = signer.Verify("embed", made);
  if (!back || *back != text) std::abort();
  if (signer.Verify("other", made)) std::abort();  // a token is bound to its purpose
  return 0;
}
