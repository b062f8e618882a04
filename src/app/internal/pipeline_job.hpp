// The "pipeline" job: runs a pipeline with per-node progress; a failed run fails the job (without
// a retry: the data must change first) and names the run whose report says why.
#pragma once

namespace sagaz {
class App;
}
namespace sagaz::jobs {
class Workers;
}

namespace sagaz::internal {

void RegisterPipelineJob(jobs::Workers& workers, App& app);

}  // namespace sagaz::internal
