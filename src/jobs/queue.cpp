// The embedded durable queue: one table in data/sagaz.duckdb. Every change goes through one mutex,
// so DuckDB never sees two writers on a job row (no transaction conflicts), and each change is one
// statement (atomic by itself).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <random>

#include "core/crash.hpp"
#include "core/ids.hpp"
#include "core/log.hpp"
#include "core/strings.hpp"
#include "db/db.hpp"
#include "jobs/jobs.hpp"

namespace sagaz::jobs {
namespace {

constexpr std::string_view kMigrations[] = {
    "CREATE TABLE _sagaz.jobs(id VARCHAR PRIMARY KEY, kind VARCHAR NOT NULL, state VARCHAR NOT "
    "NULL, "
    "priority INTEGER NOT NULL, progress DOUBLE NOT NULL, message VARCHAR NOT NULL, "
    "payload VARCHAR NOT NULL, result VARCHAR, error_code VARCHAR, error_message VARCHAR, "
    "attempts INTEGER NOT NULL, max_attempts INTEGER NOT NULL, idempotency_key VARCHAR, "
    "created_by VARCHAR NOT NULL, cancel_requested BOOLEAN NOT NULL, created_ms BIGINT NOT NULL, "
    "started_ms BIGINT, finished_ms BIGINT, updated_ms BIGINT NOT NULL, run_at_ms BIGINT NOT NULL, "
    "lease_owner VARCHAR, lease_expires_ms BIGINT);"
    "CREATE TABLE _sagaz.job_effects(job_id VARCHAR PRIMARY KEY, result VARCHAR NOT NULL, "
    "recorded_ms BIGINT NOT NULL);",
};

constexpr const char* kColumns =
    "id, kind, state, priority, progress, message, payload, result, error_code, error_message, "
    "attempts, max_attempts, idempotency_key, created_by, cancel_requested, created_ms, "
    "started_ms, finished_ms, updated_ms, run_at_ms";

struct StateName {
  State state;
  std::string_view name;
};
constexpr StateName kStates[] = {
    {State::kQueued, "queued"}, {State::kRunning, "running"},     {State::kSucceeded, "succeeded"},
    {State::kFailed, "failed"}, {State::kCancelled, "cancelled"}, {State::kDead, "dead"},
};

ErrorCode CodeFromText(std::string_view text) {
  static constexpr ErrorCode kAll[] = {ErrorCode::kInvalidArgument,
                                       ErrorCode::kNotFound,
                                       ErrorCode::kAlreadyExists,
                                       ErrorCode::kConflict,
                                       ErrorCode::kFailedPrecondition,
                                       ErrorCode::kUnauthenticated,
                                       ErrorCode::kPermissionDenied,
                                       ErrorCode::kPayloadTooLarge,
                                       ErrorCode::kUnsupported,
                                       ErrorCode::kRateLimited,
                                       ErrorCode::kTimeout,
                                       ErrorCode::kCancelled,
                                       ErrorCode::kUnavailable,
                                       ErrorCode::kIo,
                                       ErrorCode::kInternal};
  for (auto c : kAll) {
    if (ToString(c) == text) return c;
  }
  return ErrorCode::kInternal;
}

Job FromRow(const std::vector<db::Value>& r) {
  Job j;
  j.id = db::TextOf(r[0]);
  j.kind = db::TextOf(r[1]);
  j.state = ParseState(db::TextOf(r[2])).value_or(State::kQueued);
  j.priority = static_cast<int>(db::IntOf(r[3]));
  j.progress = db::DoubleOf(r[4]).value_or(0);
  j.message = db::TextOf(r[5]);
  j.payload = db::TextOf(r[6]);
  j.result = db::TextOf(r[7]);
  if (!std::holds_alternative<std::monostate>(r[8])) {
    j.error = JobError{CodeFromText(db::TextOf(r[8])), db::TextOf(r[9])};
  }
  j.attempts = static_cast<int>(db::IntOf(r[10]));
  j.max_attempts = static_cast<int>(db::IntOf(r[11]));
  j.idempotency_key = db::TextOf(r[12]);
  j.created_by = db::TextOf(r[13]);
  j.cancel_requested = db::IntOf(r[14]) != 0;
  j.created_ms = db::IntOf(r[15]);
  j.started_ms = db::IntOf(r[16]);
  j.finished_ms = db::IntOf(r[17]);
  j.updated_ms = db::IntOf(r[18]);
  j.run_at_ms = db::IntOf(r[19]);
  return j;
}

// Ids sort by creation time (12 hex digits of milliseconds) and are unique (8 random hex digits).
std::string NewJobId(int64_t now) {
  char head[16];
  std::snprintf(head, sizeof head, "%012llx", static_cast<unsigned long long>(now));
  return std::string("job_") + head + RandomHex(4);
}

Error NotFound(std::string_view id) {
  return Error(ErrorCode::kNotFound, "job '" + std::string(id) + "' does not exist")
      .With("job", std::string(id));
}

class EmbeddedQueue final : public Queue {
 public:
  EmbeddedQueue(db::ConnectionPool& pool, JobsConfig config)
      : pool_(pool), config_(std::move(config)) {
    for (const auto& item : config_.concurrency) {
      const auto eq = item.find('=');
      if (eq == std::string::npos) continue;
      if (auto n = ParseNumber<int>(Trim(std::string_view(item).substr(eq + 1))); n && *n > 0) {
        limits_[std::string(Trim(std::string_view(item).substr(0, eq)))] = *n;
      }
    }
  }

