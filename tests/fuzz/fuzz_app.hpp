// What fuzz targets share: an App on a temporary data directory, confined like `sagaz serve`, with
// datasets ingested from CSV text.
#pragma once

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "app/app.hpp"

namespace sagaz::fuzz {

// {name, CSV text} pairs become datasets. The App lives until the process exits; the data
// directory is removed then. Aborts on failure (a fuzz target cannot run without it).
// `settings` are configuration overrides ("section.key", "value").
App* OpenApp(const std::vector<std::pair<std::string, std::string>>& datasets,
             const std::vector<std::pair<std::string, std::string>>& settings = {});

// Where files of the App's ingests go (inside data/uploads, which DuckDB may read).
std::filesystem::path UploadsDir(App& app);

}  // namespace sagaz::fuzz
