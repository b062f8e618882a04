// Knowledge: documents in named collections, searched with BM25 (Xapian, Portuguese and English
// stemmers plus a bilingual PT<->EN expansion of the question) and answered with citations —
// extractively without a model, or by the configured LLM grounded in the retrieved passages.
//
//   auto service = SAGAZ_TRY(KnowledgeService::Open(config.DataPath("index/knowledge"), config));
//   auto added = SAGAZ_TRY(service->AddFile("manual.pdf", "manual.pdf", "default"));
//   auto answer = SAGAZ_TRY(service->Query({.question = "Como funciona a vetorização?"}));
//
// A document is parsed and chunked completely before anything is written; its chunks and its record
// are then committed in one Xapian transaction, so a failed file leaves nothing behind. The index
// lives in one directory (data/index/knowledge); the uploaded bytes are not kept.
//
// Thread-safe: one mutex serialises the index (Xapian handles are not thread-safe); parsing runs
// outside it.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/config.hpp"
#include "core/error.hpp"
#include "knowledge/documents.hpp"

namespace sagaz::knowledge {

// A stored document (what the list shows and what AddFile returns).
struct DocumentInfo {
  std::string id;
  std::string collection;
  std::string name;
  std::string format;  // txt, markdown, html, csv, pdf, docx, odt
  std::string hash;    // BLAKE2b-256 of the bytes, hex
  int64_t bytes = 0;
  int pages = 0;  // PDF pages; 0 for other formats
  int chunks = 0;
  std::vector<int> pages_without_text;  // PDF pages with no extractable text (scanned)
  std::string encoding;                 // utf-8, cp1252, utf-8 (repaired)
  std::vector<std::string> tags;        // lowercase, as given at upload
  std::string added_at;
};

// How a document is added.
struct AddOptions {
  std::vector<std::string> tags;  // at most 20, each 1-40 characters without ',' or controls
  // Receives the fraction done (0-1) and the stage: parsing, indexing.
  std::function<void(double fraction, std::string_view stage)> progress;
};

struct AddResult {
  DocumentInfo document;
  bool duplicate = false;  // the same bytes were already in the collection: nothing was added
};

enum class Engine { kAuto, kBuiltin, kLlm };
Result<Engine> ParseEngine(std::string_view name);  // "auto", "builtin", "llm"

// Which passages a query may return, besides the collection. Empty fields do not filter.
struct Filters {
  std::vector<std::string> formats;  // any of these document formats (pdf, docx, ...)
  std::vector<std::string> tags;     // documents with any of these tags
  std::string document_id;           // only this document
  std::string added_from;            // YYYY-MM-DD: documents added on or after this day (UTC)
  std::string added_to;              // YYYY-MM-DD: on or before this day
};

struct QueryRequest {
  std::string question;
  std::string collection;  // empty: every collection
  int top_k = 0;           // 0: knowledge.top_k
  Engine engine = Engine::kAuto;
  Filters filters;
};

// A byte range of a passage's text.
struct Span {
  int64_t start = 0;
  int64_t end = 0;
};

struct Citation {
  int n = 0;  // the [n] the answer uses
  std::string document;
  std::string document_id;
  std::string collection;
  int page = 0;  // 0: the format has no pages
  std::string heading;
  std::string text;
  double score = 0;  // BM25
  int64_t start = 0;
  int64_t end = 0;               // byte offsets of the passage in the document's extracted text
  std::vector<Span> highlights;  // the words of `text` that matched the question
};

struct QueryTimings {
  double retrieve_ms = 0;
  double answer_ms = 0;
  double total_ms = 0;
};

struct Answer {
  std::string question;
  std::string language;  // pt or en
  std::string answer;
  bool answered = false;  // false: no passage supports an answer ("I don't know")
  std::vector<Citation> citations;
  std::string engine;                   // builtin or llm:model@url
  std::vector<std::string> expansions;  // words the bilingual lexicon added to the question
  std::vector<std::string> warnings;
  QueryTimings timings;
};

// What a streamed query reports as it goes (SSE): the passages once retrieved, then the answer's
// text as it is produced (the model's raw deltas; the final Answer is the checked one).
struct QueryEvents {
  std::function<void(const Answer& retrieved)> on_passages;
  std::function<void(std::string_view delta)> on_delta;
};

class KnowledgeService {
 public:
  // A service over the index in `dir`, opened (created) on first use: an operation fails with
  // kFailedPrecondition when another process holds the index, kIo when it cannot be opened.
  static Result<std::unique_ptr<KnowledgeService>> Open(const std::filesystem::path& dir,
                                                        const Config& config);
  ~KnowledgeService();
  KnowledgeService(const KnowledgeService&) = delete;
  KnowledgeService& operator=(const KnowledgeService&) = delete;

  // Parses, chunks and indexes one file. `name` is what citations show. Errors: kInvalidArgument
  // (empty, broken or encrypted file, bad collection name), kUnsupported (a format Sagaz does not
  // read), kPayloadTooLarge. Nothing is stored on error.
  Result<AddResult> AddFile(const std::filesystem::path& path, std::string_view name,
                            std::string_view collection, const AddOptions& options = {});
  // The same from bytes in memory.
  Result<AddResult> AddBytes(std::string_view bytes, std::string_view name,
                             std::string_view collection, const AddOptions& options = {});

  // Documents, newest first; `collection` empty: all.
  Result<std::vector<DocumentInfo>> List(std::string_view collection);
  Result<DocumentInfo> Get(std::string_view id);
  // Removes the document and every chunk of it. kNotFound when there is no such document.
  Status Delete(std::string_view id);

  // Retrieves passages and answers. kInvalidArgument for an empty question or bad filters;
  // kFailedPrecondition when engine llm is asked for and no model is configured. `events` are
  // called on this thread as the query goes.
  Result<Answer> Query(const QueryRequest& request, const QueryEvents& events = {});
  // The checks Query makes before it searches, for callers that answer in a stream.
  Status Validate(const QueryRequest& request) const;

 private:
  struct Impl;
  explicit KnowledgeService(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Collection names: 1-64 of [A-Za-z0-9_.-].
Status ValidateCollection(std::string_view name);
// Tags, lowercased and checked (at most 20, 1-40 bytes of UTF-8 each, no ',' or control
// characters, duplicates dropped).
Result<std::vector<std::string>> NormalizeTags(const std::vector<std::string>& tags);
// The passage text with each highlight wrapped in ** (Markdown bold).
std::string Highlighted(std::string_view text, const std::vector<Span>& highlights);

// Retrieval quality over a question set.
struct EvalCase {
  std::string question;
  std::string document;  // expected document name
  std::string phrase;    // text the cited passage must contain (case and accents ignored)
  std::string collection;
};
struct EvalResult {
  EvalCase item;
  int rank = 0;  // 1-based rank of the first passage that matches; 0: none in the top k
};
struct EvalReport {
  int cases = 0;
  double hit_at_1 = 0;
  double hit_at_3 = 0;
  double mrr = 0;
  int top_k = 0;
  std::vector<EvalResult> results;
};
Result<EvalReport> Evaluate(KnowledgeService& service, const std::vector<EvalCase>& cases,
                            int top_k = 10);

}  // namespace sagaz::knowledge
