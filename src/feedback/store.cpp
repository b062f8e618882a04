// Storing comments idempotently and classifying them.
#include <algorithm>
#include <array>

#include "core/ids.hpp"
#include "core/log.hpp"
#include "core/strings.hpp"
#include "feedback/eval.hpp"
#include "feedback/feedback.hpp"
#include "feedback/internal/service.hpp"
#include "feedback/internal/text.hpp"

namespace sagaz::feedback {
namespace {

constexpr std::string_view kMigrations[] = {
    R"(CREATE SEQUENCE IF NOT EXISTS _sagaz.feedback_seq;
       CREATE TABLE IF NOT EXISTS _sagaz.feedback_comments (
         seq BIGINT NOT NULL,
         source VARCHAR NOT NULL,
         id VARCHAR NOT NULL,
         text VARCHAR NOT NULL,
         text_hash VARCHAR NOT NULL,
         author VARCHAR,
         created_at TIMESTAMP,
         metadata VARCHAR,
         received_at TIMESTAMP NOT NULL,
         batch VARCHAR NOT NULL,
         sentiment VARCHAR,
         sentiment_score DOUBLE,
         tags VARCHAR[],
         keyphrases VARCHAR[],
         classifier VARCHAR,
         classifier_version VARCHAR,
         classified_at TIMESTAMP,
         classified_hash VARCHAR);
       CREATE INDEX IF NOT EXISTS feedback_comments_key ON _sagaz.feedback_comments(source, id);
       CREATE TABLE IF NOT EXISTS _sagaz.feedback_classifications (
         source VARCHAR NOT NULL,
         id VARCHAR NOT NULL,
         text_hash VARCHAR NOT NULL,
         sentiment VARCHAR NOT NULL,
         sentiment_score DOUBLE NOT NULL,
         tags VARCHAR[] NOT NULL,
         keyphrases VARCHAR[] NOT NULL,
         classifier VARCHAR NOT NULL,
         classifier_version VARCHAR NOT NULL,
         classified_at TIMESTAMP NOT NULL,
         batch VARCHAR NOT NULL);)",
    // Gold labels set by people (manual relabel): training and evaluation data.
    R"(CREATE TABLE IF NOT EXISTS _sagaz.feedback_labels (
         source VARCHAR NOT NULL,
         id VARCHAR NOT NULL,
         sentiment VARCHAR,
         tags VARCHAR[],
         labelled_by VARCHAR NOT NULL,
         labelled_at TIMESTAMP NOT NULL,
         PRIMARY KEY (source, id));)",
    // Why a result came from another classifier than the one asked (the LLM's fallback).
    R"(ALTER TABLE _sagaz.feedback_comments ADD COLUMN IF NOT EXISTS warning VARCHAR;
       ALTER TABLE _sagaz.feedback_classifications ADD COLUMN IF NOT EXISTS warning VARCHAR;)",
};

constexpr size_t kMaxIdBytes = 256;
constexpr size_t kMaxSourceBytes = 128;
constexpr size_t kMaxAuthorBytes = 256;
constexpr size_t kMaxMetadataBytes = 64 * 1024;
constexpr int64_t kClassifyPage = 20'000;