  Status Open() {
    for (const auto& item : config_.concurrency) {
      const auto eq = item.find('=');
      if (eq == std::string::npos ||
          !ParseNumber<int>(Trim(std::string_view(item).substr(eq + 1)))) {
        return Fail(Error(ErrorCode::kInvalidArgument,
                          "jobs.concurrency entries look like \"kind=N\", got '" + item + "'")
                        .With("key", "jobs.concurrency"));
      }
    }
    auto conn = SAGAZ_TRY(pool_.Acquire());
    SAGAZ_TRY(db::ApplyMigrations(*conn, "jobs", kMigrations));
    // The database file is exclusive to this process: a job still marked running lost its worker
    // with the previous process, and may be taken again now.
    const db::Param p[] = {NowMs()};
    auto r = SAGAZ_TRY(conn->Query(
        "UPDATE _sagaz.jobs SET lease_expires_ms = 0, lease_owner = NULL, updated_ms = ? "
        "WHERE state = 'running'",
        p));
    if (r.rows_changed() > 0) {
      log::Warn("jobs interrupted by the previous shutdown will run again",
                {{"jobs", std::to_string(r.rows_changed())}});
    }
    return Ok();
  }

  Result<Submitted> Submit(const SubmitRequest& request) override {
    if (request.kind.empty() || request.kind.size() > 64) {
      return Fail(ErrorCode::kInvalidArgument, "a job needs a kind");
    }
    if (request.idempotency_key.size() > 200) {
      return Fail(
          Error(ErrorCode::kInvalidArgument, "the idempotency key is longer than 200 characters")
              .With("header", "Idempotency-Key"));
    }
    std::lock_guard lock(write_mu_);
    auto conn = SAGAZ_TRY(pool_.Acquire());
    if (!request.idempotency_key.empty()) {
      const db::Param k[] = {request.kind, request.idempotency_key};
      auto found =
          SAGAZ_TRY(conn->Query(std::string("SELECT ") + kColumns +
                                    " FROM _sagaz.jobs WHERE kind = ? AND idempotency_key = ?",
                                k));
      auto rows = SAGAZ_TRY(found.FetchRows());
      if (!rows.empty()) return Submitted{FromRow(rows[0]), true};
    }
    const int64_t now = NowMs();
    const std::string id = NewJobId(now);
    const db::Param p[] = {
        id,
        request.kind,
        static_cast<int64_t>(request.priority),
        request.payload,
        static_cast<int64_t>(request.max_attempts.value_or(config_.max_attempts)),
        request.idempotency_key.empty() ? db::Param(nullptr) : db::Param(request.idempotency_key),
        request.created_by,
        now,
        now,
        now};
    SAGAZ_TRY(conn->Query(
        "INSERT INTO _sagaz.jobs(id, kind, state, priority, progress, message, payload, attempts, "
        "max_attempts, idempotency_key, created_by, cancel_requested, created_ms, updated_ms, "
        "run_at_ms) VALUES (?, ?, 'queued', ?, 0, 'queued', ?, 0, ?, ?, ?, false, ?, ?, ?)",
        p));
    Changed();
    return Submitted{SAGAZ_TRY(Read(*conn, id)), false};
  }

