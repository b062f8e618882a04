// The in-process engine: one GGUF model loaded through llama.cpp with one context, for chat
// completions (the model's chat template, sampling, stop sequences, grammars, streaming,
// cancellation) or embeddings (the pooling the model declares).
//
// llama.cpp stays in models/*.cpp: no llama or ggml type appears here. An Engine is not
// thread-safe: one call at a time (ModelManager serializes the calls to each model).
#pragma once

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "llm/llm.hpp"

namespace sagaz::models {

struct LoadOptions {
  int context = 4096;  // tokens of the context (capped by the model's training context)
  int threads = 0;     // 0: every core
  int batch = 512;     // tokens decoded per step (prompt processing)
};

struct SamplingOptions {
  double temperature = 0.8;  // 0: greedy
  double top_p = 0.95;
  std::optional<uint32_t> seed;  // none: a random seed
  int max_tokens = 512;
  std::vector<std::string> stop;              // generation ends before the first of these
  std::string grammar;                        // GBNF (root rule "root"); empty: free text
  const std::atomic<bool>* cancel = nullptr;  // set by another thread to stop
};

struct Generation {
  std::string text;
  std::string finish_reason;  // "stop" (end of turn or a stop sequence), "length", "cancelled"
  int64_t prompt_tokens = 0;
  int64_t completion_tokens = 0;
  double first_token_ms = 0;  // from the call to the first token
  double elapsed_ms = 0;
};

struct Embeddings {
  std::vector<std::vector<float>> vectors;  // one per input, L2-normalized
  int64_t prompt_tokens = 0;
};

// Receives generated text as it is produced (whole UTF-8 characters, never part of a stop
// sequence). Returning false stops the generation (finish_reason "cancelled").
using TextFn = std::function<bool(std::string_view text)>;

// Makes llama.cpp ready once per process: loads the CPU backend variant this machine supports
// from the folder of libllama, and sends llama.cpp's log to ours at debug level.
Status InitBackend();
// The CPU backend in use, e.g. "CPU (haswell)"; empty before InitBackend.
std::string BackendName();

class Engine {
 public:
  // Loads the model and makes its context. kInvalidArgument for a file that is not a model
  // llama.cpp can load; kIo for a file that cannot be read.
  static Result<std::unique_ptr<Engine>> Load(const std::filesystem::path& file,
                                              const LoadOptions& options);
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  // A chat completion with the model's chat template (ChatML when the model has none that
  // llama.cpp knows). kInvalidArgument: a grammar that does not parse, or a prompt longer than
  // the context; kUnsupported: an embedding model.
  Result<Generation> Chat(const std::vector<llm::Message>& messages, const SamplingOptions& options,
                          const TextFn& on_text = {});
  // The prompt the chat template makes of `messages` (what Chat tokenizes).
  Result<std::string> FormatPrompt(const std::vector<llm::Message>& messages) const;
  // Embeddings of each input, batched. kUnsupported when the model declares no pooling (not an
  // embedding model); kInvalidArgument when an input is longer than the context.
  Result<Embeddings> Embed(const std::vector<std::string>& inputs);

  bool embedding() const;
  int context() const;     // tokens
  int dimensions() const;  // embedding width
  uint64_t weight_bytes() const;

 private:
  struct Impl;
  explicit Engine(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace sagaz::models
