// Outgoing webhooks: the one allow-list of URLs (webhooks.allow), the one POST helper, and the
// HMAC-SHA256 signature of every body (webhooks.secret). Reports, alerts and workflow steps post
// through a Sender; nothing else in Sagaz opens an outgoing HTTP connection to a user's URL.
//
//   webhooks::Sender sender(config.webhooks);
//   SAGAZ_TRY(sender.Check(url));  // when a schedule or workflow is saved: a clear 403 early
//   auto reply = SAGAZ_TRY(sender.PostJson(url, R"({"ok":true})", {.timeout_ms = 5000}));
//
// The allow-list (CheckUrl): an http(s) URL of at most 2000 characters, without spaces, control
// characters, backslashes, user info ("user@host") or "." / ".." path segments (plain or
// %2e-encoded), that starts with an entry of the list at a boundary: the entry ends with "/", or
// the URL goes on with "/", "?" or "#" or ends there ("https://h/a" allows "https://h/a/b" and
// "https://h/a?x", never "https://h/ab" or "https://h.evil"). When the connection is made, its
// address is checked too: a loopback, link-local or unspecified address (127.0.0.0/8, ::1,
// 169.254.0.0/16, fe80::/10, 0.0.0.0, ::) is reached only when the matching entry names a loopback
// host itself ("localhost", "127.0.0.1", "[::1]"), so a listed name that resolves to the machine
// itself (or to a cloud metadata address) is refused. Proxies from the environment are not used.
//
// Signing: with a secret, every POST carries
//   X-Sagaz-Timestamp: <seconds since the epoch>
//   X-Sagaz-Delivery:  <32 hex digits, unique per POST>
//   X-Sagaz-Signature: sha256=<hex HMAC-SHA256(secret, "<timestamp>.<raw body bytes>")>
// A receiver recomputes the HMAC over the raw body it received (before parsing), compares in
// constant time, refuses timestamps older than a few minutes and delivery ids seen before
// (docs/user-guide.md shows a receiver). Multipart bodies are encoded here, not by libcurl, so the
// bytes signed are the bytes sent: files are read twice (to sign, then to send) and never held in
// memory.
//
// Redirects are not followed; a status outside 2xx is kUnavailable (with the status and the start
// of the answer), a transport failure kUnavailable, a timeout kTimeout, a cancellation kCancelled.
//
// Thread-safe: a Sender is immutable after construction.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/config.hpp"
#include "core/error.hpp"

namespace sagaz::webhooks {

// Whether `url` may be posted to under `allow` (see the header comment; the connection-time
// address check is in Sender). kInvalidArgument for a malformed URL, kPermissionDenied for one not
// on the list; both name `field` in the details.
Status CheckUrl(std::string_view url, const std::vector<std::string>& allow,
                std::string_view field = "url");

// Whether the allow entry that admits `url` names a loopback host ("localhost", 127.x, [::1]):
// only then may the connection go to a loopback or link-local address. False when none admits it.
bool AllowsLocal(std::string_view url, const std::vector<std::string>& allow);

// The signature headers' value: "sha256=" + hex HMAC-SHA256(secret, timestamp "." body).
std::string Sign(std::string_view secret, int64_t timestamp, std::string_view body);

// One part of a multipart/form-data body: `bytes`, then the contents of `file` when set.
struct Part {
  std::string name;      // the form field
  std::string filename;  // empty: none
  std::string content_type;
  std::string bytes;
  std::filesystem::path file;
};

struct PostOptions {
  int64_t timeout_ms = 10'000;      // the whole call, clamped to [1 ms, 1 h]
  std::function<bool()> cancelled;  // polled about once a second; true abandons the call
  std::string user_agent = "sagaz-webhooks";
};

struct Reply {
  int status = 0;
  std::string body;  // at most 1 MiB is kept
};

class Sender {
 public:
  explicit Sender(WebhooksConfig config) : config_(std::move(config)) {}

  // CheckUrl against webhooks.allow.
  Status Check(std::string_view url, std::string_view field = "url") const;
  // POSTs `json` as application/json.
  Result<Reply> PostJson(std::string_view url, std::string_view json,
                         const PostOptions& options) const;
  // POSTs the parts as multipart/form-data; files are streamed from disk.
  Result<Reply> PostMultipart(std::string_view url, const std::vector<Part>& parts,
                              const PostOptions& options) const;

 private:
  WebhooksConfig config_;
};

}  // namespace sagaz::webhooks
