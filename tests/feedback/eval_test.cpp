// Metrics against hand-computed values (the same as scikit-learn's classification_report gives
// for these labels).
#include "feedback/eval.hpp"

#include <gtest/gtest.h>

namespace sagaz::feedback {
namespace {

constexpr auto N = Sentiment::kNegative;
constexpr auto U = Sentiment::kNeutral;
constexpr auto P = Sentiment::kPositive;

TEST(EvaluateSentimentTest, MetricsAndConfusion) {
  const std::vector<Sentiment> gold = {N, N, N, U, U, P, P, P, P, P};
  const std::vector<Sentiment> pred = {N, N, P, U, N, P, P, P, U, P};
  const auto e = EvaluateSentiment(gold, pred);
  EXPECT_EQ(e.items, 10);
  EXPECT_DOUBLE_EQ(e.accuracy, 0.7);
  // negative: tp 2, predicted 3, support 3 -> p 2/3, r 2/3
  EXPECT_NEAR(e.per_class[0].precision, 2.0 / 3, 1e-12);
  EXPECT_NEAR(e.per_class[0].recall, 2.0 / 3, 1e-12);
  // neutral: tp 1, predicted 2, support 2 -> 0.5, 0.5
  EXPECT_NEAR(e.per_class[1].f1, 0.5, 1e-12);
  // positive: tp 4, predicted 5, support 5 -> 0.8, 0.8
  EXPECT_NEAR(e.per_class[2].f1, 0.8, 1e-12);
  EXPECT_NEAR(e.macro_f1, (2.0 / 3 + 0.5 + 0.8) / 3, 1e-12);
  const std::vector<std::vector<int64_t>> confusion = {{2, 0, 1}, {1, 1, 0}, {0, 1, 4}};
  EXPECT_EQ(e.confusion, confusion);
  EXPECT_EQ(e.majority_baseline.label, "positive");
  EXPECT_DOUBLE_EQ(e.majority_baseline.accuracy, 0.5);
  // Always positive: positive p 0.5 r 1 f1 2/3; the other classes 0.
  EXPECT_NEAR(e.majority_baseline.macro_f1, (2.0 / 3) / 3, 1e-12);
}

TEST(EvaluateSentimentTest, EmptyAndAbsentClasses) {
  const auto empty = EvaluateSentiment({}, {});
  EXPECT_EQ(empty.items, 0);
  EXPECT_EQ(empty.accuracy, 0);
  const std::vector<Sentiment> gold = {P, P};
  const auto e = EvaluateSentiment(gold, gold);
  EXPECT_EQ(e.accuracy, 1);
  EXPECT_EQ(e.macro_f1, 1);  // macro over the classes present in gold
}

TEST(EvaluateTagsTest, MicroMacroAndBaseline) {
  const std::vector<std::set<std::string>> gold = {
      {"delivery"}, {"delivery", "price"}, {}, {"price"}};
  const std::vector<std::set<std::string>> pred = {
      {"delivery"}, {"delivery"}, {"price"}, {"price"}};
  const auto e = EvaluateTags(gold, pred);
  // tp 3 (delivery x2, price x1), fp 1 (price on item 3), fn 1 (price on item 2)
  EXPECT_DOUBLE_EQ(e.micro_precision, 0.75);
  EXPECT_DOUBLE_EQ(e.micro_recall, 0.75);
  EXPECT_DOUBLE_EQ(e.micro_f1, 0.75);
  // delivery f1 1; price p 1/2 r 1/2 f1 1/2
  EXPECT_DOUBLE_EQ(e.macro_f1, 0.75);
  // delivery and price each in half of the items: predicted for all.
  EXPECT_EQ(e.majority_baseline.tags, (std::vector<std::string>{"delivery", "price"}));
  // tp 4, fp 4, fn 0 -> p 0.5 r 1 -> 2/3
  EXPECT_NEAR(e.majority_baseline.micro_f1, 2.0 / 3, 1e-12);
}

}  // namespace
}  // namespace sagaz::feedback
