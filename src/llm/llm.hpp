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

// A function the model asked to call (OpenAI function calling).
struct ToolCall {
  std::string id;
  std::string name;
  std::string arguments;  // JSON text as the model wrote it (may be malformed)
};

struct Message {
  std::string role;  // system, user, assistant, tool
  std::string content;
  std::vector<ToolCall> tool_calls;  // assistant: the calls it made
  std::string tool_call_id;          // tool: the call this message answers
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
  // Functions the model may call: the JSON array of OpenAI "tools". When set, the reply is not
  // streamed and may carry tool_calls instead of text.
  std::string tools;
};

struct ChatResponse {
  std::string content;
  std::string model;
  int attempts = 0;
  double elapsed_ms = 0;
  double first_token_ms = 0;
  int64_t prompt_tokens = 0;
  int64_t completion_tokens = 0;
  std::vector<ToolCall> tool_calls;  // with ChatRequest::tools: the calls the model asks for
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

// The configured provider: llm.provider = openai needs llm.base_url and llm.model; local needs
// llm.model and a local factory (installed by the application that owns the models). Otherwise
// kFailedPrecondition naming the key to set.
Result<std::unique_ptr<Provider>> MakeProvider(const LlmConfig& config);

// Whether a model is configured at all: llm.model for the local provider, llm.base_url for an
// endpoint. Whether it answers is up to the provider's calls.
bool IsConfigured(const LlmConfig& config);

// Makes providers for llm.provider = local. The models module implements them; the application
// installs the factory once it owns a model manager (and clears it with an empty function before
// the manager goes away). Thread-safe.
using LocalFactory = std::function<std::unique_ptr<Provider>(const std::string& model)>;
void SetLocalFactory(LocalFactory factory);

// Whether an OpenAI-compatible endpoint answers: GET {base_url}/models within the connect
// timeout. For status pages; never retried.
struct Reachability {
  bool reachable = false;
  double latency_ms = 0;
  int http_status = 0;
  std::string error;  // why not, when unreachable
};
Reachability Probe(const LlmConfig& config);

// The JSON object in a model's reply: the whole reply, or the first {...} inside it (models often
// wrap JSON in prose or ``` fences). Empty when there is none.
std::string ExtractJsonObject(std::string_view reply);

}  // namespace sagaz::llm
