// Language-model providers: chat completions over an OpenAI-compatible HTTP API (Ollama,
// llama.cpp's server, vLLM, OpenAI and any compatible endpoint), with timeouts, retries with
// exponential backoff on transient failures (connection errors, timeouts, 429, 5xx) and streaming.
//
// libcurl and the wire format stay in llm.cpp. Thread-safe: each call uses its own curl handle.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/config.hpp"
#include "core/error.hpp"

namespace sagaz::llm {

struct Message {
  std::string role;  // system, user, assistant
  std::string content;
};

struct ChatRequest {
  std::vector<Message> messages;
  bool json = false;  // ask for a JSON object (response_format json_object)
  // A JSON Schema (as JSON text) the reply must follow (response_format json_schema, which
  // llama.cpp's server, vLLM, Ollama and OpenAI honour); takes precedence over `json`.
  std::string json_schema;
  double temperature = 0;
  int max_tokens = 1024;
  bool stream = true;  // streamed responses detect a stalled model early
  std::optional<std::chrono::milliseconds> timeout;  // overrides llm.timeout_ms for this call
};

struct ChatResponse {
  std::string content;
  std::string model;
  int attempts = 0;
  double elapsed_ms = 0;
  double first_token_ms = 0;
  int64_t prompt_tokens = 0;
  int64_t completion_tokens = 0;
};

// Receives streamed text as it arrives.
using DeltaFn = std::function<void(std::string_view delta)>;

class Provider {
 public:
  virtual ~Provider() = default;
  // A chat completion. Errors: kUnavailable (cannot connect, server errors after retries),
  // kTimeout, kUnauthenticated (401/403), kInvalidArgument (the server refused the request),
  // kInternal (a reply that is not what the API promises).
  virtual Result<ChatResponse> Chat(const ChatRequest& request, const DeltaFn& on_delta = {}) = 0;
  // "model@base_url", for results that say who answered.
  virtual std::string Name() const = 0;
};

// The configured provider, or kFailedPrecondition when none is configured (llm.base_url empty).
Result<std::unique_ptr<Provider>> MakeProvider(const LlmConfig& config);

// The JSON object in a model's reply: the whole reply, or the first {...} inside it (models often
// wrap JSON in prose or ``` fences). Empty when there is none.
std::string ExtractJsonObject(std::string_view reply);

}  // namespace sagaz::llm
