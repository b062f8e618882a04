// The durable queue and its workers: leases, retries, dead letters, idempotency, cancellation,
// priorities, concurrency limits, restarts and exactly-once effects.
#include "jobs/jobs.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "app/app.hpp"
#include "db/db.hpp"
#include "support/support.hpp"

namespace sagaz::jobs {
namespace {

using namespace std::chrono_literals;

JobsConfig FastConfig() {
  JobsConfig c;
  c.max_attempts = 3;
  c.backoff_ms = 20;
  c.max_backoff_ms = 100;
  c.lease_ms = 300;
  c.concurrency = {"slow=1"};
  return c;
}

class QueueTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto q = OpenEmbeddedQueue(app_->pool(), FastConfig());
    ASSERT_TRUE(q) << q.error().ToText();
    queue_ = std::move(*q);
    auto e = EffectLog::Open(app_->pool());
    ASSERT_TRUE(e);
    effects_ = std::move(*e);
  }
  Job Submit(std::string kind, int priority = 0, std::string key = {}) {
    auto s = queue_->Submit(
        {.kind = std::move(kind), .priority = priority, .idempotency_key = std::move(key)});
    EXPECT_TRUE(s) << s.error().ToText();
    return s ? s->job : Job{};
  }
  std::optional<Job> Claim(const std::string& owner, std::vector<std::string> kinds = {}) {
    auto c = queue_->Claim(owner, kinds);
    EXPECT_TRUE(c) << c.error().ToText();
    return c ? *c : std::nullopt;
  }
  State StateOf(const std::string& id) { return queue_->Get(id)->state; }
  // Waits until the job reaches `state` (or 10 s pass).
  bool WaitFor(const std::string& id, State state) {
    for (int i = 0; i < 1000; ++i) {
      if (StateOf(id) == state) return true;
      std::this_thread::sleep_for(10ms);
    }
    return false;
  }

  testing::TestApp app_;
  std::unique_ptr<Queue> queue_;
  std::unique_ptr<EffectLog> effects_;
};

TEST_F(QueueTest, SubmitGetListAndPages) {
  std::vector<std::string> ids;
  for (int i = 0; i < 5; ++i) ids.push_back(Submit("a").id);
  auto job = queue_->Get(ids[0]);
  ASSERT_TRUE(job);
  EXPECT_EQ(job->state, State::kQueued);
  EXPECT_EQ(job->max_attempts, 3);
  auto page = queue_->List({.limit = 2});
  ASSERT_TRUE(page);
  ASSERT_EQ(page->jobs.size(), 2u);
  EXPECT_EQ(page->jobs[0].id, ids[4]);  // newest first
  auto next = queue_->List({.limit = 10, .cursor = page->next_cursor});
  ASSERT_TRUE(next);
  EXPECT_EQ(next->jobs.size(), 3u);
  EXPECT_TRUE(next->next_cursor.empty());
  EXPECT_EQ(queue_->Get("job_nope").error().code, ErrorCode::kNotFound);
}

TEST_F(QueueTest, IdempotencyKeysReturnTheFirstJob) {
  auto first = queue_->Submit({.kind = "a", .idempotency_key = "order-42"});
  auto again = queue_->Submit({.kind = "a", .idempotency_key = "order-42"});
  ASSERT_TRUE(first && again);
  EXPECT_FALSE(first->existing);
  EXPECT_TRUE(again->existing);
  EXPECT_EQ(first->job.id, again->job.id);
  EXPECT_NE(Submit("a", 0, "order-43").id, first->job.id);
}

TEST_F(QueueTest, HigherPriorityRunsFirst) {
  const auto low = Submit("a", 0);
  const auto high = Submit("a", 5);
  EXPECT_EQ(Claim("w")->id, high.id);
  EXPECT_EQ(Claim("w")->id, low.id);
  EXPECT_FALSE(Claim("w"));
}