  Result<Job> Get(std::string_view id) override {
    auto conn = SAGAZ_TRY(pool_.Acquire());
    return Read(*conn, id);
  }

  Result<JobPage> List(const ListFilter& filter) override {
    const size_t limit = std::clamp<size_t>(filter.limit, 1, 500);
    std::string sql = std::string("SELECT ") + kColumns + " FROM _sagaz.jobs WHERE true";
    std::vector<db::Param> params;
    if (filter.state) {
      sql += " AND state = ?";
      params.emplace_back(std::string(ToString(*filter.state)));
    }
    if (!filter.kind.empty()) {
      sql += " AND kind = ?";
      params.emplace_back(filter.kind);
    }
    if (!filter.created_by.empty()) {
      sql += " AND created_by = ?";
      params.emplace_back(filter.created_by);
    }
    if (!filter.key_prefix.empty()) {
      sql += " AND starts_with(idempotency_key, ?)";
      params.emplace_back(filter.key_prefix);
    }
    if (!filter.cursor.empty()) {
      sql += " AND id < ?";
      params.emplace_back(filter.cursor);
    }
    sql += " ORDER BY id DESC LIMIT " + std::to_string(limit + 1);
    auto conn = SAGAZ_TRY(pool_.Acquire());
    auto r = SAGAZ_TRY(conn->Query(sql, params));
    JobPage page;
    for (const auto& row : SAGAZ_TRY(r.FetchRows())) page.jobs.push_back(FromRow(row));
    if (page.jobs.size() > limit) {
      page.jobs.resize(limit);
      page.next_cursor = page.jobs.back().id;
    }
    return page;
  }

  Result<Job> Cancel(std::string_view id) override {
    std::lock_guard lock(write_mu_);
    auto conn = SAGAZ_TRY(pool_.Acquire());
    Job job = SAGAZ_TRY(Read(*conn, id));
    const int64_t now = NowMs();
    if (job.state == State::kQueued) {
      const db::Param p[] = {now, now, std::string(id)};
      SAGAZ_TRY(
          conn->Query("UPDATE _sagaz.jobs SET state = 'cancelled', cancel_requested = true, "
                      "message = 'cancelled', finished_ms = ?, updated_ms = ? WHERE id = ?",
                      p));
    } else if (job.state == State::kRunning) {
      const db::Param p[] = {now, std::string(id)};
      SAGAZ_TRY(conn->Query(
          "UPDATE _sagaz.jobs SET cancel_requested = true, message = 'cancelling', updated_ms = ? "
          "WHERE id = ?",
          p));
    } else {
      return Fail(Error(ErrorCode::kFailedPrecondition, "job '" + job.id +
                                                            "' has already finished (" +
                                                            std::string(ToString(job.state)) + ")")
                      .With("state", std::string(ToString(job.state))));
    }
    Changed();
    return Read(*conn, id);
  }

  Result<Job> Retry(std::string_view id) override {
    std::lock_guard lock(write_mu_);
    auto conn = SAGAZ_TRY(pool_.Acquire());
    Job job = SAGAZ_TRY(Read(*conn, id));
    if (job.state != State::kFailed && job.state != State::kDead &&
        job.state != State::kCancelled) {
      return Fail(Error(ErrorCode::kFailedPrecondition,
                        "only failed, dead or cancelled jobs can be retried; job '" + job.id +
                            "' is " + std::string(ToString(job.state)))
                      .With("state", std::string(ToString(job.state))));
    }
    SAGAZ_TRY(CheckRetry(job));
    const int64_t now = NowMs();
    const db::Param p[] = {now, now, std::string(id)};
    SAGAZ_TRY(conn->Query(
        "UPDATE _sagaz.jobs SET state = 'queued', attempts = 0, cancel_requested = false, "
        "progress = 0, message = 'queued again', error_code = NULL, error_message = NULL, "
        "result = NULL, finished_ms = NULL, run_at_ms = ?, updated_ms = ? WHERE id = ?",
        p));
    Changed();
    return Read(*conn, id);
  }

