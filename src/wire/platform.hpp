// Wire shapes of the platform: users and tokens, API keys, jobs, usage analytics.
#pragma once

#include "auth/auth.hpp"
#include "jobs/jobs.hpp"
#include "observability/usage.hpp"
#include "wire/json.hpp"

namespace sagaz::wire {

Json ToJson(const auth::User& user);
Json ToJson(const auth::Tokens& tokens);
Json ToJson(const auth::Identity& identity);
Json ToJson(const auth::ApiKeyInfo& key);
Json ToJson(const auth::NewApiKey& key);
// {"id", "kind", "status", "progress", ...}; the payload stays internal.
Json ToJson(const jobs::Job& job);
Json ToJson(const std::vector<observability::UsageRow>& rows,
            const observability::DateRange& range);
Json ToJson(const observability::Performance& performance, const observability::DateRange& range);

// {"name", "scopes": [...], "ttl_s"} → a key request for `owner`.
Result<auth::NewApiKeyRequest> ParseApiKeyRequest(const Json& body, std::string owner);

}  // namespace sagaz::wire
