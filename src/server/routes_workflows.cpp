// Workflow and agent routes. Adapters only: parse the request, call the services, format the
// result. Runs execute as "workflow.run" jobs: POST .../runs answers 202 with the queued run.
#include "agents/agents.hpp"
#include "app/app.hpp"
#include "app/jobs.hpp"
#include "core/strings.hpp"
#include "jobs/jobs.hpp"
#include "server/routes.hpp"
#include "wire/workflows.hpp"
#include "workflows/workflows.hpp"

namespace sagaz::server {
namespace {

// A run of the workflow in the path (a run id of another workflow is not found here).
Result<workflows::Run> RunOf(App& app, const http::Request& req) {
  const auto w = SAGAZ_TRY(app.workflows().Get(req.Param("id")));
  auto run = SAGAZ_TRY(app.workflows().GetRun(req.Param("run")));
  if (run.workflow_id != w.id) {
    return Fail(Error(ErrorCode::kNotFound,
                      "workflow '" + w.definition.name + "' has no run '" + req.Param("run") + "'")
                    .With("run", req.Param("run")));
  }
  return run;
}

// Agent runs as events: `step` for each trace step as it happens, then `done` (the result as the
// JSON route returns it) or `error` (the error envelope).
http::Response StreamAgentRun(App& app, std::string name, std::string input,
                              workflows::Caller caller) {
  return http::Response::EventStream([&app, name, input, caller](http::StreamSink& sink) {
    bool open = sink.Send("retry: 2000\n\n");
    auto result = app.agents().Run(name, input, caller, [&](const agents::TraceStep& step) {
      if (open) open = sink.Send(SseEvent("step", wire::Dump(wire::ToJson(step))));
    });
    if (!open) return;
    if (result) {
      sink.Send(SseEvent("done", wire::Dump(wire::ToJson(*result))));
    } else {
      sink.Send(SseEvent("error", wire::Dump(wire::ErrorEnvelope(result.error()))));
    }
  });
}

}  // namespace

void RegisterWorkflowRoutes(http::Server& server, App& app) {
  const auto can_read = Need(auth::Permission::kDatasetsRead);
  const auto can_write = Need(auth::Permission::kDatasetsWrite);
  const auto can_run = Need(auth::Permission::kQuery);

  server.Get("/api/v1/step-kinds", can_read, [&app](const http::Request&) -> Reply {
    return JsonResponse({{"items", wire::StepKindsJson(app.steps())}});
  });

  server.Get("/api/v1/workflows", can_read, [&app](const http::Request&) -> Reply {
    wire::Json items = wire::Json::array();
    for (const auto& w : SAGAZ_TRY(app.workflows().List())) items.push_back(wire::ToJson(w));
    return JsonResponse({{"items", std::move(items)}});
  });

  server.Post("/api/v1/workflows", can_write, [&app](const http::Request& req) -> Reply {
    const auto w =
        SAGAZ_TRY(app.workflows().Create(CallerOf(req).user, SAGAZ_TRY(JsonObjectBody(req))));
    return Created(wire::ToJson(w), "/api/v1/workflows/" + w.id);
  });

  server.Get("/api/v1/workflows/{id}", can_read, [&app](const http::Request& req) -> Reply {
    return JsonResponse(wire::ToJson(SAGAZ_TRY(app.workflows().Get(req.Param("id")))));
  });

  // Every save is a new version; runs keep the version they started with.
  server.Put("/api/v1/workflows/{id}", can_write, [&app](const http::Request& req) -> Reply {
    const auto body = SAGAZ_TRY(JsonObjectBody(req));
    return JsonResponse(
        wire::ToJson(SAGAZ_TRY(app.workflows().Update(CallerOf(req).user, req.Param("id"), body))));
  });

  server.Delete("/api/v1/workflows/{id}", can_write, [&app](const http::Request& req) -> Reply {
    SAGAZ_TRY(app.workflows().Delete(req.Param("id")));
    return NoContent();
  });

  server.Get("/api/v1/workflows/{id}/runs", can_read, [&app](const http::Request& req) -> Reply {
    const auto limit = SAGAZ_TRY(IntParam(req, "limit", 50, 1, 1000));
    wire::Json items = wire::Json::array();
    for (const auto& r :
         SAGAZ_TRY(app.workflows().Runs(req.Param("id"), static_cast<size_t>(limit))))
      items.push_back(wire::ToJson(r, /*with_steps=*/false));
    return JsonResponse({{"items", std::move(items)}});
  });

  // {"vars"?, "rerun_of"?, "from_step"?}: 202 with the queued run; poll GET .../runs/{run}.
  server.Post("/api/v1/workflows/{id}/runs", can_run, [&app](const http::Request& req) -> Reply {
    const auto body =
        Trim(req.body).empty() ? wire::Json::object() : SAGAZ_TRY(JsonObjectBody(req));
    const auto options = SAGAZ_TRY(wire::ParseWorkflowRunRequest(body));
    const auto run = SAGAZ_TRY(app_jobs::SubmitWorkflowRun(
        app, req.Param("id"), options, app_jobs::WorkflowCaller(CallerOf(req))));
    http::Response r = JsonResponse(wire::ToJson(run), 202);
    r.headers.emplace_back("Location", "/api/v1/workflows/" + run.workflow_id + "/runs/" + run.id);
    return r;
  });

  server.Get("/api/v1/workflows/{id}/runs/{run}", can_read,
             [&app](const http::Request& req) -> Reply {
               return JsonResponse(wire::ToJson(SAGAZ_TRY(RunOf(app, req))));
             });

  server.Post("/api/v1/workflows/{id}/runs/{run}/cancel", can_run,
              [&app](const http::Request& req) -> Reply {
                const auto run = SAGAZ_TRY(RunOf(app, req));
                const auto job = SAGAZ_TRY(app.jobs().Cancel(run.job_id));
                // A queued job is cancelled at once and never runs: neither does its run.
                if (job.state == jobs::State::kCancelled)
                  SAGAZ_TRY(app.workflows().MarkCancelled(run.id, "the run was cancelled"));
                return JsonResponse(wire::ToJson(SAGAZ_TRY(app.workflows().GetRun(run.id))), 202);
              });

  server.Get("/api/v1/workflows/{id}/runs/{run}/steps/{step}/output", can_read,
             [&app](const http::Request& req) -> Reply {
               const auto run = SAGAZ_TRY(RunOf(app, req));
               return http::Response::Json(
                   200, SAGAZ_TRY(app.workflows().StepOutput(run.id, req.Param("step"))));
             });

  server.Get("/api/v1/agents", can_read, [&app](const http::Request&) -> Reply {
    wire::Json items = wire::Json::array();
    for (const auto& a : SAGAZ_TRY(app.agents().List())) items.push_back(wire::ToJson(a));
    return JsonResponse({{"items", std::move(items)}});
  });

  server.Post("/api/v1/agents", can_write, [&app](const http::Request& req) -> Reply {
    const auto spec = SAGAZ_TRY(wire::ParseAgentSpec(SAGAZ_TRY(JsonObjectBody(req))));
    const auto a = SAGAZ_TRY(app.agents().Create(CallerOf(req).user, spec));
    return Created(wire::ToJson(a), "/api/v1/agents/" + a.spec.name);
  });

  server.Get("/api/v1/agents/{name}", can_read, [&app](const http::Request& req) -> Reply {
    return JsonResponse(wire::ToJson(SAGAZ_TRY(app.agents().Get(req.Param("name")))));
  });

  server.Put("/api/v1/agents/{name}", can_write, [&app](const http::Request& req) -> Reply {
    auto body = SAGAZ_TRY(JsonObjectBody(req));
    if (!body.contains("name")) body["name"] = req.Param("name");
    const auto spec = SAGAZ_TRY(wire::ParseAgentSpec(body));
    return JsonResponse(wire::ToJson(SAGAZ_TRY(app.agents().Update(req.Param("name"), spec))));
  });

  server.Delete("/api/v1/agents/{name}", can_write, [&app](const http::Request& req) -> Reply {
    SAGAZ_TRY(app.agents().Delete(req.Param("name")));
    return NoContent();
  });

  // {"input"}: the result with its trace, or with Accept: text/event-stream the trace steps as
  // they happen (see StreamAgentRun). Tools run with the caller's permissions.
  server.Post("/api/v1/agents/{name}/runs", can_run, [&app](const http::Request& req) -> Reply {
    const auto input = SAGAZ_TRY(wire::ParseAgentRunRequest(SAGAZ_TRY(JsonObjectBody(req))));
    const auto caller = app_jobs::WorkflowCaller(CallerOf(req));
    SAGAZ_TRY(app.agents().Get(req.Param("name")));
    if (req.WantsEventStream()) return StreamAgentRun(app, req.Param("name"), input, caller);
    return JsonResponse(
        wire::ToJson(SAGAZ_TRY(app.agents().Run(req.Param("name"), input, caller))));
  });
}

}  // namespace sagaz::server
