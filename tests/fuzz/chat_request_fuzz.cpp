// OpenAI-compatible request bodies (/v1/chat/completions, /v1/embeddings) and JSON schemas turned
// into grammars by llama.cpp's converter: no input may crash, hang or throw past them.
#include <cstdint>
#include <string_view>

#include "models/grammar.hpp"
#include "wire/json.hpp"
#include "wire/models.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace sagaz;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)models::JsonSchemaGrammar(text);
  auto body = wire::ParseBody(text);
  if (!body) return 0;
  (void)wire::ParseChatCompletion(*body);
  (void)wire::ParseEmbeddingRequest(*body);
  return 0;
}
