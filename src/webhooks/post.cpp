// Sending webhooks: the body (JSON, or multipart encoded here so that the signed bytes are the
// sent bytes), its signature, and one libcurl POST (webhooks/webhooks.hpp).
#include <arpa/inet.h>
#include <curl/curl.h>
#include <netinet/in.h>
#include <sodium.h>
#include <sys/socket.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <fstream>
#include <memory>
#include <mutex>
#include <optional>

#include "core/ids.hpp"
#include "core/strings.hpp"
#include "webhooks/webhooks.hpp"

namespace sagaz::webhooks {

namespace {

struct CurlDeleter {
  void operator()(CURL* c) const { curl_easy_cleanup(c); }
};
struct SlistDeleter {
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};

// A body as a sequence of segments: bytes held in memory or a file's contents.
class Body {
 public:
  void Add(std::string text) { segments_.push_back({std::move(text), {}, 0}); }
  Status AddFile(const std::filesystem::path& file) {
    std::error_code ec;
    const uint64_t size = std::filesystem::file_size(file, ec);
    if (ec) return Fail(ErrorCode::kIo, "cannot read " + file.string() + ": " + ec.message());
    segments_.push_back({{}, file, size});
    return Ok();
  }

  uint64_t size() const {
    uint64_t total = 0;
    for (const auto& s : segments_) total += s.file.empty() ? s.text.size() : s.file_size;
    return total;
  }

  // "sha256=<hex HMAC-SHA256(secret, timestamp "." body)>", reading the files once.
  Result<std::string> Signature(std::string_view secret, int64_t timestamp) const {
    crypto_auth_hmacsha256_state state;
    crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(secret.data()),
                                secret.size());
    auto update = [&state](const char* data, size_t n) {
      crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(data), n);
    };
    const std::string prefix = std::to_string(timestamp) + ".";
    update(prefix.data(), prefix.size());
    std::vector<char> buffer(1 << 16);
    for (const auto& s : segments_) {
      if (s.file.empty()) {
        update(s.text.data(), s.text.size());
        continue;
      }
      std::ifstream in(s.file, std::ios::binary);
      uint64_t left = s.file_size;
      while (left > 0 && in) {
        in.read(buffer.data(),
                static_cast<std::streamsize>(std::min<uint64_t>(left, buffer.size())));
        const auto got = static_cast<size_t>(in.gcount());
        if (got == 0) break;
        update(buffer.data(), got);
        left -= got;
      }
      if (left != 0) return Fail(ErrorCode::kIo, "cannot read " + s.file.string());
    }
    std::array<unsigned char, crypto_auth_hmacsha256_BYTES> mac{};
    crypto_auth_hmacsha256_final(&state, mac.data());
    std::array<char, crypto_auth_hmacsha256_BYTES * 2 + 1> hex{};
    sodium_bin2hex(hex.data(), hex.size(), mac.data(), mac.size());
    return "sha256=" + std::string(hex.data());
  }

  // libcurl's read callback: the segments in order. Never throws (a C callback).
  static size_t Read(char* out, size_t size, size_t count, void* user) {
    auto* body = static_cast<Body*>(user);
    try {
      return body->ReadSome(out, size * count);
    } catch (...) {
      return CURL_READFUNC_ABORT;
    }
  }

 private:
  struct Segment {
    std::string text;
    std::filesystem::path file;
    uint64_t file_size = 0;
  };

  size_t ReadSome(char* out, size_t capacity) {
    size_t written = 0;
    while (written < capacity && current_ < segments_.size()) {
      const Segment& s = segments_[current_];
      if (s.file.empty()) {
        const size_t n = std::min(capacity - written, s.text.size() - offset_);
        std::memcpy(out + written, s.text.data() + offset_, n);
        written += n;
        offset_ += n;
        if (offset_ == s.text.size()) Next();
        continue;
      }
      if (!file_) file_.emplace(s.file, std::ios::binary);
      const uint64_t left = s.file_size - offset_;
      file_->read(out + written,
                  static_cast<std::streamsize>(std::min<uint64_t>(left, capacity - written)));
      const auto got = static_cast<size_t>(file_->gcount());
      if (got == 0 && left > 0) return CURL_READFUNC_ABORT;  // the file shrank
      written += got;
      offset_ += got;
      if (offset_ == s.file_size) Next();
    }
    return written;
  }
  void Next() {
    ++current_;
    offset_ = 0;
    file_.reset();
  }

