// Route groups and the helpers every route file shares. Each capability registers its own routes
// from its own file; RegisterRoutes (server/routes.cpp) calls them all.
//
// A handler is an adapter: parse the request into a typed value (wire/), call a service, format the
// result. It returns a Reply; every failure is an Error propagated with SAGAZ_TRY, and
// http::Server turns it into the error envelope with the request id (the one place that does):
//
//   server.Post("/api/v1/stats", Need(auth::Permission::kQuery),
//               [&app](const http::Request& req) -> Reply {
//                 const auto body = SAGAZ_TRY(JsonObjectBody(req));
//                 const auto request = SAGAZ_TRY(wire::ParseStatsRequest(body));
//                 return JsonResponse(wire::ToJson(SAGAZ_TRY(app.stats().Describe(request))));
//               });
#pragma once

#include <cstdint>
#include <functional>
#include <string>
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
void RegisterForecastRoutes(http::Server& server, App& app);
void RegisterDashboardRoutes(http::Server& server, App& app);
void RegisterPipelineRoutes(http::Server& server, App& app);
void RegisterScheduleRoutes(http::Server& server, App& app);
void RegisterReportRoutes(http::Server& server, App& app);
void RegisterFeedbackRoutes(http::Server& server, App& app);
void RegisterKnowledgeRoutes(http::Server& server, App& app);
void RegisterModelRoutes(http::Server& server, App& app);
void RegisterPromptRoutes(http::Server& server, App& app);
void RegisterWorkflowRoutes(http::Server& server, App& app);
void RegisterDocsRoutes(http::Server& server, App& app);
void RegisterWebRoutes(http::Server& server, App& app);

// What a handler returns: the response, or the Error the server answers with.
using Reply = Result<http::Response>;

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

// Responses (server/routes.cpp).
http::Response JsonResponse(const wire::Json& body, int status = 200);
// 201 with the new resource's Location.
http::Response Created(const wire::Json& body, std::string location);
// 204 without a body.
http::Response NoContent();
// One server-sent event: "event: <name>\ndata: <data>\n\n" (`data` is one line of JSON).
std::string SseEvent(std::string_view name, std::string_view data);

// Request parts (server/routes.cpp).
// A query parameter as an integer in [min, max], or `fallback` when absent; the error names it.
Result<int64_t> IntParam(const http::Request& req, std::string_view name, int64_t fallback,
                         int64_t min, int64_t max);
// The request body as a JSON object, or an error saying what is wrong with it. Typed requests are
// read from it by the wire/ parsers.
Result<wire::Json> JsonObjectBody(const http::Request& req);

}  // namespace sagaz::server
