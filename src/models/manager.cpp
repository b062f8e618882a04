#include "models/manager.hpp"

#include <unistd.h>

#include <algorithm>

#include "core/log.hpp"
#include "core/strings.hpp"

namespace sagaz::models {

namespace {

using Clock = std::chrono::steady_clock;

uint64_t PhysicalMemory() {
  const long pages = sysconf(_SC_PHYS_PAGES);
  const long page = sysconf(_SC_PAGE_SIZE);
  return pages > 0 && page > 0 ? static_cast<uint64_t>(pages) * static_cast<uint64_t>(page)
                               : uint64_t{8} << 30;
}

// What a model holds in memory once loaded: its weights, the KV cache of the context (F16 keys
// and values) and llama.cpp's buffers (logits and the compute graph of one micro-batch).
uint64_t EstimateBytes(const ModelFile& file, const LoadOptions& load) {
  const auto& info = file.info;
  const int64_t context =
      info.context_length > 0 ? std::min<int64_t>(load.context, info.context_length) : load.context;
  const auto kv = static_cast<uint64_t>(context) * static_cast<uint64_t>(info.layers) *
                  static_cast<uint64_t>(info.kv_width) * 2 * 2;
  const auto micro_batch = static_cast<uint64_t>(std::min(load.batch, 512));
  const auto compute = static_cast<uint64_t>(info.vocabulary) * 4 * micro_batch +
                       static_cast<uint64_t>(info.embedding_length) * 4 * micro_batch * 16;
  return file.size + kv + compute;
}

}  // namespace

std::string_view ToString(ModelState state) {
  switch (state) {
    case ModelState::kUnloaded:
      return "unloaded";
    case ModelState::kLoading:
      return "loading";
    case ModelState::kLoaded:
      return "loaded";
  }
  return "unloaded";
}

struct ModelManager::Entry {
  ModelFile file;
  ModelState state = ModelState::kUnloaded;
  std::unique_ptr<Engine> engine;  // set while kLoaded
  uint64_t estimate = 0;           // bytes reserved in the budget while loading or loaded
  bool busy = false;
  int waiting = 0;
  Clock::time_point last_used{};
  std::optional<std::chrono::system_clock::time_point> last_used_wall;
  int64_t requests = 0;
  int64_t tokens = 0;
  double generation_s = 0;
  double load_ms = 0;
  int64_t loads = 0;
};

// A request's exclusive use of a loaded model; gives it back on destruction.
class ModelManager::Use {
 public:
  Use(ModelManager* manager, Entry* entry) : manager_(manager), entry_(entry) {}
  Use(Use&& other) noexcept
      : manager_(std::exchange(other.manager_, nullptr)),
        entry_(other.entry_),
        tokens_(other.tokens_),
        seconds_(other.seconds_) {}
  Use(const Use&) = delete;
  Use& operator=(const Use&) = delete;
  Use& operator=(Use&&) = delete;
  ~Use() {
    if (manager_ != nullptr) manager_->Release(*entry_, tokens_, seconds_);
  }
  Engine& engine() { return *entry_->engine; }
  void Count(int64_t tokens, double seconds) {
    tokens_ += tokens;
    seconds_ += seconds;
  }