TEST_F(QueueTest, OnlyTheLeaseHolderFinishesAndAnExpiredLeaseIsTakenOver) {
  const auto id = Submit("a").id;
  auto a = Claim("worker-a");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->attempts, 1);
  EXPECT_FALSE(Claim("worker-b"));  // leased
  EXPECT_EQ(queue_->Succeed(id, "worker-b", "{}").error().code, ErrorCode::kConflict);
  auto lease = queue_->Renew(id, "worker-a");
  ASSERT_TRUE(lease);
  EXPECT_TRUE(lease->held);
  std::this_thread::sleep_for(400ms);  // worker-a stops renewing: the lease expires
  auto b = Claim("worker-b");
  ASSERT_TRUE(b);
  EXPECT_EQ(b->id, id);
  EXPECT_EQ(b->attempts, 2);
  EXPECT_FALSE(queue_->Renew(id, "worker-a")->held);
  EXPECT_EQ(queue_->Succeed(id, "worker-a", "{}").error().code, ErrorCode::kConflict);
  EXPECT_TRUE(queue_->Succeed(id, "worker-b", R"({"ok":true})"));
  EXPECT_EQ(queue_->Get(id)->result, R"({"ok":true})");
}

TEST_F(QueueTest, RetriesBackOffThenDeadLetter) {
  const auto id = Submit("a").id;
  for (int attempt = 1; attempt <= 3; ++attempt) {
    std::optional<Job> job;
    for (int i = 0; i < 100 && !job; ++i) {
      job = Claim("w");
      if (!job) std::this_thread::sleep_for(10ms);
    }
    ASSERT_TRUE(job) << "attempt " << attempt;
    EXPECT_EQ(job->attempts, attempt);
    ASSERT_TRUE(queue_->FailAttempt(id, "w", Error(ErrorCode::kUnavailable, "flaky"), true));
    if (attempt < 3) {
      auto queued = queue_->Get(id);
      EXPECT_EQ(queued->state, State::kQueued);
      EXPECT_GT(queued->run_at_ms, queued->updated_ms);  // not before the backoff
    }
  }
  auto dead = queue_->Get(id);
  EXPECT_EQ(dead->state, State::kDead);
  EXPECT_EQ(dead->error->message, "flaky");
  auto dead_list = queue_->List({.state = State::kDead});
  ASSERT_EQ(dead_list->jobs.size(), 1u);
  // A dead job can be retried by hand.
  auto retried = queue_->Retry(id);
  ASSERT_TRUE(retried);
  EXPECT_EQ(retried->state, State::kQueued);
  EXPECT_EQ(retried->attempts, 0);
}

TEST_F(QueueTest, PermanentErrorsFailAtOnce) {
  const auto id = Submit("a").id;
  ASSERT_TRUE(Claim("w"));
  ASSERT_TRUE(queue_->FailAttempt(id, "w", Error(ErrorCode::kInvalidArgument, "bad file"), false));
  EXPECT_EQ(StateOf(id), State::kFailed);
  EXPECT_EQ(queue_->Cancel(id).error().code, ErrorCode::kFailedPrecondition);
}

TEST_F(QueueTest, CancellingQueuedAndRunningJobs) {
  const auto queued = Submit("a").id;
  auto cancelled = queue_->Cancel(queued);
  ASSERT_TRUE(cancelled);
  EXPECT_EQ(cancelled->state, State::kCancelled);
  EXPECT_FALSE(Claim("w"));
  const auto running = Submit("a").id;
  ASSERT_TRUE(Claim("w"));
  auto asked = queue_->Cancel(running);
  ASSERT_TRUE(asked);
  EXPECT_EQ(asked->state, State::kRunning);
  EXPECT_TRUE(asked->cancel_requested);
  EXPECT_TRUE(queue_->Renew(running, "w")->cancel_requested);
}

TEST_F(QueueTest, ConcurrencyLimitsPerKind) {
  const auto s1 = Submit("slow").id;
  const auto s2 = Submit("slow").id;
  const auto f = Submit("fast").id;
  EXPECT_EQ(Claim("w")->id, s1);
  EXPECT_EQ(Claim("w")->id, f);  // the second slow job waits for the first
  EXPECT_FALSE(Claim("w"));
  ASSERT_TRUE(queue_->Succeed(s1, "w", "{}"));
  EXPECT_EQ(Claim("w")->id, s2);
}

TEST_F(QueueTest, ARestartTakesBackJobsThatWereRunning) {
  const auto id = Submit("a").id;
  ASSERT_TRUE(Claim("old-process"));
  // The embedded store is exclusive to one process, so a new queue on it knows the old worker is
  // gone: the job is claimable at once, without waiting for its lease.
  auto reopened = OpenEmbeddedQueue(app_->pool(), [] {
    auto c = FastConfig();
    c.lease_ms = 3'600'000;
    return c;
  }());
  ASSERT_TRUE(reopened);
  auto again = (*reopened)->Claim("new-process", {});
  ASSERT_TRUE(again && *again);
  EXPECT_EQ((*again)->id, id);
  EXPECT_EQ((*again)->attempts, 2);
}

