#include "models/internal/text_stream.hpp"

#include <gtest/gtest.h>

#include "core/strings.hpp"

namespace sagaz::models::internal {
namespace {

TEST(TextStreamTest, HoldsBackHalfACharacterAndAPossibleStop) {
  TextStream s({"END"});
  EXPECT_EQ(s.Push("caf").text, "caf");
  EXPECT_EQ(s.Push("\xC3").text, "");             // first byte of é
  EXPECT_EQ(s.Push("\xA9 E").text, "\xC3\xA9 ");  // "E" might start END
  auto step = s.Push("N");
  EXPECT_EQ(step.text, "");
  EXPECT_FALSE(step.stopped);
  step = s.Push("Dmore");
  EXPECT_TRUE(step.stopped);
  EXPECT_EQ(step.text, "");
  EXPECT_EQ(s.Push("ignored").text, "");
  EXPECT_EQ(s.Flush(), "");
}

TEST(TextStreamTest, ReleasesAFalseStartAndFlushesTheRest) {
  TextStream s({"</s>", ""});
  EXPECT_EQ(s.Push("a<").text, "a");
  EXPECT_EQ(s.Push("/x").text, "</x");
  EXPECT_EQ(s.Push("<").text, "");
  EXPECT_EQ(s.Flush(), "<");
}

TEST(TextStreamTest, AStopInsideOnePieceCutsIt) {
  TextStream s({"\n\n", "###"});
  auto step = s.Push("one\ntwo###three\n\n");
  EXPECT_TRUE(step.stopped);
  EXPECT_EQ(step.text, "one\ntwo");
}

TEST(TextStreamTest, InvalidBytesBecomeReplacementCharacters) {
  TextStream s({});
  EXPECT_EQ(s.Push("ok\xFF").text, "ok\xEF\xBF\xBD");
  EXPECT_EQ(s.Push("\xE2\x82").text, "");  // perhaps the start of a character
  const std::string rest = s.Flush();
  EXPECT_FALSE(rest.empty());
  EXPECT_TRUE(IsValidUtf8(rest));
}

}  // namespace
}  // namespace sagaz::models::internal
