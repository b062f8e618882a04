#include "server/server.hpp"

#include <malloc.h>
#include <pthread.h>
#include <signal.h>

#include <atomic>
#include <fstream>
#include <thread>

#include "app/app.hpp"
#include "core/log.hpp"
#include "server/http.hpp"

namespace sagaz::server {

Status Serve(App& app, const ServeOptions& options) {
  const Config& config = app.config();
  // Answers allocate column buffers of several MiB per request. glibc would map and unmap each one
  // (a page fault per 4 KiB on every request); serving them from the heap, and keeping freed memory
  // for the next request, removes that cost.
  mallopt(M_MMAP_THRESHOLD, 32 << 20);  // glibc's maximum on 64-bit
  mallopt(M_TRIM_THRESHOLD, 256 << 20);
  mallopt(M_MMAP_MAX, 0);
  http::ServerOptions opt;
  opt.host = config.server.host;
  opt.port = config.server.port;
  opt.threads = config.server.threads;
  opt.max_body_bytes = static_cast<uint64_t>(config.server.max_body_mb) << 20;
  opt.max_stream_bytes = static_cast<uint64_t>(config.ingest.max_upload_mb) << 20;
  opt.read_timeout = std::chrono::seconds(config.server.read_timeout_s);
  opt.write_timeout = std::chrono::seconds(config.server.write_timeout_s);
  opt.keep_alive = std::chrono::seconds(config.server.keep_alive_s);
  opt.header_timeout = std::chrono::seconds(config.server.header_timeout_s);
  opt.max_connections = static_cast<size_t>(config.server.max_connections);
  opt.max_connections_per_address = static_cast<size_t>(config.server.max_connections_per_address);
  opt.cors_origins = config.server.cors_origins;

  SAGAZ_TRY(app.RestrictFileAccess());
  http::Server server(opt);
  RegisterRoutes(server, app);
  const int port = SAGAZ_TRY(server.Bind());
  SAGAZ_TRY(app.StartWorkers(config.jobs.workers));
  app.StartScheduler();

  // SIGINT/SIGTERM are blocked in every thread (main does it before any thread starts) and received
  // here, so shutdown runs as ordinary code rather than in a signal handler.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  std::atomic<bool> stopping{false};
  std::thread waiter([&] {
    int sig = 0;
    sigwait(&signals, &sig);
    if (!stopping.exchange(true)) {
      log::Info("shutting down", {{"signal", sig == SIGINT ? "SIGINT" : "SIGTERM"}});
    }
    server.Stop();
  });

  const std::string url = "http://" + opt.host + ":" + std::to_string(port);
  log::Info("listening", {{"url", url},
                          {"data_dir", config.DataDir().string()},
                          {"threads", std::to_string(opt.threads)}});
  std::fprintf(stderr, "Sagaz is serving on %s (data: %s). Press Ctrl+C to stop.\n", url.c_str(),
               config.DataDir().c_str());
  if (options.port_file) {
    std::ofstream(*options.port_file) << port << "\n";
  }
  Status result = server.Listen();
  if (!stopping.exchange(true)) {
    pthread_kill(waiter.native_handle(),
                 SIGTERM);  // wake the waiter when the server stopped by itself
  }
  waiter.join();
  app.StopScheduler();
  app.StopWorkers();  // running jobs go back to the queue and resume at the next start
  log::Info("stopped");
  return result;
}

}  // namespace sagaz::server
