// System routes: health, readiness, version, Prometheus metrics, system status, cache cleanup and
// usage analytics. Adapters only.
#include "app/app.hpp"
#include "core/config.hpp"
#include "core/ids.hpp"
#include "db/db.hpp"
#include "jobs/jobs.hpp"
#include "observability/metrics.hpp"
#include "observability/process.hpp"
#include "observability/usage.hpp"
#include "server/routes.hpp"
#include "wire/platform.hpp"

#ifndef SAGAZ_VERSION
#define SAGAZ_VERSION "0.0.0"
#endif

namespace sagaz::server {
namespace {

using wire::Json;

// DuckDB's own account of the memory it holds (buffer manager, by component).
std::optional<double> DuckdbMemoryBytes(App& app) {
  auto conn = app.pool().Acquire();
  if (!conn) return std::nullopt;
  auto r = (*conn)->Query("SELECT coalesce(sum(memory_usage_bytes), 0) FROM duckdb_memory()");
  if (!r) return std::nullopt;
  auto v = r->FetchScalar();
  if (!v) return std::nullopt;
  return db::DoubleOf(*v);
}

double UptimeSeconds(const App& app) {
  return std::chrono::duration<double>(std::chrono::system_clock::now() - app.started_at()).count();
}

void RegisterGauges(App& app) {
  auto& m = app.metrics();
  m.AddGauge("sagaz_jobs", "Jobs in the queue, by kind and status.", {"kind", "status"}, [&app] {
    std::vector<observability::Sample> out;
    if (auto depths = app.jobs().Depths()) {
      for (const auto& d : *depths) {
        out.push_back(
            {{d.kind, std::string(jobs::ToString(d.state))}, static_cast<double>(d.count)});
      }
    }
    return out;
  });
  m.AddGauge("sagaz_jobs_running_here", "Jobs running in this process.", {}, [&app] {
    return std::vector<observability::Sample>{{{}, static_cast<double>(app.RunningJobs())}};
  });
  m.AddGauge("sagaz_duckdb_memory_bytes", "Memory held by DuckDB's buffer manager.", {}, [&app] {
    std::vector<observability::Sample> out;
    if (auto bytes = DuckdbMemoryBytes(app)) out.push_back({{}, *bytes});
    return out;
  });
  m.AddGauge("process_resident_memory_bytes", "Resident memory size in bytes.", {}, [] {
    return std::vector<observability::Sample>{
        {{}, static_cast<double>(observability::ReadProcessStats().rss_bytes)}};
  });
  m.AddGauge(
      "process_cpu_seconds_total", "User and system CPU time spent in seconds.", {},
      [] {
        return std::vector<observability::Sample>{
            {{}, observability::ReadProcessStats().cpu_seconds}};
      },
      /*counter=*/true);
  m.AddGauge("process_open_fds", "Open file descriptors.", {}, [] {
    return std::vector<observability::Sample>{
        {{}, static_cast<double>(observability::ReadProcessStats().open_fds)}};
  });
  m.AddGauge(
      "sagaz_query_overruns_total",
      "Queries still running a second after their time limit interrupted them (DuckDB cannot stop "
      "inside one long function call; such a query is interrupted every second until it stops).",
      {},
      [&app] {
        return std::vector<observability::Sample>{
            {{}, static_cast<double>(app.watchdog().Overruns())}};
      },
      /*counter=*/true);
  m.AddGauge("process_threads", "Threads of the process.", {}, [] {
    return std::vector<observability::Sample>{
        {{}, static_cast<double>(observability::ReadProcessStats().threads)}};
  });
  m.AddGauge(
      "process_start_time_seconds", "Start time of the process since the epoch, in seconds.", {},
      [&app] {
        return std::vector<observability::Sample>{
            {{}, std::chrono::duration<double>(app.started_at().time_since_epoch()).count()}};
      });
  m.AddGauge("sagaz_build_info", "Version of Sagaz and DuckDB.", {"version", "duckdb"}, [] {
    return std::vector<observability::Sample>{{{SAGAZ_VERSION, db::LibraryVersion()}, 1}};
  });
}

Result<observability::DateRange> RangeOf(const http::Request& req) {
  return observability::ParseDateRange(req.Query("start_date").value_or(""),
                                       req.Query("end_date").value_or(""));
}

}  // namespace

void RegisterSystemRoutes(http::Server& server, App& app) {
  RegisterGauges(app);

  server.Get("/api/v1/health", http::kPublic, [](const http::Request&) {
    return JsonResponse({{"status", "ok"}});
  });

  server.Get("/api/v1/ready", http::kPublic, [&app](const http::Request&) {
    auto check = [](auto&& fn) -> Json {
      Stopwatch watch;
      Status st = CatchAll([&]() -> Status { return fn(); });
      Json j = {{"status", st ? "ok" : "unavailable"}, {"latency_ms", watch.ElapsedMs()}};
      if (!st) j["error"] = st.error().message;
      return j;
    };
    Json checks = {{"store", check([&]() -> Status {
                      auto conn = SAGAZ_TRY(app.pool().Acquire());
                      auto r = SAGAZ_TRY(conn->Query("SELECT 1"));
                      SAGAZ_TRY(r.FetchScalar());
                      return Ok();
                    })},
                   {"queue", check([&]() -> Status { return app.jobs().Ping(); })}};
    const bool ready = checks["store"]["status"] == "ok" && checks["queue"]["status"] == "ok";
    return JsonResponse({{"status", ready ? "ok" : "unavailable"}, {"checks", std::move(checks)}},
                        ready ? 200 : 503);
  });

  server.Get("/api/v1/version", http::kPublic, [](const http::Request&) {
    return JsonResponse(
        {{"name", "sagaz"}, {"version", SAGAZ_VERSION}, {"duckdb", db::LibraryVersion()}});
  });

  server.Get("/metrics",
             app.config().observability.metrics_public ? http::kPublic
                                                       : Need(auth::Permission::kSystemRead),
             [&app](const http::Request&) {
               http::Response r;
               r.content_type = "text/plain; version=0.0.4; charset=utf-8";
               r.body = app.metrics().Render();
               return r;
             });

  server.Get("/api/v1/system/status", Need(auth::Permission::kSystemRead),
             [&app](const http::Request&) {
               const auto process = observability::ReadProcessStats();
               Json disk = nullptr;
               if (auto space = observability::ReadDiskSpace(app.config().DataDir())) {
                 disk = {{"total_bytes", space->total_bytes}, {"free_bytes", space->free_bytes}};
               }
               Json memory = {{"rss_bytes", process.rss_bytes}};
               if (auto bytes = DuckdbMemoryBytes(app)) memory["duckdb_bytes"] = *bytes;
               Json jobs = {{"queued", 0}, {"running", 0}, {"failed", 0}, {"dead", 0}};
               if (auto depths = app.jobs().Depths()) {
                 for (const auto& d : *depths) {
                   const std::string state(jobs::ToString(d.state));
                   if (jobs.contains(state)) jobs[state] = jobs[state].get<int64_t>() + d.count;
                 }
               }
               jobs["running_here"] = app.RunningJobs();
               Json config = Json::object();
               for (const auto& e : DescribeConfig(app.config())) {
                 config[e.key] = {{"value", e.value}, {"source", e.source}};
               }
               const auto started_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                                           app.started_at().time_since_epoch())
                                           .count();
               return JsonResponse(
                   {{"version", SAGAZ_VERSION},
                    {"duckdb", db::LibraryVersion()},
                    {"instance", app.instance()},
                    {"started_at", Iso8601FromMs(started_ms)},
                    {"uptime_s", UptimeSeconds(app)},
                    {"data_dir", std::filesystem::absolute(app.config().DataDir()).string()},
                    {"disk", std::move(disk)},
                    {"memory", std::move(memory)},
                    {"cpu_seconds", process.cpu_seconds},
                    {"threads", process.threads},
                    {"jobs", std::move(jobs)},
                    {"config", std::move(config)}});
             });

