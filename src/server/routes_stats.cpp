// Statistics routes: POST /api/v1/stats computes statistics of dataset columns; GET
// /api/v1/stats/statistics lists the statistic names, groups and methods the API accepts.
// Adapters only: parse the request, call the stats service, format the result.
#include "app/app.hpp"
#include "server/routes.hpp"
#include "stats/service.hpp"
#include "stats/stats.hpp"
#include "wire/stats.hpp"

namespace sagaz::server {

void RegisterStatsRoutes(http::Server& server, App& app) {
  server.Post("/api/v1/stats", Need(auth::Permission::kQuery),
              [&app](const http::Request& req) -> Reply {
                const auto body = SAGAZ_TRY(JsonObjectBody(req));
                const auto request = SAGAZ_TRY(wire::ParseStatsRequest(body));
                return JsonResponse(wire::ToJson(SAGAZ_TRY(app.stats().Describe(request))));
              });

  server.Get("/api/v1/stats/statistics", Need(auth::Permission::kQuery), [](const http::Request&) {
    wire::Json statistics = wire::Json::array();
    for (stats::Stat st : stats::AllStats().List()) {
      statistics.push_back({{"name", std::string(stats::Name(st))},
                            {"description", std::string(stats::Describe(st))},
                            {"default", stats::DefaultStats().Has(st)}});
    }
    wire::Json groups = wire::Json::object();
    for (auto name : stats::StatGroupNames()) {
      const std::string n(name);
      wire::Json members = wire::Json::array();
      for (stats::Stat st : stats::ParseStats({name})->List()) {
        members.push_back(std::string(stats::Name(st)));
      }
      groups[n] = std::move(members);
    }
    wire::Json methods = wire::Json::array();
    for (int m = 1; m <= 9; ++m) {
      methods.push_back(
          {{"type", m}, {"name", std::string(stats::Name(static_cast<stats::QuantileMethod>(m)))}});
    }
    return JsonResponse(
        {{"statistics", std::move(statistics)},
         {"groups", std::move(groups)},
         {"quantile_methods", std::move(methods)},
         {"histogram_rules", {"fixed", "fd", "sturges"}},
         {"censor_methods", {"exclude", "limit", "half_limit", "limit_over_sqrt2", "zero"}}});
  });
}

}  // namespace sagaz::server
