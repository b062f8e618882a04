// Webhook URLs (reports, alerts, workflow steps) against the allow-list: any bytes (first line the
// URL, the rest allow-list entries) are checked. A URL may be refused, never crash; an accepted one
// is an http(s) URL without spaces, backslashes or user info that starts with an entry; a URL
// admitted to loopback is one an entry admits. Seeds: the unit test's table.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "webhooks/webhooks.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 4096) return 0;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  const size_t nl = text.find('\n');
  const std::string_view url = text.substr(0, nl);
  std::vector<std::string> allow;
  for (size_t at = nl; at != std::string_view::npos && at < text.size();) {
    const size_t next = text.find('\n', at + 1);
    allow.emplace_back(text.substr(at + 1, next == std::string_view::npos ? next : next - at - 1));
    at = next;
  }
  const auto ok = sagaz::webhooks::CheckUrl(url, allow);
  if (ok) {
    if (!url.starts_with("http://") && !url.starts_with("https://")) std::abort();
    for (char c : url) {
      if (static_cast<unsigned char>(c) <= ' ' || c == '\\') std::abort();
    }
    bool prefixed = false;
    for (const auto& e : allow) prefixed = prefixed || (!e.empty() && url.starts_with(e));
    if (!prefixed) std::abort();
  }
  if (sagaz::webhooks::AllowsLocal(url, allow) && allow.empty()) std::abort();
  return 0;
}
