// Step kinds: every capability a workflow step (or an agent's tool) can use, behind one
// interface. A kind has a name, a description for people and models, the JSON Schema of its inputs
// and the permission its caller needs; Run takes the inputs (references already filled in) and
// returns the output, a JSON value later steps refer to.
//
// Kinds are registered once at start-up (app/internal/workflow_steps.cpp binds the services) and
// the registry is read-only afterwards: thread-safe for reading.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "auth/auth.hpp"
#include "core/error.hpp"
#include "workflows/definition.hpp"

namespace sagaz::workflows {

// Whose permissions a run has: the user who started it (or the owner of a scheduled workflow).
struct Caller {
  std::string user;
  auth::Role role = auth::Role::kViewer;
  uint32_t permissions = 0;  // bit i: auth::Permission(i)
  bool Can(auth::Permission p) const { return (permissions >> static_cast<int>(p)) & 1u; }
  // Every permission of `role`, for `user`.
  static Caller WithRole(std::string user, auth::Role role);
};

// What a step sees while it runs.
struct StepContext {
  std::string run_id;
  std::string step_id;
  Caller caller;
  std::chrono::steady_clock::time_point deadline = std::chrono::steady_clock::time_point::max();
  std::function<bool()> cancel;  // run cancelled
  // True once the run was cancelled or the attempt's time is up: a step should stop soon.
  bool Cancelled() const {
    return (cancel && cancel()) || std::chrono::steady_clock::now() >= deadline;
  }
  // Milliseconds left before the deadline (at least 1).
  int64_t RemainingMs() const;
};

struct StepKind {
  std::string name;         // "sql", "ask", "feedback.summary", ...
  std::string description;  // one or two sentences, for people and models
  std::string schema;       // JSON Schema of the inputs (an object schema), as JSON text
  auth::Permission permission = auth::Permission::kQuery;
  // Errors that retrying cannot fix should be kInvalidArgument, kNotFound or kPermissionDenied.
  std::function<Result<Json>(const Json& inputs, const StepContext& context)> run;
};

class StepRegistry {
 public:
  StepRegistry();
  ~StepRegistry();
  StepRegistry(const StepRegistry&) = delete;
  StepRegistry& operator=(const StepRegistry&) = delete;

  // Before the registry is shared. The schema must be a JSON object schema.
  void Add(StepKind kind);
  const StepKind* Find(std::string_view name) const;
  const std::vector<StepKind>& All() const { return kinds_; }
  // For ParseDefinition.
  KindLookup Lookup() const;
  // Runs a kind after checking the caller's permission and the inputs against the schema's
  // property names, required inputs and simple types (string, number, integer, boolean, array,
  // object): errors are kInvalidArgument naming the input, as a model can act on them.
  Result<Json> Run(std::string_view name, const Json& inputs, const StepContext& context) const;

 private:
  std::vector<StepKind> kinds_;
  std::vector<KindInfo> infos_;
};

}  // namespace sagaz::workflows
