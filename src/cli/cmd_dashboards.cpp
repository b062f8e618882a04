// Dashboard commands: list, export (a dashboard and its questions as one JSON file) and import.
#include <fstream>
#include <iostream>
#include <sstream>

#include "cli/context.hpp"
#include "cli/table.hpp"
#include "dashboards/dashboards.hpp"
#include "wire/dashboards.hpp"

namespace sagaz::cli {
namespace {

struct DashboardArgs {
  std::string id;
  std::string file;
  std::string collection;
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
}

}  // namespace sagaz::cli
