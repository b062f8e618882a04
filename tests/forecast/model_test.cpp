// The classifiers: logistic regression against scikit-learn's figures, the XGBoost models on
// learnable data, save/load round trips and damaged files.
#include "forecast/model.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "forecast/metrics.hpp"

namespace sagaz::forecast {
namespace {

// y = 1 when x0 + 0.5 x1 + noise > 0.
struct Data {
  std::vector<double> x;
  std::vector<int8_t> y;
  size_t rows = 0;
  MatrixView view() const { return {x.data(), rows, 2}; }
};
Data Make(size_t n, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> z(0, 1);
  Data d;
  d.rows = n;
  for (size_t i = 0; i < n; ++i) {
    const double a = z(rng), b = z(rng);
    d.x.push_back(a);
    d.x.push_back(b);
    d.y.push_back(a + 0.5 * b + 0.5 * z(rng) > 0 ? 1 : 0);
  }
  return d;
}

TEST(Logistic, MatchesScikitLearnOnAFixedProblem) {
  // scikit-learn 1.2: LogisticRegression(C=1.0, tol=1e-12).fit(Xs, y).predict_proba(Xs)[:, 1],
  // Xs = X standardized with the population standard deviation (as our model does inside).
  const std::vector<double> x = {-1, -1, -1, 1, 1, -1, 1, 1, 0, 0, 2, 0};
  const std::vector<int8_t> y = {0, 0, 1, 1, 1, 0};
  auto m = MakeClassifier(ModelKind::kLogistic, {.l2 = 1.0});
  ASSERT_TRUE(m);
  ASSERT_TRUE((*m)->Fit({x.data(), 6, 2}, y));
  const auto p = (*m)->PredictProba({x.data(), 6, 2});
  ASSERT_TRUE(p);
  const std::vector<double> sklearn = {0.391543, 0.391543, 0.554946, 0.554946, 0.472508, 0.634466};
  for (size_t i = 0; i < 6; ++i) EXPECT_NEAR((*p)[i], sklearn[i], 1e-4) << "row " << i;
}

TEST(Classifiers, LearnALinearRuleAndRoundTrip) {
  const auto train = Make(1500, 1), test = Make(800, 2);
  for (auto kind : {ModelKind::kLogistic, ModelKind::kRandomForest, ModelKind::kGbdt}) {
    SCOPED_TRACE(std::string(ToString(kind)));
    auto m = MakeClassifier(kind, {.trees = 100});
    ASSERT_TRUE(m);
    ASSERT_TRUE((*m)->Fit(train.view(), train.y));
    const auto p = (*m)->PredictProba(test.view());
    ASSERT_TRUE(p);
    const auto score = Score(test.y, *p, true, 1);
    EXPECT_GT(score.accuracy, 0.8);
    EXPECT_GT(*score.auc, 0.88);
    const auto imp = (*m)->Importance();
    ASSERT_EQ(imp.size(), 2u);
    EXPECT_GT(imp[0], imp[1]);  // x0 weighs twice x1
    const auto bytes = (*m)->Save();
    ASSERT_TRUE(bytes);
    auto loaded = LoadClassifier(kind, *bytes, {});
    ASSERT_TRUE(loaded) << loaded.error().ToText();
    const auto q = (*loaded)->PredictProba(test.view());
    ASSERT_TRUE(q);
    for (size_t i = 0; i < p->size(); ++i) ASSERT_NEAR((*p)[i], (*q)[i], 1e-6);
    // A damaged file is refused with a clear error, never a crash.
    std::string damaged = *bytes;
    damaged.resize(damaged.size() / 2);
    auto bad = LoadClassifier(kind, damaged, {});
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().code, ErrorCode::kInvalidArgument);
    // The wrong number of features is an error too.
    const std::vector<double> one = {1, 2, 3};
    EXPECT_FALSE((*loaded)->PredictProba({one.data(), 1, 3}));
  }
}

TEST(Classifiers, UnknownKindIsNamed) {
  auto k = ParseModelKind("svm");
  ASSERT_FALSE(k);
  EXPECT_NE(k.error().message.find("random_forest"), std::string::npos);
  EXPECT_EQ(*ParseModelKind("rf"), ModelKind::kRandomForest);
  EXPECT_EQ(*ParseModelKind("xgboost"), ModelKind::kGbdt);
}

TEST(Metrics, ScoreCountsAndAuc) {
  const std::vector<int8_t> t = {1, 1, 0, 0, 1};
  const std::vector<double> p = {0.9, 0.4, 0.3, 0.6, 0.8};
  const auto m = Score(t, p, true, 1);
  EXPECT_NEAR(m.accuracy, 3.0 / 5, 1e-12);
  // recalls: up 2/3, down 1/2
  EXPECT_NEAR(m.balanced_accuracy, (2.0 / 3 + 0.5) / 2, 1e-12);
  EXPECT_NEAR(m.precision, 2.0 / 3, 1e-12);
  // pairs (pos, neg) ranked right: 0.9>{.3,.6}, 0.4>{.3}, 0.8>{.3,.6} = 5 of 6
  EXPECT_NEAR(*m.auc, 5.0 / 6, 1e-12);
  EXPECT_EQ(m.confusion[1][1], 2);
  EXPECT_EQ(m.confusion[0][1], 1);
  EXPECT_LT(m.accuracy_low, m.accuracy);
  EXPECT_GT(m.accuracy_high, m.accuracy);
  const auto s = RunStrategy(std::vector<int32_t>{1, 2, 3}, std::vector<double>{0.9, 0.1, 0.9},
                             std::vector<double>{0.1, -0.5, -0.1});
  EXPECT_NEAR(s.total_return, 1.1 * 0.9 - 1, 1e-12);
  EXPECT_NEAR(s.buy_hold_return, 1.1 * 0.5 * 0.9 - 1, 1e-12);
  EXPECT_NEAR(s.hit_rate, 0.5, 1e-12);
  EXPECT_NEAR(s.max_drawdown, 0.1, 1e-12);
}

}  // namespace
}  // namespace sagaz::forecast
