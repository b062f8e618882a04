// `sagaz pipelines run|list|show|runs|lineage`: metric pipelines from the terminal. `run` runs in
// this process (the CLI holds the data directory) with the same service and records as a job run
// by `sagaz serve`; --json prints the report in the API's shape.
#include <iostream>

#include "cli/context.hpp"
#include "cli/table.hpp"
#include "core/strings.hpp"
#include "pipelines/pipelines.hpp"
#include "wire/pipelines.hpp"

namespace sagaz::cli {
namespace {

struct PipelineArgs {
  std::string name;
  bool full_refresh = false;
  std::string from;
  std::string resume;
  int limit = 10;
};

std::string Ms(double ms) { return FormatDouble(std::round(ms * 10) / 10) + " ms"; }

void PrintReport(const pipelines::RunReport& r) {
  std::vector<std::vector<std::string>> rows;
  for (const auto& n : r.nodes) {
    rows.push_back(
        {n.node, std::string(pipelines::ToString(n.status)), n.strategy,
         std::to_string(n.rows_read), std::to_string(n.rows_written),
         std::to_string(n.rows_rejected), Ms(n.elapsed_ms),
         FormatBytes(static_cast<uint64_t>(std::max<int64_t>(n.duckdb_memory_bytes, 0))) +
             (n.high_memory ? " HIGH" : "")});
  }
  std::cout << RenderTable({{"node"},
                            {"status"},
                            {"strategy"},
                            {"read", true},
                            {"written", true},
                            {"rejected", true},
                            {"time", true},
                            {"duckdb memory", true}},
                           rows);
  for (const auto& n : r.nodes) {
    for (const auto& f : n.failures) {
      std::cout << n.node << ": rule " << f.rule << " failed on " << f.count << " rows\n";
      for (const auto& s : f.samples) std::cout << "    " << s << "\n";
    }
    for (const auto& o : n.orphans) {
      std::cout << n.node << ": " << o.count << " rows whose " << o.column << " is missing from "
                << o.parent << (o.dropped ? " (dropped)" : " (failed)") << "\n";
      for (const auto& s : o.samples) std::cout << "    " << s << "\n";
    }
    if (!n.error.empty() && n.failures.empty() && n.status == pipelines::NodeStatus::kFailed) {
      std::cout << n.node << ": " << n.error << "\n";
    }
  }
  std::cout << "run " << r.id << ": " << pipelines::ToString(r.status) << " in " << Ms(r.elapsed_ms)
            << (r.error.empty() ? "" : " (" + r.error + ")") << "\n";
}

}  // namespace

void AddPipelineCommands(CLI::App& cli, Context& ctx) {
  auto* cmd =
      cli.add_subcommand("pipelines", "Run metric pipelines and see their runs and lineage");
  cmd->require_subcommand(1);
  auto& a = ctx.Hold<PipelineArgs>();
  Context* c = &ctx;
  PipelineArgs* args = &a;

  auto* run = cmd->add_subcommand("run", "Run a pipeline (a name, or a path to a .toml file)");
  run->add_option("name", a.name, "Pipeline name or file")->required();
  run->add_flag("--full-refresh", a.full_refresh, "Rebuild every target from all of its source");
  auto* from =
      run->add_option("--from", a.from, "Run only this node and the nodes that depend on it");
  run->add_option("--resume", a.resume,
                  "Resume a failed or interrupted run (its id, or \"last\"): run only the nodes "
                  "it did not finish")
      ->excludes(from);
  run->callback([c, args] {
    c->WithApp([&](App& app) -> Status {
      pipelines::RunRequest req{.pipeline = args->name,
                                .full_refresh = args->full_refresh,
                                .from = args->from,
                                .resume = args->resume};
      auto report = SAGAZ_TRY(
          app.pipelines().Run(req, [&](size_t done, size_t total, std::string_view message) {
            if (!c->json) std::cerr << "[" << done << "/" << total << "] " << message << "\n";
          }));
      c->Show(wire::ToJson(report), [&] { PrintReport(report); });
      if (report.status != pipelines::RunStatus::kSucceeded) c->exit_code = 1;
      return Ok();
    });
  });

  auto* list = cmd->add_subcommand("list", "List pipelines with their last run");
  list->callback([c] {
    c->WithApp([&](App& app) -> Status {
      const auto all = SAGAZ_TRY(app.pipelines().List());
      wire::Json items = wire::Json::array();
      for (const auto& s : all) items.push_back(wire::ToJson(s));
      c->Show({{"pipelines", items}}, [&] {
        std::vector<std::vector<std::string>> rows;
        for (const auto& s : all) {
          rows.push_back({s.name, std::to_string(s.nodes), s.schedule.empty() ? "-" : s.schedule,
                          s.last_run ? std::string(pipelines::ToString(s.last_run->status)) + " " +
                                           s.last_run->started_at
                                     : "never run",
                          s.description});
        }
        std::cout << RenderTable(
            {{"name"}, {"nodes", true}, {"schedule"}, {"last run"}, {"description"}}, rows, 60);
      });
      return Ok();
    });
  });

  auto* show = cmd->add_subcommand("show", "Show a pipeline's nodes, strategies and rules");
  show->add_option("name", a.name, "Pipeline name or file")->required();
  show->callback([c, args] {
    c->WithApp([&](App& app) -> Status {
      const auto p = SAGAZ_TRY(app.pipelines().Load(args->name));
      c->Show(wire::ToJson(p), [&] {
        std::cout << p.name << " (" << p.origin << "): " << p.description << "\n";
        if (!p.schedule.empty()) std::cout << "schedule: " << p.schedule << "\n";
        std::vector<std::vector<std::string>> rows;
        for (const auto& n : p.nodes) {
          std::vector<std::string> rules;
          for (const auto& r : n.rules) rules.push_back(r.name);
          rows.push_back({n.name, std::string(pipelines::ToString(n.strategy)), Join(n.key, ","),
                          Join(n.inputs, ", "), Join(rules, "; ")});
        }
        std::cout << RenderTable({{"node"}, {"strategy"}, {"key"}, {"inputs"}, {"rules"}}, rows,
                                 60);
      });
      return Ok();
    });
  });

  auto* runs = cmd->add_subcommand("runs", "List a pipeline's runs, newest first");
  runs->add_option("name", a.name, "Pipeline name")->required();
  runs->add_option("--limit", a.limit, "Most runs shown")->check(CLI::Range(1, 500));
  runs->callback([c, args] {
    c->WithApp([&](App& app) -> Status {
      const auto run_list =
          SAGAZ_TRY(app.pipelines().Runs(args->name, static_cast<size_t>(args->limit)));
      wire::Json items = wire::Json::array();
      for (const auto& r : run_list) items.push_back(wire::ToJson(r));
      c->Show({{"runs", items}}, [&] {
        std::vector<std::vector<std::string>> rows;
        for (const auto& r : run_list) {
          int64_t read = 0, written = 0, rejected = 0;
          for (const auto& n : r.nodes) {
            read += n.rows_read;
            written += n.rows_written;
            rejected += n.rows_rejected;
          }
          rows.push_back({r.id, std::string(pipelines::ToString(r.status)), r.started_at,
                          Ms(r.elapsed_ms), std::to_string(read), std::to_string(written),
                          std::to_string(rejected), r.error});
        }
        std::cout << RenderTable({{"run"},
                                  {"status"},
                                  {"started"},
                                  {"time", true},
                                  {"read", true},
                                  {"written", true},
                                  {"rejected", true},
                                  {"error"}},
                                 rows);
      });
      return Ok();
    });
  });

  auto* lineage = cmd->add_subcommand("lineage", "Show what feeds what: sources, nodes, datasets");
  lineage->add_option("name", a.name, "Pipeline name")->required();
  lineage->callback([c, args] {
    c->WithApp([&](App& app) -> Status {
      const auto l = SAGAZ_TRY(app.pipelines().GetLineage(args->name));
      c->Show(wire::ToJson(l), [&] {
        std::vector<std::vector<std::string>> rows;
        for (const auto& e : l.edges) rows.push_back({e.from, e.to});
        std::cout << RenderTable({{"from"}, {"to"}}, rows, 60);
      });
      return Ok();
    });
  });
}

}  // namespace sagaz::cli
