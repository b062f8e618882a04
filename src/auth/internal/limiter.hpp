// Counts failed logins per key ("user:ana", "addr:10.0.0.1") in a sliding window. Thread-safe.
// Memory is bounded: past kMaxKeys tracked keys the stalest are forgotten.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace sagaz::auth::internal {

class FailureLimiter {
 public:
  using Clock = std::chrono::steady_clock;
  explicit FailureLimiter(std::chrono::seconds window) : window_(window) {}

  // Seconds until `key` may try again (0: now), given at most `limit` failures per window.
  int64_t RetryAfter(std::string_view key, int limit, Clock::time_point now = Clock::now());
  void RecordFailure(std::string_view key, Clock::time_point now = Clock::now());
  void Reset(std::string_view key);

 private:
  static constexpr size_t kMaxKeys = 100'000;
  void Prune(std::deque<Clock::time_point>& times, Clock::time_point now) const;

  std::chrono::seconds window_;
  std::mutex mu_;
  std::unordered_map<std::string, std::deque<Clock::time_point>> failures_;  // guarded by mu_
};

}  // namespace sagaz::auth::internal
