// Workflow definitions: named, versioned lists of steps whose inputs are wired by name.
//
//   {"name": "weekly-comments", "description": "...", "vars": {"days": 7},
//    "steps": [
//      {"id": "summary", "kind": "feedback.summary", "inputs": {"since_days": "${vars.days}"}},
//      {"id": "report", "kind": "report", "when": "steps.summary.output.total > 0",
//       "inputs": {"title": "Comentários", "markdown": "Total: ${steps.summary.output.total}"},
//       "retries": 1, "timeout_ms": 60000}]}
//
// A string input that is exactly one `${path}` becomes the value the path names (a number, a
// list, an object); `${path}` inside longer text is replaced by the value as text. Paths are
// `vars.<name>`, `steps.<id>.output...` and, in a step with `foreach` (a `${path}` naming a list),
// `item` and `index`. A step runs once every step it references (or lists in `needs`) has
// finished; steps that do not depend on each other may run at the same time.
#pragma once

#include <cstdint>
#include <functional>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace sagaz::workflows {

using Json = nlohmann::ordered_json;

struct StepDef {
  std::string id;                  // letters, digits, "_" and "-"; unique in the workflow
  std::string kind;                // a registered step kind (StepRegistry)
  std::string inputs = "{}";       // JSON object, with ${...} references
  std::string when;                // expression (expr.hpp); empty: always
  std::string foreach;             // "${path}" naming a list; empty: run once
  std::vector<std::string> needs;  // explicit dependencies beyond the references
  int retries = 0;                 // extra attempts after a failure (0..10)
  int64_t timeout_ms = 0;          // per attempt; 0: workflows.step_timeout_ms
  // Filled by validation: every step this one waits for (needs + referenced steps), sorted.
  std::vector<std::string> depends_on;
};

struct Definition {
  std::string name;  // letters, digits, ".", "_", "-"; unique
  std::string description;
  std::string vars = "{}";  // JSON object of default variables
  std::vector<StepDef> steps;
};

// What validation needs to know of step kinds: whether one exists and the names of its inputs.
struct KindInfo {
  std::vector<std::string> properties;  // accepted inputs
  std::vector<std::string> required;    // inputs that must be given
  bool open = false;                    // any input name is accepted
};
using KindLookup = std::function<const KindInfo*(std::string_view kind)>;

// Validates a definition document (a parsed JSON object). Errors are kInvalidArgument and point at
// the place: details "step" (the step id or index) and "field" (e.g. "inputs.sql", "when"), and
// "column" for expressions. Checks: the name, unique step ids, known kinds, known and required
// inputs, references to existing steps and variables, well-formed `when` and `foreach`, retries and
// timeouts in range, no dependency cycles.
Result<Definition> ParseDefinition(const Json& doc, const KindLookup& kinds);

// The document again (ParseDefinition(ToJson(d)) gives back `d`).
Json ToJson(const Definition& definition);

// Steps in an order that respects dependencies (validation guarantees one exists).
std::vector<size_t> TopologicalOrder(const Definition& definition);

}  // namespace sagaz::workflows
