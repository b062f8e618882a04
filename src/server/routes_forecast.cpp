// Forecast routes: train a model version (a job), list, show, compare, activate and delete
// versions, and predict from the active version. Adapters only: parse (wire/forecast.hpp), call the
// forecast service, format.
#include "app/app.hpp"
#include "app/jobs.hpp"
#include "core/ids.hpp"
#include "forecast/service.hpp"
#include "server/routes.hpp"
#include "wire/forecast.hpp"
#include "wire/platform.hpp"

namespace sagaz::server {

using wire::Json;

void RegisterForecastRoutes(http::Server& server, App& app) {
  // Training runs as a job; the model's id is fixed now so the caller can follow it.
  server.Post(
      "/api/v1/forecast/models", Need(auth::Permission::kDatasetsWrite),
      [&app](const http::Request& req) -> Reply {
        const auto body = SAGAZ_TRY(JsonObjectBody(req));
        const auto request =
            SAGAZ_TRY(wire::ParseForecastTrainRequest(body, app.forecast().DefaultConfig()));
        SAGAZ_TRY(forecast::Validate(request.config));
        // A missing dataset or ticker is an error now, not a failed job later.
        (void)SAGAZ_TRY(app.forecast().Tickers(request.dataset));
        const std::string id = "fm_" + RandomHex(6);
        const auto submitted = SAGAZ_TRY(app_jobs::SubmitForecastTrain(
            app, {.body = wire::Dump(body), .model_id = id, .created_by = req.caller.user}));
        auto response =
            JsonResponse(Json{{"job", wire::ToJson(submitted.job)}, {"model", {{"id", id}}}}, 202);
        response.headers.emplace_back("Location", "/api/v1/jobs/" + submitted.job.id);
        return response;
      });

  server.Get("/api/v1/forecast/models", Need(auth::Permission::kDatasetsRead),
             [&app](const http::Request& req) -> Reply {
               forecast::ModelFilter filter;
               filter.dataset = req.Query("dataset").value_or("");
               filter.ticker = req.Query("ticker").value_or("");
               Json items = Json::array();
               for (const auto& m : SAGAZ_TRY(app.forecast().List(filter))) {
                 items.push_back(wire::ModelSummaryJson(m));
               }
               return JsonResponse(Json{{"models", std::move(items)}});
             });

  server.Get("/api/v1/forecast/models/{id}", Need(auth::Permission::kDatasetsRead),
             [&app](const http::Request& req) -> Reply {
               return JsonResponse(
                   wire::ModelRecordToJson(SAGAZ_TRY(app.forecast().Get(req.Param("id")))));
             });

  server.Post("/api/v1/forecast/models/{id}/activate", Need(auth::Permission::kDatasetsWrite),
              [&app](const http::Request& req) -> Reply {
                return JsonResponse(
                    wire::ModelSummaryJson(SAGAZ_TRY(app.forecast().Activate(req.Param("id")))));
              });

  server.Delete("/api/v1/forecast/models/{id}", Need(auth::Permission::kDatasetsWrite),
                [&app](const http::Request& req) -> Reply {
                  SAGAZ_TRY(app.forecast().Delete(req.Param("id")));
                  return NoContent();
                });

  server.Post("/api/v1/forecast/compare", Need(auth::Permission::kDatasetsRead),
              [&app](const http::Request& req) -> Reply {
                const auto body = SAGAZ_TRY(JsonObjectBody(req));
                const auto request = SAGAZ_TRY(wire::ParseForecastCompareRequest(body));
                return JsonResponse(wire::ToJson(SAGAZ_TRY(app.forecast().Compare(request))));
              });

  server.Post("/api/v1/forecast/predict", Need(auth::Permission::kQuery),
              [&app](const http::Request& req) -> Reply {
                const auto body = SAGAZ_TRY(JsonObjectBody(req));
                const auto request = SAGAZ_TRY(wire::ParseForecastPredictRequest(body));
                const auto predictions = SAGAZ_TRY(app.forecast().Predict(request));
                // One ticker asked: the prediction itself; a batch: a list.
                if (request.ticker || request.model) {
                  return JsonResponse(wire::ToJson(predictions.front()));
                }
                Json items = Json::array();
                for (const auto& p : predictions) items.push_back(wire::ToJson(p));
                return JsonResponse(Json{{"predictions", std::move(items)}});
              });
}

}  // namespace sagaz::server
