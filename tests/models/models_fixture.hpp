// Paths of the tiny random-weight models the build writes (tests/models/make_tiny_gguf.py), and a
// temporary directory; header-only so the models tests link only the models module.
#pragma once

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

namespace sagaz::testing {

inline std::filesystem::path TinyChatModel() {
  return std::filesystem::path(SAGAZ_TEST_MODELS_DIR) / "tiny-chat.gguf";
}
inline std::filesystem::path TinyEmbedModel() {
  return std::filesystem::path(SAGAZ_TEST_MODELS_DIR) / "tiny-embed.gguf";
}

// A fresh directory removed at the end of the test.
class ModelsTempDir {
 public:
  ModelsTempDir() {
    static std::atomic<int> counter{0};
    path_ = std::filesystem::temp_directory_path() /
            ("sagaz-models-" + std::to_string(getpid()) + "-" + std::to_string(counter++));
    std::filesystem::create_directories(path_);
  }
  ~ModelsTempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  ModelsTempDir(const ModelsTempDir&) = delete;
  ModelsTempDir& operator=(const ModelsTempDir&) = delete;
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

inline std::filesystem::path WriteBytes(const std::filesystem::path& path, std::string_view bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  return path;
}

}  // namespace sagaz::testing
