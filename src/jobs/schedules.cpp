// Durable schedules in _sagaz.schedules; see jobs/schedules.hpp for the exactly-once argument.
#include "jobs/schedules.hpp"

#include <algorithm>
#include <chrono>

#include "core/ids.hpp"
#include "core/log.hpp"
#include "db/db.hpp"
#include "jobs/cron.hpp"
#include "jobs/jobs.hpp"

namespace sagaz::jobs {
namespace {

constexpr std::string_view kMigrations[] = {
    "CREATE TABLE _sagaz.schedules(id VARCHAR PRIMARY KEY, name VARCHAR NOT NULL UNIQUE, "
    "cron VARCHAR NOT NULL, time_zone VARCHAR NOT NULL, kind VARCHAR NOT NULL, "
    "payload VARCHAR NOT NULL, missed VARCHAR NOT NULL, enabled BOOLEAN NOT NULL, "
    "created_by VARCHAR NOT NULL, origin VARCHAR NOT NULL, created_ms BIGINT NOT NULL, "
    "updated_ms BIGINT NOT NULL, next_ms BIGINT, last_ms BIGINT, last_job_id VARCHAR, "
    "skipped BIGINT NOT NULL);",
};

constexpr const char* kColumns =
    "id, name, cron, time_zone, kind, payload, missed, enabled, created_by, origin, created_ms, "
    "updated_ms, next_ms, last_ms, last_job_id, skipped";

// Occurrences walked through to find the latest missed one; past this the rest are skipped
// without counting them one by one.
constexpr int64_t kMaxWalk = 1'000'000;

Schedule FromRow(const std::vector<db::Value>& r) {
  Schedule s;
  s.id = db::TextOf(r[0]);
  s.spec.name = db::TextOf(r[1]);
  s.spec.cron = db::TextOf(r[2]);
  s.spec.time_zone = db::TextOf(r[3]);
  s.spec.kind = db::TextOf(r[4]);
  s.spec.payload = db::TextOf(r[5]);
  s.spec.missed = ParseMissedPolicy(db::TextOf(r[6])).value_or(MissedPolicy::kRunOnce);
  s.spec.enabled = db::IntOf(r[7]) != 0;
  s.spec.created_by = db::TextOf(r[8]);
  s.spec.origin = db::TextOf(r[9]);
  s.created_ms = db::IntOf(r[10]);
  s.updated_ms = db::IntOf(r[11]);
  if (!std::holds_alternative<std::monostate>(r[12])) s.next_ms = db::IntOf(r[12]);
  if (!std::holds_alternative<std::monostate>(r[13])) s.last_ms = db::IntOf(r[13]);
  s.last_job_id = db::TextOf(r[14]);
  s.skipped = db::IntOf(r[15]);
  return s;
}

db::Param Optional(const std::optional<int64_t>& v) {
  return v ? db::Param(*v) : db::Param(nullptr);
}

Status CheckName(std::string_view name) {
  bool ok = !name.empty() && name.size() <= 100;
  for (char c : name) {
    ok = ok && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                c == '.' || c == '_' || c == ':' || c == '-');
  }
  if (!ok) {
    return Fail(Error(ErrorCode::kInvalidArgument,
                      "a schedule name is 1-100 letters, digits, '.', '_', ':' or '-'")
                    .With("name", std::string(name)));
  }
  return Ok();
}

Error NotFound(std::string_view id) {
  return Error(ErrorCode::kNotFound, "schedule '" + std::string(id) + "' does not exist")
      .With("schedule", std::string(id));
}

}  // namespace

std::string_view ToString(MissedPolicy policy) {
  return policy == MissedPolicy::kSkip ? "skip" : "run_once";
}

Result<MissedPolicy> ParseMissedPolicy(std::string_view text) {
  if (text == "run_once") return MissedPolicy::kRunOnce;
  if (text == "skip") return MissedPolicy::kSkip;
  return Fail(Error(ErrorCode::kInvalidArgument,
                    "'" + std::string(text) + "' is not a missed-run policy (run_once, skip)")
                  .With("field", "missed"));
}

Scheduler::Scheduler(db::ConnectionPool& pool, Queue& queue, JobsConfig config, Clock clock)
    : pool_(pool), queue_(queue), config_(std::move(config)), clock_(std::move(clock)) {
  if (!clock_) clock_ = [] { return NowMs(); };
}

Scheduler::~Scheduler() { Stop(); }

