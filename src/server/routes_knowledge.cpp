// Knowledge routes: documents (upload, list, read, delete) and questions answered with citations.
// Adapters only: parse the request, call the KnowledgeService, format the result.
#include "app/app.hpp"
#include "knowledge/knowledge.hpp"
#include "server/routes.hpp"
#include "server/upload.hpp"
#include "wire/knowledge.hpp"

namespace sagaz::server {

void RegisterKnowledgeRoutes(http::Server& server, App& app) {
  // multipart: `file` and `collection` (default "default"); or a raw body with
  // ?filename=&collection=. The file is streamed to disk under knowledge.max_document_mb, indexed,
  // then removed.
  server.PostStreaming(
      "/api/v1/knowledge/documents", Need(auth::Permission::kDatasetsWrite),
      [&app](const http::Request& req, http::BodyReader& body) -> Reply {
        const uint64_t limit = static_cast<uint64_t>(app.config().knowledge.max_document_mb) << 20;
        const auto file = SAGAZ_TRY(ReceiveFile(app, req, body, limit));
        for (const auto& [field, value] : file->fields) {
          if (field != "collection") {
            return Fail(Error(ErrorCode::kInvalidArgument,
                              "unknown field '" + field + "'; the fields are file and collection")
                            .With("field", field));
          }
        }
        const auto it = file->fields.find("collection");
        const std::string collection =
            it == file->fields.end() || it->second.empty() ? "default" : it->second;
        const std::string name = file->filename.empty() ? "document" : file->filename;
        auto added = app.knowledge().AddFile(file->path, name, collection);
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

  server.Post("/api/v1/knowledge/query", Need(auth::Permission::kQuery),
              [&app](const http::Request& req) -> Reply {
                const auto body = SAGAZ_TRY(JsonObjectBody(req));
                const auto request = SAGAZ_TRY(wire::ParseKnowledgeQuery(body));
                return JsonResponse(wire::ToJson(SAGAZ_TRY(app.knowledge().Query(request))));
              });
}

}  // namespace sagaz::server
