// cpp-httplib behind sagaz::http::Server.
#include "server/http.hpp"

#include <httplib.h>
#include <sys/socket.h>

#include <algorithm>
#include <atomic>
#include <deque>
#include <regex>

#include "core/ids.hpp"
#include "core/log.hpp"
#include "core/strings.hpp"
#include "server/internal/encoding.hpp"
#include "server/internal/gate.hpp"
#include "wire/json.hpp"

namespace sagaz::http {
namespace {

// Per-request state. httplib runs pre-routing, the handler and the logger of a request on one
// thread.
thread_local std::string t_request_id;
thread_local std::chrono::steady_clock::time_point t_start;
thread_local std::string t_route;  // pattern of the matched route, for the observer
thread_local std::string t_user;
thread_local uint64_t t_bytes_in = 0;  // bodies read by our handlers, which httplib does not see
// The request's Accept-Encoding, taken away from httplib (see the pre-routing handler): responses
// are compressed here, or were compressed at build time, never by httplib per request.
thread_local std::string t_accept_encoding;

// Takes Accept-Encoding out of the request before httplib writes the response: httplib would
// compress every text body with Brotli at its slowest quality (1.6 s for the ECharts bundle) and
// would compress precompressed assets again. The request object is not const (httplib passes its
// own local as const), so removing a header is well-defined.
void TakeAcceptEncoding(const httplib::Request& req) {
  t_accept_encoding = req.get_header_value("Accept-Encoding");
  const_cast<httplib::Request&>(req).headers.erase("Accept-Encoding");
}

std::string SaneRequestId(const httplib::Request& req) {
  auto incoming = req.get_header_value("X-Request-Id");
  if (!incoming.empty() && incoming.size() <= 64 &&
      std::all_of(incoming.begin(), incoming.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
      })) {
    return incoming;
  }
  return RandomHex(8);
}

struct Route {
  std::string method;
  std::string pattern;  // as registered, with {name}
  std::string access;
  std::regex regex;
  std::vector<std::string> names;
  bool streaming = false;
};

class HttplibSink final : public StreamSink {
 public:
  HttplibSink(httplib::DataSink& sink, const std::atomic<bool>& stopping)
      : sink_(sink), stopping_(stopping) {}
  bool Send(std::string_view data) override {
    if (!sink_.is_writable()) return false;
    return sink_.write(data.data(), data.size());
  }
  bool Stopping() const override { return stopping_.load(std::memory_order_relaxed); }

 private:
  httplib::DataSink& sink_;
  const std::atomic<bool>& stopping_;
};

// "/api/v1/datasets/{name}" -> "/api/v1/datasets/([^/]+)", names = {"name"}.
std::pair<std::string, std::vector<std::string>> ToRegex(std::string_view pattern) {
  std::string out;
  std::vector<std::string> names;
  for (size_t i = 0; i < pattern.size(); ++i) {
    const char c = pattern[i];
    if (c == '{') {
      const size_t end = pattern.find('}', i);
      names.emplace_back(pattern.substr(i + 1, end - i - 1));
      out += "([^/]+)";
      i = end;
    } else if (std::string_view(".^$|()[]*+?\\").find(c) != std::string_view::npos) {
      out += '\\';
      out += c;
    } else {
      out += c;
    }
  }
  return {out, names};
}

class HttplibBodyReader final : public BodyReader {
 public:
  HttplibBodyReader(const httplib::Request& req, const httplib::ContentReader& reader)
      : req_(req), reader_(reader) {}
  bool IsMultipart() const override { return req_.is_multipart_form_data(); }
  bool ReadMultipart(const PartFn& on_part, const DataFn& on_data) override {
    return reader_(
        [&](const httplib::MultipartFormData& file) {
          return on_part(Part{file.name, file.filename, file.content_type});
        },
        [&](const char* data, size_t size) { return on_data(data, size); });
  }
  bool Read(const DataFn& on_data) override {
    return reader_([&](const char* data, size_t size) { return on_data(data, size); });
  }

 private:
  const httplib::Request& req_;
  const httplib::ContentReader& reader_;
};

// httplib's server with its connection handling replaced: accepted sockets go to the gate
// (server/internal/gate.hpp), which calls Serve for each complete request. process_and_close_socket
// is the virtual httplib calls for every accepted socket; process_request is httplib's parsing,
// routing and writing of one request.
class GatedServer final : public httplib::Server {
 public:
  void SetGate(internal::Gate* gate) { gate_ = gate; }
  bool Serve(httplib::Stream& stream, bool close_connection, bool& connection_closed) {
    return process_request(stream, close_connection, connection_closed, nullptr);
  }

