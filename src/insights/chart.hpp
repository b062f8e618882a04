// Charts that fit the intent of an answer, as typed specifications. The wire layer turns them into
// Apache ECharts options (the web UI renders those directly).
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace sagaz::insights {

enum class ChartKind {
  kNone,       // nothing worth drawing (a list of rows)
  kNumber,     // one figure (a count, a total)
  kLine,       // a measure over time
  kBar,        // one value per category
  kHistogram,  // the distribution of a measure
  kBoxplot,    // distributions per category
};

std::string_view ToString(ChartKind kind);

struct Series {
  std::string name;
  std::vector<std::optional<double>> values;  // aligned with ChartSpec::x
  bool dashed = false;                        // a fitted trend line
};

struct Box {
  std::string label;
  double min = 0, q1 = 0, median = 0, q3 = 0, max = 0;
};

struct ChartSpec {
  ChartKind kind = ChartKind::kNone;
  std::string title;
  std::string x_label;
  std::string y_label;
  std::vector<std::string> x;  // categories, ISO times (time axis) or bin labels
  bool time_axis = false;
  std::vector<Series> series;
  std::vector<Box> boxes;
  std::optional<double> value;       // kNumber
  std::string value_text;            // kNumber, formatted for the language
  std::optional<double> mark;        // a reference line (the mean on a histogram)
  std::optional<size_t> mark_index;  // histogram: the bin the mark falls in
  std::string mark_label;
  std::vector<size_t> partial;  // line: indexes of x that are partial periods
  std::string partial_label;    // their name in the legend ("parcial", "partial")
};

// Largest-Triangle-Three-Buckets: the indexes of at most `target` points of (x, y) that keep the
// shape of the line (peaks and troughs survive). x ascending. All indexes when there are fewer.
std::vector<size_t> Downsample(std::span<const double> x, std::span<const double> y, size_t target);

}  // namespace sagaz::insights
