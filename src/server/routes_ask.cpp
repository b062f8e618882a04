// Ask routes: POST /api/v1/ask answers a question about the datasets; POST
// /api/v1/upload_and_analyze ingests an uploaded file and answers a question about it.
// Adapters only: parse the request, call the services, format the result.
#include "app/app.hpp"
#include "ask/ask.hpp"
#include "nlq/nlq.hpp"
#include "server/routes.hpp"
#include "server/upload.hpp"
#include "wire/ask.hpp"
#include "wire/json.hpp"

namespace sagaz::server {

void RegisterAskRoutes(http::Server& server, App& app) {
  server.Post("/api/v1/ask", Need(auth::Permission::kQuery), [&app](const http::Request& req) {
    auto body = JsonObjectBody(req);
    if (!body) return ErrorResponse(req, body.error());
    auto request = wire::ParseAskRequest(*body);
    if (!request) return ErrorResponse(req, request.error());
    auto answer = app.ask().Ask(*request);
    return answer ? JsonResponse(wire::ToJson(*answer)) : ErrorResponse(req, answer.error());
  });

  // multipart: `file` and `question`, optionally `language`, `engine`, `policy` and any ingest
  // option (`name`, `delimiter`, ...). The dataset keeps the file's name; an existing dataset of
  // that name is never replaced unless `mode=replace` says so.
  server.PostStreaming(
      "/api/v1/upload_and_analyze", Need(auth::Permission::kDatasetsWrite),
      [&app](const http::Request& req, http::BodyReader& body) {
        auto upload = IngestUpload(app, req, body, {"question", "language", "engine", "policy"},
                                   /*unique_name=*/true);
        if (!upload) return ErrorResponse(req, upload.error());
        auto& fields = upload->own_fields;
        wire::Json ingest = wire::ToJson(upload->report);
        if (fields["question"].empty()) {
          return ErrorResponse(req,
                               Error(ErrorCode::kInvalidArgument,
                                     "the form has no question; send it as the 'question' field "
                                     "(the file was loaded as dataset '" +
                                         upload->report.dataset + "')")
                                   .With("field", "question")
                                   .With("dataset", upload->report.dataset));
        }
        ask::AskRequest request{.question = fields["question"], .dataset = upload->report.dataset};
        if (!fields["language"].empty()) {
          auto language = nlq::ParseLanguage(fields["language"]);
          if (!language) return ErrorResponse(req, language.error());
          request.language = *language;
        }
        if (!fields["engine"].empty()) request.engine = fields["engine"];
        if (!fields["policy"].empty()) request.policy = fields["policy"];
        auto answer = app.ask().Ask(request);
        if (!answer) {
          Error e = answer.error();
          e.With("dataset", upload->report.dataset);
          return ErrorResponse(req, e);
        }
        wire::Json out = wire::ToJson(*answer);
        out["dataset"] = upload->report.dataset;
        out["ingest"] = std::move(ingest);
        auto response = JsonResponse(out, 201);
        response.headers.emplace_back("Location", "/api/v1/datasets/" + upload->report.dataset);
        return response;
      });
}

}  // namespace sagaz::server
