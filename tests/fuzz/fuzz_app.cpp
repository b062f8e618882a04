#include "fuzz_app.hpp"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "ingest/ingest.hpp"

namespace sagaz::fuzz {
namespace {

std::filesystem::path g_dir;

void RemoveDir() {
  std::error_code ec;
  if (!g_dir.empty()) std::filesystem::remove_all(g_dir, ec);
}

[[noreturn]] void Die(const std::string& what) {
  std::fprintf(stderr, "fuzz: cannot set up: %s\n", what.c_str());
  std::abort();
}

}  // namespace

std::filesystem::path UploadsDir(App& app) { return app.config().DataPath("uploads"); }

App* OpenApp(const std::vector<std::pair<std::string, std::string>>& datasets,
             const std::vector<std::pair<std::string, std::string>>& settings) {
  std::string tmpl = (std::filesystem::temp_directory_path() / "sagaz-fuzz-XXXXXX").string();
  if (!mkdtemp(tmpl.data())) Die("mkdtemp");
  g_dir = tmpl;
  std::atexit(RemoveDir);
  ConfigSources sources;
  sources.use_environment = false;
  sources.overrides = {
      {"data.dir", (g_dir / "data").string()}, {"log.file", ""}, {"duckdb.threads", "2"}};
  for (const auto& kv : settings) sources.overrides.push_back(kv);
  auto config = LoadConfig(sources);
  if (!config) Die(config.error().ToText());
  auto app = App::Open(*config);
  if (!app) Die(app.error().ToText());
  const auto uploads = UploadsDir(**app);
  std::filesystem::create_directories(uploads);
  for (const auto& [name, csv] : datasets) {
    const auto path = uploads / (name + ".csv");
    std::ofstream(path, std::ios::binary) << csv;
    ingest::Request request;
    request.path = path;
    request.dataset = name;
    if (auto report = (*app)->ingestor().Run(request); !report) Die(report.error().ToText());
  }
  if (auto st = (*app)->RestrictFileAccess(); !st) Die(st.error().ToText());
  return app->release();
}

}  // namespace sagaz::fuzz
