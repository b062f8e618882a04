#include "workflows/expr.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace sagaz::workflows {
namespace {

bool Eval(std::string_view text, const Json& scope) {
  auto e = Expression::Parse(text);
  EXPECT_TRUE(e) << text << ": " << e.error().ToText();
  if (!e) return false;
  return e->Evaluate([&](const Path& p) { return Lookup(scope, p); });
}

TEST(ExprTest, ComparesNumbersStringsAndReferences) {
  const Json scope = {{"steps", {{"a", {{"output", {{"rows", 120}, {"list", {1, 2, 3}}}}}}}},
                      {"vars", {{"region", "sul"}, {"min", 100}}}};
  struct Case {
    std::string_view text;
    bool expected;
  } cases[] = {
      {"steps.a.output.rows > 100", true},
      {"steps.a.output.rows > vars.min and vars.region == 'sul'", true},
      {"steps.a.output.rows <= 100 or vars.region != \"sul\"", false},
      {"not (steps.a.output.rows == 120)", false},
      {"!(1 < 2) || 3 >= 3", true},
      {"steps.a.output.list[2] == 3", true},
      {"steps.a.output.missing == null", true},
      {"steps.a.output.missing > 1", false},
      {"steps.a.output.missing", false},
      {"vars.region", true},
      {"'10' == 10", false},
      {"'10' != 10", true},
      {"-1.5e1 < -10", true},
      {"true and not false", true},
      {"'abc' < 'abd'", true},
      {"vars.region = 'sul'", true},
  };
  for (const auto& c : cases) EXPECT_EQ(Eval(c.text, scope), c.expected) << c.text;
}

TEST(ExprTest, ErrorsNameTheColumn) {
  struct Case {
    std::string_view text;
    std::string_view column;
  } cases[] = {{"", "1"},        {"1 >", "4"},   {"(1 > 2", "7"},
               {"1 > 2 3", "7"}, {"'abc", "1"},  {"a.b[x] > 1", "5"},
               {"1 # 2", "3"},   {"and 1", "1"}, {"1.2.3 > 1", "1"}};
  for (const auto& c : cases) {
    auto e = Expression::Parse(c.text);
    ASSERT_FALSE(e) << c.text;
    EXPECT_EQ(e.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(e.error().Detail("column"), c.column) << c.text << ": " << e.error().message;
  }
}

TEST(ExprTest, DeepNestingIsRefused) {
  std::string deep(200, '(');
  deep += "1";
  deep += std::string(200, ')');
  EXPECT_FALSE(Expression::Parse(deep));
  std::string nots;
  for (int i = 0; i < 500; ++i) nots += "not ";
  EXPECT_FALSE(Expression::Parse(nots + "1"));
  EXPECT_FALSE(Expression::Parse(std::string(5000, '1')));
}

TEST(ExprTest, ListsReferences) {
  auto e = Expression::Parse("steps.a.output.x > vars.k or item == 1");
  ASSERT_TRUE(e);
  ASSERT_EQ(e->references().size(), 3u);
  EXPECT_EQ(e->references()[0].segments[1].name, "a");
  EXPECT_EQ(e->references()[1].text, "vars.k");
}

}  // namespace
}  // namespace sagaz::workflows
