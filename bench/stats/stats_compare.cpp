// The C++ half of bench/stats/run: generates the data every tool measures (written to raw .f64
// files that the Python half reads with numpy), then times Sagaz's statistics engine and DuckDB SQL
// aggregates on it, and the end-to-end path dataset column -> summary on a 1M-row DuckDB table.
// Prints one JSON document on stdout.
//
//   stats_compare --dir DIR [--reps 7] [--sizes 1000000,10000000]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "app/app.hpp"
#include "db/db.hpp"
#include "stats/internal/simd.hpp"
#include "stats/service.hpp"
#include "stats/stats.hpp"

namespace {

using namespace sagaz;
using json = nlohmann::ordered_json;

struct Timing {
  double median = 0;
  double min = 0;
};

// Median and minimum of `reps` runs after one warm-up run.
Timing Measure(int reps, const std::function<void()>& fn) {
  fn();
  std::vector<double> ms;
  for (int i = 0; i < reps; ++i) {
    const auto t0 = std::chrono::steady_clock::now();
    fn();
    ms.push_back(
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
  }
  std::sort(ms.begin(), ms.end());
  return {ms[ms.size() / 2], ms.front()};
}

std::vector<double> Generate(size_t n) {
  std::mt19937_64 rng(20240611);
  std::normal_distribution<double> d(100, 15);
  std::vector<double> v(n);
  for (auto& x : v) x = d(rng);
  return v;
}

template <class T>
T Check(Result<T> r, const char* what) {
  if (!r) {
    std::cerr << what << ": " << r.error().ToText() << "\n";
    std::exit(1);
  }
  return std::move(*r);
}
void Check(Status s, const char* what) {
  if (!s) {
    std::cerr << what << ": " << s.error().ToText() << "\n";
    std::exit(1);
  }
}

// The seed summary in one SQL statement, written the fastest way DuckDB offers (one quantile
// aggregate with a list of probabilities).
const char* kSeedSql =
    "SELECT min(x), max(x), avg(x), quantile_cont(x, [0.25, 0.5, 0.75]), stddev_samp(x), "
    "stddev_samp(x) / avg(x) FROM {t}";

// The full profile, as close as SQL gets to Sagaz's: moments, shape, quantiles, mode, distinct,
// MAD, trimmed and winsorized means, outliers by IQR fences and MAD, CV within the fences, and a
// Freedman-Diaconis histogram.
const char* kFullSql = R"sql(
WITH base AS (
  SELECT count(x) AS n, min(x) AS mn, max(x) AS mx, sum(x) AS s, avg(x) AS m,
         var_samp(x) AS v, stddev_samp(x) AS sd, var_pop(x) AS vp, stddev_pop(x) AS sdp,
         skewness(x) AS sk, kurtosis(x) AS ku,
         quantile_cont(x, [0.1, 0.25, 0.5, 0.75, 0.9]) AS q, mode(x) AS mo,
         count(DISTINCT x) AS nd, mad(x) AS md
  FROM {t}),
limits AS (
  SELECT *, q[2] - 1.5 * (q[4] - q[2]) AS lo, q[4] + 1.5 * (q[4] - q[2]) AS hi,
         2 * (q[4] - q[2]) * pow(n, -1 / 3) AS w FROM base),
extra AS (
  SELECT count(*) FILTER (WHERE x < lo OR x > hi) AS out_iqr,
         stddev_samp(x) FILTER (WHERE x BETWEEN lo AND hi) /
           avg(x) FILTER (WHERE x BETWEEN lo AND hi) AS cv_adj,
         count(*) FILTER (WHERE abs(0.6745 * (x - q[3]) / md) > 3.5) AS out_mad,
         avg(x) FILTER (WHERE x BETWEEN q[1] AND q[5]) AS trimmed,
         avg(greatest(least(x, q[5]), q[1])) AS winsorized
  FROM {t}, limits),
hist AS (
  SELECT list(c ORDER BY b) AS counts FROM (
    SELECT least(floor((x - mn) / w), ceil((mx - mn) / w) - 1) AS b, count(*) AS c
    FROM {t}, limits GROUP BY b))
SELECT * FROM limits, extra, hist
)sql";

std::string For(std::string sql, const std::string& table) {
  for (size_t p; (p = sql.find("{t}")) != std::string::npos;) sql.replace(p, 3, table);
  return sql;
}

void Load(db::Connection& conn, const std::string& table, const std::vector<double>& v) {
  Check(conn.Execute("CREATE OR REPLACE TABLE " + table + "(x DOUBLE)"), "create");
  auto app = Check(conn.CreateAppender("main", table), "appender");
  for (double x : v) {
    app.Append(x);
    Check(app.EndRow(), "append");
  }
  Check(app.Close(), "close");
}

std::string CpuName() {
  std::ifstream in("/proc/cpuinfo");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("model name", 0) == 0) return line.substr(line.find(':') + 2);
  }
  return "unknown";
}

}  // namespace

