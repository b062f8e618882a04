// Per-request usage records for the analytics routes: buffered in memory and appended to
// _sagaz.usage by a background thread about once a second, so recording costs a request almost
// nothing. Percentiles are exact (DuckDB's quantile over the stored latencies).
//
// Thread-safe.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/error.hpp"

namespace sagaz::db {
class ConnectionPool;
}

namespace sagaz::observability {

struct UsageRecord {
  int64_t ts_ms = 0;
  std::string method;
  std::string route;
  std::string user;
  int status = 0;
  double ms = 0;
};

// Days are UTC dates "YYYY-MM-DD", both ends included.
struct DateRange {
  std::string start_date;
  std::string end_date;
};
// Parses start_date/end_date (either may be empty: the last 7 days up to today).
Result<DateRange> ParseDateRange(std::string_view start, std::string_view end);

struct UsageRow {
  std::string day;
  std::string route;
  std::string user;  // empty: anonymous
  int64_t count = 0;
  int64_t client_errors = 0;  // 4xx
  int64_t errors = 0;         // 5xx
  double p50_ms = 0;
  double p95_ms = 0;
};

struct RoutePerformance {
  std::string method;
  std::string route;
  int64_t count = 0;
  int64_t errors = 0;
  double p50_ms = 0;
  double p95_ms = 0;
  double p99_ms = 0;
  double mean_ms = 0;
  double max_ms = 0;
};

struct DayPerformance {
  std::string day;
  int64_t count = 0;
  int64_t errors = 0;
  double p50_ms = 0;
  double p95_ms = 0;
};

struct Performance {
  std::vector<RoutePerformance> routes;
  std::vector<DayPerformance> daily;
};

class UsageLog {
 public:
  static Result<std::unique_ptr<UsageLog>> Open(db::ConnectionPool& pool);
  ~UsageLog();  // flushes what is buffered
  UsageLog(const UsageLog&) = delete;
  UsageLog& operator=(const UsageLog&) = delete;

  void Record(UsageRecord record);
  // Writes the buffer now (tests, shutdown).
  Status Flush();

  Result<std::vector<UsageRow>> Usage(const DateRange& range);
  Result<Performance> PerformanceOf(const DateRange& range);
  // Removes records older than `days`; returns how many.
  Result<int64_t> Purge(int64_t days);

 private:
  explicit UsageLog(db::ConnectionPool& pool);
  void Run();

  db::ConnectionPool& pool_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<UsageRecord> buffer_;  // guarded by mu_
  bool stop_ = false;                // guarded by mu_
  std::mutex flush_mu_;              // one writer at a time
  std::thread thread_;
};

}  // namespace sagaz::observability
