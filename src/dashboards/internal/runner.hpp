// Running a saved question: through Ask, the SQL guard or the statistics service, narrowed by
// dashboard filters, and telling what broke when its datasets changed shape.
#pragma once

#include <string>
#include <vector>

#include "core/error.hpp"
#include "dashboards/dashboards.hpp"

namespace sagaz::dashboards::internal {

struct Engines {
  catalog::Catalog& catalog;
  sql::QueryService& query;
  ask::AskService& ask;
  stats::StatsService& stats;
  const StatsParser& parse_stats;
  int64_t card_rows = 5000;
};

// Runs `q` as it is defined now, with the filters whose column one of its datasets has. For a
// question that ran before (q.result_columns not empty), a failure or a result without the
// columns its chart uses is reported as what broke (kFailedPrecondition, details "problems" and
// "cause"); other column changes become warnings.
Result<RunResult> Execute(const Engines& engines, const Question& q, const FilterValues& filters);

// The SQL condition of one filter value on `column` (quoted), checked for form: a date range
// needs YYYY-MM-DD dates. Empty when the value sets nothing.
Result<std::string> FilterCondition(std::string_view column, const FilterValue& value);

// The datasets whose data a question's result depends on: its tables, or every dataset for an
// Ask question free to choose among them.
std::vector<std::string> DependsOn(const Question& q);

}  // namespace sagaz::dashboards::internal
