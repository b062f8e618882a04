// Word (DOCX) and OpenDocument (ODT) text documents: ZIP archives (libzip) of XML parts (libxml2).
// The archive is read from memory with limits on what one part may inflate to (zip bombs), and
// encrypted parts are refused. The XML is parsed without network access or entity substitution.
// Headings (by style or outline level), paragraphs, list items and table rows become blocks.
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <zip.h>

#include <algorithm>
#include <cstring>
#include <map>
#include <memory>
#include <optional>

#include "core/strings.hpp"
#include "knowledge/internal/blocks.hpp"

namespace sagaz::knowledge::internal {
namespace {

// One XML part inflates to at most this; real documents are far smaller.
constexpr zip_uint64_t kMaxPartBytes = 64ull << 20;
// Compression ratios above this are a bomb, not a document (XML compresses ~10:1).
constexpr zip_uint64_t kMaxRatio = 200;

struct ZipDiscard {
  void operator()(zip_t* z) const { zip_discard(z); }
};
struct ZipFileClose {
  void operator()(zip_file_t* f) const { zip_fclose(f); }
};
struct DocFree {
  void operator()(xmlDoc* d) const { xmlFreeDoc(d); }
};
using Zip = std::unique_ptr<zip_t, ZipDiscard>;
using XmlDoc = std::unique_ptr<xmlDoc, DocFree>;

Error Broken(std::string_view what) {
  return Error(ErrorCode::kInvalidArgument,
               "the file is a broken " + std::string(what) + " archive");
}

Result<Zip> OpenZip(std::string_view bytes, std::string_view what) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  if (!source) {
    zip_error_fini(&error);
    return Fail(Broken(what));
  }
  zip_t* zip = zip_open_from_source(source, ZIP_RDONLY, &error);
  zip_error_fini(&error);
  if (!zip) {
    zip_source_free(source);  // not taken over when the open fails
    return Fail(Broken(what));
  }
  return Zip(zip);
}

// A part's bytes, or nullopt when the archive has no such part.
Result<std::optional<std::string>> ReadPart(zip_t* zip, const char* name, std::string_view what) {
  zip_stat_t st;
  zip_stat_init(&st);
  if (zip_stat(zip, name, 0, &st) != 0) return std::optional<std::string>();
  if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE) {
    return Fail(Error(ErrorCode::kInvalidArgument, "the " + std::string(what) +
                                                       " document is encrypted: save it without a "
                                                       "password first"));
  }
  const bool sized = (st.valid & ZIP_STAT_SIZE) && (st.valid & ZIP_STAT_COMP_SIZE);
  if (sized && (st.size > kMaxPartBytes || st.size > kMaxRatio * (st.comp_size + 1))) {
    return Fail(Error(ErrorCode::kInvalidArgument,
                      "the " + std::string(what) + " archive inflates '" + name + "' to " +
                          FormatBytes(st.size) + " (a zip bomb, or far larger than a document)")
                    .With("part", name));
  }
  std::unique_ptr<zip_file_t, ZipFileClose> file(zip_fopen(zip, name, 0));
  if (!file) return Fail(Broken(what).With("part", name));
  std::string out;
  char buffer[1 << 16];
  for (;;) {
    const zip_int64_t n = zip_fread(file.get(), buffer, sizeof buffer);
    if (n < 0) return Fail(Broken(what).With("part", name));
    if (n == 0) break;
    out.append(buffer, static_cast<size_t>(n));
    // Declared sizes can lie: the limit holds on what really comes out.
    if (out.size() > kMaxPartBytes) {
      return Fail(Error(ErrorCode::kInvalidArgument, "the " + std::string(what) +
                                                         " archive inflates '" + name + "' past " +
                                                         FormatBytes(kMaxPartBytes))
                      .With("part", name));
    }
  }
  return std::optional<std::string>(std::move(out));
}

Result<XmlDoc> ParseXml(const std::string& xml, std::string_view what) {
  if (xml.size() > static_cast<size_t>(INT32_MAX)) return Fail(Broken(what));
  XmlDoc doc(xmlReadMemory(xml.data(), static_cast<int>(xml.size()), nullptr, "UTF-8",
                           XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING));
  if (!doc || !xmlDocGetRootElement(doc.get())) {
    return Fail(Error(ErrorCode::kInvalidArgument,
                      "the " + std::string(what) + " document's XML is broken"));
  }
  return doc;
}

bool Is(const xmlNode* n, const char* name) {
  return n->type == XML_ELEMENT_NODE && n->name &&
         std::strcmp(reinterpret_cast<const char*>(n->name), name) == 0;
}

// An attribute by local name, whatever its namespace prefix.
std::string Attr(const xmlNode* n, const char* name) {
  for (const xmlAttr* a = n->properties; a; a = a->next) {
    if (a->name && std::strcmp(reinterpret_cast<const char*>(a->name), name) == 0 && a->children &&
        a->children->content)
      return reinterpret_cast<const char*>(a->children->content);
  }
  return {};
}

