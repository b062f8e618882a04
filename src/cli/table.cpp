#include "cli/table.hpp"

#include <algorithm>

namespace sagaz::cli {
namespace {

size_t Width(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

// Cuts to `width` code points, replacing the tail by an ellipsis.
std::string Fit(const std::string& s, size_t width) {
  if (Width(s) <= width) return s;
  std::string out;
  size_t n = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if ((c & 0xC0) != 0x80) {
      if (n + 1 == width) break;
      ++n;
    }
    out += s[i];
  }
  return out + "…";
}

std::string Clean(std::string s) {
  for (auto& c : s) {
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  }
  return s;
}

}  // namespace

std::string RenderTable(const std::vector<TableColumn>& columns,
                        const std::vector<std::vector<std::string>>& rows, size_t max_width) {
  std::vector<size_t> widths(columns.size());
  for (size_t c = 0; c < columns.size(); ++c) widths[c] = Width(columns[c].header);
  std::vector<std::vector<std::string>> cells;
  for (const auto& row : rows) {
    std::vector<std::string> r;
    for (size_t c = 0; c < columns.size(); ++c) {
      r.push_back(Fit(Clean(c < row.size() ? row[c] : ""), max_width));
      widths[c] = std::max(widths[c], Width(r.back()));
    }
    cells.push_back(std::move(r));
  }
  auto line = [&](const std::vector<std::string>& values, bool header) {
    std::string out;
    for (size_t c = 0; c < columns.size(); ++c) {
      const size_t pad = widths[c] - Width(values[c]);
      if (c) out += "  ";
      if (columns[c].right_align && !header)
        out += std::string(pad, ' ') + values[c];
      else
        out += values[c] + (c + 1 < columns.size() ? std::string(pad, ' ') : "");
    }
    return out + "\n";
  };
  std::vector<std::string> headers;
  for (const auto& c : columns) headers.push_back(c.header);
  std::string out = line(headers, true);
  std::string rule;
  for (size_t c = 0; c < columns.size(); ++c) {
    if (c) rule += "  ";
    for (size_t i = 0; i < widths[c]; ++i) rule += "─";
  }
  out += rule + "\n";
  for (const auto& r : cells) out += line(r, false);
  return out;
}

}  // namespace sagaz::cli
