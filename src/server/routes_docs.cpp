// API documentation routes: the OpenAPI 3.1 document (GET /api/v1/openapi.json) and the
// interactive docs page (GET /docs, GET /docs/{file}: Swagger UI and its initializer). Both come
// from the docs bundle embedded at build time (cmake/ApiDocs.cmake), so they work offline.
#include <string>

#include "assets/assets.hpp"
#include "server/routes.hpp"

namespace sagaz::server {
namespace {

// A docs file, or nullopt when this build has none of that name (an empty file is a placeholder
// the build did not fill).
std::optional<assets::File> DocsFile(std::string_view path) {
  auto file = assets::Find(assets::Bundle::kDocs, path);
  if (!file || file->data.empty()) return std::nullopt;
  return file;
}

std::unexpected<Error> Missing(std::string_view what) {
  return Fail(ErrorCode::kNotFound, std::string(what));
}

// Names are not content-hashed: revalidate (a 304 when the ETag still matches), so a new build's
// files are picked up. The page's initializer is a file (sagaz-docs.js): the policy allows no
// inline script.
http::Response ServeFile(const http::Request& req, const assets::File& file) {
  return AssetResponse(req, file, "no-cache");
}

}  // namespace

void RegisterDocsRoutes(http::Server& server, App&) {
  server.Get("/api/v1/openapi.json", http::kPublic, [](const http::Request&) -> Reply {
    auto file = DocsFile("/openapi.json");
    if (!file) {
      return Missing("this build has no OpenAPI document (src/server/openapi/openapi.yaml)");
    }
    return http::Response::Json(200, std::string(file->data));
  });

  server.Get("/docs", http::kPublic, [](const http::Request& req) -> Reply {
    auto file = DocsFile("/index.html");
    if (!file) return Missing("this build has no API docs page");
    return ServeFile(req, *file);
  });

  server.Get("/docs/{file}", http::kPublic, [](const http::Request& req) -> Reply {
    const std::string name = req.Param("file");
    auto file = DocsFile("/" + name);
    if (!file) return Missing("the docs page has no file '" + name + "'");
    return ServeFile(req, *file);
  });
}

}  // namespace sagaz::server
