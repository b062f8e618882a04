#include "reports/internal/figure.hpp"

#include <algorithm>
#include <cctype>
#include <map>

#include "core/strings.hpp"

namespace sagaz::reports::internal {

namespace {

using dashboards::ChartType;

bool LooksLikeDate(std::string_view s) {
  return s.size() >= 7 && s[4] == '-' && std::isdigit(static_cast<unsigned char>(s[0])) &&
         std::isdigit(static_cast<unsigned char>(s[5]));
}

bool IsNumber(const db::Value& v) {
  return std::holds_alternative<int64_t>(v) || std::holds_alternative<uint64_t>(v) ||
         std::holds_alternative<double>(v);
}

// Whether column i holds numbers: its type, or (stored results carry type names only) its values.
bool NumericColumn(const dashboards::RunResult& r, size_t i) {
  if (r.columns[i].type.id != db::TypeId::kInvalid) return r.columns[i].type.IsNumeric();
  return std::any_of(r.rows.begin(), r.rows.end(),
                     [i](const std::vector<db::Value>& row) { return IsNumber(row[i]); });
}

std::optional<size_t> ColumnIndex(const dashboards::RunResult& r, std::string_view name) {
  for (size_t i = 0; i < r.columns.size(); ++i) {
    if (r.columns[i].name == name) return i;
  }
  return std::nullopt;
}

Figure Table(const dashboards::RunResult& r, insights::Locale locale) {
  Figure f;
  f.kind = FigureKind::kTable;
  for (const auto& c : r.columns) f.header.push_back(c.name);
  for (size_t i = 0; i < r.rows.size() && i < kMaxTableRows; ++i) {
    std::vector<std::string> row;
    for (const auto& v : r.rows[i]) row.push_back(CellText(v, locale));
    f.rows.push_back(std::move(row));
  }
  const int64_t total = std::max<int64_t>(r.total_rows, static_cast<int64_t>(r.rows.size()));
  if (total > static_cast<int64_t>(f.rows.size())) {
    f.note = (locale == insights::Locale::kPtBr ? "primeiras " : "first ") +
             std::to_string(f.rows.size()) + (locale == insights::Locale::kPtBr ? " de " : " of ") +
             std::to_string(total) + (locale == insights::Locale::kPtBr ? " linhas" : " rows");
  }
  return f;
}

Figure Statistics(const stats::StatsResult& s, insights::Locale locale) {
  Figure f;
  f.kind = FigureKind::kTable;
  const bool pt = locale == insights::Locale::kPtBr;
  f.header = {pt ? "coluna" : "column",  "n",   pt ? "média" : "mean",
              pt ? "mediana" : "median", "min", "max"};
  auto num = [locale](const std::optional<double>& v) {
    return v ? insights::FormatNumber(*v, locale) : std::string("-");
  };
  for (const auto& c : s.columns) {
    f.rows.push_back({c.name, std::to_string(c.summary.count), num(c.summary.mean),
                      num(c.summary.median), num(c.summary.min), num(c.summary.max)});
    if (f.rows.size() >= kMaxTableRows) break;
  }
  return f;
}

// The Ask answer's own chart, when the question keeps the automatic type.
std::optional<Figure> FromAskChart(const insights::ChartSpec& c, insights::Locale locale) {
  Figure f;
  switch (c.kind) {
    case insights::ChartKind::kNumber:
      f.kind = FigureKind::kNumber;
      f.value = c.value;
      return f;
    case insights::ChartKind::kLine:
      f.kind = FigureKind::kLines;
      break;
    case insights::ChartKind::kBar:
    case insights::ChartKind::kHistogram:
      f.kind = FigureKind::kBars;
      break;
    default:
      return std::nullopt;
  }
  if (c.x.empty() || c.series.empty()) return std::nullopt;
  const size_t n = std::min(c.x.size(), kMaxCategories);
  for (size_t i = 0; i < n; ++i) {
    f.categories.push_back(c.time_axis ? insights::FormatTime(c.x[i], locale) : c.x[i]);
  }
  for (const auto& s : c.series) {
    if (f.series.size() >= kMaxSeries) break;
    Series out{s.name, {}};
    out.values.assign(s.values.begin(), s.values.begin() + std::min(n, s.values.size()));
    out.values.resize(n);
    f.series.push_back(std::move(out));
  }
  return f;
}

FigureKind KindOf(ChartType type, bool time_like) {
  switch (type) {
    case ChartType::kLine:
      return FigureKind::kLines;
    case ChartType::kArea:
      return FigureKind::kArea;
    case ChartType::kPie:
    case ChartType::kDonut:
      return FigureKind::kPie;
    case ChartType::kBar:
    case ChartType::kStackedBar:
    case ChartType::kHorizontalBar:
    case ChartType::kHistogram:
      return FigureKind::kBars;
    case ChartType::kNumber:
      return FigureKind::kNumber;
    case ChartType::kAuto:
      return time_like ? FigureKind::kLines : FigureKind::kBars;
    default:
      return FigureKind::kTable;
  }
}

Figure Chart(const dashboards::RunResult& r, const dashboards::ChartSettings& chart, ChartType type,
             insights::Locale locale) {
  if (r.columns.empty() || r.rows.empty()) {
    Figure f;
    f.kind = FigureKind::kText;
    f.lines = {locale == insights::Locale::kPtBr ? "sem linhas" : "no rows"};
    return f;
  }
  // x: the chart's, or the first non-numeric column (kNone: none).
  constexpr size_t kNone = static_cast<size_t>(-1);
  size_t x = chart.x.empty() ? kNone : ColumnIndex(r, chart.x).value_or(kNone);
  for (size_t i = 0; i < r.columns.size() && x == kNone; ++i) {
    if (!NumericColumn(r, i)) x = i;
  }
  const size_t split = chart.series.empty() ? kNone : ColumnIndex(r, chart.series).value_or(kNone);
  std::vector<size_t> ys;
  for (const auto& name : chart.y) {
    if (auto i = ColumnIndex(r, name)) ys.push_back(*i);
  }
  if (ys.empty()) {
    for (size_t i = 0; i < r.columns.size(); ++i) {
      if (i != x && i != split && NumericColumn(r, i)) ys.push_back(i);
    }
  }
  const bool single = r.columns.size() == 1 && r.rows.size() == 1;
  if (type == ChartType::kNumber ||
      (type == ChartType::kAuto && (single || (x == kNone && r.rows.size() == 1)))) {
    Figure f;
    f.kind = FigureKind::kNumber;
    const size_t col = ys.empty() ? 0 : ys.front();
    f.value = db::DoubleOf(r.rows.back()[col]);
    if (r.rows.size() >= 2) f.previous = db::DoubleOf(r.rows[r.rows.size() - 2][col]);
    return f;
  }
  if (ys.empty() || x == kNone) return Table(r, locale);
  const bool time_like =
      r.columns[x].type.IsTemporal() || LooksLikeDate(db::TextOf(r.rows.front()[x]));
  Figure f;
  f.kind = KindOf(type, time_like);
  if (f.kind == FigureKind::kTable) return Table(r, locale);
  if (f.kind == FigureKind::kNumber) return Chart(r, chart, ChartType::kNumber, locale);
  std::map<std::string, size_t> category_index;
  std::map<std::string, size_t> series_index;
  size_t rows_used = 0;
  for (const auto& row : r.rows) {
    std::string category = CellText(row[x], locale);
    auto [cat, fresh] = category_index.emplace(category, f.categories.size());
    if (fresh) {
      if (f.categories.size() >= (f.kind == FigureKind::kLines || f.kind == FigureKind::kArea
                                      ? kMaxPoints
                                      : kMaxCategories)) {
        category_index.erase(cat);
        continue;
      }
      f.categories.push_back(category);
      for (auto& s : f.series) s.values.push_back(std::nullopt);
    }
    ++rows_used;
    if (split != kNone) {
      const std::string name = CellText(row[split], locale);
      auto it = series_index.find(name);
      if (it == series_index.end()) {
        if (f.series.size() >= kMaxSeries) continue;
        it = series_index.emplace(name, f.series.size()).first;
        f.series.push_back({name, std::vector<std::optional<double>>(f.categories.size())});
      }
      f.series[it->second].values[cat->second] = db::DoubleOf(row[ys.front()]);
    } else {
      if (f.series.empty()) {
        for (size_t k = 0; k < ys.size() && k < kMaxSeries; ++k) {
          f.series.push_back(
              {r.columns[ys[k]].name, std::vector<std::optional<double>>(f.categories.size())});
        }
      }
      for (size_t k = 0; k < f.series.size(); ++k) {
        f.series[k].values[cat->second] = db::DoubleOf(row[ys[k]]);
      }
    }
  }
  if (rows_used < r.rows.size() || r.truncated) {
    f.note = locale == insights::Locale::kPtBr
                 ? "mostrando " + std::to_string(f.categories.size()) + " categorias"
                 : "showing " + std::to_string(f.categories.size()) + " categories";
  }
  return f;
}

}  // namespace

std::string CellText(const db::Value& v, insights::Locale locale) {
  if (std::holds_alternative<std::monostate>(v)) return "";
  if (std::holds_alternative<double>(v)) return insights::FormatNumber(std::get<double>(v), locale);
  if (std::holds_alternative<std::string>(v)) {
    const auto& s = std::get<std::string>(v);
    if (LooksLikeDate(s) && s.size() >= 10 && s.size() <= 32) {
      // Midnight times are dates.
      std::string iso = s;
      if (iso.size() > 10 && iso.substr(10).find_first_not_of(" T0:.") == std::string::npos) {
        iso.resize(10);
      }
      return insights::FormatTime(iso, locale);
    }
    return s;
  }
  return db::TextOf(v);
}

Figure FigureOf(const dashboards::CardResult& card, insights::Locale locale) {
  Figure f;
  if (card.card.kind == dashboards::CardKind::kMarkdown) {
    f.kind = FigureKind::kText;
    for (auto line : Split(card.card.text, '\n')) {
      std::string_view l = Trim(line);
      while (!l.empty() && (l.front() == '#' || l.front() == '>')) l.remove_prefix(1);
      std::string text(Trim(l));
      text.erase(std::remove(text.begin(), text.end(), '*'), text.end());
      if (text.starts_with("- ")) text = "• " + text.substr(2);
      f.lines.push_back(std::move(text));
    }
    f.title = card.card.title;
    return f;
  }
  f.title = card.card.title;
  if (card.error || !card.result || !card.question) {
    f.kind = FigureKind::kError;
    f.lines = {card.error ? card.error->message
                          : (locale == insights::Locale::kPtBr ? "sem resultado" : "no result")};
    return f;
  }
  const auto& r = *card.result;
  const auto& q = *card.question;
  Figure out;
  if (card.card.kind == dashboards::CardKind::kKpi) {
    out.kind = FigureKind::kNumber;
    out.value = card.kpi_value;
    out.previous = card.kpi_previous;
  } else if (r.statistics) {
    out = Statistics(*r.statistics, locale);
  } else {
    const ChartType type = card.card.chart.value_or(q.chart.type);
    std::optional<Figure> ask;
    if (type == ChartType::kAuto && r.ask_chart) ask = FromAskChart(*r.ask_chart, locale);
    out = ask ? std::move(*ask) : Chart(r, q.chart, type, locale);
  }
  out.title = f.title;
  if (!r.filters_applied.empty()) {
    const std::string applied = Join(r.filters_applied, ", ");
    out.note += (out.note.empty() ? "" : " · ") +
                std::string(locale == insights::Locale::kPtBr ? "filtros: " : "filters: ") +
                applied;
  }
  return out;
}

}  // namespace sagaz::reports::internal
