// The model files Sagaz knows: GGUF files in the models folder (data/models/) and files named in
// the configuration (models.paths). A model's name is its file name without ".gguf". Its
// checksum (SHA-256) is kept beside it in NAME.gguf.sha256 (sha256sum's format), written when
// the model is added; `verify` compares the file with it.
//
// Nothing is ever downloaded. Thread-safe: every call lists the folder anew; headers are read
// again only for files whose size or modification time changed.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"

namespace sagaz::models {

// What a GGUF file's header says.
struct GgufInfo {
  std::string architecture;    // "llama", "qwen2", "bert", ...
  std::string description;     // general.name, when set
  std::string quantization;    // "Q4_K_M", "F16", ...; "unknown" when the file does not say
  int64_t context_length = 0;  // tokens the model was trained for
  int64_t layers = 0;
  int64_t embedding_length = 0;
  int64_t kv_width = 0;  // per layer: key (= value) width of the cache
  int64_t vocabulary = 0;
  bool embedding = false;  // declares a pooling type
};

// Reads the header (metadata and tensor table, not the weights). kInvalidArgument for a file that
// is not GGUF or whose tensors run past its end (truncated); kIo when it cannot be read.
Result<GgufInfo> InspectGguf(const std::filesystem::path& file);

struct ModelFile {
  std::string name;
  std::filesystem::path path;
  uint64_t size = 0;
  GgufInfo info;
  std::string sha256;       // recorded checksum; empty when none was recorded
  std::string error;        // why the header cannot be read (the file is listed anyway)
  bool configured = false;  // from models.paths, not the models folder
};

struct VerifyResult {
  std::string name;
  std::string status;  // "ok", "mismatch", "no_checksum", "unreadable"
  std::string expected;
  std::string actual;
  bool removed = false;
};

struct CleanupResult {
  std::vector<std::string> removed;  // file names
  uint64_t bytes = 0;
};

class Registry {
 public:
  Registry(std::filesystem::path folder, std::vector<std::filesystem::path> paths);

  const std::filesystem::path& folder() const { return folder_; }
  Result<std::vector<ModelFile>> List() const;
  // kNotFound naming the models there are.
  Result<ModelFile> Find(const std::string& name) const;
  // Copies `source` into the folder as NAME.gguf (name: the file's stem unless given), recording
  // its checksum. Checks that it is GGUF and that the disk has room first; a copy that fails is
  // removed. kAlreadyExists for a taken name.
  Result<ModelFile> Add(const std::filesystem::path& source, std::string name = {}) const;
  // Deletes NAME.gguf and its checksum from the folder (configured paths are never deleted).
  Status Remove(const std::string& name) const;
  // Checks files against their checksums (every model, or one); remove_bad deletes the files of
  // the folder that do not match.
  Result<std::vector<VerifyResult>> Verify(const std::string& name, bool remove_bad) const;
  // Removes what an interrupted add leaves (*.partial), checksums without a model, and files of
  // the folder whose header cannot be read.
  Result<CleanupResult> CleanUp() const;

 private:
  ModelFile Describe(const std::filesystem::path& path, bool configured) const;

  std::filesystem::path folder_;
  std::vector<std::filesystem::path> paths_;
  struct Cached {
    std::filesystem::file_time_type mtime;
    uint64_t size = 0;
    GgufInfo info;
    std::string error;
  };
  mutable std::mutex mu_;
  mutable std::map<std::filesystem::path, Cached> headers_;  // guarded by mu_
};

// A name people can type and that is safe as a file name: letters, digits, '.', '-', '_'
// (1..128 characters, not starting with '.'). kInvalidArgument otherwise.
Status ValidateModelName(const std::string& name);

// SHA-256 of a file, lowercase hex.
Result<std::string> Sha256File(const std::filesystem::path& file);

}  // namespace sagaz::models
