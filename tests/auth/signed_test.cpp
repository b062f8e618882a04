// Signed tokens for browsers (auth/signed.hpp): made and verified, refused when tampered with, and
// bound to their purpose and key.
#include "auth/signed.hpp"

#include <gtest/gtest.h>

namespace sagaz::auth {
namespace {

TEST(Signer, RoundTripAndTampering) {
  const Signer signer("0123456789abcdef0123456789abcdef");
  const std::string token = signer.Sign("embed", "v1|d_1|abc|1767225600000");
  const auto claims = signer.Verify("embed", token);
  ASSERT_TRUE(claims) << claims.error().message;
  EXPECT_EQ(*claims, "v1|d_1|abc|1767225600000");

  // Any changed character of the claims or the MAC is refused.
  for (size_t i = 0; i < token.size(); ++i) {
    if (token[i] == '.') continue;
    std::string bad = token;
    bad[i] = bad[i] == 'A' ? 'B' : 'A';
    const auto r = signer.Verify("embed", bad);
    EXPECT_FALSE(r && *r != *claims) << "forged at " << i;
  }
  for (const char* bad : {"", ".", "abc", "abc.", ".abc", "a.b.c"}) {
    const auto r = signer.Verify("embed", bad);
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().code, ErrorCode::kUnauthenticated);
  }
  EXPECT_FALSE(signer.Verify("other-purpose", token));
  EXPECT_FALSE(Signer("another-key-0123456789abcdef01234").Verify("embed", token));
}

TEST(Signer, FingerprintsAreKeyedAndStable) {
  const Signer a("0123456789abcdef0123456789abcdef");
  const Signer b("fedcba9876543210fedcba9876543210");
  EXPECT_EQ(a.Fingerprint("embed", "link"), a.Fingerprint("embed", "link"));
  EXPECT_EQ(a.Fingerprint("embed", "link").size(), 32u);
  EXPECT_NE(a.Fingerprint("embed", "link"), b.Fingerprint("embed", "link"));
  EXPECT_NE(a.Fingerprint("embed", "link"), a.Fingerprint("embed", "link2"));
}

}  // namespace
}  // namespace sagaz::auth
