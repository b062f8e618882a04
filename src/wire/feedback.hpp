// JSON shapes and file formats of Feedback: comment batches (JSON), comment files (NDJSON, CSV)
// read as streams, filters from query parameters, gold labels, and every result to JSON or CSV.
#pragma once

#include <cstdint>
#include <istream>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "feedback/eval.hpp"
#include "feedback/feedback.hpp"
#include "wire/json.hpp"

namespace sagaz::wire {

// POST /api/v1/feedback/comments: {"comments": [{"id", "text", "source"?, "author"?,
// "created_at"?, "metadata"?}]}. The body's shape is checked whole (unknown top-level fields,
// more than `max_items` comments: errors); each item apart, so one bad item is reported with its
// index and the others are kept.
struct CommentBatch {
  std::vector<feedback::CommentInput> comments;
  std::vector<feedback::ItemError> errors;
};
Result<CommentBatch> ParseCommentBatch(const Json& body, size_t max_items);

enum class CommentFormat { kAuto, kNdjson, kCsv };
// auto, ndjson (or jsonl), csv; also from a Content-Type ("application/x-ndjson", "text/csv").
Result<CommentFormat> ParseCommentFormat(std::string_view text);

// Which columns of a CSV file hold what (names as in the header, case-insensitive). Empty id:
// the "id" column when there is one, else a hash of the text (a resent file is still
// idempotent). Empty date/author/source columns: "created_at"/"author"/"source" when present.
struct CommentColumns {
  std::string text = "text";
  std::string id;
  std::string date;
  std::string author;
  std::string source_column;
  std::string source;  // the source of every comment without a source column; empty: "default"
};
// The columns from text fields (form fields, query parameters): text_column, id_column,
// date_column, author_column, source_column, source. Unknown fields are left to the caller.
Result<CommentColumns> CommentColumnsFromFields(const std::map<std::string, std::string>& fields);

// Reads comments from an NDJSON or CSV stream in batches, with bounded memory: a record longer
// than 1 MiB is reported as an item error and skipped. Bad records are item errors; a CSV file
// without the text column fails at Open.
class CommentReader {
 public:
  static Result<std::unique_ptr<CommentReader>> Open(std::unique_ptr<std::istream> in,
                                                     CommentFormat format, CommentColumns columns);
  virtual ~CommentReader() = default;
  // Appends up to `max` comments (and the errors of records met on the way); false at the end.
  virtual Result<bool> Next(size_t max, std::vector<feedback::CommentInput>& out,
                            std::vector<feedback::ItemError>& errors) = 0;
  // Bytes consumed so far (for progress).
  virtual uint64_t bytes_read() const = 0;
  virtual CommentFormat format() const = 0;
};

// Labelled texts for `sagaz feedback eval`: the text and label columns of a CSV file (labels as
// ParseSentiment reads them); rows with an empty or unknown label are skipped and counted.
struct LabelledTexts {
  std::vector<std::string> texts;
  std::vector<feedback::Sentiment> labels;
  int64_t skipped = 0;
};
Result<LabelledTexts> ReadLabelledCsv(std::istream& in, std::string_view text_column,
                                      std::string_view label_column);

// Training data for `sagaz feedback train`: a CSV file's text, sentiment label and tags columns
// (tags as ids separated by ';', ',' or '|'). An empty label or tags column name leaves that part
// out; rows with neither are skipped and counted.
struct LabelledComments {
  std::vector<feedback::LabelledComment> items;
  int64_t skipped = 0;
};
Result<LabelledComments> ReadLabelledComments(std::istream& in, std::string_view text_column,
                                              std::string_view label_column,
                                              std::string_view tags_column);

// Trained model records: the API's JSON, also what the version store keeps on disk.
Json ToJson(const feedback::ModelVersion& model);
Result<feedback::ModelVersion> ModelVersionFromJson(const Json& j);
versioning::RecordCodec<feedback::ModelVersion> FeedbackModelCodec();

// POST /api/v1/feedback/models: {"folds"?, "c"?, "activate"?} (training on the gold labels).
struct TrainBody {
  feedback::TrainOptions options;
  bool activate = false;
};
Result<TrainBody> ParseTrainBody(const Json& body);

// POST /api/v1/feedback/comments/{id}/label: {"source"?, "sentiment"?, "tags"?}.
Result<feedback::RelabelRequest> ParseRelabel(const Json& body);
Json ToJson(const feedback::GoldLabel& label);
// GET /api/v1/feedback/summaries/{week}
Json ToJson(const feedback::WeeklySummary& summary);
// GET /api/v1/feedback/summaries: ?limit= (weeks, 1-52, default 8); any other parameter is named
// in the error.
Result<int64_t> ParseWeeksLimit(const std::multimap<std::string, std::string>& query);

// GET /api/v1/feedback/comments and /summary: sentiment, tag, source, classifier, from, to, q,
// limit, cursor.
Result<feedback::CommentFilter> ParseCommentFilter(
    const std::multimap<std::string, std::string>& query);

// POST /api/v1/feedback/evaluations: {"gold": [{"id", "source"?, "sentiment"?, "tags"?}]}.
Result<std::vector<feedback::GoldItem>> ParseGold(const Json& body);

// POST /api/v1/feedback/classify: {"text"} or {"texts": [...]} (at most 1000).
Result<std::vector<std::string>> ParseClassifyRequest(const Json& body);

// POST /api/v1/feedback/reclassify: {"source"?}.
Result<std::string> ParseReclassifyRequest(const Json& body);

Json ToJson(const feedback::ItemError& error);
// GET /api/v1/feedback/taxonomy: {"classifier", "classifier_version", "tags": [{"tag", "name_pt",
// "name_en"}]}.
Json ToJson(const feedback::Taxonomy& taxonomy, const feedback::Classifier& classifier);
Json ToJson(const feedback::StoreReport& report);
Json ToJson(const feedback::ClassifyReport& report);
Json ToJson(const feedback::Classification& c, const feedback::Classifier& classifier);
// POST /api/v1/feedback/classify's answer: {"classifications": [{..., "text"}]}, one per text.
Json ClassifyTexts(const feedback::Classifier& classifier, const std::vector<std::string>& texts);
Json ToJson(const feedback::Comment& comment);
Json ToJson(const feedback::CommentPage& page);
Json ToJson(const feedback::FeedbackService::HistoryEntry& entry);
Json ToJson(const feedback::Summary& summary);
Json ToJson(const feedback::PublicReport& report);
Json ToJson(const feedback::SentimentEvaluation& e);
Json ToJson(const feedback::TagEvaluation& e);
Json ToJson(const feedback::FeedbackService::StoredEvaluation& e);

// Comments as CSV (RFC 4180): the header line, then one line per comment.
std::string CommentsCsvHeader();
std::string ToCsvRow(const feedback::Comment& comment);

}  // namespace sagaz::wire