// Text accumulated into blocks, shared by both formats.
class Builder {
 public:
  std::vector<Block> blocks;
  std::string text;

  void Flush(BlockKind kind, int level = 0) {
    std::string t(Trim(text));
    text.clear();
    if (t.empty()) return;
    blocks.push_back({kind, level, std::move(t), 0});
  }
  // A table row: its cells joined by " | ", trailing empty cells dropped.
  void Row(std::vector<std::string> cells) {
    while (!cells.empty() && cells.back().empty()) cells.pop_back();
    text = Join(cells, " | ");
    Flush(BlockKind::kTable);
  }
};

// ---- DOCX (WordprocessingML) ----

// Heading levels of paragraph styles, from word/styles.xml: styles named "heading N" or "Title"
// (Word keeps these built-in names in English whatever the interface language).
std::map<std::string, int> DocxHeadingStyles(const xmlNode* root) {
  std::map<std::string, int> out;
  for (const xmlNode* s = root ? root->children : nullptr; s; s = s->next) {
    if (!Is(s, "style")) continue;
    const std::string id = Attr(s, "styleId");
    for (const xmlNode* c = s->children; c; c = c->next) {
      if (!Is(c, "name")) continue;
      const std::string name = ToLower(Attr(c, "val"));
      if (name == "title") out[id] = 1;
      if (name.starts_with("heading ") && name.size() == 9 && name[8] >= '1' && name[8] <= '6')
        out[id] = name[8] - '0';
    }
  }
  return out;
}

class DocxWalker {
 public:
  explicit DocxWalker(std::map<std::string, int> headings) : headings_(std::move(headings)) {}
  Builder out;

  void Walk(const xmlNode* node, int depth) {
    if (depth > 200) return;
    for (const xmlNode* n = node; n; n = n->next) {
      if (n->type != XML_ELEMENT_NODE) continue;
      if (Is(n, "p")) {
        Paragraph(n, depth);
      } else if (Is(n, "tr")) {
        out.Flush(BlockKind::kParagraph);
        Row(n, depth);
      } else if (Is(n, "Fallback") || Is(n, "del") || Is(n, "instrText")) {
        continue;  // a copy of mc:Choice's content, deleted text, field codes
      } else {
        Walk(n->children, depth + 1);
      }
    }
  }

 private:
  // The runs' text of a paragraph (t, tab, br), without descending into nested tables.
  void Runs(const xmlNode* node, std::string& text, int depth) {
    if (depth > 200) return;
    for (const xmlNode* n = node; n; n = n->next) {
      if (n->type != XML_ELEMENT_NODE || Is(n, "pPr") || Is(n, "Fallback") || Is(n, "del"))
        continue;
      if (Is(n, "t")) {
        for (const xmlNode* t = n->children; t; t = t->next)
          if (t->content) text += reinterpret_cast<const char*>(t->content);
      } else if (Is(n, "tab")) {
        text += ' ';
      } else if (Is(n, "br") || Is(n, "cr")) {
        text += ' ';
      } else {
        Runs(n->children, text, depth + 1);
      }
    }
  }

  void Paragraph(const xmlNode* p, int depth) {
    int level = 0;
    bool list = false;
    for (const xmlNode* c = p->children; c; c = c->next) {
      if (!Is(c, "pPr")) continue;
      for (const xmlNode* q = c->children; q; q = q->next) {
        if (Is(q, "pStyle")) {
          const auto it = headings_.find(Attr(q, "val"));
          if (it != headings_.end()) level = it->second;
        } else if (Is(q, "outlineLvl")) {
          const auto v = ParseNumber<int>(Attr(q, "val"));
          if (v && *v >= 0 && *v < 6) level = *v + 1;
        } else if (Is(q, "numPr")) {
          list = true;
        }
      }
    }
    Runs(p->children, out.text, depth + 1);
    if (level > 0)
      out.Flush(BlockKind::kHeading, level);
    else
      out.Flush(list ? BlockKind::kList : BlockKind::kParagraph);
  }

  void Row(const xmlNode* tr, int depth) {
    std::vector<std::string> cells;
    for (const xmlNode* tc = tr->children; tc; tc = tc->next) {
      if (!Is(tc, "tc")) continue;
      std::string cell;
      Runs(tc->children, cell, depth + 1);
      cells.emplace_back(Trim(cell));
    }
    out.Row(std::move(cells));
  }

  std::map<std::string, int> headings_;
};

// ---- ODT (OpenDocument text) ----

class OdtWalker {
 public:
  Builder out;

