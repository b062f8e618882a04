#include "core/config.hpp"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <fstream>
#include <sstream>

#include "support/support.hpp"

namespace sagaz {
namespace {

using testing::TempDir;
using testing::WriteFile;

ConfigSources NoEnv() {
  ConfigSources s;
  s.use_environment = false;
  return s;
}

TEST(Config, DefaultsAreDocumented) {
  auto config = LoadConfig(NoEnv());
  ASSERT_TRUE(config) << config.error().ToText();
  EXPECT_EQ(config->server.port, 8080);
  EXPECT_EQ(config->server.host, "127.0.0.1");
  EXPECT_EQ(config->data.dir, "data");
  for (const auto& e : DescribeConfig(*config)) {
    EXPECT_FALSE(e.doc.empty()) << e.key;
    EXPECT_EQ(e.source, "default") << e.key;
    EXPECT_EQ(e.value, e.default_value) << e.key;
  }
}

TEST(Config, FileThenEnvironmentThenFlags) {
  TempDir dir;
  auto file =
      WriteFile(dir / "sagaz.toml", "[server]\nport = 9000\nthreads = 3\n[sql]\nrow_limit = 50\n");
  ConfigSources s;
  s.file = file;
  setenv("SAGAZ_SERVER_PORT", "9100", 1);
  setenv("SAGAZ_SQL_POLICY", "strict", 1);
  s.overrides = {{"server.port", "9200"}};
  auto config = LoadConfig(s);
  unsetenv("SAGAZ_SERVER_PORT");
  unsetenv("SAGAZ_SQL_POLICY");
  ASSERT_TRUE(config) << config.error().ToText();
  EXPECT_EQ(config->server.port, 9200);     // flag wins
  EXPECT_EQ(config->server.threads, 3);     // file
  EXPECT_EQ(config->sql.row_limit, 50);     // file
  EXPECT_EQ(config->sql.policy, "strict");  // environment
  EXPECT_EQ(config->origin.at("server.port"), "flag");
  EXPECT_EQ(config->origin.at("server.threads"), "file");
  EXPECT_EQ(config->origin.at("sql.policy"), "env");
}

TEST(Config, BadInputIsAClearError) {
  TempDir dir;
  struct Case {
    const char* toml;
    const char* needle;
  } cases[] = {
      {"[server]\nprot = 1\n", "unknown config key 'server.prot'"},
      {"[server]\nport = 70000\n", "server.port"},
      {"[server]\nport = \"x\"\n", "expected a number"},
      {"[sql]\npolicy = \"lax\"\n", "not one of"},
      {"[server\nport = 1\n", "cannot parse"},
      {"port = 1\n", "must be a [section]"},
  };
  for (const auto& c : cases) {
    ConfigSources s = NoEnv();
    s.file = WriteFile(dir / "bad.toml", c.toml);
    auto config = LoadConfig(s);
    ASSERT_FALSE(config) << c.toml;
    EXPECT_NE(config.error().message.find(c.needle), std::string::npos) << config.error().message;
  }
  ConfigSources s = NoEnv();
  s.overrides = {{"server.threads", "0"}};
  EXPECT_FALSE(LoadConfig(s));
  s.overrides = {{"nope.key", "1"}};
  EXPECT_FALSE(LoadConfig(s));
  s.file = dir / "missing.toml";
  s.overrides = {};
  auto missing = LoadConfig(s);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
}

TEST(Config, EnvironmentVariableNames) {
  EXPECT_EQ(EnvVarName("server.port"), "SAGAZ_SERVER_PORT");
  EXPECT_EQ(EnvVarName("ingest.max_upload_mb"), "SAGAZ_INGEST_MAX_UPLOAD_MB");
}

// sagaz.example.toml in the repository is what `sagaz config --example` prints, so docs and code
// agree.
TEST(Config, ExampleFileIsCurrent) {
  std::ifstream in(std::string(SAGAZ_TEST_DATA_DIR) + "/../../sagaz.example.toml");
  ASSERT_TRUE(in) << "sagaz.example.toml is missing";
  std::stringstream ss;
  ss << in.rdbuf();
  EXPECT_EQ(ss.str(), ExampleConfigToml())
      << "regenerate with: sagaz config --example > sagaz.example.toml";
}

TEST(Config, ExampleFileParses) {
  TempDir dir;
  ConfigSources s = NoEnv();
  s.file = WriteFile(dir / "example.toml", ExampleConfigToml());
  EXPECT_TRUE(LoadConfig(s));
}

}  // namespace
}  // namespace sagaz
