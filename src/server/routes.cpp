// The route table and the helpers every route file shares.
#include "server/routes.hpp"

#include "core/strings.hpp"
#include "server/server.hpp"

namespace sagaz::server {

void RegisterRoutes(http::Server& server, App& app) {
  server.SetAuthorizer(MakeAuthorizer(app));
  server.SetObserver(MakeObserver(app));
  RegisterSystemRoutes(server, app);
  RegisterAuthRoutes(server, app);
  RegisterJobRoutes(server, app);
  RegisterDataRoutes(server, app);
  RegisterStatsRoutes(server, app);
  RegisterAskRoutes(server, app);
  RegisterForecastRoutes(server, app);
  RegisterDashboardRoutes(server, app);
  RegisterPipelineRoutes(server, app);
  RegisterScheduleRoutes(server, app);
  RegisterReportRoutes(server, app);
  RegisterFeedbackRoutes(server, app);
  RegisterKnowledgeRoutes(server, app);
  RegisterModelRoutes(server, app);
  RegisterPromptRoutes(server, app);
  RegisterWorkflowRoutes(server, app);
  RegisterDocsRoutes(server, app);
  RegisterWebRoutes(server, app);  // last: it answers what no API route did
}

http::Response JsonResponse(const wire::Json& body, int status) {
  return http::Response::Json(status, wire::Dump(body));
}

http::Response Created(const wire::Json& body, std::string location) {
  http::Response r = JsonResponse(body, 201);
  r.headers.emplace_back("Location", std::move(location));
  return r;
}

http::Response NoContent() {
  http::Response r;
  r.status = 204;
  return r;
}

Result<int64_t> IntParam(const http::Request& req, std::string_view name, int64_t fallback,
                         int64_t min, int64_t max) {
  auto text = req.Query(name);
  if (!text) return fallback;
  auto v = ParseNumber<int64_t>(*text);
  if (!v || *v < min || *v > max) {
    return Fail(Error(ErrorCode::kInvalidArgument,
                      "query parameter '" + std::string(name) + "' must be an integer between " +
                          std::to_string(min) + " and " + std::to_string(max))
                    .With("parameter", std::string(name)));
  }
  return *v;
}

std::string SseEvent(std::string_view name, std::string_view data) {
  return "event: " + std::string(name) + "\ndata: " + std::string(data) + "\n\n";
}

Result<wire::Json> JsonObjectBody(const http::Request& req) {
  auto body = SAGAZ_TRY(wire::ParseBody(req.body));
  if (!body.is_object())
    return Fail(ErrorCode::kInvalidArgument, "the request body must be a JSON object");
  return body;
}

}  // namespace sagaz::server
