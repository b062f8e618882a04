// Embedded files (the web UI, the API docs page) over HTTP: the precompressed variant the client
// accepts, an ETag from the content and 304 answers to conditional requests.
#include "core/strings.hpp"
#include "server/internal/encoding.hpp"
#include "server/routes.hpp"

namespace sagaz::server {
namespace {

// Whether an If-None-Match header names `etag` (or is "*").
bool Matches(std::string_view header, std::string_view etag) {
  for (std::string_view item : Split(header, ',')) {
    item = Trim(item);
    if (item == "*") return true;
    if (item.starts_with("W/")) item.remove_prefix(2);
    if (item.size() == etag.size() + 2 && item.front() == '"' && item.back() == '"' &&
        item.substr(1, etag.size()) == etag) {
      return true;
    }
  }
  return false;
}

}  // namespace

http::Response AssetResponse(const http::Request& req, const assets::File& file,
                             std::string_view cache_control) {
  http::Response r;
  r.content_type = std::string(file.content_type);
  r.headers.emplace_back("Cache-Control", std::string(cache_control));
  r.headers.emplace_back("ETag", "\"" + std::string(file.etag) + "\"");
  r.headers.emplace_back("Vary", "Accept-Encoding");
  if (file.content_type.starts_with("text/html")) {
    r.headers.emplace_back("Content-Security-Policy", std::string(kPageCsp));
  }
  if (auto tag = req.Header("If-None-Match"); tag && Matches(*tag, file.etag)) {
    r.status = 304;
    return r;
  }
  const std::string accept = req.Header("Accept-Encoding").value_or("");
  if (!file.brotli.empty() && http::internal::AcceptsEncoding(accept, "br")) {
    r.body = std::string(file.brotli);
    r.headers.emplace_back("Content-Encoding", "br");
  } else if (!file.gzip.empty() && http::internal::AcceptsEncoding(accept, "gzip")) {
    r.body = std::string(file.gzip);
    r.headers.emplace_back("Content-Encoding", "gzip");
  } else {
    r.body = std::string(file.data);
  }
  return r;
}

}  // namespace sagaz::server
