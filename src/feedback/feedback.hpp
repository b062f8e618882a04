// Customer comments: stored idempotently by (source, id), classified in the background, searched,
// summarised, reported publicly and scored against gold labels.
//
//   auto service = SAGAZ_TRY(feedback::FeedbackService::Open(pool, config.feedback));
//   auto stored = SAGAZ_TRY(service->Store(comments, "batch-1"));     // per-item errors inside
//   auto done = SAGAZ_TRY(service->ClassifyBatch("batch-1", {}));    // in a job
//   auto page = SAGAZ_TRY(service->List({.sentiment = feedback::Sentiment::kNegative}));
//
// A comment resent with the same (source, id) and the same text changes nothing (not stored
// twice, not classified again); with another text it is replaced and classified again. Every
// classification is kept in a history beside the comment's current one, with the classifier's
// name and version.
//
// Tables live in the app's DuckDB file (schema _sagaz). Thread-safe: writes are serialized inside
// the service; reads run on pooled connections.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/config.hpp"
#include "core/error.hpp"
#include "feedback/classifier.hpp"
#include "feedback/trained.hpp"
#include "versioning/version_store.hpp"

namespace sagaz::db {
class ConnectionPool;
}

namespace sagaz::feedback {

// A comment as a client sends it; validated by Store.
struct CommentInput {
  std::string id;
  std::string text;
  std::string source;      // empty: "default"
  std::string author;      // optional
  std::string created_at;  // optional; ISO-8601 date or time, or dd/mm/yyyy [hh:mm[:ss]]
  std::string metadata;    // optional JSON object, as text
  int64_t index = -1;      // position in what the client sent; -1: its place in the span
};

// Why one item of a batch or file was not stored. `index` counts items from 0 in the order sent
// (for files: records after the header).
struct ItemError {
  int64_t index = 0;
  std::string id;
  std::string field;  // "text", "id", "created_at", ... or "" for the whole item
  std::string message;
};

// What Store did with a batch.
struct StoreReport {
  std::string batch;
  int64_t received = 0;
  int64_t inserted = 0;
  int64_t updated = 0;    // same (source, id), new text: classified again
  int64_t unchanged = 0;  // same (source, id) and text: left as it was
  int64_t rejected = 0;
  int64_t classified = 0;         // by StoreClassified: the inserted and updated ones
  std::vector<ItemError> errors;  // the first max_item_errors of them

