// Chart choice: the intent of the answer decides the chart, the data fills it.
#include <algorithm>
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

std::string WithUnit(const std::string& measure, const std::string& unit) {
  return unit.empty() ? measure : measure + " (" + unit + ")";
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
  if (f.summary->mean) {
    chart.mark = *f.summary->mean;
    chart.mark_label = (f.locale == Locale::kPtBr ? "média " : "mean ") +
                       FormatNumber(*f.summary->mean, f.locale);
  }
  return true;
}

bool BoxesOf(const Facts& f, ChartSpec& chart) {
  std::vector<Box> boxes;
  for (const auto& g : f.groups) {
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
          chart.mark = *f.value;
          chart.mark_label = (f.aggregate == "mean" ? (pt ? "média " : "mean ")
                                                    : (pt ? "mediana " : "median ")) +
                             FormatNumber(*f.value, f.locale);
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
      Series values{.name = f.measure};
      for (const auto& p : f.points) {
        chart.x.push_back(p.time);
        values.values.push_back(p.value);
      }
      chart.series.push_back(std::move(values));
      if (f.trend && f.trend->theil_sen && f.points.size() >= 3) {
        Series fit{.name = pt ? "tendência (Theil–Sen)" : "trend (Theil–Sen)", .dashed = true};
        for (const auto& p : f.points) {
          fit.values.push_back(f.trend->theil_sen->intercept + f.trend->theil_sen->slope * p.x_days);
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
      chart.y_label = WithUnit(f.measure.empty() ? f.aggregate : f.measure, f.unit);
      Series values{.name = chart.y_label};
      for (const auto& g : f.groups) {
        chart.x.push_back(g.label);
        values.values.push_back(g.value);
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
