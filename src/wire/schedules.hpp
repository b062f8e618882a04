// JSON shapes of the schedules API (and `sagaz schedules ... --json`).
#pragma once

#include <vector>

#include "jobs/schedules.hpp"
#include "wire/json.hpp"

namespace sagaz::wire {

// A schedule with its next occurrences (ISO-8601 UTC).
Json ToJson(const jobs::Schedule& schedule, const std::vector<int64_t>& next_runs);

// POST /api/v1/schedules: {"name", "cron", "time_zone"?, "kind", "payload"?: object,
// "missed"?: "run_once" | "skip", "enabled"?: bool}.
Result<jobs::ScheduleSpec> ParseScheduleSpec(const Json& body);
// PATCH /api/v1/schedules/{id}: any of "cron", "time_zone", "missed", "enabled", "payload".
Result<jobs::ScheduleUpdate> ParseScheduleUpdate(const Json& body);

}  // namespace sagaz::wire
