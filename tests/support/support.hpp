// Test fixtures shared by the suites: temporary directories, an App on a fresh data directory,
// files written by the test itself, and a real `sagaz serve` process on a loopback port.
#pragma once

#include <gtest/gtest.h>
#include <httplib.h>
#include <sys/types.h>

#include <array>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "app/app.hpp"
#include "core/config.hpp"

namespace sagaz::testing {

// A fresh directory removed at the end of the test.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

// Writes `content` to `path` byte for byte and returns the path.
std::filesystem::path WriteFile(const std::filesystem::path& path, std::string_view content);

// A configuration for tests: data under `dir`, no log file, no environment.
Config TestConfig(const std::filesystem::path& dir);

// An App on a temporary data directory.
class TestApp {
 public:
  TestApp();
  // With configuration changes (a model endpoint, limits), optionally on a copy of another data
  // test directory's database (a directory given to TestConfig; to reuse generated demo data).
  explicit TestApp(const std::function<void(Config&)>& configure,
                   const std::filesystem::path& copy_data_from = {});
  App& app() { return *app_; }
  App* operator->() { return app_.get(); }
  const TempDir& dir() const { return dir_; }

 private:
  TempDir dir_;
  std::unique_ptr<App> app_;
};

// Runs `sagaz` with arguments; captures stdout/stderr and the exit code.
struct CommandResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};
CommandResult RunSagaz(const std::vector<std::string>& args, const std::string& stdin_text = "");

// A `sagaz serve` process on a free loopback port with its own data directory, with an admin
// account (kAdminUser) logged in. Stopped with SIGTERM (and checked to exit cleanly) at
// destruction.
inline constexpr const char* kAdminUser = "admin";
inline constexpr const char* kAdminPassword = "test-admin-password";

class ServerProcess {
 public:
  struct Options {
    bool demo = false;        // generate the demo data first
    std::string config_toml;  // written to a sagaz.toml passed with --config
    std::vector<std::string> serve_args;
    // Accounts created before the server starts, as {name, role, password}; the admin is always
    // there.
    std::vector<std::array<std::string, 3>> users;
    // Serve the data directory of an earlier server (its accounts are kept) instead of a new one.
    std::filesystem::path reuse_dir;
  };
  explicit ServerProcess(Options options);
  ServerProcess() : ServerProcess(Options{}) {}
  ~ServerProcess();
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  int port() const { return port_; }
  std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  const TempDir& dir() const { return dir_; }
  // Global CLI arguments for this server's data directory (and config).
  const std::vector<std::string>& cli_args() const { return global_; }
  // An access token of the admin, and a fresh login of any account.
  const std::string& token() const { return token_; }
  std::string Login(const std::string& user, const std::string& password) const;
  // A client with the admin's token (or none).
  httplib::Client Client(bool authenticated = true) const;
  // Sends SIGTERM and waits; returns the exit status (0 for a clean stop).
  int Stop();
  // SIGKILL: the process dies at once, as in a crash or power loss.
  void Kill();
  // Where the data directory lives (this server's, or the reused one).
  const std::filesystem::path& root() const { return root_; }

 private:
  TempDir dir_;
  std::filesystem::path root_;
  std::vector<std::string> global_;
  pid_t pid_ = -1;
  int port_ = 0;
  std::string token_;
};

// Checks that `r` is the error envelope with this status and code, a message and a request id.
void ExpectError(const httplib::Result& r, int status, const std::string& code);

// Sends `head` (request line and headers, no body) over a plain socket and returns what the server
// answers before the body is sent: how a server that refuses early is tested.
std::string RawHttp(int port, const std::string& head);

// Path of the real data sets, or empty when ../shared/data is absent (tests then skip).
std::filesystem::path SharedData();

}  // namespace sagaz::testing
