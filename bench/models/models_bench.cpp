// Figures of the in-process engine and its residency manager, on the tiny test models by default
// (build/test-models) or on real GGUF files given as arguments. Prints a Markdown table.
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "models/engine.hpp"
#include "models/manager.hpp"

namespace {

using namespace sagaz;
using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;

double Ms(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double, std::milli>(b - a).count();
}

uint64_t Rss() {
  std::ifstream in("/proc/self/statm");
  uint64_t size = 0, resident = 0;
  in >> size >> resident;
  return resident * static_cast<uint64_t>(sysconf(_SC_PAGE_SIZE));
}

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

void Row(const std::string& what, double value, const std::string& unit) {
  std::printf("| %s | %.3f %s |\n", what.c_str(), value, unit.c_str());
}

}  // namespace

int main(int argc, char** argv) {
  std::setvbuf(stdout, nullptr, _IOLBF, 0);
  const fs::path dir = fs::path(argv[0]).parent_path().parent_path() / "test-models";
  const fs::path chat = argc > 1 ? fs::path(argv[1]) : dir / "tiny-chat.gguf";
  const fs::path embed = argc > 2 ? fs::path(argv[2]) : dir / "tiny-embed.gguf";
  models::LoadOptions load;
  load.context = 2048;
  load.threads = 1;  // the figures are per core
  std::printf("model: %s (%.1f MB)\n\n| measure | value |\n|---|---|\n", chat.filename().c_str(),
              static_cast<double>(fs::file_size(chat)) / 1e6);

  if (auto ok = models::InitBackend(); !ok) {
    std::fprintf(stderr, "%s\n", ok.error().ToText().c_str());
    return 1;
  }
  std::vector<double> loads;
  uint64_t rss_delta = 0;
  for (int i = 0; i < 5; ++i) {
    const uint64_t before = Rss();
    const auto a = Clock::now();
    auto engine = models::Engine::Load(chat, load);
    const auto b = Clock::now();
    if (!engine) {
      std::fprintf(stderr, "%s\n", engine.error().ToText().c_str());
      return 1;
    }
    loads.push_back(Ms(a, b));
    rss_delta = Rss() - before;
  }
  Row("load (median of 5)", Median(loads), "ms");
  Row("resident memory after load (RSS delta)", static_cast<double>(rss_delta) / 1e6, "MB");

  auto engine = std::move(*models::Engine::Load(chat, load));
  const std::vector<llm::Message> prompt = {{"user", "Write a long story about a ship."}};
  std::vector<double> ttft, tps;
  for (int i = 0; i < 5; ++i) {
    models::SamplingOptions s;
    s.temperature = 0;
    s.max_tokens = 128;
    auto g = engine->Chat(prompt, s);
    if (!g) return 1;
    ttft.push_back(g->first_token_ms);
    tps.push_back(static_cast<double>(g->completion_tokens) /
                  ((g->elapsed_ms - g->first_token_ms) / 1000.0));
  }
  Row("time to first token (" + std::to_string(14) + "-token prompt, median)", Median(ttft), "ms");
  Row("generation, greedy, 128 tokens (median)", Median(tps), "tokens/s");
  engine.reset();

  // The manager: a loaded model acquired and released (what every request adds to inference).
  const fs::path folder =
      fs::temp_directory_path() / ("sagaz-models-bench-" + std::to_string(getpid()));
  fs::create_directories(folder);
  fs::create_symlink(fs::absolute(chat), folder / "chat.gguf");
  {
    models::ManagerOptions options;
    options.folder = folder;
    options.load = load;
    models::ModelManager manager(options);
    if (!manager.Load("chat")) return 1;
    constexpr int kRounds = 20000;
    const auto a = Clock::now();
    for (int i = 0; i < kRounds; ++i) (void)manager.Load("chat");
    const auto b = Clock::now();
    Row("manager overhead per request (acquire + release, loaded model)",
        Ms(a, b) * 1000.0 / kRounds, "us");
    std::vector<double> unloads;
    for (int i = 0; i < 5; ++i) {
      if (!manager.Load("chat")) return 1;
      const auto u = Clock::now();
      (void)manager.Unload("chat");
      unloads.push_back(Ms(u, Clock::now()));
    }
    Row("unload (median of 5)", Median(unloads), "ms");
    Row("manager estimate of the loaded model",
        static_cast<double>(manager.Get("chat")->needs_bytes) / 1e6, "MB");
  }
  fs::remove_all(folder);

  if (fs::exists(embed)) {
    auto e = models::Engine::Load(embed, load);
    if (!e) return 1;
    std::vector<std::string> inputs(64, "the quick brown fox jumps over the lazy dog");
    const auto a = Clock::now();
    auto out = (*e)->Embed(inputs);
    const auto b = Clock::now();
    if (!out) return 1;
    Row("embeddings, 64 inputs of 10 tokens (batched)", 64 / (Ms(a, b) / 1000.0), "inputs/s");
  }
  return 0;
}
