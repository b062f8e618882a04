// Model commands: models add | list | verify | rm | cleanup. They work on the model files
// (data/models and models.paths) without opening the database, so they run beside `sagaz serve`.
#include <iostream>

#include "cli/context.hpp"
#include "cli/table.hpp"
#include "core/strings.hpp"
#include "models/manager.hpp"
#include "wire/models.hpp"

namespace sagaz::cli {
namespace {

struct ModelsArgs {
  std::string file;
  std::string name;
  bool remove = false;
};

// Loads the configuration and runs `fn` on the registry it names; errors set the exit code.
void WithRegistry(Context& c, const std::function<Status(const models::Registry&)>& fn) {
  auto status = [&]() -> Status {
    const auto config = SAGAZ_TRY(c.LoadConfig());
    std::vector<std::filesystem::path> paths(config.models.paths.begin(),
                                             config.models.paths.end());
    const models::Registry registry(config.DataPath(config.models.dir), std::move(paths));
    return fn(registry);
  }();
  if (!status) c.Report(status.error());
}

wire::Json FileJson(const models::ModelFile& f) {
  models::ModelStatus s;
  s.file = f;
  s.needs_bytes = 0;
  auto j = wire::ToJson(s);
  for (const char* runtime : {"state", "resident_bytes", "needs_bytes", "last_used", "requests",
                              "tokens", "tokens_per_s", "load_ms", "loads", "active", "queued"})
    j.erase(runtime);
  return j;
}

}  // namespace

void AddModelCommands(CLI::App& cli, Context& ctx) {
  auto* c = &ctx;
  auto* a = &ctx.Hold<ModelsArgs>();
  auto* group = cli.add_subcommand("models", "In-process GGUF models: add, list, verify, rm");
  group->require_subcommand(1);

  auto* add = group->add_subcommand(
      "add", "Copy a GGUF model into the models folder and record its SHA-256 checksum");
  add->add_option("file", a->file, "GGUF file")->required()->check(CLI::ExistingFile);
  add->add_option("--name,-n", a->name, "Model name (default: the file name without .gguf)");
  add->callback([=] {
    WithRegistry(*c, [&](const models::Registry& r) -> Status {
      const auto added = SAGAZ_TRY(r.Add(a->file, a->name));
      c->Show(FileJson(added), [&] {
        std::cout << "added " << added.name << " (" << added.info.architecture << ", "
                  << added.info.quantization << ", " << FormatBytes(added.size) << ", context "
                  << added.info.context_length << ")\nsha256 " << added.sha256 << "\n";
      });
      return Ok();
    });
  });

  auto* list = group->add_subcommand("list", "List the models and what their files say");
  list->callback([=] {
    WithRegistry(*c, [&](const models::Registry& r) -> Status {
      wire::Json items = wire::Json::array();
      std::vector<std::vector<std::string>> rows;
      for (const auto& m : SAGAZ_TRY(r.List())) {
        items.push_back(FileJson(m));
        rows.push_back({m.name, m.error.empty() ? m.info.architecture : "unreadable",
                        m.info.quantization, FormatBytes(m.size),
                        m.info.context_length > 0 ? std::to_string(m.info.context_length) : "",
                        m.info.embedding ? "embedding" : "chat",
                        m.sha256.empty() ? "-" : m.sha256.substr(0, 12)});
      }
      c->Show({{"items", items}}, [&] {
        if (rows.empty()) {
          std::cout << "no models in " << r.folder().string()
                    << " (add one with: sagaz models add FILE.gguf)\n";
          return;
        }
        std::cout << RenderTable({{"name"},
                                  {"architecture"},
                                  {"quantization"},
                                  {"size", true},
                                  {"context", true},
                                  {"kind"},
                                  {"sha256"}},
                                 rows, 60);
      });
      return Ok();
    });
  });

  auto* verify = group->add_subcommand("verify", "Check model files against their checksums");
  verify->add_option("name", a->name, "Only this model");
  verify->add_flag("--remove", a->remove, "Delete files that do not match their checksum");
  verify->callback([=] {
    WithRegistry(*c, [&](const models::Registry& r) -> Status {
      const auto results = SAGAZ_TRY(r.Verify(a->name, a->remove));
      wire::Json items = wire::Json::array();
      int bad = 0;
      for (const auto& v : results) {
        items.push_back(wire::ToJson(v));
        bad += v.status == "mismatch" || v.status == "unreadable";
      }
      c->Show({{"items", items}}, [&] {
        for (const auto& v : results)
          std::cout << v.name << ": " << v.status << (v.removed ? " (removed)" : "") << "\n";
      });
      if (bad > 0) {
        return Fail(Error(ErrorCode::kFailedPrecondition,
                          std::to_string(bad) + " model file(s) do not match their checksum")
                        .With("failed", std::to_string(bad)));
      }
      return Ok();
    });
  });

  auto* rm = group->add_subcommand("rm", "Delete a model and its checksum from the models folder");
  rm->add_option("name", a->name, "Model name")->required();
  rm->callback([=] {
    WithRegistry(*c, [&](const models::Registry& r) -> Status {
      SAGAZ_TRY(r.Remove(a->name));
      c->Show({{"removed", a->name}}, [&] { std::cout << "removed " << a->name << "\n"; });
      return Ok();
    });
  });

  auto* cleanup = group->add_subcommand(
      "cleanup", "Remove interrupted copies, orphaned checksums and unreadable model files");
  cleanup->callback([=] {
    WithRegistry(*c, [&](const models::Registry& r) -> Status {
      const auto done = SAGAZ_TRY(r.CleanUp());
      c->Show(wire::ToJson(done), [&] {
        for (const auto& f : done.removed) std::cout << "removed " << f << "\n";
        std::cout << done.removed.size() << " file(s), " << FormatBytes(done.bytes) << "\n";
      });
      return Ok();
    });
  });
}

}  // namespace sagaz::cli
