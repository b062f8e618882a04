// Renderings of dashboards and saved questions as PNG or PDF: what a scheduled report delivers,
// drawn on request (reports/reports.hpp). Schedules of reports and alerts are made through the
// schedules routes (kinds "report" and "alert").
#include "app/app.hpp"
#include "dashboards/dashboards.hpp"
#include "reports/reports.hpp"
#include "server/routes.hpp"
#include "wire/dashboards.hpp"

namespace sagaz::server {

namespace {

Reply RenderReply(App& app, const http::Request& req, const reports::Target& target) {
  const auth::Identity caller = CallerOf(req);
  const auto format = SAGAZ_TRY(reports::ParseFormat(req.Query("format").value_or("png")));
  const auto filters = SAGAZ_TRY(wire::ParseFilterValues(req.query));
  const std::string language = req.Query("language").value_or("pt");
  http::Response r;
  r.body = SAGAZ_TRY(
      app.reports().RenderTarget({caller.user, caller.role}, target, format, filters, language));
  r.content_type = format == reports::Format::kPng ? "image/png" : "application/pdf";
  r.headers.emplace_back("Content-Disposition", std::string("inline; filename=\"report.") +
                                                    std::string(reports::ToString(format)) + "\"");
  r.headers.emplace_back("Cache-Control", "no-store");
  return r;
}

}  // namespace

void RegisterReportRoutes(http::Server& server, App& app) {
  server.Get("/api/v1/dashboards/{id}/render", Need(auth::Permission::kQuery),
             [&app](const http::Request& req) -> Reply {
               return RenderReply(app, req, {.dashboard_id = req.Param("id")});
             });
  server.Get("/api/v1/questions/{id}/render", Need(auth::Permission::kQuery),
             [&app](const http::Request& req) -> Reply {
               return RenderReply(app, req, {.question_id = req.Param("id")});
             });
}

}  // namespace sagaz::server
