// JSON shapes of in-process models: the OpenAI-compatible chat completions and embeddings (request
// bodies, replies, stream chunks) and the status of every provider.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/config.hpp"
#include "llm/llm.hpp"
#include "models/manager.hpp"
#include "models/requests.hpp"
#include "wire/json.hpp"

namespace sagaz::wire {

// POST /v1/chat/completions: {"model"?, "messages": [{"role", "content"}], "temperature"?,
// "top_p"?, "seed"?, "max_tokens"? | "max_completion_tokens"?, "stop"? (string or up to 4),
// "stream"?, "response_format"? ({"type": "text" | "json_object"} or {"type": "json_schema",
// "json_schema": {"name"?, "schema", "strict"?}}), "grammar"? (GBNF), "n"? (1), "user"?,
// "stream_options"?}. The response format is turned into a grammar here.
Result<models::ChatCompletionRequest> ParseChatCompletion(const Json& body);
// POST /v1/embeddings: {"model"?, "input": string | [string], "encoding_format"? ("float"),
// "user"?}.
Result<models::EmbeddingRequest> ParseEmbeddingRequest(const Json& body);

// {"id", "object": "chat.completion", "created", "model", "choices": [{"index", "message":
// {"role", "content"}, "finish_reason"}], "usage": {...}}
Json ChatCompletionJson(std::string_view id, std::string_view model, int64_t created,
                        const models::Generation& generation);
// One "chat.completion.chunk": a delta, or the closing chunk with finish_reason (and usage).
Json ChatChunkJson(std::string_view id, std::string_view model, int64_t created,
                   std::string_view delta, bool first,
                   const models::Generation* finished = nullptr);
// {"object": "list", "data": [{"object": "embedding", "index", "embedding"}], "model", "usage"}
Json EmbeddingsJson(std::string_view model, const models::Embeddings& embeddings);

// {"name", "provider": "local", "path", "bytes", "architecture", "quantization", "context_length",
//  "embedding", "sha256", "error", "state", "resident_bytes", "needs_bytes", "last_used",
//  "requests", "tokens", "tokens_per_s", "load_ms", "loads", "active", "queued"}
Json ToJson(const models::ModelStatus& status);
// {"provider": "openai", "base_url", "model", "reachable", "latency_ms", "http_status", "error"}
Json RemoteStatusJson(const LlmConfig& config, const llm::Reachability& reachability);
// {"name", "status", "expected", "actual", "removed"}
Json ToJson(const models::VerifyResult& result);
// {"removed": [...], "bytes"}
Json ToJson(const models::CleanupResult& result);

}  // namespace sagaz::wire
