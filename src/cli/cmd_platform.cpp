// Platform commands: users, API keys, jobs and the job worker.
#include <signal.h>
#include <termios.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <thread>

#include "auth/auth.hpp"
#include "cli/context.hpp"
#include "cli/table.hpp"
#include "core/ids.hpp"
#include "core/strings.hpp"
#include "jobs/jobs.hpp"
#include "wire/platform.hpp"

namespace sagaz::cli {
namespace {

struct PlatformArgs {
  std::string user;
  std::string role = "viewer";
  std::string password;
  bool password_stdin = false;
  bool generate_password = false;
  bool if_missing = false;
  std::string key_name;
  std::vector<std::string> scopes;
  int64_t ttl_s = 0;
  std::string id;
  std::string status;
  std::string kind;
  int limit = 20;
  int threads = 0;
  bool until_idle = false;
};

// Reads a password: prompted twice without echo on a terminal, one line from a pipe otherwise.
Result<std::string> ReadPassword(bool confirm) {
  auto read_line = [](std::string& out) { return static_cast<bool>(std::getline(std::cin, out)); };
  if (!isatty(STDIN_FILENO)) {
    std::string line;
    if (!read_line(line)) return Fail(ErrorCode::kInvalidArgument, "no password on standard input");
    if (!line.empty() && line.back() == '\r') line.pop_back();
    return line;
  }
  termios old{};
  tcgetattr(STDIN_FILENO, &old);
  termios quiet = old;
  quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
  std::string first, second;
  std::cerr << "Password: " << std::flush;
  tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
  const bool ok1 = read_line(first);
  std::cerr << "\n";
  bool ok2 = true;
  if (confirm && ok1) {
    std::cerr << "Again: " << std::flush;
    ok2 = read_line(second);
    std::cerr << "\n";
  }
  tcsetattr(STDIN_FILENO, TCSANOW, &old);
  if (!ok1 || !ok2) return Fail(ErrorCode::kInvalidArgument, "no password given");
  if (confirm && first != second) return Fail(ErrorCode::kInvalidArgument, "the passwords differ");
  return first;
}

Result<std::string> PasswordOf(const PlatformArgs& a) {
  if (!a.password.empty()) return a.password;
  return ReadPassword(/*confirm=*/!a.password_stdin);
}

std::string OrDash(const std::string& s) { return s.empty() ? "-" : s; }

std::string JobTime(int64_t ms) { return ms ? Iso8601FromMs(ms).substr(0, 19) : "-"; }

void PrintJobs(Context& c, const std::vector<jobs::Job>& list) {
  if (c.json) {
    wire::Json items = wire::Json::array();
    for (const auto& j : list) items.push_back(wire::ToJson(j));
    c.PrintJson({{"jobs", std::move(items)}});
    return;
  }
  std::vector<std::vector<std::string>> rows;
  for (const auto& j : list) {
    char progress[16];
    std::snprintf(progress, sizeof progress, "%.0f%%", j.progress);
    rows.push_back({j.id, j.kind, std::string(jobs::ToString(j.state)), progress,
                    std::to_string(j.attempts) + "/" + std::to_string(j.max_attempts),
                    JobTime(j.created_ms), OrDash(j.created_by),
                    j.error ? j.error->message : j.message});
  }
  std::cout << RenderTable({{"id"},
                            {"kind"},
                            {"status"},
                            {"progress", true},
                            {"attempts", true},
                            {"created"},
                            {"by"},
                            {"message"}},
                           rows, 60);
}

}  // namespace

void AddPlatformCommands(CLI::App& cli, Context& ctx) {
  Context* const c = &ctx;
  PlatformArgs* const a = &c->Hold<PlatformArgs>();

  // users
  auto* users = cli.add_subcommand("users", "Manage user accounts (viewer, analyst, admin)");
  users->require_subcommand(1);
  auto* add =
      users->add_subcommand("add", "Add a user; the password is asked for, or read from stdin");
  add->add_option("name", a->user, "User name")->required();
  add->add_option("--role", a->role, "viewer, analyst or admin")->capture_default_str();
  add->add_option("--password", a->password,
                  "Password (prefer stdin: it stays out of the shell history)");
  add->add_flag("--password-stdin", a->password_stdin, "Read the password from standard input");
  add->add_flag("--generate-password", a->generate_password,
                "Generate a random password, print it once and keep it in secrets/<name>-password "
                "(mode 0600) under the data directory");
  add->add_flag("--if-missing", a->if_missing, "Do nothing when the user already exists");
  add->callback([=] {
    c->WithApp([&](App& app) -> Status {
      const auto role = SAGAZ_TRY(auth::ParseRole(a->role));
      if (a->if_missing && app.auth().GetUser(a->user)) {
        if (!c->json) std::cerr << "User " << a->user << " exists.\n";
        return Ok();
      }
      std::string password;
      std::filesystem::path saved;
      if (a->generate_password) {
        password = RandomHex(10);
        saved = app.config().DataPath("secrets") / (a->user + "-password");
        std::error_code ec;
        std::filesystem::create_directories(saved.parent_path(), ec);
        std::ofstream out(saved, std::ios::trunc);
        std::filesystem::permissions(
            saved, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write, ec);
        out << password << "\n";
        if (!out) return Fail(ErrorCode::kIo, "cannot write " + saved.string());
      } else {
        password = SAGAZ_TRY(PasswordOf(*a));
      }
      const auto user = SAGAZ_TRY(app.auth().AddUser(a->user, role, password));
      if (c->json) {
        c->PrintJson(wire::ToJson(user));
      } else {
        std::cout << "Added " << user.name << " (" << auth::ToString(user.role) << ").\n";
        if (!saved.empty()) {
          std::cout << "Password: " << password << "  (kept in " << saved.string() << ")\n";
        }
      }
      return Ok();
    });
  });
  auto* list = users->add_subcommand("list", "List users");
  list->callback([=] {
    c->WithApp([&](App& app) -> Status {
      const auto all = SAGAZ_TRY(app.auth().ListUsers());
      if (c->json) {
        wire::Json items = wire::Json::array();
        for (const auto& u : all) items.push_back(wire::ToJson(u));
        c->PrintJson({{"users", std::move(items)}});
        return Ok();
      }
      std::vector<std::vector<std::string>> rows;
      for (const auto& u : all) {
        rows.push_back({u.name, std::string(auth::ToString(u.role)), u.created_at.substr(0, 19),
                        u.last_login_at.empty() ? "never" : u.last_login_at.substr(0, 19)});
      }
      std::cout << RenderTable({{"user"}, {"role"}, {"created"}, {"last login"}}, rows);
      return Ok();
    });
  });
  auto* rm = users->add_subcommand("rm", "Remove a user (their tokens and API keys stop working)");
  rm->add_option("name", a->user, "User name")->required();
  rm->callback([=] {
    c->WithApp([&](App& app) -> Status {
      SAGAZ_TRY(app.auth().RemoveUser(a->user));
      if (!c->json) std::cout << "Removed " << a->user << ".\n";
      return Ok();
    });
  });
  auto* passwd = users->add_subcommand("passwd", "Set a user's password (their sessions end)");
  passwd->add_option("name", a->user, "User name")->required();
  passwd->add_option("--password", a->password, "New password (prefer stdin)");
  passwd->add_flag("--password-stdin", a->password_stdin, "Read the password from standard input");
  passwd->callback([=] {
    c->WithApp([&](App& app) -> Status {
      SAGAZ_TRY(app.auth().GetUser(a->user));
      const std::string password = SAGAZ_TRY(PasswordOf(*a));
      SAGAZ_TRY(app.auth().SetPassword(a->user, password));
      if (!c->json) std::cout << "Password of " << a->user << " changed.\n";
      return Ok();
    });
  });
  auto* role = users->add_subcommand("role", "Change a user's role (their tokens are renewed)");
  role->add_option("name", a->user, "User name")->required();
  role->add_option("role", a->role, "viewer, analyst or admin")->required();
  role->callback([=] {
    c->WithApp([&](App& app) -> Status {
      SAGAZ_TRY(app.auth().SetRole(a->user, SAGAZ_TRY(auth::ParseRole(a->role))));
      if (!c->json) std::cout << a->user << " is now " << a->role << ".\n";
      return Ok();
    });
  });

  // api-keys
  auto* keys = cli.add_subcommand("api-keys", "Manage API keys for machine clients");
  keys->require_subcommand(1);
  auto* kadd = keys->add_subcommand("add", "Create an API key for a user; the key is shown once");
  kadd->add_option("user", a->user, "Owner of the key")->required();
  kadd->add_option("--name", a->key_name, "What the key is for")->required();
  kadd->add_option(
      "--scope", a->scopes,
      "Allowed scope (repeat; default: all of the owner's role): datasets.read, query, "
      "datasets.write, jobs.write, api_keys, system.read, feedback.write, admin");
  kadd->add_option("--ttl", a->ttl_s, "Lifetime in seconds (default: no expiry)");
  kadd->callback([=] {
    c->WithApp([&](App& app) -> Status {
      auth::NewApiKeyRequest request{.owner = a->user, .name = a->key_name};
      for (const auto& s : a->scopes) request.scopes.push_back(SAGAZ_TRY(auth::ParsePermission(s)));
      if (a->ttl_s > 0) request.ttl_s = a->ttl_s;
      const auto key = SAGAZ_TRY(app.auth().CreateApiKey(request));
      if (c->json) {
        c->PrintJson(wire::ToJson(key));
      } else {
        std::cout << key.key << "\n";
        std::cerr << "API key " << key.info.id << " for " << key.info.owner
                  << ". Store it now: it is not shown again.\n";
      }
      return Ok();
    });
  });
  auto* klist = keys->add_subcommand("list", "List API keys (of one user, or everyone's)");
  klist->add_option("user", a->user, "Owner (default: everyone)");
  klist->callback([=] {
    c->WithApp([&](App& app) -> Status {
      const auto all = SAGAZ_TRY(app.auth().ListApiKeys(a->user));
      if (c->json) {
        wire::Json items = wire::Json::array();
        for (const auto& k : all) items.push_back(wire::ToJson(k));
        c->PrintJson({{"api_keys", std::move(items)}});
        return Ok();
      }
      std::vector<std::vector<std::string>> rows;
      for (const auto& k : all) {
        std::vector<std::string_view> scopes;
        for (auto p : k.scopes) scopes.push_back(auth::ToString(p));
        rows.push_back(
            {k.id, k.name, k.owner, Join(scopes, ","), OrDash(k.last_used_at.substr(0, 19)),
             k.revoked_at.empty()
                 ? (k.expires_at.empty() ? "active" : "until " + k.expires_at.substr(0, 10))
                 : "revoked"});
      }
      std::cout << RenderTable({{"id"}, {"name"}, {"owner"}, {"scopes"}, {"last used"}, {"state"}},
                               rows);
      return Ok();
    });
  });
  auto* krevoke = keys->add_subcommand("revoke", "Revoke an API key");
  krevoke->add_option("id", a->id, "Key id (sgz_...)")->required();
  krevoke->callback([=] {
    c->WithApp([&](App& app) -> Status {
      auth::Identity admin;
      admin.permissions = ~0u;  // the CLI holds the data directory: it acts as an admin
      SAGAZ_TRY(app.auth().RevokeApiKey(a->id, admin));
      if (!c->json) std::cout << "Revoked " << a->id << ".\n";
      return Ok();
    });
  });

  // jobs
  auto* jobs_cmd = cli.add_subcommand("jobs", "List, show, cancel or retry background jobs");
  jobs_cmd->require_subcommand(1);
  auto* jlist = jobs_cmd->add_subcommand("list", "List jobs, newest first");
  jlist->add_option("--status", a->status, "queued, running, succeeded, failed, cancelled or dead");
  jlist->add_option("--kind", a->kind, "Job kind, e.g. ingest");
  jlist->add_option("--limit", a->limit, "Most jobs shown")->check(CLI::Range(1, 500));
  jlist->callback([=] {
    c->WithApp([&](App& app) -> Status {
      jobs::ListFilter filter;
      if (!a->status.empty()) filter.state = SAGAZ_TRY(jobs::ParseState(a->status));
      filter.kind = a->kind;
      filter.limit = static_cast<size_t>(a->limit);
      PrintJobs(*c, SAGAZ_TRY(app.jobs().List(filter)).jobs);
      return Ok();
    });
  });
  auto* jshow = jobs_cmd->add_subcommand("show", "Show one job with its result or error");
  jshow->add_option("id", a->id, "Job id")->required();
  jshow->callback([=] {
    c->WithApp([&](App& app) -> Status {
      c->PrintJson(wire::ToJson(SAGAZ_TRY(app.jobs().Get(a->id))));
      return Ok();
    });
  });
  for (const auto& [name, help] :
       {std::pair{"cancel", "Cancel a queued or running job"},
        std::pair{"retry", "Queue a failed, dead or cancelled job again"}}) {
    auto* cmd = jobs_cmd->add_subcommand(name, help);
    cmd->add_option("id", a->id, "Job id")->required();
    const bool cancel = std::string_view(name) == "cancel";
    cmd->callback([=] {
      c->WithApp([&](App& app) -> Status {
        const auto job =
            cancel ? SAGAZ_TRY(app.jobs().Cancel(a->id)) : SAGAZ_TRY(app.jobs().Retry(a->id));
        PrintJobs(*c, {job});
        return Ok();
      });
    });
  }

  // worker
  auto* worker = cli.add_subcommand(
      "worker",
      "Run background jobs without the HTTP server. With the embedded store the worker holds the "
      "data directory alone (stop `sagaz serve` first, or run serve with jobs.workers = 0 on a "
      "shared store).");
  worker->add_option("--threads", a->threads, "Job threads (default: jobs.workers, at least 1)")
      ->check(CLI::Range(1, 256));
  worker->add_flag("--until-idle", a->until_idle, "Exit once no job is queued or running");
  worker->callback([=] {
    const sigset_t signals = BlockStopSignals();
    auto config = c->LoadConfig();
    if (!config) return c->Report(config.error());
    if (auto st = InitLogging(*config, c->verbose); !st) return c->Report(st.error());
    auto opened = App::Open(*config);
    if (!opened) return c->Report(opened.error());
    App& app = **opened;
    const int threads = a->threads > 0 ? a->threads : std::max(1, config->jobs.workers);
    if (auto st = app.RestrictFileAccess(); !st) return c->Report(st.error());
    if (auto st = app.StartWorkers(threads); !st) return c->Report(st.error());
    // `--until-idle` runs what is queued, not what schedules will submit later.
    if (!a->until_idle) app.StartScheduler();
    std::cerr << "Sagaz worker running " << threads << " job thread(s) on "
              << config->DataDir().string() << ". Press Ctrl+C to stop.\n";
    const timespec tick{0, 200'000'000};
    for (;;) {
      siginfo_t info;
      if (sigtimedwait(&signals, &info, &tick) > 0) break;
      if (a->until_idle && app.RunningJobs() == 0) {
        auto depths = app.jobs().Depths();
        bool pending = !depths;
        if (depths) {
          for (const auto& d : *depths) {
            if (d.state == jobs::State::kQueued || d.state == jobs::State::kRunning) pending = true;
          }
        }
        if (!pending) break;
      }
    }
    app.StopScheduler();
    app.StopWorkers();
  });
}

}  // namespace sagaz::cli
