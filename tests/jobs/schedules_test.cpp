// The scheduler: occurrences submitted once (also across a restart and with two schedulers),
// the missed-run policies, enable/disable, next runs and validation. A test clock drives it.
#include "jobs/schedules.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "app/app.hpp"
#include "db/db.hpp"
#include "jobs/jobs.hpp"
#include "support/support.hpp"

namespace sagaz::jobs {
namespace {

constexpr int64_t kMinute = 60'000;
// 2026-06-01T10:00:00Z
constexpr int64_t kStart = 1'780'308'000'000;

class SchedulerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto q = OpenEmbeddedQueue(app_->pool(), {});
    ASSERT_TRUE(q) << q.error().ToText();
    queue_ = std::move(*q);
    scheduler_ = Open();
  }
  std::unique_ptr<Scheduler> Open() {
    auto s = Scheduler::Open(app_->pool(), *queue_, Config(), [this] { return now_.load(); });
    EXPECT_TRUE(s) << s.error().ToText();
    if (!s) return nullptr;
    (*s)->AllowKind("report", [](std::string_view payload) -> Status {
      if (payload.find("bad") != std::string_view::npos) {
        return Fail(ErrorCode::kInvalidArgument, "a bad payload");
      }
      return Ok();
    });
    return std::move(*s);
  }
  static JobsConfig Config() {
    JobsConfig c;
    c.schedule_grace_ms = kMinute;
    return c;
  }
  Schedule Create(std::string name, std::string cron,
                  MissedPolicy missed = MissedPolicy::kRunOnce) {
    auto s = scheduler_->Create({.name = std::move(name),
                                 .cron = std::move(cron),
                                 .kind = "report",
                                 .payload = R"({"n":1})",
                                 .missed = missed});
    EXPECT_TRUE(s) << s.error().ToText();
    return s ? *s : Schedule{};
  }
  std::vector<Job> Jobs() {
    auto page = queue_->List({.kind = "report", .limit = 500});
    EXPECT_TRUE(page);
    return page ? page->jobs : std::vector<Job>{};
  }
  TickReport Tick(Scheduler& s) {
    auto r = s.Tick();
    EXPECT_TRUE(r) << r.error().ToText();
    return r ? *r : TickReport{};
  }

  testing::TestApp app_;
  std::atomic<int64_t> now_{kStart};
  std::unique_ptr<Queue> queue_;
  std::unique_ptr<Scheduler> scheduler_;
};

TEST_F(SchedulerTest, EachOccurrenceIsSubmittedOnce) {
  const auto s = Create("every-5", "*/5 * * * *");
  ASSERT_TRUE(s.next_ms);
  EXPECT_EQ(*s.next_ms, kStart + 5 * kMinute);
  EXPECT_EQ(Tick(*scheduler_).submitted, 0);
  now_ = kStart + 5 * kMinute;
  EXPECT_EQ(Tick(*scheduler_).submitted, 1);
  EXPECT_EQ(Tick(*scheduler_).submitted, 0);
  auto jobs = Jobs();
  ASSERT_EQ(jobs.size(), 1u);
  EXPECT_EQ(jobs[0].idempotency_key,
            "schedule:" + s.id + ":" + std::to_string(kStart + 5 * kMinute));
  EXPECT_EQ(jobs[0].payload, R"({"n":1})");
  const auto after = scheduler_->Get("every-5");
  ASSERT_TRUE(after);
  EXPECT_EQ(after->next_ms, kStart + 10 * kMinute);
  EXPECT_EQ(after->last_ms, kStart + 5 * kMinute);
  EXPECT_EQ(after->last_job_id, jobs[0].id);
  now_ = kStart + 10 * kMinute + 1;
  EXPECT_EQ(Tick(*scheduler_).submitted, 1);
  EXPECT_EQ(Jobs().size(), 2u);
}

