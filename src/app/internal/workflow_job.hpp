// The "workflow.run" job: executes a workflow run (WorkflowService::Execute). Its payload is
// {"run_id"} for runs started on demand, or {"workflow", "vars"?} for runs a schedule starts: the
// run is then created by the job (once per job, found again on a retry) with the permissions of
// the workflow's owner as they are now.
//
// A run whose process died (kill -9, power loss) is taken again when its job's lease expires (at
// once after a restart of the embedded queue) and resumes after its last finished step.
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

void RegisterWorkflowJob(jobs::Workers& workers, App& app);
// Creates the shipped example workflows (src/workflows/examples/*.json, embedded) that do not
// exist yet: one someone changed is left as it is; a deleted one comes back at the next start.
Status DeclareWorkflowExamples(App& app);
// Lets schedules submit "workflow.run" jobs whose payload names a workflow that exists.
void AllowWorkflowSchedules(jobs::Scheduler& scheduler, App& app);

}  // namespace sagaz::internal
