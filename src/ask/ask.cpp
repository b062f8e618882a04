#include "ask/ask.hpp"

#include "ask/internal/compute.hpp"
#include "ask/internal/model.hpp"
#include "catalog/catalog.hpp"
#include "core/ids.hpp"
#include "core/log.hpp"
#include "core/strings.hpp"
#include "insights/insight.hpp"
#include "llm/llm.hpp"
#include "sql/query.hpp"

namespace sagaz::ask {
namespace {

bool Pt(nlq::Language l) { return l == nlq::Language::kPortuguese; }

// Whether a failure is the model's to fix (a bad plan, a refused or failing query) rather than a
// reason to stop (the time limit, an internal error).
bool Correctable(const Error& e) {
  for (const auto& [k, v] : e.details) {
    if (k == "reason" && v == "model_declined") return false;
  }
  return e.code == ErrorCode::kInvalidArgument || e.code == ErrorCode::kPermissionDenied ||
         e.code == ErrorCode::kNotFound;
}

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

}  // namespace

AskService::AskService(db::ConnectionPool& pool, catalog::Catalog& catalog,
                       sql::QueryService& query, AskConfig config, LlmConfig llm)
    : query_(query),
      config_(std::move(config)),
      llm_config_(std::move(llm)),
      schema_(pool, catalog) {
  if (auto provider = llm::MakeProvider(llm_config_)) {
    model_ = std::move(*provider);
  } else {
    model_error_ = std::move(provider).error();
  }
}

AskService::~AskService() = default;

llm::Provider* AskService::Model(std::vector<std::string>& warnings) const {
  if (model_) return model_.get();
  warnings.push_back("no language model is available (" +
                     (model_error_ ? model_error_->message : std::string("?")) +
                     "); the builtin parser answered");
  return nullptr;
}

namespace {

struct Prepared {
  sql::Policy policy = sql::Policy::kStrict;
  std::string engine;
  nlq::Language language = nlq::Language::kPortuguese;
};

Result<Prepared> Prepare(const AskRequest& request, const AskConfig& config) {
  if (Trim(request.question).empty())
    return Fail(ErrorCode::kInvalidArgument, "the question is empty");
  if (request.question.size() > 2000) {
    return Fail(ErrorCode::kInvalidArgument, "the question is longer than 2000 characters");
  }
  if (!IsValidUtf8(request.question))
    return Fail(ErrorCode::kInvalidArgument, "the question is not valid UTF-8");
  Prepared p;
  p.engine = ToLower(request.engine.value_or(config.engine));
  if (p.engine != "builtin" && p.engine != "llm") {
    return Fail(Error(ErrorCode::kInvalidArgument, "engine must be builtin or llm")
                    .With("engine", p.engine));
  }
  p.policy = SAGAZ_TRY(sql::ParsePolicy(request.policy.value_or(config.policy)));
  p.language = request.language.value_or(nlq::DetectLanguage(request.question));
  return p;
}

}  // namespace

Result<nlq::Plan> AskService::Interpret(const AskRequest& request,
                                        std::vector<std::string>* warnings, std::string* engine) {
  const Prepared p = SAGAZ_TRY(Prepare(request, config_));
  auto schema = SAGAZ_TRY(schema_.Get());
  std::vector<std::string> local;
  auto& notes = warnings ? *warnings : local;
  if (p.engine == "llm") {
    if (llm::Provider* model = Model(notes)) {
      auto messages = internal::PlanPrompt(
          request.question, p.language,
          internal::SchemaContext(request.question, *schema, p.language), p.policy);
      for (int attempt = 1; attempt <= llm_config_.sql_attempts; ++attempt) {
        auto reply = model->Chat({.messages = messages, .json = true});
        if (!reply) {
          notes.push_back("the model failed (" + reply.error().message +
                          "); the builtin parser answered");
          break;
        }
        auto plan = internal::PlanFromReply(reply->content, *schema, p.language);
        if (plan) {
          auto checked = query_.Check(plan->projection_sql, p.policy);
          if (checked) {
            if (engine) *engine = model->Name();
            return plan;
          }
          plan = Fail(std::move(checked).error());
        }
        messages.push_back({"assistant", reply->content});
        messages.push_back({"user", internal::CorrectionMessage(plan.error())});
        if (attempt == llm_config_.sql_attempts) {
          notes.push_back("the model gave no valid plan in " + std::to_string(attempt) +
                          " attempts (last error: " + plan.error().message +
                          "); the builtin parser answered");
        }
      }
    }
  }
  if (engine) *engine = "builtin";
  nlq::ParseOptions options{
      p.language, request.dataset ? std::optional(ToLower(*request.dataset)) : std::nullopt};
  return nlq::ParseQuestion(request.question, *schema, options);
}

Result<Answer> AskService::Ask(const AskRequest& request) {
  Stopwatch total;
  const Prepared p = SAGAZ_TRY(Prepare(request, config_));
  auto schema = SAGAZ_TRY(schema_.Get());
  Answer a;
  a.question = request.question;
  a.language = p.language;
  a.policy = std::string(sql::ToString(p.policy));
  internal::ComputeOptions compute{p.policy, config_.max_rows, p.language};

  std::optional<internal::Computed> computed;
  // Edited SQL keeps the builtin reading of the question (deterministic, so the columns the edit
  // started from are the ones expected) and only swaps the query.
  llm::Provider* model = p.engine == "llm" && !request.sql ? Model(a.warnings) : nullptr;

  // The model reads the question; a failed plan or query goes back to it with the error.
  if (model) {
    Stopwatch watch;
    auto messages = internal::PlanPrompt(
        request.question, p.language,
        internal::SchemaContext(request.question, *schema, p.language), p.policy);
    std::optional<Error> last;
    int attempt = 1;
    for (; attempt <= llm_config_.sql_attempts; ++attempt) {
      auto reply = model->Chat({.messages = messages, .json = true});
      if (!reply) {
        a.warnings.push_back("the model failed (" + reply.error().message +
                             "); the builtin parser answered");
        log::Warn("model failed to plan", {{"error", reply.error().ToText()}});
        last.reset();
        break;
      }
      auto plan = internal::PlanFromReply(reply->content, *schema, p.language);
      Result<internal::Computed> result = plan ? internal::Compute(query_, *schema, *plan, compute)
                                               : Result<internal::Computed>(Fail(plan.error()));
      if (result) {
        a.plan = std::move(*plan);
        computed = std::move(*result);
        a.engine = model->Name();
        if (attempt > 1)
          a.warnings.push_back("the model corrected its plan after " + std::to_string(attempt - 1) +
                               " failed attempt(s)");
        break;
      }
      last = result.error();
      if (!Correctable(*last)) break;
      messages.push_back({"assistant", reply->content});
      messages.push_back({"user", internal::CorrectionMessage(*last)});
    }
    if (!computed && last) {
      a.warnings.push_back("the model gave no working plan in " +
                           std::to_string(std::min(attempt, llm_config_.sql_attempts)) +
                           " attempt(s) (last error: " + last->message +
                           "); the builtin parser answered");
    }
    a.timings.interpret_ms = watch.ElapsedMs();
  }

  // The builtin parser: the default, and the fallback whenever the model did not answer.
  if (!computed) {
    Stopwatch watch;
    nlq::ParseOptions options{
        p.language, request.dataset ? std::optional(ToLower(*request.dataset)) : std::nullopt};
    nlq::Reading reading = SAGAZ_TRY(nlq::ReadQuestion(request.question, *schema, options));
    a.timings.interpret_ms += watch.ElapsedMs();
    a.engine = "builtin";
    if (reading.unsure) {
      a.status = "unclear";
      a.message = nlq::UnsureMessage(p.language);
      a.table = reading.plan.table;
      a.candidates.push_back(std::move(reading.plan));
      for (auto& alt : reading.alternatives) a.candidates.push_back(std::move(alt));
      a.timings.total_ms = total.ElapsedMs();
      return a;
    }
    a.plan = std::move(reading.plan);
    if (request.sql) {
      a.plan.projection_sql = *request.sql;
      a.plan.answer_sql = *request.sql;
      a.warnings.push_back(Pt(p.language) ? "respondido com a sua consulta SQL editada"
                                          : "answered with your edited SQL");
    }
    auto result = internal::Compute(query_, *schema, a.plan, compute);
    if (!result && request.sql && result.error().code != ErrorCode::kPermissionDenied &&
        result.error().code != ErrorCode::kTimeout) {
      // Most often the edit changed the columns the answer reads.
      Error e = result.error();
      e.message =
          (Pt(p.language) ? "a consulta editada não serve a esta pergunta (mantenha as colunas da "
                            "consulta original): "
                          : "the edited query does not fit this question (keep the columns of the "
                            "original query): ") +
          e.message;
      return Fail(std::move(e));
    }
    computed = SAGAZ_TRY(std::move(result));
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
  if (c.truncated) {
    a.warnings.push_back((Pt(p.language) ? "a leitura parou em " : "reading stopped at ") +
                         std::to_string(c.rows) +
                         (Pt(p.language) ? " linhas (ask.max_rows)" : " rows (ask.max_rows)"));
  }
  for (const auto& note : a.plan.notes) a.warnings.push_back(note);

  // The insight and the chart.
  Stopwatch watch;
  a.insight = insights::WriteInsight(c.facts);
  a.insight_engine = "builtin";
  if (model && a.engine != "builtin") {
    std::vector<std::string> sample;
    for (size_t i = 0; i < a.result.rows.size() && i < 5; ++i)
      sample.push_back(RowText(a.result.columns, a.result.rows[i]));
    llm::ChatRequest chat{.messages = internal::InsightPrompt(request.question, c.facts, sample),
                          .json = true};
    chat.timeout = std::chrono::milliseconds(llm_config_.insight_timeout_ms);
    auto reply = model->Chat(chat);
    auto text = reply ? internal::InsightFromReply(reply->content)
                      : Result<std::string>(Fail(reply.error()));
    if (text) {
      a.insight = std::move(*text);
      a.insight_engine = model->Name();
    } else {
      a.warnings.push_back("the model's insight failed (" + text.error().message +
                           "); the builtin text is shown");
    }
  }
  a.chart = insights::BuildChart(c.facts, request.question);
  a.timings.insight_ms = watch.ElapsedMs();
  a.timings.total_ms = total.ElapsedMs();
  return a;
}

}  // namespace sagaz::ask