TEST_F(SchedulerTest, ARestartBeforeTheScheduleMovedOnDoesNotRunTheOccurrenceAgain) {
  const auto s = Create("crashy", "*/5 * * * *");
  now_ = kStart + 5 * kMinute;
  EXPECT_EQ(Tick(*scheduler_).submitted, 1);
  // The process died after submitting the job but before recording the next occurrence: the
  // schedule still says the occurrence is due.
  {
    auto conn = app_->pool().Acquire();
    ASSERT_TRUE(conn);
    const db::Param p[] = {kStart + 5 * kMinute, s.id};
    ASSERT_TRUE((*conn)->Query("UPDATE _sagaz.schedules SET next_ms = ? WHERE id = ?", p));
  }
  scheduler_.reset();
  auto restarted = Open();
  ASSERT_TRUE(restarted);
  EXPECT_EQ(Tick(*restarted).submitted, 1);  // found the job already submitted
  EXPECT_EQ(Jobs().size(), 1u);
  EXPECT_EQ(restarted->Get("crashy")->next_ms, kStart + 10 * kMinute);
}

TEST_F(SchedulerTest, TwoSchedulersTickingTogetherSubmitEachOccurrenceOnce) {
  Create("shared", "* * * * *");
  auto other = Open();
  ASSERT_TRUE(other);
  for (int minute = 1; minute <= 5; ++minute) {
    now_ = kStart + minute * kMinute;
    std::thread a([&] { (void)scheduler_->Tick(); });
    std::thread b([&] { (void)other->Tick(); });
    a.join();
    b.join();
  }
  EXPECT_EQ(Jobs().size(), 5u);
}

TEST_F(SchedulerTest, MissedOccurrencesRunOnceUnderRunOnce) {
  Create("catch-up", "*/5 * * * *", MissedPolicy::kRunOnce);
  now_ = kStart + 62 * kMinute;  // down for an hour: 12 occurrences missed
  const auto report = Tick(*scheduler_);
  EXPECT_EQ(report.submitted, 1);
  EXPECT_EQ(report.skipped, 11);
  const auto jobs = Jobs();
  ASSERT_EQ(jobs.size(), 1u);
  // The latest missed occurrence is the one run.
  EXPECT_NE(jobs[0].idempotency_key.find(std::to_string(kStart + 60 * kMinute)), std::string::npos);
  const auto s = scheduler_->Get("catch-up");
  EXPECT_EQ(s->next_ms, kStart + 65 * kMinute);
  EXPECT_EQ(s->skipped, 11);
}

TEST_F(SchedulerTest, MissedOccurrencesAreSkippedUnderSkip) {
  Create("no-catch-up", "*/5 * * * *", MissedPolicy::kSkip);
  now_ = kStart + 62 * kMinute;
  const auto report = Tick(*scheduler_);
  EXPECT_EQ(report.submitted, 0);
  EXPECT_EQ(report.skipped, 12);
  EXPECT_TRUE(Jobs().empty());
  EXPECT_EQ(scheduler_->Get("no-catch-up")->next_ms, kStart + 65 * kMinute);
  // An occurrence found within the grace period is on time and runs.
  now_ = kStart + 65 * kMinute + kMinute / 2;
  EXPECT_EQ(Tick(*scheduler_).submitted, 1);
}

TEST_F(SchedulerTest, DisabledSchedulesWaitAndEnablingStartsFromNow) {
  const auto s = Create("paused", "*/5 * * * *");
  auto off = scheduler_->Update(s.id, {.enabled = false});
  ASSERT_TRUE(off) << off.error().ToText();
  EXPECT_FALSE(off->next_ms);
  now_ = kStart + 30 * kMinute;
  EXPECT_EQ(Tick(*scheduler_).submitted, 0);
  auto on = scheduler_->Update("paused", {.enabled = true});
  ASSERT_TRUE(on);
  EXPECT_EQ(on->next_ms, kStart + 35 * kMinute);
  EXPECT_EQ(Tick(*scheduler_).submitted, 0);
  const auto runs = scheduler_->NextRuns(*on, 3);
  ASSERT_TRUE(runs);
  EXPECT_EQ(*runs, (std::vector<int64_t>{kStart + 35 * kMinute, kStart + 40 * kMinute,
                                         kStart + 45 * kMinute}));
}

