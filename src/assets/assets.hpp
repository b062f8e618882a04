// Files embedded in the binary at build time (the web UI, the API docs page), so the server works
// offline and from a single file. Bundles are filled by cmake/EmbedAssets.cmake.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sagaz::assets {

struct File {
  std::string_view path;  // "/index.html"
  std::string_view data;
  std::string_view content_type;  // from the extension
};

enum class Bundle {
  kWeb,   // web/dist: the single-page app served at /
  kDocs,  // the interactive API docs page served at /docs
};

// The file at `path` ("/assets/app.js") in a bundle, if embedded.
std::optional<File> Find(Bundle bundle, std::string_view path);
// Every file of a bundle (empty when the bundle was not built).
std::vector<File> List(Bundle bundle);
std::string_view ContentType(std::string_view path);

namespace internal {
struct RawFile {
  const char* path;
  const char* begin;
  const char* end;
};
}  // namespace internal

}  // namespace sagaz::assets
