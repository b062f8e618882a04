// The parameter search: walk-forward validation inside a training window, a budget of
// candidates starting with the configured ones, reproducible, and a random walk still at chance
// when every evaluation fold searches inside its own window.
#include "forecast/search.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "forecast/walk_forward.hpp"
#include "synthetic.hpp"

namespace sagaz::forecast {
namespace {

WalkForwardConfig Searching(ModelKind kind, int budget) {
  WalkForwardConfig c;
  c.kind = kind;
  c.min_train = 400;
  c.retrain_every = 300;
  c.params.trees = 40;
  c.search_budget = budget;
  return c;
}

TEST(Search, GridsAreSmallAndKeepTheOtherParameters) {
  ModelParams base;
  base.seed = 7;
  EXPECT_EQ(SearchGrid(ModelKind::kLogistic, base).size(), 5u);
  EXPECT_EQ(SearchGrid(ModelKind::kRandomForest, base).size(), 18u);
  const auto gbdt = SearchGrid(ModelKind::kGbdt, base);
  EXPECT_EQ(gbdt.size(), 48u);
  for (const auto& p : gbdt) EXPECT_EQ(p.seed, 7u);
}

TEST(Search, TriesTheBudgetStartingWithTheConfiguredParameters) {
  const auto s = testing::MeanReverting(1500, 4, 0.7);
  const auto f = ComputeFeatures(s);
  const auto l = MakeLabels(s, 1);
  const auto rows = UsableRows(f, l);
  auto c = Searching(ModelKind::kLogistic, 4);
  c.params.l2 = 3.0;  // not in the grid: the first candidate is it
  auto r = SearchParams(f, l, rows, c);
  ASSERT_TRUE(r) << r.error().ToText();
  EXPECT_EQ(r->folds, kSearchFolds);
  ASSERT_EQ(r->tried.size(), 4u);
  EXPECT_EQ(r->tried.front().params.l2, 3.0);
  for (const auto& t : r->tried) {
    EXPECT_GE(t.log_loss, r->best.log_loss);
    EXPECT_GT(t.accuracy, 0.5);  // the rule is learnable
  }
  EXPECT_EQ(r->chosen.l2, r->best.params.l2);
  // Reproducible: the same seed samples the same candidates.
  auto again = SearchParams(f, l, rows, c);
  ASSERT_TRUE(again);
  for (size_t i = 0; i < r->tried.size(); ++i) {
    EXPECT_EQ(again->tried[i].params.l2, r->tried[i].params.l2);
    EXPECT_DOUBLE_EQ(again->tried[i].log_loss, r->tried[i].log_loss);
  }
}

TEST(Search, NoBudgetOrATooShortWindowKeepsTheConfiguredParameters) {
  const auto s = testing::RandomWalk(400, 2);
  const auto f = ComputeFeatures(s);
  const auto l = MakeLabels(s, 1);
  auto rows = UsableRows(f, l);
  auto c = Searching(ModelKind::kGbdt, 0);
  auto none = SearchParams(f, l, rows, c);
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->tried.empty());
  EXPECT_EQ(none->chosen.trees, 40);
  c.search_budget = 5;
  rows.resize(60);  // blocks of 12 rows: too short to validate on
  auto shortw = SearchParams(f, l, rows, c);
  ASSERT_TRUE(shortw);
  EXPECT_EQ(shortw->folds, 0);
  EXPECT_EQ(shortw->chosen.trees, 40);
}

TEST(Search, EveryFoldSearchesInsideItsWindowAndARandomWalkStaysAtChance) {
  const auto s = testing::RandomWalk(1600, 21);
  const auto f = ComputeFeatures(s);
  const auto l = MakeLabels(s, 1);
  auto ev = WalkForward(s, f, l, Searching(ModelKind::kGbdt, 3));
  ASSERT_TRUE(ev) << ev.error().ToText();
  ASSERT_FALSE(ev->folds.empty());
  for (const auto& fold : ev->folds) {
    ASSERT_TRUE(fold.params.has_value());
    ASSERT_TRUE(fold.search_log_loss.has_value());
  }
  EXPECT_NEAR(ev->model.balanced_accuracy, 0.5, 0.06);
  EXPECT_FALSE(ev->beats_baselines);
  EXPECT_FALSE(ev->leakage_suspected);
  const auto shuffled = std::find_if(ev->baselines.begin(), ev->baselines.end(),
                                     [](const Baseline& b) { return b.name == "shuffled_labels"; });
  ASSERT_NE(shuffled, ev->baselines.end());
  EXPECT_NEAR(shuffled->metrics.balanced_accuracy, 0.5, 0.06);
  // Every warning is in both languages.
  for (const auto& w : ev->warnings) {
    EXPECT_FALSE(w.code.empty());
    EXPECT_FALSE(w.en.empty());
    EXPECT_FALSE(w.pt.empty());
    EXPECT_NE(w.en, w.pt);
  }
}

TEST(Search, AnOutOfRangeBudgetIsRejected) {
  auto c = Searching(ModelKind::kLogistic, kMaxSearchBudget + 1);
  const auto st = Validate(c);
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().Detail("field"), "search_budget");
}

}  // namespace
}  // namespace sagaz::forecast
