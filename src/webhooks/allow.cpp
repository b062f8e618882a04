// The webhook allow-list (webhooks/webhooks.hpp).
#include <algorithm>

#include "core/strings.hpp"
#include "webhooks/webhooks.hpp"

namespace sagaz::webhooks {

namespace {

// The authority of an http(s) URL ("host:port", "[::1]:80"), or empty.
std::string_view Authority(std::string_view url) {
  const size_t start = url.find("//");
  if (start == std::string_view::npos) return {};
  const size_t end = url.find_first_of("/?#", start + 2);
  return url.substr(start + 2,
                    end == std::string_view::npos ? std::string_view::npos : end - start - 2);
}

// The host of an authority without its port, lower case ("[::1]:80" -> "::1").
std::string HostOf(std::string_view authority) {
  std::string_view host = authority;
  if (host.starts_with('[')) {
    const size_t close = host.find(']');
    host = host.substr(1, close == std::string_view::npos ? std::string_view::npos : close - 1);
  } else if (const size_t colon = host.rfind(':'); colon != std::string_view::npos) {
    host = host.substr(0, colon);
  }
  return ToLower(host);
}

bool LoopbackName(const std::string& host) {
  return host == "localhost" || host == "::1" || host.starts_with("127.");
}

// Whether a path has a "." or ".." segment, also written %2e (the client would resolve it and
// leave the allowed prefix).
bool HasDotSegment(std::string_view url) {
  const std::string_view authority = Authority(url);
  const size_t path_start = static_cast<size_t>(authority.data() - url.data()) + authority.size();
  std::string_view path = url.substr(path_start);
  path = path.substr(0, path.find_first_of("?#"));
  const std::string lower = ToLower(path);
  std::string decoded;
  for (size_t i = 0; i < lower.size(); ++i) {
    if (lower.compare(i, 3, "%2e") == 0) {
      decoded += '.';
      i += 2;
    } else {
      decoded += lower[i];
    }
  }
  for (const auto& segment : Split(decoded, '/')) {
    if (segment == "." || segment == "..") return true;
  }
  return false;
}

// The entry of `allow` that admits `url` (already checked for form), or nullptr.
const std::string* Match(std::string_view url, const std::vector<std::string>& allow) {
  for (const auto& entry : allow) {
    if (entry.empty() || !url.starts_with(entry)) continue;
    if (entry.back() == '/' || url.size() == entry.size()) return &entry;
    const char next = url[entry.size()];
    if (next == '/' || next == '?' || next == '#') return &entry;
  }
  return nullptr;
}

Error Invalid(std::string_view field, std::string message) {
  return Error(ErrorCode::kInvalidArgument, std::move(message)).With("field", std::string(field));
}

}  // namespace

Status CheckUrl(std::string_view url, const std::vector<std::string>& allow,
                std::string_view field) {
  if (!url.starts_with("http://") && !url.starts_with("https://")) {
    return Fail(Invalid(field, "a webhook is an http:// or https:// URL"));
  }
  if (url.size() > 2000) return Fail(Invalid(field, "the webhook URL is over 2000 characters"));
  if (std::any_of(url.begin(), url.end(), [](char c) {
        return static_cast<unsigned char>(c) <= 0x20 || c == 0x7f || c == '\\';
      })) {
    return Fail(Invalid(field, "the webhook URL has spaces, control characters or backslashes"));
  }
  const std::string_view authority = Authority(url);
  if (authority.empty()) return Fail(Invalid(field, "the webhook URL has no host"));
  // Refused like a URL off the list: these are ways to leave a listed prefix.
  auto denied = [&](std::string message) {
    return Fail(Error(ErrorCode::kPermissionDenied, std::move(message))
                    .With("field", std::string(field))
                    .With("url", std::string(url.substr(0, 200))));
  };
  if (authority.find('@') != std::string_view::npos) {
    return denied("a webhook URL may not carry a user name or password ('@' in the host)");
  }
  if (HasDotSegment(url)) return denied("a webhook URL's path may not have '.' or '..' segments");
  if (Match(url, allow)) return Ok();
  return denied(allow.empty()
                    ? "webhooks are off: list the URLs Sagaz may post to in webhooks.allow"
                    : "the webhook URL is not on webhooks.allow");
}

bool AllowsLocal(std::string_view url, const std::vector<std::string>& allow) {
  const std::string* entry = Match(url, allow);
  return entry && LoopbackName(HostOf(Authority(*entry)));
}

}  // namespace sagaz::webhooks
