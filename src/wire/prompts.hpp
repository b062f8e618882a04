// JSON shapes of the prompt studio: prompts and versions, rendered prompts, runs, test cases and
// test reports, and the typed requests read from bodies.
#pragma once

#include "prompts/prompts.hpp"
#include "wire/json.hpp"

namespace sagaz::wire {

// {"number", "system", "template", "variables": [{"name", "type", "description"}], "model",
//  "temperature", "max_tokens", "json", "note", "author", "created_at"}
Json ToJson(const prompts::Version& version);
// {"id", "name", "description", "owner", "versions", "created_at", "updated_at",
//  "version": {...the latest version...}}
Json ToJson(const prompts::Prompt& prompt);
// {"version", "system", "user"}
Json ToJson(const prompts::Rendered& rendered);
// {"id", "prompt_id", "version", "test_id", "model", "variables", "system", "user", "output",
//  "status", "error", "checks": [{"kind", "value", "passed", "detail"}], "passed", "latency_ms",
//  "first_token_ms", "prompt_tokens", "completion_tokens", "user", "created_at"}
Json ToJson(const prompts::PromptRun& run);
// {"id", "prompt_id", "name", "variables", "expect": [{"kind", "value"}], "created_at"}
Json ToJson(const prompts::TestCase& test);
// {"prompt_id", "version", "model", "cases", "passed", "failed", "runs": [...]}
Json ToJson(const prompts::TestReport& report);

// POST /api/v1/prompts and PUT /api/v1/prompts/{id}: {"name", "template", "system"?,
// "description"?, "variables"?: [{"name", "type"?, "description"?}], "model"?, "temperature"?,
// "max_tokens"?, "json"?, "note"?}.
Result<prompts::PromptSpec> ParsePromptSpec(const Json& body);
// {"name": value, ...}: strings, integers, numbers and booleans.
Result<prompts::Values> ParsePromptValues(const Json& values);
// POST /api/v1/prompts/{id}/runs: {"variables"?, "version"?, "model"?}; /render takes no model.
Result<prompts::RunRequest> ParsePromptRun(const Json& body, bool allow_model = true);
// POST /api/v1/prompts/{id}/tests: {"name", "variables"?, "expect"?: [{"kind", "value"?}]}.
Result<prompts::NewTestCase> ParsePromptTest(const Json& body);
// POST /api/v1/prompts/{id}/tests/run: {"version"?, "model"?}.
Result<prompts::TestRunRequest> ParsePromptTestRun(const Json& body);

}  // namespace sagaz::wire
