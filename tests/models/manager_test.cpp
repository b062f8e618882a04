// The residency manager on tiny models: load on use, keep-alive, budget, LRU, waiting, queueing.
#include "models/manager.hpp"

#include <gtest/gtest.h>

#include <condition_variable>
#include <fstream>
#include <future>
#include <thread>

#include "models/models_fixture.hpp"

namespace sagaz::models {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

// Resident memory of this process.
uint64_t Rss() {
  std::ifstream in("/proc/self/statm");
  uint64_t size = 0, resident = 0;
  in >> size >> resident;
  return resident * static_cast<uint64_t>(sysconf(_SC_PAGE_SIZE));
}

// A models folder with two names for the tiny chat model (symlinks) and the embedding model.
class ManagerTest : public ::testing::Test {
 protected:
  ManagerTest() {
    fs::create_directories(dir_ / "models");
    fs::create_symlink(testing::TinyChatModel(), dir_ / "models/a.gguf");
    fs::create_symlink(testing::TinyChatModel(), dir_ / "models/b.gguf");
    fs::create_symlink(testing::TinyEmbedModel(), dir_ / "models/e.gguf");
  }
  ManagerOptions Options() {
    ManagerOptions o;
    o.folder = dir_ / "models";
    o.load.context = 1024;
    o.load.threads = 1;
    o.sweep_every = 1h;  // the tests sweep by hand
    return o;
  }
  static SamplingOptions Greedy(int n) {
    SamplingOptions s;
    s.temperature = 0;
    s.max_tokens = n;
    return s;
  }
  static ModelStatus StatusOf(ModelManager& m, const std::string& name) {
    auto s = m.Get(name);
    EXPECT_TRUE(s) << s.error().ToText();
    return s ? *s : ModelStatus{};
  }
  const std::vector<llm::Message> hi_{{"user", "hi"}};
  testing::ModelsTempDir dir_;
};

// Holds a chat inside its stream callback until released: a busy model.
class Blocker {
 public:
  TextFn Fn() {
    return [this](std::string_view) {
      std::unique_lock lock(mu_);
      entered_ = true;
      cv_.notify_all();
      cv_.wait(lock, [&] { return released_; });
      return true;
    };
  }
  void WaitEntered() {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [&] { return entered_; });
  }
  void Release() {
    std::lock_guard lock(mu_);
    released_ = true;
    cv_.notify_all();
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool entered_ = false, released_ = false;
};

TEST_F(ManagerTest, LoadsOnFirstUseAndUnloadsAfterKeepAlive) {
  auto options = Options();
  options.keep_alive = 1h;
  ModelManager m(options);
  auto list = m.List();
  ASSERT_TRUE(list);
  ASSERT_EQ(list->size(), 3u);
  EXPECT_EQ(StatusOf(m, "a").state, ModelState::kUnloaded);
  const uint64_t before = Rss();

  auto r = m.Chat("a", hi_, Greedy(8));
  ASSERT_TRUE(r) << r.error().ToText();
  auto s = StatusOf(m, "a");
  EXPECT_EQ(s.state, ModelState::kLoaded);
  EXPECT_EQ(s.requests, 1);
  EXPECT_EQ(s.loads, 1);
  EXPECT_GT(s.resident_bytes, fs::file_size(testing::TinyChatModel()));
  EXPECT_TRUE(s.last_used.has_value());
  EXPECT_EQ(s.tokens, r->completion_tokens);
  const uint64_t loaded = Rss();
  EXPECT_GT(loaded, before);

  EXPECT_EQ(m.Sweep(std::chrono::steady_clock::now()), 0);  // not idle long enough
  EXPECT_EQ(m.Sweep(std::chrono::steady_clock::now() + 2h), 1);
  EXPECT_EQ(StatusOf(m, "a").state, ModelState::kUnloaded);
  EXPECT_EQ(m.Totals().resident_bytes, 0u);
  EXPECT_LT(Rss(), loaded);  // the memory went back

  ASSERT_TRUE(m.Chat("a", hi_, Greedy(4)));  // and it comes back on use
  EXPECT_EQ(StatusOf(m, "a").loads, 2);
}

TEST_F(ManagerTest, TheSweepThreadUnloadsIdleModels) {
  auto options = Options();
  options.keep_alive = 50ms;
  options.sweep_every = 20ms;
  ModelManager m(options);
  ASSERT_TRUE(m.Load("a"));
  for (int i = 0; i < 500 && StatusOf(m, "a").state == ModelState::kLoaded; ++i)
    std::this_thread::sleep_for(10ms);
  EXPECT_EQ(StatusOf(m, "a").state, ModelState::kUnloaded);
}

TEST_F(ManagerTest, LoadAndUnloadOnRequest) {
  ModelManager m(Options());
  ASSERT_TRUE(m.Load("a"));
  EXPECT_EQ(StatusOf(m, "a").state, ModelState::kLoaded);
  EXPECT_EQ(StatusOf(m, "a").requests, 0);
  ASSERT_TRUE(m.Unload("a"));
  EXPECT_EQ(StatusOf(m, "a").state, ModelState::kUnloaded);
  ASSERT_TRUE(m.Unload("a"));  // unloading twice is fine
  auto missing = m.Load("nope");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
}

TEST_F(ManagerTest, TheBudgetEvictsTheLeastRecentlyUsedIdleModel) {
  ModelManager probe(Options());
  const uint64_t one = StatusOf(probe, "a").needs_bytes;
  const uint64_t embed = StatusOf(probe, "e").needs_bytes;
  auto options = Options();
  options.ram_budget_bytes = one + embed + one / 2;  // a chat model and the embedder, not two chats
  ModelManager m(options);
  ASSERT_TRUE(m.Load("a"));
  ASSERT_TRUE(m.Embed("e", {"x"}));
  ASSERT_TRUE(m.Chat("a", hi_, Greedy(2)));  // a is now more recent than e...
  ASSERT_TRUE(m.Embed("e", {"y"}));          // ...and e more recent than a
  ASSERT_TRUE(m.Load("b"));                  // evicts a, the least recently used
  EXPECT_EQ(StatusOf(m, "a").state, ModelState::kUnloaded);
  EXPECT_EQ(StatusOf(m, "e").state, ModelState::kLoaded);
  EXPECT_EQ(StatusOf(m, "b").state, ModelState::kLoaded);
  EXPECT_LE(m.Totals().resident_bytes, options.ram_budget_bytes);
}

TEST_F(ManagerTest, AModelThatCannotFitIsRefusedClearly) {
  ModelManager probe(Options());
  const uint64_t one = StatusOf(probe, "a").needs_bytes;
  auto options = Options();
  options.ram_budget_bytes = one / 2;
  ModelManager m(options);
  auto r = m.Chat("a", hi_, Greedy(2));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_FALSE(r.error().Detail("needs").empty());
  EXPECT_EQ(r.error().Detail("key"), "models.ram_budget_mb");
  EXPECT_EQ(StatusOf(m, "a").state, ModelState::kUnloaded);
}

TEST_F(ManagerTest, ABusyModelIsNotEvicted) {
  ModelManager probe(Options());
  const uint64_t one = StatusOf(probe, "a").needs_bytes;
  auto options = Options();
  options.ram_budget_bytes = one + one / 2;
  ModelManager m(options);
  Blocker blocker;
  auto busy =
      std::async(std::launch::async, [&] { return m.Chat("a", hi_, Greedy(3), blocker.Fn()); });
  blocker.WaitEntered();
  auto r = m.Load("b");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_NE(r.error().message.find("serving requests"), std::string::npos);
  blocker.Release();
  ASSERT_TRUE(busy.get());
  ASSERT_TRUE(m.Load("b"));  // once a is idle, it makes room
  EXPECT_EQ(StatusOf(m, "a").state, ModelState::kUnloaded);
}

TEST_F(ManagerTest, ConcurrentFirstRequestsLoadTheModelOnce) {
  ModelManager m(Options());
  std::vector<std::future<Result<Generation>>> calls;
  for (int i = 0; i < 4; ++i)
    calls.push_back(std::async(std::launch::async, [&] { return m.Chat("a", hi_, Greedy(3)); }));
  for (auto& c : calls) {
    auto r = c.get();
    EXPECT_TRUE(r) << r.error().ToText();
  }
  auto s = StatusOf(m, "a");
  EXPECT_EQ(s.loads, 1);
  EXPECT_EQ(s.requests, 4);
}

TEST_F(ManagerTest, TheQueueIsBoundedAndThenSays429) {
  auto options = Options();
  options.queue_depth = 1;
  ModelManager m(options);
  Blocker blocker;
  auto running =
      std::async(std::launch::async, [&] { return m.Chat("a", hi_, Greedy(2), blocker.Fn()); });
  blocker.WaitEntered();
  auto waiting = std::async(std::launch::async, [&] { return m.Chat("a", hi_, Greedy(2)); });
  for (int i = 0; i < 1000 && StatusOf(m, "a").queued < 1; ++i) std::this_thread::sleep_for(5ms);
  EXPECT_EQ(m.Totals().queued, 1);
  auto refused = m.Chat("a", hi_, Greedy(2));
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kRateLimited);
  EXPECT_EQ(refused.error().Detail("retry_after_s"), "1");
  blocker.Release();
  EXPECT_TRUE(running.get());
  EXPECT_TRUE(waiting.get());
  EXPECT_EQ(StatusOf(m, "a").requests, 2);
}

