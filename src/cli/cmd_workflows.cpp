// `sagaz workflows list|show|create|update|delete|run|runs|run-show` and `sagaz agents
// list|run`: workflows and agents on the data directory, in this process (the person at the
// terminal owns the data directory: runs act as an administrator).
#include <fstream>
#include <iostream>
#include <sstream>

#include "agents/agents.hpp"
#include "app/app.hpp"
#include "cli/context.hpp"
#include "cli/table.hpp"
#include "core/ids.hpp"
#include "wire/workflows.hpp"
#include "workflows/workflows.hpp"

namespace sagaz::cli {
namespace {

struct WorkflowArgs {
  std::string name;
  std::string file;
  std::vector<std::string> vars;  // k=v
  std::string rerun_of;
  std::string from_step;
  std::string run;
  std::string input;
  int limit = 20;
};

workflows::Caller LocalCaller() { return workflows::Caller::WithRole("cli", auth::Role::kAdmin); }

Result<wire::Json> ReadDefinition(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Fail(ErrorCode::kNotFound, "cannot read " + path);
  std::stringstream s;
  s << in.rdbuf();
  return wire::ParseBody(s.str());
}

Result<std::string> VarsJson(const std::vector<std::string>& vars) {
  wire::Json out = wire::Json::object();
  for (const auto& kv : vars) {
    const auto eq = kv.find('=');
    if (eq == std::string::npos || eq == 0) {
      return Fail(Error(ErrorCode::kInvalidArgument, "--var takes name=value, not '" + kv + "'")
                      .With("field", "var"));
    }
    out[kv.substr(0, eq)] = kv.substr(eq + 1);
  }
  return wire::Dump(out);
}

void PrintRun(const workflows::Run& r) {
  std::cout << r.id << "  " << r.workflow_name << " v" << r.version << "  "
            << workflows::ToString(r.status) << (r.error.empty() ? "" : ": " + r.error) << "\n";
  std::vector<std::vector<std::string>> rows;
  for (const auto& s : r.steps) {
    const auto& st = s.state;
    const std::string ms = st.finished_ms >= st.started_ms && st.started_ms > 0
                               ? std::to_string(st.finished_ms - st.started_ms)
                               : "-";
    rows.push_back({st.id, st.kind, std::string(workflows::ToString(st.status)),
                    std::to_string(st.attempts), ms,
                    !st.error.empty() ? st.error : (!s.artifact.empty() ? s.artifact : st.note)});
  }
  std::cout << RenderTable({{"step"}, {"kind"}, {"status"}, {"attempts"}, {"ms"}, {"detail"}}, rows,
                           60);
}

}  // namespace

void AddWorkflowCommands(CLI::App& cli, Context& ctx) {
  auto* cmd = cli.add_subcommand("workflows", "Workflows: steps of every capability, run as jobs");
  cmd->require_subcommand(1);
  auto& a = ctx.Hold<WorkflowArgs>();
  Context* c = &ctx;
  WorkflowArgs* args = &a;

  cmd->add_subcommand("list", "List workflows")->callback([c] {
    c->WithApp([&](App& app) -> Status {
      const auto all = SAGAZ_TRY(app.workflows().List());
      wire::Json items = wire::Json::array();
      std::vector<std::vector<std::string>> rows;
      for (const auto& w : all) {
        items.push_back(wire::ToJson(w));
        rows.push_back({w.id, w.definition.name, std::to_string(w.version),
                        std::to_string(w.definition.steps.size()), w.definition.description});
      }
      c->Show({{"items", items}}, [&] {
        std::cout << RenderTable({{"id"}, {"name"}, {"version"}, {"steps"}, {"description"}}, rows,
                                 60);
      });
      return Ok();
    });
  });

  auto* show = cmd->add_subcommand("show", "Show a workflow's definition");
  show->add_option("workflow", a.name, "Workflow id or name")->required();
  show->callback([c, args] {
    c->WithApp([&](App& app) -> Status {
      const auto w = SAGAZ_TRY(app.workflows().Get(args->name));
      c->Show(wire::ToJson(w), [&] { std::cout << wire::Dump(wire::ToJson(w), 2) << "\n"; });
      return Ok();
    });
  });

  auto* create = cmd->add_subcommand("create", "Create a workflow from a JSON definition file");
  create->add_option("file", a.file, "Definition (JSON)")->required();
  create->callback([c, args] {
    c->WithApp([&](App& app) -> Status {
      const auto w =
          SAGAZ_TRY(app.workflows().Create("cli", SAGAZ_TRY(ReadDefinition(args->file))));
      c->Show(wire::ToJson(w),
              [&] { std::cout << "created " << w.id << " (" << w.definition.name << ")\n"; });
      return Ok();
    });
  });

  auto* update = cmd->add_subcommand("update", "Save a new version of a workflow from a file");
  update->add_option("workflow", a.name, "Workflow id or name")->required();
  update->add_option("file", a.file, "Definition (JSON)")->required();
  update->callback([c, args] {
    c->WithApp([&](App& app) -> Status {
      const auto w = SAGAZ_TRY(
          app.workflows().Update("cli", args->name, SAGAZ_TRY(ReadDefinition(args->file))));
      c->Show(wire::ToJson(w),
              [&] { std::cout << w.definition.name << " is now version " << w.version << "\n"; });
      return Ok();
    });
  });

  auto* del = cmd->add_subcommand("delete", "Delete a workflow with its runs");
  del->add_option("workflow", a.name, "Workflow id or name")->required();
  del->callback([c, args] {
    c->WithApp([&](App& app) -> Status {
      SAGAZ_TRY(app.workflows().Delete(args->name));
      c->Show({{"deleted", args->name}}, [&] { std::cout << "deleted " << args->name << "\n"; });
      return Ok();
    });
  });

  auto* run = cmd->add_subcommand("run", "Run a workflow here and now, step by step");
  run->add_option("workflow", a.name, "Workflow id or name")->required();
  run->add_option("--var", a.vars, "A variable, name=value (lists: comma-separated)");
  run->add_option("--rerun-of", a.rerun_of, "A run to take finished steps from");
  run->add_option("--from", a.from_step, "With --rerun-of: the step to run again from");
  run->callback([c, args] {
    c->WithApp([&](App& app) -> Status {
      workflows::RunOptions options;
      options.vars = SAGAZ_TRY(VarsJson(args->vars));
      options.trigger = "cli";
      options.rerun_of = args->rerun_of;
      options.from_step = args->from_step;
      if (options.rerun_of.empty() != options.from_step.empty()) {
        return Fail(Error(ErrorCode::kInvalidArgument, "--rerun-of and --from go together")
                        .With("field", "from"));
      }
      const auto created = SAGAZ_TRY(app.workflows().CreateRun(args->name, options, LocalCaller()));
      const auto done = SAGAZ_TRY(app.workflows().Execute(created.id, [] { return false; }));
      c->Show(wire::ToJson(done), [&] { PrintRun(done); });
      if (done.status != workflows::RunStatus::kSucceeded) c->exit_code = 1;
      return Ok();
    });
  });

  auto* runs = cmd->add_subcommand("runs", "List the runs of a workflow, newest first");
  runs->add_option("workflow", a.name, "Workflow id or name")->required();
  runs->add_option("--limit", a.limit, "Runs at most")->check(CLI::Range(1, 1000));
  runs->callback([c, args] {
    c->WithApp([&](App& app) -> Status {
      const auto all =
          SAGAZ_TRY(app.workflows().Runs(args->name, static_cast<size_t>(args->limit)));
      wire::Json items = wire::Json::array();
      std::vector<std::vector<std::string>> rows;
      for (const auto& r : all) {
        items.push_back(wire::ToJson(r, false));
        rows.push_back({r.id, std::string(workflows::ToString(r.status)), r.trigger,
                        Iso8601FromMs(r.created_ms), r.error});
      }
      c->Show({{"items", items}}, [&] {
        std::cout << RenderTable({{"run"}, {"status"}, {"trigger"}, {"created"}, {"error"}}, rows,
                                 60);
      });
      return Ok();
    });
  });

  auto* run_show = cmd->add_subcommand("run-show", "Show a run with its steps");
  run_show->add_option("run", a.run, "Run id")->required();
  run_show->callback([c, args] {
    c->WithApp([&](App& app) -> Status {
      const auto r = SAGAZ_TRY(app.workflows().GetRun(args->run));
      c->Show(wire::ToJson(r), [&] { PrintRun(r); });
      return Ok();
    });
  });

  auto* agents =
      cli.add_subcommand("agents", "Agents that use the product's capabilities as tools");
  agents->require_subcommand(1);
  agents->add_subcommand("list", "List agents (the builtin one first)")->callback([c] {
    c->WithApp([&](App& app) -> Status {
      wire::Json items = wire::Json::array();
      std::vector<std::vector<std::string>> rows;
      for (const auto& ag : SAGAZ_TRY(app.agents().List())) {
        items.push_back(wire::ToJson(ag));
        rows.push_back({ag.spec.name, std::string(auth::ToString(ag.spec.role)),
                        ag.spec.model.empty() ? "-" : ag.spec.model, ag.spec.description});
      }
      c->Show({{"items", items}}, [&] {
        std::cout << RenderTable({{"name"}, {"role"}, {"model"}, {"description"}}, rows, 60);
      });
      return Ok();
    });
  });
  auto* arun = agents->add_subcommand("run", "Ask an agent; prints the answer and its trace");
  arun->add_option("agent", a.name, "Agent name (builtin: the router without a model)")->required();
  arun->add_option("input", a.input, "The request")->required();
  arun->callback([c, args] {
    c->WithApp([&](App& app) -> Status {
      const auto r = SAGAZ_TRY(app.agents().Run(args->name, args->input, LocalCaller()));
      c->Show(wire::ToJson(r), [&] {
        std::cout << r.answer << "\n";
        for (const auto& s : r.trace) {
          std::cout << "  [" << s.type << "] " << s.tool
                    << (s.error.empty() ? "" : " error: " + s.error) << " ("
                    << static_cast<int64_t>(s.ms) << " ms)\n";
        }
      });
      return Ok();
    });
  });
}

}  // namespace sagaz::cli
