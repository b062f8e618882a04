// Pipeline routes: list, runs (start one as a job; list them), one run, lineage.
#include "app/app.hpp"
#include "app/jobs.hpp"
#include "catalog/catalog.hpp"
#include "jobs/jobs.hpp"
#include "pipelines/pipelines.hpp"
#include "server/routes.hpp"
#include "wire/pipelines.hpp"
#include "wire/platform.hpp"

namespace sagaz::server {
namespace {

using wire::Json;

// A pipeline of the API is named, never a path: names are checked like dataset names.
Result<std::string> PipelineName(const http::Request& req) {
  const std::string name = req.Param("name");
  if (auto st = catalog::ValidateName(name); !st) {
    return Fail(Error(ErrorCode::kInvalidArgument, "'" + name + "' is not a pipeline name")
                    .With("pipeline", name));
  }
  return name;
}

}  // namespace

void RegisterPipelineRoutes(http::Server& server, App& app) {
  server.Get("/api/v1/pipelines", Need(auth::Permission::kDatasetsRead),
             [&app](const http::Request&) -> Reply {
               Json items = Json::array();
               for (const auto& s : SAGAZ_TRY(app.pipelines().List())) {
                 items.push_back(wire::ToJson(s));
               }
               return JsonResponse({{"pipelines", std::move(items)}});
             });

  server.Get("/api/v1/pipelines/{name}", Need(auth::Permission::kDatasetsRead),
             [&app](const http::Request& req) -> Reply {
               const auto name = SAGAZ_TRY(PipelineName(req));
               return JsonResponse(wire::ToJson(SAGAZ_TRY(app.pipelines().Load(name))));
             });

  // Starts a run as a job: 202 with the job, whose progress names the node being run.
  server.Post("/api/v1/pipelines/{name}/runs", Need(auth::Permission::kDatasetsWrite),
              [&app](const http::Request& req) -> Reply {
                const auto name = SAGAZ_TRY(PipelineName(req));
                Json body = Json::object();
                if (!req.body.empty()) body = SAGAZ_TRY(JsonObjectBody(req));
                if (body.contains("pipeline")) {
                  return Fail(Error(ErrorCode::kInvalidArgument,
                                    "the pipeline is named by the path, not the body")
                                  .With("field", "pipeline"));
                }
                auto request = SAGAZ_TRY(wire::ParseRunRequest(body, name));
                const auto submitted =
                    SAGAZ_TRY(app_jobs::SubmitPipelineRun(app, request, req.caller.user));
                return JsonResponse(wire::ToJson(submitted.job), 202);
              });

  server.Get(
      "/api/v1/pipelines/{name}/runs", Need(auth::Permission::kDatasetsRead),
      [&app](const http::Request& req) -> Reply {
        const auto name = SAGAZ_TRY(PipelineName(req));
        const auto limit = SAGAZ_TRY(IntParam(req, "limit", 20, 1, 500));
        Json items = Json::array();
        for (const auto& r : SAGAZ_TRY(app.pipelines().Runs(name, static_cast<size_t>(limit)))) {
          items.push_back(wire::ToJson(r));
        }
        return JsonResponse({{"runs", std::move(items)}});
      });

  server.Get("/api/v1/pipelines/{name}/runs/{id}", Need(auth::Permission::kDatasetsRead),
             [&app](const http::Request& req) -> Reply {
               const auto name = SAGAZ_TRY(PipelineName(req));
               auto run = SAGAZ_TRY(app.pipelines().GetRun(req.Param("id")));
               if (run.pipeline != name) {
                 return Fail(Error(ErrorCode::kNotFound,
                                   "pipeline '" + name + "' has no run '" + req.Param("id") + "'"));
               }
               return JsonResponse(wire::ToJson(run));
             });

  server.Get("/api/v1/pipelines/{name}/lineage", Need(auth::Permission::kDatasetsRead),
             [&app](const http::Request& req) -> Reply {
               const auto name = SAGAZ_TRY(PipelineName(req));
               return JsonResponse(wire::ToJson(SAGAZ_TRY(app.pipelines().GetLineage(name))));
             });
}

}  // namespace sagaz::server
