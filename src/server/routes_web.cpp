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
      // Built with SAGAZ_EMBED_WEB=OFF: say so instead of a blank 404.
      http::Response r;
      r.content_type = "text/html; charset=utf-8";
      r.body =
          "<!doctype html><meta charset=utf-8><title>Sagaz</title><p>Sagaz is running. This build "
          "has no web UI "
          "embedded (it was configured with <code>-DSAGAZ_EMBED_WEB=OFF</code>). The API is at "
          "<a href=\"/api/v1/health\">/api/v1</a>.";
      return r;
    }
    // Hashed names under /assets/ never change content; the page itself is revalidated.
    return AssetResponse(
        req, *file,
        path.starts_with("/assets/") ? "public, max-age=31536000, immutable" : "no-cache");
  });
}

}  // namespace sagaz::server
