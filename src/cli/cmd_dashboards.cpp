// Dashboard commands: list, export (a dashboard and its questions as one JSON file), import, and
// render (a dashboard or saved question drawn as PNG or PDF, as scheduled reports deliver it).
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>

#include "cli/context.hpp"
#include "cli/table.hpp"
#include "dashboards/dashboards.hpp"
#include "reports/reports.hpp"
#include "wire/dashboards.hpp"

namespace sagaz::cli {
namespace {

struct DashboardArgs {
  std::string id;
  std::string file;
  std::string collection;
  std::string format = "pdf";
  std::string language = "pt";
  bool question = false;
  std::vector<std::string> filters;  // column=value or column=from..to
};

// The CLI acts for the person at the machine, who owns the data directory: an admin.
const dashboards::Viewer kLocal{"cli", auth::Role::kAdmin};

}  // namespace

void AddDashboardCommands(CLI::App& cli, Context& ctx) {
  Context* const c = &ctx;
  DashboardArgs* const a = &c->Hold<DashboardArgs>();
  auto* group = cli.add_subcommand("dashboards", "List, export and import dashboards");
  group->require_subcommand(1);

  group->add_subcommand("list", "List dashboards with their cards")->callback([=] {
    c->WithApp([&](App& app) -> Status {
      const auto list = SAGAZ_TRY(app.dashboards().ListDashboards(kLocal));
      wire::Json items = wire::Json::array();
      for (const auto& d : list) items.push_back(wire::ToJson(d));
      c->Show({{"dashboards", std::move(items)}}, [&] {
        if (list.empty()) {
          std::cout << "No dashboards yet. `sagaz demo` ships two; the web UI builds more.\n";
          return;
        }
        std::vector<std::vector<std::string>> rows;
        for (const auto& d : list) {
          rows.push_back({d.id, d.name, d.collection, std::to_string(d.cards.size()),
                          std::to_string(d.filters.size()), d.public_token ? "yes" : "no",
                          d.updated_at.substr(0, 19)});
        }
        std::cout << RenderTable({{"id"},
                                  {"name"},
                                  {"collection"},
                                  {"cards", true},
                                  {"filters", true},
                                  {"public"},
                                  {"updated"}},
                                 rows);
      });
      return Ok();
    });
  });

  auto* exp = group->add_subcommand(
      "export", "Write a dashboard and its questions as one JSON file (to move between servers)");
  exp->add_option("id", a->id, "Dashboard id (see `sagaz dashboards list`)")->required();
  exp->add_option("-o,--output", a->file, "File to write (default: standard output)");
  exp->callback([=] {
    c->WithApp([&](App& app) -> Status {
      const auto bundle = SAGAZ_TRY(app.dashboards().ExportBundle(kLocal, a->id));
      const std::string text = wire::Dump(wire::ToJson(bundle), 2) + "\n";
      if (a->file.empty() || a->file == "-") {
        std::cout << text;
        return Ok();
      }
      std::ofstream out(a->file, std::ios::binary | std::ios::trunc);
      out << text;
      if (!out.flush()) return Fail(ErrorCode::kIo, "cannot write " + a->file);
      if (!c->json) {
        std::cerr << "Exported '" << bundle.dashboard.name << "' with " << bundle.questions.size()
                  << " question(s) to " << a->file << ".\n";
      }
      return Ok();
    });
  });

  auto* imp = group->add_subcommand(
      "import", "Create a dashboard and its questions from a file written by export");
  imp->add_option("file", a->file, "The exported JSON file ('-' for standard input)")->required();
  imp->add_option("--collection", a->collection,
                  "Put the dashboard and its questions in this collection");
  imp->callback([=] {
    c->WithApp([&](App& app) -> Status {
      std::stringstream text;
      if (a->file == "-") {
        text << std::cin.rdbuf();
      } else {
        std::ifstream in(a->file, std::ios::binary);
        if (!in) return Fail(ErrorCode::kNotFound, "cannot read " + a->file);
        text << in.rdbuf();
      }
      const auto body = SAGAZ_TRY(wire::ParseBody(text.str()));
      const auto bundle = SAGAZ_TRY(wire::ParseBundle(body));
      std::optional<std::string> collection;
      if (!a->collection.empty()) collection = a->collection;
      const auto d = SAGAZ_TRY(app.dashboards().ImportBundle(kLocal, bundle, collection));
      c->Show(wire::ToJson(d), [&] {
        std::cout << "Imported '" << d.name << "' as " << d.id << " (" << d.cards.size()
                  << " cards, " << bundle.questions.size() << " questions).\n";
      });
      return Ok();
    });
  });

  auto* render = group->add_subcommand(
      "render", "Draw a dashboard (or, with --question, a saved question) as PDF or PNG");
  render->add_option("id", a->id, "Dashboard id (or question id with --question)")->required();
  render->add_option("-o,--output", a->file, "File to write")->required();
  render->add_option("--format", a->format, "pdf (default) or png");
  render->add_option("--language", a->language, "pt (default) or en");
  render->add_flag("--question", a->question, "The id is a saved question's");
  render->add_option("--filter", a->filters, "A dashboard filter: column=value or column=from..to");
  render->callback([=] {
    c->WithApp([&](App& app) -> Status {
      std::multimap<std::string, std::string> query;
      for (const auto& f : a->filters) {
        const auto eq = f.find('=');
        if (eq == std::string::npos || eq == 0) {
          return Fail(ErrorCode::kInvalidArgument, "--filter is column=value, not '" + f + "'");
        }
        query.emplace("filter." + f.substr(0, eq), f.substr(eq + 1));
      }
      const auto filters = SAGAZ_TRY(wire::ParseFilterValues(query));
      reports::Target target;
      (a->question ? target.question_id : target.dashboard_id) = a->id;
      const auto bytes = SAGAZ_TRY(app.reports().RenderTarget(
          kLocal, target, SAGAZ_TRY(reports::ParseFormat(a->format)), filters, a->language));
      std::ofstream out(a->file, std::ios::binary | std::ios::trunc);
      out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
      if (!out.flush()) return Fail(ErrorCode::kIo, "cannot write " + a->file);
      c->Show({{"file", a->file}, {"bytes", bytes.size()}},
              [&] { std::cout << "Wrote " << a->file << " (" << bytes.size() << " bytes).\n"; });
      return Ok();
    });
  });
}

}  // namespace sagaz::cli