  Result<std::optional<Job>> Claim(std::string_view owner,
                                   std::span<const std::string> kinds) override {
    std::lock_guard lock(write_mu_);
    auto conn = SAGAZ_TRY(pool_.Acquire());
    const int64_t now = NowMs();
    std::vector<db::Param> params;
    std::string where =
        "((state = 'queued' AND run_at_ms <= ?) OR (state = 'running' AND lease_expires_ms < ?))";
    params.emplace_back(now);
    params.emplace_back(now);
    if (!kinds.empty()) {
      where += " AND kind IN (";
      for (size_t i = 0; i < kinds.size(); ++i) {
        where += i ? ", ?" : "?";
        params.emplace_back(kinds[i]);
      }
      where += ")";
    }
    // Kinds at their concurrency limit are skipped.
    if (!limits_.empty()) {
      const db::Param p[] = {now};
      auto r =
          SAGAZ_TRY(conn->Query("SELECT kind, count(*) FROM _sagaz.jobs WHERE state = 'running' "
                                "AND lease_expires_ms >= ? "
                                "GROUP BY kind",
                                p));
      for (const auto& row : SAGAZ_TRY(r.FetchRows())) {
        auto it = limits_.find(db::TextOf(row[0]));
        if (it != limits_.end() && db::IntOf(row[1]) >= it->second) {
          where += " AND kind <> ?";
          params.emplace_back(it->first);
        }
      }
    }
    for (;;) {
      auto r =
          SAGAZ_TRY(conn->Query(std::string("SELECT ") + kColumns + " FROM _sagaz.jobs WHERE " +
                                    where + " ORDER BY priority DESC, run_at_ms, id LIMIT 1",
                                params));
      auto rows = SAGAZ_TRY(r.FetchRows());
      if (rows.empty()) return std::optional<Job>();
      Job job = FromRow(rows[0]);
      if (job.state == State::kRunning && job.attempts >= job.max_attempts) {
        // Its worker died on the last attempt: dead-letter rather than run it once more.
        const db::Param p[] = {now, now, job.id};
        SAGAZ_TRY(conn->Query(
            "UPDATE _sagaz.jobs SET state = 'dead', error_code = 'unavailable', error_message = "
            "'the worker running the job stopped before it finished, on every attempt', "
            "message = 'dead', lease_owner = NULL, finished_ms = ?, updated_ms = ? WHERE id = ?",
            p));
        Changed();
        continue;
      }
      if (job.cancel_requested) {
        const db::Param p[] = {now, now, job.id};
        SAGAZ_TRY(
            conn->Query("UPDATE _sagaz.jobs SET state = 'cancelled', message = 'cancelled', "
                        "lease_owner = NULL, "
                        "finished_ms = ?, updated_ms = ? WHERE id = ?",
                        p));
        Changed();
        continue;
      }
      const db::Param p[] = {std::string(owner), now + config_.lease_ms, now, now, job.id};
      SAGAZ_TRY(conn->Query(
          "UPDATE _sagaz.jobs SET state = 'running', lease_owner = ?, lease_expires_ms = ?, "
          "attempts = attempts + 1, started_ms = coalesce(started_ms, ?), message = 'running', "
          "updated_ms = ? WHERE id = ?",
          p));
      Changed();
      return std::optional<Job>(SAGAZ_TRY(Read(*conn, job.id)));
    }
  }

  Result<Lease> Renew(std::string_view id, std::string_view owner) override {
    std::lock_guard lock(write_mu_);
    auto conn = SAGAZ_TRY(pool_.Acquire());
    const int64_t now = NowMs();
    const db::Param p[] = {now + config_.lease_ms, std::string(id), std::string(owner)};
    auto r = SAGAZ_TRY(conn->Query(
        "UPDATE _sagaz.jobs SET lease_expires_ms = ? WHERE id = ? AND lease_owner = ? AND "
        "state = 'running' RETURNING cancel_requested",
        p));
    auto rows = SAGAZ_TRY(r.FetchRows());
    if (rows.empty()) return Lease{false, false};
    return Lease{true, db::IntOf(rows[0][0]) != 0};
  }

