// Schedule routes: list, create, show (with the next runs), change (enable, disable, cron), run
// now, list the jobs it submitted, and delete the cron schedules that submit jobs
// (jobs/schedules.hpp): pipeline runs, reports and alerts. A report's or alert's payload is bound
// to the caller (app_jobs::BindSchedulePayload).
#include "app/app.hpp"
#include "app/jobs.hpp"
#include "dashboards/dashboards.hpp"
#include "jobs/jobs.hpp"
#include "jobs/schedules.hpp"
#include "server/routes.hpp"
#include "wire/platform.hpp"
#include "wire/schedules.hpp"

namespace sagaz::server {
namespace {

using wire::Json;

constexpr size_t kNextRuns = 5;

dashboards::Viewer Owner(const http::Request& req) {
  const auth::Identity id = CallerOf(req);
  return {id.user, id.role};
}

Result<Json> ScheduleJson(App& app, const jobs::Schedule& s) {
  return wire::ToJson(s, SAGAZ_TRY(app.scheduler().NextRuns(s, kNextRuns)));
}

}  // namespace

void RegisterScheduleRoutes(http::Server& server, App& app) {
  server.Get("/api/v1/schedules", Need(auth::Permission::kDatasetsRead),
             [&app](const http::Request&) -> Reply {
               Json items = Json::array();
               for (const auto& s : SAGAZ_TRY(app.scheduler().List())) {
                 items.push_back(SAGAZ_TRY(ScheduleJson(app, s)));
               }
               return JsonResponse({{"schedules", std::move(items)}});
             });

  server.Post("/api/v1/schedules", Need(auth::Permission::kDatasetsWrite),
              [&app](const http::Request& req) -> Reply {
                auto spec = SAGAZ_TRY(wire::ParseScheduleSpec(SAGAZ_TRY(JsonObjectBody(req))));
                spec.created_by = req.caller.user;
                spec.payload = SAGAZ_TRY(
                    app_jobs::BindSchedulePayload(app, spec.kind, spec.payload, Owner(req)));
                const auto s = SAGAZ_TRY(app.scheduler().Create(spec));
                return Created(SAGAZ_TRY(ScheduleJson(app, s)), "/api/v1/schedules/" + s.id);
              });

  server.Get("/api/v1/schedules/{id}", Need(auth::Permission::kDatasetsRead),
             [&app](const http::Request& req) -> Reply {
               const auto s = SAGAZ_TRY(app.scheduler().Get(req.Param("id")));
               return JsonResponse(SAGAZ_TRY(ScheduleJson(app, s)));
             });

  server.Patch("/api/v1/schedules/{id}", Need(auth::Permission::kDatasetsWrite),
               [&app](const http::Request& req) -> Reply {
                 auto update = SAGAZ_TRY(wire::ParseScheduleUpdate(SAGAZ_TRY(JsonObjectBody(req))));
                 if (update.payload) {
                   const auto current = SAGAZ_TRY(app.scheduler().Get(req.Param("id")));
                   update.payload = SAGAZ_TRY(app_jobs::BindSchedulePayload(
                       app, current.spec.kind, *update.payload, Owner(req)));
                 }
                 const auto s = SAGAZ_TRY(app.scheduler().Update(req.Param("id"), update));
                 return JsonResponse(SAGAZ_TRY(ScheduleJson(app, s)));
               });

  // Run now, outside the cron (also while paused): 202 with the job.
  server.Post("/api/v1/schedules/{id}/run", Need(auth::Permission::kDatasetsWrite),
              [&app](const http::Request& req) -> Reply {
                const std::string id =
                    SAGAZ_TRY(app.scheduler().RunNow(req.Param("id"), req.caller.user));
                auto response =
                    JsonResponse(Json{{"job", wire::ToJson(SAGAZ_TRY(app.jobs().Get(id)))}}, 202);
                response.headers.emplace_back("Location", "/api/v1/jobs/" + id);
                return response;
              });

  // The jobs a schedule submitted, newest first: its delivery history.
  server.Get("/api/v1/schedules/{id}/runs", Need(auth::Permission::kDatasetsRead),
             [&app](const http::Request& req) -> Reply {
               const auto s = SAGAZ_TRY(app.scheduler().Get(req.Param("id")));
               jobs::ListFilter filter;
               filter.key_prefix = jobs::Scheduler::RunsKeyPrefix(s);
               filter.cursor = req.Query("cursor").value_or("");
               filter.limit = static_cast<size_t>(SAGAZ_TRY(IntParam(req, "limit", 20, 1, 500)));
               return JsonResponse(wire::ToJson(SAGAZ_TRY(app.jobs().List(filter))));
             });

  server.Delete("/api/v1/schedules/{id}", Need(auth::Permission::kDatasetsWrite),
                [&app](const http::Request& req) -> Reply {
                  SAGAZ_TRY(app.scheduler().Delete(req.Param("id")));
                  return NoContent();
                });
}

}  // namespace sagaz::server
