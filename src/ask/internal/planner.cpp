#include "ask/internal/planner.hpp"

#include <vector>

#include "ask/internal/model.hpp"
#include "core/log.hpp"
#include "llm/llm.hpp"

namespace sagaz::ask::internal {
namespace {

std::string_view Reason(const Error& e) {
  for (const auto& [k, v] : e.details) {
    if (k == "reason") return v;
  }
  return {};
}

// ---- builtin: one reading, nothing to correct

class BuiltinPlanning final : public Planning {
 public:
  BuiltinPlanning(const Question& q, const nlq::Schema& schema) : q_(q), schema_(schema) {}
  Result<nlq::Reading> Next(const Error* failure) override {
    if (failure) return Fail(*failure);  // deterministic: reading again gives the same plan
    nlq::ParseOptions options{q_.language, q_.dataset};
    return nlq::ReadQuestion(q_.text, schema_, options);
  }

 private:
  Question q_;
  const nlq::Schema& schema_;
};

class BuiltinPlanner final : public Planner {
 public:
  Engine engine() const override { return Engine::kBuiltin; }
  std::string Name() const override { return "builtin"; }
  int attempts() const override { return 1; }
  std::unique_ptr<Planning> Start(const Question& q, const nlq::Schema& schema) const override {
    return std::make_unique<BuiltinPlanning>(q, schema);
  }
};

// ---- a model: a conversation, each failure a turn of it

class ModelPlanning final : public Planning {
 public:
  ModelPlanning(llm::Provider& model, const Question& q, const nlq::Schema& schema)
      : model_(model), q_(q), schema_(schema) {
    messages_ = PlanPrompt(q.text, q.language, SchemaContext(q.text, schema, q.language), q.policy);
  }

  Result<nlq::Reading> Next(const Error* failure) override {
    if (failure && !last_reply_.empty()) {
      messages_.push_back({"assistant", last_reply_});
      messages_.push_back({"user", CorrectionMessage(*failure)});
    }
    auto reply = model_.Chat({.messages = messages_, .json = true});
    if (!reply) {
      log::Warn("model failed to plan", {{"error", reply.error().ToText()}});
      return Fail(std::move(reply).error().With("reason", "model_failed"));
    }
    last_reply_ = std::move(reply->content);
    nlq::Reading reading;
    reading.plan = SAGAZ_TRY(PlanFromReply(last_reply_, schema_, q_.language));
    return reading;
  }

 private:
  llm::Provider& model_;
  Question q_;
  const nlq::Schema& schema_;
  std::vector<llm::Message> messages_;
  std::string last_reply_;
};

class ModelPlanner final : public Planner {
 public:
  ModelPlanner(llm::Provider& model, int attempts) : model_(model), attempts_(attempts) {}
  Engine engine() const override { return Engine::kLlm; }
  std::string Name() const override { return model_.Name(); }
  int attempts() const override { return attempts_; }
  std::unique_ptr<Planning> Start(const Question& q, const nlq::Schema& schema) const override {
    return std::make_unique<ModelPlanning>(model_, q, schema);
  }

 private:
  llm::Provider& model_;
  int attempts_;
};

}  // namespace

std::unique_ptr<Planner> MakeBuiltinPlanner() { return std::make_unique<BuiltinPlanner>(); }

std::unique_ptr<Planner> MakeModelPlanner(llm::Provider& model, int attempts) {
  return std::make_unique<ModelPlanner>(model, attempts < 1 ? 1 : attempts);
}

bool Correctable(const Error& e) {
  const auto reason = Reason(e);
  if (reason == "model_declined" || reason == "model_failed") return false;
  return e.code == ErrorCode::kInvalidArgument || e.code == ErrorCode::kPermissionDenied ||
         e.code == ErrorCode::kNotFound;
}

Planned PlanAndRun(const Planner& planner, const Question& question, const nlq::Schema& schema,
                   const std::function<Status(nlq::Plan&)>& run) {
  Planned out;
  const auto planning = planner.Start(question, schema);
  std::optional<Error> last;
  for (int turn = 1; turn <= planner.attempts(); ++turn) {
    out.turns = turn;
    auto reading = planning->Next(last ? &*last : nullptr);
    if (!reading) {
      last = std::move(reading).error();
      out.reading.reset();
      if (!Correctable(*last)) break;
      continue;
    }
    if (reading->unsure) {
      out.reading = std::move(*reading);
      return out;
    }
    if (auto ran = run(reading->plan); !ran) {
      last = std::move(ran).error();
      out.reading = std::move(*reading);
      if (!Correctable(*last)) break;
      continue;
    }
    out.reading = std::move(*reading);
    out.ran = true;
    return out;
  }
  out.failure = std::move(last);
  return out;
}

}  // namespace sagaz::ask::internal
