// Documents to chunks: the format is recognised from the bytes (the file name only tells text
// kinds apart), the text is repaired to UTF-8, and the structure (headings, paragraphs, lists,
// tables, code) is kept in chunks that carry their page, heading path and offsets.
//
// Pure functions over untrusted bytes: any input returns a value or an Error, never crashes
// (fuzzed in tests/fuzz/knowledge_document_fuzz.cpp). Thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace sagaz::knowledge {

enum class Format { kText, kMarkdown, kHtml, kCsv, kPdf, kDocx, kOdt };
std::string_view ToString(Format format);
// txt, markdown, html, csv, pdf, docx, odt; kInvalidArgument naming them otherwise.
Result<Format> ParseFormat(std::string_view name);

struct ChunkOptions {
  size_t chunk_chars = 1200;   // target size of a chunk, in bytes of UTF-8
  size_t overlap_chars = 150;  // text of the previous chunk repeated at the start of the next
  size_t max_pages = 20000;    // PDF pages read at most
};

struct Chunk {
  std::string text;
  int page = 0;         // 1-based PDF page; 0 for formats without pages
  std::string heading;  // heading path, "Manual > Instalação > Requisitos"
  int64_t start = 0;    // byte offsets in the document's extracted text
  int64_t end = 0;
};

struct ParsedDocument {
  Format format = Format::kText;
  std::string encoding;  // what the text was: utf-8, utf-8 (repaired), cp1252
  std::string title;
  int pages = 0;
  std::vector<int> pages_without_text;
  std::vector<Chunk> chunks;
};

// Parses and chunks a document. Errors: kInvalidArgument (empty, no text, broken or encrypted
// file), kUnsupported (binary formats Sagaz does not read: the message names what was found).
Result<ParsedDocument> ParseDocument(std::string_view bytes, std::string_view file_name,
                                     const ChunkOptions& options);

// Text in UTF-8: valid UTF-8 is kept (with runs of double-encoded UTF-8 such as "VetorizaÃ§Ã£o"
// repaired); anything else is read as CP-1252. `encoding` receives what was found.
std::string RepairEncoding(std::string_view bytes, std::string* encoding = nullptr);

}  // namespace sagaz::knowledge
