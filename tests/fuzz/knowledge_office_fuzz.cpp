// Word and OpenDocument text: the input is either a whole file (through ParseDocument: the ZIP
// reader's limits) or, by its first byte, the XML of word/document.xml (with itself as
// styles.xml) or of ODT's content.xml. No input may crash, hang or throw.
#include <cstdint>
#include <string>
#include <string_view>

#include "knowledge/documents.hpp"
#include "knowledge/internal/blocks.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace sagaz::knowledge;
  if (size == 0) return 0;
  const std::string rest(reinterpret_cast<const char*>(data + 1), size - 1);
  switch (data[0] % 3) {
    case 0:
      (void)ParseDocument(rest, "a.docx", {.chunk_chars = 300, .overlap_chars = 40});
      break;
    case 1:
      (void)internal::DocxBlocks(rest, &rest);
      break;
    default:
      (void)internal::OdtBlocks(rest);
      break;
  }
  return 0;
}