size_t CodePoints(std::string_view s) {
  size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

// A comment ready to store.
struct Row {
  int64_t index = 0;
  std::string source, id, text, hash, author, metadata;
  std::optional<int64_t> created_us;
};

std::optional<ItemError> Validate(const CommentInput& in, const FeedbackConfig& config,
                                  int64_t index, Row& row) {
  auto error = [&](std::string field, std::string message) {
    return ItemError{index, in.id, std::move(field), std::move(message)};
  };
  row.index = index;
  row.id = std::string(Trim(in.id));
  if (row.id.empty()) return error("id", "the comment needs an id");
  if (row.id.size() > kMaxIdBytes || !IsValidUtf8(row.id)) {
    return error("id", "an id is valid UTF-8 of at most 256 bytes");
  }
  row.source = std::string(Trim(in.source));
  if (row.source.empty()) row.source = "default";
  if (row.source.size() > kMaxSourceBytes || !IsValidUtf8(row.source)) {
    return error("source", "a source is valid UTF-8 of at most 128 bytes");
  }
  row.text = SanitizeUtf8(Trim(in.text));
  if (row.text.empty()) return error("text", "the text is empty");
  if (static_cast<int64_t>(CodePoints(row.text)) > config.max_text_chars) {
    return error("text", "the text is longer than " + std::to_string(config.max_text_chars) +
                             " characters (feedback.max_text_chars)");
  }
  row.author = SanitizeUtf8(Trim(in.author));
  if (row.author.size() > kMaxAuthorBytes)
    return error("author", "an author has at most 256 bytes");
  if (!Trim(in.created_at).empty()) {
    row.created_us = ParseTime(in.created_at);
    if (!row.created_us) {
      return error("created_at", "'" + SanitizeUtf8(in.created_at.substr(0, 64)) +
                                     "' is not a date: use ISO-8601 (2024-03-01 or "
                                     "2024-03-01T10:00:00Z) or dd/mm/yyyy");
    }
  }
  if (in.metadata.size() > kMaxMetadataBytes) {
    return error("metadata", "metadata has at most 64 KiB");
  }
  row.metadata = in.metadata;
  row.hash = internal::HashHex(row.text);
  return std::nullopt;
}

// A list column from its text joined by internal::kListSeparator (chr(31)): ListOf("s.tags").
std::string ListOf(std::string_view column) {
  const std::string c(column);
  return "CASE WHEN " + c + " = '' THEN []::VARCHAR[] ELSE string_split(" + c + ", chr(31)) END";
}

// Who produced a result (the classifier asked, or its fallback) and why, as three columns.
template <class Appender>
void AppendProducer(Appender& appender, const Classifier& asked, const Classification& c) {
  if (c.fallback_classifier.empty()) {
    appender.Append(std::string(asked.name())).Append(asked.version());
  } else {
    appender.Append(c.fallback_classifier).Append(c.fallback_version);
  }
  c.warning.empty() ? appender.Append(nullptr) : appender.Append(c.warning);
}

const char* kDedupedStage =
    "(SELECT * FROM fb_stage QUALIFY row_number() OVER (PARTITION BY source, id ORDER BY idx "
    "DESC) = 1)";

}  // namespace

namespace internal {

std::string JoinList(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) out += kListSeparator;
    for (char c : item) out += c == kListSeparator ? ' ' : c;
  }
  return out;
}

std::vector<std::string> SplitList(std::string_view text) {
  std::vector<std::string> out;
  if (text.empty()) return out;
  for (std::string_view part : Split(text, kListSeparator)) out.emplace_back(part);
  return out;
}

}  // namespace internal

void StoreReport::Merge(const StoreReport& other, size_t max_errors) {
  received += other.received;
  inserted += other.inserted;
  updated += other.updated;
  unchanged += other.unchanged;
  rejected += other.rejected;
  classified += other.classified;
  for (const auto& e : other.errors) {
    if (errors.size() >= max_errors) break;
    errors.push_back(e);
  }
}

void StoreReport::Reject(std::span<const ItemError> rejected_items, size_t max_errors) {
  received += static_cast<int64_t>(rejected_items.size());
  rejected += static_cast<int64_t>(rejected_items.size());
  errors.insert(errors.end(), rejected_items.begin(), rejected_items.end());
  std::stable_sort(errors.begin(), errors.end(),
                   [](const ItemError& a, const ItemError& b) { return a.index < b.index; });
  if (errors.size() > max_errors) errors.resize(max_errors);
}

