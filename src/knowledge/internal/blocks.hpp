// The structure a parser finds in a document, before chunking.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "knowledge/documents.hpp"

namespace sagaz::knowledge::internal {

enum class BlockKind { kHeading, kParagraph, kList, kCode, kTable };

struct Block {
  BlockKind kind = BlockKind::kParagraph;
  int level = 0;  // heading level 1-6
  std::string text;
  int page = 0;
};

// Text formats: `text` is UTF-8.
std::vector<Block> ParseMarkdown(std::string_view text);
std::vector<Block> ParsePlainText(std::string_view text);
std::vector<Block> ParseCsv(std::string_view text);
// HTML without its boilerplate (script, style, nav, header, footer, aside, form). libxml2.
std::vector<Block> ParseHtml(std::string_view text, std::string* title);

struct PdfText {
  std::vector<Block> blocks;
  int pages = 0;
  std::vector<int> pages_without_text;
  std::string title;
};
// poppler-cpp. Errors: broken or encrypted PDF.
Result<PdfText> ParsePdf(std::string_view bytes, size_t max_pages);

// Word (DOCX) and OpenDocument text (ODT), told apart by their parts. libzip + libxml2. Errors:
// broken or encrypted archive, a part that inflates too far (kInvalidArgument); another kind of
// ZIP (kUnsupported, naming its mimetype when it has one).
struct OfficeText {
  Format format = Format::kDocx;
  std::vector<Block> blocks;
};
Result<OfficeText> ParseOffice(std::string_view bytes);
// The XML parts themselves (word/document.xml with word/styles.xml when there is one; ODT's
// content.xml), for ParseOffice and the fuzz target.
Result<std::vector<Block>> DocxBlocks(const std::string& document, const std::string* styles);
Result<std::vector<Block>> OdtBlocks(const std::string& content);

// Blocks to chunks with heading paths and offsets.
std::vector<Chunk> MakeChunks(const std::vector<Block>& blocks, const ChunkOptions& options);

// CP-1252 code point of a byte 0x80-0x9F (0 for the five undefined ones).
char32_t Cp1252(unsigned char byte);
void AppendUtf8(std::string& out, char32_t cp);

}  // namespace sagaz::knowledge::internal