Result<std::unique_ptr<Scheduler>> Scheduler::Open(db::ConnectionPool& pool, Queue& queue,
                                                   JobsConfig config, Clock clock) {
  std::unique_ptr<Scheduler> s(new Scheduler(pool, queue, std::move(config), std::move(clock)));
  auto conn = SAGAZ_TRY(pool.Acquire());
  SAGAZ_TRY(db::ApplyMigrations(*conn, "schedules", kMigrations));
  return s;
}

void Scheduler::AllowKind(std::string kind, PayloadCheck check) {
  kinds_[std::move(kind)] = std::move(check);
}

Status Scheduler::Validate(const ScheduleSpec& spec) {
  SAGAZ_TRY(CheckName(spec.name));
  SAGAZ_TRY(
      CronExpr::Parse(spec.cron, spec.time_zone, {.allow_seconds = config_.schedule_seconds}));
  const auto kind = kinds_.find(spec.kind);
  if (kind == kinds_.end()) {
    std::string known;
    for (const auto& [k, _] : kinds_) known += (known.empty() ? "" : ", ") + k;
    return Fail(Error(ErrorCode::kInvalidArgument,
                      "'" + spec.kind + "' is not a job kind schedules can run (" + known + ")")
                    .With("field", "kind"));
  }
  if (kind->second) SAGAZ_TRY(kind->second(spec.payload));
  return Ok();
}

Result<int64_t> Scheduler::FirstOccurrence(const ScheduleSpec& spec, int64_t after_ms) {
  const auto cron = SAGAZ_TRY(
      CronExpr::Parse(spec.cron, spec.time_zone, {.allow_seconds = config_.schedule_seconds}));
  const auto next = cron.Next(after_ms);
  if (!next) return Fail(ErrorCode::kInvalidArgument, "the schedule never runs again");
  return *next;
}

Result<Schedule> Scheduler::Create(const ScheduleSpec& spec) {
  SAGAZ_TRY(Validate(spec));
  const int64_t now = clock_();
  std::optional<int64_t> next;
  if (spec.enabled) next = SAGAZ_TRY(FirstOccurrence(spec, now));
  const std::string id = "sch_" + RandomHex(8);
  auto conn = SAGAZ_TRY(pool_.Acquire());
  {
    const db::Param n[] = {spec.name};
    auto found = SAGAZ_TRY(conn->Query("SELECT id FROM _sagaz.schedules WHERE name = ?", n));
    if (!SAGAZ_TRY(found.FetchRows()).empty()) {
      return Fail(
          Error(ErrorCode::kAlreadyExists, "a schedule named '" + spec.name + "' already exists")
              .With("name", spec.name));
    }
  }
  const db::Param p[] = {id,
                         spec.name,
                         spec.cron,
                         spec.time_zone,
                         spec.kind,
                         spec.payload,
                         std::string(ToString(spec.missed)),
                         spec.enabled,
                         spec.created_by,
                         spec.origin,
                         now,
                         now,
                         Optional(next)};
  SAGAZ_TRY(conn->Query("INSERT INTO _sagaz.schedules(" + std::string(kColumns) +
                            ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, 0)",
                        p));
  Wake();
  return Get(id);
}

Result<Schedule> Scheduler::Declare(const ScheduleSpec& spec) {
  auto existing = Get(spec.name);
  if (!existing) {
    if (existing.error().code != ErrorCode::kNotFound) return Fail(std::move(existing).error());
    return Create(spec);
  }
  const auto& s = *existing;
  if (s.spec.cron == spec.cron && s.spec.time_zone == spec.time_zone && s.spec.kind == spec.kind &&
      s.spec.payload == spec.payload) {
    return s;
  }
  ScheduleSpec merged = spec;
  merged.enabled = s.spec.enabled;
  SAGAZ_TRY(Validate(merged));
  const int64_t now = clock_();
  std::optional<int64_t> next;
  if (merged.enabled) next = SAGAZ_TRY(FirstOccurrence(merged, now));
  auto conn = SAGAZ_TRY(pool_.Acquire());
  const db::Param p[] = {spec.cron, spec.time_zone, spec.kind, spec.payload,
                         now,       Optional(next), s.id};
  SAGAZ_TRY(
      conn->Query("UPDATE _sagaz.schedules SET cron = ?, time_zone = ?, kind = ?, payload = ?, "
                  "updated_ms = ?, next_ms = ? WHERE id = ?",
                  p));
  Wake();
  return Get(s.id);
}

