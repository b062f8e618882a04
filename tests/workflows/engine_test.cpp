// The definition checks and the engine, with step kinds made here (counters, sleeps, failures).
#include "workflows/engine.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <nlohmann/json.hpp>
#include <thread>

#include "workflows/definition.hpp"
#include "workflows/steps.hpp"
#include "workflows/template.hpp"

namespace sagaz::workflows {
namespace {

Caller Everyone() {
  Caller c;
  c.user = "tester";
  c.role = auth::Role::kAdmin;
  c.permissions = ~0u;
  return c;
}

class EngineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    registry_.Add({.name = "add",
                   .description = "a + b",
                   .schema = R"({"type":"object","properties":{"a":{"type":"number"},
                       "b":{"type":"number"}},"required":["a"]})",
                   .permission = auth::Permission::kQuery,
                   .run = [this](const Json& in, const StepContext&) -> Result<Json> {
                     ++calls_;
                     return Json{{"sum", in["a"].get<double>() + in.value("b", 0.0)}};
                   }});
    registry_.Add({.name = "sleep",
                   .description = "waits",
                   .schema = R"({"type":"object","properties":{"ms":{"type":"integer"},
                       "until_two":{"type":"boolean"}}})",
                   .permission = auth::Permission::kQuery,
                   .run = [this](const Json& in, const StepContext& ctx) -> Result<Json> {
                     const int now = ++concurrent_;
                     int seen = max_concurrent_.load();
                     while (now > seen && !max_concurrent_.compare_exchange_weak(seen, now)) {
                     }
                     const auto until = std::chrono::steady_clock::now() +
                                        std::chrono::milliseconds(in.value("ms", 0));
                     // until_two: stop waiting once two calls are inside at the same time.
                     const bool until_two = in.value("until_two", false);
                     while (std::chrono::steady_clock::now() < until && !ctx.Cancelled() &&
                            !(until_two && max_concurrent_.load() >= 2))
                       std::this_thread::sleep_for(std::chrono::milliseconds(5));
                     --concurrent_;
                     if (ctx.Cancelled()) return Fail(ErrorCode::kCancelled, "stopped");
                     return Json{{"slept", in.value("ms", 0)}};
                   }});
    registry_.Add({.name = "flaky",
                   .description = "fails its first n calls",
                   .schema = R"({"type":"object","properties":{"fail":{"type":"integer"}}})",
                   .permission = auth::Permission::kQuery,
                   .run = [this](const Json& in, const StepContext&) -> Result<Json> {
                     if (flaky_calls_++ < in.value("fail", 0))
                       return Fail(ErrorCode::kUnavailable, "not yet");
                     return Json{{"ok", true}};
                   }});
    registry_.Add({.name = "admin-only",
                   .description = "needs admin",
                   .schema = R"({"type":"object","properties":{}})",
                   .permission = auth::Permission::kAdmin,
                   .run = [](const Json&, const StepContext&) -> Result<Json> { return Json(1); }});
  }

  Result<Definition> Parse(const std::string& text) {
    return ParseDefinition(Json::parse(text), registry_.Lookup());
  }

  std::vector<StepState> Run(const Definition& d, const std::string& vars = "{}",
                             std::vector<StepState> prior = {}, Caller caller = Everyone(),
                             std::function<bool()> cancelled = {}) {
    StepContext base;
    base.run_id = "run_test";
    base.caller = std::move(caller);
    EngineOptions options;
    options.parallelism = 4;
    options.retry_backoff_ms = 1;
    outcome_ = Execute(
        d, vars, prior, registry_, base, options,
        [this](const StepState& st) { changes_.push_back(st); }, cancelled);
    return prior;
  }

  StepRegistry registry_;
  std::atomic<int> calls_{0}, concurrent_{0}, max_concurrent_{0}, flaky_calls_{0};
  EngineOutcome outcome_;
  std::vector<StepState> changes_;
};

TEST_F(EngineTest, WiresOutputsByNameInDependencyOrder) {
  auto d = Parse(R"({"name":"w","vars":{"x":2},"steps":[
      {"id":"second","kind":"add","inputs":{"a":"${steps.first.output.sum}","b":10}},
      {"id":"first","kind":"add","inputs":{"a":"${vars.x}","b":3}},
      {"id":"text","kind":"add","inputs":{"a":1},"when":"steps.second.output.sum == 15"}]})");
  ASSERT_TRUE(d) << d.error().ToText();
  EXPECT_EQ(d->steps[0].depends_on, std::vector<std::string>{"first"});
  const auto states = Run(*d);
  EXPECT_EQ(outcome_.status, RunStatus::kSucceeded) << outcome_.error;
  EXPECT_EQ(Json::parse(states[0].output)["sum"], 15.0);
  EXPECT_EQ(states[2].status, StepStatus::kSucceeded);
}