 private:
  bool process_and_close_socket(socket_t sock) override {
    gate_->Adopt(sock);
    return true;
  }
  internal::Gate* gate_ = nullptr;
};

// httplib's accept loop hands each socket to its task queue; this one gives it to the gate at once.
class InlineQueue final : public httplib::TaskQueue {
 public:
  void enqueue(std::function<void()> fn) override { fn(); }
  void shutdown() override {}
};

// A complete response for a request the gate refuses before routing (always closing).
std::string RefusalBytes(int status, std::string_view message) {
  ErrorCode code = ErrorCode::kInvalidArgument;
  std::string reason = "Bad Request";
  if (status == 408) {
    code = ErrorCode::kTimeout;
    reason = "Request Timeout";
  } else if (status == 431) {
    reason = "Request Header Fields Too Large";
  } else if (status == 503) {
    code = ErrorCode::kUnavailable;
    reason = "Service Unavailable";
  }
  const std::string body =
      wire::Dump(wire::ErrorEnvelope(Error(code, std::string(message)), RandomHex(8)));
  std::string out = "HTTP/1.1 " + std::to_string(status) + " " + reason + "\r\n";
  out += "Content-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
         "\r\nConnection: close\r\nX-Content-Type-Options: nosniff\r\n";
  if (status == 503) out += "Retry-After: 1\r\n";
  out += "\r\n" + body;
  return out;
}

void SetError(httplib::Response& res, const Error& error) {
  res.status = HttpStatus(error.code);
  res.set_content(wire::Dump(wire::ErrorEnvelope(error, t_request_id)), "application/json");
}

}  // namespace

struct Server::Impl {
  ServerOptions options;
  GatedServer server;
  std::unique_ptr<internal::Gate> gate;
  std::deque<Route> routes;  // stable addresses: handlers keep pointers
  std::function<std::optional<Response>(const Request&)> fallback;
  Authorizer authorizer;
  std::function<void(const Exchange&)> observer;
  std::atomic<bool> stopping{false};
  int port = 0;
  int listen_fd = -1;  // the listening socket, seen when httplib creates it

  bool OriginAllowed(const std::string& origin) const {
    if (origin.empty()) return false;
    return std::any_of(options.cors_origins.begin(), options.cors_origins.end(),
                       [&](const std::string& o) { return o == "*" || o == origin; });
  }

  const Route* Match(const std::string& method, const std::string& path) const {
    for (const auto& r : routes) {
      if (r.method == method && std::regex_match(path, r.regex)) return &r;
    }
    return nullptr;
  }

  Request ToRequest(const httplib::Request& req, const Route& route) const {
    Request out;
    out.method = req.method;
    out.path = req.path;
    out.route = route.pattern;
    out.body = req.body;
    out.remote_addr = req.remote_addr;
    out.request_id = t_request_id;
    if (!t_accept_encoding.empty()) out.headers.emplace_back("Accept-Encoding", t_accept_encoding);
    for (size_t i = 0; i < route.names.size() && i + 1 < req.matches.size(); ++i) {
      out.params[route.names[i]] = req.matches[static_cast<int>(i + 1)].str();
    }
    for (const auto& [k, v] : req.params) out.query.emplace(k, v);
    for (const auto& [k, v] : req.headers) out.headers.emplace_back(k, v);
    return out;
  }

  void Apply(Response r, httplib::Response& res) {
    res.status = r.status;
    bool encoded = false;
    // A handler's header replaces the default set before routing (Cache-Control: no-store on the
    // API, say: the public feedback report is cacheable).
    for (const auto& [k, v] : r.headers) res.headers.erase(k);
    for (const auto& [k, v] : r.headers) {
      if (v.empty()) continue;  // an empty value removes a default header (X-Frame-Options)
      res.set_header(k, v);
      encoded = encoded || IEquals(k, "Content-Encoding");
    }
    if (!r.stream) {
      if (!encoded && internal::Compressible(r.content_type, r.body.size()) &&
          internal::AcceptsEncoding(t_accept_encoding, "gzip")) {
        if (auto gz = internal::Gzip(r.body)) {
          res.set_header("Content-Encoding", "gzip");
          res.set_header("Vary", "Accept-Encoding");
          r.body = std::move(*gz);
        }
      }
      res.set_content(std::move(r.body), r.content_type);
      return;
    }
    // The producer runs when httplib asks for content, on this request's thread; exceptions stop
    // the stream (the status line has been sent already).
    res.set_chunked_content_provider(
        r.content_type, [this, producer = std::move(r.stream)](size_t, httplib::DataSink& sink) {
          HttplibSink out(sink, stopping);
          try {
            producer(out);
          } catch (const std::exception& e) {
            log::Err("stream producer threw", {{"error", e.what()}});
          } catch (...) {
            log::Err("stream producer threw a non-exception");
          }
          sink.done();
          return true;
        });
  }

