// The web UI: files embedded from web/dist, with single-page-app routing (unknown paths without a
// file extension get index.html).
#include "assets/assets.hpp"
#include "server/routes.hpp"

namespace sagaz::server {

void RegisterWebRoutes(http::Server& server, App&) {
  server.SetFallback([](const http::Request& req) -> std::optional<http::Response> {
    if (req.path.starts_with("/api/")) return std::nullopt;
    std::string path = req.path == "/" ? "/index.html" : req.path;
    auto file = assets::Find(assets::Bundle::kWeb, path);
    const bool page = path.rfind('.') == std::string::npos || path.rfind('.') < path.rfind('/');
    if (!file && page) file = assets::Find(assets::Bundle::kWeb, "/index.html");
    if (!file) {
      if (path != "/index.html") return std::nullopt;
      // Built without the web UI (SAGAZ_EMBED_WEB=OFF or web/dist missing): say so instead of a
      // blank 404.
      http::Response r;
      r.content_type = "text/html; charset=utf-8";
      r.body =
          "<!doctype html><meta charset=utf-8><title>Sagaz</title><p>Sagaz is running. This build "
          "has no "
          "web UI embedded (run <code>make build</code> after <code>scripts/setup</code>). The API "
          "is at "
          "<a href=\"/api/v1/health\">/api/v1</a>.";
      return r;
    }
    http::Response r;
    r.body = std::string(file->data);
    r.content_type = std::string(file->content_type);
    if (path.starts_with("/assets/")) {
      r.headers.emplace_back("Cache-Control",
                             "public, max-age=31536000, immutable");  // hashed names
    } else {
      r.headers.emplace_back("Cache-Control", "no-cache");
    }
    if (file->content_type.starts_with("text/html")) {
      r.headers.emplace_back("Content-Security-Policy",
                             "default-src 'self'; img-src 'self' data: blob:; style-src 'self' "
                             "'unsafe-inline'; connect-src 'self'; frame-ancestors 'none'");
    }
    return r;
  });
}

}  // namespace sagaz::server