  Status Report(std::string_view id, std::string_view owner, double progress,
                std::string_view message) override {
    std::lock_guard lock(write_mu_);
    auto conn = SAGAZ_TRY(pool_.Acquire());
    const db::Param p[] = {std::clamp(progress, 0.0, 100.0), std::string(message.substr(0, 500)),
                           NowMs(), std::string(id), std::string(owner)};
    SAGAZ_TRY(conn->Query(
        "UPDATE _sagaz.jobs SET progress = ?, message = ?, updated_ms = ? WHERE id = ? AND "
        "lease_owner = ? AND state = 'running'",
        p));
    Changed();
    return Ok();
  }

  Status Succeed(std::string_view id, std::string_view owner, std::string_view result) override {
    std::lock_guard lock(write_mu_);
    auto conn = SAGAZ_TRY(pool_.Acquire());
    const int64_t now = NowMs();
    const db::Param p[] = {std::string(result), now, now, std::string(id), std::string(owner)};
    auto r = SAGAZ_TRY(conn->Query(
        "UPDATE _sagaz.jobs SET state = 'succeeded', progress = 100, message = 'done', result = ?, "
        "error_code = NULL, error_message = NULL, lease_owner = NULL, finished_ms = ?, "
        "updated_ms = ? WHERE id = ? AND lease_owner = ? AND state = 'running'",
        p));
    Changed();
    if (r.rows_changed() == 0) return Fail(LeaseLost(id));
    return Ok();
  }

  Status FailAttempt(std::string_view id, std::string_view owner, const Error& error,
                     bool retryable) override {
    std::lock_guard lock(write_mu_);
    auto conn = SAGAZ_TRY(pool_.Acquire());
    Job job = SAGAZ_TRY(Read(*conn, id));
    const int64_t now = NowMs();
    std::string state;
    int64_t run_at = now;
    if (error.code == ErrorCode::kCancelled) {
      state = "cancelled";
    } else if (!retryable) {
      state = "failed";
    } else if (job.attempts >= job.max_attempts) {
      state = "dead";
    } else {
      state = "queued";
      run_at = now + Backoff(job.attempts);
    }
    const bool finished = state != "queued";
    const std::string message =
        finished ? state : "retrying in " + std::to_string((run_at - now + 999) / 1000) + " s";
    const db::Param p[] = {state,
                           std::string(ToString(error.code)),
                           error.message.substr(0, 2000),
                           message,
                           run_at,
                           finished ? db::Param(now) : db::Param(nullptr),
                           now,
                           std::string(id),
                           std::string(owner)};
    auto r = SAGAZ_TRY(conn->Query(
        "UPDATE _sagaz.jobs SET state = ?, error_code = ?, error_message = ?, message = ?, "
        "run_at_ms = ?, finished_ms = ?, updated_ms = ?, lease_owner = NULL WHERE id = ? AND "
        "lease_owner = ? AND state = 'running'",
        p));
    Changed();
    if (r.rows_changed() == 0) return Fail(LeaseLost(id));
    return Ok();
  }

  Status Release(std::string_view id, std::string_view owner) override {
    std::lock_guard lock(write_mu_);
    auto conn = SAGAZ_TRY(pool_.Acquire());
    const int64_t now = NowMs();
    const db::Param p[] = {now, now, std::string(id), std::string(owner)};
    SAGAZ_TRY(conn->Query(
        "UPDATE _sagaz.jobs SET state = 'queued', attempts = greatest(attempts - 1, 0), "
        "message = 'queued (worker stopped)', run_at_ms = ?, updated_ms = ?, lease_owner = NULL "
        "WHERE id = ? AND lease_owner = ? AND state = 'running'",
        p));
    Changed();
    return Ok();
  }

  Result<std::vector<Depth>> Depths() override {
    auto conn = SAGAZ_TRY(pool_.Acquire());
    auto r = SAGAZ_TRY(conn->Query(
        "SELECT kind, state, count(*) FROM _sagaz.jobs GROUP BY kind, state ORDER BY kind, state"));
    std::vector<Depth> out;
    for (const auto& row : SAGAZ_TRY(r.FetchRows())) {
      out.push_back({db::TextOf(row[0]), ParseState(db::TextOf(row[1])).value_or(State::kQueued),
                     db::IntOf(row[2])});
    }
    return out;
  }

