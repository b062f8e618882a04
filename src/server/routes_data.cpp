// Data routes: datasets (upload, list, show, describe, profile, sample, delete) and guarded SQL.
// Adapters only: parse the request, call a service, format the result.
#include <cstdio>
#include <fstream>

#include "app/app.hpp"
#include "catalog/catalog.hpp"
#include "core/ids.hpp"
#include "core/log.hpp"
#include "core/strings.hpp"
#include "db/db.hpp"
#include "ingest/ingest.hpp"
#include "server/http.hpp"
#include "server/routes.hpp"
#include "server/upload.hpp"
#include "sql/query.hpp"
#include "wire/json.hpp"
#include "wire/platform.hpp"

namespace sagaz::server {

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

Result<wire::Json> JsonObjectBody(const http::Request& req) {
  auto body = SAGAZ_TRY(wire::ParseBody(req.body));
  if (!body.is_object())
    return Fail(ErrorCode::kInvalidArgument, "the request body must be a JSON object");
  return body;
}

namespace {

using wire::Json;

http::Response Ok(const Json& body, int status = 200) { return JsonResponse(body, status); }
http::Response Err(const http::Request& req, const Error& error) {
  return ErrorResponse(req, error);
}

http::Response UploadDataset(App& app, const http::Request& req, http::BodyReader& body) {
  auto outcome = IngestOrSubmit(app, req, body);
  if (!outcome) return Err(req, outcome.error());
  if (outcome->job) {
    // Large (or async=true) uploads are ingested by a job: 202 and where to follow it.
    auto response = Ok(Json{{"job", wire::ToJson(outcome->job->job)}}, 202);
    response.headers.emplace_back("Location", "/api/v1/jobs/" + outcome->job->job.id);
    if (outcome->job->existing) response.headers.emplace_back("Idempotent-Replayed", "true");
    return response;
  }
  auto response = Ok(wire::ToJson(*outcome->report), 201);
  response.headers.emplace_back("Location", "/api/v1/datasets/" + outcome->report->dataset);
  return response;
}

}  // namespace

void RegisterDataRoutes(http::Server& server, App& app) {
  server.Get("/api/v1/datasets", Need(auth::Permission::kDatasetsRead),
             [&app](const http::Request& req) {
               auto limit = IntParam(req, "limit", 100, 1, 1000);
               if (!limit) return Err(req, limit.error());
               auto list = app.catalog().List();
               if (!list) return Err(req, list.error());
               const std::string cursor = req.Query("cursor").value_or("");
               Json items = Json::array();
               std::string next;
               for (const auto& info : *list) {
                 if (!cursor.empty() && info.name <= cursor) continue;
                 if (static_cast<int64_t>(items.size()) == *limit) {
                   next = items.back()["name"].get<std::string>();
                   break;
                 }
                 items.push_back(wire::ToJson(info));
               }
               Json body{{"datasets", std::move(items)}};
               body["next_cursor"] = next.empty() ? Json(nullptr) : Json(next);
               return Ok(body);
             });

  server.PostStreaming("/api/v1/datasets", Need(auth::Permission::kDatasetsWrite),
                       [&app](const http::Request& req, http::BodyReader& body) {
                         return UploadDataset(app, req, body);
                       });

  server.Get("/api/v1/datasets/{name}", Need(auth::Permission::kDatasetsRead),
             [&app](const http::Request& req) {
               auto info = app.catalog().Get(req.Param("name"));
               return info ? Ok(wire::ToJson(*info)) : Err(req, info.error());
             });

  server.Patch("/api/v1/datasets/{name}", Need(auth::Permission::kDatasetsWrite),
               [&app](const http::Request& req) {
                 auto body = wire::ParseBody(req.body);
                 if (!body) return Err(req, body.error());
                 auto update = wire::ParseDescriptionUpdate(*body);
                 if (!update) return Err(req, update.error());
                 if (auto st = app.catalog().Update(req.Param("name"), *update); !st)
                   return Err(req, st.error());
                 auto info = app.catalog().Get(req.Param("name"));
                 return info ? Ok(wire::ToJson(*info)) : Err(req, info.error());
               });

  server.Delete("/api/v1/datasets/{name}", Need(auth::Permission::kDatasetsWrite),
                [&app](const http::Request& req) {
                  if (auto st = app.catalog().Drop(req.Param("name")); !st)
                    return Err(req, st.error());
                  http::Response r;
                  r.status = 204;
                  return r;
                });

  server.Get("/api/v1/datasets/{name}/profile", Need(auth::Permission::kDatasetsRead),
             [&app](const http::Request& req) {
               auto top = IntParam(req, "top", 5, 0, 100);
               if (!top) return Err(req, top.error());
               auto bins = IntParam(req, "bins", 20, 0, 200);
               if (!bins) return Err(req, bins.error());
               auto profile = app.catalog().ProfileDataset(
                   req.Param("name"), static_cast<size_t>(*top), static_cast<size_t>(*bins));
               return profile ? Ok(wire::ToJson(*profile)) : Err(req, profile.error());
             });

  server.Get("/api/v1/datasets/{name}/sample", Need(auth::Permission::kDatasetsRead),
             [&app](const http::Request& req) {
               auto limit = IntParam(req, "limit", 20, 0, 10000);
               if (!limit) return Err(req, limit.error());
               auto offset = IntParam(req, "offset", 0, 0, INT64_MAX / 2);
               if (!offset) return Err(req, offset.error());
               const bool random = ParseBool(req.Query("random").value_or("false")).value_or(false);
               auto sample = app.catalog().SampleRows(req.Param("name"), *limit, *offset, random);
               return sample ? Ok(wire::ToJson(*sample)) : Err(req, sample.error());
             });

  server.Post("/api/v1/sql", Need(auth::Permission::kQuery), [&app](const http::Request& req) {
    auto body = JsonObjectBody(req);
    if (!body) return Err(req, body.error());
    if (!(*body)["sql"].is_string()) {
      return Err(req,
                 Error(ErrorCode::kInvalidArgument, "the body must be {\"sql\": \"SELECT ...\"}")
                     .With("field", "sql"));
    }
    sql::QueryOptions options;
    if (body->contains("policy")) {
      if (!(*body)["policy"].is_string()) {
        return Err(
            req,
            Error(ErrorCode::kInvalidArgument, "policy must be a string").With("field", "policy"));
      }
      auto policy = sql::ParsePolicy((*body)["policy"].get<std::string>());
      if (!policy) return Err(req, policy.error());
      options.policy = *policy;
    }
    if (body->contains("limit")) {
      if (!(*body)["limit"].is_number_integer() || (*body)["limit"].get<int64_t>() < 0) {
        return Err(req, Error(ErrorCode::kInvalidArgument, "limit must be a non-negative integer")
                            .With("field", "limit"));
      }
      options.row_limit = (*body)["limit"].get<int64_t>();
    }
    if (body->contains("timeout_ms")) {
      if (!(*body)["timeout_ms"].is_number_integer() || (*body)["timeout_ms"].get<int64_t>() <= 0) {
        return Err(req, Error(ErrorCode::kInvalidArgument, "timeout_ms must be a positive integer")
                            .With("field", "timeout_ms"));
      }
      options.timeout = std::chrono::milliseconds((*body)["timeout_ms"].get<int64_t>());
    }
    auto result = app.query().Run((*body)["sql"].get<std::string>(), options);
    return result ? Ok(wire::ToJson(*result)) : Err(req, result.error());
  });
}

}  // namespace sagaz::server
