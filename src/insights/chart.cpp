// Chart choice: the intent of the answer decides the chart, the data fills it.
#include <algorithm>
#include <cmath>
#include <string>

#include "insights/insight.hpp"

namespace sagaz::insights {

std::string_view ToString(ChartKind kind) {
  switch (kind) {
    case ChartKind::kNone:
      return "none";
    case ChartKind::kNumber:
      return "number";
    case ChartKind::kLine:
      return "line";
    case ChartKind::kBar:
      return "bar";
    case ChartKind::kHistogram:
      return "histogram";
    case ChartKind::kBoxplot:
      return "boxplot";
  }
  return "none";
}

namespace {

constexpr size_t kChartGroups = 30;  // bars or boxes a chart shows; the answer's table has all

std::string WithUnit(const std::string& measure, const std::string& unit) {
  return unit.empty() ? measure : measure + " (" + unit + ")";
}

void SetMark(ChartSpec& chart, const stats::Histogram& h, double at, const std::string& label,
             Locale locale) {
  chart.mark = at;
  chart.mark_label = label + FormatNumber(at, locale);
  chart.mark_index.reset();
  for (size_t i = 0; i + 1 < h.edges.size(); ++i) {
    if (at >= h.edges[i] && (at < h.edges[i + 1] || i + 2 == h.edges.size())) {
      chart.mark_index = i;
      break;
    }
  }
}

bool HistogramOf(const Facts& f, ChartSpec& chart) {
  if (!f.summary || !f.summary->histogram || f.summary->histogram->counts.empty()) return false;
  const auto& h = *f.summary->histogram;
  chart.kind = ChartKind::kHistogram;
  chart.x_label = WithUnit(f.measure, f.unit);
  chart.y_label = f.locale == Locale::kPtBr ? "frequência" : "count";
  Series s;
  s.name = chart.y_label;
  for (size_t i = 0; i < h.counts.size(); ++i) {
    chart.x.push_back(FormatNumber(h.edges[i], f.locale) + "–" +
                      FormatNumber(h.edges[i + 1], f.locale));
    s.values.push_back(static_cast<double>(h.counts[i]));
  }
  chart.series.push_back(std::move(s));
  if (f.summary->mean)
    SetMark(chart, h, *f.summary->mean, f.locale == Locale::kPtBr ? "média " : "mean ", f.locale);
  return true;
}

bool BoxesOf(const Facts& f, ChartSpec& chart) {
  std::vector<Box> boxes;
  for (size_t i = 0; i < f.groups.size() && i < kChartGroups; ++i) {
    const auto& g = f.groups[i];
    if (!g.summary || !g.summary->min || !g.summary->q1 || !g.summary->median || !g.summary->q3 ||
        !g.summary->max) {
      return false;
    }
    const auto& s = *g.summary;
    boxes.push_back({g.label, *s.min, *s.q1, *s.median, *s.q3, *s.max});
  }
  if (boxes.empty()) return false;
  chart.kind = ChartKind::kBoxplot;
  chart.x_label = f.group;
  chart.y_label = WithUnit(f.measure, f.unit);
  chart.boxes = std::move(boxes);
  for (const auto& b : chart.boxes) chart.x.push_back(b.label);
  return true;
}

}  // namespace

ChartSpec BuildChart(const Facts& f, const std::string& title) {
  ChartSpec chart;
  chart.title = title;
  const bool pt = f.locale == Locale::kPtBr;
  switch (f.kind) {
    case Kind::kCount:
    case Kind::kValue:
      if (f.kind == Kind::kValue && (f.aggregate == "mean" || f.aggregate == "median") &&
          HistogramOf(f, chart)) {
        if (f.value) {
          SetMark(chart, *f.summary->histogram, *f.value,
                  f.aggregate == "mean" ? (pt ? "média " : "mean ") : (pt ? "mediana " : "median "),
                  f.locale);
        }
        break;
      }
      chart.kind = ChartKind::kNumber;
      chart.value = f.value;
      if (f.value) chart.value_text = FormatNumber(*f.value, f.locale);
      break;
    case Kind::kDescribe:
      if (!HistogramOf(f, chart)) chart.kind = ChartKind::kNone;
      break;
    case Kind::kSeries: {
      if (f.points.empty()) break;
      chart.kind = ChartKind::kLine;
      chart.time_axis = true;
      chart.y_label = WithUnit(f.measure, f.unit);
      // A count per period has no measure; the series still needs a name for the legend.
      Series values{.name = !f.measure.empty() ? f.measure : (pt ? "valor" : "value")};
      for (const auto& p : f.points) {
        if (p.partial) chart.partial.push_back(chart.x.size());
        chart.x.push_back(p.time);
        values.values.push_back(p.value);
      }
      if (!chart.partial.empty()) chart.partial_label = pt ? "período parcial" : "partial period";
      chart.series.push_back(std::move(values));
      if (f.trend && f.trend->theil_sen && f.points.size() >= 3) {
        Series fit{.name = pt ? "tendência (Theil–Sen)" : "trend (Theil–Sen)", .dashed = true};
        for (const auto& p : f.points) {
          fit.values.push_back(f.trend->theil_sen->intercept +
                               f.trend->theil_sen->slope * p.x_days);
        }
        chart.series.push_back(std::move(fit));
      }
      break;
    }
    case Kind::kGroups:
      // The spread within each group when it was asked for; otherwise the answer per group.
      if ((f.aggregate.empty() || f.aggregate == "median") && BoxesOf(f, chart)) break;
      [[fallthrough]];
    case Kind::kRanking: {
      if (f.groups.empty()) break;
      chart.kind = ChartKind::kBar;
      chart.x_label = f.group;
      chart.y_label = f.aggregate == "count" || f.measure.empty() ? (pt ? "contagem" : "count")
                                                                  : WithUnit(f.measure, f.unit);
      Series values{.name = chart.y_label};
      for (size_t i = 0; i < f.groups.size() && i < kChartGroups; ++i) {
        chart.x.push_back(f.groups[i].label);
        values.values.push_back(f.groups[i].value);
      }
      chart.series.push_back(std::move(values));
      break;
    }
    case Kind::kRows:
      break;
  }
  return chart;
}

}  // namespace sagaz::insights

