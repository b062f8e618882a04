#include "ask/ask.hpp"

#include <functional>

#include "ask/internal/compute.hpp"
#include "ask/internal/messages.hpp"
#include "ask/internal/model.hpp"
#include "ask/internal/planner.hpp"
#include "catalog/catalog.hpp"
#include "core/ids.hpp"
#include "core/log.hpp"
#include "core/strings.hpp"
#include "insights/insight.hpp"
#include "llm/llm.hpp"
#include "sql/query.hpp"

namespace sagaz::ask {

using internal::Msg;
using internal::Say;

namespace {

constexpr size_t kMaxQuestionChars = 2000;

std::string RowText(const std::vector<db::Column>& cols, const std::vector<db::Value>& row) {
  std::string out;
  for (size_t i = 0; i < cols.size() && i < row.size(); ++i) {
    if (i) out += ", ";
    out += cols[i].name + "=";
    const auto& v = row[i];
    if (std::holds_alternative<std::monostate>(v))
      out += "NULL";
    else if (const auto* b = std::get_if<bool>(&v))
      out += *b ? "true" : "false";
    else if (const auto* n = std::get_if<int64_t>(&v))
      out += std::to_string(*n);
    else if (const auto* u = std::get_if<uint64_t>(&v))
      out += std::to_string(*u);
    else if (const auto* d = std::get_if<double>(&v))
      out += std::to_string(*d);
    else
      out += std::get<std::string>(v);
  }
  return out;
}

bool ModelFailed(const Error& e) {
  for (const auto& [k, v] : e.details) {
    if (k == "reason" && v == "model_failed") return true;
  }
  return false;
}

// The warning for a model that gave no answer: it failed, or its plans did not work.
std::string ModelWarning(const internal::Planned& planned, nlq::Language language) {
  const Error& e = *planned.failure;
  if (ModelFailed(e)) return Say(Msg::kModelFailed, language, {e.message});
  return Say(Msg::kModelNoPlan, language, {std::to_string(planned.turns), e.message});
}

Error Unclear(const nlq::Reading& reading, nlq::Language language) {
  std::string tables = reading.plan.table;
  for (const auto& alt : reading.alternatives) tables += "; " + alt.table;
  return Error(ErrorCode::kInvalidArgument, Say(Msg::kUnclear, language))
      .With("reason", "low_confidence")
      .With("candidates", tables);
}

}  // namespace

struct AskService::Prepared {
  internal::Question question;
  Engine engine = Engine::kBuiltin;
};

Result<std::unique_ptr<AskService>> AskService::Open(db::ConnectionPool& pool,
                                                     catalog::Catalog& catalog,
                                                     sql::QueryService& query, AskConfig config,
                                                     LlmConfig llm) {
  return Open(pool, catalog, query, std::move(config), std::move(llm), nullptr);
}

Result<std::unique_ptr<AskService>> AskService::Open(db::ConnectionPool& pool,
                                                     catalog::Catalog& catalog,
                                                     sql::QueryService& query, AskConfig config,
                                                     LlmConfig llm,
                                                     std::unique_ptr<llm::Provider> model) {
  std::vector<nlq::Relation> declared;
  for (const auto& text : config.relationships) {
    auto r = ParseRelationship(text);
    if (!r) return Fail(std::move(r).error().With("key", "ask.relationships"));
    declared.push_back(std::move(*r));
  }
  return std::unique_ptr<AskService>(new AskService(pool, catalog, query, std::move(config),
                                                    std::move(llm), std::move(declared),
                                                    std::move(model)));
}

AskService::AskService(db::ConnectionPool& pool, catalog::Catalog& catalog,
                       sql::QueryService& query, AskConfig config, LlmConfig llm,
                       std::vector<nlq::Relation> declared, std::unique_ptr<llm::Provider> model)
    : query_(query),
      config_(std::move(config)),
      llm_config_(std::move(llm)),
      schema_(pool, catalog, std::move(declared)),
      model_(std::move(model)),
      builtin_(internal::MakeBuiltinPlanner()) {
  if (!model_) {
    if (auto provider = llm::MakeProvider(llm_config_)) {
      model_ = std::move(*provider);
    } else {
      model_error_ = std::move(provider).error();
    }
  }
  if (model_) model_planner_ = internal::MakeModelPlanner(*model_, llm_config_.sql_attempts);
}

AskService::~AskService() = default;

Result<AskService::Prepared> AskService::Prepare(const AskRequest& request) const {
  Prepared p;
  auto& q = p.question;
  q.language = request.language.value_or(nlq::DetectLanguage(request.question));
  if (Trim(request.question).empty())
    return Fail(ErrorCode::kInvalidArgument, Say(Msg::kEmptyQuestion, q.language));
  if (request.question.size() > kMaxQuestionChars) {
    return Fail(ErrorCode::kInvalidArgument,
                Say(Msg::kQuestionTooLong, q.language, {std::to_string(kMaxQuestionChars)}));
  }
  if (!IsValidUtf8(request.question))
    return Fail(ErrorCode::kInvalidArgument, Say(Msg::kQuestionNotUtf8, q.language));
  q.text = request.question;
  q.policy = request.policy.value_or(config_.policy);
  if (request.dataset) q.dataset = ToLower(*request.dataset);
  p.engine = request.engine.value_or(config_.engine);
  return p;
}

const internal::Planner* AskService::ModelPlanner(const Prepared& p,
                                                  std::vector<std::string>& warnings) const {
  if (p.engine != Engine::kLlm) return nullptr;
  if (model_planner_) return model_planner_.get();
  warnings.push_back(Say(Msg::kNoModel, p.question.language,
                         {model_error_ ? model_error_->message : std::string("?")}));
  return nullptr;
}

Result<Interpretation> AskService::Interpret(const AskRequest& request) {
  const Prepared p = SAGAZ_TRY(Prepare(request));
  auto schema = SAGAZ_TRY(schema_.Get());
  Interpretation out;
  // A plan is good when its SQL passes the guard.
  auto check = [&](nlq::Plan& plan) -> Status {
    if (request.sql) plan.projection_sql = plan.answer_sql = *request.sql;
    SAGAZ_TRY(query_.Check(plan.projection_sql, p.question.policy));
    return Ok();
  };
  if (const auto* planner = request.sql ? nullptr : ModelPlanner(p, out.warnings)) {
    auto planned = internal::PlanAndRun(*planner, p.question, *schema, check);
    if (planned.ran) {
      out.plan = std::move(planned.reading->plan);
      out.engine = Engine::kLlm;
      out.model = planner->Name();
      return out;
    }
    out.warnings.push_back(ModelWarning(planned, p.question.language));
  }
  auto planned = internal::PlanAndRun(*builtin_, p.question, *schema, check);
  if (planned.failure) return Fail(std::move(*planned.failure));
  if (!planned.ran) return Fail(Unclear(*planned.reading, p.question.language));
  out.plan = std::move(planned.reading->plan);
  return out;
}

Result<Answer> AskService::Ask(const AskRequest& request) {
  Stopwatch total;
  const Prepared p = SAGAZ_TRY(Prepare(request));
  const nlq::Language language = p.question.language;
  auto schema = SAGAZ_TRY(schema_.Get());
  Answer a;
  a.question = request.question;
  a.language = language;
  a.policy = p.question.policy;
  const internal::ComputeOptions options{p.question.policy, config_.max_rows, language};

  std::optional<internal::Computed> computed;
  auto compute = [&](nlq::Plan& plan) -> Status {
    computed = SAGAZ_TRY(internal::Compute(query_, *schema, plan, options));
    return Ok();
  };

  // The model reads the question first when asked to; whatever it cannot answer, the builtin
  // parser does. Edited SQL keeps the builtin reading of the question (deterministic, so the
  // columns the edit started from are the ones expected) and only swaps the query.
  const internal::Planner* model = request.sql ? nullptr : ModelPlanner(p, a.warnings);
  if (model) {
    Stopwatch watch;
    auto planned = internal::PlanAndRun(*model, p.question, *schema, compute);
    a.timings.interpret_ms =
        watch.ElapsedMs() - (computed ? computed->read_ms + computed->compute_ms : 0);
    if (planned.ran) {
      a.plan = std::move(planned.reading->plan);
      a.engine = Engine::kLlm;
      a.model = model->Name();
      if (planned.turns > 1)
        a.warnings.push_back(
            Say(Msg::kModelCorrected, language, {std::to_string(planned.turns - 1)}));
    } else {
      a.warnings.push_back(ModelWarning(planned, language));
      computed.reset();
    }
  }

  if (!computed) {
    Stopwatch watch;
    std::function<Status(nlq::Plan&)> run = compute;
    if (request.sql) {
      run = [&](nlq::Plan& plan) -> Status {
        plan.projection_sql = plan.answer_sql = *request.sql;
        return compute(plan);
      };
    }
    auto planned = internal::PlanAndRun(*builtin_, p.question, *schema, run);
    a.timings.interpret_ms +=
        watch.ElapsedMs() - (computed ? computed->read_ms + computed->compute_ms : 0);
    a.engine = Engine::kBuiltin;
    if (planned.failure) {
      Error e = std::move(*planned.failure);
      // A failing edit most often changed the columns the answer reads.
      if (request.sql && planned.reading && e.code != ErrorCode::kPermissionDenied &&
          e.code != ErrorCode::kTimeout) {
        e.message = Say(Msg::kEditedSqlMismatch, language, {e.message});
      }
      return Fail(std::move(e));
    }
    if (!planned.ran) {
      const auto& reading = *planned.reading;
      a.status = AnswerStatus::kUnclear;
      a.message = Say(Msg::kUnclear, language);
      a.table = reading.plan.table;
      a.candidates.push_back(reading.plan);
      for (const auto& alt : reading.alternatives) a.candidates.push_back(alt);
      a.timings.total_ms = total.ElapsedMs();
      return a;
    }
    a.plan = std::move(planned.reading->plan);
    if (request.sql) a.warnings.push_back(Say(Msg::kEditedSql, language));
  }

  auto& c = *computed;
  a.table = a.plan.table;
  a.query = c.sql;
  a.answer_sql = a.plan.answer_sql;
  a.statistics = std::move(c.statistics);
  a.statistics_of = std::move(c.statistics_of);
  a.trend = std::move(c.trend);
  a.value = std::move(c.value);
  a.result = std::move(c.result);
  a.rows_read = c.rows;
  a.truncated = c.truncated;
  a.timings.read_ms = c.read_ms;
  a.timings.compute_ms = c.compute_ms;
  if (c.truncated) a.warnings.push_back(Say(Msg::kTruncated, language, {std::to_string(c.rows)}));
  for (const auto& note : a.plan.notes) a.warnings.push_back(note);

  // The insight and the chart.
  Stopwatch watch;
  a.insight = insights::WriteInsight(c.facts);
  if (a.engine == Engine::kLlm && model_) {
    std::vector<std::string> sample;
    for (size_t i = 0; i < a.result.rows.size() && i < 5; ++i)
      sample.push_back(RowText(a.result.columns, a.result.rows[i]));
    llm::ChatRequest chat{.messages = internal::InsightPrompt(request.question, c.facts, sample),
                          .json = true};
    chat.timeout = std::chrono::milliseconds(llm_config_.insight_timeout_ms);
    auto reply = model_->Chat(chat);
    auto text = reply ? internal::InsightFromReply(reply->content)
                      : Result<std::string>(Fail(reply.error()));
    if (text) {
      a.insight = std::move(*text);
      a.insight_engine = Engine::kLlm;
    } else {
      a.warnings.push_back(Say(Msg::kModelInsightFailed, language, {text.error().message}));
    }
  }
  a.chart = insights::BuildChart(c.facts, request.question);
  a.timings.insight_ms = watch.ElapsedMs();
  a.timings.total_ms = total.ElapsedMs();
  return a;
}

}  // namespace sagaz::ask
