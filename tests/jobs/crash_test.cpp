// A job whose attempt kills the process is failed at the next start, with an error saying so,
// instead of being retried into the same crash (a 60 KB JSON document once crashed the server at
// every restart until its job was dead). A process killed from outside (SIGKILL, a power loss)
// leaves no marker, and its jobs run again as before.
//
// Each case runs real workers in a child process that really dies: a stack overflow in the job's
// thread, a stack overflow in one of DuckDB's threads (JSON nested 10,000 levels, read without the
// ingest service's check), a null pointer, an abort, and SIGKILL.
#include "core/crash.hpp"

#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstdlib>
#include <functional>
#include <thread>

#include "app/app.hpp"
#include "core/strings.hpp"
#include "db/db.hpp"
#include "jobs/jobs.hpp"
#include "support/support.hpp"

namespace sagaz::jobs {
namespace {

volatile bool g_forever = true;

int Overflow(int depth) {
  volatile char frame[1024];
  frame[0] = static_cast<char>(depth);
  if (!g_forever) return frame[0];
  return Overflow(depth + 1) + frame[0];
}

struct CrashCase {
  std::string name;
  std::function<void(App&, const std::filesystem::path& dir)> crash;  // runs inside the job
  int signal;
  bool failed;  // true: the job is failed at the next start; false: it runs again
};

// Runs one job of kind "crash" with real workers in a child process and returns how it died.
int RunCrashingJob(const std::filesystem::path& dir, const CrashCase& c, std::string* id) {
  // The job is submitted before the fork so the parent knows its id.
  {
    auto app = App::Open(testing::TestConfig(dir));
    EXPECT_TRUE(app) << app.error().ToText();
    *id = (*app)->jobs().Submit({.kind = "crash"})->job.id;
  }
  const pid_t pid = fork();
  if (pid == 0) {
    rlimit no_core{0, 0};
    setrlimit(RLIMIT_CORE, &no_core);
    auto app = App::Open(testing::TestConfig(dir));
    if (!app) _exit(2);
    auto effects = EffectLog::Open((*app)->pool());
    if (!effects) _exit(2);
    Workers workers((*app)->jobs(), **effects, (*app)->config().jobs, "child");
    App& a = **app;
    workers.Register("crash", [&a, &dir, &c](JobContext&) -> Result<std::string> {
      c.crash(a, dir);
      return std::string("{}");
    });
    if (!crash::InstallHandler((*app)->config().DataPath(kCrashMarker))) _exit(2);
    workers.Start(1);
    std::this_thread::sleep_for(std::chrono::seconds(120));
    _exit(3);  // the job did not crash the process
  }
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFSIGNALED(status) ? WTERMSIG(status) : 1000 + WEXITSTATUS(status);
}

TEST(JobCrashTest, AJobThatCrashedTheProcessIsFailedNotRetried) {
  const std::vector<CrashCase> cases = {
      {"stack overflow in the job's thread", [](App&, const auto&) { Overflow(0); }, SIGSEGV, true},
      {"stack overflow in a DuckDB thread",
       [](App& app, const std::filesystem::path& dir) {
         const std::string deep = std::string(10'000, '[') + "1" + std::string(10'000, ']');
         const auto path = testing::WriteFile(dir / "deep.json", deep);
         auto conn = app.pool().Acquire();
         (void)(*conn)->Execute("CREATE TABLE deep AS SELECT * FROM read_json(" +
                                QuoteLiteral(path.string()) + ")");
       },
       SIGSEGV, true},
      {"null pointer",
       [](App&, const auto&) {
         volatile int* volatile nowhere = nullptr;
         *nowhere = 1;
       },
       SIGSEGV, true},
      {"abort", [](App&, const auto&) { std::abort(); }, SIGABRT, true},
      {"SIGKILL from outside", [](App&, const auto&) { raise(SIGKILL); }, SIGKILL, false},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    testing::TempDir dir;
    std::string id;
    EXPECT_EQ(RunCrashingJob(dir.path(), c, &id), c.signal);
    EXPECT_EQ(std::filesystem::exists(dir / "data" / std::string(kCrashMarker)), c.failed);

    auto app = App::Open(testing::TestConfig(dir.path()));
    ASSERT_TRUE(app) << app.error().ToText();
    auto job = (*app)->jobs().Get(id);
    ASSERT_TRUE(job);
    EXPECT_FALSE(std::filesystem::exists(dir / "data" / std::string(kCrashMarker)));
    if (c.failed) {
      EXPECT_EQ(job->state, State::kFailed);
      ASSERT_TRUE(job->error);
      EXPECT_NE(job->error->message.find("the server crashed while running this job; it was not "
                                         "retried automatically"),
                std::string::npos)
          << job->error->message;
      EXPECT_EQ(job->attempts, 1);
      // A person may still retry it.
      EXPECT_TRUE((*app)->jobs().Retry(id));
    } else {
      // Taken again at once, as after any restart.
      EXPECT_EQ(job->state, State::kRunning);
      auto claimed = (*app)->jobs().Claim("next", std::vector<std::string>{"crash"});
      ASSERT_TRUE(claimed && *claimed);
      EXPECT_EQ((*claimed)->id, id);
      EXPECT_EQ((*claimed)->attempts, 2);
    }
  }
}

}  // namespace
}  // namespace sagaz::jobs