  // The error for a declared body over the route's limit (streaming routes allow 1 MiB of form
  // overhead beyond the file limit).
  std::optional<Error> TooLarge(const httplib::Request& req, const Route* route) const {
    if (!req.has_header("Content-Length")) return std::nullopt;
    const bool streaming = route && route->streaming;
    const uint64_t limit = streaming ? options.max_stream_bytes : options.max_body_bytes;
    const auto length = ParseNumber<uint64_t>(req.get_header_value("Content-Length"));
    if (!length || *length <= limit + (streaming ? (1u << 20) : 0)) return std::nullopt;
    return Error(ErrorCode::kPayloadTooLarge,
                 "the request body is larger than the limit of " + FormatBytes(limit))
        .With("limit_bytes", std::to_string(limit));
  }

  // Checks the caller against the route's access; Ok() lets the handler run.
  Status Authorize(Request& request, const Route& route) {
    Status allowed = Ok();
    if (authorizer) {
      allowed = authorizer(request, route.access);
    } else if (route.access != kPublic) {
      allowed = Fail(ErrorCode::kUnauthenticated, "this route needs a token");
    }
    t_user = request.caller.user;
    return allowed;
  }

  // The one boundary between handlers and clients: a handler's Error becomes the error envelope
  // with the request id, and an exception a 500. Both kinds of 500 are logged with the request id,
  // so the line the client's request id points at says what broke. Nothing escapes to httplib's
  // threads.
  template <class Fn>
  void Invoke(httplib::Response& res, Fn&& fn) {
    try {
      Result<Response> outcome = fn();
      if (outcome) {
        Apply(std::move(*outcome), res);
        return;
      }
      const Error& error = outcome.error();
      if (HttpStatus(error.code) == 500) {
        log::Err("request failed", {{"request_id", t_request_id}, {"error", error.ToText()}});
      }
      Apply(Response::FromError(error, t_request_id), res);
    } catch (const std::exception& e) {
      log::Err("handler threw", {{"request_id", t_request_id}, {"error", e.what()}});
      SetError(res, Error(ErrorCode::kInternal, "internal error; see the server log"));
    } catch (...) {
      log::Err("handler threw a non-exception", {{"request_id", t_request_id}});
      SetError(res, Error(ErrorCode::kInternal, "internal error; see the server log"));
    }
  }

  void Register(Route route, Handler handler) {
    auto& stored = routes.emplace_back(std::move(route));
    const std::string regex = ToRegex(stored.pattern).first;
    const Route* r = &stored;
    // `body`, when given, replaces the request's (read by with_body below).
    auto run = [this, r, handler = std::move(handler)](const httplib::Request& req,
                                                       httplib::Response& res, std::string* body) {
      t_route = r->pattern;
      Invoke(res, [&]() -> Result<Response> {
        Request request = ToRequest(req, *r);
        if (body) request.body = std::move(*body);
        SAGAZ_TRY(Authorize(request, *r));
        if (request.body.size() > options.max_body_bytes) {
          return Fail(ErrorCode::kPayloadTooLarge,
                      "the request body is larger than " + FormatBytes(options.max_body_bytes));
        }
        return handler(request);
      });
    };
    auto fn = [run](const httplib::Request& req, httplib::Response& res) {
      run(req, res, nullptr);
    };
    // Bodies of POST and PATCH are read here, not by httplib, so that a request with no body and
    // no Content-Length (curl -X POST) is an empty body rather than a malformed request.
    auto with_body = [this, r, run](const httplib::Request& req, httplib::Response& res,
                                    const httplib::ContentReader& reader) {
      t_route = r->pattern;
      const bool chunked = req.get_header_value("Transfer-Encoding") == "chunked";
      const bool declared =
          req.has_header("Content-Length") && req.get_header_value("Content-Length") != "0";
      if (req.is_multipart_form_data()) {
        SetError(res, Error(ErrorCode::kUnsupported, "send this route a JSON body, not a form"));
        return;
      }
      std::string body;
      if (declared || chunked) {
        bool too_large = false;
        reader([&](const char* data, size_t n) {
          if (body.size() + n > options.max_body_bytes) {
            too_large = true;
            return false;
          }
          body.append(data, n);
          return true;
        });
        if (too_large) {
          SetError(res,
                   Error(ErrorCode::kPayloadTooLarge,
                         "the request body is larger than " + FormatBytes(options.max_body_bytes)));
          return;
        }
      }
      t_bytes_in = body.size();
      run(req, res, &body);
    };
    if (r->method == "GET")
      server.Get(regex, fn);
    else if (r->method == "POST")
      server.Post(regex, with_body);
    else if (r->method == "PATCH")
      server.Patch(regex, with_body);
    else if (r->method == "PUT")
      server.Put(regex, with_body);
    else if (r->method == "DELETE")
      server.Delete(regex, fn);
  }
};

