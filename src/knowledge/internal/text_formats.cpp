// Markdown, plain text and CSV to blocks. Hand-written line scanners: chunking needs only the block
// structure (headings, fences, lists, tables, paragraphs), not a rendered document.
#include <algorithm>
#include <string>

#include "core/strings.hpp"
#include "knowledge/internal/blocks.hpp"

namespace sagaz::knowledge::internal {
namespace {

std::vector<std::string_view> Lines(std::string_view text) {
  std::vector<std::string_view> lines;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back(line);
    start = end + 1;
  }
  return lines;
}

bool IsListItem(std::string_view t) {
  if (t.size() >= 2 && (t[0] == '-' || t[0] == '*' || t[0] == '+') && t[1] == ' ') return true;
  size_t i = 0;
  while (i < t.size() && i < 4 && t[i] >= '0' && t[i] <= '9') ++i;
  return i > 0 && i + 1 < t.size() && (t[i] == '.' || t[i] == ')') && t[i + 1] == ' ';
}

// Collects consecutive lines into one block of a kind.
class Builder {
 public:
  void Add(BlockKind kind, std::string_view line) {
    if (current_.kind != kind || current_.text.empty()) Flush();
    current_.kind = kind;
    if (!current_.text.empty()) current_.text += kind == BlockKind::kParagraph ? " " : "\n";
    current_.text.append(line);
  }
  void Heading(int level, std::string_view text) {
    Flush();
    if (Trim(text).empty()) return;
    blocks_.push_back({BlockKind::kHeading, level, std::string(Trim(text)), 0});
  }
  void Flush() {
    if (!Trim(current_.text).empty()) blocks_.push_back(std::move(current_));
    current_ = {};
  }
  std::vector<Block> Take() {
    Flush();
    return std::move(blocks_);
  }

 private:
  Block current_;
  std::vector<Block> blocks_;
};

}  // namespace

std::vector<Block> ParseMarkdown(std::string_view text) {
  Builder b;
  const auto lines = Lines(text);
  bool in_code = false;
  std::string fence;
  for (size_t i = 0; i < lines.size(); ++i) {
    const std::string_view line = lines[i];
    const std::string_view t = Trim(line);
    if (in_code) {
      if (t.starts_with(fence)) {
        in_code = false;
        b.Flush();
      } else {
        b.Add(BlockKind::kCode, line);
      }
      continue;
    }
    if (t.starts_with("```") || t.starts_with("~~~")) {
      b.Flush();
      in_code = true;
      fence = std::string(t.substr(0, 3));
      continue;
    }
    if (t.empty()) {
      b.Flush();
      continue;
    }
    if (t[0] == '#') {
      size_t level = t.find_first_not_of('#');
      if (level != std::string_view::npos && level <= 6 && t[level] == ' ') {
        std::string_view h = Trim(t.substr(level));
        while (!h.empty() && h.back() == '#') h.remove_suffix(1);
        b.Heading(static_cast<int>(level), h);
        continue;
      }
    }
    // Setext headings: a line underlined with === or ---.
    if (i + 1 < lines.size()) {
      const std::string_view u = Trim(lines[i + 1]);
      if (u.size() >= 3 && (u.find_first_not_of('=') == std::string_view::npos ||
                            u.find_first_not_of('-') == std::string_view::npos)) {
        b.Heading(u[0] == '=' ? 1 : 2, t);
        ++i;
        continue;
      }
    }
    if (t[0] == '|') {
      if (t.find_first_not_of("|-: ") == std::string_view::npos) continue;  // separator row
      b.Add(BlockKind::kTable, t);
    } else if (IsListItem(t)) {
      b.Add(BlockKind::kList, t);
    } else {
      b.Add(BlockKind::kParagraph, t);
    }
  }
  return b.Take();
}

std::vector<Block> ParsePlainText(std::string_view text) {
  Builder b;
  for (const std::string_view line : Lines(text)) {
    const std::string_view t = Trim(line);
    if (t.empty()) {
      b.Flush();
    } else if (IsListItem(t)) {
      b.Add(BlockKind::kList, t);
    } else {
      b.Add(BlockKind::kParagraph, t);
    }
  }
  return b.Take();
}

namespace {

// One CSV record (RFC 4180 quoting) starting at `pos`; advances pos.
std::vector<std::string> Record(std::string_view text, size_t& pos, char sep) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  while (pos < text.size()) {
    const char c = text[pos++];
    if (quoted) {
      if (c == '"') {
        if (pos < text.size() && text[pos] == '"') {
          fields.back().push_back('"');
          ++pos;
        } else {
          quoted = false;
        }
      } else {
        fields.back().push_back(c);
      }
    } else if (c == '"' && fields.back().empty()) {
      quoted = true;
    } else if (c == sep) {
      fields.emplace_back();
    } else if (c == '\n') {
      break;
    } else if (c != '\r') {
      fields.back().push_back(c);
    }
  }
  return fields;
}

}  // namespace

std::vector<Block> ParseCsv(std::string_view text) {
  const size_t first_line = text.substr(0, text.find('\n')).size();
  char sep = ',';
  size_t best = 0;
  for (char c : {',', ';', '\t', '|'}) {
    const size_t n = std::count(text.begin(), text.begin() + static_cast<long>(first_line), c);
    if (n > best) best = n, sep = c;
  }
  size_t pos = 0;
  const auto header = Record(text, pos, sep);
  std::vector<Block> blocks;
  while (pos < text.size()) {
    const auto row = Record(text, pos, sep);
    std::string line;
    for (size_t i = 0; i < row.size(); ++i) {
      const std::string_view v = Trim(row[i]);
      if (v.empty()) continue;
      if (!line.empty()) line += "; ";
      if (i < header.size() && !Trim(header[i]).empty()) {
        line.append(Trim(header[i]));
        line += ": ";
      }
      line.append(v);
    }
    if (!line.empty()) blocks.push_back({BlockKind::kTable, 0, std::move(line), 0});
  }
  return blocks;
}

}  // namespace sagaz::knowledge::internal
