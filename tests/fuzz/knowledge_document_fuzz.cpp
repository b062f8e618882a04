// Knowledge documents: every uploaded file goes through ParseDocument (type detection, encoding
// repair, the PDF/HTML/Markdown/CSV/text parsers, chunking). No input may crash, hang or throw.
// The first byte picks the file name hint, so the text formats are all reached.
#include <cstdint>
#include <string_view>

#include "knowledge/documents.hpp"
#include "wire/knowledge.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace sagaz;
  if (size == 0) return 0;
  static constexpr std::string_view kNames[] = {"a.txt", "a.md", "a.html", "a.csv", "a.pdf", "a"};
  const std::string_view name = kNames[data[0] % 6];
  const std::string_view bytes(reinterpret_cast<const char*>(data + 1), size - 1);
  const knowledge::ChunkOptions options{.chunk_chars = 200 + size_t{data[0]} % 400,
                                        .overlap_chars = size_t{data[0]} % 120,
                                        .max_pages = 50};
  auto doc = knowledge::ParseDocument(bytes, name, options);
  if (doc) {
    for (const auto& c : doc->chunks) {
      if (c.start > c.end) __builtin_trap();
    }
  }
  (void)wire::ParseKnowledgeEvalCases(bytes);
  return 0;
}