  void Walk(const xmlNode* node, int depth) {
    if (depth > 200) return;
    for (const xmlNode* n = node; n; n = n->next) {
      if (n->type != XML_ELEMENT_NODE) continue;
      if (Is(n, "h")) {
        out.Flush(BlockKind::kParagraph);
        Inline(n->children, out.text, depth + 1);
        const auto level = ParseNumber<int>(Attr(n, "outline-level")).value_or(1);
        out.Flush(BlockKind::kHeading, std::clamp(level, 1, 6));
      } else if (Is(n, "p")) {
        out.Flush(BlockKind::kParagraph);
        Inline(n->children, out.text, depth + 1);
        out.Flush(list_depth_ > 0 ? BlockKind::kList : BlockKind::kParagraph);
      } else if (Is(n, "list")) {
        ++list_depth_;
        Walk(n->children, depth + 1);
        --list_depth_;
      } else if (Is(n, "table-row")) {
        out.Flush(BlockKind::kParagraph);
        Row(n, depth);
      } else if (Is(n, "tracked-changes") || Is(n, "annotation") || Is(n, "note")) {
        continue;  // deleted text, comments, footnotes
      } else {
        Walk(n->children, depth + 1);
      }
    }
  }

 private:
  // Text of a paragraph's inline content: spans, links, spaces (text:s with text:c), tabs.
  void Inline(const xmlNode* node, std::string& text, int depth) {
    if (depth > 200) return;
    for (const xmlNode* n = node; n; n = n->next) {
      if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
        if (n->content) text += reinterpret_cast<const char*>(n->content);
      } else if (Is(n, "s")) {
        const int count = std::clamp(ParseNumber<int>(Attr(n, "c")).value_or(1), 1, 64);
        text.append(static_cast<size_t>(count), ' ');
      } else if (Is(n, "tab") || Is(n, "line-break")) {
        text += ' ';
      } else if (Is(n, "annotation") || Is(n, "note")) {
        continue;
      } else if (n->type == XML_ELEMENT_NODE) {
        Inline(n->children, text, depth + 1);
      }
    }
  }

  void Row(const xmlNode* tr, int depth) {
    std::vector<std::string> cells;
    for (const xmlNode* tc = tr->children; tc; tc = tc->next) {
      if (!Is(tc, "table-cell")) continue;
      std::string cell;
      for (const xmlNode* p = tc->children; p; p = p->next) {
        if (!Is(p, "p") && !Is(p, "h")) continue;
        if (!cell.empty()) cell += ' ';
        Inline(p->children, cell, depth + 2);
      }
      cells.emplace_back(Trim(cell));
    }
    out.Row(std::move(cells));
  }

  int list_depth_ = 0;
};

}  // namespace

Result<std::vector<Block>> DocxBlocks(const std::string& document, const std::string* styles) {
  std::map<std::string, int> headings;
  if (styles) {
    if (auto doc = ParseXml(*styles, "DOCX"))
      headings = DocxHeadingStyles(xmlDocGetRootElement(doc->get()));
  }
  auto doc = SAGAZ_TRY(ParseXml(document, "DOCX"));
  DocxWalker walker(std::move(headings));
  walker.Walk(xmlDocGetRootElement(doc.get()), 0);
  walker.out.Flush(BlockKind::kParagraph);
  return std::move(walker.out.blocks);
}

Result<std::vector<Block>> OdtBlocks(const std::string& content) {
  auto doc = SAGAZ_TRY(ParseXml(content, "ODT"));
  OdtWalker walker;
  walker.Walk(xmlDocGetRootElement(doc.get()), 0);
  walker.out.Flush(BlockKind::kParagraph);
  return std::move(walker.out.blocks);
}

Result<OfficeText> ParseOffice(std::string_view bytes) {
  auto zip = SAGAZ_TRY(OpenZip(bytes, "ZIP"));
  OfficeText out;
  if (auto document = SAGAZ_TRY(ReadPart(zip.get(), "word/document.xml", "DOCX"))) {
    out.format = Format::kDocx;
    const auto styles = SAGAZ_TRY(ReadPart(zip.get(), "word/styles.xml", "DOCX"));
    out.blocks = SAGAZ_TRY(DocxBlocks(*document, styles ? &*styles : nullptr));
    return out;
  }
  const auto mimetype = SAGAZ_TRY(ReadPart(zip.get(), "mimetype", "ZIP"));
  if (mimetype && Trim(*mimetype) == "application/vnd.oasis.opendocument.text") {
    out.format = Format::kOdt;
    auto content = SAGAZ_TRY(ReadPart(zip.get(), "content.xml", "ODT"));
    if (!content) return Fail(Broken("ODT").With("part", "content.xml"));
    out.blocks = SAGAZ_TRY(OdtBlocks(*content));
    return out;
  }
  std::string kind = "a ZIP archive";
  if (mimetype && mimetype->size() < 100) kind += " (" + SanitizeUtf8(Trim(*mimetype)) + ")";
  return Fail(Error(ErrorCode::kUnsupported,
                    "the file is " + kind +
                        "; of ZIP documents Sagaz reads Word (DOCX) and OpenDocument text (ODT)")
                  .With("detected", kind));
}

}  // namespace sagaz::knowledge::internal
