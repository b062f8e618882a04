// The wire format of statistics: POST /api/v1/stats bodies to typed requests, and results to JSON.
// Shared by the HTTP route and `sagaz stats --json`.
//
// Request: {"dataset", "columns", "stats", "group_by", "filter", "quantiles", "quantile_method",
// "include_infinite", "trim", "iqr_k", "mad_threshold", "histogram", "weights", "censor",
// "correlation", "trend"}; only "dataset" is required. Results name statistics as
// stats::Name(Stat) does (count, min, max, mean, median, q1, q3, std_dev, coef_var, ...). Infinite
// values are the strings "Infinity" and "-Infinity"; undefined ones are null, with a reason in
// "notes".
#pragma once

#include "core/error.hpp"
#include "stats/service.hpp"
#include "stats/stats.hpp"
#include "wire/json.hpp"

namespace sagaz::wire {

Result<stats::StatsRequest> ParseStatsRequest(const Json& body);
// The fields of a request that describe what to compute (everything but dataset and filter).
Result<stats::StatsSpec> ParseStatsSpec(const Json& body);

Json ToJson(const stats::StatsResult& result);
// One column's statistics: {"name", "type", <statistic>: value, ..., "notes": {...}}.
Json ToJson(const stats::ColumnStats& column);
// A summary's requested statistics, flat, plus "notes".
Json StatsJson(const stats::Summary& summary);
// {"count", "ols": {...}, "theil_sen": {...}, "mann_kendall": {...}, "notes"?}.
Json TrendJson(const stats::Trend& trend);
// A statistic value: a number, "Infinity"/"-Infinity", or null.
Json StatValue(std::optional<double> value);

}  // namespace sagaz::wire