  std::vector<Segment> segments_;
  size_t current_ = 0;
  uint64_t offset_ = 0;
  std::optional<std::ifstream> file_;
};

// A quoted-string parameter of Content-Disposition: quotes, backslashes and line breaks replaced.
std::string Quoted(std::string_view text) {
  std::string out = "\"";
  for (char c : text) out += (c == '"' || c == '\\' || c == '\r' || c == '\n') ? '_' : c;
  return out + "\"";
}

Result<Body> Multipart(const std::vector<Part>& parts, const std::string& boundary) {
  Body body;
  for (const auto& p : parts) {
    std::string head =
        "--" + boundary + "\r\nContent-Disposition: form-data; name=" + Quoted(p.name);
    if (!p.filename.empty()) head += "; filename=" + Quoted(p.filename);
    head += "\r\nContent-Type: " +
            (p.content_type.empty() ? "application/octet-stream" : p.content_type) + "\r\n\r\n" +
            p.bytes;
    body.Add(std::move(head));
    if (!p.file.empty()) SAGAZ_TRY(body.AddFile(p.file));
    body.Add("\r\n");
  }
  body.Add("--" + boundary + "--\r\n");
  return body;
}

size_t Collect(char* data, size_t size, size_t n, void* user) {
  try {
    auto* out = static_cast<std::string*>(user);
    const size_t bytes = size * n;
    if (out->size() < (1u << 20)) out->append(data, std::min(bytes, (1u << 20) - out->size()));
    return bytes;
  } catch (...) {  // a C callback: nothing unwinds through curl
    return 0;
  }
}

// libcurl calls this about once a second (and on every transfer): non-zero aborts the transfer.
int Progress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  const auto* cancelled = static_cast<const std::function<bool()>*>(user);
  try {
    return (*cancelled && (*cancelled)()) ? 1 : 0;
  } catch (...) {
    return 1;
  }
}

bool LocalAddress(const sockaddr* addr) {
  if (addr->sa_family == AF_INET) {
    const uint32_t a = ntohl(reinterpret_cast<const sockaddr_in*>(addr)->sin_addr.s_addr);
    return (a >> 24) == 127 || (a >> 24) == 0 || (a >> 16) == 0xA9FE;  // 127/8, 0/8, 169.254/16
  }
  if (addr->sa_family == AF_INET6) {
    const in6_addr& a = reinterpret_cast<const sockaddr_in6*>(addr)->sin6_addr;
    if (IN6_IS_ADDR_LOOPBACK(&a) || IN6_IS_ADDR_UNSPECIFIED(&a) || IN6_IS_ADDR_LINKLOCAL(&a)) {
      return true;
    }
    if (IN6_IS_ADDR_V4MAPPED(&a)) {
      sockaddr_in v4{};
      v4.sin_family = AF_INET;
      std::memcpy(&v4.sin_addr, a.s6_addr + 12, 4);
      return LocalAddress(reinterpret_cast<const sockaddr*>(&v4));
    }
  }
  return false;
}

// Opens each socket libcurl asks for, unless it would reach a local address not allowed.
struct SocketGate {
  bool allow_local = false;
  bool refused = false;
};
curl_socket_t OpenSocket(void* user, curlsocktype, curl_sockaddr* address) {
  auto* gate = static_cast<SocketGate*>(user);
  if (!gate->allow_local && LocalAddress(&address->addr)) {
    gate->refused = true;
    return CURL_SOCKET_BAD;
  }
  return socket(address->family, address->socktype, address->protocol);
}

