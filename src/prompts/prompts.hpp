// Prompt studio: named, versioned prompt templates with typed variables, rendered with checked
// values, run against the configured language model, tested with cases of expected properties,
// and every run kept with its latency and token counts.
//
//   auto& studio = app.prompts();
//   auto p = SAGAZ_TRY(studio.Create(owner, {.name = "resumo", .text = "Resuma {{texto}}"}));
//   auto r = SAGAZ_TRY(studio.Render(p.id, 0, {{"texto", Value("...")}}));   // no model needed
//   auto run = SAGAZ_TRY(studio.Run(owner, p.id, {.variables = {{"texto", Value("...")}}}));
//
// A template holds {{name}} placeholders (letters, digits, '_'; spaces inside the braces are
// allowed) in its system part and its user part. Every placeholder is a declared variable with a
// type (text, number, integer, boolean); rendering fails naming every missing, unknown or mistyped
// value. Every Update that changes anything is a new version; older versions stay readable and
// runnable. Without a model (llm.base_url empty) a run is refused with kFailedPrecondition naming
// the settings to configure: never a made-up answer.
//
// Persisted in _sagaz tables of the application's database. Thread-safe: one service serves every
// request thread; each call uses its own pooled connection.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/config.hpp"
#include "core/error.hpp"

namespace sagaz::db {
class ConnectionPool;
}

namespace sagaz::prompts {

enum class VariableType { kText, kNumber, kInteger, kBoolean };
std::string_view ToString(VariableType type);
Result<VariableType> ParseVariableType(std::string_view text);  // text, number, integer, boolean

struct Variable {
  std::string name;
  VariableType type = VariableType::kText;
  std::string description;
};

// A variable's value as the caller gave it; checked against the variable's type when rendering.
using Value = std::variant<std::string, int64_t, double, bool>;
using Values = std::map<std::string, Value>;

// Model parameters of a version. The provider is the configured one (llm.base_url).
struct ModelParams {
  std::string model;  // empty: llm.model
  double temperature = 0;
  int max_tokens = 1024;
  bool json = false;  // ask for a JSON object (response_format json_object)
};

// What Create and Update take.
struct PromptSpec {
  std::string name;  // 1-100 characters, unique
  std::string description;
  std::string system;  // may be empty
  std::string text;    // the user part; required
  // Absent: every placeholder is a text variable. Present: must declare exactly the placeholders.
  std::optional<std::vector<Variable>> variables;
  ModelParams params;
  std::string note;  // what this version changed
};

struct Version {
  int number = 0;
  std::string system;
  std::string text;
  std::vector<Variable> variables;
  ModelParams params;
  std::string note;
  std::string author;
  std::string created_at;
};

struct Prompt {
  std::string id;
  std::string name;
  std::string description;
  std::string owner;
  Version latest;
  int versions = 0;
  std::string created_at;
  std::string updated_at;
};

struct Rendered {
  int version = 0;
  std::string system;
  std::string user;
};

// A property a test case expects of the output.
enum class ExpectKind {
  kContains,     // the output contains `value` (case and accents ignored)
  kNotContains,  // it does not
  kEquals,       // the trimmed output is `value` (case and accents ignored)
  kJson,         // the output is (or holds) a JSON object; `value` unused
  kMaxChars,     // at most `value` characters (UTF-8 code points)
};
std::string_view ToString(ExpectKind kind);
Result<ExpectKind> ParseExpectKind(std::string_view text);

struct Expectation {
  ExpectKind kind = ExpectKind::kContains;
  std::string value;
};

struct TestCase {
  std::string id;
  std::string prompt_id;
  std::string name;
  Values variables;
  std::vector<Expectation> expect;
  std::string created_at;
};

struct NewTestCase {
  std::string name;
  Values variables;
  std::vector<Expectation> expect;
};

struct CheckResult {
  Expectation expectation;
  bool passed = false;
  std::string detail;  // why it failed
};

enum class RunStatus { kSucceeded, kFailed };
std::string_view ToString(RunStatus status);

struct PromptRun {
  std::string id;
  std::string prompt_id;
  int version = 0;
  std::string test_id;  // empty: an ad-hoc run
  std::string model;    // model@base_url that answered
  Values variables;
  std::string system;
  std::string user;
  std::string output;
  RunStatus status = RunStatus::kSucceeded;
  std::string error;  // kFailed: what went wrong
  std::vector<CheckResult> checks;
  std::optional<bool> passed;  // a test run: every check passed
  double latency_ms = 0;
  double first_token_ms = 0;
  int64_t prompt_tokens = 0;
  int64_t completion_tokens = 0;
  std::string user_name;  // who ran it
  std::string created_at;
};

struct RunRequest {
  int version = 0;  // 0: the latest
  Values variables;
  std::string model;  // empty: the version's model, else llm.model
};

struct TestRunRequest {
  int version = 0;
  std::string model;
};

struct TestReport {
  std::string prompt_id;
  int version = 0;
  std::string model;
  int cases = 0;
  int passed = 0;
  int failed = 0;  // a check failed or the model call failed
  std::vector<PromptRun> runs;
};

class PromptService {
 public:
  // Creates the tables on first use.
  static Result<std::unique_ptr<PromptService>> Open(db::ConnectionPool& pool, LlmConfig llm);
  ~PromptService();
  PromptService(const PromptService&) = delete;
  PromptService& operator=(const PromptService&) = delete;

