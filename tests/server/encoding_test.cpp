// Accept-Encoding as the server reads it, for per-request gzip and precompressed files alike.
#include "server/internal/encoding.hpp"

#include <gtest/gtest.h>
#include <zlib.h>

namespace sagaz::http::internal {
namespace {

TEST(Encoding, AcceptEncodingIsReadAsRfc9110Says) {
  struct Case {
    const char* header;
    const char* coding;
    bool accepted;
  } cases[] = {
      {"", "gzip", false},
      {"gzip", "gzip", true},
      {"GZip", "gzip", true},
      {"br, gzip;q=0.5", "br", true},
      {"br, gzip;q=0.5", "gzip", true},
      {"gzip;q=0", "gzip", false},
      {"gzip; q=0.0", "gzip", false},
      {"deflate", "gzip", false},
      {"*", "gzip", true},
      {"*;q=0", "gzip", false},
      {"*;q=0, gzip", "gzip", true},  // a named coding decides over "*"
      {"gzip;q=0, *", "gzip", false},
      {"identity, *;q=0.1", "br", true},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(AcceptsEncoding(c.header, c.coding), c.accepted) << c.header << " / " << c.coding;
  }
}

TEST(Encoding, OnlyTextOfAKibibyteOrMoreIsCompressed) {
  EXPECT_TRUE(Compressible("application/json", 1024));
  EXPECT_TRUE(Compressible("text/csv; charset=utf-8", 4096));
  EXPECT_FALSE(Compressible("application/json", 1023));
  EXPECT_FALSE(Compressible("image/png", 1 << 20));
}

TEST(Encoding, GzipRoundTrips) {
  const std::string text(100'000, 'x');
  const auto gz = Gzip(text);
  ASSERT_TRUE(gz);
  EXPECT_LT(gz->size(), text.size() / 10);
  std::string back(text.size(), '\0');
  z_stream z{};
  ASSERT_EQ(inflateInit2(&z, 15 + 16), Z_OK);
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(gz->data()));
  z.avail_in = static_cast<uInt>(gz->size());
  z.next_out = reinterpret_cast<Bytef*>(back.data());
  z.avail_out = static_cast<uInt>(back.size());
  EXPECT_EQ(inflate(&z, Z_FINISH), Z_STREAM_END);
  inflateEnd(&z);
  EXPECT_EQ(back, text);
}

}  // namespace
}  // namespace sagaz::http::internal