Result<Reply> Send(const WebhooksConfig& config, std::string_view url, Body body,
                   std::string_view content_type, const PostOptions& options) {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  std::unique_ptr<CURL, CurlDeleter> curl(curl_easy_init());
  if (!curl) return Fail(ErrorCode::kInternal, "cannot start an HTTP client");
  CURL* c = curl.get();
  std::vector<std::string> lines = {"Content-Type: " + std::string(content_type),
                                    "User-Agent: " + options.user_agent, "Expect:"};
  if (!config.secret.empty()) {
    const int64_t now = NowMs() / 1000;
    lines.push_back("X-Sagaz-Timestamp: " + std::to_string(now));
    lines.push_back("X-Sagaz-Delivery: " + RandomHex(16));
    lines.push_back("X-Sagaz-Signature: " + SAGAZ_TRY(body.Signature(config.secret, now)));
  }
  curl_slist* list = nullptr;
  for (const auto& line : lines) list = curl_slist_append(list, line.c_str());
  std::unique_ptr<curl_slist, SlistDeleter> headers(list);

  const std::string target(url);
  SocketGate gate{.allow_local = AllowsLocal(url, config.allow)};
  std::string answer;
  curl_easy_setopt(c, CURLOPT_URL, target.c_str());
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(c, CURLOPT_NOPROXY, "*");
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(c, CURLOPT_POST, 1L);
  curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
  curl_easy_setopt(c, CURLOPT_READFUNCTION, &Body::Read);
  curl_easy_setopt(c, CURLOPT_READDATA, &body);
  curl_easy_setopt(c, CURLOPT_OPENSOCKETFUNCTION, &OpenSocket);
  curl_easy_setopt(c, CURLOPT_OPENSOCKETDATA, &gate);
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS,
                   static_cast<long>(std::clamp<int64_t>(options.timeout_ms, 1, 3'600'000)));
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, 5000L);
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, &Collect);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &answer);
  curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, &Progress);
  curl_easy_setopt(c, CURLOPT_XFERINFODATA, &options.cancelled);
  const CURLcode rc = curl_easy_perform(c);
  if (gate.refused) {
    return Fail(Error(ErrorCode::kPermissionDenied,
                      "the webhook's host resolves to a loopback or link-local address; list the "
                      "address itself in webhooks.allow to post there")
                    .With("url", target.substr(0, 200)));
  }
  if (rc == CURLE_ABORTED_BY_CALLBACK) {
    return Fail(ErrorCode::kCancelled, "the webhook call was abandoned: the run was cancelled");
  }
  if (rc == CURLE_OPERATION_TIMEDOUT) {
    return Fail(Error(ErrorCode::kTimeout, "the webhook did not answer in time")
                    .With("url", target.substr(0, 200)));
  }
  if (rc != CURLE_OK) {
    return Fail(Error(ErrorCode::kUnavailable,
                      std::string("the webhook could not be reached: ") + curl_easy_strerror(rc))
                    .With("url", target.substr(0, 200)));
  }
  long status = 0;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
  if (status < 200 || status >= 300) {
    return Fail(
        Error(ErrorCode::kUnavailable, "the webhook answered HTTP " + std::to_string(status))
            .With("status", std::to_string(status))
            .With("url", target.substr(0, 200))
            .With("body", SanitizeUtf8(answer.substr(0, 512))));
  }
  return Reply{.status = static_cast<int>(status), .body = std::move(answer)};
}

}  // namespace

std::string Sign(std::string_view secret, int64_t timestamp, std::string_view body) {
  Body b;
  b.Add(std::string(body));
  return *b.Signature(secret, timestamp);  // no file: cannot fail
}

Status Sender::Check(std::string_view url, std::string_view field) const {
  return CheckUrl(url, config_.allow, field);
}

Result<Reply> Sender::PostJson(std::string_view url, std::string_view json,
                               const PostOptions& options) const {
  SAGAZ_TRY(Check(url));
  Body body;
  body.Add(std::string(json));
  return Send(config_, url, std::move(body), "application/json", options);
}

Result<Reply> Sender::PostMultipart(std::string_view url, const std::vector<Part>& parts,
                                    const PostOptions& options) const {
  SAGAZ_TRY(Check(url));
  const std::string boundary = "sagaz-" + RandomHex(16);
  auto body = SAGAZ_TRY(Multipart(parts, boundary));
  return Send(config_, url, std::move(body), "multipart/form-data; boundary=" + boundary, options);
}

}  // namespace sagaz::webhooks
