#include "assets/assets.hpp"

namespace sagaz::assets {
namespace internal {
extern const RawFile kBundle_web[];
extern const size_t kBundle_web_size;
extern const RawFile kBundle_docs[];
extern const size_t kBundle_docs_size;
}  // namespace internal

namespace {

std::pair<const internal::RawFile*, size_t> Raw(Bundle bundle) {
  switch (bundle) {
    case Bundle::kWeb:
      return {internal::kBundle_web, internal::kBundle_web_size};
    case Bundle::kDocs:
      return {internal::kBundle_docs, internal::kBundle_docs_size};
  }
  return {nullptr, 0};
}

std::string_view View(const char* begin, const char* end) {
  return begin ? std::string_view(begin, static_cast<size_t>(end - begin)) : std::string_view();
}

File ToFile(const internal::RawFile& raw) {
  return File{raw.path, View(raw.begin, raw.end),       ContentType(raw.path),
              raw.etag, View(raw.br_begin, raw.br_end), View(raw.gz_begin, raw.gz_end)};
}

}  // namespace

std::string_view ContentType(std::string_view path) {
  static constexpr std::pair<std::string_view, std::string_view> kTypes[] = {
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".ico", "image/x-icon"},
      {".woff2", "font/woff2"},
      {".woff", "font/woff"},
      {".txt", "text/plain; charset=utf-8"},
      {".map", "application/json"},
      {".webmanifest", "application/manifest+json"},
  };
  for (const auto& [ext, type] : kTypes) {
    if (path.ends_with(ext)) return type;
  }
  return "application/octet-stream";
}

std::optional<File> Find(Bundle bundle, std::string_view path) {
  auto [files, n] = Raw(bundle);
  for (size_t i = 0; i < n; ++i) {
    if (files[i].path == path) return ToFile(files[i]);
  }
  return std::nullopt;
}

std::vector<File> List(Bundle bundle) {
  auto [files, n] = Raw(bundle);
  std::vector<File> out;
  for (size_t i = 0; i < n; ++i) out.push_back(ToFile(files[i]));
  return out;
}

}  // namespace sagaz::assets
