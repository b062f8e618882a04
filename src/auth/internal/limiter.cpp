#include "auth/internal/limiter.hpp"

#include <algorithm>

namespace sagaz::auth::internal {

void FailureLimiter::Prune(std::deque<Clock::time_point>& times, Clock::time_point now) const {
  while (!times.empty() && now - times.front() >= window_) times.pop_front();
}

int64_t FailureLimiter::RetryAfter(std::string_view key, int limit, Clock::time_point now) {
  std::lock_guard lock(mu_);
  auto it = failures_.find(std::string(key));
  if (it == failures_.end()) return 0;
  Prune(it->second, now);
  if (static_cast<int>(it->second.size()) < limit) return 0;
  // Allowed again when the oldest failure that keeps the count at the limit leaves the window.
  const auto oldest = it->second[it->second.size() - static_cast<size_t>(limit)];
  const auto wait = std::chrono::ceil<std::chrono::seconds>(oldest + window_ - now).count();
  return std::max<int64_t>(1, wait);
}

void FailureLimiter::RecordFailure(std::string_view key, Clock::time_point now) {
  std::lock_guard lock(mu_);
  if (failures_.size() >= kMaxKeys && !failures_.contains(std::string(key))) {
    // Forget keys whose failures all left the window; if none did, the one with the oldest last
    // failure.
    for (auto it = failures_.begin(); it != failures_.end();) {
      Prune(it->second, now);
      it = it->second.empty() ? failures_.erase(it) : std::next(it);
    }
    if (failures_.size() >= kMaxKeys) {
      auto stalest = std::min_element(
          failures_.begin(), failures_.end(),
          [](const auto& a, const auto& b) { return a.second.back() < b.second.back(); });
      failures_.erase(stalest);
    }
  }
  auto& times = failures_[std::string(key)];
  Prune(times, now);
  times.push_back(now);
  if (times.size() > 10'000) times.pop_front();  // a key past any sane limit stays locked anyway
}

void FailureLimiter::Reset(std::string_view key) {
  std::lock_guard lock(mu_);
  failures_.erase(std::string(key));
}

}  // namespace sagaz::auth::internal
