// Drill-down: the SQL of the rows behind a clicked bar or point of a saved question. Internal.
//
// The question's own statement is rewritten through DuckDB's parser (json_serialize_sql and back):
// its grouping, HAVING, ordering and limit are dropped and its select list becomes `*` plus the
// expressions of the clicked result columns (a date_trunc bucket, a CASE), so the rows keep the
// question's WHERE and joins and are narrowed by what the chart showed. The result runs through
// the SQL guard like any query.
#pragma once

#include <string>

#include "core/error.hpp"
#include "dashboards/dashboards.hpp"
#include "db/db.hpp"

namespace sagaz::dashboards::internal {

// `sql`: a single SELECT (the question's, or "SELECT * FROM dataset WHERE filter" for statistics).
Result<std::string> DrillSql(db::Connection& conn, std::string_view sql,
                             const std::vector<DrillFilter>& filters);

}  // namespace sagaz::dashboards::internal
