// What a card of a report draws, decided from its result and chart settings apart from drawing
// it (render.cpp), so the choice is testable without pixels. Internal.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "dashboards/dashboards.hpp"
#include "insights/format.hpp"

namespace sagaz::reports::internal {

enum class FigureKind { kNumber, kBars, kLines, kArea, kPie, kTable, kText, kError };

struct Series {
  std::string name;
  std::vector<std::optional<double>> values;  // one per category
};

struct Figure {
  FigureKind kind = FigureKind::kText;
  std::string title;
  // kNumber
  std::optional<double> value;
  std::optional<double> previous;
  // kBars, kLines, kArea, kPie (the first series)
  std::vector<std::string> categories;
  std::vector<Series> series;
  // kTable
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  // kText, kError
  std::vector<std::string> lines;
  std::string note;  // under the figure: rows left out, filters applied
};

inline constexpr size_t kMaxCategories = 40;  // bars and slices drawn per card
inline constexpr size_t kMaxPoints = 500;     // points of a line or area
inline constexpr size_t kMaxSeries = 4;
inline constexpr size_t kMaxTableRows = 15;

Figure FigureOf(const dashboards::CardResult& card, insights::Locale locale);
// A cell as text for people.
std::string CellText(const db::Value& value, insights::Locale locale);

}  // namespace sagaz::reports::internal
