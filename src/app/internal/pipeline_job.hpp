// The "pipeline" job: runs a pipeline with per-node progress; a failed run fails the job (without
// a retry: the data must change first) and names the run whose report says why.
//
// Pipelines may carry a schedule (a cron expression and time zone in their file): each becomes the
// schedule "pipeline:NAME" of the scheduler, kept in step with the file at every start. The
// shipped pipelines' schedules are created disabled (their data may not be there); schedules of
// files in data/pipelines are created enabled. Enabling or disabling one is kept across starts.
#pragma once

#include "core/error.hpp"

namespace sagaz {
class App;
}
namespace sagaz::jobs {
class Workers;
class Scheduler;
}  // namespace sagaz::jobs

namespace sagaz::internal {

void RegisterPipelineJob(jobs::Workers& workers, App& app);
// Lets schedules submit "pipeline" jobs, whose payload must name a pipeline that loads.
void AllowPipelineSchedules(jobs::Scheduler& scheduler, App& app);
// Declares the schedules of pipelines that have one; removes those of pipelines that lost theirs.
Status DeclarePipelineSchedules(App& app);

}  // namespace sagaz::internal
