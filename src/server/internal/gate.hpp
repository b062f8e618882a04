// The connection gate: every client connection of the server lives here between requests, and a
// worker thread is given one only once its request can be served without waiting on the client.
//
// cpp-httplib runs each connection on a pool thread from accept to close, so a client that sends
// its headers (or body) a byte at a time, or keeps a connection idle, holds a thread; 64 such
// clients leave none for anyone (slowloris). The gate reads request heads, and the whole body of
// ordinary requests, on one epoll thread under absolute deadlines (not per-read ones a trickle of
// bytes can renew), then hands the connection with its buffered bytes to a worker that runs
// httplib's request processing over it. Bodies too large to buffer (uploads) stream on a worker,
// but only a bounded number at once and at a minimum rate. It also refuses what httplib accepts:
// differing or negative Content-Length headers, and Content-Length beside Transfer-Encoding; and
// it serves pipelined requests in order (httplib dropped those after the first).
//
// Thread-safe: Adopt may be called from any thread; Stop from any thread but the gate's own.
#pragma once

#include <httplib.h>

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace sagaz::http::internal {

struct GateOptions {
  int workers = 8;               // threads running requests
  size_t max_connections = 768;  // open connections in all; more are refused (503)
  size_t max_per_address = 256;  // open connections from one client address
  std::chrono::milliseconds head_timeout{10'000};   // from a request's first byte to its full head
  std::chrono::milliseconds keep_alive{5'000};      // an idle connection is closed after this
  std::chrono::milliseconds read_timeout{30'000};   // longest wait for bytes a worker reads
  std::chrono::milliseconds write_timeout{30'000};  // longest wait for a client to read
  size_t buffered_body_limit = 1u << 20;  // bodies up to this size are read before a worker starts
  size_t max_head_bytes = 64u << 10;      // request line and headers
  size_t streaming_slots = 0;             // bodies streamed on workers at once; 0: workers / 2
  double min_rate = 16 * 1024;            // bytes/s a client must keep up past a grace period
};

// Runs one request over `stream` (httplib's Server::process_request). Returns false when the
// connection must be closed; sets connection_closed when the request asked for that.
using ServeFn =
    std::function<bool(httplib::Stream& stream, bool close_connection, bool& connection_closed)>;

// Renders a complete HTTP error response (status line, headers with Connection: close, body) for a
// request the gate refuses before any worker sees it.
using RefuseFn = std::function<std::string(int status, std::string_view message)>;

class Gate {
 public:
  Gate(GateOptions options, ServeFn serve, RefuseFn refuse);
  ~Gate();  // Stop()
  Gate(const Gate&) = delete;
  Gate& operator=(const Gate&) = delete;

  // Takes ownership of an accepted socket.
  void Adopt(int fd);
  // Closes idle and waiting connections, lets requests being served finish, joins every thread.
  // Idempotent.
  void Stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace sagaz::http::internal
