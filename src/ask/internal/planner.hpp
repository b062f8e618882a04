// Who reads a question into a plan, behind one interface: the builtin semantic parser (nlq) and a
// language model (llm) that writes a JSON plan. Both give nlq::Reading values; one correction loop
// (PlanAndRun) runs every reading and feeds what went wrong back to the planner.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "ask/engine.hpp"
#include "core/error.hpp"
#include "nlq/nlq.hpp"
#include "sql/policy.hpp"

namespace sagaz::llm {
class Provider;
}

namespace sagaz::ask::internal {

// A question as planners get it.
struct Question {
  std::string_view text;
  nlq::Language language = nlq::Language::kPortuguese;
  std::optional<std::string> dataset;  // lowercased
  sql::Policy policy = sql::Policy::kStrict;
};

// One question's readings, in turns. Not thread-safe; lives for one question.
class Planning {
 public:
  virtual ~Planning() = default;
  // The next reading: the first (failure null), or one that answers why the previous one failed.
  // An error ends the loop unless Correctable says the planner may fix it.
  virtual Result<nlq::Reading> Next(const Error* failure) = 0;
};

// Thread-safe: each question gets its own Planning.
class Planner {
 public:
  virtual ~Planner() = default;
  virtual Engine engine() const = 0;
  // "builtin", or the model that reads ("model@base_url").
  virtual std::string Name() const = 0;
  // Readings one question may take: the first and its corrections.
  virtual int attempts() const = 0;
  virtual std::unique_ptr<Planning> Start(const Question& question,
                                          const nlq::Schema& schema) const = 0;
};

std::unique_ptr<Planner> MakeBuiltinPlanner();
// `model` must outlive the planner.
std::unique_ptr<Planner> MakeModelPlanner(llm::Provider& model, int attempts);

// Whether a failure is the planner's to fix (a bad plan, a refused or failing query) rather than a
// reason to stop (a model that is down or declined, the time limit, an internal error).
bool Correctable(const Error& error);

// How the loop ended: a reading `run` accepted (`ran`); one the planner was unsure of (nothing
// ran, no failure: `reading->unsure`); or a failure: the planner's (no reading; details "reason"
// "model_failed" or "model_declined" for a model) or the last run's (`reading` is the plan it ran).
struct Planned {
  std::optional<nlq::Reading> reading;
  bool ran = false;
  int turns = 0;  // readings taken
  std::optional<Error> failure;
};

// The one correction loop: reads the question, runs `run` on each sure reading's plan (it may
// change the plan, e.g. swap in edited SQL); a Correctable failure goes back to the planner, up to
// planner.attempts() readings.
Planned PlanAndRun(const Planner& planner, const Question& question, const nlq::Schema& schema,
                   const std::function<Status(nlq::Plan&)>& run);

}  // namespace sagaz::ask::internal
