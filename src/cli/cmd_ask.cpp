// Ask commands: ask, eval nlq.
#include <fstream>
#include <iostream>
#include <sstream>

#include "ask/ask.hpp"
#include "ask/eval.hpp"
#include "cli/context.hpp"
#include "cli/format.hpp"
#include "cli/table.hpp"
#include "wire/ask.hpp"

namespace sagaz::cli {
namespace {

struct AskArgs {
  std::string question;
  std::string dataset;
  std::string engine = "builtin";
  std::string language;
  bool explain = false;
  std::string eval_file;
  bool verbose_failures = false;
};

void PrintPlan(const nlq::Plan& plan) {
  std::cout << "Interpretation (" << nlq::ToString(plan.language) << ", confidence "
            << Number(plan.confidence * 100, 0) << "%):\n";
  std::vector<std::vector<std::string>> rows;
  for (const auto& m : plan.interpretation) rows.push_back({m.phrase, m.role, m.target});
  std::cout << RenderTable({{"words"}, {"role"}, {"meaning"}}, rows, 60);
  for (const auto& n : plan.notes) std::cout << "note: " << n << "\n";
  std::cout << "\nSQL (strict): " << plan.projection_sql << "\nSQL (answer): " << plan.answer_sql
            << "\n";
}

}  // namespace

void AddAskCommands(CLI::App& cli, Context& ctx) {
  Context* const c = &ctx;
  AskArgs* const a = &ctx.Hold<AskArgs>();

  auto* ask = cli.add_subcommand("ask", "Ask a question about your data in Portuguese or English");
  ask->add_option("question", a->question, "The question, e.g. \"Qual a média do nível de água?\"")
      ->required();
  ask->add_option("--dataset", a->dataset, "Answer from this dataset");
  ask->add_option("--engine", a->engine, "builtin (no model) or llm")
      ->check(CLI::IsMember({"builtin", "llm"}));
  ask->add_option("--language", a->language, "pt or en (default: detected)");
  ask->add_flag("--explain", a->explain, "Only show how the question was understood and its SQL");
  ask->callback([=] {
    c->WithApp([&](App& app) -> Status {
      ask::AskOptions options;
      if (!a->dataset.empty()) options.dataset = a->dataset;
      if (!a->language.empty()) options.language = SAGAZ_TRY(nlq::ParseLanguage(a->language));
      options.engine = a->engine;
      auto plan = SAGAZ_TRY(app.ask().Interpret(a->question, options));
      if (c->json)
        c->PrintJson(wire::ToJson(plan));
      else
        PrintPlan(plan);
      return Ok();
    });
  });

  auto* eval = cli.add_subcommand("eval", "Evaluate Sagaz on a question set");
  eval->require_subcommand(1);
  auto* nlq_cmd =
      eval->add_subcommand("nlq", "Execution accuracy of NL→SQL on a JSONL question set");
  nlq_cmd
      ->add_option("file", a->eval_file, "JSONL: {\"question\", \"sql\", \"lang\"?, \"dataset\"?}")
      ->required()
      ->check(CLI::ExistingFile);
  nlq_cmd->add_option("--engine", a->engine, "builtin or llm")
      ->check(CLI::IsMember({"builtin", "llm"}));
  nlq_cmd->add_flag("--show-sql", a->verbose_failures, "Print the SQL of each failure");
  nlq_cmd->callback([=] {
    c->WithApp([&](App& app) -> Status {
      std::ifstream in(a->eval_file);
      std::stringstream ss;
      ss << in.rdbuf();
      auto cases = SAGAZ_TRY(wire::ParseEvalCases(ss.str()));
      ask::EvalOptions options;
      options.engine = a->engine;
      auto report = SAGAZ_TRY(ask::EvaluateNlq(app.ask(), app.query(), cases, options));
      if (c->json) {
        c->PrintJson(wire::ToJson(report));
        return Ok();
      }
      for (const auto& f : report.failures) {
        std::cout << "FAIL " << f.id << " [" << f.reason << "] " << f.question << "\n     "
                  << f.detail << "\n";
        if (a->verbose_failures) {
          std::cout << "     predicted: " << f.predicted_sql
                    << "\n     expected:  " << f.expected_sql << "\n";
        }
      }
      std::cout << "\nExecution accuracy: " << report.correct << "/" << report.total << " ("
                << Number(report.accuracy() * 100, 1) << "%); pt " << report.correct_pt << "/"
                << report.total_pt << ", en " << report.correct_en << "/" << report.total_en << "; "
                << Number(report.elapsed_ms, 0) << " ms\n";
      return Ok();
    });
  });
}

}  // namespace sagaz::cli
