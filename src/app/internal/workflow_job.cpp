#include "app/internal/workflow_job.hpp"

#include "app/app.hpp"
#include "app/jobs.hpp"
#include "assets/assets.hpp"
#include "auth/auth.hpp"
#include "core/log.hpp"
#include "jobs/jobs.hpp"
#include "jobs/schedules.hpp"
#include "wire/json.hpp"
#include "workflows/workflows.hpp"

namespace sagaz::assets::internal {
extern const RawFile kBundle_workflow_examples[];
extern const size_t kBundle_workflow_examples_size;
}  // namespace sagaz::assets::internal

namespace sagaz {

namespace {

struct SchedulePayload {
  std::string workflow;
  std::string vars = "{}";
};

Result<SchedulePayload> ParseSchedulePayload(std::string_view payload) {
  const auto body = SAGAZ_TRY(wire::ParseBody(payload));
  if (!body.is_object() || !body.contains("workflow") || !body["workflow"].is_string()) {
    return Fail(Error(ErrorCode::kInvalidArgument,
                      "a workflow schedule's payload is {\"workflow\": name, \"vars\"?: {...}}")
                    .With("field", "workflow"));
  }
  for (const auto& [k, v] : body.items()) {
    if (k != "workflow" && k != "vars")
      return Fail(Error(ErrorCode::kInvalidArgument, "unknown field '" + k + "'").With("field", k));
  }
  SchedulePayload out;
  out.workflow = body["workflow"].get<std::string>();
  if (body.contains("vars")) {
    if (!body["vars"].is_object())
      return Fail(Error(ErrorCode::kInvalidArgument, "vars is an object").With("field", "vars"));
    out.vars = wire::Dump(body["vars"]);
  }
  return out;
}

}  // namespace

namespace app_jobs {

workflows::Caller WorkflowCaller(const auth::Identity& who) {
  return {.user = who.user, .role = who.role, .permissions = who.permissions};
}

Result<workflows::Run> SubmitWorkflowRun(App& app, std::string_view workflow,
                                         const workflows::RunOptions& options,
                                         const workflows::Caller& caller) {
  auto run = SAGAZ_TRY(app.workflows().CreateRun(workflow, options, caller));
  const auto submitted = app.jobs().Submit({.kind = std::string(kWorkflowRun),
                                            .payload = wire::Dump(wire::Json{{"run_id", run.id}}),
                                            .max_attempts = 3,
                                            .created_by = caller.user});
  if (!submitted) {
    (void)app.workflows().MarkCancelled(run.id, "the job could not be submitted");
    return Fail(submitted.error());
  }
  SAGAZ_TRY(app.workflows().SetJob(run.id, submitted->job.id));
  run.job_id = submitted->job.id;
  return run;
}

}  // namespace app_jobs

namespace internal {

void RegisterWorkflowJob(jobs::Workers& workers, App& app) {
  workers.Register(
      std::string(app_jobs::kWorkflowRun),
      [&app](jobs::JobContext& ctx) -> Result<std::string> {
        const auto body = SAGAZ_TRY(wire::ParseBody(ctx.job().payload));
        std::string run_id;
        if (body.is_object() && body.contains("run_id") && body["run_id"].is_string()) {
          run_id = body["run_id"].get<std::string>();
        } else {
          // A scheduled run: created by the first attempt of this job, found again by the next.
          const auto payload = SAGAZ_TRY(ParseSchedulePayload(ctx.job().payload));
          const auto w = SAGAZ_TRY(app.workflows().Get(payload.workflow));
          for (const auto& r : SAGAZ_TRY(app.workflows().Runs(w.id, 20)))
            if (r.job_id == ctx.job().id) run_id = r.id;
          if (run_id.empty()) {
            const auto owner = SAGAZ_TRY(app.auth().GetUser(w.owner));
            const auto caller = workflows::Caller::WithRole(owner.name, owner.role);
            const auto run = SAGAZ_TRY(app.workflows().CreateRun(
                w.id, {.vars = payload.vars, .trigger = "schedule"}, caller));
            SAGAZ_TRY(app.workflows().SetJob(run.id, ctx.job().id));
            run_id = run.id;
          }
        }
        const auto run = SAGAZ_TRY(app.workflows().Execute(
            run_id, [&ctx] { return ctx.Cancelled(); },
            [&ctx](double percent, std::string_view message) { ctx.Progress(percent, message); }));
        wire::Json out = {{"run_id", run.id}, {"status", std::string(ToString(run.status))}};
        if (run.status == workflows::RunStatus::kFailed) {
          // The run failed for a reason a retry of the job does not fix (its steps retried).
          return Fail(Error(ErrorCode::kFailedPrecondition,
                            "workflow run " + run.id + " failed: " + run.error)
                          .With("run_id", run.id));
        }
        if (run.status == workflows::RunStatus::kCancelled) {
          // Stopped because the worker is shutting down or lost its lease, not on request: the
          // job's next attempt resumes the run.
          const auto job = SAGAZ_TRY(app.jobs().Get(ctx.job().id));
          if (!job.cancel_requested) SAGAZ_TRY(app.workflows().Requeue(run.id));
          return Fail(Error(ErrorCode::kCancelled, "workflow run " + run.id + " was cancelled"));
        }
        return wire::Dump(out);
      },
      [&app](const jobs::Job& job) {
        // A job cancelled before it ran leaves its run queued: say it was cancelled.
        if (job.state != jobs::State::kCancelled) return;
        const auto body = wire::ParseBody(job.payload);
        if (body && body->is_object() && body->contains("run_id") && (*body)["run_id"].is_string())
          (void)app.workflows().MarkCancelled((*body)["run_id"].get<std::string>(),
                                              "the run was cancelled");
      });
}

Status DeclareWorkflowExamples(App& app) {
  using assets::internal::kBundle_workflow_examples;
  for (size_t i = 0; i < assets::internal::kBundle_workflow_examples_size; ++i) {
    const auto& f = kBundle_workflow_examples[i];
    if (!f.path) continue;
    const auto doc =
        SAGAZ_TRY(wire::ParseBody(std::string_view(f.begin, static_cast<size_t>(f.end - f.begin))));
    const std::string name = doc.is_object() ? doc.value("name", "") : "";
    auto existing = app.workflows().Get(name);
    if (existing) continue;
    if (existing.error().code != ErrorCode::kNotFound) return Fail(std::move(existing).error());
    if (auto created = app.workflows().Create("sagaz", doc); !created) {
      log::Warn("a shipped workflow example could not be created",
                {{"file", std::string(f.path)}, {"error", created.error().message}});
    }
  }
  return Ok();
}

void AllowWorkflowSchedules(jobs::Scheduler& scheduler, App& app) {
  scheduler.AllowKind(std::string(app_jobs::kWorkflowRun),
                      [&app](std::string_view payload) -> Status {
                        const auto p = SAGAZ_TRY(ParseSchedulePayload(payload));
                        SAGAZ_TRY(app.workflows().Get(p.workflow));
                        return Ok();
                      });
}

}  // namespace internal
}  // namespace sagaz
