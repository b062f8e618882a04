// JSON shapes of Knowledge: documents, query requests and answers, evaluation sets and reports.
#pragma once

#include <string_view>
#include <vector>

#include "knowledge/knowledge.hpp"
#include "wire/json.hpp"

namespace sagaz::wire {

// {"id", "collection", "name", "format", "hash", "bytes", "pages", "chunks",
//  "pages_without_text", "encoding", "tags", "added_at"}
Json ToJson(const knowledge::DocumentInfo& document);
// {"document": {...}, "duplicate"}
Json ToJson(const knowledge::AddResult& result);
// {"question", "language", "answer", "answered", "citations": [{"n", "document", "document_id",
//  "collection", "page", "heading", "text", "score", "start", "end", "highlights": [{"start",
//  "end"}], "highlighted"}], "engine", "expansions", "warnings", "timings": {"retrieve_ms",
//  "answer_ms", "total_ms"}}
Json ToJson(const knowledge::Answer& answer);
// The citations alone (the `passages` event of a streamed query).
Json CitationsJson(const knowledge::Answer& answer);
// POST /api/v1/knowledge/query: {"question", "collection"?, "top_k"?, "engine"?, "filters"?:
// {"formats"?, "tags"?, "document"?, "added_from"?, "added_to"?}}.
Result<knowledge::QueryRequest> ParseKnowledgeQuery(const Json& body);
// {"cases", "top_k", "hit_at_1", "hit_at_3", "mrr", "results": [{"question", "document", "rank"}]}
Json ToJson(const knowledge::EvalReport& report);
// One case per line: {"question", "document", "phrase"?, "collection"?}. Blank lines and lines
// starting with '#' are skipped.
Result<std::vector<knowledge::EvalCase>> ParseKnowledgeEvalCases(std::string_view jsonl);

}  // namespace sagaz::wire
