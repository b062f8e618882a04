// The residency manager: which in-process models are in memory, and when.
//
//   - A model is loaded on first use, and unloaded after keep_alive without requests.
//   - Loaded models share a RAM budget. A model that does not fit evicts the least recently used
//     idle models; when it still does not fit, the request is refused with kFailedPrecondition
//     saying how much it needs (never an out-of-memory kill).
//   - Requests for a model that is loading wait for that load; a model is never loaded twice.
//   - A model serves one request at a time; up to queue_depth more wait, and beyond that
//     requests get kRateLimited (HTTP 429).
//
// Thread-safe. Loads and inference run outside the lock; the lock only guards bookkeeping.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "core/error.hpp"
#include "llm/llm.hpp"
#include "models/engine.hpp"
#include "models/registry.hpp"

namespace sagaz::models {

struct ManagerOptions {
  std::filesystem::path folder;                   // data/models
  std::vector<std::filesystem::path> paths;       // models.paths
  std::chrono::milliseconds keep_alive{300'000};  // Default: 5 minutes
  uint64_t ram_budget_bytes = 0;                  // 0: 75% of the machine's RAM
  int queue_depth = 8;                            // waiting requests per model
  LoadOptions load;
  // How often the keep-alive sweep runs; 0: a quarter of keep_alive, at most 5 s.
  std::chrono::milliseconds sweep_every{0};
};

enum class ModelState { kUnloaded, kLoading, kLoaded };
std::string_view ToString(ModelState state);

struct ModelStatus {
  ModelFile file;
  ModelState state = ModelState::kUnloaded;
  uint64_t resident_bytes = 0;  // estimate while loaded: weights + KV cache + compute buffers
  uint64_t needs_bytes = 0;     // the same estimate before loading (what the budget checks)
  std::optional<std::chrono::system_clock::time_point> last_used;
  int64_t requests = 0;     // served since start
  int64_t tokens = 0;       // generated since start
  double tokens_per_s = 0;  // generated tokens over generation time, since start
  double load_ms = 0;       // the last load
  int64_t loads = 0;        // since start
  int active = 0;           // requests running (0 or 1)
  int queued = 0;           // requests waiting
};

struct ManagerTotals {
  uint64_t budget_bytes = 0;
  uint64_t resident_bytes = 0;
  int queued = 0;
  int64_t tokens = 0;
  double generation_s = 0;
};

class ModelManager {
 public:
  explicit ModelManager(ManagerOptions options);
  ~ModelManager();  // unloads every model
  ModelManager(const ModelManager&) = delete;
  ModelManager& operator=(const ModelManager&) = delete;

  const Registry& registry() const { return registry_; }
  const ManagerOptions& options() const { return options_; }

  // A chat completion on the named model (loaded first if needed).
  Result<Generation> Chat(const std::string& name, const std::vector<llm::Message>& messages,
                          const SamplingOptions& sampling, const TextFn& on_text = {});
  Result<Embeddings> Embed(const std::string& name, const std::vector<std::string>& inputs);

  // Loads a model now (waits for a load under way). Unload waits for running requests.
  Status Load(const std::string& name);
  Status Unload(const std::string& name);

  // Every model of the registry, with its state.
  Result<std::vector<ModelStatus>> List();
  Result<ModelStatus> Get(const std::string& name);
  ManagerTotals Totals();
  // The models this process has seen (used, loaded or listed), without reading the disk: for
  // metrics scraped often.
  std::vector<ModelStatus> Snapshot();

  // Unloads models idle past keep_alive at `now`; returns how many. The sweep thread calls it.
  int Sweep(std::chrono::steady_clock::time_point now = std::chrono::steady_clock::now());

 private:
  struct Entry;
  class Use;  // a request's hold on a loaded model

  Result<Use> Acquire(const std::string& name, bool count_request = true);
  Status EnsureLoaded(std::unique_lock<std::mutex>& lock, Entry& entry);
  void Release(Entry& entry, int64_t tokens, double generation_s);
  Entry& EntryFor(const ModelFile& file);          // mu_ held
  ModelStatus StatusOf(const Entry& entry) const;  // mu_ held
  void SweepLoop();

  ManagerOptions options_;
  Registry registry_;
  uint64_t budget_ = 0;

  std::mutex mu_;
  std::condition_variable changed_;  // a load ended, a request ended, a model was unloaded
  std::map<std::string, std::unique_ptr<Entry>> entries_;  // guarded by mu_
  uint64_t reserved_ = 0;    // guarded by mu_: estimates of loaded and loading models
  int64_t tokens_ = 0;       // guarded by mu_
  double generation_s_ = 0;  // guarded by mu_
  bool stopping_ = false;    // guarded by mu_
  std::thread sweeper_;
};

// The in-process engine as a language-model provider (llm.provider = "local"): Ask, Knowledge and
// the rest use it through llm::Provider. The manager must outlive it.
std::unique_ptr<llm::Provider> MakeLocalProvider(ModelManager& manager, std::string model);

}  // namespace sagaz::models
