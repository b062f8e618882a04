#include "app/internal/pipeline_job.hpp"

#include <set>

#include "app/app.hpp"
#include "app/jobs.hpp"
#include "core/log.hpp"
#include "jobs/jobs.hpp"
#include "jobs/schedules.hpp"
#include "pipelines/pipelines.hpp"
#include "wire/pipelines.hpp"

namespace sagaz {
namespace app_jobs {

Result<jobs::Submitted> SubmitPipelineRun(App& app, const pipelines::RunRequest& request,
                                          std::string created_by) {
  // Fails now, not in the job, when the pipeline cannot be loaded.
  const auto pipeline = SAGAZ_TRY(app.pipelines().Load(request.pipeline));
  if (!request.resume.empty()) SAGAZ_TRY(app.pipelines().CheckResumable(pipeline, request.resume));
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
        // The job runs again (its process died, or it is retried): resume the run it started.
        if (request.resume.empty() && request.from.empty()) {
          if (const auto unfinished =
                  SAGAZ_TRY(app.pipelines().UnfinishedRunOfJob(request.pipeline, ctx.job().id))) {
            request.resume = unfinished->id;
          }
        }
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

void AllowPipelineSchedules(jobs::Scheduler& scheduler, App& app) {
  scheduler.AllowKind(std::string(app_jobs::kPipeline), [&app](std::string_view payload) -> Status {
    const auto body = SAGAZ_TRY(wire::ParseBody(payload));
    const auto request = SAGAZ_TRY(wire::ParseRunRequest(body, ""));
    SAGAZ_TRY(app.pipelines().Load(request.pipeline));
    return Ok();
  });
}

Status DeclarePipelineSchedules(App& app) {
  constexpr std::string_view kPrefix = "pipeline:";
  std::set<std::string> declared;
  for (const auto& p : SAGAZ_TRY(app.pipelines().List())) {
    const std::string name = std::string(kPrefix) + p.name;
    if (p.nodes == 0) {
      // The file does not load now: keep its schedules as they are.
      for (const auto& s : SAGAZ_TRY(app.scheduler().List())) {
        if (s.spec.name == name || s.spec.name.starts_with(name + ":"))
          declared.insert(s.spec.name);
      }
      continue;
    }
    // Further runs of the file ([[schedules]]: a weekly full refresh, a run from one node).
    for (const auto& e : p.schedules) {
      const std::string extra = name + ":" + e.name;
      const auto declared_extra = app.scheduler().Declare(
          {.name = extra,
           .cron = e.cron,
           .time_zone = p.time_zone,
           .kind = std::string(app_jobs::kPipeline),
           .payload = wire::Dump(wire::RunPayload(
               {.pipeline = p.name, .full_refresh = e.full_refresh, .from = e.from})),
           .enabled = !p.origin.starts_with("embedded:"),
           .created_by = "scheduler",
           .origin = "pipeline"});
      if (!declared_extra) {
        log::Warn("a schedule of a pipeline could not be declared",
                  {{"pipeline", p.name},
                   {"schedule", e.name},
                   {"error", declared_extra.error().message}});
        continue;
      }
      declared.insert(extra);
    }
    if (p.schedule.empty()) continue;
    const auto declared_schedule =
        app.scheduler().Declare({.name = name,
                                 .cron = p.schedule,
                                 .time_zone = p.time_zone,
                                 .kind = std::string(app_jobs::kPipeline),
                                 .payload = wire::Dump(wire::RunPayload({.pipeline = p.name})),
                                 .enabled = !p.origin.starts_with("embedded:"),
                                 .created_by = "scheduler",
                                 .origin = "pipeline"});
    if (!declared_schedule) {
      // A pipeline whose schedule cannot be kept (it no longer loads) does not stop the server.
      log::Warn("the schedule of a pipeline could not be declared",
                {{"pipeline", p.name}, {"error", declared_schedule.error().message}});
      continue;
    }
    declared.insert(name);
  }
  for (const auto& s : SAGAZ_TRY(app.scheduler().List())) {
    if (s.spec.origin == "pipeline" && !declared.contains(s.spec.name)) {
      SAGAZ_TRY(app.scheduler().Delete(s.id));
    }
  }
  return Ok();
}

}  // namespace internal
}  // namespace sagaz