TEST_F(ManagerTest, ACorruptedFileIsRefusedNotLoaded) {
  testing::WriteBytes(dir_ / "models/broken.gguf", "GGUF garbage");
  ModelManager m(Options());
  auto r = m.Chat("broken", hi_, Greedy(2));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_EQ(m.Totals().resident_bytes, 0u);
}

TEST_F(ManagerTest, TheLocalProviderAnswersThroughTheLlmInterface) {
  ModelManager m(Options());
  llm::SetLocalFactory([&m](const std::string& model) { return MakeLocalProvider(m, model); });
  LlmConfig config;
  config.provider = llm::ProviderKind::kLocal;
  config.model = "a";
  auto provider = llm::MakeProvider(config);
  ASSERT_TRUE(provider) << provider.error().ToText();
  EXPECT_EQ((*provider)->Name(), "a@local");
  llm::ChatRequest request;
  request.messages = hi_;
  request.max_tokens = 6;
  std::string streamed;
  auto r = (*provider)->Chat(request, [&](std::string_view d) { streamed += d; });
  ASSERT_TRUE(r) << r.error().ToText();
  EXPECT_EQ(r->content, streamed);
  EXPECT_GT(r->prompt_tokens, 0);
  llm::SetLocalFactory({});
  auto gone = llm::MakeProvider(config);
  ASSERT_FALSE(gone);
  EXPECT_EQ(gone.error().code, ErrorCode::kFailedPrecondition);
}

}  // namespace
}  // namespace sagaz::models