TEST_F(EngineTest, ConditionsSkipAndLoopsCollect) {
  auto d = Parse(R"({"name":"w","vars":{"xs":[1,2,3],"go":"no"},"steps":[
      {"id":"skip","kind":"add","inputs":{"a":1},"when":"vars.go == 'yes'"},
      {"id":"each","kind":"add","foreach":"${vars.xs}","inputs":{"a":"${item}","b":"${index}"}},
      {"id":"after","kind":"add","inputs":{"a":"${steps.each.output[2].sum}"}}]})");
  ASSERT_TRUE(d) << d.error().ToText();
  const auto states = Run(*d);
  EXPECT_EQ(outcome_.status, RunStatus::kSucceeded) << outcome_.error;
  EXPECT_EQ(states[0].status, StepStatus::kSkipped);
  EXPECT_EQ(Json::parse(states[1].output).size(), 3u);
  EXPECT_EQ(Json::parse(states[2].output)["sum"], 5.0);
}

TEST_F(EngineTest, IndependentStepsRunSideBySide) {
  auto d = Parse(R"({"name":"w","steps":[
      {"id":"a","kind":"sleep","inputs":{"ms":20000,"until_two":true}},
      {"id":"b","kind":"sleep","inputs":{"ms":20000,"until_two":true}},
      {"id":"c","kind":"add","inputs":{"a":1},"needs":["a","b"]}]})");
  ASSERT_TRUE(d);
  Run(*d);
  EXPECT_EQ(outcome_.status, RunStatus::kSucceeded);
  EXPECT_EQ(max_concurrent_.load(), 2);
}

TEST_F(EngineTest, RetriesThenSucceeds) {
  auto d = Parse(R"({"name":"w","steps":[{"id":"f","kind":"flaky","inputs":{"fail":2},
      "retries":2}]})");
  ASSERT_TRUE(d);
  const auto states = Run(*d);
  EXPECT_EQ(outcome_.status, RunStatus::kSucceeded);
  EXPECT_EQ(states[0].attempts, 3);
}

TEST_F(EngineTest, FailureStopsDependentsOnly) {
  auto d = Parse(R"({"name":"w","steps":[{"id":"f","kind":"flaky","inputs":{"fail":5},
      "retries":1}, {"id":"after","kind":"add","inputs":{"a":1},"needs":["f"]},
      {"id":"other","kind":"add","inputs":{"a":1}}]})");
  ASSERT_TRUE(d);
  const auto states = Run(*d);
  EXPECT_EQ(outcome_.status, RunStatus::kFailed);
  EXPECT_EQ(states[0].status, StepStatus::kFailed);
  EXPECT_EQ(states[0].attempts, 2);
  EXPECT_EQ(states[0].error_code, "unavailable");
  EXPECT_EQ(states[1].status, StepStatus::kCancelled);
  EXPECT_EQ(states[2].status, StepStatus::kSucceeded);
}

TEST_F(EngineTest, TimeoutFailsTheAttempt) {
  auto d = Parse(R"({"name":"w","steps":[{"id":"s","kind":"sleep","inputs":{"ms":5000},
      "timeout_ms":50}]})");
  ASSERT_TRUE(d);
  const auto states = Run(*d);
  EXPECT_EQ(outcome_.status, RunStatus::kFailed);
  EXPECT_EQ(states[0].error_code, "timeout");
}

TEST_F(EngineTest, ResumeKeepsFinishedSteps) {
  auto d = Parse(R"({"name":"w","steps":[{"id":"a","kind":"add","inputs":{"a":1}},
      {"id":"b","kind":"add","inputs":{"a":"${steps.a.output.sum}","b":1}}]})");
  ASSERT_TRUE(d);
  StepState a{.id = "a",
              .kind = "add",
              .status = StepStatus::kSucceeded,
              .attempts = 1,
              .output = R"({"sum":41})"};
  StepState b{.id = "b", .kind = "add", .status = StepStatus::kRunning};
  const auto states = Run(*d, "{}", {a, b});
  EXPECT_EQ(calls_.load(), 1);  // only b ran again
  EXPECT_EQ(Json::parse(states[1].output)["sum"], 42.0);
}

TEST_F(EngineTest, CancellationStopsTheRun) {
  auto d = Parse(R"({"name":"w","steps":[{"id":"s","kind":"sleep","inputs":{"ms":5000}},
      {"id":"t","kind":"add","inputs":{"a":1},"needs":["s"]}]})");
  ASSERT_TRUE(d);
  const auto start = std::chrono::steady_clock::now();
  const auto states = Run(*d, "{}", {}, Everyone(), [start] {
    return std::chrono::steady_clock::now() - start > std::chrono::milliseconds(100);
  });
  EXPECT_EQ(outcome_.status, RunStatus::kCancelled);
  EXPECT_EQ(states[0].status, StepStatus::kCancelled);
  EXPECT_EQ(states[1].status, StepStatus::kCancelled);
}

