// System commands: serve, config.
#include <signal.h>

#include <iostream>

#include "cli/context.hpp"
#include "cli/format.hpp"
#include "cli/table.hpp"
#include "server/server.hpp"

namespace sagaz::cli {

namespace {

struct SystemArgs {
  std::string host;
  int port = -1;
  std::string port_file;
  bool example = false;
};

}  // namespace

void AddSystemCommands(CLI::App& cli, Context& ctx) {
  // Callbacks run after this function returns: they capture pointers by value, never locals by
  // reference.
  Context* const c = &ctx;
  SystemArgs* const a = &c->Hold<SystemArgs>();
  // serve
  auto* serve = cli.add_subcommand("serve", "Run the HTTP server (API and web UI)");
  serve->add_option("--host", a->host, "Address to listen on (default: server.host)");
  serve->add_option("--port", a->port, "Port; 0 picks a free one (default: server.port)")
      ->check(CLI::Range(0, 65535));
  serve->add_option("--port-file", a->port_file,
                    "Write the bound port to this file once listening");
  serve->callback([=] {
    // Before any thread starts; Serve receives them with sigwait.
    BlockStopSignals();
    std::vector<std::pair<std::string, std::string>> overrides;
    if (!a->host.empty()) overrides.emplace_back("server.host", a->host);
    if (a->port >= 0) overrides.emplace_back("server.port", std::to_string(a->port));
    auto config = c->LoadConfig(overrides);
    if (!config) {
      c->Report(config.error());
      return;
    }
    if (auto st = InitLogging(*config, /*verbose=*/true); !st) {
      c->Report(st.error());
      return;
    }
    auto app = App::Open(*config);
    if (!app) {
      c->Report(app.error());
      return;
    }
    server::ServeOptions options;
    if (!a->port_file.empty()) options.port_file = a->port_file;
    if (auto st = server::Serve(**app, options); !st) c->Report(st.error());
  });

  // config
  auto* config_cmd =
      cli.add_subcommand("config", "Print the effective configuration (secrets masked)");
  config_cmd->add_flag("--example", a->example,
                       "Print a commented sagaz.toml with every key and its default");
  config_cmd->callback([=] {
    if (a->example) {
      std::cout << ExampleConfigToml();
      return;
    }
    auto config = c->LoadConfig();
    if (!config) {
      c->Report(config.error());
      return;
    }
    auto entries = DescribeConfig(*config);
    if (c->json) {
      wire::Json j = wire::Json::object();
      for (const auto& e : entries) {
        j[e.key] = {
            {"value", e.value}, {"source", e.source}, {"default", e.default_value}, {"doc", e.doc}};
      }
      c->PrintJson(j);
      return;
    }
    if (config->file) std::cout << "# file: " << config->file->string() << "\n";
    std::vector<std::vector<std::string>> rows;
    for (const auto& e : entries) rows.push_back({e.key, e.value, e.source, e.doc});
    std::cout << RenderTable({{"key"}, {"value"}, {"source"}, {"description"}}, rows, 70);
  });
}

}  // namespace sagaz::cli