  void Merge(const StoreReport& other, size_t max_errors);
  // Counts items rejected before Store saw them (malformed JSON items, bad file records) and lists
  // them in index order, keeping at most `max_errors`.
  void Reject(std::span<const ItemError> rejected, size_t max_errors);
};

struct ClassifyReport {
  std::string batch;  // empty: every comment that needed it
  int64_t classified = 0;
  std::string classifier;
  std::string classifier_version;
  double elapsed_ms = 0;
};

// A stored comment with its current classification (none while pending).
struct Comment {
  int64_t seq = 0;  // order of arrival
  std::string source;
  std::string id;
  std::string text;
  std::string author;
  std::string created_at;   // ISO-8601 UTC or empty
  std::string received_at;  // ISO-8601 UTC
  std::string metadata;     // JSON text or empty
  std::optional<Sentiment> sentiment;
  double sentiment_score = 0;
  std::vector<std::string> tags;
  std::vector<std::string> keyphrases;
  std::string classifier;  // "builtin"; empty while pending
  std::string classifier_version;
  std::string classified_at;
  std::string warning;  // why another classifier than the active one produced it (LLM fallback)
  // A person's label (manual relabel), when there is one.
  std::optional<Sentiment> gold_sentiment;
  std::optional<std::vector<std::string>> gold_tags;
};

struct CommentFilter {
  std::optional<Sentiment> sentiment;
  std::string tag;
  std::string source;
  std::string classifier;
  std::string from;  // ISO date or time, inclusive: created_at (received_at when absent)
  std::string to;    // exclusive
  std::string q;     // words, all of which the text contains (case and accents ignored)
  int64_t limit = 50;
  std::string cursor;  // next_cursor of the previous page
};

struct CommentPage {
  std::vector<Comment> comments;
  std::string next_cursor;  // empty on the last page
};

struct Count {
  std::string key;
  int64_t count = 0;
};
struct SentimentCounts {
  int64_t negative = 0, neutral = 0, positive = 0;
  int64_t total() const { return negative + neutral + positive; }
};
struct KeyedSentiment {
  std::string key;  // a tag, a day (YYYY-MM-DD) or a source
  SentimentCounts counts;
};

struct Summary {
  int64_t comments = 0;
  int64_t pending = 0;  // not yet classified
  SentimentCounts sentiment;
  std::vector<KeyedSentiment> by_tag;     // most frequent first
  std::vector<KeyedSentiment> by_day;     // oldest first
  std::vector<KeyedSentiment> by_source;  // most frequent first
  std::vector<Count> keyphrases;          // most frequent first
};

// The public report: aggregates of recent comments of the public sources, and highlights with
// personal data masked. Built at most once per feedback.report_cache_s.
struct Highlight {
  std::string text;  // masked: e-mails, phone numbers, URLs, @handles, long digit runs
  Sentiment sentiment = Sentiment::kNeutral;
  std::vector<std::string> tags;
  std::string day;
};
struct PublicReport {
  int64_t snapshot_ms = 0;    // when it was computed
  int64_t days = 0;           // window
  Summary summary;            // by_source left empty
  std::vector<TagInfo> tags;  // names of the tags that appear
  std::vector<Highlight> highlights;
};

// A week's comments beside the week before, for people (and a workflow step later).
struct TagTrend {
  std::string tag;
  int64_t count = 0;     // comments of the week with the tag
  int64_t previous = 0;  // in the week before
  int64_t negative = 0;  // of the week's, negative
};
struct WeeklySummary {
  std::string week;      // ISO week, "2024-W10"
  std::string from, to;  // its Monday and Sunday
  int64_t comments = 0, previous_comments = 0;
  SentimentCounts sentiment, previous_sentiment;
  double net = 0, previous_net = 0;   // (positive - negative) / classified
  std::vector<TagTrend> top_tags;     // most mentioned, at most 5
  std::vector<TagTrend> rising_tags;  // grown most since the week before, at most 5
  std::vector<Highlight> highlights;  // two clear positive and two clear negative, masked
  std::string text_en, text_pt;       // the builtin writer's summary
};

// One gold label: the comment it is about and its true sentiment and/or tags.
struct GoldItem {
  std::string source;  // empty: "default"
  std::string id;
  std::optional<Sentiment> sentiment;
  std::optional<std::vector<std::string>> tags;
};

// Where trained models are kept, and how their records are written (wire/feedback.hpp).
struct ModelStorage {
  std::filesystem::path dir;
  versioning::RecordCodec<ModelVersion> codec;
};

// What to train: labelled comments from a file (or the store's gold labels when empty).
struct TrainRequest {
  std::vector<LabelledComment> data;  // empty: the gold labels kept by Relabel
  std::string trained_on;             // what the data is, for the record
  TrainOptions options;
  bool activate = false;  // classify new comments with it at once
};

// A person's label for a stored comment (manual relabel): kept apart from the classifications as
// a gold label for training and evaluation. A label may give the sentiment, the tags or both.
struct RelabelRequest {
  std::string source;  // empty: "default"
  std::string id;
  std::optional<Sentiment> sentiment;
  std::optional<std::vector<std::string>> tags;
  std::string by;  // who labelled
};
struct GoldLabel {
  std::string source, id;
  std::optional<Sentiment> sentiment;
  std::optional<std::vector<std::string>> tags;
  std::string labelled_by, labelled_at;
};

class FeedbackService {
 public:
  // Without `models`, training and model versions are unavailable (kFailedPrecondition).
  // With `llm` and feedback.engine = llm, new comments are classified by the model, falling back
  // to the non-LLM classifier.
  static Result<std::unique_ptr<FeedbackService>> Open(db::ConnectionPool& pool,
                                                       FeedbackConfig config,
                                                       std::optional<ModelStorage> models = {},
                                                       std::shared_ptr<llm::Provider> llm = {});
  ~FeedbackService();

  const FeedbackConfig& config() const;
  // The classifier new comments get: the active trained version, else the builtin one. Held by
  // its users while they classify: activating another version does not pull it from under them.
  std::shared_ptr<const Classifier> classifier() const;
  const Taxonomy& taxonomy() const;