Result<Schedule> Scheduler::Get(std::string_view id_or_name) {
  auto conn = SAGAZ_TRY(pool_.Acquire());
  const db::Param p[] = {std::string(id_or_name), std::string(id_or_name)};
  auto r = SAGAZ_TRY(conn->Query(
      std::string("SELECT ") + kColumns + " FROM _sagaz.schedules WHERE id = ? OR name = ?", p));
  const auto rows = SAGAZ_TRY(r.FetchRows());
  if (rows.empty()) return Fail(NotFound(id_or_name));
  return FromRow(rows[0]);
}

Result<std::vector<Schedule>> Scheduler::List() {
  auto conn = SAGAZ_TRY(pool_.Acquire());
  auto r = SAGAZ_TRY(
      conn->Query(std::string("SELECT ") + kColumns + " FROM _sagaz.schedules ORDER BY name"));
  std::vector<Schedule> out;
  for (const auto& row : SAGAZ_TRY(r.FetchRows())) out.push_back(FromRow(row));
  return out;
}

Result<Schedule> Scheduler::Update(std::string_view id_or_name, const ScheduleUpdate& update) {
  const auto s = SAGAZ_TRY(Get(id_or_name));
  ScheduleSpec spec = s.spec;
  if (update.cron) spec.cron = *update.cron;
  if (update.time_zone) spec.time_zone = *update.time_zone;
  if (update.missed) spec.missed = *update.missed;
  if (update.enabled) spec.enabled = *update.enabled;
  if (update.payload) spec.payload = *update.payload;
  SAGAZ_TRY(Validate(spec));
  const int64_t now = clock_();
  const bool timing_changed = spec.cron != s.spec.cron || spec.time_zone != s.spec.time_zone ||
                              spec.enabled != s.spec.enabled;
  // Enabling again starts from now: what fell due while disabled is not owed.
  db::Param next = nullptr;
  if (spec.enabled && !timing_changed && s.next_ms) {
    next = *s.next_ms;
  } else if (spec.enabled) {
    next = SAGAZ_TRY(FirstOccurrence(spec, now));
  }
  auto conn = SAGAZ_TRY(pool_.Acquire());
  const db::Param p[] = {spec.cron,
                         spec.time_zone,
                         std::string(ToString(spec.missed)),
                         spec.enabled,
                         spec.payload,
                         now,
                         next,
                         s.id};
  SAGAZ_TRY(conn->Query(
      "UPDATE _sagaz.schedules SET cron = ?, time_zone = ?, missed = ?, enabled = ?, payload = ?, "
      "updated_ms = ?, next_ms = ? WHERE id = ?",
      p));
  Wake();
  return Get(s.id);
}

Status Scheduler::Delete(std::string_view id_or_name) {
  const auto s = SAGAZ_TRY(Get(id_or_name));
  auto conn = SAGAZ_TRY(pool_.Acquire());
  const db::Param p[] = {s.id};
  SAGAZ_TRY(conn->Query("DELETE FROM _sagaz.schedules WHERE id = ?", p));
  return Ok();
}

Result<std::vector<int64_t>> Scheduler::NextRuns(const Schedule& schedule, size_t count) {
  const auto cron = SAGAZ_TRY(CronExpr::Parse(schedule.spec.cron, schedule.spec.time_zone,
                                              {.allow_seconds = config_.schedule_seconds}));
  std::vector<int64_t> out;
  if (!schedule.spec.enabled) return out;
  int64_t at = schedule.next_ms ? *schedule.next_ms - 1 : clock_();
  for (size_t i = 0; i < count; ++i) {
    const auto next = cron.Next(at);
    if (!next) break;
    out.push_back(*next);
    at = *next;
  }
  return out;
}

Result<std::string> Scheduler::RunNow(std::string_view id_or_name, std::string_view created_by) {
  const Schedule s = SAGAZ_TRY(Get(id_or_name));
  if (!kinds_.contains(s.spec.kind)) {
    return Fail(ErrorCode::kFailedPrecondition,
                "schedules of the kind '" + s.spec.kind + "' are not run by this server");
  }
  const int64_t now = clock_();
  const auto submitted =
      SAGAZ_TRY(queue_.Submit({.kind = s.spec.kind,
                               .payload = s.spec.payload,
                               .idempotency_key = RunsKeyPrefix(s) + "now:" + std::to_string(now),
                               .created_by = std::string(created_by)}));
  log::Info(
      "schedule run on request",
      {{"schedule", s.spec.name}, {"job", submitted.job.id}, {"by", std::string(created_by)}});
  return submitted.job.id;
}

