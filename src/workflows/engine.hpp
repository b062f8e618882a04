// Runs the steps of one workflow run: in dependency order, independent steps side by side, each
// with its `when`, `foreach`, retries and timeout. The engine keeps no state of its own: the caller
// passes the states a previous attempt left (succeeded and skipped steps are kept, so a resumed
// run starts after its last finished step) and is told of every change (to persist it).
//
// Timeouts are cooperative: a step past its deadline sees StepContext::Cancelled() and the
// services it calls get the remaining time as their own limit; an attempt that returns after its
// deadline is a kTimeout failure whatever it returned.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "workflows/definition.hpp"
#include "workflows/steps.hpp"

namespace sagaz::workflows {

enum class StepStatus { kPending, kRunning, kSucceeded, kFailed, kSkipped, kCancelled };
std::string_view ToString(StepStatus status);
Result<StepStatus> ParseStepStatus(std::string_view text);

struct StepState {
  std::string id;
  std::string kind;
  StepStatus status = StepStatus::kPending;
  int attempts = 0;
  int64_t started_ms = 0;
  int64_t finished_ms = 0;
  std::string output;  // JSON text once succeeded ("null" when skipped)
  std::string error_code;
  std::string error;
  std::string note;  // why a step was skipped or cancelled
};

struct EngineOptions {
  int parallelism = 2;             // steps running at once
  int64_t default_timeout_ms = 0;  // per attempt when the step sets none; 0: none
  int64_t retry_backoff_ms = 500;  // wait before the first retry; doubles each time
};

enum class RunStatus { kQueued, kRunning, kSucceeded, kFailed, kCancelled };
std::string_view ToString(RunStatus status);
Result<RunStatus> ParseRunStatus(std::string_view text);

struct EngineOutcome {
  RunStatus status = RunStatus::kSucceeded;
  std::string error;  // the first failure, for people
};

// `states` has one entry per step of `definition` (missing ones are added as pending); entries
// not succeeded or skipped are run again. `vars` is a JSON object of variables over the
// definition's defaults.
// `on_change` is called (serialised) after each state change. `cancelled` is polled.
EngineOutcome Execute(const Definition& definition, const std::string& vars,
                      std::vector<StepState>& states, const StepRegistry& registry,
                      const StepContext& base, const EngineOptions& options,
                      const std::function<void(const StepState&)>& on_change,
                      const std::function<bool()>& cancelled);

}  // namespace sagaz::workflows