 private:
  ModelManager* manager_;
  Entry* entry_;
  int64_t tokens_ = 0;
  double seconds_ = 0;
};

ModelManager::ModelManager(ManagerOptions options)
    : options_(std::move(options)), registry_(options_.folder, options_.paths) {
  budget_ = options_.ram_budget_bytes > 0 ? options_.ram_budget_bytes : PhysicalMemory() / 4 * 3;
  if (options_.sweep_every.count() <= 0) {
    options_.sweep_every = std::clamp(options_.keep_alive / 4, std::chrono::milliseconds(10),
                                      std::chrono::milliseconds(5000));
  }
  sweeper_ = std::thread([this] { SweepLoop(); });
}

ModelManager::~ModelManager() {
  std::vector<std::unique_ptr<Engine>> engines;
  {
    std::unique_lock lock(mu_);
    stopping_ = true;
    changed_.notify_all();
    // Requests still running finish first (the server stops before the application).
    changed_.wait(lock, [&] {
      return std::none_of(entries_.begin(), entries_.end(), [](const auto& e) {
        return e.second->busy || e.second->state == ModelState::kLoading;
      });
    });
    for (auto& [name, e] : entries_) engines.push_back(std::move(e->engine));
  }
  if (sweeper_.joinable()) sweeper_.join();
}

ModelManager::Entry& ModelManager::EntryFor(const ModelFile& file) {
  auto& slot = entries_[file.name];
  if (!slot) slot = std::make_unique<Entry>();
  if (slot->state == ModelState::kUnloaded) {
    slot->file = file;
    slot->estimate = EstimateBytes(file, options_.load);
  }
  return *slot;
}

Result<ModelManager::Use> ModelManager::Acquire(const std::string& name, bool count_request) {
  std::unique_lock lock(mu_);
  auto it = entries_.find(name);
  if (it == entries_.end()) {
    lock.unlock();  // the registry reads the disk: not under the lock
    const auto file = SAGAZ_TRY(registry_.Find(name));
    lock.lock();
    it = entries_.find(name);
    if (it == entries_.end()) it = entries_.find(EntryFor(file).file.name);
  }
  Entry& entry = *it->second;
  const int ahead = entry.waiting + (entry.busy || entry.state == ModelState::kLoading ? 1 : 0);
  if (ahead > options_.queue_depth) {
    return Fail(Error(ErrorCode::kRateLimited, "model '" + name + "' has " +
                                                   std::to_string(entry.waiting) +
                                                   " requests waiting; try again shortly")
                    .With("model", name)
                    .With("retry_after_s", "1"));
  }
  ++entry.waiting;
  for (;;) {
    if (stopping_) {
      --entry.waiting;
      return Fail(ErrorCode::kUnavailable, "the model manager is stopping");
    }
    if (entry.state == ModelState::kLoaded && !entry.busy) break;
    if (entry.state == ModelState::kUnloaded) {
      if (auto loaded = EnsureLoaded(lock, entry); !loaded) {
        --entry.waiting;
        changed_.notify_all();
        return Fail(std::move(loaded).error());
      }
      continue;
    }
    changed_.wait(lock);
  }
  --entry.waiting;
  entry.busy = true;
  if (count_request) ++entry.requests;
  return Use(this, &entry);
}

Status ModelManager::EnsureLoaded(std::unique_lock<std::mutex>& lock, Entry& entry) {
  const std::string name = entry.file.name;
  if (!entry.file.error.empty()) {
    return Fail(Error(ErrorCode::kFailedPrecondition,
                      "model '" + name + "' cannot be loaded: " + entry.file.error)
                    .With("model", name));
  }
  const uint64_t need = entry.estimate;
  if (need > budget_) {
    return Fail(Error(ErrorCode::kFailedPrecondition,
                      "model '" + name + "' needs more memory than the budget allows")
                    .With("model", name)
                    .With("needs", FormatBytes(need))
                    .With("budget", FormatBytes(budget_))
                    .With("key", "models.ram_budget_mb"));
  }
  // Evict the least recently used idle models until this one fits.
  std::vector<std::unique_ptr<Engine>> evicted;
  while (reserved_ + need > budget_) {
    Entry* lru = nullptr;
    for (auto& [other_name, e] : entries_) {
      if (e.get() == &entry || e->state != ModelState::kLoaded || e->busy || e->waiting > 0)
        continue;
      if (lru == nullptr || e->last_used < lru->last_used) lru = e.get();
    }
    if (lru == nullptr) {
      for (auto& e : evicted) e.reset();  // nothing else fits either: give back what was taken
      return Fail(Error(ErrorCode::kFailedPrecondition,
                        "model '" + name +
                            "' does not fit in memory beside the models serving requests now")
                      .With("model", name)
                      .With("needs", FormatBytes(need))
                      .With("in_use", FormatBytes(reserved_))
                      .With("budget", FormatBytes(budget_))
                      .With("key", "models.ram_budget_mb"));
    }
    log::Info("model evicted", {{"model", lru->file.name}, {"for", name}});
    evicted.push_back(std::move(lru->engine));
    lru->state = ModelState::kUnloaded;
    reserved_ -= lru->estimate;
  }
  reserved_ += need;
  entry.state = ModelState::kLoading;
  const std::filesystem::path path = entry.file.path;
  lock.unlock();
  evicted.clear();
  const auto start = Clock::now();
  auto engine = Engine::Load(path, options_.load);
  const double ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
  lock.lock();
  changed_.notify_all();
  if (!engine) {
    reserved_ -= need;
    entry.state = ModelState::kUnloaded;
    return Fail(std::move(engine).error().With("model", name));
  }
  entry.engine = std::move(*engine);
  entry.state = ModelState::kLoaded;
  entry.load_ms = ms;
  ++entry.loads;
  entry.last_used = Clock::now();
  log::Info("model loaded", {{"model", name}, {"ms", FormatDouble(ms)}});
  return Ok();
}

void ModelManager::Release(Entry& entry, int64_t tokens, double generation_s) {
  std::lock_guard lock(mu_);
  entry.busy = false;
  entry.last_used = Clock::now();
  entry.last_used_wall = std::chrono::system_clock::now();
  entry.tokens += tokens;
  entry.generation_s += generation_s;
  tokens_ += tokens;
  generation_s_ += generation_s;
  changed_.notify_all();
}

Result<Generation> ModelManager::Chat(const std::string& name,
                                      const std::vector<llm::Message>& messages,
                                      const SamplingOptions& sampling, const TextFn& on_text) {
  auto use = SAGAZ_TRY(Acquire(name));
  auto out = SAGAZ_TRY(use.engine().Chat(messages, sampling, on_text));
  use.Count(out.completion_tokens, (out.elapsed_ms - out.first_token_ms) / 1000.0);
  return out;
}

Result<Embeddings> ModelManager::Embed(const std::string& name,
                                       const std::vector<std::string>& inputs) {
  auto use = SAGAZ_TRY(Acquire(name));
  return use.engine().Embed(inputs);
}

Status ModelManager::Load(const std::string& name) {
  auto use = SAGAZ_TRY(Acquire(name, /*count_request=*/false));
  return Ok();
}

Status ModelManager::Unload(const std::string& name) {
  const auto file = SAGAZ_TRY(registry_.Find(name));
  std::unique_ptr<Engine> engine;
  {
    std::unique_lock lock(mu_);
    Entry& entry = EntryFor(file);
    changed_.wait(
        lock, [&] { return stopping_ || (!entry.busy && entry.state != ModelState::kLoading); });
    if (entry.state != ModelState::kLoaded) return Ok();
    engine = std::move(entry.engine);
    entry.state = ModelState::kUnloaded;
    reserved_ -= entry.estimate;
    changed_.notify_all();
  }
  engine.reset();
  log::Info("model unloaded", {{"model", name}});
  return Ok();
}

int ModelManager::Sweep(Clock::time_point now) {
  std::vector<std::unique_ptr<Engine>> idle;
  {
    std::lock_guard lock(mu_);
    for (auto& [name, e] : entries_) {
      if (e->state != ModelState::kLoaded || e->busy || e->waiting > 0) continue;
      if (now - e->last_used < options_.keep_alive) continue;
      log::Info("model unloaded after keep-alive", {{"model", name}});
      idle.push_back(std::move(e->engine));
      e->state = ModelState::kUnloaded;
      reserved_ -= e->estimate;
    }
    if (!idle.empty()) changed_.notify_all();
  }
  return static_cast<int>(idle.size());
}

void ModelManager::SweepLoop() {
  std::unique_lock lock(mu_);
  while (!stopping_) {
    changed_.wait_for(lock, options_.sweep_every);
    if (stopping_) break;
    lock.unlock();
    Sweep();
    lock.lock();
  }
}

ModelStatus ModelManager::StatusOf(const Entry& e) const {
  ModelStatus s;
  s.file = e.file;
  s.state = e.state;
  s.needs_bytes = e.estimate;
  s.resident_bytes = e.state == ModelState::kUnloaded ? 0 : e.estimate;
  s.last_used = e.last_used_wall;
  s.requests = e.requests;
  s.tokens = e.tokens;
  s.tokens_per_s = e.generation_s > 0 ? static_cast<double>(e.tokens) / e.generation_s : 0;
  s.load_ms = e.load_ms;
  s.loads = e.loads;
  s.active = e.busy ? 1 : 0;
  s.queued = e.waiting;
  return s;
}

Result<std::vector<ModelStatus>> ModelManager::List() {
  const auto files = SAGAZ_TRY(registry_.List());
  std::lock_guard lock(mu_);
  std::vector<ModelStatus> out;
  for (const auto& f : files) out.push_back(StatusOf(EntryFor(f)));
  return out;
}

Result<ModelStatus> ModelManager::Get(const std::string& name) {
  const auto file = SAGAZ_TRY(registry_.Find(name));
  std::lock_guard lock(mu_);
  return StatusOf(EntryFor(file));
}

std::vector<ModelStatus> ModelManager::Snapshot() {
  std::lock_guard lock(mu_);
  std::vector<ModelStatus> out;
  for (const auto& [name, e] : entries_) out.push_back(StatusOf(*e));
  return out;
}

ManagerTotals ModelManager::Totals() {
  std::lock_guard lock(mu_);
  ManagerTotals t;
  t.budget_bytes = budget_;
  t.resident_bytes = reserved_;
  t.tokens = tokens_;
  t.generation_s = generation_s_;
  for (const auto& [name, e] : entries_) t.queued += e->waiting;
  return t;
}

}  // namespace sagaz::models