  Result<int64_t> Purge(int64_t before_ms) override {
    std::lock_guard lock(write_mu_);
    auto conn = SAGAZ_TRY(pool_.Acquire());
    const db::Param p[] = {before_ms};
    auto r = SAGAZ_TRY(conn->Query(
        "DELETE FROM _sagaz.jobs WHERE state IN ('succeeded', 'failed', 'cancelled', 'dead') AND "
        "finished_ms < ?",
        p));
    SAGAZ_TRY(conn->Execute(
        "DELETE FROM _sagaz.job_effects WHERE job_id NOT IN (SELECT id FROM _sagaz.jobs)"));
    Changed();
    return r.rows_changed();
  }

  Status Ping() override {
    auto conn = SAGAZ_TRY(pool_.Acquire());
    auto r = SAGAZ_TRY(conn->Query("SELECT count(*) FROM _sagaz.jobs WHERE state = 'queued'"));
    SAGAZ_TRY(r.FetchScalar());
    return Ok();
  }

  Result<std::vector<std::string>> ActiveIds(std::string_view kind) override {
    auto conn = SAGAZ_TRY(pool_.Acquire());
    const db::Param p[] = {std::string(kind)};
    auto r = SAGAZ_TRY(conn->Query(
        "SELECT id FROM _sagaz.jobs WHERE kind = ? AND state IN ('queued', 'running')", p));
    std::vector<std::string> out;
    for (const auto& row : SAGAZ_TRY(r.FetchRows())) out.push_back(db::TextOf(row[0]));
    return out;
  }

  Result<std::vector<Job>> Retained(std::string_view kind) override {
    auto conn = SAGAZ_TRY(pool_.Acquire());
    const db::Param p[] = {std::string(kind)};
    auto r = SAGAZ_TRY(conn->Query(std::string("SELECT ") + kColumns +
                                       " FROM _sagaz.jobs WHERE kind = ? AND state <> 'succeeded'",
                                   p));
    std::vector<Job> out;
    for (const auto& row : SAGAZ_TRY(r.FetchRows())) out.push_back(FromRow(row));
    return out;
  }

  Result<int64_t> FailCrashed(std::span<const std::string> ids, const Error& error) override {
    std::lock_guard lock(write_mu_);
    auto conn = SAGAZ_TRY(pool_.Acquire());
    int64_t failed = 0;
    const int64_t now = NowMs();
    for (const auto& id : ids) {
      const db::Param p[] = {std::string(ToString(error.code)), error.message.substr(0, 2000), now,
                             now, id};
      auto r = SAGAZ_TRY(
          conn->Query("UPDATE _sagaz.jobs SET state = 'failed', error_code = ?, error_message = ?, "
                      "message = 'failed', lease_owner = NULL, finished_ms = ?, updated_ms = ? "
                      "WHERE id = ? AND state = 'running'",
                      p));
      failed += r.rows_changed();
    }
    if (failed > 0) Changed();
    return failed;
  }

 private:
  Result<Job> Read(db::Connection& conn, std::string_view id) {
    const db::Param p[] = {std::string(id)};
    auto r = SAGAZ_TRY(
        conn.Query(std::string("SELECT ") + kColumns + " FROM _sagaz.jobs WHERE id = ?", p));
    auto rows = SAGAZ_TRY(r.FetchRows());
    if (rows.empty()) return Fail(NotFound(id));
    return FromRow(rows[0]);
  }

  // Exponential, capped, with ±20% jitter so retries of many jobs do not arrive together.
  int64_t Backoff(int attempts) {
    const double base = static_cast<double>(config_.backoff_ms) *
                        std::pow(2.0, static_cast<double>(std::max(0, attempts - 1)));
    const double capped = std::min(base, static_cast<double>(config_.max_backoff_ms));
    std::uniform_real_distribution<double> jitter(0.8, 1.2);
    return static_cast<int64_t>(capped * jitter(rng_));
  }

  static Error LeaseLost(std::string_view id) {
    return Error(ErrorCode::kConflict,
                 "job '" + std::string(id) + "' is no longer leased to this worker")
        .With("job", std::string(id));
  }

