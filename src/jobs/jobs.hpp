// Durable jobs: a queue that survives crashes and restarts, and the workers that run its jobs.
//
//   auto queue = SAGAZ_TRY(jobs::OpenEmbeddedQueue(pool, config.jobs));
//   jobs::Workers workers(*queue, effects, config.jobs, "serve-1234");
//   workers.Register("ingest", [&](jobs::JobContext& ctx) -> Result<std::string> { ... });
//   workers.Start(2);
//   auto submitted = SAGAZ_TRY(queue->Submit({.kind = "ingest", .payload = "{...}"}));
//
// A worker claims a job with a lease and renews it with heartbeats; only the lease holder may
// report progress or finish the job, so a job never runs twice at once. A job whose worker died is
// taken again when its lease expires (at once after a restart of the embedded store, which no other
// process can share). Failures are retried with exponential backoff and dead-lettered after
// jobs.max_attempts; errors that retrying cannot fix (bad input) fail at once.
//
// Exactly-once effects: a handler that changes data records the change in the same transaction
// (EffectLog::Record via JobContext::RecordEffect); a job whose effect is recorded is finished with
// the recorded result instead of being run again after a crash.
//
// Thread-safe: Queue, EffectLog and Workers may be used from any thread.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "core/config.hpp"
#include "core/error.hpp"

namespace sagaz::db {
class Connection;
class ConnectionPool;
}  // namespace sagaz::db

namespace sagaz::jobs {

enum class State { kQueued, kRunning, kSucceeded, kFailed, kCancelled, kDead };
std::string_view ToString(State state);
Result<State> ParseState(std::string_view text);
// Succeeded, failed, cancelled or dead: nothing more will happen unless retried.
bool IsTerminal(State state);

struct JobError {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;
};

struct Job {
  std::string id;  // sortable by creation time
  std::string kind;
  State state = State::kQueued;
  int priority = 0;               // higher runs first
  double progress = 0;            // 0..100
  std::string message;            // what the job is doing, for people
  std::string payload;            // JSON document given at submission
  std::string result;             // JSON document, once succeeded
  std::optional<JobError> error;  // last failure
  int attempts = 0;
  int max_attempts = 0;
  std::string idempotency_key;
  std::string created_by;
  bool cancel_requested = false;
  int64_t created_ms = 0;
  int64_t started_ms = 0;   // 0: never started
  int64_t finished_ms = 0;  // 0: not finished
  int64_t updated_ms = 0;
  int64_t run_at_ms = 0;  // a queued job waits until then (retry backoff)
};

struct SubmitRequest {
  std::string kind;
  std::string payload = "{}";
  int priority = 0;
  std::optional<int> max_attempts;  // default jobs.max_attempts
  std::string idempotency_key;      // a second submission with the same key returns the first job
  std::string created_by;
};

struct Submitted {
  Job job;
  bool existing = false;  // the idempotency key matched an earlier job
};

struct ListFilter {
  std::optional<State> state;
  std::string kind;
  std::string created_by;  // empty: everyone's
  std::string key_prefix;  // only jobs whose idempotency key starts with it (a schedule's runs)
  size_t limit = 50;
  std::string cursor;  // id of the last job of the previous page
};

struct JobPage {
  std::vector<Job> jobs;
  std::string next_cursor;  // empty on the last page
};

struct Depth {
  std::string kind;
  State state = State::kQueued;
  int64_t count = 0;
};

// What a lease renewal found.
struct Lease {
  bool held = false;  // false: another worker took the job (or it was finished)
  bool cancel_requested = false;
};

// The durable queue. Embedded (DuckDB) now; a Redis Streams implementation can stand behind the
// same interface.
class Queue {
 public:
  virtual ~Queue() = default;

  virtual Result<Submitted> Submit(const SubmitRequest& request) = 0;
  virtual Result<Job> Get(std::string_view id) = 0;
  virtual Result<JobPage> List(const ListFilter& filter) = 0;
  // A queued job is cancelled at once; a running one is asked to stop. A finished job is
  // kFailedPrecondition.
  virtual Result<Job> Cancel(std::string_view id) = 0;
  // A failed, dead or cancelled job is queued again with its attempts reset, unless its kind's
  // retry check (SetRetryCheck) refuses.
  virtual Result<Job> Retry(std::string_view id) = 0;
  // What a kind needs to run again (its input file, say): an error refuses a retry at once, with
  // its message, instead of letting the job fail later. Set before the queue is shared.
  using RetryCheck = std::function<Status(const Job& job)>;
  void SetRetryCheck(std::string kind, RetryCheck check);

  // Worker side. Claims the next runnable job of `kinds` (all when empty) whose kind is under its
  // concurrency limit.
  virtual Result<std::optional<Job>> Claim(std::string_view owner,
                                           std::span<const std::string> kinds) = 0;
  virtual Result<Lease> Renew(std::string_view id, std::string_view owner) = 0;
  virtual Status Report(std::string_view id, std::string_view owner, double progress,
                        std::string_view message) = 0;
  virtual Status Succeed(std::string_view id, std::string_view owner, std::string_view result) = 0;
  // Records a failed attempt: retried after a backoff when `retryable` and attempts remain,
  // otherwise failed (not retryable), dead (attempts exhausted) or cancelled (code kCancelled).
  virtual Status FailAttempt(std::string_view id, std::string_view owner, const Error& error,
                             bool retryable) = 0;
  // Gives a job back without counting the attempt (the worker is shutting down).
  virtual Status Release(std::string_view id, std::string_view owner) = 0;