Server::Server(ServerOptions options) : impl_(std::make_unique<Impl>()) {
  impl_->options = std::move(options);
  Impl* impl = impl_.get();
  auto& svr = impl->server;
  const auto& opt = impl->options;
  internal::GateOptions gate;
  gate.workers = opt.threads;
  gate.max_connections = opt.max_connections;
  gate.max_per_address = opt.max_connections_per_address;
  gate.head_timeout = opt.header_timeout;
  gate.keep_alive = opt.keep_alive;
  gate.read_timeout = opt.read_timeout;
  gate.write_timeout = opt.write_timeout;
  impl->gate = std::make_unique<internal::Gate>(
      gate,
      [impl](httplib::Stream& stream, bool close_connection, bool& connection_closed) {
        return impl->server.Serve(stream, close_connection, connection_closed);
      },
      RefusalBytes);
  svr.SetGate(impl->gate.get());
  svr.new_task_queue = [] { return new InlineQueue; };
  svr.set_payload_max_length(std::max(opt.max_body_bytes, opt.max_stream_bytes + (1u << 20)));
  // httplib listens with a backlog of 5, which drops the SYNs of a burst of new connections (each
  // then waits a second to retry). The socket is noted here and listened on again in Bind().
  // SO_REUSEADDR only (httplib's default adds SO_REUSEPORT, which would let a second server share
  // the port silently).
  svr.set_socket_options([impl](socket_t sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    impl->listen_fd = sock;
  });

  svr.set_pre_routing_handler([impl](const httplib::Request& req, httplib::Response& res) {
    t_start = std::chrono::steady_clock::now();
    t_request_id = SaneRequestId(req);
    TakeAcceptEncoding(req);
    t_route = "unmatched";
    t_user.clear();
    t_bytes_in = 0;
    res.set_header("X-Request-Id", t_request_id);
    res.set_header("X-Content-Type-Options", "nosniff");
    res.set_header("X-Frame-Options", "DENY");
    res.set_header("Referrer-Policy", "no-referrer");
    if (req.path.starts_with("/api/")) res.set_header("Cache-Control", "no-store");

    const std::string origin = req.get_header_value("Origin");
    if (impl->OriginAllowed(origin)) {
      res.set_header("Access-Control-Allow-Origin", origin);
      res.set_header("Vary", "Origin");
      res.set_header("Access-Control-Expose-Headers", "X-Request-Id");
    }
    if (req.method == "OPTIONS") {
      if (impl->OriginAllowed(origin)) {
        res.set_header("Access-Control-Allow-Methods", "GET, POST, PUT, PATCH, DELETE, OPTIONS");
        res.set_header("Access-Control-Allow-Headers",
                       "Content-Type, Authorization, X-API-Key, X-Request-Id");
        res.set_header("Access-Control-Max-Age", "600");
        res.status = 204;
      } else {
        SetError(res, Error(ErrorCode::kPermissionDenied, "origin not allowed"));
      }
      return httplib::Server::HandlerResponse::Handled;
    }

    // Refuse oversized bodies before reading them.
    const Route* route = impl->Match(req.method, req.path);
    const bool streaming = route && route->streaming;
    if (auto too_large = impl->TooLarge(req, route)) {
      SetError(res, *too_large);
      res.set_header("Connection", "close");
      return httplib::Server::HandlerResponse::Handled;
    }
    if (!req.has_header("Content-Length") && !streaming &&
        req.get_header_value("Transfer-Encoding") == "chunked") {
      SetError(res, Error(ErrorCode::kInvalidArgument, "a Content-Length is required"));
      res.status = 411;
      return httplib::Server::HandlerResponse::Handled;
    }
    return httplib::Server::HandlerResponse::Unhandled;
  });

  // A client that waits for "100 Continue" before sending a body (curl does past 1 KiB) is refused
  // here, before it sends anything, when the route would refuse it or the body is too large.
  svr.set_expect_100_continue_handler([impl](const httplib::Request& req, httplib::Response& res) {
    t_start = std::chrono::steady_clock::now();
    t_request_id = SaneRequestId(req);
    TakeAcceptEncoding(req);
    t_route = "unmatched";
    t_user.clear();
    t_bytes_in = 0;
    const Route* route = impl->Match(req.method, req.path);
    if (!route) return 100;
    t_route = route->pattern;
    Status allowed = Ok();
    if (auto too_large = impl->TooLarge(req, route)) {
      allowed = Fail(std::move(*too_large));
    } else {
      Request request = impl->ToRequest(req, *route);
      allowed = impl->Authorize(request, *route);
    }
    if (allowed) return 100;
    res.set_header("X-Request-Id", t_request_id);
    impl->Apply(Response::FromError(allowed.error(), t_request_id), res);
    return res.status;
  });

  svr.set_error_handler([impl](const httplib::Request& req, httplib::Response& res) {
    if (!res.body.empty()) return;
    if (res.status == 404 && (req.method == "GET" || req.method == "HEAD") && impl->fallback) {
      Request r;
      r.method = req.method;
      r.path = req.path;
      r.request_id = t_request_id;
      for (const auto& [k, v] : req.headers) r.headers.emplace_back(k, v);
      if (!t_accept_encoding.empty()) r.headers.emplace_back("Accept-Encoding", t_accept_encoding);
      for (const auto& [k, v] : req.params) r.query.emplace(k, v);
      std::optional<Response> found;
      t_route = "web";
      impl->Invoke(res, [&]() -> Result<Response> {
        found = impl->fallback(r);
        if (!found) return Fail(ErrorCode::kNotFound, "no such page");
        return *found;
      });
      if (found) return;
      t_route = "unmatched";
    }
    ErrorCode code = ErrorCode::kInternal;
    std::string message = "request failed";
    switch (res.status) {
      case 400:
        code = ErrorCode::kInvalidArgument;
        message = "malformed request";
        break;
      case 404:
        code = ErrorCode::kNotFound;
        message = "no route for " + req.method + " " + req.path;
        break;
      case 405:
        code = ErrorCode::kInvalidArgument;
        message = "method not allowed";
        break;
      case 413:
        code = ErrorCode::kPayloadTooLarge;
        message = "the request body is too large";
        break;
      case 414:
        code = ErrorCode::kInvalidArgument;
        message = "the URI is too long";
        break;
      default:
        break;
    }
    const int status = res.status;
    SetError(res, Error(code, message));
    res.status = status;
  });

  svr.set_exception_handler(
      [](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
        SetError(res, Error(ErrorCode::kInternal, "internal error; see the server log"));
      });

  svr.set_logger([impl](const httplib::Request& req, const httplib::Response& res) {
    const double ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t_start)
            .count();
    if (impl->observer) {
      // A malformed request line must not mint new metric labels.
      static constexpr std::string_view kMethods[] = {"GET", "POST", "PATCH",  "DELETE",
                                                      "PUT", "HEAD", "OPTIONS"};
      const bool known =
          std::find(std::begin(kMethods), std::end(kMethods), req.method) != std::end(kMethods);
      impl->observer(Exchange{known ? req.method : "OTHER", t_route, t_user, res.status, ms,
                              std::max<uint64_t>(req.body.size(), t_bytes_in), res.body.size()});
    }
    char ms_text[32];
    std::snprintf(ms_text, sizeof ms_text, "%.2f", ms);
    const log::Level level = res.status >= 500 ? log::Level::kWarn : log::Level::kInfo;
    log::Write(level, "request",
               {{"request_id", t_request_id},
                {"method", req.method},
                {"path", req.path},
                {"status", std::to_string(res.status)},
                {"ms", ms_text},
                {"route", t_route},
                {"user", t_user},
                {"bytes_in", std::to_string(std::max<uint64_t>(req.body.size(), t_bytes_in))},
                {"bytes_out", std::to_string(res.body.size())},
                {"remote", req.remote_addr}});
  });
}