  db::ConnectionPool& pool_;
  JobsConfig config_;
  std::map<std::string, int> limits_;
  std::mutex write_mu_;
  std::mt19937_64 rng_{std::random_device{}()};  // guarded by write_mu_
};

}  // namespace

std::string_view ToString(State state) {
  for (const auto& s : kStates) {
    if (s.state == state) return s.name;
  }
  return "queued";
}

Result<State> ParseState(std::string_view text) {
  for (const auto& s : kStates) {
    if (s.name == text) return s.state;
  }
  return Fail(Error(ErrorCode::kInvalidArgument,
                    "unknown job state '" + std::string(text) +
                        "'; use queued, running, succeeded, failed, cancelled or dead")
                  .With("field", "status"));
}

bool IsTerminal(State state) { return state != State::kQueued && state != State::kRunning; }

uint64_t Queue::WaitForChange(uint64_t seen, std::chrono::milliseconds timeout) {
  std::unique_lock lock(mu_);
  cv_.wait_for(lock, timeout, [&] { return version_.load() != seen; });
  return version_.load();
}

void Queue::SetRetryCheck(std::string kind, RetryCheck check) {
  retry_checks_[std::move(kind)] = std::move(check);
}

Status Queue::CheckRetry(const Job& job) const {
  auto it = retry_checks_.find(job.kind);
  if (it == retry_checks_.end()) return Ok();
  if (auto st = it->second(job); !st) {
    Error e = std::move(st).error();
    e.message = "job '" + job.id + "' cannot be retried: " + e.message;
    return Fail(std::move(e));
  }
  return Ok();
}

void Queue::Changed() {
  {
    std::lock_guard lock(mu_);
    version_.fetch_add(1);
  }
  cv_.notify_all();
}

Result<std::unique_ptr<Queue>> OpenEmbeddedQueue(db::ConnectionPool& pool, JobsConfig config) {
  auto queue = std::make_unique<EmbeddedQueue>(pool, std::move(config));
  SAGAZ_TRY(queue->Open());
  return std::unique_ptr<Queue>(std::move(queue));
}

Result<std::vector<std::string>> FailCrashedJobs(Queue& queue,
                                                 const std::filesystem::path& marker) {
  const std::vector<std::string> ids = SAGAZ_TRY(crash::TakeMarker(marker));
  if (ids.empty()) return ids;
  const Error error(ErrorCode::kInternal,
                    "the server crashed while running this job; it was not retried automatically "
                    "(retry it once the cause is fixed, or if another job caused the crash)");
  const int64_t failed = SAGAZ_TRY(queue.FailCrashed(ids, error));
  log::Err("jobs running when the server crashed were failed, not retried",
           {{"jobs", Join(ids, ",")}, {"failed", std::to_string(failed)}});
  return ids;
}

Result<std::unique_ptr<EffectLog>> EffectLog::Open(db::ConnectionPool& pool) {
  auto conn = SAGAZ_TRY(pool.Acquire());
  SAGAZ_TRY(db::ApplyMigrations(*conn, "jobs", kMigrations));
  return std::unique_ptr<EffectLog>(new EffectLog(pool));
}

Status EffectLog::Record(db::Connection& conn, std::string_view job_id, std::string_view result) {
  const db::Param p[] = {std::string(job_id), std::string(result), NowMs()};
  SAGAZ_TRY(conn.Query(
      "INSERT OR REPLACE INTO _sagaz.job_effects(job_id, result, recorded_ms) VALUES (?, ?, ?)",
      p));
  return Ok();
}

Result<std::optional<std::string>> EffectLog::Find(std::string_view job_id) {
  auto conn = SAGAZ_TRY(pool_.Acquire());
  const db::Param p[] = {std::string(job_id)};
  auto r = SAGAZ_TRY(conn->Query("SELECT result FROM _sagaz.job_effects WHERE job_id = ?", p));
  auto rows = SAGAZ_TRY(r.FetchRows());
  if (rows.empty()) return std::optional<std::string>();
  return std::optional<std::string>(db::TextOf(rows[0][0]));
}

Status EffectLog::Forget(std::string_view job_id) {
  auto conn = SAGAZ_TRY(pool_.Acquire());
  const db::Param p[] = {std::string(job_id)};
  SAGAZ_TRY(conn->Query("DELETE FROM _sagaz.job_effects WHERE job_id = ?", p));
  return Ok();
}

}  // namespace sagaz::jobs
