// Durable schedules: cron expressions that submit jobs to the queue.
//
//   auto scheduler = SAGAZ_TRY(jobs::Scheduler::Open(pool, queue, config.jobs));
//   scheduler->AllowKind("pipeline", check_payload);
//   SAGAZ_TRY(scheduler->Create({.name = "nightly", .cron = "0 3 * * *",
//                                .time_zone = "America/Sao_Paulo", .kind = "pipeline",
//                                .payload = R"({"pipeline":"thelook"})"}));
//   scheduler->Start();  // a thread that calls Tick() as occurrences fall due
//
// Schedules live in data/sagaz.duckdb with the next occurrence each must enqueue. Tick() submits
// each due occurrence once, as a job whose idempotency key is "schedule:<id>:<occurrence ms>",
// then moves the schedule's next occurrence on with a compare-and-set: a crash between the two
// steps, a restart or a second scheduler over the same store submits the same key again and gets
// the first job back, so no occurrence runs twice (as long as the job is kept:
// jobs.retention_days).
//
// Missed occurrences (the server was down, or a tick came late by more than
// jobs.schedule_grace_ms) follow the schedule's policy:
//   kRunOnce: the missed occurrences are run once, as the latest of them; the rest are counted
//             as skipped.
//   kSkip:    missed occurrences are counted as skipped and not run; the schedule waits for its
//             next occurrence.
// At most one job per schedule is submitted by a tick.
//
// Thread-safe.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "core/config.hpp"
#include "core/error.hpp"

namespace sagaz::db {
class ConnectionPool;
}

namespace sagaz::jobs {

class Queue;

enum class MissedPolicy { kRunOnce, kSkip };
std::string_view ToString(MissedPolicy policy);
Result<MissedPolicy> ParseMissedPolicy(std::string_view text);

// What a schedule is made from.
struct ScheduleSpec {
  std::string name;  // unique; letters, digits, ".", "_", ":", "-"
  std::string cron;  // see jobs/cron.hpp
  std::string time_zone = "UTC";
  std::string kind;            // the job kind submitted (one AllowKind accepts)
  std::string payload = "{}";  // the job's payload (JSON)
  MissedPolicy missed = MissedPolicy::kRunOnce;
  bool enabled = true;
  std::string created_by;
  std::string origin;  // what owns it: empty for people, "pipeline" for a pipeline file's schedule
};

struct Schedule {
  std::string id;  // "sch_" + 16 hex digits
  ScheduleSpec spec;
  int64_t created_ms = 0;
  int64_t updated_ms = 0;
  std::optional<int64_t> next_ms;  // next occurrence to submit (none while disabled)
  std::optional<int64_t> last_ms;  // last occurrence submitted
  std::string last_job_id;
  int64_t skipped = 0;  // occurrences not run by the missed policy
};

// A change to a schedule; unset fields stay as they are.
struct ScheduleUpdate {
  std::optional<std::string> cron;
  std::optional<std::string> time_zone;
  std::optional<MissedPolicy> missed;
  std::optional<bool> enabled;
  std::optional<std::string> payload;
};

// What one tick did.
struct TickReport {
  int64_t submitted = 0;  // jobs submitted (or found already submitted)
  int64_t skipped = 0;    // occurrences skipped by the missed policy
};

class Scheduler {
 public:
  using Clock = std::function<int64_t()>;  // ms since the epoch; NowMs by default
  // Checks a payload of a kind before a schedule of it is saved.
  using PayloadCheck = std::function<Status(std::string_view payload)>;

  // Creates the schedules table if needed.
  static Result<std::unique_ptr<Scheduler>> Open(db::ConnectionPool& pool, Queue& queue,
                                                 JobsConfig config, Clock clock = {});
  ~Scheduler();
  Scheduler(const Scheduler&) = delete;
  Scheduler& operator=(const Scheduler&) = delete;

  // Kinds that schedules may submit. Before the scheduler is shared.
  void AllowKind(std::string kind, PayloadCheck check = {});

  Result<Schedule> Create(const ScheduleSpec& spec);
  // Creates the schedule `spec.name` or, if it exists, sets its cron, time zone, kind and payload
  // (keeping whether it is enabled): for schedules declared in files (pipelines).
  Result<Schedule> Declare(const ScheduleSpec& spec);
  Result<Schedule> Get(std::string_view id_or_name);
  Result<std::vector<Schedule>> List();
  Result<Schedule> Update(std::string_view id_or_name, const ScheduleUpdate& update);
  Status Delete(std::string_view id_or_name);
  // The next `count` occurrences of a schedule after now (ms since the epoch).
  Result<std::vector<int64_t>> NextRuns(const Schedule& schedule, size_t count);
  // Submits the schedule's job now, outside its cron (also when disabled), as `created_by`; its
  // idempotency key "schedule:<id>:now:<ms>" keeps it among the schedule's runs (RunsKeyPrefix).
  Result<std::string> RunNow(std::string_view id_or_name, std::string_view created_by);
  // The prefix of the idempotency keys of every job a schedule submitted (jobs::ListFilter).
  static std::string RunsKeyPrefix(const Schedule& schedule) {
    return "schedule:" + schedule.id + ":";
  }

  // Submits the occurrences due now. Called by the thread Start() runs; tests call it directly
  // with a test clock.
  Result<TickReport> Tick();

  // Runs Tick every jobs.schedule_tick_ms, or sooner when a schedule changes, until Stop().
  void Start();
  void Stop();

 private:
  Scheduler(db::ConnectionPool& pool, Queue& queue, JobsConfig config, Clock clock);
  Status Validate(const ScheduleSpec& spec);
  Result<int64_t> FirstOccurrence(const ScheduleSpec& spec, int64_t after_ms);
  Status Fire(const Schedule& s, int64_t now, TickReport& report);
  void Loop();
  void Wake();

  db::ConnectionPool& pool_;
  Queue& queue_;
  JobsConfig config_;
  Clock clock_;
  std::map<std::string, PayloadCheck, std::less<>> kinds_;
  std::mutex tick_mu_;  // one tick at a time in this process

  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;     // guarded by mu_
  bool changed_ = false;  // guarded by mu_
  std::thread thread_;
};

}  // namespace sagaz::jobs
