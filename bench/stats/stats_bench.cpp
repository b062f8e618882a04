// Micro-benchmarks of the statistics kernels. Throughput is reported in bytes of input per second.
#include <benchmark/benchmark.h>
#include <malloc.h>

#include <random>
#include <vector>

#include "stats/stats.hpp"

namespace {

using namespace sagaz::stats;

// The allocator as `sagaz serve` tunes it (src/server/server.cpp): large buffers are reused between
// calls instead of being mapped, faulted in and unmapped each time.
const bool kServerAllocator = [] {
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
  mallopt(M_TRIM_THRESHOLD, 256 << 20);
  return true;
}();

const std::vector<double>& Data(size_t n) {
  static std::map<size_t, std::vector<double>> cache;
  auto& v = cache[n];
  if (v.empty()) {
    std::mt19937_64 rng(42);
    std::normal_distribution<double> d(100, 15);
    v.resize(n);
    for (auto& x : v) x = d(rng);
  }
  return v;
}

void Run(benchmark::State& state, const StatSet& stats, int threads) {
  const auto& v = Data(static_cast<size_t>(state.range(0)));
  SummaryOptions o{.stats = stats};
  o.threads = threads;
  o.parallel_threshold = 0;  // the thread count is the benchmark's parameter
  for (auto _ : state) {
    auto s = Summarize(ColumnView(std::span<const double>(v)), o);
    benchmark::DoNotOptimize(s);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * state.range(0) * 8);
}

void BM_Mean(benchmark::State& s) { Run(s, {Stat::kMean}, 1); }
void BM_StdDev(benchmark::State& s) { Run(s, {Stat::kStdDev}, 1); }
void BM_Median(benchmark::State& s) { Run(s, {Stat::kMedian}, 1); }
void BM_Quartiles(benchmark::State& s) { Run(s, {Stat::kQ1, Stat::kMedian, Stat::kQ3}, 1); }
void BM_Seed1(benchmark::State& s) { Run(s, SeedStats(), 1); }
void BM_Seed2(benchmark::State& s) { Run(s, SeedStats(), 2); }
void BM_Default1(benchmark::State& s) { Run(s, DefaultStats(), 1); }
void BM_Robust1(benchmark::State& s) { Run(s, ParseStats({"robust"}).value(), 1); }
void BM_Mode1(benchmark::State& s) { Run(s, {Stat::kMode}, 1); }
void BM_Histogram1(benchmark::State& s) { Run(s, {Stat::kHistogram}, 1); }
void BM_All1(benchmark::State& s) { Run(s, AllStats(), 1); }
void BM_All2(benchmark::State& s) { Run(s, AllStats(), 2); }

BENCHMARK(BM_Mean)->Arg(1 << 20)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_StdDev)->Arg(1 << 20)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Median)->Arg(1 << 20)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Quartiles)->Arg(1 << 20)->Unit(benchmark::kMillisecond);
// Where a second thread starts to pay (SummaryOptions::parallel_threshold).
BENCHMARK(BM_Seed1)->RangeMultiplier(4)->Range(1 << 14, 1 << 22)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Seed2)->RangeMultiplier(4)->Range(1 << 14, 1 << 22)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Default1)->Arg(1 << 20)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Robust1)->Arg(1 << 20)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Mode1)->Arg(1 << 20)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Histogram1)->Arg(1 << 20)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_All1)->Arg(1 << 20)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_All2)->Arg(1 << 20)->Unit(benchmark::kMillisecond);

void BM_Trend(benchmark::State& state) {
  const size_t n = static_cast<size_t>(state.range(0));
  std::vector<double> x(n), y(n);
  std::mt19937_64 rng(7);
  std::normal_distribution<double> d(0, 1);
  for (size_t i = 0; i < n; ++i) {
    x[i] = static_cast<double>(i) / 96.0;
    y[i] = 0.01 * x[i] + d(rng);
  }
  for (auto _ : state) {
    auto t =
        FitTrend(ColumnView(std::span<const double>(x)), ColumnView(std::span<const double>(y)));
    benchmark::DoNotOptimize(t);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * state.range(0) * 16);
}
BENCHMARK(BM_Trend)->Arg(10000)->Arg(100000)->Unit(benchmark::kMillisecond);