  // Trains a model (k-fold cross-validation, then a fit on every item) and stores it as a version;
  // `activate` makes it classify new comments.
  Result<ModelVersion> Train(TrainRequest request, const TrainProgress& progress = {});
  Result<std::vector<ModelVersion>> Models();
  Result<ModelVersion> Model(const std::string& id);
  // Makes a version the classifier of new comments (an older one: a rollback); "builtin" goes back
  // to the builtin classifier. Returns the version (none for builtin).
  Result<std::optional<ModelVersion>> Activate(const std::string& id);
  Status DeleteModel(const std::string& id);
  // "builtin", "active" (what classifier() gives), "llm" (the model, when one is configured) or
  // a trained version's id.
  Result<std::shared_ptr<const Classifier>> ClassifierNamed(const std::string& name);

  // Keeps a person's label for a stored comment (kNotFound when there is none); a later label of
  // the same comment replaces the parts it gives.
  Result<GoldLabel> Relabel(const RelabelRequest& request);
  // Every gold label with its comment's current text, oldest comment first.
  Result<std::vector<LabelledComment>> GoldLabels();

  // Validates and stores comments (the good ones; the bad ones are reported with their index,
  // counted from `first_index`). New and changed comments are marked with `batch` for
  // ClassifyBatch.
  Result<StoreReport> Store(std::span<const CommentInput> comments, std::string_view batch,
                            int64_t first_index = 0);
  // Like Store, and the new and changed comments are classified by the active classifier and
  // stored with their classification (and its history row) in the same transaction: no pending
  // state, no second pass over the table. For jobs (file imports); a request that must answer at
  // once uses Store and a ClassifyBatch job.
  Result<StoreReport> StoreClassified(std::span<const CommentInput> comments,
                                      std::string_view batch, int64_t first_index = 0);

  // Classifies the comments of `batch` (every unclassified comment when empty) that are not yet
  // classified for their current text. Calls `progress` with a fraction; stops with kCancelled
  // when `cancelled` says so.
  struct RunHooks {
    std::function<void(double)> progress;
    std::function<bool()> cancelled;
  };
  Result<ClassifyReport> ClassifyBatch(std::string_view batch, const RunHooks& hooks);
  // Marks every comment (or one source's) for classification again, under a new batch name;
  // returns how many.
  Result<int64_t> MarkForReclassification(std::string_view batch, std::string_view source);

  Result<CommentPage> List(const CommentFilter& filter);
  // Every comment the filter selects (no paging), `chunk` at a time, oldest first.
  Status Export(const CommentFilter& filter,
                const std::function<bool(std::span<const Comment>)>& chunk);
  // A comment's classifications, newest first.
  struct HistoryEntry {
    Sentiment sentiment = Sentiment::kNeutral;
    double sentiment_score = 0;
    std::vector<std::string> tags;
    std::string classifier, classifier_version, classified_at, text_hash;
    std::string warning;
  };
  Result<std::vector<HistoryEntry>> History(std::string_view source, std::string_view id);

  Result<Summary> Summarize(const CommentFilter& filter);
  // The week of `week` ("2024-W10", or any date in it; empty: the last complete week), by the
  // comments' dates (received_at when they came without one).
  Result<WeeklySummary> Weekly(std::string_view week);
  // The summaries of the `limit` most recent weeks that have comments, newest first.
  Result<std::vector<WeeklySummary>> RecentWeeks(int64_t limit);
  // Cached for feedback.report_cache_s.
  Result<PublicReport> Report();

  // Scores the stored classifications of the gold items. Items not stored or not yet classified
  // are counted apart.
  struct StoredEvaluation;
  Result<StoredEvaluation> EvaluateStored(std::span<const GoldItem> gold);

 private:
  struct Impl;
  explicit FeedbackService(std::unique_ptr<Impl> impl);
  Result<StoreReport> StoreRows(std::span<const CommentInput> comments, std::string_view batch,
                                int64_t first_index, bool classify);
  std::unique_ptr<Impl> impl_;
};

// Parses ISO-8601 dates and times ("2024-03-01", "2024-03-01T10:00:00Z", "...+03:00") and
// Brazilian dates ("01/03/2024 10:00") into microseconds since the epoch, UTC.
std::optional<int64_t> ParseTime(std::string_view text);

// A short fingerprint of a text (64-bit FNV-1a as hex): the id of a comment that came without one,
// and what tells a changed text from a resent one.
std::string TextFingerprint(std::string_view text);

// Hides personal data in a comment for public display.
std::string MaskPersonalData(std::string_view text);

}  // namespace sagaz::feedback
