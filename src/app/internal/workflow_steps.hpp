// The step kinds of workflows and the tools of agents: each capability of the product behind the
// one StepKind interface (workflows/steps.hpp). Inputs are read by the same wire/ parsers as the
// matching API routes, so a step accepts what the route accepts and fails with the same errors.
//
//   sql, ask, stats, knowledge.query, prompt.run, feedback.classify, feedback.summary,
//   pipeline.run, forecast.predict, report (Markdown/HTML file under data/reports),
//   webhook (POST JSON to an allow-listed URL: webhooks.allow)
#pragma once

namespace sagaz {
class App;
}
namespace sagaz::workflows {
class StepRegistry;
}

namespace sagaz::internal {

// Registers every kind, bound to `app`'s services (which must outlive the registry).
void RegisterWorkflowSteps(workflows::StepRegistry& registry, App& app);

}  // namespace sagaz::internal