Status Scheduler::Fire(const Schedule& s, int64_t now, TickReport& report) {
  auto cron =
      CronExpr::Parse(s.spec.cron, s.spec.time_zone, {.allow_seconds = config_.schedule_seconds});
  const int64_t due = *s.next_ms;
  std::optional<int64_t> next;
  int64_t latest = due, missed = 0;
  if (cron) {
    // Every occurrence up to now is due: find the latest of them.
    next = cron->Next(latest);
    while (next && *next <= now && missed < kMaxWalk) {
      latest = *next;
      ++missed;
      next = cron->Next(latest);
    }
    if (next && *next <= now) next = cron->Next(now);  // walked too far: skip the rest uncounted
  } else {
    // The expression no longer parses (seconds were switched off): the schedule stops.
    log::Warn("schedule stopped: its expression is no longer valid",
              {{"schedule", s.spec.name}, {"error", cron.error().message}});
  }
  const bool late = now - latest > config_.schedule_grace_ms;
  const bool run = cron && !(late && s.spec.missed == MissedPolicy::kSkip);
  const int64_t skipped = missed + (run ? 0 : 1);
  std::string job_id = s.last_job_id;
  std::optional<int64_t> last = s.last_ms;
  if (run) {
    const auto submitted =
        queue_.Submit({.kind = s.spec.kind,
                       .payload = s.spec.payload,
                       .idempotency_key = RunsKeyPrefix(s) + std::to_string(latest),
                       .created_by = s.spec.created_by.empty() ? "scheduler" : s.spec.created_by});
    if (!submitted) return Fail(submitted.error());
    job_id = submitted->job.id;
    last = latest;
    ++report.submitted;
    log::Info("schedule submitted a job", {{"schedule", s.spec.name},
                                           {"job", job_id},
                                           {"occurrence", std::to_string(latest)},
                                           {"existing", submitted->existing ? "true" : "false"}});
  }
  report.skipped += skipped;
  // Compare-and-set on next_ms: another scheduler that already moved it on wins.
  auto conn = SAGAZ_TRY(pool_.Acquire());
  const db::Param p[] = {Optional(next), Optional(last), job_id, skipped, now, s.id, due};
  SAGAZ_TRY(
      conn->Query("UPDATE _sagaz.schedules SET next_ms = ?, last_ms = ?, last_job_id = ?, "
                  "skipped = skipped + ?, updated_ms = ? WHERE id = ? AND next_ms = ?",
                  p));
  return Ok();
}

Result<TickReport> Scheduler::Tick() {
  std::lock_guard lock(tick_mu_);
  const int64_t now = clock_();
  std::vector<Schedule> due;
  {
    auto conn = SAGAZ_TRY(pool_.Acquire());
    const db::Param p[] = {now};
    auto r = SAGAZ_TRY(conn->Query(std::string("SELECT ") + kColumns +
                                       " FROM _sagaz.schedules WHERE enabled AND next_ms IS NOT "
                                       "NULL AND next_ms <= ? ORDER BY next_ms",
                                   p));
    for (const auto& row : SAGAZ_TRY(r.FetchRows())) due.push_back(FromRow(row));
  }
  TickReport report;
  for (const auto& s : due) {
    // One schedule's failure (the queue refused) does not hold back the others; it is tried
    // again at the next tick.
    if (auto st = Fire(s, now, report); !st) {
      log::Warn("schedule could not submit its job",
                {{"schedule", s.spec.name}, {"error", st.error().message}});
    }
  }
  return report;
}

void Scheduler::Start() {
  std::lock_guard lock(mu_);
  if (thread_.joinable()) return;
  stop_ = false;
  thread_ = std::thread([this] { Loop(); });
}

void Scheduler::Stop() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void Scheduler::Wake() {
  {
    std::lock_guard lock(mu_);
    changed_ = true;
  }
  cv_.notify_all();
}

void Scheduler::Loop() {
  for (;;) {
    try {
      if (auto r = Tick(); !r) {
        log::Warn("scheduler tick failed", {{"error", r.error().message}});
      }
    } catch (const std::exception& e) {
      log::Warn("scheduler tick threw", {{"error", e.what()}});
    }
    std::unique_lock lock(mu_);
    cv_.wait_for(lock, std::chrono::milliseconds(config_.schedule_tick_ms),
                 [this] { return stop_ || changed_; });
    if (stop_) return;
    changed_ = false;
  }
}

}  // namespace sagaz::jobs
