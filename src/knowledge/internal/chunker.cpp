// Blocks to chunks. The document's extracted text is the blocks joined by blank lines; every chunk
// is a span of it, so its offsets point at exactly its text. A chunk never crosses a heading or a
// page; a block longer than a chunk is split at sentence ends.
#include <algorithm>
#include <cstring>

#include "core/strings.hpp"
#include "knowledge/internal/blocks.hpp"

namespace sagaz::knowledge::internal {
namespace {

struct Unit {
  size_t start = 0, end = 0;
  int page = 0;
  size_t section = 0;  // index of the heading path
  bool heading = false;
};

bool IsContinuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// Splits [start, end) of `text` into spans of at most `limit` bytes, preferring sentence ends,
// then line ends, then spaces, then any UTF-8 boundary.
void Split(const std::string& text, size_t start, size_t end, size_t limit, Unit proto,
           std::vector<Unit>& out) {
  while (end - start > limit) {
    const size_t max_end = start + limit;
    size_t cut = std::string::npos;
    for (const char* marks : {".!?\n", "\n;:", " "}) {
      for (size_t i = max_end; i > start + limit / 3; --i) {
        const char c = text[i - 1];
        if (std::strchr(marks, c) &&
            (c == '\n' || c == ' ' || i >= end || text[i] == ' ' || text[i] == '\n')) {
          cut = i;
          break;
        }
      }
      if (cut != std::string::npos) break;
    }
    if (cut == std::string::npos) {
      cut = max_end;
      while (cut > start + 1 && IsContinuation(text[cut])) --cut;
    }
    proto.start = start;
    proto.end = cut;
    out.push_back(proto);
    start = cut;
    while (start < end && (text[start] == ' ' || text[start] == '\n')) ++start;
  }
  if (start < end) {
    proto.start = start;
    proto.end = end;
    out.push_back(proto);
  }
}

}  // namespace

std::vector<Chunk> MakeChunks(const std::vector<Block>& blocks, const ChunkOptions& options) {
  const size_t limit = std::max<size_t>(options.chunk_chars, 200);
  const size_t overlap = std::min(options.overlap_chars, limit / 2);
  std::string text;
  std::vector<std::string> sections{""};
  std::vector<std::pair<int, std::string>> stack;  // heading level, text
  std::vector<Unit> units;
  for (const auto& b : blocks) {
    if (!text.empty()) text += "\n\n";
    const size_t start = text.size();
    text += b.text;
    Unit u;
    u.page = b.page;
    if (b.kind == BlockKind::kHeading) {
      while (!stack.empty() && stack.back().first >= b.level) stack.pop_back();
      stack.emplace_back(b.level, b.text.substr(0, 200));
      std::string path;
      for (const auto& [level, h] : stack) path += (path.empty() ? "" : " > ") + h;
      sections.push_back(std::move(path));
      u.heading = true;
    }
    u.section = sections.size() - 1;
    Split(text, start, text.size(), limit, u, units);
  }

  std::vector<Chunk> chunks;
  size_t i = 0;
  while (i < units.size()) {
    const Unit& first = units[i];
    size_t start = first.start;
    size_t end = first.end;
    size_t j = i + 1;
    // A heading opens its section's first chunk; the text after it joins while it fits.
    while (j < units.size() && units[j].section == first.section && units[j].page == first.page &&
           units[j].end - start <= limit) {
      end = units[j].end;
      ++j;
    }
    Chunk c;
    c.page = first.page;
    c.heading = sections[first.section];
    c.start = static_cast<int64_t>(start);
    c.end = static_cast<int64_t>(end);
    c.text = text.substr(start, end - start);
    chunks.push_back(std::move(c));
    // The next chunk of the same section and page repeats the end of this one.
    if (overlap > 0 && j < units.size() && units[j].section == first.section &&
        units[j].page == first.page && !units[j].heading) {
      size_t from = end > overlap ? end - overlap : 0;
      from = std::max(from, start + 1);
      while (from < end && text[from] != ' ' && text[from] != '\n') ++from;
      while (from < end && (text[from] == ' ' || text[from] == '\n')) ++from;
      if (from < end && units[j].end - from <= limit + overlap) {
        units[j].start = from;
      }
    }
    i = j;
  }
  return chunks;
}

}  // namespace sagaz::knowledge::internal
