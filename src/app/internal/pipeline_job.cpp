#include "app/internal/pipeline_job.hpp"

#include "app/app.hpp"
#include "app/jobs.hpp"
#include "jobs/jobs.hpp"
#include "pipelines/pipelines.hpp"
#include "wire/pipelines.hpp"

namespace sagaz {
namespace app_jobs {

Result<jobs::Submitted> SubmitPipelineRun(App& app, const pipelines::RunRequest& request,
                                          std::string created_by) {
  // Fails now, not in the job, when the pipeline cannot be loaded.
  const auto pipeline = SAGAZ_TRY(app.pipelines().Load(request.pipeline));
  if (!request.from.empty()) {
    bool found = false;
    for (const auto& n : pipeline.nodes) found = found || n.name == request.from;
    if (!found) {
      return Fail(Error(ErrorCode::kNotFound,
                        "pipeline '" + pipeline.name + "' has no node '" + request.from + "'")
                      .With("node", request.from));
    }
  }
  return app.jobs().Submit({.kind = std::string(kPipeline),
                            .payload = wire::Dump(wire::RunPayload(request)),
                            .max_attempts = 1,
                            .created_by = std::move(created_by)});
}

}  // namespace app_jobs

namespace internal {

void RegisterPipelineJob(jobs::Workers& workers, App& app) {
  workers.Register(
      std::string(app_jobs::kPipeline), [&app](jobs::JobContext& ctx) -> Result<std::string> {
        const auto body = SAGAZ_TRY(wire::ParseBody(ctx.job().payload));
        auto request = SAGAZ_TRY(wire::ParseRunRequest(body, ""));
        request.job_id = ctx.job().id;
        ctx.Progress(0, "starting " + request.pipeline);
        const auto report = SAGAZ_TRY(app.pipelines().Run(
            request,
            [&ctx](size_t done, size_t total, std::string_view message) {
              ctx.Progress(
                  total ? 100.0 * static_cast<double>(done) / static_cast<double>(total) : 100,
                  message);
            },
            [&ctx] { return ctx.Cancelled(); }));
        if (report.status != pipelines::RunStatus::kSucceeded) {
          return Fail(Error(ErrorCode::kFailedPrecondition,
                            "pipeline run " + report.id + " failed: " + report.error)
                          .With("run_id", report.id));
        }
        return wire::Dump(wire::ToJson(report));
      });
}

}  // namespace internal
}  // namespace sagaz