void BM_Grouped(benchmark::State& state) {
  const auto& v = Data(1 << 20);
  std::vector<uint32_t> g(v.size());
  for (size_t i = 0; i < g.size(); ++i) g[i] = static_cast<uint32_t>((i * 2654435761u) % 64);
  for (auto _ : state) {
    auto s = SummarizeGroups(ColumnView(std::span<const double>(v)), g, 64, {.stats = SeedStats()});
    benchmark::DoNotOptimize(s);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * (1 << 20) * 8);
}
BENCHMARK(BM_Grouped)->Unit(benchmark::kMillisecond);

// A sensor series as Ask reads it: 88 sensors one after another, 11,520 instants each.
constexpr size_t kSensors = 88, kInstants = 11520;

void BM_InstantIds(benchmark::State& state) {
  std::vector<int64_t> keys(kSensors * kInstants);
  for (size_t i = 0; i < keys.size(); ++i)
    keys[i] = static_cast<int64_t>(i % kInstants) * 900'000'000;
  std::vector<uint32_t> ids(keys.size());
  for (auto _ : state) {
    Grouper g;
    for (size_t at = 0; at < keys.size(); at += 2048)
      g.AddInts(keys.data() + at, std::min<size_t>(2048, keys.size() - at), nullptr,
                ids.data() + at);
    benchmark::DoNotOptimize(ids.data());
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * keys.size()));
}
BENCHMARK(BM_InstantIds)->Unit(benchmark::kMillisecond);

void BM_MeanByInstant(benchmark::State& state) {
  const auto& v = Data(kSensors * kInstants);
  std::vector<uint32_t> ids(v.size());
  for (size_t i = 0; i < ids.size(); ++i) ids[i] = static_cast<uint32_t>(i % kInstants);
  for (auto _ : state) {
    auto m = MeanByGroup(ColumnView(std::span<const double>(v)), ids, kInstants);
    benchmark::DoNotOptimize(m);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * v.size()));
}
BENCHMARK(BM_MeanByInstant)->Unit(benchmark::kMillisecond);

void BM_TrendOfInstants(benchmark::State& state) {
  std::vector<double> x(kInstants), y(kInstants);
  std::mt19937_64 rng(7);
  std::normal_distribution<double> d(0, 1);
  for (size_t i = 0; i < kInstants; ++i) {
    x[i] = static_cast<double>(i) / 96.0;
    y[i] = 3 - 0.008 * x[i] + 0.3 * d(rng);
  }
  for (auto _ : state) {
    auto t =
        FitTrend(ColumnView(std::span<const double>(x)), ColumnView(std::span<const double>(y)));
    benchmark::DoNotOptimize(t);
  }
}
BENCHMARK(BM_TrendOfInstants)->Unit(benchmark::kMillisecond);

// The seed question's computation after the scan: the summary of every reading, the mean per
// instant and the trend of the instants; arg 1 runs the two parts side by side.
void BM_SeriesAnswer(benchmark::State& state) {
  const auto& v = Data(kSensors * kInstants);
  std::vector<uint32_t> ids(v.size());
  for (size_t i = 0; i < ids.size(); ++i) ids[i] = static_cast<uint32_t>(i % kInstants);
  std::vector<double> x(kInstants);
  for (size_t i = 0; i < kInstants; ++i) x[i] = static_cast<double>(i) / 96.0;
  SummaryOptions o{.stats = DefaultStats()};
  o.stats.Add(Stat::kOutliersIqr);
  const ColumnView values{std::span<const double>(v)};
  auto points = [&] {
    auto m = MeanByGroup(values, ids, kInstants);
    std::vector<double> y(kInstants);
    for (size_t i = 0; i < kInstants; ++i) y[i] = *m->mean[i];
    auto t =
        FitTrend(ColumnView(std::span<const double>(x)), ColumnView(std::span<const double>(y)));
    benchmark::DoNotOptimize(t);
  };
  auto summary = [&] {
    auto s = Summarize(values, o);
    benchmark::DoNotOptimize(s);
  };
  for (auto _ : state) {
    if (state.range(0)) {
      RunTogether({summary, points});
    } else {
      summary();
      points();
    }
  }
}
BENCHMARK(BM_SeriesAnswer)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