  server.Post("/api/v1/system/cache/cleanup", Need(auth::Permission::kAdmin),
              [&app](const http::Request&) -> Reply {
                const auto c = SAGAZ_TRY(app.CleanUp());
                return JsonResponse({{"removed_entries", c.profiles + c.uploads + c.refresh_tokens +
                                                             c.jobs + c.usage_records},
                                     {"freed_bytes", c.upload_bytes},
                                     {"details",
                                      {{"cached_profiles", c.profiles},
                                       {"orphaned_uploads", c.uploads},
                                       {"expired_refresh_tokens", c.refresh_tokens},
                                       {"finished_jobs", c.jobs},
                                       {"usage_records", c.usage_records}}}});
              });

  server.Get("/api/v1/analytics/usage", Need(auth::Permission::kAdmin),
             [&app](const http::Request& req) -> Reply {
               const auto range = SAGAZ_TRY(RangeOf(req));
               return JsonResponse(wire::ToJson(SAGAZ_TRY(app.usage().Usage(range)), range));
             });

  server.Get(
      "/api/v1/analytics/performance", Need(auth::Permission::kSystemRead),
      [&app](const http::Request& req) -> Reply {
        const auto range = SAGAZ_TRY(RangeOf(req));
        return JsonResponse(wire::ToJson(SAGAZ_TRY(app.usage().PerformanceOf(range)), range));
      });
}

}  // namespace sagaz::server
