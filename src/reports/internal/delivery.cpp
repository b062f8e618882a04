#include "reports/internal/delivery.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <iterator>
#include <memory>
#include <mutex>

#include "core/strings.hpp"

namespace sagaz::reports::internal {

namespace {

struct CurlDeleter {
  void operator()(CURL* c) const { curl_easy_cleanup(c); }
};
struct MimeDeleter {
  void operator()(curl_mime* m) const { curl_mime_free(m); }
};
struct SlistDeleter {
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};

// Keeps at most a little of what the webhook answers (for error messages).
size_t KeepSome(char* data, size_t size, size_t count, void* user) {
  try {
    auto* body = static_cast<std::string*>(user);
    if (body->size() < 512) body->append(data, std::min(size * count, 512 - body->size()));
  } catch (...) {  // a C callback: nothing unwinds through curl
  }
  return size * count;
}

Error Invalid(std::string field, std::string message) {
  return Error(ErrorCode::kInvalidArgument, std::move(message)).With("field", std::move(field));
}

}  // namespace

Status CheckFolder(std::string_view name) {
  const bool ok =
      !name.empty() && name.size() <= 64 && name.front() != '.' &&
      std::all_of(name.begin(), name.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-';
      });
  if (ok) return Ok();
  return Fail(Invalid("delivery.folder",
                      "a folder name has 1 to 64 letters, digits, '.', '_' or '-' and does not "
                      "start with '.'"));
}

Status CheckWebhook(std::string_view url, const std::vector<std::string>& allow) {
  if (!url.starts_with("http://") && !url.starts_with("https://")) {
    return Fail(Invalid("delivery.webhook", "a webhook is an http:// or https:// URL"));
  }
  if (url.size() > 2000 || std::any_of(url.begin(), url.end(), [](char c) {
        return static_cast<unsigned char>(c) <= 0x20 || c == 0x7f;
      })) {
    return Fail(Invalid("delivery.webhook", "the webhook URL has spaces or control characters"));
  }
  for (const auto& entry : allow) {
    if (entry.empty() || !url.starts_with(entry)) continue;
    const std::string_view rest = url.substr(entry.size());
    if (entry.back() == '/' || rest.empty() || rest.front() == '/' || rest.front() == '?') {
      return Ok();
    }
  }
  return Fail(Error(ErrorCode::kPermissionDenied,
                    allow.empty() ? "webhooks are off: list the URLs reports may be sent to in "
                                    "reports.webhook_allow"
                                  : "the webhook URL is not on reports.webhook_allow")
                  .With("field", "delivery.webhook"));
}

std::string PathComponent(std::string_view name) {
  std::string out;
  for (char c : name) {
    out +=
        std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.' ? c : '_';
  }
  while (!out.empty() && out.front() == '.') out.erase(out.begin());
  return out.empty() ? "report" : out.substr(0, 100);
}

Result<std::vector<DeliveredFile>> DeliverToFolder(std::vector<Artifact>& artifacts,
                                                   const std::filesystem::path& dir,
                                                   const std::filesystem::path& data_dir,
                                                   std::string_view stamp) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return Fail(ErrorCode::kIo, "cannot create " + dir.string() + ": " + ec.message());
  std::vector<DeliveredFile> out;
  for (auto& a : artifacts) {
    const fs::path target = dir / (std::string(stamp) + "-" + a.name);
    const fs::path part = target.string() + ".part";
    if (a.file) {
      // The BOM (CSV for spreadsheets) first, then the exporter's file.
      std::ofstream o(part, std::ios::binary | std::ios::trunc);
      o << a.file->prefix();
      std::ifstream in(a.file->path(), std::ios::binary);
      o << in.rdbuf();
      if (!o.flush()) return Fail(ErrorCode::kIo, "cannot write " + target.string());
    } else {
      std::ofstream o(part, std::ios::binary | std::ios::trunc);
      o.write(a.bytes.data(), static_cast<std::streamsize>(a.bytes.size()));
      if (!o.flush()) return Fail(ErrorCode::kIo, "cannot write " + target.string());
    }
    // Readers of the folder never see a half-written file.
    fs::rename(part, target, ec);
    if (ec) return Fail(ErrorCode::kIo, "cannot write " + target.string() + ": " + ec.message());
    out.push_back({target.filename().string(), a.content_type, a.size(),
                   fs::relative(target, data_dir, ec).string()});
  }
  return out;
}

Result<int> PostToWebhook(const std::string& url, const std::string& meta,
                          const std::vector<Artifact>& artifacts, int64_t timeout_ms) {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  std::unique_ptr<CURL, CurlDeleter> curl(curl_easy_init());
  if (!curl) return Fail(ErrorCode::kInternal, "cannot create a curl handle");
  CURL* c = curl.get();
  std::unique_ptr<curl_mime, MimeDeleter> mime(curl_mime_init(c));
  curl_mimepart* part = curl_mime_addpart(mime.get());
  curl_mime_name(part, "meta");
  curl_mime_data(part, meta.data(), meta.size());
  curl_mime_type(part, "application/json");
  for (const auto& a : artifacts) {
    part = curl_mime_addpart(mime.get());
    curl_mime_name(part, "file");
    if (a.file && a.file->prefix().empty()) {
      curl_mime_filedata(part, a.file->path().c_str());  // streamed from disk
    } else if (a.file) {
      std::ifstream in(a.file->path(), std::ios::binary);
      std::string bytes(a.file->prefix());
      bytes.append(std::istreambuf_iterator<char>(in), {});
      curl_mime_data(part, bytes.data(), bytes.size());  // copied by curl
    } else {
      curl_mime_data(part, a.bytes.data(), a.bytes.size());
    }
    curl_mime_filename(part, a.name.c_str());
    curl_mime_type(part, a.content_type.c_str());
  }
  std::unique_ptr<curl_slist, SlistDeleter> headers(
      curl_slist_append(nullptr, "User-Agent: sagaz-reports"));
  std::string body;
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_MIMEPOST, mime.get());
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, &KeepSome);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &body);
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(timeout_ms));
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
  const CURLcode rc = curl_easy_perform(c);
  if (rc != CURLE_OK) {
    return Fail(Error(ErrorCode::kUnavailable,
                      std::string("cannot deliver to the webhook: ") + curl_easy_strerror(rc))
                    .With("url", url));
  }
  long status = 0;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
  if (status < 200 || status >= 300) {
    return Fail(
        Error(ErrorCode::kUnavailable, "the webhook answered HTTP " + std::to_string(status))
            .With("url", url)
            .With("body", SanitizeUtf8(body)));
  }
  return static_cast<int>(status);
}

}  // namespace sagaz::reports::internal
