// Written insights and charts from what an answer found. The builtin writer needs no model: it
// reads the statistics (level, spread from the coefficient of variation, skew, outliers, trend and
// its Mann–Kendall significance, differences between groups) and writes a few careful, hedged
// sentences in Portuguese or English with numbers formatted for the language.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "insights/chart.hpp"
#include "insights/format.hpp"
#include "stats/stats.hpp"

namespace sagaz::insights {

enum class Kind { kCount, kValue, kDescribe, kGroups, kSeries, kRanking, kRows };

// One value per label: a category, a period (ISO time) or a ranked row.
struct Labeled {
  std::string label;
  std::optional<double> value;
  int64_t rows = 0;
  std::optional<stats::Summary> summary;  // the measure within the group, when computed
};

// A point of a series: time (ISO text and days since the epoch, the x of the trend) and value.
struct Point {
  std::string time;
  double x_days = 0;
  double value = 0;
  bool partial = false;  // a period the data covers only in part (the first or the last)
};

// What the answer found, in typed form (built by Ask from the computed results).
struct Facts {
  Locale locale = Locale::kPtBr;
  Kind kind = Kind::kValue;
  std::string measure;     // what is measured, in the user's words or the column's description
  std::string entity;      // what the rows are ("pedidos", "readings")
  std::string unit;        // "m", "°C", "%", or empty
  std::string aggregate;   // count, sum, mean, median, min, max, std_dev, variance, count_distinct
  std::string group;       // kGroups: what the groups are ("categoria", "sensor")
  bool descending = true;  // kRanking: largest first
  std::string scope;       // filters in words ("status = Cancelled, 2024"), or empty
  std::optional<double> value;        // kCount, kValue
  std::string value_text;             // kValue: the value as text when it is not a number (a date)
  std::optional<int64_t> total_rows;  // rows without the filters, for shares of a count
  std::optional<stats::Summary> summary;  // of the measure over the rows used
  std::optional<stats::Trend> trend;      // kSeries: measure against time (x in days)
  std::string first_time, last_time;      // kSeries: range of the series (ISO)
  std::string period;                     // kSeries: hour, day, week, month, quarter, year or empty
  std::vector<Point> points;              // kSeries: the series (downsampled for drawing)
  std::optional<Point> peak, low;         // kSeries by period: the highest and lowest periods
  // kSeries by period: the first or last period holds only part of its time (the data starts or
  // ends inside it); it is drawn as partial and left out of the peak, the low, the summary of the
  // periods and the trend. data_*_time: the data's own first and last instants (ISO).
  bool partial_first = false, partial_last = false;
  std::string data_first_time, data_last_time;
  double points_per_time = 1;    // kSeries: values per instant (> 1: points are means)
  std::vector<Labeled> groups;   // kGroups, kRanking: value per label, in answer order
  int64_t group_count = 0;       // kGroups: groups in all (groups may hold the first ones)
  int64_t rows = 0;              // rows read
  bool nothing_matched = false;  // the query returned no row: there is nothing to describe
  bool truncated = false;        // rows were capped by ask.max_rows
};

std::string WriteInsight(const Facts& facts);

// A chart that fits: a line over time, bars by category, a histogram of a distribution, a number.
ChartSpec BuildChart(const Facts& facts, const std::string& title);

}  // namespace sagaz::insights
