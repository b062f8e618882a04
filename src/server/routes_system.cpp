// System routes: health and version.
#include "app/app.hpp"
#include "db/db.hpp"
#include "server/routes.hpp"

#ifndef SAGAZ_VERSION
#define SAGAZ_VERSION "0.0.0"
#endif

namespace sagaz::server {

void RegisterSystemRoutes(http::Server& server, App&) {
  server.Get("/api/v1/health", [](const http::Request&) {
    return JsonResponse({{"status", "ok"}});
  });
  server.Get("/api/v1/version", [](const http::Request&) {
    return JsonResponse(
        {{"name", "sagaz"}, {"version", SAGAZ_VERSION}, {"duckdb", db::LibraryVersion()}});
  });
}

void RegisterRoutes(http::Server& server, App& app) {
  RegisterSystemRoutes(server, app);
  RegisterDataRoutes(server, app);
  RegisterStatsRoutes(server, app);
  RegisterAskRoutes(server, app);
  RegisterWebRoutes(server, app);  // last: it answers what no API route did
}

}  // namespace sagaz::server
