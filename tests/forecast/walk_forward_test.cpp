// Walk-forward evaluation on series with known structure: a random walk comes out at chance with
// no leakage warning, a learnable rule is learned, a feature that peeks at the label is caught,
// and no training row's label reaches into its test block.
#include "forecast/walk_forward.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "synthetic.hpp"

namespace sagaz::forecast {
namespace {

WalkForwardConfig Quick(ModelKind kind, int horizon = 1) {
  WalkForwardConfig c;
  c.kind = kind;
  c.horizon = horizon;
  c.min_train = 400;
  c.retrain_every = 200;
  c.params.trees = 60;
  return c;
}

const Baseline& Find(const Evaluation& ev, std::string_view name) {
  return *std::find_if(ev.baselines.begin(), ev.baselines.end(),
                       [&](const Baseline& b) { return b.name == name; });
}

TEST(WalkForward, RandomWalkComesOutAtChanceWithEveryBaseline) {
  const auto s = testing::RandomWalk(2000, 11);
  const auto f = ComputeFeatures(s);
  for (auto kind : {ModelKind::kLogistic, ModelKind::kRandomForest, ModelKind::kGbdt}) {
    SCOPED_TRACE(std::string(ToString(kind)));
    const auto l = MakeLabels(s, 1);
    auto ev = WalkForward(s, f, l, Quick(kind));
    ASSERT_TRUE(ev) << ev.error().ToText();
    EXPECT_NEAR(ev->model.balanced_accuracy, 0.5, 0.05);
    EXPECT_FALSE(ev->beats_baselines);
    EXPECT_FALSE(ev->leakage_suspected);
    ASSERT_EQ(ev->baselines.size(), 4u);
    EXPECT_NEAR(Find(*ev, "shuffled_labels").metrics.balanced_accuracy, 0.5, 0.05);
    EXPECT_NEAR(Find(*ev, "persistence").metrics.balanced_accuracy, 0.5, 0.05);
    EXPECT_EQ(Find(*ev, "always_up").metrics.recall, 1.0);
    EXPECT_FALSE(ev->warnings.empty());  // "does not beat the baselines"
    EXPECT_EQ(ev->importance.size(), FeatureNames().size());
    EXPECT_EQ(ev->calls.size(), static_cast<size_t>(ev->model.n));
  }
}

TEST(WalkForward, LearnsARuleOnPastDataThatPersistenceMisses) {
  const auto s = testing::MeanReverting(2000, 5, 0.75);
  const auto f = ComputeFeatures(s);
  const auto l = MakeLabels(s, 1);
  for (auto kind : {ModelKind::kLogistic, ModelKind::kGbdt}) {
    SCOPED_TRACE(std::string(ToString(kind)));
    auto ev = WalkForward(s, f, l, Quick(kind));
    ASSERT_TRUE(ev) << ev.error().ToText();
    EXPECT_GT(ev->model.balanced_accuracy, 0.68);
    EXPECT_TRUE(ev->beats_baselines);
    EXPECT_NEAR(Find(*ev, "persistence").metrics.balanced_accuracy, 0.5, 0.06);
    EXPECT_NEAR(Find(*ev, "shuffled_labels").metrics.balanced_accuracy, 0.5, 0.05);
    // Above 55% is never shown without the leakage warning, even when the skill is real.
    EXPECT_TRUE(ev->leakage_suspected);
    EXPECT_EQ(ev->importance.front().feature.rfind("ret_5", 0) == 0 ||
                  ev->importance.front().feature.rfind("sma_5", 0) == 0 ||
                  ev->importance.front().feature.rfind("close_sma_5", 0) == 0,
              true)
        << ev->importance.front().feature;
  }
}

TEST(WalkForward, AFeatureThatPeeksAtTheLabelIsFlagged) {
  const auto s = testing::RandomWalk(1500, 3);
  auto f = ComputeFeatures(s);
  const auto l = MakeLabels(s, 1);
  // Replace ret_1 with tomorrow's return: the classic look-ahead.
  for (size_t r = 0; r + 1 < s.size(); ++r) {
    f.values[r * f.cols()] = s.close[r + 1] / s.close[r] - 1;
  }
  auto ev = WalkForward(s, f, l, Quick(ModelKind::kGbdt));
  ASSERT_TRUE(ev);
  EXPECT_GT(ev->model.accuracy, 0.9);
  EXPECT_TRUE(ev->leakage_suspected);
  EXPECT_NE(ev->warnings.front().en.find("LEAKAGE"), std::string::npos);
  EXPECT_NE(ev->warnings.front().pt.find("VAZAMENTO"), std::string::npos);
}

TEST(WalkForward, TrainingLabelsNeverReachTheTestBlock) {
  const auto s = testing::RandomWalk(1600, 9);
  const auto f = ComputeFeatures(s);
  for (int h : {1, 5, 20}) {
    for (auto window : {Window::kExpanding, Window::kRolling}) {
      auto c = Quick(ModelKind::kLogistic, h);
      c.window = window;
      c.rolling_size = 300;
      c.embargo = 2;
      const auto l = MakeLabels(s, h);
      auto ev = WalkForward(s, f, l, c);
      ASSERT_TRUE(ev);
      ASSERT_GE(ev->folds.size(), 4u);
      for (const auto& fold : ev->folds) {
        const auto idx = [&](int32_t day) {
          return static_cast<size_t>(std::lower_bound(s.day.begin(), s.day.end(), day) -
                                     s.day.begin());
        };
        // The last training label reads close[train_to + h], strictly before the test block.
        EXPECT_LT(idx(fold.train_to) + h + c.embargo, idx(fold.test_from));
        if (window == Window::kRolling) {
          EXPECT_LE(fold.train_rows, 300);
        }
      }
    }
  }
}

TEST(WalkForward, TooShortAHistoryIsAClearError) {
  const auto s = testing::RandomWalk(300, 1);
  auto ev = WalkForward(s, ComputeFeatures(s), MakeLabels(s, 1), Quick(ModelKind::kLogistic));
  ASSERT_FALSE(ev);
  EXPECT_EQ(ev.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_NE(ev.error().message.find("not enough history"), std::string::npos);
  auto c = Quick(ModelKind::kLogistic);
  c.horizon = 0;
  auto bad = WalkForward(s, ComputeFeatures(s), MakeLabels(s, 1), c);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().Detail("field"), "horizon");
}

}  // namespace
}  // namespace sagaz::forecast
