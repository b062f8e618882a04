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
  std::string format;  // txt, markdown, html, csv, pdf
  std::string hash;    // BLAKE2b-256 of the bytes, hex
  int64_t bytes = 0;
  int pages = 0;  // PDF pages; 0 for other formats
  int chunks = 0;
  std::vector<int> pages_without_text;  // PDF pages with no extractable text (scanned)
  std::string encoding;                 // utf-8, cp1252, utf-8 (repaired)
  std::string added_at;
};

struct AddResult {
  DocumentInfo document;
  bool duplicate = false;  // the same bytes were already in the collection: nothing was added
};

enum class Engine { kAuto, kBuiltin, kLlm };
Result<Engine> ParseEngine(std::string_view name);  // "auto", "builtin", "llm"

struct QueryRequest {
  std::string question;
  std::string collection;  // empty: every collection
  int top_k = 0;           // 0: knowledge.top_k
  Engine engine = Engine::kAuto;
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
  int64_t end = 0;  // byte offsets of the passage in the document's extracted text
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
                            std::string_view collection);
  // The same from bytes in memory.
  Result<AddResult> AddBytes(std::string_view bytes, std::string_view name,
                             std::string_view collection);

  // Documents, newest first; `collection` empty: all.
  Result<std::vector<DocumentInfo>> List(std::string_view collection);
  Result<DocumentInfo> Get(std::string_view id);
  // Removes the document and every chunk of it. kNotFound when there is no such document.
  Status Delete(std::string_view id);

  // Retrieves passages and answers. kInvalidArgument for an empty question; kFailedPrecondition
  // when engine llm is asked for and no model is configured.
  Result<Answer> Query(const QueryRequest& request);

 private:
  struct Impl;
  explicit KnowledgeService(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Collection names: 1-64 of [A-Za-z0-9_.-].
Status ValidateCollection(std::string_view name);

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
