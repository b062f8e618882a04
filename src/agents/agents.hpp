// Agents: named configurations that answer a request by calling the product's capabilities as
// tools (the workflow step kinds, with their JSON Schemas).
//
// With a model (llm.base_url set, or the agent's own base_url): a bounded OpenAI function-calling
// loop: the model plans, calls tools, reads their results (a tool's error is returned to it as the
// result, not thrown) and answers. Limits: max_steps tool calls, max_tokens model tokens,
// timeout_ms. Without a model: the builtin agent routes the request to one capability (a data
// question to Ask, a document question to Knowledge, "vai subir?" to Forecast, a comment to
// Feedback) and says that it is the builtin agent.
//
// Tools run with the caller's permissions narrowed to the agent's role, never more. Every run
// returns its trace (each model call and tool call with arguments, result, timings and tokens).
// Thread-safe.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "auth/role.hpp"
#include "core/config.hpp"
#include "core/error.hpp"
#include "workflows/steps.hpp"

namespace sagaz::db {
class ConnectionPool;
}

namespace sagaz::agents {

struct AgentSpec {
  std::string name;  // letters, digits, ".", "_", "-"; "builtin" is reserved
  std::string description;
  std::string instructions;                   // the system prompt
  std::string model;                          // empty: llm.model
  std::vector<std::string> tools;             // step kinds; empty: every kind
  int max_steps = 0;                          // 0: workflows.agent_max_steps
  int64_t max_tokens = 0;                     // 0: workflows.agent_max_tokens
  int64_t timeout_ms = 0;                     // 0: workflows.agent_timeout_ms
  auth::Role role = auth::Role::kAnalyst;     // the most it acts with
  std::string forecast_dataset = "cotahist";  // builtin routing: where tickers are
};

struct Agent {
  AgentSpec spec;
  std::string owner;
  int64_t created_ms = 0;
  int64_t updated_ms = 0;
  bool builtin = false;
};

// One entry of a run's trace.
struct TraceStep {
  std::string type;       // "model" (a model call), "tool" (a tool call), "route" (builtin)
  std::string tool;       // tool calls: the kind
  std::string arguments;  // tool calls: JSON text as given
  std::string result;     // tool calls: the output JSON; model calls: the text
  std::string error;      // a failed tool call or model call
  double ms = 0;
  int64_t prompt_tokens = 0;
  int64_t completion_tokens = 0;
};

struct AgentResult {
  std::string agent;
  std::string answer;
  std::string engine;   // "builtin" or "llm:<model@url>"
  std::string stopped;  // "answered", "max_steps", "max_tokens", "timeout", "model_error"
  std::string error;    // why it stopped, when it did not answer
  std::vector<TraceStep> trace;
  int64_t tokens = 0;
  double ms = 0;
};

class AgentService {
 public:
  static Result<std::unique_ptr<AgentService>> Open(db::ConnectionPool& pool,
                                                    const workflows::StepRegistry& steps,
                                                    const Config& config);
  ~AgentService();

  Result<Agent> Create(std::string_view owner, const AgentSpec& spec);
  Result<Agent> Update(std::string_view name, const AgentSpec& spec);
  Result<Agent> Get(std::string_view name);
  Result<std::vector<Agent>> List();
  Status Delete(std::string_view name);

  // Runs `input` with agent `name`. `on_step` sees each trace step as it is added (SSE).
  Result<AgentResult> Run(std::string_view name, std::string_view input,
                          const workflows::Caller& caller,
                          const std::function<void(const TraceStep&)>& on_step = {});

 private:
  AgentService(db::ConnectionPool& pool, const workflows::StepRegistry& steps, Config config);
  Status Check(const AgentSpec& spec) const;

  db::ConnectionPool& pool_;
  const workflows::StepRegistry& steps_;
  Config config_;
  std::mutex write_mu_;
};

// Which capability the builtin agent sends `input` to: "forecast.predict", "knowledge.query",
// "feedback.classify" or "ask".
std::string RouteOf(std::string_view input);

}  // namespace sagaz::agents