TEST_F(SchedulerTest, ValidationAndDeletion) {
  EXPECT_EQ(scheduler_->Create({.name = "x", .cron = "* * * * *", .kind = "unknown"}).error().code,
            ErrorCode::kInvalidArgument);
  EXPECT_FALSE(scheduler_->Create({.name = "x", .cron = "bad", .kind = "report"}));
  EXPECT_FALSE(scheduler_->Create(
      {.name = "x", .cron = "* * * * *", .time_zone = "No/Where", .kind = "report"}));
  EXPECT_FALSE(
      scheduler_->Create({.name = "x", .cron = "* * * * *", .kind = "report", .payload = "bad"}));
  EXPECT_FALSE(scheduler_->Create({.name = "a b", .cron = "* * * * *", .kind = "report"}));
  Create("dup", "* * * * *");
  EXPECT_EQ(scheduler_->Create({.name = "dup", .cron = "* * * * *", .kind = "report"}).error().code,
            ErrorCode::kAlreadyExists);
  EXPECT_TRUE(scheduler_->Delete("dup"));
  EXPECT_EQ(scheduler_->Get("dup").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(scheduler_->Delete("dup").error().code, ErrorCode::kNotFound);
}

// Run now: a job outside the cron (also while disabled), among the schedule's runs and only its.
TEST_F(SchedulerTest, RunNowAndTheRunsOfASchedule) {
  const auto a = Create("a", "*/5 * * * *");
  const auto b = Create("b", "*/5 * * * *");
  ASSERT_TRUE(scheduler_->Update("a", {.enabled = false}));
  now_ = kStart + 5 * kMinute;
  EXPECT_EQ(Tick(*scheduler_).submitted, 1);  // b only
  auto id = scheduler_->RunNow("a", "ana");
  ASSERT_TRUE(id) << id.error().ToText();
  now_ = kStart + 5 * kMinute + 1;
  ASSERT_TRUE(scheduler_->RunNow(a.id, "ana"));
  auto runs = queue_->List({.key_prefix = Scheduler::RunsKeyPrefix(a)});
  ASSERT_TRUE(runs);
  ASSERT_EQ(runs->jobs.size(), 2u);
  EXPECT_EQ(runs->jobs[1].id, *id);  // newest first
  EXPECT_EQ(runs->jobs[1].created_by, "ana");
  EXPECT_EQ(runs->jobs[1].payload, R"({"n":1})");
  EXPECT_TRUE(runs->jobs[1].idempotency_key.starts_with("schedule:" + a.id + ":now:"));
  runs = queue_->List({.key_prefix = Scheduler::RunsKeyPrefix(b)});
  ASSERT_TRUE(runs);
  EXPECT_EQ(runs->jobs.size(), 1u);
  EXPECT_EQ(scheduler_->RunNow("nope", "ana").error().code, ErrorCode::kNotFound);
}

TEST_F(SchedulerTest, DeclareKeepsWhetherTheScheduleIsEnabled) {
  ScheduleSpec spec{
      .name = "pipeline:x", .cron = "0 3 * * *", .kind = "report", .origin = "pipeline"};
  ASSERT_TRUE(scheduler_->Declare(spec));
  ASSERT_TRUE(scheduler_->Update("pipeline:x", {.enabled = false}));
  spec.cron = "0 4 * * *";
  const auto again = scheduler_->Declare(spec);
  ASSERT_TRUE(again) << again.error().ToText();
  EXPECT_EQ(again->spec.cron, "0 4 * * *");
  EXPECT_FALSE(again->spec.enabled);
  EXPECT_EQ(again->spec.origin, "pipeline");
}

}  // namespace
}  // namespace sagaz::jobs
