#include "cli/cli.hpp"

#include <iostream>

#include "cli/context.hpp"
#include "core/log.hpp"

#ifndef SAGAZ_VERSION
#define SAGAZ_VERSION "0.0.0"
#endif

namespace sagaz::cli {

Result<Config> Context::LoadConfig(
    std::vector<std::pair<std::string, std::string>> overrides) const {
  ConfigSources sources;
  if (!config_file.empty()) sources.file = config_file;
  if (!data_dir.empty()) overrides.emplace_back("data.dir", data_dir);
  sources.overrides = std::move(overrides);
  return sagaz::LoadConfig(sources);
}

void Context::WithApp(const std::function<Status(App&)>& fn) {
  auto config = LoadConfig();
  if (!config) return Report(config.error());
  if (auto st = InitLogging(*config, verbose); !st) return Report(st.error());
  auto app = App::Open(*config);
  if (!app) return Report(app.error());
  if (auto st = fn(**app); !st) Report(st.error());
}

void Context::Report(const Error& e) {
  if (json) {
    std::cerr << wire::Dump(wire::ErrorEnvelope(e)) << "\n";
  } else {
    std::cerr << "error: " << e.message << "\n";
    for (const auto& [k, v] : e.details) std::cerr << "  " << k << ": " << v << "\n";
  }
  exit_code = 1;
}

sigset_t BlockStopSignals() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  return signals;
}

void Context::PrintJson(const wire::Json& j) const { std::cout << wire::Dump(j, 2) << "\n"; }

void Context::Show(const wire::Json& j, const std::function<void()>& human) const {
  if (json) {
    PrintJson(j);
  } else {
    human();
  }
}

int Main(int argc, char** argv) {
  CLI::App cli{
      "Sagaz: offline-first business insights. Load data, ask questions, get exact answers.",
      "sagaz"};
  cli.set_version_flag("--version", std::string("sagaz ") + SAGAZ_VERSION);
  cli.require_subcommand(0, 1);
  cli.fallthrough();
  Context ctx;
  cli.add_option("--data-dir", ctx.data_dir, "Data directory (default: data.dir, ./data)");
  cli.add_option("--config", ctx.config_file,
                 "Configuration file (default: ./sagaz.toml, $SAGAZ_CONFIG)");
  cli.add_flag("-v,--verbose", ctx.verbose, "Log to the console");
  cli.add_flag("--json", ctx.json, "Print JSON (the API's shapes) instead of tables");

  AddSystemCommands(cli, ctx);
  AddDataCommands(cli, ctx);
  AddAskCommands(cli, ctx);
  AddKnowledgeCommands(cli, ctx);
  AddPromptCommands(cli, ctx);
  AddStatsCommands(cli, ctx);
  AddForecastCommands(cli, ctx);
  AddPlatformCommands(cli, ctx);
  AddDashboardCommands(cli, ctx);
  AddPipelineCommands(cli, ctx);
  AddScheduleCommands(cli, ctx);
  AddFeedbackCommands(cli, ctx);
  AddWorkflowCommands(cli, ctx);
  AddModelCommands(cli, ctx);

  try {
    cli.parse(argc, argv);
    if (cli.get_subcommands().empty()) {  // bare `sagaz`: what it can do, not an error
      std::cout << cli.help();
      return 0;
    }
  } catch (const CLI::ParseError& e) {
    return cli.exit(e);
  } catch (const std::exception& e) {  // the process boundary: report, never crash with a trace
    std::cerr << "error: unexpected failure: " << e.what() << "\n";
    return 1;
  }
  log::Shutdown();
  return ctx.exit_code;
}

}  // namespace sagaz::cli
