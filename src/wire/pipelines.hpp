// JSON shapes of the pipelines API (and `sagaz pipelines ... --json`), and the run request.
#pragma once

#include "pipelines/pipelines.hpp"
#include "wire/json.hpp"

namespace sagaz::wire {

Json ToJson(const pipelines::NodeReport& node);
Json ToJson(const pipelines::RunReport& run);
Json ToJson(const pipelines::PipelineSummary& summary);
Json ToJson(const pipelines::Pipeline& pipeline);
// {"pipeline", "nodes": [...], "edges": [{"from", "to"}]}
Json ToJson(const pipelines::Lineage& lineage);

// POST /api/v1/pipelines/{name}/runs: {"full_refresh"?: bool, "from"?: "NODE", "resume"?: "RUN_ID"
// | "last"} (an empty body is an empty object). Also the payload of "pipeline" jobs, with
// "pipeline".
Result<pipelines::RunRequest> ParseRunRequest(const Json& body, std::string_view pipeline);
Json RunPayload(const pipelines::RunRequest& request);

}  // namespace sagaz::wire
