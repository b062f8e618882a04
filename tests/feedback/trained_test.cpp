// The trained classifier: features, training with cross-validation, model files, and the
// service's versions (train, activate, roll back) over gold labels kept by relabelling.
#include "feedback/trained.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>

#include "core/strings.hpp"
#include "feedback/feedback.hpp"
#include "feedback/internal/linear.hpp"
#include "support/support.hpp"
#include "versioning/version_store.hpp"

namespace sagaz::feedback {
namespace {

// Small labelled reviews made from parts: every class has its own words, and tags their own.
std::vector<LabelledComment> Reviews() {
  const std::vector<std::string> products = {"o fone",  "a camiseta", "o celular", "a panela",
                                             "o tênis", "a mochila",  "o livro",   "a cadeira"};
  const std::vector<std::string> good = {"é ótimo, adorei", "é excelente, recomendo",
                                         "superou as expectativas", "é perfeito, amei"};
  const std::vector<std::string> bad = {"é péssimo, detestei", "veio quebrado, horrível",
                                        "é uma porcaria, não recomendo", "é ruim demais"};
  const std::vector<std::string> meh = {"chegou hoje, ainda vou testar", "é da cor azul",
                                        "veio na caixa", "tem o tamanho informado"};
  std::vector<LabelledComment> out;
  for (size_t p = 0; p < products.size(); ++p) {
    for (size_t k = 0; k < 4; ++k) {
      const bool late = (p + k) % 3 == 0;
      const std::string delivery = late ? " e a entrega atrasou" : "";
      out.push_back({products[p] + " " + good[k] + delivery, Sentiment::kPositive,
                     late ? std::vector<std::string>{"delivery"} : std::vector<std::string>{}});
      out.push_back({products[p] + " " + bad[k] + delivery, Sentiment::kNegative,
                     late ? std::vector<std::string>{"delivery"} : std::vector<std::string>{}});
      out.push_back({products[p] + " " + meh[k] + delivery, Sentiment::kNeutral,
                     late ? std::vector<std::string>{"delivery"} : std::vector<std::string>{}});
    }
  }
  return out;
}

TEST(FeatureTest, CountsAreSortedAndDeterministic) {
  internal::FeatureCounts a, b;
  internal::CountFeatures("Ótimo produto!! ÓTIMOOOO https://x.y/z @loja", 18, a);
  internal::CountFeatures("otimo produto otimo", 18, b);
  EXPECT_EQ(a.ids, b.ids);  // case, accents, repeated letters, URLs and mentions do not count
  EXPECT_EQ(a.counts, b.counts);
  EXPECT_TRUE(std::is_sorted(a.ids.begin(), a.ids.end()));
  EXPECT_EQ(internal::FeatureWords("RT @x: Ótimooo!! https://t.co/a"), "otimo");
  EXPECT_EQ(DedupKey("RT @loja: Adorei"), DedupKey("adorei"));
}

TEST(TrainedTest, CrossValidatesAndClassifies) {
  auto taxonomy = LoadTaxonomy("");
  ASSERT_TRUE(taxonomy);
  auto data = Reviews();
  data.push_back(data.front());  // a repeated text is left out
  auto trained = TrainClassifier(data, **taxonomy, {.folds = 4});
  ASSERT_TRUE(trained) << trained.error().ToText();
  EXPECT_EQ(trained->items, 96);
  EXPECT_EQ(trained->duplicates, 1);
  ASSERT_TRUE(trained->cv.sentiment);
  EXPECT_EQ(trained->cv.sentiment->items, 96);
  EXPECT_GT(trained->cv.sentiment->macro_f1, 0.8);
  EXPECT_EQ(trained->cv.fold_macro_f1.size(), 4u);
  ASSERT_TRUE(trained->cv.tags);
  EXPECT_EQ(trained->tags, std::vector<std::string>{"delivery"});

  auto classifier = LoadTrainedClassifier(trained->model, "v1", *taxonomy);
  ASSERT_TRUE(classifier) << classifier.error().ToText();
  EXPECT_EQ((*classifier)->name(), "trained");
  EXPECT_EQ((*classifier)->version(), "v1");
  const auto pos = (*classifier)->Classify("a mochila é ótima, adorei e recomendo");
  EXPECT_EQ(pos.sentiment, Sentiment::kPositive);
  EXPECT_GT(pos.score, 0);
  const auto neg = (*classifier)->Classify("o fone veio quebrado e a entrega atrasou, péssimo");
  EXPECT_EQ(neg.sentiment, Sentiment::kNegative);
  EXPECT_LT(neg.score, 0);
  EXPECT_EQ(neg.tags, std::vector<std::string>{"delivery"});

  // Deterministic: the same data and options give the same model.
  auto again = TrainClassifier(data, **taxonomy, {.folds = 4});
  ASSERT_TRUE(again);
  EXPECT_EQ(again->model, trained->model);
}

TEST(TrainedTest, RefusesWhatItCannotLearn) {
  auto taxonomy = LoadTaxonomy("");
  ASSERT_TRUE(taxonomy);
  std::vector<LabelledComment> one_class = {{"bom", Sentiment::kPositive, {}},
                                            {"ótimo", Sentiment::kPositive, {}}};
  EXPECT_FALSE(TrainClassifier(one_class, **taxonomy, {.folds = 2}));
  std::vector<LabelledComment> unknown_tag = {{"bom", Sentiment::kPositive, {{"nope"}}}};
  auto r = TrainClassifier(unknown_tag, **taxonomy, {});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  EXPECT_FALSE(TrainClassifier(Reviews(), **taxonomy, {.folds = 11}));
}

TEST(TrainedTest, DamagedModelFilesFailCleanly) {
  auto taxonomy = LoadTaxonomy("");
  ASSERT_TRUE(taxonomy);
  auto trained = TrainClassifier(Reviews(), **taxonomy, {.folds = 2});
  ASSERT_TRUE(trained);
  const std::string& bytes = trained->model;
  for (size_t cut : {size_t{0}, size_t{4}, size_t{20}, bytes.size() / 2, bytes.size() - 1}) {
    EXPECT_FALSE(LoadTrainedClassifier(bytes.substr(0, cut), "x", *taxonomy)) << cut;
  }
  std::string flipped = bytes;
  flipped[12] = '\x7f';  // the output count
  EXPECT_FALSE(LoadTrainedClassifier(flipped, "x", *taxonomy));
}

struct Rec {
  std::string id, created_at, checksum, slot;
  bool active = false;
};

TEST(VersionStoreTest, SavesActivatesRollsBackAndSkipsDamagedVersions) {
  testing::TempDir dir;
  versioning::RecordCodec<Rec> codec{
      .encode = [](const Rec& r) { return r.created_at + "\n" + r.checksum + "\n" + r.slot; },
      .decode = [](std::string_view text) -> Result<Rec> {
        const auto parts = Split(text, '\n');
        if (parts.size() != 3) return Fail(ErrorCode::kInvalidArgument, "bad record");
        return Rec{"", std::string(parts[0]), std::string(parts[1]), std::string(parts[2])};
      },
      .slot = [](const Rec& r) { return r.slot; }};
  {
    versioning::VersionStore<Rec> store(dir.path(), "test", codec);
    Rec a{"a", "2024-01-01", "", "s"}, b{"b", "2024-01-02", "", "s"};
    ASSERT_TRUE(store.Save(a, "model a"));
    ASSERT_TRUE(store.Save(b, "model b"));
    Rec bad{"../x", "", "", "s"};
    EXPECT_FALSE(store.Save(bad, "bad id"));
    ASSERT_TRUE(store.SetActive(b));
    auto active = store.Active("s");
    ASSERT_TRUE(active && *active);
    EXPECT_EQ((*active)->id, "b");
    ASSERT_TRUE(store.SetActive(a));  // rollback
    EXPECT_EQ((*store.Active("s"))->id, "a");
    EXPECT_EQ(*store.ReadModel(*store.Get("a")), "model a");
  }
  std::filesystem::remove(dir.path() / "b" / "record.json");
  { std::ofstream(dir.path() / "a" / "model.bin") << "tampered"; }
  versioning::VersionStore<Rec> reopened(dir.path(), "test", codec);
  auto list = reopened.List();
  ASSERT_TRUE(list);
  ASSERT_EQ(list->size(), 1u);  // b's record is gone: skipped
  EXPECT_TRUE((*list)[0].active);
  auto damaged = reopened.ReadModel((*list)[0]);
  ASSERT_FALSE(damaged);
  EXPECT_EQ(damaged.error().code, ErrorCode::kFailedPrecondition);
  ASSERT_TRUE(reopened.ClearActive("s"));
  EXPECT_FALSE(*reopened.Active("s"));
}

class TrainedServiceTest : public ::testing::Test {
 protected:
  FeedbackService& service() { return app_->feedback(); }
  testing::TestApp app_;
};

TEST_F(TrainedServiceTest, TrainsOnGoldLabelsActivatesAndRollsBack) {
  const auto reviews = Reviews();
  std::vector<CommentInput> comments;
  for (size_t i = 0; i < reviews.size(); ++i) {
    comments.push_back({.id = std::to_string(i), .text = reviews[i].text, .source = "shop"});
  }
  ASSERT_TRUE(service().StoreClassified(comments, "b1"));
  // No labels yet: nothing to learn.
  EXPECT_FALSE(service().Train({}));
  for (size_t i = 0; i < reviews.size(); ++i) {
    auto label = service().Relabel({.source = "shop",
                                    .id = std::to_string(i),
                                    .sentiment = reviews[i].sentiment,
                                    .tags = reviews[i].tags,
                                    .by = "ana"});
    ASSERT_TRUE(label) << label.error().ToText();
  }
  auto missing =
      service().Relabel({.source = "shop", .id = "nope", .sentiment = Sentiment::kPositive});
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
  EXPECT_FALSE(service().Relabel({.source = "shop", .id = "1", .tags = {{"not-a-tag"}}}));
  // A later label of one part keeps the other.
  ASSERT_TRUE(service().Relabel({.source = "shop", .id = "0", .tags = {{"delivery"}}}));
  auto gold = service().GoldLabels();
  ASSERT_TRUE(gold);
  ASSERT_EQ(gold->size(), reviews.size());
  auto first = std::find_if(gold->begin(), gold->end(),
                            [&](const LabelledComment& g) { return g.text == reviews[0].text; });
  ASSERT_NE(first, gold->end());
  EXPECT_EQ(first->sentiment, reviews[0].sentiment);
  EXPECT_EQ(first->tags, std::vector<std::string>{"delivery"});
  auto page = service().List({.source = "shop", .limit = 5});
  ASSERT_TRUE(page && !page->comments.empty());
  EXPECT_TRUE(page->comments[0].gold_sentiment.has_value());

  auto v1 = service().Train({.options = {.folds = 3}, .activate = true});
  ASSERT_TRUE(v1) << v1.error().ToText();
  EXPECT_EQ(v1->version, 1);
  EXPECT_EQ(v1->trained_on, "gold labels");
  EXPECT_TRUE(v1->active);
  ASSERT_TRUE(v1->cv.sentiment);
  EXPECT_EQ(service().classifier()->name(), "trained");
  EXPECT_EQ(service().classifier()->version(), v1->id);

  auto v2 = service().Train({.options = {.folds = 2}});
  ASSERT_TRUE(v2);
  EXPECT_EQ(v2->version, 2);
  EXPECT_FALSE(v2->active);
  EXPECT_EQ(service().classifier()->version(), v1->id);  // not activated
  ASSERT_TRUE(service().Activate(v2->id));
  EXPECT_EQ(service().classifier()->version(), v2->id);
  ASSERT_TRUE(service().Activate(v1->id));  // rollback
  EXPECT_EQ(service().classifier()->version(), v1->id);

  // Classifications say which classifier and version made them.
  ASSERT_TRUE(service().MarkForReclassification("r1", "shop"));
  auto done = service().ClassifyBatch("r1", {});
  ASSERT_TRUE(done);
  EXPECT_EQ(done->classifier, "trained");
  EXPECT_EQ(done->classifier_version, v1->id);
  auto history = service().History("shop", "0");
  ASSERT_TRUE(history);
  ASSERT_EQ(history->size(), 2u);
  EXPECT_EQ((*history)[0].classifier, "trained");
  EXPECT_EQ((*history)[1].classifier, "builtin");

  auto models = service().Models();
  ASSERT_TRUE(models);
  ASSERT_EQ(models->size(), 2u);
  ASSERT_TRUE(service().Activate("builtin"));
  EXPECT_EQ(service().classifier()->name(), "builtin");
  ASSERT_TRUE(service().DeleteModel(v2->id));
  EXPECT_EQ(service().Models()->size(), 1u);
  EXPECT_FALSE(service().Activate(v2->id));
}

}  // namespace
}  // namespace sagaz::feedback