FeedbackService::FeedbackService(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
FeedbackService::~FeedbackService() = default;

Result<std::unique_ptr<FeedbackService>> FeedbackService::Open(db::ConnectionPool& pool,
                                                               FeedbackConfig config,
                                                               std::optional<ModelStorage> models,
                                                               std::shared_ptr<llm::Provider> llm) {
  auto impl = std::make_unique<Impl>(pool, std::move(config));
  {
    auto conn = SAGAZ_TRY(pool.Acquire());
    SAGAZ_TRY(db::ApplyMigrations(*conn, "feedback", kMigrations));
  }
  impl->taxonomy = SAGAZ_TRY(LoadTaxonomy(impl->config.taxonomy));
  impl->builtin = SAGAZ_TRY(
      MakeBuiltinClassifier(impl->taxonomy, {.neutral_threshold = impl->config.neutral_threshold}));
  impl->classifier = impl->builtin;
  impl->llm = std::move(llm);
  if (models) impl->models.emplace(std::move(models->dir), "feedback", std::move(models->codec));
  SAGAZ_TRY(impl->LoadActive());
  return std::unique_ptr<FeedbackService>(new FeedbackService(std::move(impl)));
}

const FeedbackConfig& FeedbackService::config() const { return impl_->config; }
std::shared_ptr<const Classifier> FeedbackService::classifier() const { return impl_->Current(); }
const Taxonomy& FeedbackService::taxonomy() const { return *impl_->taxonomy; }

Result<StoreReport> FeedbackService::Store(std::span<const CommentInput> comments,
                                           std::string_view batch, int64_t first_index) {
  return StoreRows(comments, batch, first_index, false);
}

Result<StoreReport> FeedbackService::StoreClassified(std::span<const CommentInput> comments,
                                                     std::string_view batch, int64_t first_index) {
  return StoreRows(comments, batch, first_index, true);
}

// One pass over the table per batch: the staged rows are joined with the stored ones once (into
// fb_changes: the new and changed comments), and every write reads that small table. With
// `classify`, the rows arrive classified, so a file import never updates what it has just inserted
// (DuckDB's UPDATE of list columns is a delete and an insert, the costliest path there is).
Result<StoreReport> FeedbackService::StoreRows(std::span<const CommentInput> comments,
                                               std::string_view batch, int64_t first_index,
                                               bool classify) {
  StoreReport report;
  report.batch = std::string(batch);
  report.received = static_cast<int64_t>(comments.size());
  std::vector<Row> rows;
  rows.reserve(comments.size());
  const auto max_errors = static_cast<size_t>(impl_->config.max_item_errors);
  for (size_t i = 0; i < comments.size(); ++i) {
    Row row;
    const int64_t index =
        comments[i].index >= 0 ? comments[i].index : first_index + static_cast<int64_t>(i);
    if (auto e = Validate(comments[i], impl_->config, index, row)) {
      ++report.rejected;
      if (report.errors.size() < max_errors) report.errors.push_back(std::move(*e));
      continue;
    }
    rows.push_back(std::move(row));
  }
  if (rows.empty()) return report;
  // Classified before the write lock: only the rows that turn out new or changed are kept.
  std::vector<Classification> classes;
  const auto classifier = impl_->Current();
  if (classify) {
    std::vector<std::string_view> texts;
    texts.reserve(rows.size());
    for (const auto& r : rows) texts.push_back(r.text);
    classes = classifier->ClassifyMany(texts);
  }

  std::lock_guard lock(impl_->write_mu);
  auto conn = SAGAZ_TRY(impl_->pool.Acquire());
  SAGAZ_TRY(conn->Execute(
      "CREATE OR REPLACE TEMP TABLE fb_stage (idx BIGINT, source VARCHAR, id VARCHAR, text "
      "VARCHAR, text_hash VARCHAR, author VARCHAR, created_at TIMESTAMP, metadata VARCHAR, "
      "sentiment VARCHAR, score DOUBLE, tags VARCHAR, keyphrases VARCHAR, classifier VARCHAR, "
      "classifier_version VARCHAR, warning VARCHAR)"));
  {
    auto appender = SAGAZ_TRY(conn->CreateAppender("", "fb_stage"));
    for (size_t i = 0; i < rows.size(); ++i) {
      const auto& r = rows[i];
      appender.Append(r.index).Append(r.source).Append(r.id).Append(r.text).Append(r.hash);
      r.author.empty() ? appender.Append(nullptr) : appender.Append(r.author);
      r.created_us ? appender.Append(db::Timestamp{*r.created_us}) : appender.Append(nullptr);
      r.metadata.empty() ? appender.Append(nullptr) : appender.Append(r.metadata);
      if (classify) {
        const auto& c = classes[i];
        appender.Append(ToString(c.sentiment))
            .Append(c.score)
            .Append(internal::JoinList(c.tags))
            .Append(internal::JoinList(c.keyphrases));
        AppendProducer(appender, *classifier, c);
      } else {
        for (int k = 0; k < 7; ++k) appender.Append(nullptr);
      }
      SAGAZ_TRY(appender.EndRow());
    }
    SAGAZ_TRY(appender.Close());
  }
  {
    auto tx = SAGAZ_TRY(db::Transaction::Begin(*conn));
    SAGAZ_TRY(conn->Execute(
        std::string("CREATE OR REPLACE TEMP TABLE fb_changes AS SELECT s.*, c.id IS NULL AS fresh "
                    "FROM ") +
        kDedupedStage +
        " s LEFT JOIN _sagaz.feedback_comments c ON c.source = s.source AND c.id = s.id WHERE "
        "c.id IS NULL OR c.text_hash <> s.text_hash"));
    auto counts = SAGAZ_TRY(
        conn->Query("SELECT count(*) FILTER (WHERE fresh), count(*) FILTER (WHERE NOT fresh) FROM "
                    "fb_changes"));
    const auto c = SAGAZ_TRY(counts.FetchRows());
    report.inserted = db::IntOf(c[0][0]);
    report.updated = db::IntOf(c[0][1]);
    report.unchanged = static_cast<int64_t>(rows.size()) - report.inserted - report.updated;
    const db::Param p[] = {std::string(batch), db::Timestamp{NowMs() * 1000}};
    // Classification columns: the staged results, or NULL (pending) when not classified here.
    const std::string tags = ListOf("s.tags");
    const std::string keyphrases = ListOf("s.keyphrases");
    const std::string lists = tags + ", " + keyphrases;
    const std::string classified =
        classify ? "s.sentiment, s.score, " + lists +
                       ", s.classifier, s.classifier_version, $2, s.text_hash, s.warning"
                 : "NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL";
    const std::string assign =
        classify ? "sentiment = s.sentiment, sentiment_score = s.score, tags = " + tags +
                       ", keyphrases = " + keyphrases +
                       ", classifier = s.classifier, classifier_version = s.classifier_version, "
                       "classified_at = $2, classified_hash = s.text_hash, warning = s.warning"
                 : "sentiment = NULL, sentiment_score = NULL, tags = NULL, keyphrases = NULL, "
                   "classifier = NULL, classifier_version = NULL, classified_at = NULL, "
                   "classified_hash = NULL, warning = NULL";
    const auto params = std::span<const db::Param>(p);
    if (report.updated > 0) {
      SAGAZ_TRY(conn->Query(
          "UPDATE _sagaz.feedback_comments AS c SET text = s.text, text_hash = s.text_hash, "
          "author = s.author, created_at = s.created_at, metadata = s.metadata, batch = $1, "
          "received_at = $2, " +
              assign +
              " FROM fb_changes s WHERE NOT s.fresh AND c.source = s.source AND c.id = "
              "s.id",
          params));
    }
    if (report.inserted > 0) {
      SAGAZ_TRY(conn->Query(
          "INSERT INTO _sagaz.feedback_comments (seq, source, id, text, text_hash, author, "
          "created_at, metadata, received_at, batch, sentiment, sentiment_score, tags, "
          "keyphrases, classifier, classifier_version, classified_at, classified_hash, warning) "
          "SELECT "
          "nextval('_sagaz.feedback_seq'), s.source, s.id, s.text, s.text_hash, s.author, "
          "s.created_at, s.metadata, $2, $1, " +
              classified + " FROM fb_changes s WHERE s.fresh ORDER BY s.idx",
          params));
    }
    if (classify && report.inserted + report.updated > 0) {
      SAGAZ_TRY(conn->Query(
          "INSERT INTO _sagaz.feedback_classifications SELECT s.source, s.id, s.text_hash, "
          "s.sentiment, s.score, " +
              lists +
              ", s.classifier, s.classifier_version, $2, $1, s.warning FROM fb_changes s ORDER BY "
              "s.idx",
          p));
      report.classified = report.inserted + report.updated;
    }
    SAGAZ_TRY(tx.Commit());
  }
  SAGAZ_TRY(conn->Execute("DROP TABLE IF EXISTS fb_stage; DROP TABLE IF EXISTS fb_changes"));
  return report;
}

Result<ClassifyReport> FeedbackService::ClassifyBatch(std::string_view batch,
                                                      const RunHooks& hooks) {
  Stopwatch watch;
  ClassifyReport report;
  report.batch = std::string(batch);
  const auto classifier = impl_->Current();
  report.classifier = std::string(classifier->name());
  report.classifier_version = classifier->version();
  const std::string pending =
      "(classified_hash IS NULL OR classified_hash <> text_hash) AND (batch = $1 OR $1 = '')";
  auto conn = SAGAZ_TRY(impl_->pool.Acquire());
  int64_t total = 0;
  {
    const db::Param p[] = {std::string(batch)};
    auto r =
        SAGAZ_TRY(conn->Query("SELECT count(*) FROM _sagaz.feedback_comments WHERE " + pending, p));
    total = db::IntOf(SAGAZ_TRY(r.FetchScalar()));
  }
  int64_t last_seq = -1;
  while (true) {
    if (hooks.cancelled && hooks.cancelled()) {
      return Fail(ErrorCode::kCancelled, "classification cancelled");
    }
    const db::Param p[] = {std::string(batch), last_seq, kClassifyPage};
    auto page =
        SAGAZ_TRY(conn->Query("SELECT seq, text, text_hash FROM _sagaz.feedback_comments "
                              "WHERE " +
                                  pending + " AND seq > $2 ORDER BY seq LIMIT $3",
                              p));
    struct Done {
      int64_t seq;
      std::string hash;
      Classification c;
    };
    std::vector<Done> done;
    while (auto chunk = SAGAZ_TRY(page.Next())) {
      const auto seqs = chunk->column(0).Data<int64_t>();
      std::vector<std::string_view> texts(chunk->size()), hashes(chunk->size());
      chunk->column(1).GetStrings(texts);
      chunk->column(2).GetStrings(hashes);
      auto results = classifier->ClassifyMany(texts);
      for (size_t i = 0; i < chunk->size(); ++i) {
        done.push_back({seqs[i], std::string(hashes[i]), std::move(results[i])});
      }
    }
    if (done.empty()) break;
    last_seq = done.back().seq;

    std::lock_guard lock(impl_->write_mu);
    SAGAZ_TRY(conn->Execute(
        "CREATE OR REPLACE TEMP TABLE fb_results (seq BIGINT, text_hash VARCHAR, sentiment "
        "VARCHAR, score DOUBLE, tags VARCHAR, keyphrases VARCHAR, classifier VARCHAR, "
        "classifier_version VARCHAR, warning VARCHAR)"));
    {
      auto appender = SAGAZ_TRY(conn->CreateAppender("", "fb_results"));
      for (const auto& d : done) {
        appender.Append(d.seq)
            .Append(d.hash)
            .Append(ToString(d.c.sentiment))
            .Append(d.c.score)
            .Append(internal::JoinList(d.c.tags))
            .Append(internal::JoinList(d.c.keyphrases));
        AppendProducer(appender, *classifier, d.c);
        SAGAZ_TRY(appender.EndRow());
      }
      SAGAZ_TRY(appender.Close());
    }
    const db::Param w[] = {db::Timestamp{NowMs() * 1000}, std::string(batch)};
    const std::string lists = ListOf("r.tags") + ", " + ListOf("r.keyphrases");
    auto tx = SAGAZ_TRY(db::Transaction::Begin(*conn));
    SAGAZ_TRY(conn->Query(
        "INSERT INTO _sagaz.feedback_classifications SELECT c.source, c.id, r.text_hash, "
        "r.sentiment, r.score, " +
            lists +
            ", r.classifier, r.classifier_version, $1, $2, r.warning FROM fb_results r JOIN "
            "_sagaz.feedback_comments c ON c.seq = r.seq AND c.text_hash = r.text_hash",
        w));
    // Each classified row is replaced (deleted and inserted again with its results): what DuckDB
    // does for an UPDATE of list columns, here in two set-wise statements instead of one
    // row-versioned update whose later scans decode every changed row.
    SAGAZ_TRY(conn->Query(
        "CREATE OR REPLACE TEMP TABLE fb_replaced AS SELECT c.* REPLACE (r.sentiment AS "
        "sentiment, r.score AS sentiment_score, " +
            ListOf("r.tags") + " AS tags, " + ListOf("r.keyphrases") +
            " AS keyphrases, r.classifier AS classifier, r.classifier_version AS "
            "classifier_version, $1 AS classified_at, r.text_hash AS classified_hash, r.warning AS "
            "warning) FROM _sagaz.feedback_comments c JOIN fb_results r ON c.seq = r.seq AND "
            "c.text_hash = r.text_hash",
        std::span(w).first(1)));
    SAGAZ_TRY(conn->Execute(
        "DELETE FROM _sagaz.feedback_comments c USING fb_replaced r WHERE c.seq = r.seq"));
    auto updated = SAGAZ_TRY(
        conn->Query("INSERT INTO _sagaz.feedback_comments SELECT * FROM fb_replaced ORDER BY seq"));
    SAGAZ_TRY(tx.Commit());
    report.classified += updated.rows_changed();
    if (hooks.progress && total > 0) {
      hooks.progress(
          std::min(1.0, static_cast<double>(report.classified) / static_cast<double>(total)));
    }
  }
  SAGAZ_TRY(conn->Execute("DROP TABLE IF EXISTS fb_results; DROP TABLE IF EXISTS fb_replaced"));
  report.elapsed_ms = watch.ElapsedMs();
  return report;
}

Result<int64_t> FeedbackService::MarkForReclassification(std::string_view batch,
                                                         std::string_view source) {
  std::lock_guard lock(impl_->write_mu);
  auto conn = SAGAZ_TRY(impl_->pool.Acquire());
  const db::Param p[] = {std::string(batch), std::string(source)};
  auto r = SAGAZ_TRY(conn->Query(
      "UPDATE _sagaz.feedback_comments SET batch = $1, classified_hash = NULL WHERE source = $2 OR "
      "$2 = ''",
      p));
  return r.rows_changed();
}

}  // namespace sagaz::feedback
