// The one correction loop (PlanAndRun) over a scripted planner, and the message catalog.
#include "ask/internal/planner.hpp"

#include <gtest/gtest.h>

#include <deque>

#include "ask/internal/messages.hpp"

namespace sagaz::ask::internal {
namespace {

// Replies with scripted readings (or errors), and records the failures it was shown.
class ScriptedPlanner final : public Planner {
 public:
  explicit ScriptedPlanner(int attempts) : attempts_(attempts) {}
  std::deque<Result<nlq::Reading>> script;
  mutable std::vector<std::string> shown;  // failures fed back, "-" for the first turn

  Engine engine() const override { return Engine::kLlm; }
  std::string Name() const override { return "scripted"; }
  int attempts() const override { return attempts_; }
  std::unique_ptr<Planning> Start(const Question&, const nlq::Schema&) const override {
    return std::make_unique<Session>(*this);
  }

 private:
  struct Session final : Planning {
    explicit Session(const ScriptedPlanner& planner) : p(planner) {}
    Result<nlq::Reading> Next(const Error* failure) override {
      p.shown.push_back(failure ? failure->message : "-");
      auto& script = const_cast<ScriptedPlanner&>(p).script;
      if (script.empty()) return Fail(ErrorCode::kUnavailable, "script over");
      auto r = std::move(script.front());
      script.pop_front();
      return r;
    }
    const ScriptedPlanner& p;
  };
  int attempts_;
};

nlq::Reading Reading(const std::string& table, bool unsure = false) {
  nlq::Reading r;
  r.plan.table = table;
  r.unsure = unsure;
  return r;
}

TEST(PlanAndRun, FeedsEachFailureBackUntilARunWorks) {
  ScriptedPlanner p(3);
  p.script.push_back(Fail(ErrorCode::kInvalidArgument, "not JSON"));
  p.script.push_back(Reading("bad"));
  p.script.push_back(Reading("good"));
  const nlq::Schema schema;
  auto out = PlanAndRun(p, {.text = "q"}, schema, [](nlq::Plan& plan) -> Status {
    if (plan.table == "bad") return Fail(ErrorCode::kPermissionDenied, "refused by the guard");
    return Ok();
  });
  EXPECT_TRUE(out.ran);
  EXPECT_EQ(out.turns, 3);
  EXPECT_FALSE(out.failure);
  EXPECT_EQ(out.reading->plan.table, "good");
  EXPECT_EQ(p.shown, (std::vector<std::string>{"-", "not JSON", "refused by the guard"}));
}

TEST(PlanAndRun, StopsAtTheAttemptsWithTheLastFailure) {
  ScriptedPlanner p(2);
  p.script.push_back(Reading("a"));
  p.script.push_back(Reading("b"));
  p.script.push_back(Reading("never read"));
  const nlq::Schema schema;
  auto out = PlanAndRun(p, {.text = "q"}, schema, [](nlq::Plan& plan) -> Status {
    return Fail(ErrorCode::kInvalidArgument, "no column in " + plan.table);
  });
  EXPECT_FALSE(out.ran);
  EXPECT_EQ(out.turns, 2);
  ASSERT_TRUE(out.failure);
  EXPECT_EQ(out.failure->message, "no column in b");
  ASSERT_TRUE(out.reading);  // the plan whose run failed
  EXPECT_EQ(out.reading->plan.table, "b");
}

TEST(PlanAndRun, StopsAtOnceOnWhatThePlannerCannotFix) {
  for (auto failure :
       {Error(ErrorCode::kTimeout, "time limit"),
        Error(ErrorCode::kInvalidArgument, "no prices").With("reason", "model_declined"),
        Error(ErrorCode::kUnavailable, "down").With("reason", "model_failed")}) {
    ScriptedPlanner p(3);
    const bool from_planner = failure.code != ErrorCode::kTimeout;
    if (from_planner) p.script.push_back(Fail(failure));
    p.script.push_back(Reading("a"));
    const nlq::Schema schema;
    auto out =
        PlanAndRun(p, {.text = "q"}, schema, [&](nlq::Plan&) -> Status { return Fail(failure); });
    EXPECT_FALSE(out.ran) << failure.message;
    EXPECT_EQ(out.turns, 1) << failure.message;
    ASSERT_TRUE(out.failure);
    EXPECT_EQ(out.failure->message, failure.message);
  }
}

TEST(PlanAndRun, AnUnsureReadingRunsNothing) {
  ScriptedPlanner p(3);
  p.script.push_back(Reading("maybe", /*unsure=*/true));
  const nlq::Schema schema;
  bool ran = false;
  auto out = PlanAndRun(p, {.text = "q"}, schema, [&](nlq::Plan&) -> Status {
    ran = true;
    return Ok();
  });
  EXPECT_FALSE(ran);
  EXPECT_FALSE(out.ran);
  EXPECT_FALSE(out.failure);
  ASSERT_TRUE(out.reading);
  EXPECT_TRUE(out.reading->unsure);
}

TEST(Messages, EveryMessageSpeaksBothLanguages) {
  for (int m = 0; m < static_cast<int>(Msg::kCount_); ++m) {
    const auto pt = Say(static_cast<Msg>(m), nlq::Language::kPortuguese, {"A", "B"});
    const auto en = Say(static_cast<Msg>(m), nlq::Language::kEnglish, {"A", "B"});
    EXPECT_FALSE(pt.empty()) << m;
    EXPECT_FALSE(en.empty()) << m;
    EXPECT_EQ(pt.find("{1}"), std::string::npos) << pt;
    EXPECT_EQ(en.find("{2}"), std::string::npos) << en;
  }
  EXPECT_EQ(Say(Msg::kTruncated, nlq::Language::kEnglish, {"5000"}),
            "reading stopped at 5000 rows (ask.max_rows)");
  EXPECT_TRUE(Say(Msg::kModelNoPlan, nlq::Language::kPortuguese, {"3", "x"})
                  .starts_with("o modelo não deu um plano que funcione em 3 tentativa(s) "
                               "(último erro: x)"));
  EXPECT_EQ(WeekdayName(0, nlq::Language::kEnglish), "Sunday");
  EXPECT_EQ(WeekdayName(6, nlq::Language::kPortuguese), "sábado");
  EXPECT_EQ(WeekdayName(9, nlq::Language::kPortuguese), "9");
}

}  // namespace
}  // namespace sagaz::ask::internal
