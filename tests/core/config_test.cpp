#include "core/config.hpp"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <fstream>
#include <map>
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
  EXPECT_EQ(config->server.port, 9200);                 // flag wins
  EXPECT_EQ(config->server.threads, 3);                 // file
  EXPECT_EQ(config->sql.row_limit, 50);                 // file
  EXPECT_EQ(config->sql.policy, sql::Policy::kStrict);  // environment
  EXPECT_EQ(config->origin.at("server.port"), "flag");
  EXPECT_EQ(config->origin.at("server.threads"), "file");
  EXPECT_EQ(config->origin.at("sql.policy"), "env");
}

// The webhook allow-lists of reports and workflows became webhooks.allow: files that still set
// the old keys keep working (their entries are added, whatever the order in the file) and say so.
TEST(Config, DeprecatedWebhookKeysFeedWebhooksAllow) {
  TempDir dir;
  ConfigSources s = NoEnv();
  s.file = WriteFile(dir / "sagaz.toml",
                     "[reports]\nwebhook_allow = [\"http://127.0.0.1:9000/r\"]\n"
                     "[webhooks]\nallow = [\"https://hooks.example.com/\"]\n"
                     "[workflows]\nwebhook_allow = [\"https://hooks.example.com/\", "
                     "\"http://localhost:7000/w\"]\n");
  auto config = LoadConfig(s);
  ASSERT_TRUE(config) << config.error().ToText();
  EXPECT_EQ(config->webhooks.allow,
            (std::vector<std::string>{"https://hooks.example.com/", "http://127.0.0.1:9000/r",
                                      "http://localhost:7000/w"}));
  EXPECT_EQ(config->origin.at("webhooks.allow"), "file");
  ASSERT_EQ(config->warnings.size(), 2u);
  EXPECT_NE(config->warnings[0].find("'reports.webhook_allow' is deprecated"), std::string::npos);
  EXPECT_NE(config->warnings[1].find("webhooks.allow"), std::string::npos);
  for (const auto& e : DescribeConfig(*config)) EXPECT_EQ(e.key.find("webhook_allow"), e.key.npos);
  EXPECT_EQ(ExampleConfigToml().find("webhook_allow"), std::string::npos);

  // The environment and flags: the old names too.
  ConfigSources env;
  setenv("SAGAZ_WORKFLOWS_WEBHOOK_ALLOW", "http://127.0.0.1:1/a, http://127.0.0.1:2/b", 1);
  env.overrides = {{"reports.webhook_allow", "http://127.0.0.1:3/c"}};
  config = LoadConfig(env);
  unsetenv("SAGAZ_WORKFLOWS_WEBHOOK_ALLOW");
  ASSERT_TRUE(config) << config.error().ToText();
  EXPECT_EQ(config->webhooks.allow,
            (std::vector<std::string>{"http://127.0.0.1:1/a", "http://127.0.0.1:2/b",
                                      "http://127.0.0.1:3/c"}));
  EXPECT_EQ(config->warnings.size(), 2u);

  // The secret is masked.
  auto secret = LoadConfig({.use_environment = false, .overrides = {{"webhooks.secret", "k"}}});
  ASSERT_TRUE(secret);
  EXPECT_EQ(secret->webhooks.secret, "k");
  for (const auto& e : DescribeConfig(*secret)) {
    if (e.key == "webhooks.secret") {
      EXPECT_EQ(e.value, "\"********\"");
    }
  }
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

// Keys that take one of a fixed set hold the enum, and print its name.
TEST(Config, KeysOfAFixedSetHoldTheirEnum) {
  const Config defaults;
  EXPECT_EQ(defaults.sql.policy, sql::Policy::kStandard);
  EXPECT_EQ(defaults.auth.anonymous_role, std::nullopt);
  EXPECT_EQ(defaults.log.level, log::Level::kInfo);

  ConfigSources s = NoEnv();
  s.overrides = {
      {"sql.policy", "strict"}, {"auth.anonymous_role", "viewer"}, {"log.level", "debug"}};
  auto config = LoadConfig(s);
  ASSERT_TRUE(config) << config.error().ToText();
  EXPECT_EQ(config->sql.policy, sql::Policy::kStrict);
  EXPECT_EQ(config->auth.anonymous_role, auth::Role::kViewer);
  EXPECT_EQ(config->log.level, log::Level::kDebug);
  std::map<std::string, std::string> printed, printed_defaults;
  for (const auto& e : DescribeConfig(*config)) {
    printed[e.key] = e.value;
    printed_defaults[e.key] = e.default_value;
  }
  EXPECT_EQ(printed["sql.policy"], "\"strict\"");
  EXPECT_EQ(printed["auth.anonymous_role"], "\"viewer\"");
  EXPECT_EQ(printed["log.level"], "\"debug\"");
  EXPECT_EQ(printed_defaults["sql.policy"], "\"standard\"");
  EXPECT_EQ(printed_defaults["auth.anonymous_role"], "\"none\"");
  EXPECT_EQ(printed_defaults["log.level"], "\"info\"");
}

TEST(Config, AWrongNameIsAnErrorNamingTheKeyAndTheAllowedNames) {
  struct Case {
    const char* key;
    const char* value;
    const char* allowed;
  } cases[] = {
      {"sql.policy", "lax", "standard, strict"},
      {"auth.anonymous_role", "admin", "none, viewer"},
      {"log.level", "loud", "trace, debug, info, warn, error, off"},
      {"ask.engine", "gpt", "builtin, llm"},
      {"ask.policy", "Strict", "strict, standard"},
  };
  TempDir dir;
  for (const auto& c : cases) {
    const std::string key = c.key;
    const auto dot = key.find('.');
    ConfigSources flag = NoEnv();
    flag.overrides = {{c.key, c.value}};
    ConfigSources file = NoEnv();
    file.file = WriteFile(dir / "bad.toml", "[" + key.substr(0, dot) + "]\n" + key.substr(dot + 1) +
                                                " = \"" + c.value + "\"\n");
    for (const auto& sources : {flag, file}) {
      auto config = LoadConfig(sources);
      ASSERT_FALSE(config) << c.key << " = " << c.value;
      const Error& e = config.error();
      EXPECT_EQ(e.code, ErrorCode::kInvalidArgument);
      EXPECT_NE(e.message.find(c.key), std::string::npos) << e.message;
      EXPECT_NE(e.message.find(c.allowed), std::string::npos) << e.message;
      EXPECT_EQ(e.Detail("key"), c.key);
      EXPECT_EQ(e.Detail("allowed"), c.allowed);
    }
  }
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