TEST_F(EngineTest, StepsRunWithTheCallersPermissions) {
  auto d = Parse(R"({"name":"w","steps":[{"id":"x","kind":"admin-only"}]})");
  ASSERT_TRUE(d);
  Caller viewer;
  viewer.user = "vera";
  viewer.permissions = 1u << static_cast<int>(auth::Permission::kQuery);
  const auto states = Run(*d, "{}", {}, viewer);
  EXPECT_EQ(states[0].status, StepStatus::kFailed);
  EXPECT_EQ(states[0].error_code, "permission_denied");
  EXPECT_EQ(states[0].attempts, 1);
}

TEST_F(EngineTest, ValidationPointsAtStepAndField) {
  struct Case {
    std::string doc, step, field;
  } cases[] = {
      {R"({"name":"w","steps":[{"id":"a","kind":"nope"}]})", "a", "kind"},
      {R"({"name":"w","steps":[{"id":"a","kind":"add","inputs":{"a":1,"zz":2}}]})", "a",
       "inputs.zz"},
      {R"({"name":"w","steps":[{"id":"a","kind":"add","inputs":{}}]})", "a", "inputs.a"},
      {R"({"name":"w","steps":[{"id":"a","kind":"add","inputs":{"a":1},"when":"1 >"}]})", "a",
       "when"},
      {R"({"name":"w","steps":[{"id":"a","kind":"add","inputs":{"a":"${steps.b.output}"}}]})", "a",
       "inputs"},
      {R"({"name":"w","steps":[{"id":"a","kind":"add","inputs":{"a":"${vars.k}"}}]})", "a",
       "inputs"},
      {R"({"name":"w","steps":[{"id":"a","kind":"add","inputs":{"a":1},"retries":99}]})", "a",
       "retries"},
      {R"({"name":"w","steps":[{"id":"a","kind":"add","inputs":{"a":1},"foreach":"x"}]})", "a",
       "foreach"},
      {R"({"name":"w","steps":[{"id":"a","kind":"add","inputs":{"a":1},"needs":["b"]},
          {"id":"b","kind":"add","inputs":{"a":1},"needs":["a"]}]})",
       "a", "needs"},
      {R"({"name":"w","steps":[{"id":"a","kind":"add","inputs":{"a":1}},
          {"id":"a","kind":"add","inputs":{"a":1}}]})",
       "a", "id"},
      {R"({"name":"w","steps":[{"id":"a","kind":"add","inputs":{"a":1},"colour":1}]})", "0",
       "colour"},
      {R"({"name":"","steps":[{"id":"a","kind":"add","inputs":{"a":1}}]})", "", "name"},
      {R"({"name":"w","steps":[{"id":"a","kind":"add","inputs":{"a":"${item}"}}]})", "a", "inputs"},
  };
  for (const auto& c : cases) {
    auto d = Parse(c.doc);
    ASSERT_FALSE(d) << c.doc;
    EXPECT_EQ(d.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(d.error().Detail("step"), c.step) << c.doc << " -> " << d.error().ToText();
    EXPECT_EQ(d.error().Detail("field"), c.field) << c.doc << " -> " << d.error().ToText();
  }
}

TEST_F(EngineTest, DefinitionsRoundTrip) {
  const std::string doc = R"({"name":"w","description":"d","vars":{"k":1},"steps":[
      {"id":"a","kind":"add","inputs":{"a":"${vars.k}"},"retries":2,"timeout_ms":100},
      {"id":"b","kind":"add","inputs":{"a":1},"when":"steps.a.output.sum > 0","needs":["a"]}]})";
  auto d = Parse(doc);
  ASSERT_TRUE(d);
  auto again = ParseDefinition(ToJson(*d), registry_.Lookup());
  ASSERT_TRUE(again);
  EXPECT_EQ(ToJson(*again), ToJson(*d));
}

TEST(TemplateTest, WholeReferencesKeepTheirType) {
  const Json scope = {{"vars", {{"n", 3}, {"l", {1, 2}}, {"s", "x"}}}};
  const Json in = {{"a", "${vars.n}"},
                   {"b", "n=${vars.n} s=${vars.s}"},
                   {"c", {"${vars.l}"}},
                   {"d", "${vars.none}"}};
  const Json out = Substitute(in, scope);
  EXPECT_EQ(out["a"], 3);
  EXPECT_EQ(out["b"], "n=3 s=x");
  EXPECT_EQ(out["c"][0], Json({1, 2}));
  EXPECT_TRUE(out["d"].is_null());
}

}  // namespace
}  // namespace sagaz::workflows
