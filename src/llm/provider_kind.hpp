// Which provider answers model calls (llm.provider). Header-only, so that the configuration
// (core/config.hpp) can hold it without linking llm.
#pragma once

#include <string_view>

namespace sagaz::llm {

enum class ProviderKind {
  kOpenAi,  // an OpenAI-compatible HTTP endpoint (llm.base_url): Ollama, llama.cpp's server, vLLM
  kLocal,   // a GGUF model inside this process (llm.model names it; src/models)
};

constexpr std::string_view ToString(ProviderKind kind) {
  return kind == ProviderKind::kOpenAi ? "openai" : "local";
}

}  // namespace sagaz::llm
