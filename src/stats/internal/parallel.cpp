#include "stats/internal/parallel.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <exception>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "stats/stats.hpp"

namespace sagaz::stats::internal {
namespace {

// One ParallelFor call. Tasks are claimed with an atomic counter by the caller and the helpers.
struct Job {
  const std::function<void(size_t)>* fn = nullptr;
  size_t tasks = 0;
  std::atomic<size_t> next{0};
  std::atomic<int> helper_slots{0};
  std::mutex mu;
  std::condition_variable cv;
  size_t done = 0;           // guarded by mu
  std::exception_ptr error;  // guarded by mu; the first exception a task threw

  void Work() {
    size_t finished = 0;
    std::exception_ptr caught;
    for (;;) {
      const size_t t = next.fetch_add(1, std::memory_order_relaxed);
      if (t >= tasks) break;
      try {
        (*fn)(t);
      } catch (...) {  // a thread boundary: hand the exception to the caller's thread
        if (!caught) caught = std::current_exception();
      }
      ++finished;
    }
    if (finished == 0 && !caught) return;
    std::lock_guard lock(mu);
    if (caught && !error) error = caught;
    done += finished;
    if (done == tasks) cv.notify_all();
  }
};

// Workers sleep on a condition variable and help with the oldest queued job. Thread-safe; lives
// until the process exits.
class Pool {
 public:
  static Pool& Shared() {
    static Pool pool(std::max(1u, std::thread::hardware_concurrency()) - 1);
    return pool;
  }

  size_t workers() const { return workers_.size(); }

  void Run(size_t tasks, size_t threads, const std::function<void(size_t)>& fn) {
    const size_t helpers = std::min({threads - 1, workers_.size(), tasks - 1});
    if (helpers == 0) {
      for (size_t t = 0; t < tasks; ++t) fn(t);
      return;
    }
    auto job = std::make_shared<Job>();
    job->fn = &fn;
    job->tasks = tasks;
    job->helper_slots = static_cast<int>(helpers);
    {
      std::lock_guard lock(mu_);
      queue_.push_back(job);
    }
    for (size_t i = 0; i < helpers; ++i) cv_.notify_one();
    job->Work();
    // While helpers finish our tasks, help with other queued work: a job of ours running beside
    // another (RunTogether) queues nested jobs that only an idle thread can take, and a waiting
    // caller is one. Queued work shows up without a signal to us, hence the short poll.
    for (;;) {
      {
        std::unique_lock lock(job->mu);
        if (job->done == job->tasks) break;
      }
      std::shared_ptr<Job> other;
      {
        std::lock_guard lock(mu_);
        other = TakeLocked();
      }
      if (other) {
        other->Work();
        continue;
      }
      std::unique_lock lock(job->mu);
      if (job->cv.wait_for(lock, std::chrono::microseconds(100),
                           [&] { return job->done == job->tasks; })) {
        break;
      }
    }
    {
      std::lock_guard lock(mu_);
      auto it = std::find(queue_.begin(), queue_.end(), job);
      if (it != queue_.end()) queue_.erase(it);
    }
    if (job->error) std::rethrow_exception(job->error);
  }

  ~Pool() {
    {
      std::lock_guard lock(mu_);
      stop_ = true;
    }
    cv_.notify_all();
    for (auto& t : workers_) t.join();
  }

 private:
  explicit Pool(size_t n) {
    for (size_t i = 0; i < n; ++i) workers_.emplace_back([this] { Loop(); });
  }

  void Loop() {
    for (;;) {
      std::shared_ptr<Job> job;
      {
        std::unique_lock lock(mu_);
        cv_.wait(lock, [&] { return stop_ || !queue_.empty(); });
        if (stop_) return;
        job = TakeLocked();
      }
      if (job) job->Work();
    }
  }

  // The oldest queued job that still has unclaimed tasks, with this thread counted as one of its
  // helpers (the last helper a job asked for takes it off the queue, as does finding it fully
  // claimed); null when there is none. Requires mu_.
  std::shared_ptr<Job> TakeLocked() {
    while (!queue_.empty()) {
      std::shared_ptr<Job> job = queue_.front();
      const bool last = job->helper_slots.fetch_sub(1) <= 1;
      const bool open = job->next.load(std::memory_order_relaxed) < job->tasks;
      if (last || !open) queue_.pop_front();
      if (open) return job;
    }
    return nullptr;
  }

  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::shared_ptr<Job>> queue_;  // guarded by mu_
  bool stop_ = false;                       // guarded by mu_
  std::vector<std::thread> workers_;
};

}  // namespace

size_t ThreadsFor(size_t rows, int requested, size_t threshold) {
  if (requested == 1 || rows < threshold) return 1;
  const size_t cores = Pool::Shared().workers() + 1;
  return requested <= 0 ? cores : std::min(cores, static_cast<size_t>(requested));
}

void ParallelFor(size_t tasks, size_t threads, const std::function<void(size_t)>& fn) {
  if (tasks == 0) return;
  if (threads <= 1 || tasks == 1) {
    for (size_t t = 0; t < tasks; ++t) fn(t);
    return;
  }
  Pool::Shared().Run(tasks, threads, fn);
}

void ForBlocks(size_t rows, size_t threads,
               const std::function<void(size_t block, size_t begin, size_t end)>& fn) {
  ParallelFor(BlockCount(rows), threads, [&](size_t b) {
    const size_t begin = b * kBlockRows;
    fn(b, begin, std::min(rows, begin + kBlockRows));
  });
}

}  // namespace sagaz::stats::internal

namespace sagaz::stats {

void RunTogether(std::initializer_list<std::function<void()>> tasks) {
  const std::function<void()>* first = tasks.begin();
  internal::ParallelFor(tasks.size(), tasks.size(), [&](size_t t) { first[t](); });
}

}  // namespace sagaz::stats