  // kInvalidArgument: a bad name or template, variables that do not match the placeholders;
  // kAlreadyExists: the name is taken.
  Result<Prompt> Create(std::string_view owner, const PromptSpec& spec);
  // Newest first.
  Result<std::vector<Prompt>> List();
  // By id or by name. kNotFound.
  Result<Prompt> Get(std::string_view id_or_name);
  // A new version when anything changed (the same prompt otherwise).
  Result<Prompt> Update(std::string_view author, std::string_view id, const PromptSpec& spec);
  // The prompt, its versions, test cases and runs. kNotFound.
  Status Delete(std::string_view id);

  // Newest first.
  Result<std::vector<Version>> Versions(std::string_view id);
  // 0: the latest. kNotFound for a version that does not exist.
  Result<Version> GetVersion(std::string_view id, int version);

  // kInvalidArgument naming every missing, unknown and mistyped variable.
  Result<Rendered> Render(std::string_view id, int version, const Values& values);

  // Renders and asks the model; the run is recorded whether the model answered or failed (a
  // failure is returned as the error, with the run's id in details "run_id"). Refused without a
  // model (kFailedPrecondition), before anything is recorded.
  Result<PromptRun> Run(std::string_view user, std::string_view id, const RunRequest& request);
  // Runs of a prompt, newest first, at most `limit`.
  Result<std::vector<PromptRun>> Runs(std::string_view id, int limit);

  // Test cases; their variables must render with the latest version.
  Result<TestCase> AddTest(std::string_view id, const NewTestCase& test);
  Result<std::vector<TestCase>> Tests(std::string_view id);
  Status DeleteTest(std::string_view id, std::string_view test_id);
  // Runs every case (one model call each, in order) and checks its expectations.
  Result<TestReport> RunTests(std::string_view user, std::string_view id,
                              const TestRunRequest& request);

 private:
  struct Impl;
  explicit PromptService(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Template parts, exposed for tests and the fuzz target.

// The placeholders of `text` in order of first use, or kInvalidArgument for a malformed one
// ("{{ }}", "{{a b}}", an unclosed "{{").
Result<std::vector<std::string>> Placeholders(std::string_view text);
// Checks `values` against `variables` (every error named at once) and fills the placeholders.
Result<Rendered> RenderTemplate(const Version& version, const Values& values);
// The checks of `expect` on `output`.
std::vector<CheckResult> Check(const std::vector<Expectation>& expect, std::string_view output);

}  // namespace sagaz::prompts
