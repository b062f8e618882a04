// Prompt studio commands: prompts list | show | create | update | delete | versions | render |
// run | runs | tests | test-add | test-delete | test-run.
#include <iostream>

#include "cli/context.hpp"
#include "cli/format.hpp"
#include "cli/table.hpp"
#include "core/strings.hpp"
#include "prompts/prompts.hpp"
#include "wire/prompts.hpp"

namespace sagaz::cli {
namespace {

struct PromptArgs {
  std::string id;
  std::string test_id;
  std::string name;
  std::string text;
  std::string system;
  std::string description;
  std::vector<std::string> vars;  // name[:type[:description]]
  std::string model;
  double temperature = 0;
  int max_tokens = 1024;
  bool json_output = false;
  std::string note;
  std::vector<std::string> sets;    // name=value
  std::vector<std::string> expect;  // kind[:value]
  int version = 0;
  int limit = 20;
};

Result<std::vector<prompts::Variable>> VariablesOf(const std::vector<std::string>& specs) {
  std::vector<prompts::Variable> out;
  for (const auto& spec : specs) {
    const auto parts = Split(spec, ':');
    prompts::Variable v;
    v.name = std::string(parts[0]);
    if (parts.size() > 1) v.type = SAGAZ_TRY(prompts::ParseVariableType(parts[1]));
    if (parts.size() > 2) v.description = spec.substr(parts[0].size() + parts[1].size() + 2);
    out.push_back(std::move(v));
  }
  return out;
}

// name=value pairs, each read as the type its variable declares (a value that does not read as
// that type stays text, and the service names it as mistyped).
Result<prompts::Values> ValuesOf(const std::vector<std::string>& sets,
                                 const prompts::Version& version) {
  prompts::Values out;
  for (const auto& s : sets) {
    const auto eq = s.find('=');
    if (eq == std::string::npos) {
      return Fail(Error(ErrorCode::kInvalidArgument, "--set takes name=value, not '" + s + "'"));
    }
    const std::string name = s.substr(0, eq), text = s.substr(eq + 1);
    prompts::VariableType type = prompts::VariableType::kText;
    for (const auto& v : version.variables)
      if (v.name == name) type = v.type;
    prompts::Value value = text;
    if (type == prompts::VariableType::kInteger) {
      if (auto n = ParseNumber<int64_t>(text)) value = *n;
    } else if (type == prompts::VariableType::kNumber) {
      if (auto n = ParseNumber<double>(text)) value = *n;
    } else if (type == prompts::VariableType::kBoolean) {
      if (auto b = ParseBool(text)) value = *b;
    }
    out[name] = std::move(value);
  }
  return out;
}

Result<std::vector<prompts::Expectation>> ExpectationsOf(const std::vector<std::string>& specs) {
  std::vector<prompts::Expectation> out;
  for (const auto& spec : specs) {
    const auto colon = spec.find(':');
    prompts::Expectation e;
    e.kind = SAGAZ_TRY(prompts::ParseExpectKind(spec.substr(0, colon)));
    if (colon != std::string::npos) e.value = spec.substr(colon + 1);
    out.push_back(std::move(e));
  }
  return out;
}

void PrintRun(const prompts::PromptRun& r) {
  std::cout << r.output << "\n\n"
            << r.model << ", version " << r.version << ", " << Number(r.latency_ms, 0) << " ms, "
            << r.prompt_tokens << "+" << r.completion_tokens << " tokens\n";
}

}  // namespace

void AddPromptCommands(CLI::App& cli, Context& ctx) {
  auto* c = &ctx;
  auto* a = &ctx.Hold<PromptArgs>();
  auto* group = cli.add_subcommand("prompts", "Prompt studio: versioned templates, runs, tests");
  group->require_subcommand(1);

  auto* list = group->add_subcommand("list", "List prompts");
  list->callback([=] {
    c->WithApp([&](App& app) -> Status {
      const auto items = SAGAZ_TRY(app.prompts().List());
      wire::Json json = wire::Json::array();
      std::vector<std::vector<std::string>> rows;
      for (const auto& p : items) {
        json.push_back(wire::ToJson(p));
        rows.push_back(
            {p.id, p.name, std::to_string(p.latest.number),
             Join(SAGAZ_TRY(prompts::Placeholders(p.latest.system + p.latest.text)), ", "),
             p.updated_at});
      }
      c->Show({{"items", json}}, [&] {
        std::cout << RenderTable({{"id"}, {"name"}, {"version"}, {"variables"}, {"updated"}}, rows,
                                 60);
      });
      return Ok();
    });
  });

  // Options shared by create and update.
  auto spec_options = [a](CLI::App* cmd) {
    cmd->add_option("--template,-t", a->text, "The user part, with {{variables}}");
    cmd->add_option("--system,-s", a->system, "The system part");
    cmd->add_option("--description", a->description, "What the prompt is for");
    cmd->add_option("--var", a->vars,
                    "A variable: name[:text|number|integer|boolean[:description]]");
    cmd->add_option("--model", a->model, "Model (default llm.model)");
    cmd->add_option("--temperature", a->temperature, "0 to 2 (default 0)")
        ->check(CLI::Range(0.0, 2.0));
    cmd->add_option("--max-tokens", a->max_tokens, "Longest answer (default 1024)")
        ->check(CLI::Range(1, 32768));
    cmd->add_flag("--json-output", a->json_output, "Ask the model for a JSON object");
    cmd->add_option("--note", a->note, "What this version changes");
  };
  // The spec from the options; `base` supplies what update leaves out.
  auto spec_of = [a](CLI::App* cmd, const prompts::Prompt* base) -> Result<prompts::PromptSpec> {
    prompts::PromptSpec s;
    const bool given_vars = cmd->count("--var") > 0;
    if (base) {
      s.name = base->name;
      s.description = base->description;
      s.system = base->latest.system;
      s.text = base->latest.text;
      s.params = base->latest.params;
      s.variables = base->latest.variables;
    }
    if (!a->name.empty()) s.name = a->name;
    if (cmd->count("--template")) s.text = a->text;
    if (cmd->count("--system")) s.system = a->system;
    if (cmd->count("--description")) s.description = a->description;
    if (given_vars) s.variables = SAGAZ_TRY(VariablesOf(a->vars));
    // Placeholders added or removed without --var: every variable is declared again as text,
    // keeping the types of those that stay.
    if (base && !given_vars && (cmd->count("--template") || cmd->count("--system"))) {
      std::vector<prompts::Variable> vars;
      for (const auto& n : SAGAZ_TRY(prompts::Placeholders(s.system + "\n" + s.text))) {
        prompts::Variable v{.name = n};
        for (const auto& old : base->latest.variables)
          if (old.name == n) v = old;
        vars.push_back(std::move(v));
      }
      s.variables = std::move(vars);
    }
    if (cmd->count("--model")) s.params.model = a->model;
    if (cmd->count("--temperature")) s.params.temperature = a->temperature;
    if (cmd->count("--max-tokens")) s.params.max_tokens = a->max_tokens;
    if (cmd->count("--json-output")) s.params.json = a->json_output;
    s.note = a->note;
    return s;
  };
  auto show_prompt = [c](const prompts::Prompt& p) {
    c->Show(wire::ToJson(p), [&] {
      std::cout << p.name << " (" << p.id << "), version " << p.latest.number << "\n";
      if (!p.latest.system.empty()) std::cout << "\nsystem:\n" << p.latest.system << "\n";
      std::cout << "\ntemplate:\n" << p.latest.text << "\n\nvariables:";
      for (const auto& v : p.latest.variables)
        std::cout << " " << v.name << " (" << prompts::ToString(v.type) << ")";
      std::cout << "\n";
    });
  };

  auto* create = group->add_subcommand("create", "Create a prompt");
  create->add_option("name", a->name, "Unique name")->required();
  spec_options(create);
  create->callback([=] {
    c->WithApp([&](App& app) -> Status {
      if (!create->count("--template"))
        return Fail(Error(ErrorCode::kInvalidArgument, "create needs --template"));
      const auto spec = SAGAZ_TRY(spec_of(create, nullptr));
      show_prompt(SAGAZ_TRY(app.prompts().Create("cli", spec)));
      return Ok();
    });
  });

  auto* update = group->add_subcommand("update", "Save a new version (options left out are kept)");
  update->add_option("id", a->id, "Prompt id or name")->required();
  update->add_option("--name", a->name, "A new name");
  spec_options(update);
  update->callback([=] {
    c->WithApp([&](App& app) -> Status {
      const auto base = SAGAZ_TRY(app.prompts().Get(a->id));
      const auto spec = SAGAZ_TRY(spec_of(update, &base));
      show_prompt(SAGAZ_TRY(app.prompts().Update("cli", base.id, spec)));
      return Ok();
    });
  });

  auto* show = group->add_subcommand("show", "Show a prompt (its latest version, or --version)");
  show->add_option("id", a->id, "Prompt id or name")->required();
  show->add_option("--version", a->version, "A version number")->check(CLI::PositiveNumber);
  show->callback([=] {
    c->WithApp([&](App& app) -> Status {
      auto p = SAGAZ_TRY(app.prompts().Get(a->id));
      if (a->version > 0) p.latest = SAGAZ_TRY(app.prompts().GetVersion(p.id, a->version));
      show_prompt(p);
      return Ok();
    });
  });

  auto* versions = group->add_subcommand("versions", "List a prompt's versions");
  versions->add_option("id", a->id, "Prompt id or name")->required();
  versions->callback([=] {
    c->WithApp([&](App& app) -> Status {
      const auto items = SAGAZ_TRY(app.prompts().Versions(a->id));
      wire::Json json = wire::Json::array();
      std::vector<std::vector<std::string>> rows;
      for (const auto& v : items) {
        json.push_back(wire::ToJson(v));
        rows.push_back({std::to_string(v.number), v.author, v.created_at, v.note});
      }
      c->Show({{"items", json}}, [&] {
        std::cout << RenderTable({{"version"}, {"author"}, {"created"}, {"note"}}, rows, 60);
      });
      return Ok();
    });
  });

  auto* del = group->add_subcommand("delete", "Delete a prompt, its versions, tests and runs");
  del->add_option("id", a->id, "Prompt id or name")->required();
  del->callback([=] {
    c->WithApp([&](App& app) -> Status {
      SAGAZ_TRY(app.prompts().Delete(a->id));
      c->Show({{"deleted", a->id}}, [&] { std::cout << "deleted " << a->id << "\n"; });
      return Ok();
    });
  });

  auto values_of = [a](App& app) -> Result<prompts::Values> {
    return ValuesOf(a->sets, SAGAZ_TRY(app.prompts().GetVersion(a->id, a->version)));
  };

  auto* render = group->add_subcommand("render", "Fill a prompt's variables (no model needed)");
  render->add_option("id", a->id, "Prompt id or name")->required();
  render->add_option("--set", a->sets, "A variable's value: name=value");
  render->add_option("--version", a->version, "A version (default the latest)")
      ->check(CLI::PositiveNumber);
  render->callback([=] {
    c->WithApp([&](App& app) -> Status {
      const auto values = SAGAZ_TRY(values_of(app));
      const auto r = SAGAZ_TRY(app.prompts().Render(a->id, a->version, values));
      c->Show(wire::ToJson(r), [&] {
        if (!r.system.empty()) std::cout << "system:\n" << r.system << "\n\nuser:\n";
        std::cout << r.user << "\n";
      });
      return Ok();
    });
  });

  auto* run = group->add_subcommand("run", "Run a prompt against the configured model");
  run->add_option("id", a->id, "Prompt id or name")->required();
  run->add_option("--set", a->sets, "A variable's value: name=value");
  run->add_option("--version", a->version, "A version (default the latest)")
      ->check(CLI::PositiveNumber);
  run->add_option("--model", a->model, "Another model of the configured endpoint");
  run->callback([=] {
    c->WithApp([&](App& app) -> Status {
      prompts::RunRequest request{
          .version = a->version, .variables = SAGAZ_TRY(values_of(app)), .model = a->model};
      const auto r = SAGAZ_TRY(app.prompts().Run("cli", a->id, request));
      c->Show(wire::ToJson(r), [&] { PrintRun(r); });
      return Ok();
    });
  });

  auto* runs = group->add_subcommand("runs", "A prompt's run history, newest first");
  runs->add_option("id", a->id, "Prompt id or name")->required();
  runs->add_option("--limit", a->limit, "At most this many (default 20)")
      ->check(CLI::Range(1, 1000));
  runs->callback([=] {
    c->WithApp([&](App& app) -> Status {
      const auto items = SAGAZ_TRY(app.prompts().Runs(a->id, a->limit));
      wire::Json json = wire::Json::array();
      std::vector<std::vector<std::string>> rows;
      for (const auto& r : items) {
        json.push_back(wire::ToJson(r));
        std::string out = r.status == prompts::RunStatus::kFailed ? r.error : r.output;
        std::replace(out.begin(), out.end(), '\n', ' ');
        rows.push_back({r.created_at, std::to_string(r.version), r.model,
                        std::string(prompts::ToString(r.status)),
                        r.passed ? (*r.passed ? "yes" : "no") : "", Number(r.latency_ms, 0),
                        out.substr(0, 60)});
      }
      c->Show({{"items", json}}, [&] {
        std::cout << RenderTable(
            {{"at"}, {"version"}, {"model"}, {"status"}, {"passed"}, {"ms"}, {"output"}}, rows, 60);
      });
      return Ok();
    });
  });

  auto* tests = group->add_subcommand("tests", "A prompt's test cases");
  tests->add_option("id", a->id, "Prompt id or name")->required();
  tests->callback([=] {
    c->WithApp([&](App& app) -> Status {
      const auto items = SAGAZ_TRY(app.prompts().Tests(a->id));
      wire::Json json = wire::Json::array();
      std::vector<std::vector<std::string>> rows;
      for (const auto& t : items) {
        json.push_back(wire::ToJson(t));
        std::vector<std::string> expect;
        for (const auto& e : t.expect)
          expect.push_back(std::string(prompts::ToString(e.kind)) + ":" + e.value);
        rows.push_back({t.id, t.name, Join(expect, ", ")});
      }
      c->Show({{"items", json}}, [&] {
        std::cout << RenderTable({{"id"}, {"name"}, {"expect"}}, rows, 60);
      });
      return Ok();
    });
  });

  auto* test_add = group->add_subcommand("test-add", "Add a test case with expected properties");
  test_add->add_option("id", a->id, "Prompt id or name")->required();
  test_add->add_option("--name", a->name, "The case's name")->required();
  test_add->add_option("--set", a->sets, "A variable's value: name=value");
  test_add->add_option("--expect", a->expect,
                       "contains:TEXT, not_contains:TEXT, equals:TEXT, json, max_chars:N");
  test_add->callback([=] {
    c->WithApp([&](App& app) -> Status {
      prompts::NewTestCase t{.name = a->name,
                             .variables = SAGAZ_TRY(values_of(app)),
                             .expect = SAGAZ_TRY(ExpectationsOf(a->expect))};
      const auto added = SAGAZ_TRY(app.prompts().AddTest(a->id, t));
      c->Show(wire::ToJson(added), [&] { std::cout << "added test " << added.id << "\n"; });
      return Ok();
    });
  });

  auto* test_del = group->add_subcommand("test-delete", "Delete a test case");
  test_del->add_option("id", a->id, "Prompt id or name")->required();
  test_del->add_option("test", a->test_id, "Test case id")->required();
  test_del->callback([=] {
    c->WithApp([&](App& app) -> Status {
      SAGAZ_TRY(app.prompts().DeleteTest(a->id, a->test_id));
      c->Show({{"deleted", a->test_id}}, [&] { std::cout << "deleted " << a->test_id << "\n"; });
      return Ok();
    });
  });

  auto* test_run = group->add_subcommand("test-run", "Run every test case and check it");
  test_run->add_option("id", a->id, "Prompt id or name")->required();
  test_run->add_option("--version", a->version, "A version (default the latest)")
      ->check(CLI::PositiveNumber);
  test_run->add_option("--model", a->model, "Another model of the configured endpoint");
  test_run->callback([=] {
    c->WithApp([&](App& app) -> Status {
      const auto report = SAGAZ_TRY(
          app.prompts().RunTests("cli", a->id, {.version = a->version, .model = a->model}));
      c->Show(wire::ToJson(report), [&] {
        for (const auto& r : report.runs) {
          std::cout << (r.passed.value_or(false) ? "PASS  " : "FAIL  ") << r.test_id;
          if (!r.error.empty()) std::cout << "  " << r.error;
          for (const auto& ch : r.checks)
            if (!ch.passed) std::cout << "  " << ch.detail;
          std::cout << "\n";
        }
        std::cout << report.passed << "/" << report.cases << " passed (" << report.model
                  << ", version " << report.version << ")\n";
      });
      if (report.failed > 0) {
        return Fail(Error(ErrorCode::kFailedPrecondition,
                          std::to_string(report.failed) + " test case(s) failed"));
      }
      return Ok();
    });
  });
}

}  // namespace sagaz::cli