Server::~Server() = default;

void Server::Get(std::string_view pattern, std::string_view access, Handler handler) {
  auto [regex, names] = ToRegex(pattern);
  impl_->Register(Route{"GET", std::string(pattern), std::string(access), std::regex(regex), names},
                  std::move(handler));
}
void Server::Post(std::string_view pattern, std::string_view access, Handler handler) {
  auto [regex, names] = ToRegex(pattern);
  impl_->Register(
      Route{"POST", std::string(pattern), std::string(access), std::regex(regex), names},
      std::move(handler));
}
void Server::Patch(std::string_view pattern, std::string_view access, Handler handler) {
  auto [regex, names] = ToRegex(pattern);
  impl_->Register(
      Route{"PATCH", std::string(pattern), std::string(access), std::regex(regex), names},
      std::move(handler));
}
void Server::Put(std::string_view pattern, std::string_view access, Handler handler) {
  auto [regex, names] = ToRegex(pattern);
  impl_->Register(Route{"PUT", std::string(pattern), std::string(access), std::regex(regex), names},
                  std::move(handler));
}
void Server::Delete(std::string_view pattern, std::string_view access, Handler handler) {
  auto [regex, names] = ToRegex(pattern);
  impl_->Register(
      Route{"DELETE", std::string(pattern), std::string(access), std::regex(regex), names},
      std::move(handler));
}

