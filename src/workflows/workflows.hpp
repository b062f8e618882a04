// The workflow service: versioned definitions and durable runs.
//
//   auto service = SAGAZ_TRY(WorkflowService::Open(pool, registry, data_dir, config.workflows));
//   auto wf = SAGAZ_TRY(service->Create("ana", doc));             // version 1
//   auto run = SAGAZ_TRY(service->CreateRun(wf.id, vars, caller, "api"));
//   // the "workflow.run" job (app/internal/workflow_job.cpp) then calls
//   SAGAZ_TRY(service->Execute(run.id, cancelled));
//
// Every save of a definition is a new version; a run keeps the version it started with. Every step
// state change of a run is written at once, so a run whose process died resumes after its last
// finished step (Execute again). Outputs larger than workflows.artifact_kb are files under
// data/workflows/runs/<run>/ (artifacts). Thread-safe.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/config.hpp"
#include "core/error.hpp"
#include "workflows/definition.hpp"
#include "workflows/engine.hpp"
#include "workflows/steps.hpp"

namespace sagaz::db {
class ConnectionPool;
}

namespace sagaz::workflows {

struct Workflow {
  std::string id;  // "wf_" + 16 hex digits
  std::string owner;
  int version = 0;
  int64_t created_ms = 0;
  int64_t updated_ms = 0;
  Definition definition;
};

struct StepRecord {
  StepState state;
  std::string artifact;      // path under the data directory when the output is a file
  int64_t output_bytes = 0;  // size of the output JSON
};

struct Run {
  std::string id;  // "run_" + 16 hex digits
  std::string workflow_id;
  std::string workflow_name;
  int version = 0;
  RunStatus status = RunStatus::kQueued;
  std::string vars;     // JSON object: the definition's defaults with the run's overrides
  std::string trigger;  // "api", "cli", "schedule", "rerun"
  Caller caller;
  std::string job_id;
  std::string rerun_of;  // the run this one re-runs, from `from_step`
  std::string from_step;
  std::string error;
  int64_t created_ms = 0;
  int64_t started_ms = 0;
  int64_t finished_ms = 0;
  std::vector<StepRecord> steps;  // definition order
};

struct RunOptions {
  std::string vars = "{}";  // JSON object of overrides; names must be declared in vars
  std::string trigger = "api";
  std::string rerun_of;   // a run of the same workflow to take finished steps from
  std::string from_step;  // with rerun_of: this step and those after it run again
};

class WorkflowService {
 public:
  static Result<std::unique_ptr<WorkflowService>> Open(db::ConnectionPool& pool,
                                                       const StepRegistry& registry,
                                                       std::filesystem::path data_dir,
                                                       WorkflowsConfig config);
  ~WorkflowService();

  const StepRegistry& registry() const { return registry_; }

  // Definitions. `doc` is the definition document (definition.hpp); errors point at the step and
  // field. A name is unique (kAlreadyExists).
  Result<Workflow> Create(std::string_view owner, const Json& doc);
  // Creates or, when the stored definition differs, adds a version (shipped examples).
  Result<Workflow> Declare(std::string_view owner, const Json& doc);
  Result<Workflow> Update(std::string_view author, std::string_view id_or_name, const Json& doc);
  Result<Workflow> Get(std::string_view id_or_name);
  Result<Workflow> GetVersion(std::string_view id_or_name, int version);
  Result<std::vector<Workflow>> List();
  // Removes a workflow with its versions and runs (and their artifacts).
  Status Delete(std::string_view id_or_name);

  // Runs. CreateRun records a queued run (the caller submits the job that executes it).
  Result<Run> CreateRun(std::string_view id_or_name, const RunOptions& options,
                        const Caller& caller);
  Status SetJob(std::string_view run_id, std::string_view job_id);
  // Executes a queued or interrupted run to its end. Returns the run as it finished.
  Result<Run> Execute(std::string_view run_id, const std::function<bool()>& cancelled,
                      const std::function<void(double, std::string_view)>& progress = {});
  // Marks a run cancelled if it has not finished (a cancelled job never ran it).
  Status MarkCancelled(std::string_view run_id, std::string_view why);
  // Puts a run stopped by its worker's shutdown (not by a cancel request) back to queued, so that
  // the job's next attempt resumes it.
  Status Requeue(std::string_view run_id);
  Result<Run> GetRun(std::string_view run_id);
  Result<std::vector<Run>> Runs(std::string_view workflow_id_or_name, size_t limit);
  // The full output of a step (read from its artifact when it has one).
  Result<std::string> StepOutput(std::string_view run_id, std::string_view step_id);

 private:
  WorkflowService(db::ConnectionPool& pool, const StepRegistry& registry,
                  std::filesystem::path data_dir, WorkflowsConfig config);
  Result<Workflow> Save(std::string_view author, const Json& doc, std::optional<Workflow> existing);
  Status WriteStep(std::string_view run_id, const StepState& state);

  db::ConnectionPool& pool_;
  const StepRegistry& registry_;
  std::filesystem::path data_dir_;
  WorkflowsConfig config_;
  std::mutex write_mu_;  // DuckDB updates of one table are serialised (see prompts' store)
};

}  // namespace sagaz::workflows
