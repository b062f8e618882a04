// Prometheus metrics: counters and histograms with labels, and gauges read when scraped, rendered
// in the text exposition format (version 0.0.4). Written here because no Debian package ships a
// Prometheus client for C++; the format is small and stable.
//
// Thread-safe: any thread may update; Render() may run concurrently.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace sagaz::observability {

using Labels = std::vector<std::string>;  // values, in the order of the metric's label names

class Counter {
 public:
  void Inc(const Labels& labels, double by = 1);

 private:
  friend class Registry;
  std::mutex mu_;
  std::map<Labels, double> values_;  // guarded by mu_
};

class Histogram {
 public:
  explicit Histogram(std::vector<double> bounds) : bounds_(std::move(bounds)) {}
  void Observe(const Labels& labels, double value);

 private:
  friend class Registry;
  struct Series {
    std::vector<uint64_t> buckets;  // cumulative at render time; per-bucket here
    uint64_t count = 0;
    double sum = 0;
  };
  std::vector<double> bounds_;
  std::mutex mu_;
  std::map<Labels, Series> series_;  // guarded by mu_
};

// One value of a gauge.
struct Sample {
  Labels labels;
  double value = 0;
};

class Registry {
 public:
  Counter& AddCounter(std::string name, std::string help, std::vector<std::string> label_names);
  Histogram& AddHistogram(std::string name, std::string help, std::vector<std::string> label_names,
                          std::vector<double> bounds);
  // `collect` runs at every scrape; it must not throw.
  void AddGauge(std::string name, std::string help, std::vector<std::string> label_names,
                std::function<std::vector<Sample>()> collect, bool counter = false);

  // The exposition text of every metric.
  std::string Render() const;

  // Latency buckets in seconds, 0.5 ms to 30 s.
  static std::vector<double> LatencyBuckets();

 private:
  struct Family {
    std::string name;
    std::string help;
    std::string type;  // counter, histogram, gauge
    std::vector<std::string> label_names;
    std::unique_ptr<Counter> counter;
    std::unique_ptr<Histogram> histogram;
    std::function<std::vector<Sample>()> collect;
  };
  mutable std::mutex mu_;
  std::vector<std::unique_ptr<Family>> families_;  // guarded by mu_ (the list, not the values)
};

}  // namespace sagaz::observability
