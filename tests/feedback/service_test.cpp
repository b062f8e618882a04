// FeedbackService on a fresh data directory: idempotent storage, classification, history,
// filters, summaries, the public report and evaluation of stored classifications.
#include <gtest/gtest.h>

#include <set>

#include "feedback/eval.hpp"
#include "feedback/feedback.hpp"
#include "support/support.hpp"

namespace sagaz::feedback {
namespace {

CommentInput C(std::string id, std::string text, std::string source = "store") {
  CommentInput c;
  c.id = std::move(id);
  c.text = std::move(text);
  c.source = std::move(source);
  return c;
}

class FeedbackServiceTest : public ::testing::Test {
 protected:
  FeedbackService& service() { return app_->feedback(); }
  testing::TestApp app_;
};

TEST_F(FeedbackServiceTest, StoresIdempotentlyAndReportsBadItems) {
  std::vector<CommentInput> batch = {C("1", "Entrega rápida, produto ótimo"), C("2", "   "),
                                     C("", "sem id"), C("3", "Veio quebrado, péssimo")};
  batch[3].created_at = "2024-03-01";
  batch.push_back(C("4", "data ruim"));
  batch.back().created_at = "ontem";
  auto r = service().Store(batch, "b1");
  ASSERT_TRUE(r) << r.error().ToText();
  EXPECT_EQ(r->received, 5);
  EXPECT_EQ(r->inserted, 2);
  EXPECT_EQ(r->rejected, 3);
  ASSERT_EQ(r->errors.size(), 3u);
  EXPECT_EQ(r->errors[0].index, 1);
  EXPECT_EQ(r->errors[0].field, "text");
  EXPECT_EQ(r->errors[1].field, "id");
  EXPECT_EQ(r->errors[2].field, "created_at");

  auto done = service().ClassifyBatch("b1", {});
  ASSERT_TRUE(done) << done.error().ToText();
  EXPECT_EQ(done->classified, 2);
  EXPECT_EQ(done->classifier, "builtin");

  // The same comments again: nothing stored twice, nothing classified again.
  auto again = service().Store(std::vector<CommentInput>{C("1", "Entrega rápida, produto ótimo"),
                                                         C("3", "Veio quebrado, péssimo")},
                               "b2");
  ASSERT_TRUE(again);
  EXPECT_EQ(again->unchanged, 2);
  EXPECT_EQ(again->inserted + again->updated, 0);
  EXPECT_EQ(service().ClassifyBatch("b2", {})->classified, 0);

  // A changed text replaces the comment and is classified again; the history keeps both.
  auto changed =
      service().Store(std::vector<CommentInput>{C("3", "Chegou perfeito, adorei")}, "b3");
  ASSERT_TRUE(changed);
  EXPECT_EQ(changed->updated, 1);
  EXPECT_EQ(service().ClassifyBatch("b3", {})->classified, 1);
  auto history = service().History("store", "3");
  ASSERT_TRUE(history);
  ASSERT_EQ(history->size(), 2u);
  EXPECT_EQ((*history)[0].sentiment, Sentiment::kPositive);
  EXPECT_EQ((*history)[1].sentiment, Sentiment::kNegative);
  EXPECT_FALSE(service().History("store", "nope"));

  auto all = service().List({});
  ASSERT_TRUE(all);
  EXPECT_EQ(all->comments.size(), 2u);
}

// What file imports use: classified as stored, in one transaction, with the same idempotence.
TEST_F(FeedbackServiceTest, StoreClassifiedLeavesNothingPending) {
  std::vector<CommentInput> batch = {C("1", "Entrega rápida, produto ótimo"),
                                     C("2", "Veio quebrado, péssimo"), C("3", " ")};
  auto r = service().StoreClassified(batch, "f1");
  ASSERT_TRUE(r) << r.error().ToText();
  EXPECT_EQ(r->inserted, 2);
  EXPECT_EQ(r->rejected, 1);
  EXPECT_EQ(r->classified, 2);
  EXPECT_EQ(service().ClassifyBatch("f1", {})->classified, 0);
  auto page = service().List({});
  ASSERT_TRUE(page);
  ASSERT_EQ(page->comments.size(), 2u);
  for (const auto& c : page->comments) {
    ASSERT_TRUE(c.sentiment) << c.id;
    EXPECT_EQ(c.classifier, "builtin");
    EXPECT_EQ(*c.sentiment, c.id == "1" ? Sentiment::kPositive : Sentiment::kNegative);
  }
  EXPECT_EQ(service().History("store", "2")->size(), 1u);

  // Resent: nothing classified again. Changed: replaced and classified again, history of both.
  auto again =
      service().StoreClassified(std::vector<CommentInput>{C("1", "Entrega rápida, produto ótimo"),
                                                          C("2", "Adorei, perfeito")},
                                "f2");
  ASSERT_TRUE(again) << again.error().ToText();
  EXPECT_EQ(again->unchanged, 1);
  EXPECT_EQ(again->updated, 1);
  EXPECT_EQ(again->classified, 1);
  auto history = service().History("store", "2");
  ASSERT_EQ(history->size(), 2u);
  EXPECT_EQ((*history)[0].sentiment, Sentiment::kPositive);
  EXPECT_EQ(service().History("store", "1")->size(), 1u);
  EXPECT_EQ(service().List({})->comments.size(), 2u);

  // A comment stored by Store and classified by the job is replaced whole (its other fields kept).
  auto pending = C("9", "Atendimento ruim");
  pending.author = "ana";
  ASSERT_TRUE(service().Store(std::vector<CommentInput>{pending}, "b9"));
  EXPECT_EQ(service().ClassifyBatch("b9", {})->classified, 1);
  auto nine = service().List({.limit = 1});
  ASSERT_TRUE(nine);
  ASSERT_EQ(nine->comments.size(), 1u);
  EXPECT_EQ(nine->comments[0].id, "9");
  EXPECT_EQ(nine->comments[0].author, "ana");
  EXPECT_EQ(nine->comments[0].sentiment, Sentiment::kNegative);
}

TEST_F(FeedbackServiceTest, SameIdInTwoSourcesIsTwoComments) {
  ASSERT_TRUE(
      service().Store(std::vector<CommentInput>{C("1", "bom", "app"), C("1", "ruim", "site"),
                                                C("1", "ótimo", "app")},
                      "b"));
  auto page = service().List({});
  ASSERT_TRUE(page);
  ASSERT_EQ(page->comments.size(), 2u);  // the last of a repeated (source, id) in a batch wins
  ASSERT_TRUE(service().ClassifyBatch("b", {}));
  CommentFilter f;
  f.source = "app";
  page = service().List(f);
  ASSERT_EQ(page->comments.size(), 1u);
  EXPECT_EQ(page->comments[0].text, "ótimo");
}

TEST_F(FeedbackServiceTest, FiltersPagesAndSummaries) {
  std::vector<CommentInput> batch;
  for (int i = 0; i < 25; ++i) {
    batch.push_back(C("p" + std::to_string(i), "Entrega rápida, produto excelente"));
    batch.back().created_at = "2024-03-0" + std::to_string(1 + i % 3);
    batch.push_back(C("n" + std::to_string(i), "A entrega atrasou e veio quebrado, péssimo"));
    batch.back().created_at = "2024-03-0" + std::to_string(1 + i % 3);
  }
  ASSERT_TRUE(service().Store(batch, "b"));
  ASSERT_TRUE(service().ClassifyBatch("b", {}));
  CommentFilter f;
  f.sentiment = Sentiment::kNegative;
  f.limit = 10;
  std::set<std::string> seen;
  for (int pages = 0; pages < 10; ++pages) {
    auto page = service().List(f);
    ASSERT_TRUE(page) << page.error().ToText();
    for (const auto& c : page->comments) {
      EXPECT_EQ(c.sentiment, Sentiment::kNegative);
      EXPECT_TRUE(seen.insert(c.id).second);
    }
    if (page->next_cursor.empty()) break;
    f.cursor = page->next_cursor;
  }
  EXPECT_EQ(seen.size(), 25u);

  CommentFilter q;
  q.q = "QUEBRADO pessimo";
  EXPECT_EQ(service().List(q)->comments.size(), 25u);
  q = {};
  q.tag = "delay";
  EXPECT_EQ(service().List(q)->comments.size(), 25u);
  q = {};
  q.from = "2024-03-02";
  q.to = "2024-03-03";
  q.limit = 1000;
  EXPECT_EQ(service().List(q)->comments.size(), 16u);  // i % 3 == 1: 8 of each
  q.from = "amanhã";
  EXPECT_FALSE(service().List(q));

  auto s = service().Summarize({});
  ASSERT_TRUE(s);
  EXPECT_EQ(s->comments, 50);
  EXPECT_EQ(s->pending, 0);
  EXPECT_EQ(s->sentiment.negative, 25);
  EXPECT_EQ(s->sentiment.positive, 25);
  ASSERT_EQ(s->by_day.size(), 3u);
  EXPECT_EQ(s->by_day[0].key, "2024-03-01");
  ASSERT_FALSE(s->by_tag.empty());
  EXPECT_EQ(s->by_tag[0].key, "delivery");
  EXPECT_EQ(s->by_tag[0].counts.total(), 50);

  size_t exported = 0;
  ASSERT_TRUE(service().Export({}, [&](std::span<const Comment> chunk) {
    exported += chunk.size();
    return true;
  }));
  EXPECT_EQ(exported, 50u);
}

TEST_F(FeedbackServiceTest, PublicReportIsCachedAndMasked) {
  std::vector<CommentInput> batch = {C("1", "Adorei! Me liga no (11) 98765-4321, ana@example.com"),
                                     C("2", "Péssimo, nunca mais compro")};
  ASSERT_TRUE(service().Store(batch, "b"));
  ASSERT_TRUE(service().ClassifyBatch("b", {}));
  auto report = service().Report();
  ASSERT_TRUE(report) << report.error().ToText();
  EXPECT_EQ(report->summary.sentiment.positive, 1);
  EXPECT_EQ(report->summary.sentiment.negative, 1);
  EXPECT_TRUE(report->summary.by_source.empty());
  ASSERT_EQ(report->highlights.size(), 2u);
  for (const auto& h : report->highlights) {
    EXPECT_EQ(h.text.find("98765"), std::string::npos);
    EXPECT_EQ(h.text.find("ana@example.com"), std::string::npos);
  }
  // Within the cache period, new comments do not change the snapshot.
  ASSERT_TRUE(service().Store(std::vector<CommentInput>{C("3", "Muito bom")}, "b2"));
  ASSERT_TRUE(service().ClassifyBatch("b2", {}));
  auto again = service().Report();
  ASSERT_TRUE(again);
  EXPECT_EQ(again->snapshot_ms, report->snapshot_ms);
  EXPECT_EQ(again->summary.comments, 2);
}

TEST_F(FeedbackServiceTest, EvaluatesStoredClassifications) {
  ASSERT_TRUE(service().Store(
      std::vector<CommentInput>{C("1", "Ótimo produto"), C("2", "Horrível"), C("3", "Recebi hoje")},
      "b"));
  ASSERT_TRUE(service().Store(std::vector<CommentInput>{C("4", "Bom")}, "later"));
  ASSERT_TRUE(service().ClassifyBatch("b", {}));
  std::vector<GoldItem> gold = {
      {"store", "1", Sentiment::kPositive, std::vector<std::string>{"product"}},
      {"store", "2", Sentiment::kNegative, std::nullopt},
      {"store", "3", Sentiment::kPositive, std::nullopt},
      {"store", "4", Sentiment::kPositive, std::nullopt},
      {"store", "missing", Sentiment::kPositive, std::nullopt}};
  auto e = service().EvaluateStored(gold);
  ASSERT_TRUE(e) << e.error().ToText();
  EXPECT_EQ(e->not_found, 1);
  EXPECT_EQ(e->pending, 1);
  ASSERT_TRUE(e->sentiment);
  EXPECT_EQ(e->sentiment->items, 3);
  EXPECT_NEAR(e->sentiment->accuracy, 2.0 / 3, 1e-12);
  ASSERT_TRUE(e->tags);
  EXPECT_EQ(e->tags->items, 1);
  EXPECT_EQ(e->classifier, "builtin");
}

TEST_F(FeedbackServiceTest, ReclassifiesOnDemand) {
  ASSERT_TRUE(
      service().Store(std::vector<CommentInput>{C("1", "bom"), C("2", "ruim", "other")}, "b"));
  ASSERT_TRUE(service().ClassifyBatch("b", {}));
  EXPECT_EQ(*service().MarkForReclassification("r1", "other"), 1);
  EXPECT_EQ(service().ClassifyBatch("r1", {})->classified, 1);
  EXPECT_EQ(service().History("other", "2")->size(), 2u);
  // A cancelled run stops with kCancelled.
  EXPECT_EQ(*service().MarkForReclassification("r2", ""), 2);
  auto cancelled = service().ClassifyBatch("r2", {.cancelled = [] { return true; }});
  ASSERT_FALSE(cancelled);
  EXPECT_EQ(cancelled.error().code, ErrorCode::kCancelled);
}

TEST_F(FeedbackServiceTest, RejectsOverlongText) {
  testing::TestApp small([](Config& c) { c.feedback.max_text_chars = 5; });
  auto r =
      small->feedback().Store(std::vector<CommentInput>{C("1", "ótimo"), C("2", "ótimos")}, "b");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->inserted, 1);  // five characters, seven bytes: characters count
  ASSERT_EQ(r->errors.size(), 1u);
  EXPECT_EQ(r->errors[0].id, "2");
}

}  // namespace
}  // namespace sagaz::feedback
