// Job routes: list, show, cancel, retry, and live progress as server-sent events.
#include <chrono>

#include "app/app.hpp"
#include "jobs/jobs.hpp"
#include "server/routes.hpp"
#include "wire/platform.hpp"

namespace sagaz::server {
namespace {

using wire::Json;

// Users other than admins act only on jobs they submitted.
Status CheckOwner(const http::Request& req, const jobs::Job& job) {
  if (job.created_by == req.caller.user || CallerOf(req).Can(auth::Permission::kAdmin)) {
    return Ok();
  }
  return Fail(ErrorCode::kPermissionDenied, "job '" + job.id + "' belongs to '" + job.created_by +
                                                "'; only its owner or an admin can change it");
}

}  // namespace

void RegisterJobRoutes(http::Server& server, App& app) {
  server.Get("/api/v1/jobs", Need(auth::Permission::kDatasetsRead),
             [&app](const http::Request& req) -> Reply {
               jobs::ListFilter filter;
               if (auto status = req.Query("status"); status && !status->empty()) {
                 filter.state = SAGAZ_TRY(jobs::ParseState(*status));
               }
               filter.kind = req.Query("kind").value_or("");
               filter.created_by = req.Query("created_by").value_or("");
               filter.cursor = req.Query("cursor").value_or("");
               filter.limit = static_cast<size_t>(SAGAZ_TRY(IntParam(req, "limit", 50, 1, 500)));
               return JsonResponse(wire::ToJson(SAGAZ_TRY(app.jobs().List(filter))));
             });

  server.Get("/api/v1/jobs/{id}", Need(auth::Permission::kDatasetsRead),
             [&app](const http::Request& req) -> Reply {
               return JsonResponse(wire::ToJson(SAGAZ_TRY(app.jobs().Get(req.Param("id")))));
             });

  // Cancel and retry: the owner (or an admin) changes the job; 202 with the job as it is then.
  using Change = Result<jobs::Job> (jobs::Queue::*)(std::string_view);
  for (const auto& [pattern, change] :
       {std::pair<const char*, Change>{"/api/v1/jobs/{id}/cancel", &jobs::Queue::Cancel},
        std::pair<const char*, Change>{"/api/v1/jobs/{id}/retry", &jobs::Queue::Retry}}) {
    server.Post(pattern, Need(auth::Permission::kJobsWrite),
                [&app, change](const http::Request& req) -> Reply {
                  const auto job = SAGAZ_TRY(app.jobs().Get(req.Param("id")));
                  SAGAZ_TRY(CheckOwner(req, job));
                  return JsonResponse(wire::ToJson(SAGAZ_TRY((app.jobs().*change)(job.id))), 202);
                });
  }

  // Sends the job at once, then on every change ("progress"), and a last "done" event when it
  // reaches a terminal state. Comments keep idle connections open through proxies.
  server.Get("/api/v1/jobs/{id}/events", Need(auth::Permission::kDatasetsRead),
             [&app](const http::Request& req) -> Reply {
               const std::string id = SAGAZ_TRY(app.jobs().Get(req.Param("id"))).id;
               return http::Response::EventStream([&app, id](http::StreamSink& sink) {
                 using Clock = std::chrono::steady_clock;
                 const auto deadline = Clock::now() + std::chrono::hours(1);
                 auto last_sent = Clock::now();
                 std::string last;
                 if (!sink.Send("retry: 2000\n\n")) return;
                 while (!sink.Stopping() && Clock::now() < deadline) {
                   const uint64_t seen = app.jobs().Version();
                   auto job = app.jobs().Get(id);
                   if (!job) {
                     sink.Send(SseEvent("error", wire::Dump(wire::ErrorEnvelope(job.error()))));
                     return;
                   }
                   const std::string data = wire::Dump(wire::ToJson(*job));
                   const bool done = jobs::IsTerminal(job->state);
                   if (data != last || done) {
                     if (!sink.Send(SseEvent(done ? "done" : "progress", data))) return;
                     last = data;
                     last_sent = Clock::now();
                   }
                   if (done) return;
                   app.jobs().WaitForChange(seen, std::chrono::seconds(1));
                   if (Clock::now() - last_sent > std::chrono::seconds(15)) {
                     if (!sink.Send(": keep-alive\n\n")) return;
                     last_sent = Clock::now();
                   }
                 }
               });
             });
}

}  // namespace sagaz::server