  virtual Result<std::vector<Depth>> Depths() = 0;
  // Removes finished jobs older than `before_ms`; returns how many.
  virtual Result<int64_t> Purge(int64_t before_ms) = 0;
  // Whether the queue's store answers.
  virtual Status Ping() = 0;
  // Used by idempotent handlers to find out whether a job id exists (for orphaned files).
  virtual Result<std::vector<std::string>> ActiveIds(std::string_view kind) = 0;
  // Jobs of `kind` that may still need their input: all but succeeded ones (a failed, dead or
  // cancelled job can be retried).
  virtual Result<std::vector<Job>> Retained(std::string_view kind) = 0;
  // Fails, without a retry, the jobs among `ids` still marked running: their attempt crashed the
  // process that ran it (see FailCrashedJobs). Returns how many.
  virtual Result<int64_t> FailCrashed(std::span<const std::string> ids, const Error& error) = 0;

  // Change notification, for event streams and idle workers: a counter bumped by every change.
  uint64_t Version() const { return version_.load(); }
  // Waits until the version differs from `seen` or the timeout passes; returns the version.
  uint64_t WaitForChange(uint64_t seen, std::chrono::milliseconds timeout);

 protected:
  void Changed();
  // The kind's retry check, or Ok.
  Status CheckRetry(const Job& job) const;

 private:
  std::map<std::string, RetryCheck, std::less<>> retry_checks_;
  std::atomic<uint64_t> version_{1};
  std::mutex mu_;
  std::condition_variable cv_;
};

// The embedded durable queue in data/sagaz.duckdb. Running jobs found at start-up belonged to a
// process that is gone (the database file is exclusive) and are taken again at once.
Result<std::unique_ptr<Queue>> OpenEmbeddedQueue(db::ConnectionPool& pool, JobsConfig config);

// Where a crashing process leaves the ids of the jobs it was running, relative to the data
// directory: Workers register each attempt with crash::Running, and the handler installed by
// crash::InstallHandler writes them on a fatal signal.
inline constexpr std::string_view kCrashMarker = "crashed-jobs";

// At start-up, before workers run: fails the jobs a crashed process left in `marker`, with an
// error saying so, instead of letting them crash the next process too. A job interrupted by
// SIGKILL or a power loss leaves no marker and is taken again as usual. Returns the failed ids.
Result<std::vector<std::string>> FailCrashedJobs(Queue& queue, const std::filesystem::path& marker);

// Exactly-once effects, recorded in the database the effect happens in.
class EffectLog {
 public:
  static Result<std::unique_ptr<EffectLog>> Open(db::ConnectionPool& pool);
  // Inside the caller's open transaction on `conn`.
  Status Record(db::Connection& conn, std::string_view job_id, std::string_view result);
  // The recorded result of a job's effect, if any.
  Result<std::optional<std::string>> Find(std::string_view job_id);
  Status Forget(std::string_view job_id);

 private:
  explicit EffectLog(db::ConnectionPool& pool) : pool_(pool) {}
  db::ConnectionPool& pool_;
};

// What a handler sees of its job.
class JobContext {
 public:
  JobContext(Queue& queue, EffectLog& effects, Job job, std::string owner)
      : queue_(queue), effects_(effects), job_(std::move(job)), owner_(std::move(owner)) {}
  const Job& job() const { return job_; }
  // Reports progress (0..100) and what is being done; written at most a few times a second.
  void Progress(double percent, std::string_view message = {});
  // True once cancellation was asked for, the lease was lost or the worker is stopping: the
  // handler should return soon (any error will do; the job is not failed for it).
  bool Cancelled() const { return cancelled_.load(std::memory_order_relaxed); }
  // Records, inside the caller's transaction on `conn`, that the job's effect happened.
  Status RecordEffect(db::Connection& conn, std::string_view result);

 private:
  friend class Workers;
  Queue& queue_;
  EffectLog& effects_;
  Job job_;
  std::string owner_;
  std::atomic<bool> cancelled_{false};
  std::chrono::steady_clock::time_point last_report_{};
  double last_percent_ = -1;
};

// Returns the result document (JSON) of a job, or an error.
using Handler = std::function<Result<std::string>(JobContext& context)>;
// Called once a job this process ran reached a terminal state (to remove its input files).
using Finalizer = std::function<void(const Job& job)>;

// A finished attempt, for metrics.
struct AttemptOutcome {
  std::string kind;
  State state = State::kSucceeded;  // state after the attempt (queued when it will be retried)
  double seconds = 0;
};

// Threads that claim and run jobs. Stop() (or the destructor) lets running jobs stop at their next
// cancellation check and gives them back to the queue.
class Workers {
 public:
  Workers(Queue& queue, EffectLog& effects, JobsConfig config, std::string owner);
  ~Workers();
  Workers(const Workers&) = delete;
  Workers& operator=(const Workers&) = delete;

  // Before Start.
  void Register(std::string kind, Handler handler, Finalizer on_final = {});
  void OnOutcome(std::function<void(const AttemptOutcome&)> observer);
  void Start(int threads);
  void Stop();
  // Jobs running in this process now.
  size_t Running() const;

 private:
  void Loop();
  void Heartbeat();
  void Run(Job job);

  Queue& queue_;
  EffectLog& effects_;
  JobsConfig config_;
  std::string owner_;
  struct Kind {
    Handler handler;
    Finalizer on_final;
  };
  std::map<std::string, Kind, std::less<>> handlers_;
  std::vector<std::string> kinds_;
  std::function<void(const AttemptOutcome&)> observer_;

  std::atomic<bool> stopping_{false};
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::map<std::string, JobContext*> running_;  // guarded by mu_
  std::vector<std::thread> threads_;
  std::thread heartbeat_;
};

}  // namespace sagaz::jobs
