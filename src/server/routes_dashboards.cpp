// Saved questions, dashboards, public links, collections and exports. Adapters only: parse the
// request (wire/dashboards), call DashboardService or the Exporter, format the result.
#include <algorithm>
#include <cctype>
#include <cstdio>
#include <memory>

#include "app/app.hpp"
#include "assets/assets.hpp"
#include "auth/auth.hpp"
#include "auth/signed.hpp"
#include "core/ids.hpp"
#include "core/log.hpp"
#include "core/strings.hpp"
#include "dashboards/dashboards.hpp"
#include "exports/exports.hpp"
#include "server/routes.hpp"
#include "wire/dashboards.hpp"
#include "wire/json.hpp"

namespace sagaz::server {

namespace {

dashboards::Viewer ViewerOf(const http::Request& req) {
  const auth::Identity id = CallerOf(req);
  return {id.user, id.role};
}

// The absolute address of a path on this server, as the client reached it.
std::string PublicUrl(const http::Request& req, const std::string& path) {
  const auto host = req.Header("Host");
  if (!host || host->empty()) return path;
  const auto proto = req.Header("X-Forwarded-Proto");
  const std::string scheme = proto && (*proto == "https" || *proto == "http") ? *proto : "http";
  return scheme + "://" + *host + path;
}

// Streams an export file: the BOM (when asked for), then the file in 64 KiB pieces. The file is
// removed once the response is done.
http::Response FileResponse(exports::File file) {
  auto shared = std::make_shared<exports::File>(std::move(file));
  http::Response r;
  r.content_type = std::string(shared->content_type());
  r.headers.emplace_back("Content-Disposition",
                         "attachment; filename=\"" + shared->filename() + "\"");
  r.headers.emplace_back("Cache-Control", "no-store");
  r.stream = [shared](http::StreamSink& sink) {
    if (!shared->prefix().empty() && !sink.Send(shared->prefix())) return;
    std::FILE* f = std::fopen(shared->path().c_str(), "rb");
    if (!f) return;
    std::unique_ptr<std::FILE, int (*)(std::FILE*)> owner(f, &std::fclose);
    std::string buffer(64 << 10, '\0');
    while (!sink.Stopping()) {
      const size_t n = std::fread(buffer.data(), 1, buffer.size(), f);
      if (n == 0 || !sink.Send(std::string_view(buffer.data(), n))) break;
    }
  };
  return r;
}

// The page CSP of embedded dashboards: frame-ancestors from dashboards.frame_ancestors (entries
// that could break out of the header are left out and logged), 'none' when empty.
std::string EmbedCsp(const std::vector<std::string>& ancestors) {
  std::vector<std::string> allowed;
  for (const auto& a : ancestors) {
    const bool safe = !a.empty() && std::all_of(a.begin(), a.end(), [](char c) {
      return std::isalnum(static_cast<unsigned char>(c)) ||
             std::string_view(":/.-_*'").find(c) != std::string_view::npos;
    });
    if (safe) {
      allowed.push_back(a);
    } else {
      log::Warn("a dashboards.frame_ancestors entry was left out", {{"entry", a}});
    }
  }
  std::string csp(kPageCsp);
  csp.replace(csp.find("frame-ancestors 'none'"), std::string_view("frame-ancestors 'none'").size(),
              "frame-ancestors " + (allowed.empty() ? std::string("'none'") : Join(allowed, " ")));
  return csp;
}

Result<std::map<std::string, std::string>> ExportFields(const http::Request& req) {
  std::map<std::string, std::string> fields;
  for (const auto& [key, value] : req.query) fields[key] = value;
  return fields;
}

}  // namespace

void RegisterDashboardRoutes(http::Server& server, App& app) {
  dashboards::DashboardService* const svc = &app.dashboards();

  // Saved questions.
  server.Post("/api/v1/questions", Need(auth::Permission::kQuery),
              [svc](const http::Request& req) -> Reply {
                const auto body = SAGAZ_TRY(JsonObjectBody(req));
                const auto request = SAGAZ_TRY(wire::ParseNewQuestion(body));
                const auto q = SAGAZ_TRY(svc->CreateQuestion(ViewerOf(req), request));
                return Created(wire::ToJson(q), "/api/v1/questions/" + q.id);
              });
  server.Get("/api/v1/questions", Need(auth::Permission::kDatasetsRead),
             [svc](const http::Request& req) -> Reply {
               wire::Json items = wire::Json::array();
               for (const auto& q : SAGAZ_TRY(svc->ListQuestions(ViewerOf(req))))
                 items.push_back(wire::ToJson(q));
               return JsonResponse({{"questions", std::move(items)}});
             });
  server.Get("/api/v1/questions/{id}", Need(auth::Permission::kDatasetsRead),
             [svc](const http::Request& req) -> Reply {
               return JsonResponse(
                   wire::ToJson(SAGAZ_TRY(svc->GetQuestion(ViewerOf(req), req.Param("id")))));
             });
  server.Put("/api/v1/questions/{id}", Need(auth::Permission::kQuery),
             [svc](const http::Request& req) -> Reply {
               const auto body = SAGAZ_TRY(JsonObjectBody(req));
               const auto request = SAGAZ_TRY(wire::ParseNewQuestion(body));
               return JsonResponse(wire::ToJson(
                   SAGAZ_TRY(svc->UpdateQuestion(ViewerOf(req), req.Param("id"), request))));
             });
  server.Delete("/api/v1/questions/{id}", Need(auth::Permission::kQuery),
                [svc](const http::Request& req) -> Reply {
                  SAGAZ_TRY(svc->DeleteQuestion(ViewerOf(req), req.Param("id")));
                  return NoContent();
                });
  server.Post("/api/v1/questions/{id}/run", Need(auth::Permission::kQuery),
              [svc](const http::Request& req) -> Reply {
                const auto filters = SAGAZ_TRY(wire::ParseFilterValues(req.query));
                return JsonResponse(wire::ToJson(
                    SAGAZ_TRY(svc->RunQuestion(ViewerOf(req), req.Param("id"), filters))));
              });
  // The rows behind a clicked bar or point, through the guard.
  server.Post("/api/v1/questions/{id}/drill", Need(auth::Permission::kQuery),
              [svc](const http::Request& req) -> Reply {
                const auto request =
                    SAGAZ_TRY(wire::ParseDrillRequest(SAGAZ_TRY(JsonObjectBody(req))));
                return JsonResponse(
                    wire::ToJson(SAGAZ_TRY(svc->Drill(ViewerOf(req), req.Param("id"), request))));
              });
  // All the rows of a saved question's answer: its SQL (an Ask question's aggregated answer)
  // through the guard, without the console's row limit.
  server.Get("/api/v1/questions/{id}/export", Need(auth::Permission::kQuery),
             [&app, svc](const http::Request& req) -> Reply {
               const auto options =
                   SAGAZ_TRY(wire::ParseExportOptions(SAGAZ_TRY(ExportFields(req))));
               const auto q = SAGAZ_TRY(svc->GetQuestion(ViewerOf(req), req.Param("id")));
               const std::string sql = SAGAZ_TRY(dashboards::RowsSql(q));
               return FileResponse(
                   SAGAZ_TRY(app.exporter().Export(sql, sql::Policy::kStandard, options, q.name)));
             });
  // Any answer's rows: the SQL console's query, or an Ask answer's `answer_sql`.
  server.Post(
      "/api/v1/export", Need(auth::Permission::kQuery), [&app](const http::Request& req) -> Reply {
        const auto body = SAGAZ_TRY(JsonObjectBody(req));
        const auto request = SAGAZ_TRY(wire::ParseExportRequest(body));
        return FileResponse(SAGAZ_TRY(
            app.exporter().Export(request.sql, request.policy, request.options, request.name)));
      });

  // Dashboards.
  server.Get("/api/v1/dashboards", Need(auth::Permission::kDatasetsRead),
             [svc](const http::Request& req) -> Reply {
               wire::Json items = wire::Json::array();
               for (const auto& d : SAGAZ_TRY(svc->ListDashboards(ViewerOf(req))))
                 items.push_back(wire::ToJson(d));
               return JsonResponse({{"dashboards", std::move(items)}});
             });
  server.Post("/api/v1/dashboards", Need(auth::Permission::kQuery),
              [svc](const http::Request& req) -> Reply {
                const auto body = SAGAZ_TRY(JsonObjectBody(req));
                const auto request = SAGAZ_TRY(wire::ParseNewDashboard(body));
                const auto d = SAGAZ_TRY(svc->CreateDashboard(ViewerOf(req), request));
                return Created(wire::ToJson(d), "/api/v1/dashboards/" + d.id);
              });
  server.Post("/api/v1/dashboards/import", Need(auth::Permission::kQuery),
              [svc](const http::Request& req) -> Reply {
                const auto bundle = SAGAZ_TRY(wire::ParseBundle(SAGAZ_TRY(JsonObjectBody(req))));
                const auto d = SAGAZ_TRY(svc->ImportBundle(ViewerOf(req), bundle));
                return Created(wire::ToJson(d), "/api/v1/dashboards/" + d.id);
              });
  // The dashboard with its cards' results (filter.<column>=... narrows them); `results=false`,
  // or a caller that may not query, gets the definition alone.
  server.Get(
      "/api/v1/dashboards/{id}", Need(auth::Permission::kDatasetsRead),
      [svc](const http::Request& req) -> Reply {
        const auto viewer = ViewerOf(req);
        const bool results = req.Query("results").value_or("true") != "false" &&
                             CallerOf(req).Can(auth::Permission::kQuery);
        if (!results) {
          return JsonResponse(wire::ToJson(SAGAZ_TRY(svc->GetDashboard(viewer, req.Param("id")))));
        }
        const auto filters = SAGAZ_TRY(wire::ParseFilterValues(req.query));
        return JsonResponse(
            wire::ToJson(SAGAZ_TRY(svc->OpenDashboard(viewer, req.Param("id"), filters)), false));
      });
  server.Put("/api/v1/dashboards/{id}", Need(auth::Permission::kQuery),
             [svc](const http::Request& req) -> Reply {
               const auto body = SAGAZ_TRY(JsonObjectBody(req));
               const auto request = SAGAZ_TRY(wire::ParseNewDashboard(body));
               return JsonResponse(wire::ToJson(
                   SAGAZ_TRY(svc->UpdateDashboard(ViewerOf(req), req.Param("id"), request))));
             });
  server.Delete("/api/v1/dashboards/{id}", Need(auth::Permission::kQuery),
                [svc](const http::Request& req) -> Reply {
                  SAGAZ_TRY(svc->DeleteDashboard(ViewerOf(req), req.Param("id")));
                  return NoContent();
                });
  server.Get("/api/v1/dashboards/{id}/export", Need(auth::Permission::kDatasetsRead),
             [svc](const http::Request& req) -> Reply {
               return JsonResponse(
                   wire::ToJson(SAGAZ_TRY(svc->ExportBundle(ViewerOf(req), req.Param("id")))));
             });
  server.Post("/api/v1/dashboards/{id}/public_link", Need(auth::Permission::kQuery),
              [svc](const http::Request& req) -> Reply {
                const auto link = SAGAZ_TRY(svc->CreatePublicLink(ViewerOf(req), req.Param("id")));
                const std::string path = "/public/dashboards/" + link.token;
                return Created({{"token", link.token},
                                {"url", PublicUrl(req, path)},
                                {"api", "/api/v1/public/dashboards/" + link.token},
                                {"created_at", link.created_at}},
                               path);
              });
  server.Delete("/api/v1/dashboards/{id}/public_link", Need(auth::Permission::kQuery),
                [svc](const http::Request& req) -> Reply {
                  SAGAZ_TRY(svc->RevokePublicLink(ViewerOf(req), req.Param("id")));
                  return NoContent();
                });
  // The public page's data: card results only, never SQL; no token needed.
  server.Get("/api/v1/public/dashboards/{token}", http::kPublic,
             [svc](const http::Request& req) -> Reply {
               const auto filters = SAGAZ_TRY(wire::ParseFilterValues(req.query));
               auto r = JsonResponse(
                   wire::ToJson(SAGAZ_TRY(svc->OpenPublic(req.Param("token"), filters)), true));
               // Revoking takes effect at once: nothing keeps a copy.
               r.headers.emplace_back("Cache-Control", "no-store");
               r.headers.emplace_back("X-Robots-Tag", "noindex");
               return r;
             });

  // Embedding in other sites: a signed, expiring token; revoking the public link ends it.
  const auth::Signer* const signer = &app.auth().signer();
  const DashboardsConfig embed = app.config().dashboards;
  server.Post("/api/v1/dashboards/{id}/embed", Need(auth::Permission::kQuery),
              [svc, signer, embed](const http::Request& req) -> Reply {
                const int64_t ttl = SAGAZ_TRY(
                    wire::ParseEmbedTtl(req.body, embed.embed_ttl_s, embed.embed_max_ttl_s));
                const auto t =
                    SAGAZ_TRY(svc->CreateEmbedToken(ViewerOf(req), req.Param("id"), ttl, *signer));
                const std::string path = "/embed/dashboards/" + t.token;
                return Created({{"token", t.token},
                                {"url", PublicUrl(req, path)},
                                {"api", "/api/v1/embed/dashboards/" + t.token},
                                {"expires_at", Iso8601FromMs(t.expires_ms)},
                                {"frame_ancestors", embed.frame_ancestors}},
                               path);
              });
  server.Get("/api/v1/embed/dashboards/{token}", http::kPublic,
             [svc, signer](const http::Request& req) -> Reply {
               const auto filters = SAGAZ_TRY(wire::ParseFilterValues(req.query));
               auto r = JsonResponse(wire::ToJson(
                   SAGAZ_TRY(svc->OpenEmbedded(req.Param("token"), filters, *signer)), true));
               r.headers.emplace_back("Cache-Control", "no-store");
               r.headers.emplace_back("X-Robots-Tag", "noindex");
               return r;
             });
  // The page another site frames: the web UI, allowed in the configured frame ancestors.
  server.Get("/embed/dashboards/{token}", http::kPublic,
             [csp = EmbedCsp(embed.frame_ancestors)](const http::Request& req) -> Reply {
               auto file = assets::Find(assets::Bundle::kWeb, "/index.html");
               if (!file) return Fail(ErrorCode::kNotFound, "this build has no web UI");
               auto r = AssetResponse(req, *file, "no-cache");
               for (auto& [k, v] : r.headers) {
                 if (k == "Content-Security-Policy") v = csp;
               }
               r.headers.emplace_back("X-Frame-Options", "");  // CSP frame-ancestors decides
               r.headers.emplace_back("X-Robots-Tag", "noindex");
               return r;
             });

  // Collections and their roles.
  server.Get("/api/v1/collections", Need(auth::Permission::kDatasetsRead),
             [svc](const http::Request& req) -> Reply {
               wire::Json items = wire::Json::array();
               for (const auto& c : SAGAZ_TRY(svc->ListCollections(ViewerOf(req))))
                 items.push_back(wire::ToJson(c));
               return JsonResponse({{"collections", std::move(items)}});
             });
  server.Put("/api/v1/collections/{name}", Need(auth::Permission::kAdmin),
             [svc](const http::Request& req) -> Reply {
               const auto body = SAGAZ_TRY(JsonObjectBody(req));
               const auto c = SAGAZ_TRY(wire::ParseCollection(body, req.Param("name")));
               return JsonResponse(wire::ToJson(SAGAZ_TRY(svc->SetCollection(ViewerOf(req), c))));
             });
}

}  // namespace sagaz::server
