// Schedule routes: list, create, show (with the next runs), change (enable, disable, cron) and
// delete the cron schedules that submit jobs (jobs/schedules.hpp).
#include "app/app.hpp"
#include "jobs/schedules.hpp"
#include "server/routes.hpp"
#include "wire/schedules.hpp"

namespace sagaz::server {
namespace {

using wire::Json;

constexpr size_t kNextRuns = 5;

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
                 const auto update =
                     SAGAZ_TRY(wire::ParseScheduleUpdate(SAGAZ_TRY(JsonObjectBody(req))));
                 const auto s = SAGAZ_TRY(app.scheduler().Update(req.Param("id"), update));
                 return JsonResponse(SAGAZ_TRY(ScheduleJson(app, s)));
               });

  server.Delete("/api/v1/schedules/{id}", Need(auth::Permission::kDatasetsWrite),
                [&app](const http::Request& req) -> Reply {
                  SAGAZ_TRY(app.scheduler().Delete(req.Param("id")));
                  return NoContent();
                });
}

}  // namespace sagaz::server
