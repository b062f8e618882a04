#include "core/strings.hpp"

#include <gtest/gtest.h>

namespace sagaz {
namespace {

TEST(Strings, FoldAccents) {
  EXPECT_EQ(FoldAccents("São João, Nível da Água"), "Sao Joao, Nivel da Agua");
  EXPECT_EQ(FoldAccents("ÇÃÕÉÍÓÚÂÊÔÀÜ çãõéíóúâêôàü"), "CAOEIOUAEOAU caoeiouaeoau");
  EXPECT_EQ(FoldAccents("Łódź"), "Lodz");
  EXPECT_EQ(FoldAccents("plain ascii 123"), "plain ascii 123");
  EXPECT_EQ(FoldAccents("×÷"), "×÷");
}

TEST(Strings, Utf8Validation) {
  EXPECT_TRUE(IsValidUtf8("ação"));
  EXPECT_FALSE(IsValidUtf8("a\xE7\xE3o"));    // Latin-1 bytes
  EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));      // overlong
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));  // surrogate
  EXPECT_EQ(SanitizeUtf8("a\xFF"
                         "b"),
            "a\xEF\xBF\xBD"
            "b");
}

TEST(Strings, SqlQuoting) {
  EXPECT_EQ(QuoteIdent("a\"b"), "\"a\"\"b\"");
  EXPECT_EQ(QuoteLiteral("it's"), "'it''s'");
}

TEST(Strings, Numbers) {
  EXPECT_EQ(ParseNumber<int>(" 42 "), 42);
  EXPECT_EQ(ParseNumber<int>("+7"), 7);
  EXPECT_FALSE(ParseNumber<int>("4x"));
  EXPECT_FALSE(ParseNumber<int>(""));
  EXPECT_DOUBLE_EQ(*ParseNumber<double>("0.25"), 0.25);
  EXPECT_EQ(ParseBool("Yes"), true);
  EXPECT_EQ(ParseBool("off"), false);
  EXPECT_FALSE(ParseBool("maybe"));
  EXPECT_EQ(FormatBytes(1536), "1.5 KiB");
}

TEST(Strings, SplitTrimJoin) {
  auto parts = Split("a,,b", ',');
  ASSERT_EQ(parts.size(), 3u);
  EXPECT_EQ(parts[1], "");
  EXPECT_EQ(Trim("  x \n"), "x");
  std::vector<std::string> v = {"a", "b"};
  EXPECT_EQ(Join(v, ", "), "a, b");
}

// A temporary string gives owning results: views into it would dangle (json_body_fuzz found one).
TEST(Strings, SplitAndTrimOfATemporaryOwnTheirParts) {
  auto text = [] { return std::string(" amount , freight "); };
  std::vector<std::string> names;
  for (const auto& part : Split(text(), ',')) names.emplace_back(Trim(part));
  EXPECT_EQ(names, (std::vector<std::string>{"amount", "freight"}));
  static_assert(std::is_same_v<decltype(Split(text(), ',')), std::vector<std::string>>);
  static_assert(std::is_same_v<decltype(Trim(text())), std::string>);
  static_assert(std::is_same_v<decltype(Trim(std::string_view("x"))), std::string_view>);
  EXPECT_EQ(Trim(text()), "amount , freight");
}

}  // namespace
}  // namespace sagaz
