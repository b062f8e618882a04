#include "knowledge/documents.hpp"

#include <algorithm>

#include "core/strings.hpp"
#include "knowledge/internal/blocks.hpp"

namespace sagaz::knowledge {

std::string_view ToString(Format format) {
  switch (format) {
    case Format::kText:
      return "txt";
    case Format::kMarkdown:
      return "markdown";
    case Format::kHtml:
      return "html";
    case Format::kCsv:
      return "csv";
    case Format::kPdf:
      return "pdf";
    case Format::kDocx:
      return "docx";
    case Format::kOdt:
      return "odt";
  }
  return "txt";
}

Result<Format> ParseFormat(std::string_view name) {
  for (auto f : {Format::kText, Format::kMarkdown, Format::kHtml, Format::kCsv, Format::kPdf,
                 Format::kDocx, Format::kOdt}) {
    if (ToString(f) == name) return f;
  }
  return Fail(Error(ErrorCode::kInvalidArgument,
                    "unknown document format '" + SanitizeUtf8(name) +
                        "'; the formats are txt, markdown, html, csv, pdf, docx and odt")
                  .With("field", "formats"));
}

namespace {

using internal::Block;

// Binary formats recognised by their magic bytes, to name them in the error.
std::string_view BinaryKind(std::string_view b) {
  if (b.starts_with("\xD0\xCF\x11\xE0")) return "an old Microsoft Office file (DOC, XLS)";
  if (b.starts_with("\x89PNG") || b.starts_with("\xFF\xD8\xFF") || b.starts_with("GIF8"))
    return "an image";
  if (b.starts_with("\x1F\x8B")) return "a gzip archive";
  if (b.starts_with("{\\rtf")) return "an RTF document";
  if (b.starts_with("\x7F"
                    "ELF"))
    return "a program";
  if (b.starts_with("PAR1")) return "a Parquet file";
  return {};
}

bool LooksBinary(std::string_view b) {
  const auto head = b.substr(0, 8192);
  return head.find('\0') != std::string_view::npos;
}

bool LooksHtml(std::string_view text) {
  const std::string head = ToLower(Trim(text.substr(0, 2048)));
  return head.starts_with("<!doctype html") || head.starts_with("<html") ||
         head.find("<body") != std::string::npos ||
         (head.starts_with("<") &&
          (head.find("<p>") != std::string::npos || head.find("<div") != std::string::npos));
}

bool LooksMarkdown(std::string_view text) {
  const auto head = text.substr(0, 8192);
  return head.starts_with("# ") || head.find("\n# ") != std::string_view::npos ||
         head.find("\n## ") != std::string_view::npos || head.find("```") != std::string_view::npos;
}

// Delimited rows: at least three lines, each with the same positive count of one delimiter.
bool LooksCsv(std::string_view text) {
  const auto lines = Split(text.substr(0, 16384), '\n');
  if (lines.size() < 3) return false;
  for (char sep : {',', ';', '\t'}) {
    const auto n = std::count(lines[0].begin(), lines[0].end(), sep);
    if (n == 0) continue;
    bool same = true;
    for (size_t i = 1; i + 1 < lines.size() && i < 20; ++i)
      if (std::count(lines[i].begin(), lines[i].end(), sep) != n) same = false;
    if (same) return true;
  }
  return false;
}

std::string FirstHeading(const std::vector<Block>& blocks) {
  for (const auto& b : blocks)
    if (b.kind == internal::BlockKind::kHeading) return b.text;
  return {};
}

bool HasExtension(std::string_view name, std::string_view ext) {
  return name.size() > ext.size() && ToLower(name.substr(name.size() - ext.size())) == ext;
}

}  // namespace

Result<ParsedDocument> ParseDocument(std::string_view bytes, std::string_view file_name,
                                     const ChunkOptions& options) {
  if (bytes.empty()) return Fail(ErrorCode::kInvalidArgument, "the file is empty");
  ParsedDocument doc;
  std::vector<Block> blocks;
  if (bytes.substr(0, 1024).find("%PDF-") != std::string_view::npos) {
    doc.format = Format::kPdf;
    auto pdf = SAGAZ_TRY(internal::ParsePdf(bytes, options.max_pages));
    doc.pages = pdf.pages;
    doc.pages_without_text = std::move(pdf.pages_without_text);
    doc.title = std::move(pdf.title);
    doc.encoding = "pdf";
    blocks = std::move(pdf.blocks);
    if (blocks.empty()) {
      return Fail(Error(ErrorCode::kInvalidArgument,
                        "the PDF has no text (" + std::to_string(doc.pages) +
                            " pages, all without text: scanned images need OCR first)")
                      .With("pages_without_text", std::to_string(doc.pages)));
    }
  } else if (bytes.starts_with("PK\x03\x04")) {
    auto office = SAGAZ_TRY(internal::ParseOffice(bytes));
    doc.format = office.format;
    doc.encoding = "utf-8";
    blocks = std::move(office.blocks);
    doc.title = FirstHeading(blocks);
  } else if (const auto kind = BinaryKind(bytes); !kind.empty()) {
    return Fail(
        Error(
            ErrorCode::kUnsupported,
            "the file is " + std::string(kind) +
                "; Sagaz reads PDF, Word (DOCX), OpenDocument (ODT), HTML, Markdown, text and CSV "
                "documents")
            .With("detected", std::string(kind)));
  } else if (LooksBinary(bytes)) {
    return Fail(ErrorCode::kUnsupported,
                "the file is binary, not a document Sagaz reads (PDF, DOCX, ODT, HTML, Markdown, "
                "text, CSV)");
  } else {
    const std::string text = RepairEncoding(bytes, &doc.encoding);
    if (LooksHtml(text) || HasExtension(file_name, ".html") || HasExtension(file_name, ".htm")) {
      doc.format = Format::kHtml;
      blocks = internal::ParseHtml(text, &doc.title);
    } else if (HasExtension(file_name, ".csv") || HasExtension(file_name, ".tsv") ||
               (!HasExtension(file_name, ".md") && !HasExtension(file_name, ".txt") &&
                LooksCsv(text))) {
      doc.format = Format::kCsv;
      blocks = internal::ParseCsv(text);
    } else if (HasExtension(file_name, ".md") || HasExtension(file_name, ".markdown") ||
               LooksMarkdown(text)) {
      doc.format = Format::kMarkdown;
      blocks = internal::ParseMarkdown(text);
    } else {
      doc.format = Format::kText;
      blocks = internal::ParsePlainText(text);
    }
    if (doc.title.empty()) doc.title = FirstHeading(blocks);
  }
  doc.chunks = internal::MakeChunks(blocks, options);
  if (doc.chunks.empty())
    return Fail(ErrorCode::kInvalidArgument, "the document has no text to index");
  return doc;
}

}  // namespace sagaz::knowledge
