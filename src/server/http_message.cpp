// The values routes see (http.hpp): requests, responses, and the one mapping of error codes to
// HTTP statuses.
#include "core/strings.hpp"
#include "server/http.hpp"
#include "wire/json.hpp"

namespace sagaz::http {

bool Request::WantsEventStream() const {
  return Header("Accept").value_or("").find("text/event-stream") != std::string::npos;
}

std::optional<std::string> Request::Header(std::string_view name) const {
  for (const auto& [k, v] : headers) {
    if (IEquals(k, name)) return v;
  }
  return std::nullopt;
}

std::optional<std::string> Request::Query(std::string_view name) const {
  auto it = query.find(std::string(name));
  if (it == query.end()) return std::nullopt;
  return it->second;
}

std::string Request::Param(std::string_view name) const {
  auto it = params.find(std::string(name));
  return it == params.end() ? std::string() : it->second;
}

Response Response::Json(int status, std::string body) {
  Response r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

Response Response::FromError(const Error& error, std::string_view request_id) {
  Response r = Json(HttpStatus(error.code), wire::Dump(wire::ErrorEnvelope(error, request_id)));
  if (auto retry = error.Detail("retry_after_s"); !retry.empty()) {
    r.headers.emplace_back("Retry-After", std::string(retry));
  }
  if (error.code == ErrorCode::kUnauthenticated) {
    r.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"sagaz\"");
  }
  return r;
}

Response Response::EventStream(std::function<void(StreamSink&)> producer) {
  Response r;
  r.content_type = "text/event-stream";
  r.headers.emplace_back("Cache-Control", "no-store");
  r.headers.emplace_back("X-Accel-Buffering", "no");
  r.stream = std::move(producer);
  return r;
}

int HttpStatus(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument:
      return 400;
    case ErrorCode::kUnauthenticated:
      return 401;
    case ErrorCode::kPermissionDenied:
      return 403;
    case ErrorCode::kNotFound:
      return 404;
    case ErrorCode::kAlreadyExists:
      return 409;
    case ErrorCode::kConflict:
      return 409;
    case ErrorCode::kFailedPrecondition:
      return 412;
    case ErrorCode::kPayloadTooLarge:
      return 413;
    case ErrorCode::kUnsupported:
      return 415;
    case ErrorCode::kRateLimited:
      return 429;
    case ErrorCode::kCancelled:
      return 499;
    case ErrorCode::kInternal:
      return 500;
    case ErrorCode::kIo:
      return 500;
    case ErrorCode::kUnavailable:
      return 503;
    case ErrorCode::kTimeout:
      return 504;
  }
  return 500;
}

}  // namespace sagaz::http
