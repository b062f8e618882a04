#include "app/internal/webhook.hpp"

#include <curl/curl.h>

#include <memory>

namespace sagaz::internal {

namespace {

struct CurlDeleter {
  void operator()(CURL* c) const { curl_easy_cleanup(c); }
};
struct SlistDeleter {
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};

size_t Collect(char* data, size_t size, size_t n, void* user) {
  auto* out = static_cast<std::string*>(user);
  const size_t bytes = size * n;
  if (out->size() < (1u << 20)) out->append(data, std::min(bytes, (1u << 20) - out->size()));
  return bytes;
}

// libcurl calls this about once a second (and on every transfer): non-zero aborts the transfer.
int Progress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  const auto* cancelled = static_cast<const std::function<bool()>*>(user);
  return (*cancelled && (*cancelled)()) ? 1 : 0;
}

}  // namespace

bool WebhookAllowed(const std::vector<std::string>& allow, std::string_view url) {
  if (!url.starts_with("http://") && !url.starts_with("https://")) return false;
  const size_t authority = url.find("//") + 2;
  const size_t path = url.find_first_of("/?#", authority);
  const std::string_view host = url.substr(
      authority, path == std::string_view::npos ? std::string_view::npos : path - authority);
  if (host.empty() || host.find('@') != std::string_view::npos ||
      host.find('\\') != std::string_view::npos)
    return false;
  for (const auto& c : url)
    if (static_cast<unsigned char>(c) <= ' ') return false;
  for (const auto& prefix : allow) {
    if (prefix.empty() || !url.starts_with(prefix)) continue;
    if (prefix.back() == '/' || url.size() == prefix.size()) return true;
    const char next = url[prefix.size()];
    if (next == '/' || next == '?' || next == '#') return true;
  }
  return false;
}

Result<WebhookReply> PostWebhook(const std::vector<std::string>& allow, std::string_view url,
                                 std::string_view json, int64_t timeout_ms,
                                 const std::function<bool()>& cancelled) {
  if (!WebhookAllowed(allow, url)) {
    return Fail(Error(ErrorCode::kPermissionDenied,
                      "the URL is not on the webhook allow-list (workflows.webhook_allow)")
                    .With("field", "url")
                    .With("url", std::string(url.substr(0, 200))));
  }
  std::unique_ptr<CURL, CurlDeleter> curl(curl_easy_init());
  if (!curl) return Fail(ErrorCode::kInternal, "cannot start an HTTP client");
  std::unique_ptr<curl_slist, SlistDeleter> headers(
      curl_slist_append(nullptr, "Content-Type: application/json"));
  const std::string target(url);
  std::string body;
  CURL* c = curl.get();
  curl_easy_setopt(c, CURLOPT_URL, target.c_str());
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(c, CURLOPT_POSTFIELDS, json.data());
  curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(json.size()));
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS,
                   static_cast<long>(std::clamp<int64_t>(timeout_ms, 1, 3'600'000)));
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, 5000L);
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, Collect);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &body);
  curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, Progress);
  curl_easy_setopt(c, CURLOPT_XFERINFODATA, &cancelled);
  const CURLcode rc = curl_easy_perform(c);
  if (rc == CURLE_ABORTED_BY_CALLBACK)
    return Fail(ErrorCode::kCancelled, "the webhook call was abandoned: the run was cancelled");
  if (rc == CURLE_OPERATION_TIMEDOUT)
    return Fail(ErrorCode::kTimeout, "the webhook did not answer in time");
  if (rc != CURLE_OK) {
    return Fail(ErrorCode::kUnavailable,
                std::string("the webhook could not be reached: ") + curl_easy_strerror(rc));
  }
  long status = 0;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
  if (status >= 400) {
    return Fail(
        Error(ErrorCode::kUnavailable, "the webhook answered HTTP " + std::to_string(status))
            .With("status", std::to_string(status)));
  }
  return WebhookReply{.status = static_cast<int>(status), .body = std::move(body)};
}

}  // namespace sagaz::internal
