// Workflows and agents on the wire (routes_workflows.cpp, cmd_workflows.cpp).
#pragma once

#include "agents/agents.hpp"
#include "wire/json.hpp"
#include "workflows/workflows.hpp"

namespace sagaz::wire {

// {"id", "name", "description", "owner", "version", "created_at", "updated_at", "definition"}
Json ToJson(const workflows::Workflow& workflow);
// {"id", "workflow_id", "workflow", "version", "status", "vars", "trigger", "user", "job_id",
//  "rerun_of"?, "from_step"?, "error"?, "created_at", "started_at"?, "finished_at"?, "ms"?,
//  "steps": [{"id", "kind", "status", "attempts", "started_at"?, "finished_at"?, "ms"?,
//             "output"?, "artifact"?: {"path", "bytes"}, "error"?: {"code", "message"}, "note"?}]}
// `with_steps` false leaves the steps out (lists).
Json ToJson(const workflows::Run& run, bool with_steps = true);
// POST /api/v1/workflows/{id}/runs: {"vars"?: {...}, "rerun_of"?, "from_step"?}.
Result<workflows::RunOptions> ParseWorkflowRunRequest(const Json& body);
// The step kinds with their JSON Schemas: [{"name", "description", "permission", "schema"}].
Json StepKindsJson(const workflows::StepRegistry& registry);

// POST/PUT /api/v1/agents: {"name", "description"?, "instructions"?, "model"?, "tools"?: [...],
// "max_steps"?, "max_tokens"?, "timeout_ms"?, "role"?, "forecast_dataset"?}.
Result<agents::AgentSpec> ParseAgentSpec(const Json& body);
Json ToJson(const agents::Agent& agent);
Json ToJson(const agents::TraceStep& step);
// {"agent", "answer", "engine", "stopped", "error"?, "tokens", "ms", "trace": {"steps": [...]}}
Json ToJson(const agents::AgentResult& result);
// POST /api/v1/agents/{name}/runs: {"input"}.
Result<std::string> ParseAgentRunRequest(const Json& body);

}  // namespace sagaz::wire
