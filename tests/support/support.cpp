#include "support/support.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>
#include <thread>

extern char** environ;

namespace sagaz::testing {

namespace {
// HTTP clients in tests write to servers that may close early (413): EPIPE, not death by SIGPIPE.
const bool kIgnoreSigpipe = [] {
  signal(SIGPIPE, SIG_IGN);
  return true;
}();
}  // namespace

TempDir::TempDir() {
  std::random_device rd;
  const auto base = std::filesystem::temp_directory_path();
  for (;;) {
    path_ = base / ("sagaz-test-" + std::to_string(rd()) + std::to_string(rd()));
    if (std::filesystem::create_directory(path_)) break;
  }
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

std::filesystem::path WriteFile(const std::filesystem::path& path, std::string_view content) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary);
  out.write(content.data(), static_cast<std::streamsize>(content.size()));
  return path;
}

Config TestConfig(const std::filesystem::path& dir) {
  ConfigSources sources;
  sources.use_environment = false;
  sources.file = std::nullopt;
  sources.overrides = {
      {"data.dir", (dir / "data").string()}, {"log.file", ""}, {"duckdb.threads", "2"}};
  auto config = LoadConfig(sources);
  EXPECT_TRUE(config.has_value());
  return *config;
}

TestApp::TestApp() : TestApp([](Config&) {}) {}

TestApp::TestApp(const std::function<void(Config&)>& configure,
                 const std::filesystem::path& copy_data_from) {
  Config config = TestConfig(dir_.path());
  if (!copy_data_from.empty()) {
    const auto target = config.DataPath("sagaz.duckdb");
    std::filesystem::create_directories(target.parent_path());
    std::filesystem::copy_file(TestConfig(copy_data_from).DataPath("sagaz.duckdb"), target);
  }
  configure(config);
  auto app = App::Open(config);
  if (!app) {
    ADD_FAILURE() << app.error().ToText();
    return;
  }
  app_ = std::move(*app);
}

namespace {

std::string ReadAll(int fd) {
  std::string out;
  char buf[65536];
  ssize_t n;
  while ((n = read(fd, buf, sizeof buf)) > 0) out.append(buf, static_cast<size_t>(n));
  return out;
}

std::vector<char*> Argv(const std::vector<std::string>& args) {
  std::vector<char*> argv;
  argv.push_back(const_cast<char*>(SAGAZ_BINARY));
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  return argv;
}

}  // namespace

