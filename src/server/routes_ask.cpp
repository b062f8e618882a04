// Ask routes: POST /api/v1/ask answers a question about the datasets; GET
// /api/v1/ask/relationships lists the links between datasets Ask may join along (and the ones the
// data refuted); POST /api/v1/upload_and_analyze ingests an uploaded file and answers a question
// about it.
// Adapters only: parse the request, call the services, format the result.
#include "app/app.hpp"
#include "ask/ask.hpp"
#include "server/routes.hpp"
#include "server/upload.hpp"
#include "wire/ask.hpp"
#include "wire/forms.hpp"
#include "wire/json.hpp"

namespace sagaz::server {

void RegisterAskRoutes(http::Server& server, App& app) {
  server.Post("/api/v1/ask", Need(auth::Permission::kQuery),
              [&app](const http::Request& req) -> Reply {
                const auto body = SAGAZ_TRY(JsonObjectBody(req));
                const auto request = SAGAZ_TRY(wire::ParseAskRequest(body));
                return JsonResponse(wire::ToJson(SAGAZ_TRY(app.ask().Ask(request))));
              });

  server.Get("/api/v1/ask/relationships", Need(auth::Permission::kDatasetsRead),
             [&app](const http::Request&) -> Reply {
               wire::Json items = wire::Json::array();
               for (const auto& r : SAGAZ_TRY(app.ask().schema().Relationships()))
                 items.push_back(wire::ToJson(r));
               return JsonResponse({{"relationships", std::move(items)}});
             });

  // multipart: `file` and `question`, optionally `language`, `engine`, `policy` and any ingest
  // option (`name`, `delimiter`, ...). The dataset keeps the file's name; an existing dataset of
  // that name is never replaced unless `mode=replace` says so.
  server.PostStreaming(
      "/api/v1/upload_and_analyze", Need(auth::Permission::kDatasetsWrite),
      [&app](const http::Request& req, http::BodyReader& body) -> Reply {
        const auto upload = SAGAZ_TRY(IngestUpload(
            app, req, body, {"question", "language", "engine", "policy"}, /*unique_name=*/true));
        const std::string& dataset = upload.report.dataset;
        const auto request = SAGAZ_TRY(wire::ParseAnalyzeRequest(upload.own_fields, dataset));
        auto answer = app.ask().Ask(request);
        if (!answer) return Fail(std::move(answer).error().With("dataset", dataset));
        wire::Json out = wire::ToJson(*answer);
        out["dataset"] = dataset;
        out["ingest"] = wire::ToJson(upload.report);
        return Created(out, "/api/v1/datasets/" + dataset);
      });
}

}  // namespace sagaz::server
