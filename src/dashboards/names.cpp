// The names of the dashboards module's enums, as the API and the stored rows spell them.
#include <array>
#include <utility>

#include "core/strings.hpp"
#include "dashboards/dashboards.hpp"

namespace sagaz::dashboards {

namespace {

template <class E, size_t N>
std::string_view NameOf(const std::array<std::pair<E, std::string_view>, N>& names, E value) {
  for (const auto& [v, name] : names) {
    if (v == value) return name;
  }
  return names[0].second;
}

template <class E, size_t N>
Result<E> Parse(const std::array<std::pair<E, std::string_view>, N>& names, std::string_view text,
                std::string_view what, std::string_view field) {
  const std::string lower = ToLower(Trim(text));
  std::vector<std::string_view> all;
  for (const auto& [v, name] : names) {
    if (name == lower) return v;
    all.push_back(name);
  }
  return Fail(Error(ErrorCode::kInvalidArgument, "unknown " + std::string(what) + " '" +
                                                     std::string(text) + "'; use one of " +
                                                     Join(all, ", "))
                  .With("field", std::string(field)));
}

constexpr std::array<std::pair<QuestionKind, std::string_view>, 3> kKinds = {{
    {QuestionKind::kAsk, "ask"},
    {QuestionKind::kSql, "sql"},
    {QuestionKind::kStats, "stats"},
}};

constexpr std::array<std::pair<ChartType, std::string_view>, 15> kChartTypes = {{
    {ChartType::kAuto, "auto"},
    {ChartType::kLine, "line"},
    {ChartType::kArea, "area"},
    {ChartType::kBar, "bar"},
    {ChartType::kStackedBar, "stacked_bar"},
    {ChartType::kHorizontalBar, "horizontal_bar"},
    {ChartType::kPie, "pie"},
    {ChartType::kDonut, "donut"},
    {ChartType::kScatter, "scatter"},
    {ChartType::kHistogram, "histogram"},
    {ChartType::kBoxplot, "boxplot"},
    {ChartType::kHeatmap, "heatmap"},
    {ChartType::kTable, "table"},
    {ChartType::kNumber, "number"},
    {ChartType::kPivot, "pivot"},
}};

constexpr std::array<std::pair<CardKind, std::string_view>, 3> kCardKinds = {{
    {CardKind::kQuestion, "question"},
    {CardKind::kMarkdown, "markdown"},
    {CardKind::kKpi, "kpi"},
}};

constexpr std::array<std::pair<FilterKind, std::string_view>, 2> kFilterKinds = {{
    {FilterKind::kValue, "value"},
    {FilterKind::kDateRange, "date_range"},
}};

}  // namespace

std::string_view ToString(QuestionKind kind) { return NameOf(kKinds, kind); }
Result<QuestionKind> ParseQuestionKind(std::string_view text) {
  return Parse(kKinds, text, "question kind", "kind");
}
std::string_view ToString(ChartType type) { return NameOf(kChartTypes, type); }
Result<ChartType> ParseChartType(std::string_view text) {
  return Parse(kChartTypes, text, "chart type", "type");
}
std::string_view ToString(CardKind kind) { return NameOf(kCardKinds, kind); }
Result<CardKind> ParseCardKind(std::string_view text) {
  return Parse(kCardKinds, text, "card kind", "kind");
}
std::string_view ToString(FilterKind kind) { return NameOf(kFilterKinds, kind); }
Result<FilterKind> ParseFilterKind(std::string_view text) {
  return Parse(kFilterKinds, text, "filter kind", "kind");
}

}  // namespace sagaz::dashboards