int main(int argc, char** argv) {
  std::filesystem::path dir = "bench/out/stats-data";
  int reps = 7;
  std::vector<size_t> sizes = {1'000'000, 10'000'000};
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--dir" && i + 1 < argc) {
      dir = argv[++i];
    } else if (a == "--reps" && i + 1 < argc) {
      reps = std::stoi(argv[++i]);
    } else if (a == "--sizes" && i + 1 < argc) {
      sizes.clear();
      std::string list = argv[++i];
      for (size_t p = 0; p < list.size();) {
        const size_t q = list.find(',', p);
        sizes.push_back(std::stoull(list.substr(p, q - p)));
        p = q == std::string::npos ? list.size() : q + 1;
      }
    } else {
      std::cerr << "usage: stats_compare --dir DIR [--reps N] [--sizes N,N]\n";
      return 2;
    }
  }
  std::filesystem::create_directories(dir);
  json results = json::array();
  auto record = [&](const std::string& workload, size_t n, const std::string& tool, int threads,
                    Timing t) {
    results.push_back({{"workload", workload},
                       {"n", n},
                       {"tool", tool},
                       {"threads", threads},
                       {"ms", t.median},
                       {"ms_min", t.min}});
    std::cerr << workload << " n=" << n << " " << tool << " x" << threads << ": " << t.median
              << " ms\n";
  };

  for (size_t n : sizes) {
    const auto v = Generate(n);
    {
      std::ofstream out(dir / ("x_" + std::to_string(n) + ".f64"), std::ios::binary);
      out.write(reinterpret_cast<const char*>(v.data()), static_cast<std::streamsize>(n * 8));
    }
    const stats::ColumnView view{std::span<const double>(v)};
    for (int threads : {1, 2}) {
      for (const auto& [name, set] :
           {std::pair{"seed", stats::SeedStats()}, std::pair{"full", stats::AllStats()}}) {
        stats::SummaryOptions o{.stats = set};
        o.threads = threads;
        record(name, n, "sagaz", threads, Measure(reps, [&] {
                 auto s = stats::Summarize(view, o);
                 if (!s) std::exit(1);
               }));
      }
    }
    // DuckDB SQL on the same values, in memory, on one core.
    auto database = Check(db::Database::Open(":memory:", {.threads = 1}), "duckdb");
    auto conn = Check(database.Connect(), "connect");
    Load(conn, "t", v);
    for (const auto& [name, sql] : {std::pair{"seed", kSeedSql}, std::pair{"full", kFullSql}}) {
      const std::string q = For(sql, "t");
      record(name, n, "duckdb_sql", 1, Measure(reps, [&] {
               auto r = Check(conn.Query(q), name);
               Check(r.FetchRows(), "fetch");
             }));
    }
  }

  // End to end: a 1M-row dataset in a DuckDB file -> the seed summary of its column, through the
  // stats service (query, chunk-by-chunk read into a column, kernels), against the same summary
  // as one DuckDB SQL statement on that table. One core each, then two.
  const size_t n = 1'000'000;
  const auto v = Generate(n);
  const auto data_dir = dir / "e2e";
  std::filesystem::remove_all(data_dir);
  for (int threads : {1, 2}) {
    ConfigSources sources;
    sources.use_environment = false;
    sources.overrides = {{"data.dir", data_dir.string()},
                         {"log.file", ""},
                         {"duckdb.threads", std::to_string(threads)},
                         {"stats.threads", std::to_string(threads)}};
    auto config = Check(LoadConfig(sources), "config");
    auto app = Check(App::Open(config), "app");
    {
      auto c = Check(app->pool().Acquire(), "acquire");
      if (threads == 1) {
        Load(*c, "bench", v);
        Check(c->Execute("INSERT INTO _sagaz.datasets(name, created_at, updated_at) VALUES "
                         "('bench', now()::TIMESTAMP, now()::TIMESTAMP)"),
              "register");
      }
    }
    stats::StatsRequest req;
    req.dataset = "bench";
    req.spec.columns = {"x"};
    req.spec.summary.stats = stats::SeedStats();
    double read_ms = 0, compute_ms = 0;
    record("e2e_seed", n, "sagaz", threads, Measure(reps, [&] {
             auto r = Check(app->stats().Describe(req), "describe");
             read_ms = r.read_ms;
             compute_ms = r.compute_ms;
           }));
    results.back()["read_ms"] = read_ms;
    results.back()["compute_ms"] = compute_ms;
    auto c = Check(app->pool().Acquire(), "acquire");
    const std::string q = For(kSeedSql, "bench");
    record("e2e_seed", n, "duckdb_sql", threads, Measure(reps, [&] {
             auto r = Check(c->Query(q), "e2e sql");
             Check(r.FetchRows(), "fetch");
           }));
  }
  json doc = {{"cpu", CpuName()},
              {"cores", std::thread::hardware_concurrency()},
              {"simd", stats::internal::SimdTarget()},
              {"duckdb", db::LibraryVersion()},
              {"reps", reps},
              {"results", results}};
  std::cout << doc.dump(2) << "\n";
}