CommandResult RunSagaz(const std::vector<std::string>& args, const std::string& stdin_text) {
  CommandResult result;
  int in_pipe[2], out_pipe[2], err_pipe[2];
  if (pipe(in_pipe) || pipe(out_pipe) || pipe(err_pipe)) return result;
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in_pipe[0], 0);
  posix_spawn_file_actions_adddup2(&actions, out_pipe[1], 1);
  posix_spawn_file_actions_adddup2(&actions, err_pipe[1], 2);
  for (int fd : {in_pipe[1], out_pipe[0], err_pipe[0]})
    posix_spawn_file_actions_addclose(&actions, fd);
  auto argv = Argv(args);
  pid_t pid;
  const int rc = posix_spawn(&pid, SAGAZ_BINARY, &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(in_pipe[0]);
  close(out_pipe[1]);
  close(err_pipe[1]);
  if (rc != 0) return result;
  std::thread writer([&] {
    if (!stdin_text.empty()) {
      ssize_t ignored = write(in_pipe[1], stdin_text.data(), stdin_text.size());
      (void)ignored;
    }
    close(in_pipe[1]);
  });
  std::thread err_reader([&] { result.err = ReadAll(err_pipe[0]); });
  result.out = ReadAll(out_pipe[0]);
  err_reader.join();
  writer.join();
  close(out_pipe[0]);
  close(err_pipe[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return result;
}

ServerProcess::ServerProcess(Options options) {
  root_ = options.reuse_dir.empty() ? dir_.path() : options.reuse_dir;
  const std::string data = (root_ / "data").string();
  std::vector<std::string>& global = global_;
  global = {"--data-dir", data};
  if (!options.config_toml.empty()) {
    global.push_back("--config");
    global.push_back(WriteFile(root_ / "sagaz.toml", options.config_toml).string());
  }
  if (options.demo) {
    auto demo_args = global;
    demo_args.push_back("demo");
    auto r = RunSagaz(demo_args);
    EXPECT_EQ(r.exit_code, 0) << r.err;
  }
  if (options.reuse_dir.empty()) {
    options.users.insert(options.users.begin(), {kAdminUser, "admin", kAdminPassword});
  }
  for (const auto& [name, role, password] : options.users) {
    auto add = global;
    for (const auto& a : {std::string("users"), std::string("add"), name, std::string("--role"),
                          role, std::string("--password-stdin")}) {
      add.push_back(a);
    }
    auto r = RunSagaz(add, password + "\n");
    EXPECT_EQ(r.exit_code, 0) << r.err;
  }
  const std::string port_file = (root_ / "port").string();
  std::filesystem::remove(port_file);
  std::vector<std::string> args = global;
  for (const char* a : {"serve", "--port", "0", "--port-file"}) args.push_back(a);
  args.push_back(port_file);
  args.insert(args.end(), options.serve_args.begin(), options.serve_args.end());
  auto argv = Argv(args);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  const std::string log = (root_ / "server.log").string();
  posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
  posix_spawn_file_actions_addopen(&actions, 2, log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
  const int rc = posix_spawn(&pid_, SAGAZ_BINARY, &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) {
    ADD_FAILURE() << "cannot start " << SAGAZ_BINARY;
    pid_ = -1;
    return;
  }
  for (int i = 0; i < 300 && port_ == 0; ++i) {
    std::ifstream in(port_file);
    int p = 0;
    if (in >> p && p > 0)
      port_ = p;
    else
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    int status;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      std::ifstream l(log);
      std::stringstream ss;
      ss << l.rdbuf();
      ADD_FAILURE() << "sagaz serve exited early:\n" << ss.str();
      pid_ = -1;
      return;
    }
  }
  if (port_ == 0) {
    ADD_FAILURE() << "sagaz serve did not report its port";
    return;
  }
  token_ = Login(kAdminUser, kAdminPassword);
}

std::string ServerProcess::Login(const std::string& user, const std::string& password) const {
  httplib::Client c("127.0.0.1", port_);
  const std::string body = nlohmann::json{{"username", user}, {"password", password}}.dump();
  auto r = c.Post("/api/v1/auth/login", body, "application/json");
  if (!r || r->status != 200) {
    ADD_FAILURE() << "login of " << user << " failed: " << (r ? r->body : "no response");
    return {};
  }
  return nlohmann::json::parse(r->body)["access_token"].get<std::string>();
}

httplib::Client ServerProcess::Client(bool authenticated) const {
  httplib::Client c("127.0.0.1", port_);
  c.set_read_timeout(60, 0);
  if (authenticated) c.set_bearer_token_auth(token_.c_str());
  return c;
}

int ServerProcess::Stop() {
  if (pid_ <= 0) return -1;
  kill(pid_, SIGTERM);
  int status = 0;
  for (int i = 0; i < 500; ++i) {
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  kill(pid_, SIGKILL);
  waitpid(pid_, &status, 0);
  pid_ = -1;
  return -2;
}

void ServerProcess::Kill() {
  if (pid_ <= 0) return;
  kill(pid_, SIGKILL);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
}

ServerProcess::~ServerProcess() {
  if (pid_ > 0) Stop();
}

void ExpectError(const httplib::Result& r, int status, const std::string& code) {
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, status) << r->body;
  auto j = nlohmann::json::parse(r->body, nullptr, false);
  ASSERT_TRUE(j.is_object()) << r->body;
  EXPECT_EQ(j["error"]["code"], code) << r->body;
  EXPECT_FALSE(j["error"]["message"].get<std::string>().empty());
  EXPECT_TRUE(j.contains("request_id"));
}

std::string RawHttp(int port, const std::string& head) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    close(fd);
    return {};
  }
  timeval tv{5, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  ssize_t sent = send(fd, head.data(), head.size(), MSG_NOSIGNAL);
  (void)sent;
  std::string out;
  char buf[4096];
  ssize_t n;
  // Read one response: headers, then Content-Length bytes (the server may keep the connection
  // open).
  while ((n = recv(fd, buf, sizeof buf, 0)) > 0) {
    out.append(buf, static_cast<size_t>(n));
    const auto end = out.find("\r\n\r\n");
    if (end == std::string::npos) continue;
    size_t length = 0;
    const auto cl = out.find("Content-Length: ");
    if (cl != std::string::npos && cl < end) length = std::stoul(out.substr(cl + 16));
    if (out.size() >= end + 4 + length) break;
  }
  close(fd);
  return out;
}

std::filesystem::path SharedData() {
  std::filesystem::path p = SAGAZ_SHARED_DATA_DIR;
  std::error_code ec;
  return std::filesystem::is_directory(p, ec) ? p : std::filesystem::path();
}

}  // namespace sagaz::testing