namespace sagaz::insights {

std::vector<size_t> Downsample(std::span<const double> x, std::span<const double> y,
                               size_t target) {
  const size_t n = std::min(x.size(), y.size());
  std::vector<size_t> keep;
  if (target < 3 || n <= target) {
    keep.resize(n);
    for (size_t i = 0; i < n; ++i) keep[i] = i;
    return keep;
  }
  keep.reserve(target);
  keep.push_back(0);
  // The points between the first and the last fall into target − 2 buckets; from each bucket the
  // point forming the largest triangle with the previous pick and the next bucket's average wins.
  const double width = static_cast<double>(n - 2) / static_cast<double>(target - 2);
  size_t a = 0;
  for (size_t b = 0; b < target - 2; ++b) {
    const size_t start = 1 + static_cast<size_t>(static_cast<double>(b) * width);
    const size_t end = std::min(n - 1, 1 + static_cast<size_t>(static_cast<double>(b + 1) * width));
    const size_t next_start = end;
    const size_t next_end =
        std::min(n, 1 + static_cast<size_t>(static_cast<double>(b + 2) * width));
    double ax = 0, ay = 0;
    const size_t span = std::max<size_t>(1, next_end - next_start);
    for (size_t i = next_start; i < next_start + span && i < n; ++i) ax += x[i], ay += y[i];
    ax /= static_cast<double>(span);
    ay /= static_cast<double>(span);
    double best = -1;
    size_t pick = start;
    for (size_t i = start; i < end; ++i) {
      const double area = std::abs((x[a] - ax) * (y[i] - y[a]) - (x[a] - x[i]) * (ay - y[a]));
      if (area > best) best = area, pick = i;
    }
    keep.push_back(pick);
    a = pick;
  }
  keep.push_back(n - 1);
  return keep;
}

}  // namespace sagaz::insights