void Server::PostStreaming(std::string_view pattern, std::string_view access,
                           StreamingHandler handler) {
  auto [regex, names] = ToRegex(pattern);
  Impl* impl = impl_.get();
  auto& stored = impl->routes.emplace_back(
      Route{"POST", std::string(pattern), std::string(access), std::regex(regex), names, true});
  const Route* r = &stored;
  impl->server.Post(regex, [impl, r, handler = std::move(handler)](
                               const httplib::Request& req, httplib::Response& res,
                               const httplib::ContentReader& reader) {
    t_route = r->pattern;
    impl->Invoke(res, [&]() -> Result<Response> {
      Request request = impl->ToRequest(req, *r);
      if (Status allowed = impl->Authorize(request, *r); !allowed) {
        // Read and drop a small body so the connection stays usable; a large one is cut off.
        constexpr uint64_t kDrain = 8u << 20;
        uint64_t seen = 0;
        auto drop = [&](const char*, size_t n) { return (seen += n) <= kDrain; };
        HttplibBodyReader body(req, reader);
        if (body.IsMultipart()) {
          body.ReadMultipart([](const BodyReader::Part&) { return true; }, drop);
        } else {
          body.Read(drop);
        }
        Response refused = Response::FromError(allowed.error(), t_request_id);
        refused.headers.emplace_back("Connection", "close");
        return refused;
      }
      HttplibBodyReader body(req, reader);
      return handler(request, body);
    });
  });
}

void Server::SetFallback(std::function<std::optional<Response>(const Request&)> fallback) {
  impl_->fallback = std::move(fallback);
}

Result<int> Server::Bind() {
  const auto& opt = impl_->options;
  int port;
  if (opt.port == 0) {
    port = impl_->server.bind_to_any_port(opt.host);
  } else {
    port = impl_->server.bind_to_port(opt.host, opt.port) ? opt.port : -1;
  }
  if (port <= 0) {
    return Fail(ErrorCode::kUnavailable, "cannot listen on " + opt.host + ":" +
                                             std::to_string(opt.port) +
                                             " (address in use, or not a local address)");
  }
  impl_->port = port;
  if (impl_->listen_fd >= 0) ::listen(impl_->listen_fd, SOMAXCONN);  // Linux: raises the backlog
  return port;
}

Status Server::Listen() {
  const bool stopped_cleanly = impl_->server.listen_after_bind();
  impl_->gate->Stop();  // requests being served finish; idle connections close
  if (!stopped_cleanly) return Fail(ErrorCode::kUnavailable, "the server stopped unexpectedly");
  return Ok();
}

void Server::SetAuthorizer(Authorizer authorizer) { impl_->authorizer = std::move(authorizer); }

void Server::SetObserver(std::function<void(const Exchange&)> observer) {
  impl_->observer = std::move(observer);
}

void Server::Stop() {
  impl_->stopping = true;  // open event streams end, so in-flight requests can finish
  impl_->server.stop();
}

std::vector<Server::RouteInfo> Server::Routes() const {
  std::vector<RouteInfo> out;
  for (const auto& r : impl_->routes) out.push_back({r.method, r.pattern, r.access});
  return out;
}

}  // namespace sagaz::http
