// What every CLI command shares: global options, configuration loading, opening the application,
// output helpers and the exit code. Command groups live in cmd_*.cpp and register themselves from
// Main.
#pragma once

#include <CLI/CLI.hpp>
#include <csignal>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "app/app.hpp"
#include "core/config.hpp"
#include "core/error.hpp"
#include "db/db.hpp"
#include "wire/json.hpp"

namespace sagaz::cli {

struct Context {
  // Global options.
  std::string data_dir;
  std::string config_file;
  bool verbose = false;
  bool json = false;

  int exit_code = 0;

  // Storage for a command group's option values, alive until parsing and callbacks are done.
  template <class T>
  T& Hold() {
    auto p = std::make_shared<T>();
    held_.push_back(p);
    return *p;
  }

  // The effective configuration with the global options and `overrides` applied.
  Result<Config> LoadConfig(std::vector<std::pair<std::string, std::string>> overrides = {}) const;
  // Loads the configuration, opens the application and runs `fn`; any error sets the exit code.
  void WithApp(const std::function<Status(App&)>& fn);
  // Prints an error on stderr (as a JSON envelope with --json) and sets the exit code to 1.
  void Report(const Error& error);
  void PrintJson(const wire::Json& j) const;
  // A command's result: `j` with --json, otherwise what `human` prints.
  void Show(const wire::Json& j, const std::function<void()>& human) const;

 private:
  std::vector<std::shared_ptr<void>> held_;
};

// Blocks SIGINT and SIGTERM in this thread and every thread started after it, so that a
// long-running command receives them with sigwait/sigtimedwait as ordinary code; returns the set.
sigset_t BlockStopSignals();

// Command groups.
void AddSystemCommands(CLI::App& cli, Context& ctx);     // serve, config
void AddDataCommands(CLI::App& cli, Context& ctx);       // ingest, datasets, sql, demo
void AddAskCommands(CLI::App& cli, Context& ctx);        // ask, eval
void AddKnowledgeCommands(CLI::App& cli, Context& ctx);  // knowledge, eval knowledge (after Ask)
void AddPromptCommands(CLI::App& cli, Context& ctx);     // prompts
void AddStatsCommands(CLI::App& cli, Context& ctx);      // stats
void AddForecastCommands(CLI::App& cli, Context& ctx);   // forecast train|predict|models|report
void AddPlatformCommands(CLI::App& cli, Context& ctx);   // users, api-keys, jobs, worker
void AddDashboardCommands(CLI::App& cli, Context& ctx);  // dashboards
void AddPipelineCommands(CLI::App& cli, Context& ctx);   // pipelines
void AddScheduleCommands(CLI::App& cli, Context& ctx);   // schedules
void AddFeedbackCommands(CLI::App& cli, Context& ctx);   // feedback import/classify/eval/...
void AddWorkflowCommands(CLI::App& cli, Context& ctx);   // workflows, agents
void AddModelCommands(CLI::App& cli, Context& ctx);      // models add|list|verify|rm|cleanup

}  // namespace sagaz::cli
