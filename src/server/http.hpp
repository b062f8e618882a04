// Sagaz's HTTP server interface. cpp-httplib stays behind it (http.cpp): routes see these types
// only.
//
// Every request gets an id (X-Request-Id, taken from the client when sane), CORS and security
// headers, an access-log line with its timing, and a JSON error envelope for any failure. Handlers
// return Result<Response>: the server is the one place where an Error becomes the envelope (status
// from HttpStatus, the request id). A handler that throws is answered with 500 and logged; the
// exception never reaches the server's threads.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "auth/role.hpp"
#include "core/error.hpp"

namespace sagaz::http {

// Who made a request: filled by the authorizer before the handler runs.
struct Caller {
  std::string user;                // empty when anonymous
  std::optional<auth::Role> role;  // none on a public route called without a token
  std::string via;                 // "jwt", "api_key", "anonymous", or empty
  std::string key_id;              // the API key's id when via == "api_key"
  uint32_t permissions = 0;        // bit i: the authorizer's permission number i
};

// Who may call a route. kPublic routes run for anyone; any other value names what the caller must
// be allowed to do, checked by the authorizer (see Server::SetAuthorizer).
inline constexpr std::string_view kPublic = "public";

struct Request {
  std::string method;
  std::string path;
  std::string route;  // the registered pattern that matched, e.g. "/api/v1/datasets/{name}"
  std::string body;
  std::string remote_addr;
  std::string request_id;
  std::map<std::string, std::string> params;  // {name} segments of the route pattern
  std::multimap<std::string, std::string> query;
  std::vector<std::pair<std::string, std::string>> headers;
  Caller caller;

  std::optional<std::string> Header(std::string_view name) const;  // case-insensitive
  std::optional<std::string> Query(std::string_view name) const;
  std::string Param(std::string_view name) const;
  // Whether the client asked for server-sent events (Accept: text/event-stream).
  bool WantsEventStream() const;
};

// Where a streamed response writes (server-sent events). Send returns false once the client is
// gone; a producer also stops when Stopping() says the server is shutting down.
class StreamSink {
 public:
  virtual ~StreamSink() = default;
  virtual bool Send(std::string_view data) = 0;
  virtual bool Stopping() const = 0;
};

struct Response {
  int status = 200;
  std::string body;
  std::string content_type = "application/json";
  std::vector<std::pair<std::string, std::string>> headers;
  // When set, the body is produced by this function on the request's thread, as a chunked stream.
  std::function<void(StreamSink&)> stream;

  static Response Json(int status, std::string body);
  // An error envelope; a rate-limit error's "retry_after_s" detail becomes a Retry-After header.
  static Response FromError(const Error& error, std::string_view request_id);
  static Response EventStream(std::function<void(StreamSink&)> producer);
};

// One finished exchange, for metrics and usage analytics.
struct Exchange {
  std::string method;
  std::string route;  // registered pattern; "web" for UI files, "unmatched" when nothing matched
  std::string user;
  int status = 0;
  double ms = 0;
  uint64_t bytes_in = 0;
  uint64_t bytes_out = 0;
};

// Checks a request against its route's access before the handler runs: fills req.caller and
// returns Ok() to go on, or the Error to answer instead (unauthenticated, permission_denied,
// rate_limited).
using Authorizer = std::function<Status(Request& req, std::string_view access)>;

// The one mapping of error codes to HTTP statuses.
int HttpStatus(ErrorCode code);

// Streams a request body to the handler: a multipart form part by part, or a raw body in chunks.
class BodyReader {
 public:
  struct Part {
    std::string name;
    std::string filename;
    std::string content_type;
  };
  // Called for each part's headers, then with its data in chunks; return false to stop reading.
  using PartFn = std::function<bool(const Part& part)>;
  using DataFn = std::function<bool(const char* data, size_t size)>;

  virtual ~BodyReader() = default;
  virtual bool IsMultipart() const = 0;
  // False when the body could not be read completely (client gone, malformed, stopped by a
  // callback).
  virtual bool ReadMultipart(const PartFn& on_part, const DataFn& on_data) = 0;
  virtual bool Read(const DataFn& on_data) = 0;
};

// A route's handler: the response, or the Error to answer with (see Response::FromError).
using Handler = std::function<Result<Response>(const Request&)>;
using StreamingHandler = std::function<Result<Response>(const Request&, BodyReader&)>;

struct ServerOptions {
  std::string host = "127.0.0.1";
  int port = 8080;  // 0: any free port
  int threads = 8;
  uint64_t max_body_bytes = 16u << 20;      // ordinary requests
  uint64_t max_stream_bytes = 2ull << 30;   // streaming (upload) routes
  std::chrono::seconds read_timeout{30};    // longest wait for a client's bytes
  std::chrono::seconds write_timeout{30};   // longest wait for a client to read
  std::chrono::seconds keep_alive{5};       // an idle connection closes after this
  std::chrono::seconds header_timeout{10};  // a request's head must arrive within this
  size_t max_connections = 768;             // open connections in all
  size_t max_connections_per_address = 256;
  std::vector<std::string> cors_origins;  // exact origins, or "*"
};

class Server {
 public:
  explicit Server(ServerOptions options);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Patterns are paths with {name} segments: "/api/v1/datasets/{name}/profile". `access` is
  // kPublic or what the authorizer must allow.
  void Get(std::string_view pattern, std::string_view access, Handler handler);
  void Post(std::string_view pattern, std::string_view access, Handler handler);
  void Patch(std::string_view pattern, std::string_view access, Handler handler);
  void Put(std::string_view pattern, std::string_view access, Handler handler);
  void Delete(std::string_view pattern, std::string_view access, Handler handler);
  // The body is not read before the handler runs (nor before the caller is authorized); the
  // handler streams it.
  void PostStreaming(std::string_view pattern, std::string_view access, StreamingHandler handler);
  // Answers GET requests no route matched (the web UI); nullopt falls through to 404.
  void SetFallback(std::function<std::optional<Response>(const Request&)> fallback);
  // Set before serving. Without one, only public routes are served (others get 401).
  void SetAuthorizer(Authorizer authorizer);
  // Called after every exchange, on the request's thread; must be cheap and must not throw.
  void SetObserver(std::function<void(const Exchange&)> observer);

  // Binds the listening socket; returns the port (useful with port 0).
  Result<int> Bind();
  // Serves until Stop(); in-flight requests finish first. Connections are held without a thread
  // until a request has arrived (see server/internal/gate.hpp), so slow or idle clients cannot
  // take the threads from others.
  Status Listen();
  // Any thread, including a signal-handling one.
  void Stop();

  struct RouteInfo {
    std::string method;
    std::string pattern;
    std::string access;
  };
  // The registered routes, for the OpenAPI completeness test and the docs.
  std::vector<RouteInfo> Routes() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace sagaz::http
