// Prompt studio routes: prompts and their versions, rendering, runs and their history, test cases
// and test runs. Adapters only: parse the request, call the PromptService, format the result.
#include "app/app.hpp"
#include "core/strings.hpp"
#include "prompts/prompts.hpp"
#include "server/routes.hpp"
#include "wire/prompts.hpp"

namespace sagaz::server {
namespace {

Result<int> VersionParam(const http::Request& req) {
  const auto n = ParseNumber<int>(req.Param("n"));
  if (!n || *n < 1) {
    return Fail(Error(ErrorCode::kInvalidArgument, "a version is a positive integer")
                    .With("version", req.Param("n")));
  }
  return *n;
}

// Run requests may come without a body: run the latest version with no variables.
Result<wire::Json> OptionalBody(const http::Request& req) {
  if (Trim(req.body).empty()) return wire::Json::object();
  return JsonObjectBody(req);
}

}  // namespace

void RegisterPromptRoutes(http::Server& server, App& app) {
  const auto can_read = Need(auth::Permission::kDatasetsRead);
  const auto can_write = Need(auth::Permission::kDatasetsWrite);
  const auto can_run = Need(auth::Permission::kQuery);

  server.Get("/api/v1/prompts", can_read, [&app](const http::Request&) -> Reply {
    wire::Json items = wire::Json::array();
    for (const auto& p : SAGAZ_TRY(app.prompts().List())) items.push_back(wire::ToJson(p));
    return JsonResponse({{"items", std::move(items)}});
  });

  server.Post("/api/v1/prompts", can_write, [&app](const http::Request& req) -> Reply {
    const auto spec = SAGAZ_TRY(wire::ParsePromptSpec(SAGAZ_TRY(JsonObjectBody(req))));
    const auto p = SAGAZ_TRY(app.prompts().Create(CallerOf(req).user, spec));
    return Created(wire::ToJson(p), "/api/v1/prompts/" + p.id);
  });

  server.Get("/api/v1/prompts/{id}", can_read, [&app](const http::Request& req) -> Reply {
    return JsonResponse(wire::ToJson(SAGAZ_TRY(app.prompts().Get(req.Param("id")))));
  });

  // Every save that changes the template, variables or parameters is a new version.
  server.Put("/api/v1/prompts/{id}", can_write, [&app](const http::Request& req) -> Reply {
    const auto spec = SAGAZ_TRY(wire::ParsePromptSpec(SAGAZ_TRY(JsonObjectBody(req))));
    return JsonResponse(
        wire::ToJson(SAGAZ_TRY(app.prompts().Update(CallerOf(req).user, req.Param("id"), spec))));
  });

  server.Delete("/api/v1/prompts/{id}", can_write, [&app](const http::Request& req) -> Reply {
    SAGAZ_TRY(app.prompts().Delete(req.Param("id")));
    return NoContent();
  });

  server.Get("/api/v1/prompts/{id}/versions", can_read, [&app](const http::Request& req) -> Reply {
    wire::Json items = wire::Json::array();
    for (const auto& v : SAGAZ_TRY(app.prompts().Versions(req.Param("id"))))
      items.push_back(wire::ToJson(v));
    return JsonResponse({{"items", std::move(items)}});
  });

  server.Get(
      "/api/v1/prompts/{id}/versions/{n}", can_read, [&app](const http::Request& req) -> Reply {
        const int n = SAGAZ_TRY(VersionParam(req));
        return JsonResponse(wire::ToJson(SAGAZ_TRY(app.prompts().GetVersion(req.Param("id"), n))));
      });

  server.Post("/api/v1/prompts/{id}/render", can_read, [&app](const http::Request& req) -> Reply {
    const auto r = SAGAZ_TRY(wire::ParsePromptRun(SAGAZ_TRY(OptionalBody(req)), false));
    return JsonResponse(
        wire::ToJson(SAGAZ_TRY(app.prompts().Render(req.Param("id"), r.version, r.variables))));
  });

  server.Post("/api/v1/prompts/{id}/runs", can_run, [&app](const http::Request& req) -> Reply {
    const auto r = SAGAZ_TRY(wire::ParsePromptRun(SAGAZ_TRY(OptionalBody(req))));
    const auto result = SAGAZ_TRY(app.prompts().Run(CallerOf(req).user, req.Param("id"), r));
    return Created(wire::ToJson(result), "/api/v1/prompts/" + result.prompt_id + "/runs");
  });

  server.Get("/api/v1/prompts/{id}/runs", can_read, [&app](const http::Request& req) -> Reply {
    const auto limit = SAGAZ_TRY(IntParam(req, "limit", 50, 1, 1000));
    wire::Json items = wire::Json::array();
    for (const auto& r : SAGAZ_TRY(app.prompts().Runs(req.Param("id"), static_cast<int>(limit))))
      items.push_back(wire::ToJson(r));
    return JsonResponse({{"items", std::move(items)}});
  });

  server.Get("/api/v1/prompts/{id}/tests", can_read, [&app](const http::Request& req) -> Reply {
    wire::Json items = wire::Json::array();
    for (const auto& t : SAGAZ_TRY(app.prompts().Tests(req.Param("id"))))
      items.push_back(wire::ToJson(t));
    return JsonResponse({{"items", std::move(items)}});
  });

  server.Post("/api/v1/prompts/{id}/tests", can_write, [&app](const http::Request& req) -> Reply {
    const auto t = SAGAZ_TRY(wire::ParsePromptTest(SAGAZ_TRY(JsonObjectBody(req))));
    const auto added = SAGAZ_TRY(app.prompts().AddTest(req.Param("id"), t));
    return Created(wire::ToJson(added),
                   "/api/v1/prompts/" + added.prompt_id + "/tests/" + added.id);
  });

  server.Delete("/api/v1/prompts/{id}/tests/{test}", can_write,
                [&app](const http::Request& req) -> Reply {
                  SAGAZ_TRY(app.prompts().DeleteTest(req.Param("id"), req.Param("test")));
                  return NoContent();
                });

  // Every test case, one model call each; answers when all have run.
  server.Post("/api/v1/prompts/{id}/tests/run", can_run, [&app](const http::Request& req) -> Reply {
    const auto r = SAGAZ_TRY(wire::ParsePromptTestRun(SAGAZ_TRY(OptionalBody(req))));
    return JsonResponse(
        wire::ToJson(SAGAZ_TRY(app.prompts().RunTests(CallerOf(req).user, req.Param("id"), r))));
  });
}

}  // namespace sagaz::server
