// Plain-text tables for the terminal.
#pragma once

#include <string>
#include <vector>

namespace sagaz::cli {

struct TableColumn {
  std::string header;
  bool right_align = false;
};

// Renders rows under headers with column widths fitted to content (cells longer than max_width are
// cut with an ellipsis). Widths count UTF-8 code points.
std::string RenderTable(const std::vector<TableColumn>& columns,
                        const std::vector<std::vector<std::string>>& rows, size_t max_width = 48);

}  // namespace sagaz::cli
