// Webhook calls of workflow steps: a JSON POST to a URL on the configured allow-list only.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace sagaz::internal {

struct WebhookReply {
  int status = 0;
  std::string body;  // at most 1 MiB is kept
};

// Whether `url` (http or https, no user info) starts with one of `allow` at a path boundary.
bool WebhookAllowed(const std::vector<std::string>& allow, std::string_view url);

// POSTs `json` to `url` when WebhookAllowed (kPermissionDenied otherwise, naming the setting);
// redirects are not followed. A status of 400 or more is kUnavailable with the status. The call
// is abandoned (kCancelled) soon after `cancelled` turns true.
Result<WebhookReply> PostWebhook(const std::vector<std::string>& allow, std::string_view url,
                                 std::string_view json, int64_t timeout_ms,
                                 const std::function<bool()>& cancelled = {});

}  // namespace sagaz::internal