TEST_F(QueueTest, WorkersRunRetryReportProgressAndCancel) {
  Workers workers(*queue_, *effects_, FastConfig(), "test");
  std::atomic<int> flaky_calls{0};
  workers.Register("flaky", [&](JobContext& ctx) -> Result<std::string> {
    ctx.Progress(50, "halfway");
    if (++flaky_calls < 3) return Fail(ErrorCode::kUnavailable, "not yet");
    return std::string(R"({"calls":3})");
  });
  workers.Register("endless", [](JobContext& ctx) -> Result<std::string> {
    while (!ctx.Cancelled()) std::this_thread::sleep_for(5ms);
    return Fail(ErrorCode::kCancelled, "stopped");
  });
  workers.Register("broken", [](JobContext&) -> Result<std::string> {
    throw std::runtime_error("a bug");  // the worker boundary turns this into a failure
  });
  workers.Start(2);
  const auto flaky = Submit("flaky").id;
  const auto endless = Submit("endless").id;
  const auto broken = Submit("broken").id;
  ASSERT_TRUE(WaitFor(flaky, State::kSucceeded));
  EXPECT_EQ(queue_->Get(flaky)->attempts, 3);
  EXPECT_EQ(queue_->Get(flaky)->result, R"({"calls":3})");
  ASSERT_TRUE(WaitFor(endless, State::kRunning));
  ASSERT_TRUE(queue_->Cancel(endless));
  ASSERT_TRUE(WaitFor(endless, State::kCancelled));
  ASSERT_TRUE(WaitFor(broken, State::kDead));
  EXPECT_NE(queue_->Get(broken)->error->message.find("a bug"), std::string::npos);
  workers.Stop();
}

TEST_F(QueueTest, StoppingGivesRunningJobsBackWithoutCountingTheAttempt) {
  auto workers = std::make_unique<Workers>(*queue_, *effects_, FastConfig(), "test");
  workers->Register("endless", [](JobContext& ctx) -> Result<std::string> {
    while (!ctx.Cancelled()) std::this_thread::sleep_for(5ms);
    return Fail(ErrorCode::kCancelled, "stopped");
  });
  workers->Start(1);
  const auto id = Submit("endless").id;
  ASSERT_TRUE(WaitFor(id, State::kRunning));
  workers->Stop();
  auto job = queue_->Get(id);
  EXPECT_EQ(job->state, State::kQueued);
  EXPECT_EQ(job->attempts, 0);
}

TEST_F(QueueTest, ACommittedEffectIsNeverDoneTwice) {
  // The first attempt commits its effect (a row) and its record together, then dies before it can
  // report success; the retry must finish from the record instead of inserting again.
  {
    auto conn = app_->pool().Acquire();
    ASSERT_TRUE(conn);
    ASSERT_TRUE((*conn)->Execute("CREATE TABLE effects_target(x INTEGER)"));
  }
  std::atomic<int> runs{0};
  Workers workers(*queue_, *effects_, FastConfig(), "test");
  workers.Register("insert", [&](JobContext& ctx) -> Result<std::string> {
    ++runs;
    auto conn = SAGAZ_TRY(app_->pool().Acquire());
    auto tx = SAGAZ_TRY(db::Transaction::Begin(*conn));
    SAGAZ_TRY(conn->Execute("INSERT INTO effects_target VALUES (1)"));
    SAGAZ_TRY(ctx.RecordEffect(*conn, R"({"inserted":1})"));
    SAGAZ_TRY(tx.Commit());
    return Fail(ErrorCode::kUnavailable, "crashed right after committing");
  });
  workers.Start(1);
  const auto id = Submit("insert").id;
  ASSERT_TRUE(WaitFor(id, State::kSucceeded));
  workers.Stop();
  EXPECT_EQ(runs.load(), 1);
  EXPECT_EQ(queue_->Get(id)->result, R"({"inserted":1})");
  auto conn = app_->pool().Acquire();
  auto count = (*conn)->Query("SELECT count(*) FROM effects_target");
  EXPECT_EQ(db::IntOf(*count->FetchScalar()), 1);
}

}  // namespace
}  // namespace sagaz::jobs
