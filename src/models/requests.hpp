// Typed requests of the OpenAI-compatible routes (/v1/chat/completions, /v1/embeddings), parsed
// from JSON by wire/models.cpp.
#pragma once

#include <string>
#include <vector>

#include "core/error.hpp"
#include "llm/llm.hpp"
#include "models/engine.hpp"

namespace sagaz::models {

enum class FormatKind { kText, kJsonObject, kJsonSchema };

struct ChatCompletionRequest {
  std::string model;  // empty: llm.model
  std::vector<llm::Message> messages;
  SamplingOptions sampling;
  FormatKind format = FormatKind::kText;
  std::string schema;  // kJsonSchema: the schema, as JSON text
  bool stream = false;
};

struct EmbeddingRequest {
  std::string model;  // empty: llm.model
  std::vector<std::string> input;
};

// Sets sampling.grammar from the response format (a grammar given directly wins for kText).
// kInvalidArgument for a schema llama.cpp's converter cannot use.
Status ApplyResponseFormat(ChatCompletionRequest& request);

}  // namespace sagaz::models
