// JSON shapes of saved questions, dashboards, public links and exports. Shared by the HTTP routes
// and `sagaz dashboards`.
//
// Question bodies: {"name", "kind": "ask"|"sql"|"stats", "question"|"sql"|"stats", "description"?,
// "collection"?, "dataset"?, "language"?, "chart"?: {"type", "x", "y", "series", "sort",
// "descending", "number_format", "date_format"}}. Dashboard bodies: {"name", "description"?,
// "collection"?, "refresh_s"?, "cards": [{"question_id" | "kind": "markdown", "text" | "kind":
// "kpi", "question_id", "title"?, "chart"?, "position"?: {"x", "y", "w", "h"}}], "filters"?:
// [{"column", "kind"?: "value"|"date_range", "label"?, "default"?}]}. Filter values travel as query
// parameters: `filter.<column>=value` or `filter.<column>=from..to` (dates YYYY-MM-DD).
#pragma once

#include <map>
#include <string>

#include "dashboards/dashboards.hpp"
#include "exports/exports.hpp"
#include "wire/json.hpp"

namespace sagaz::wire {

Result<dashboards::NewQuestion> ParseNewQuestion(const Json& body);
Result<dashboards::NewDashboard> ParseNewDashboard(const Json& body);
// PUT /api/v1/collections/{name}: {"view": role, "edit": role}.
Result<dashboards::Collection> ParseCollection(const Json& body, std::string name);
// `filter.<column>` query parameters (or CLI options) to filter values.
Result<dashboards::FilterValues> ParseFilterValues(
    const std::multimap<std::string, std::string>& query);
// A JSON object of filter values, {COLUMN: "value" | "from..to"}, at `field` of `body` (absent:
// none): report payloads and drill requests.
Result<dashboards::FilterValues> ParseFilterObject(const Json& body, std::string_view field);
// Export options from text fields: format, separator, decimal, bom.
Result<exports::Options> ParseExportOptions(const std::map<std::string, std::string>& fields);
// POST /api/v1/export: {"sql", "policy"?, "name"?, "format"?, "separator"?, "decimal"?, "bom"?}.
struct ExportRequest {
  std::string sql;
  sql::Policy policy = sql::Policy::kStandard;
  std::string name = "export";
  exports::Options options;
};
Result<ExportRequest> ParseExportRequest(const Json& body);

// POST /api/v1/questions/{id}/drill: {"filters": [{"column", "value"? (text, number, boolean or
// null), "from"?, "to"?}], "dashboard_filters"?: {COLUMN: "value" | "from..to"}}.
Result<dashboards::DrillRequest> ParseDrillRequest(const Json& body);

// POST /api/v1/dashboards/{id}/embed: {"ttl_s"?} (an empty body takes the defaults); the lifetime
// is checked against `max_ttl_s`.
Result<int64_t> ParseEmbedTtl(std::string_view body, int64_t default_ttl_s, int64_t max_ttl_s);

Json ToJson(const dashboards::ChartSettings& chart);
Json ToJson(const dashboards::Question& question);
// A result; `with_sql` false leaves out the SQL and the datasets (public links).
Json ToJson(const dashboards::RunResult& result, bool with_sql = true);
Json ToJson(const dashboards::Dashboard& dashboard);
// A dashboard with its cards' results; `public_view` shows results only, never the SQL.
Json ToJson(const dashboards::OpenedDashboard& opened, bool public_view);
Json ToJson(const dashboards::Collection& collection);

// `sagaz dashboards export|import`: {"format": "sagaz-dashboard", "version": 1, "dashboard",
// "questions"}.
Json ToJson(const dashboards::Bundle& bundle);
Result<dashboards::Bundle> ParseBundle(const Json& body);

}  // namespace sagaz::wire
