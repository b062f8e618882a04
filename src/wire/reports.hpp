// JSON shapes of reports and alerts: the payloads of "report" and "alert" schedules (and jobs),
// and their outcomes (job results).
//
// Report: {"dashboard_id" | "question_id", "formats": ["pdf", "png", "csv", "xlsx"],
//          "delivery": {"folder": NAME} | {"webhook": URL}, "filters"?: {COLUMN: "value" |
//          "YYYY-MM-DD..YYYY-MM-DD"}, "language"?: "pt" | "en", "run_as"?: {"user", "role"}}
// Alert:  {"question_id", "direction": "above" | "below", "threshold": number,
//          "hysteresis"?: number, "column"?, "formats"?: [...], "delivery", "language"?,
//          "run_as"?}
// "run_as" is written by the server (the account that made the schedule); what a client sends
// there is replaced.
#pragma once

#include "reports/reports.hpp"
#include "wire/json.hpp"

namespace sagaz::wire {

Result<reports::ReportSpec> ParseReportSpec(const Json& body);
Result<reports::AlertSpec> ParseAlertSpec(const Json& body);
Json ToJson(const reports::ReportSpec& spec);
Json ToJson(const reports::AlertSpec& spec);

Json ToJson(const reports::ReportOutcome& outcome);
Json ToJson(const reports::AlertOutcome& outcome);

}  // namespace sagaz::wire
