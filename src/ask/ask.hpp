// Ask: a question in Portuguese or English → safe SQL → statistics → chart → written insight.
//
//   ask::AskRequest req{.question = "Qual foi o nível de água registrado ao longo do tempo?"};
//   ask::Answer a = SAGAZ_TRY(app.ask().Ask(req));   // a.statistics, a.insight, a.chart, ...
//
// The question is read by the builtin semantic parser or by a language model (both give an
// nlq::Plan); the plan's SQL passes the SQL guard (strict policy by default: projections and
// filters only, so every statistic comes from Sagaz's engine); the rows stream straight into the
// statistics engine; the answer comes with a chart that fits the intent and an insight written in
// the question's language. A model that is not configured, down, slow or talking nonsense never
// fails a question: the builtin parser and writer answer, with a warning. Thread-safe.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ask/engine.hpp"
#include "ask/schema_source.hpp"
#include "core/config.hpp"
#include "core/error.hpp"
#include "db/db.hpp"
#include "insights/chart.hpp"
#include "nlq/nlq.hpp"
#include "sql/policy.hpp"
#include "stats/stats.hpp"

namespace sagaz::catalog {
class Catalog;
}
namespace sagaz::sql {
class QueryService;
}
namespace sagaz::llm {
class Provider;
}

namespace sagaz::ask {
namespace internal {
class Planner;
}

struct AskRequest {
  std::string question;
  std::optional<std::string> dataset;     // restrict to this dataset (and the ones it links to)
  std::optional<nlq::Language> language;  // detected from the question when absent
  std::optional<Engine> engine;           // default ask.engine
  std::optional<sql::Policy> policy;      // default ask.policy
  // An edited version of the query an earlier answer ran (its `query`): it replaces the
  // interpreted SQL, passes the SQL guard under the policy, and must return the same columns.
  std::optional<std::string> sql;
};

// The rows of the answer, for tables: the aggregated values, the series, the ranked rows.
struct AnswerTable {
  std::vector<db::Column> columns;
  std::vector<std::vector<db::Value>> rows;
  int64_t total_rows = 0;  // rows the answer has in all; rows may hold only the first ones
};

struct Timings {
  double interpret_ms = 0;  // question → plan (parser or model)
  double read_ms = 0;       // SQL guard and reading the rows
  double compute_ms = 0;    // statistics
  double insight_ms = 0;    // insight and chart
  double total_ms = 0;
};

enum class AnswerStatus {
  kOk,
  kUnclear,  // the question could mean several things (message, candidates); nothing was computed
};
constexpr std::string_view ToString(AnswerStatus status) {
  return status == AnswerStatus::kOk ? "ok" : "unclear";
}

struct Answer {
  AnswerStatus status = AnswerStatus::kOk;
  std::string message;
  std::string question;
  nlq::Language language = nlq::Language::kPortuguese;
  std::string table;       // the dataset the rows come from
  std::string query;       // the SQL that ran: the guard's rendering
  std::string answer_sql;  // the same answer in SQL with aggregates, to reuse elsewhere
  sql::Policy policy = sql::Policy::kStrict;
  // The statistics of the measure over the rows used (or of the answer's values when the question
  // counts rows), computed by Sagaz's engine.
  std::optional<stats::Summary> statistics;
  std::string statistics_of;          // what they describe: a column, or "count"
  std::optional<stats::Trend> trend;  // series: the measure against time (per day)
  std::optional<db::Value> value;     // single-number answers
  AnswerTable result;
  std::string insight;
  insights::ChartSpec chart;
  nlq::Plan plan;                            // how the question was read
  std::vector<nlq::Plan> candidates;         // unclear: the possible readings, best first
  Engine engine = Engine::kBuiltin;          // who read the question
  Engine insight_engine = Engine::kBuiltin;  // who wrote the insight
  std::string model;  // the model ("model@base_url") when either engine is kLlm
  std::vector<std::string> warnings;
  int64_t rows_read = 0;
  bool truncated = false;  // reading stopped at ask.max_rows
  Timings timings;
};

// How a question was read, without running it (sagaz ask --explain).
struct Interpretation {
  nlq::Plan plan;
  Engine engine = Engine::kBuiltin;
  std::string model;  // engine kLlm: the model that read it
  std::vector<std::string> warnings;
};

class AskService {
 public:
  // Fails when a declared relationship (config.relationships) is not "table.column ->
  // table.column". `model` replaces the configured language model (tests, fuzzing); without one
  // the model of `llm` is used, if any.
  static Result<std::unique_ptr<AskService>> Open(db::ConnectionPool& pool,
                                                  catalog::Catalog& catalog,
                                                  sql::QueryService& query, AskConfig config,
                                                  LlmConfig llm);
  static Result<std::unique_ptr<AskService>> Open(db::ConnectionPool& pool,
                                                  catalog::Catalog& catalog,
                                                  sql::QueryService& query, AskConfig config,
                                                  LlmConfig llm,
                                                  std::unique_ptr<llm::Provider> model);
  ~AskService();

  // Answers a question. Errors: empty or overlong question, nothing in the question matches the
  // data (kInvalidArgument), no datasets (kFailedPrecondition), unknown dataset (kNotFound), the
  // query's time limit (kTimeout). An unsure reading is an answer with status kUnclear.
  Result<Answer> Ask(const AskRequest& request);

  // The plan for a question (no execution): what it means and its SQL. An unsure reading is
  // kInvalidArgument (details "reason": "low_confidence", "candidates": the tables).
  Result<Interpretation> Interpret(const AskRequest& request);

  SchemaSource& schema() { return schema_; }

 private:
  AskService(db::ConnectionPool& pool, catalog::Catalog& catalog, sql::QueryService& query,
             AskConfig config, LlmConfig llm, std::vector<nlq::Relation> declared,
             std::unique_ptr<llm::Provider> model);

  struct Prepared;
  Result<Prepared> Prepare(const AskRequest& request) const;
  // The model's planner for a request that wants one, or null with a warning saying why there is
  // none.
  const internal::Planner* ModelPlanner(const Prepared& p,
                                        std::vector<std::string>& warnings) const;

  sql::QueryService& query_;
  AskConfig config_;
  LlmConfig llm_config_;
  SchemaSource schema_;
  std::unique_ptr<llm::Provider> model_;  // null when no model is configured
  std::optional<Error> model_error_;      // why there is no model
  std::unique_ptr<internal::Planner> builtin_;
  std::unique_ptr<internal::Planner> model_planner_;  // null without a model
};

}  // namespace sagaz::ask
