#include "core/error.hpp"

#include <gtest/gtest.h>

namespace sagaz {
namespace {

Result<int> Parse(int v) {
  if (v < 0) return Fail(ErrorCode::kInvalidArgument, "negative");
  return v * 2;
}

Result<int> Twice(int v) {
  int a = SAGAZ_TRY(Parse(v));
  int b = SAGAZ_TRY(Parse(SAGAZ_TRY(Parse(v))));  // nested uses do not shadow
  return a + b;
}

Status Check(int v) {
  SAGAZ_TRY(Parse(v));
  return Ok();
}

TEST(Error, TryPropagatesValuesAndErrors) {
  EXPECT_EQ(*Twice(1), 2 + 4);
  auto bad = Twice(-1);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(bad.error().message, "negative");
  EXPECT_TRUE(Check(3));
  EXPECT_FALSE(Check(-3));
}

TEST(Error, DetailsAndText) {
  Error e =
      Error(ErrorCode::kNotFound, "dataset 'x' does not exist").With("dataset", "x").With("k", "v");
  EXPECT_EQ(e.Detail("dataset"), "x");
  EXPECT_EQ(e.Detail("missing"), "");
  EXPECT_EQ(e.ToText(), "not_found: dataset 'x' does not exist (dataset=x, k=v)");
}

TEST(Error, CodesHaveStableNames) {
  EXPECT_EQ(ToString(ErrorCode::kInvalidArgument), "invalid_argument");
  EXPECT_EQ(ToString(ErrorCode::kPayloadTooLarge), "payload_too_large");
  EXPECT_EQ(ToString(ErrorCode::kIo), "io_error");
}

TEST(Error, CatchAllConvertsExceptions) {
  auto r = CatchAll([]() -> Result<int> { throw std::runtime_error("boom"); });
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kInternal);
  EXPECT_NE(r.error().message.find("boom"), std::string::npos);
}

}  // namespace
}  // namespace sagaz
