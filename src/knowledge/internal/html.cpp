// HTML to blocks with libxml2's HTML parser (tolerant of real-world markup). Boilerplate elements
// are skipped; headings, paragraphs, list items, table rows and preformatted text become blocks.
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include <cstring>
#include <memory>

#include "core/strings.hpp"
#include "knowledge/internal/blocks.hpp"

namespace sagaz::knowledge::internal {
namespace {

struct DocFree {
  void operator()(xmlDoc* d) const { xmlFreeDoc(d); }
};

bool Is(const xmlNode* n, const char* name) {
  return n->name && std::strcmp(reinterpret_cast<const char*>(n->name), name) == 0;
}

bool Skipped(const xmlNode* n) {
  for (const char* name : {"script", "style", "nav", "header", "footer", "aside", "form",
                           "noscript", "template", "svg", "iframe", "button", "select", "head"})
    if (Is(n, name)) return true;
  return false;
}

// Collapses whitespace runs to one space.
void AppendText(std::string& out, const char* text) {
  for (const char* p = text; *p; ++p) {
    const bool space = *p == ' ' || *p == '\n' || *p == '\t' || *p == '\r' || *p == '\f';
    if (space) {
      if (!out.empty() && out.back() != ' ' && out.back() != '\n') out.push_back(' ');
    } else {
      out.push_back(*p);
    }
  }
}

class Walker {
 public:
  std::vector<Block> blocks;

  void Walk(const xmlNode* node, int depth) {
    if (depth > 200) return;  // pathological nesting
    for (const xmlNode* n = node; n; n = n->next) {
      if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
        if (n->content) AppendText(pending_, reinterpret_cast<const char*>(n->content));
        continue;
      }
      if (n->type != XML_ELEMENT_NODE || Skipped(n)) continue;
      const int level = HeadingLevel(n);
      if (level > 0) {
        Flush(BlockKind::kParagraph);
        Walk(n->children, depth + 1);
        Flush(BlockKind::kHeading, level);
      } else if (Is(n, "pre")) {
        Flush(BlockKind::kParagraph);
        code_ = true;
        Walk(n->children, depth + 1);
        code_ = false;
        Flush(BlockKind::kCode);
      } else if (Is(n, "li")) {
        Flush(BlockKind::kParagraph);
        Walk(n->children, depth + 1);
        Flush(BlockKind::kList);
      } else if (Is(n, "tr")) {
        Flush(BlockKind::kParagraph);
        Walk(n->children, depth + 1);
        Flush(BlockKind::kTable);
      } else if (Is(n, "td") || Is(n, "th")) {
        Walk(n->children, depth + 1);
        pending_ += " | ";
      } else if (Is(n, "br")) {
        pending_ += code_ ? "\n" : " ";
      } else if (IsBlock(n)) {
        Flush(BlockKind::kParagraph);
        Walk(n->children, depth + 1);
        Flush(BlockKind::kParagraph);
      } else {
        Walk(n->children, depth + 1);
      }
    }
  }
  void Finish() { Flush(BlockKind::kParagraph); }

 private:
  static int HeadingLevel(const xmlNode* n) {
    const char* name = reinterpret_cast<const char*>(n->name);
    if (name && name[0] == 'h' && name[1] >= '1' && name[1] <= '6' && name[2] == 0)
      return name[1] - '0';
    return 0;
  }
  static bool IsBlock(const xmlNode* n) {
    for (const char* name : {"p", "div", "section", "article", "main", "blockquote", "ul", "ol",
                             "table", "dl", "dt", "dd", "figcaption", "body"})
      if (Is(n, name)) return true;
    return false;
  }
  void Flush(BlockKind kind, int level = 0) {
    std::string text(Trim(pending_));
    pending_.clear();
    while (text.ends_with("|"))
      text = std::string(Trim(std::string_view(text).substr(0, text.size() - 1)));
    if (text.empty()) return;
    blocks.push_back({kind, level, std::move(text), 0});
  }
  std::string pending_;
  bool code_ = false;
};

}  // namespace

std::vector<Block> ParseHtml(std::string_view text, std::string* title) {
  if (text.size() > static_cast<size_t>(INT32_MAX)) return {};
  std::unique_ptr<xmlDoc, DocFree> doc(htmlReadMemory(
      text.data(), static_cast<int>(text.size()), nullptr, "UTF-8",
      HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET));
  if (!doc) return {};
  const xmlNode* root = xmlDocGetRootElement(doc.get());
  if (!root) return {};
  // The <title>, for the document's name when it has none better.
  if (title) {
    for (const xmlNode* h = root->children; h; h = h->next) {
      if (h->type != XML_ELEMENT_NODE || !Is(h, "head")) continue;
      for (const xmlNode* t = h->children; t; t = t->next) {
        if (t->type == XML_ELEMENT_NODE && Is(t, "title") && t->children && t->children->content) {
          std::string s;
          AppendText(s, reinterpret_cast<const char*>(t->children->content));
          *title = std::string(Trim(s));
        }
      }
    }
  }
  Walker w;
  w.Walk(root, 0);
  w.Finish();
  return std::move(w.blocks);
}

}  // namespace sagaz::knowledge::internal
