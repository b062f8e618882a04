// Route groups. Each capability registers its own routes from its own file; RegisterRoutes calls
// them all.
#pragma once

#include <cstdint>
#include <functional>
#include <string_view>

#include "assets/assets.hpp"
#include "auth/auth.hpp"
#include "core/error.hpp"
#include "server/http.hpp"
#include "wire/json.hpp"

namespace sagaz {
class App;
}

namespace sagaz::server {

void RegisterSystemRoutes(http::Server& server, App& app);
void RegisterAuthRoutes(http::Server& server, App& app);
void RegisterJobRoutes(http::Server& server, App& app);
void RegisterDataRoutes(http::Server& server, App& app);
void RegisterStatsRoutes(http::Server& server, App& app);
void RegisterAskRoutes(http::Server& server, App& app);
void RegisterDocsRoutes(http::Server& server, App& app);
void RegisterWebRoutes(http::Server& server, App& app);

// The Content-Security-Policy of every page the server sends: scripts only from this origin, so no
// page may rely on an inline script.
inline constexpr std::string_view kPageCsp =
    "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; "
    "connect-src 'self'; frame-ancestors 'none'";

// An embedded file as a response: the precompressed variant the client accepts, its ETag, 304 to a
// matching If-None-Match, the page policy on HTML (server/static_files.cpp).
http::Response AssetResponse(const http::Request& req, const assets::File& file,
                             std::string_view cache_control);

// Checks tokens and API keys against each route's access (server/access.cpp).
http::Authorizer MakeAuthorizer(App& app);
// Counts every exchange in the metrics and the usage log (server/access.cpp).
std::function<void(const http::Exchange&)> MakeObserver(App& app);

// The access string of a route that needs `p`.
inline std::string_view Need(auth::Permission p) { return auth::ToString(p); }
// The caller's identity as the authorizer established it.
auth::Identity CallerOf(const http::Request& req);

// Helpers shared by route files.
inline http::Response JsonResponse(const wire::Json& body, int status = 200) {
  return http::Response::Json(status, wire::Dump(body));
}
inline http::Response ErrorResponse(const http::Request& req, const Error& error) {
  return http::Response::FromError(error, req.request_id);
}
// A query parameter as an integer in [min, max], or `fallback` when absent.
Result<int64_t> IntParam(const http::Request& req, std::string_view name, int64_t fallback,
                         int64_t min, int64_t max);
// The request body as a JSON object, or an error naming what is wrong.
Result<wire::Json> JsonObjectBody(const http::Request& req);

}  // namespace sagaz::server
