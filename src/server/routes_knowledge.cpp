// Knowledge routes: documents (upload, list, read, delete) and questions answered with citations,
// as one JSON answer or streamed as server-sent events. Adapters only: parse the request, call
// the KnowledgeService, format the result.
#include "app/app.hpp"
#include "app/jobs.hpp"
#include "core/strings.hpp"
#include "knowledge/knowledge.hpp"
#include "server/routes.hpp"
#include "server/upload.hpp"
#include "wire/knowledge.hpp"
#include "wire/platform.hpp"

namespace sagaz::server {
namespace {

// The upload's own fields: collection (default "default"), tags (comma-separated), async.
struct DocumentFields {
  std::string collection = "default";
  std::vector<std::string> tags;
  bool async = false;
};

Result<DocumentFields> ParseDocumentFields(const std::map<std::string, std::string>& fields) {
  DocumentFields out;
  for (const auto& [field, value] : fields) {
    if (field == "collection") {
      if (!value.empty()) out.collection = value;
    } else if (field == "tags") {
      for (auto tag : Split(value, ','))
        if (!Trim(tag).empty()) out.tags.emplace_back(Trim(tag));
    } else if (field == "async") {
      const auto b = ParseBool(value);
      if (!b) {
        return Fail(Error(ErrorCode::kInvalidArgument, "async must be true or false")
                        .With("field", "async"));
      }
      out.async = *b;
    } else {
      return Fail(
          Error(ErrorCode::kInvalidArgument,
                "unknown field '" + field + "'; the fields are file, collection, tags and async")
              .With("field", field));
    }
  }
  SAGAZ_TRY(knowledge::ValidateCollection(out.collection));
  out.tags = SAGAZ_TRY(knowledge::NormalizeTags(out.tags));
  return out;
}

// The answer as events: `passages` (the citations, once retrieved), `delta` ({"text"}: the
// answer as it is produced), then `done` (the whole answer, as the JSON route returns it) or
// `error` (the error envelope).
http::Response StreamAnswer(App& app, knowledge::QueryRequest request) {
  return http::Response::EventStream([&app, request](http::StreamSink& sink) {
    bool open = sink.Send("retry: 2000\n\n");
    knowledge::QueryEvents events;
    events.on_passages = [&](const knowledge::Answer& a) {
      if (!open) return;
      const wire::Json data = {{"question", a.question},
                               {"language", a.language},
                               {"expansions", a.expansions},
                               {"citations", wire::CitationsJson(a)}};
      open = sink.Send(SseEvent("passages", wire::Dump(data)));
    };
    events.on_delta = [&](std::string_view text) {
      if (open && !text.empty())
        open = sink.Send(SseEvent("delta", wire::Dump(wire::Json{{"text", text}})));
    };
    auto answer = app.knowledge().Query(request, events);
    if (!open) return;
    if (answer) {
      sink.Send(SseEvent("done", wire::Dump(wire::ToJson(*answer))));
    } else {
      sink.Send(SseEvent("error", wire::Dump(wire::ErrorEnvelope(answer.error()))));
    }
  });
}

}  // namespace

void RegisterKnowledgeRoutes(http::Server& server, App& app) {
  // multipart: `file`, `collection` (default "default"), `tags` (comma-separated), `async`; or a
  // raw body with ?filename=&collection=&tags=&async=. The file is streamed to disk under
  // knowledge.max_document_mb, then indexed at once (201) or, with async=true, by a job (202).
  server.PostStreaming(
      "/api/v1/knowledge/documents", Need(auth::Permission::kDatasetsWrite),
      [&app](const http::Request& req, http::BodyReader& body) -> Reply {
        const uint64_t limit = static_cast<uint64_t>(app.config().knowledge.max_document_mb) << 20;
        const auto file = SAGAZ_TRY(ReceiveFile(app, req, body, limit));
        const auto fields = SAGAZ_TRY(ParseDocumentFields(file->fields));
        const std::string name = file->filename.empty() ? "document" : file->filename;
        if (fields.async) {
          // The job owns the file from here: it moves out of the request's temporary name.
          const auto dir = app_jobs::JobUploadsDir(app);
          std::error_code ec;
          std::filesystem::create_directories(dir, ec);
          const auto path = dir / file->path.filename();
          std::filesystem::rename(file->path, path, ec);
          if (ec)
            return Fail(ErrorCode::kIo, "cannot keep the upload for its job: " + ec.message());
          file->path.clear();
          auto submitted = app_jobs::SubmitKnowledgeIndex(
              app, {.path = path,
                    .name = name,
                    .collection = fields.collection,
                    .tags = fields.tags,
                    .created_by = req.caller.user,
                    .idempotency_key = req.Header("Idempotency-Key").value_or("")});
          if (!submitted || submitted->existing) std::filesystem::remove(path, ec);
          const auto job = SAGAZ_TRY(std::move(submitted));
          auto response = JsonResponse(wire::Json{{"job", wire::ToJson(job.job)}}, 202);
          response.headers.emplace_back("Location", "/api/v1/jobs/" + job.job.id);
          if (job.existing) response.headers.emplace_back("Idempotent-Replayed", "true");
          return response;
        }
        auto added =
            app.knowledge().AddFile(file->path, name, fields.collection, {.tags = fields.tags});
        if (!added) return Fail(std::move(added).error().With("file", name));
        if (added->duplicate) return JsonResponse(wire::ToJson(*added));
        return Created(wire::ToJson(*added), "/api/v1/knowledge/documents/" + added->document.id);
      });

  server.Get("/api/v1/knowledge/documents", Need(auth::Permission::kDatasetsRead),
             [&app](const http::Request& req) -> Reply {
               const std::string collection = req.Query("collection").value_or("");
               if (!collection.empty()) SAGAZ_TRY(knowledge::ValidateCollection(collection));
               wire::Json items = wire::Json::array();
               for (const auto& d : SAGAZ_TRY(app.knowledge().List(collection)))
                 items.push_back(wire::ToJson(d));
               return JsonResponse({{"items", std::move(items)}});
             });

  server.Get("/api/v1/knowledge/documents/{id}", Need(auth::Permission::kDatasetsRead),
             [&app](const http::Request& req) -> Reply {
               return JsonResponse(wire::ToJson(SAGAZ_TRY(app.knowledge().Get(req.Param("id")))));
             });

  server.Delete("/api/v1/knowledge/documents/{id}", Need(auth::Permission::kDatasetsWrite),
                [&app](const http::Request& req) -> Reply {
                  SAGAZ_TRY(app.knowledge().Delete(req.Param("id")));
                  return NoContent();
                });

  // With Accept: text/event-stream the answer streams (see StreamAnswer); a request that fails
  // its checks is still a plain error response.
  server.Post("/api/v1/knowledge/query", Need(auth::Permission::kQuery),
              [&app](const http::Request& req) -> Reply {
                const auto body = SAGAZ_TRY(JsonObjectBody(req));
                const auto request = SAGAZ_TRY(wire::ParseKnowledgeQuery(body));
                if (req.WantsEventStream()) {
                  SAGAZ_TRY(app.knowledge().Validate(request));
                  return StreamAnswer(app, request);
                }
                return JsonResponse(wire::ToJson(SAGAZ_TRY(app.knowledge().Query(request))));
              });
}

}  // namespace sagaz::server
