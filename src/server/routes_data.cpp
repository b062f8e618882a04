// Data routes: datasets (upload, list, show, describe, profile, sample, delete) and guarded SQL.
// Adapters only: parse the request, call a service, format the result.

#include "app/app.hpp"
#include "catalog/catalog.hpp"
#include "core/strings.hpp"
#include "db/db.hpp"
#include "ingest/ingest.hpp"
#include "server/http.hpp"
#include "server/routes.hpp"
#include "server/upload.hpp"
#include "sql/query.hpp"
#include "wire/json.hpp"
#include "wire/platform.hpp"

namespace sagaz::server {

namespace {

using wire::Json;

Reply UploadDataset(App& app, const http::Request& req, http::BodyReader& body) {
  auto outcome = SAGAZ_TRY(IngestOrSubmit(app, req, body));
  if (outcome.job) {
    // Large (or async=true) uploads are ingested by a job: 202 and where to follow it.
    auto response = JsonResponse(Json{{"job", wire::ToJson(outcome.job->job)}}, 202);
    response.headers.emplace_back("Location", "/api/v1/jobs/" + outcome.job->job.id);
    if (outcome.job->existing) response.headers.emplace_back("Idempotent-Replayed", "true");
    return response;
  }
  return Created(wire::ToJson(*outcome.report), "/api/v1/datasets/" + outcome.report->dataset);
}

}  // namespace

void RegisterDataRoutes(http::Server& server, App& app) {
  server.Get("/api/v1/datasets", Need(auth::Permission::kDatasetsRead),
             [&app](const http::Request& req) -> Reply {
               const int64_t limit = SAGAZ_TRY(IntParam(req, "limit", 100, 1, 1000));
               const auto list = SAGAZ_TRY(app.catalog().List());
               const std::string cursor = req.Query("cursor").value_or("");
               Json items = Json::array();
               std::string next;
               for (const auto& info : list) {
                 if (!cursor.empty() && info.name <= cursor) continue;
                 if (static_cast<int64_t>(items.size()) == limit) {
                   next = items.back()["name"].get<std::string>();
                   break;
                 }
                 items.push_back(wire::ToJson(info));
               }
               Json body{{"datasets", std::move(items)}};
               body["next_cursor"] = next.empty() ? Json(nullptr) : Json(next);
               return JsonResponse(body);
             });

  server.PostStreaming("/api/v1/datasets", Need(auth::Permission::kDatasetsWrite),
                       [&app](const http::Request& req, http::BodyReader& body) {
                         return UploadDataset(app, req, body);
                       });

  server.Get("/api/v1/datasets/{name}", Need(auth::Permission::kDatasetsRead),
             [&app](const http::Request& req) -> Reply {
               return JsonResponse(wire::ToJson(SAGAZ_TRY(app.catalog().Get(req.Param("name")))));
             });

  server.Patch("/api/v1/datasets/{name}", Need(auth::Permission::kDatasetsWrite),
               [&app](const http::Request& req) -> Reply {
                 const auto update =
                     SAGAZ_TRY(wire::ParseDescriptionUpdate(SAGAZ_TRY(wire::ParseBody(req.body))));
                 SAGAZ_TRY(app.catalog().Update(req.Param("name"), update));
                 return JsonResponse(wire::ToJson(SAGAZ_TRY(app.catalog().Get(req.Param("name")))));
               });

  server.Delete("/api/v1/datasets/{name}", Need(auth::Permission::kDatasetsWrite),
                [&app](const http::Request& req) -> Reply {
                  SAGAZ_TRY(app.catalog().Drop(req.Param("name")));
                  return NoContent();
                });

  server.Get("/api/v1/datasets/{name}/profile", Need(auth::Permission::kDatasetsRead),
             [&app](const http::Request& req) -> Reply {
               const int64_t top = SAGAZ_TRY(IntParam(req, "top", 5, 0, 100));
               const int64_t bins = SAGAZ_TRY(IntParam(req, "bins", 20, 0, 200));
               const auto profile = SAGAZ_TRY(app.catalog().ProfileDataset(
                   req.Param("name"), static_cast<size_t>(top), static_cast<size_t>(bins)));
               return JsonResponse(wire::ToJson(profile));
             });

  server.Get("/api/v1/datasets/{name}/sample", Need(auth::Permission::kDatasetsRead),
             [&app](const http::Request& req) -> Reply {
               const int64_t limit = SAGAZ_TRY(IntParam(req, "limit", 20, 0, 10000));
               const int64_t offset = SAGAZ_TRY(IntParam(req, "offset", 0, 0, INT64_MAX / 2));
               const bool random = ParseBool(req.Query("random").value_or("false")).value_or(false);
               const auto sample =
                   SAGAZ_TRY(app.catalog().SampleRows(req.Param("name"), limit, offset, random));
               return JsonResponse(wire::ToJson(sample));
             });

  server.Post(
      "/api/v1/sql", Need(auth::Permission::kQuery), [&app](const http::Request& req) -> Reply {
        const auto request = SAGAZ_TRY(wire::ParseSqlRequest(SAGAZ_TRY(JsonObjectBody(req))));
        const auto result = SAGAZ_TRY(app.query().Run(request.sql, request.options));
        return JsonResponse(wire::ToJson(result));
      });
}

}  // namespace sagaz::server
