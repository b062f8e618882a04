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
  std::string engine;
  std::string language;
  std::string policy;
  bool explain = false;
  std::string eval_file;
  bool verbose_failures = false;
  double min_accuracy = 0;  // percent; 0: any accuracy passes
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

// The answer for a terminal: the insight first, then the numbers behind it.
void PrintAnswer(const ask::Answer& a) {
  if (a.status == ask::AnswerStatus::kUnclear) {
    std::cout << a.message << "\n";
    for (const auto& p : a.candidates) {
      std::cout << "  - " << p.table << " (" << Number(p.confidence * 100, 0)
                << "%): " << p.answer_sql << "\n";
    }
    std::cout << "Try again with --dataset NAME.\n";
    return;
  }
  std::cout << a.insight << "\n\n";
  if (!a.result.rows.empty()) {
    const size_t shown = std::min<size_t>(a.result.rows.size(), 20);
    PrintRows(a.result.columns,
              {a.result.rows.begin(), a.result.rows.begin() + static_cast<long>(shown)});
    // The answer keeps at most a chart's worth of rows (a long series is downsampled).
    const auto kept = static_cast<int64_t>(a.result.rows.size());
    if (a.result.total_rows > kept) {
      std::cout << "(" << shown << " of the " << kept << " rows kept; the answer has "
                << a.result.total_rows << ")\n";
    } else if (kept > static_cast<int64_t>(shown)) {
      std::cout << "(" << shown << " of " << kept << " rows; --json for all)\n";
    }
  }
  if (a.statistics) {
    const auto& s = *a.statistics;
    std::cout << "\nStatistics of " << a.statistics_of << " (n = " << s.count << "):";
    auto put = [](const char* name, const std::optional<double>& v) {
      if (v) std::cout << "  " << name << " " << Number(*v, 4);
    };
    put("min", s.min), put("q1", s.q1), put("median", s.median), put("mean", s.mean);
    put("q3", s.q3), put("max", s.max), put("std_dev", s.std_dev), put("cv", s.coef_var);
    std::cout << "\n";
  }
  if (a.trend && a.trend->mann_kendall) {
    std::cout << "Trend: " << a.trend->mann_kendall->trend
              << " (Mann-Kendall p = " << Number(a.trend->mann_kendall->p_value, 4) << ")";
    if (a.trend->theil_sen)
      std::cout << ", Theil-Sen slope " << Number(a.trend->theil_sen->slope, 6) << " per day";
    std::cout << "\n";
  }
  std::cout << "\nSQL: " << a.query << "\n";
  auto engine = [&](ask::Engine e) { return ask::EngineName(e, a.model); };
  std::cout << "Engine: " << engine(a.engine)
            << (a.insight_engine != a.engine ? " (insight: " + engine(a.insight_engine) + ")" : "")
            << "; " << a.rows_read << " rows; " << Number(a.timings.total_ms, 1) << " ms\n";
  for (const auto& w : a.warnings) std::cerr << "warning: " << w << "\n";
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
  ask->add_option("--policy", a->policy,
                  "strict (statistics by Sagaz's engine) or standard (SQL aggregates); default "
                  "ask.policy")
      ->check(CLI::IsMember({"strict", "standard"}));
  ask->add_flag("--explain", a->explain, "Only show how the question was understood and its SQL");
  ask->callback([=] {
    c->WithApp([&](App& app) -> Status {
      ask::AskRequest request{.question = a->question};
      if (!a->dataset.empty()) request.dataset = a->dataset;
      if (!a->language.empty()) request.language = SAGAZ_TRY(nlq::ParseLanguage(a->language));
      if (!a->engine.empty()) request.engine = SAGAZ_TRY(ask::ParseEngine(a->engine));
      if (!a->policy.empty()) request.policy = SAGAZ_TRY(wire::ParseAskPolicy(a->policy));
      if (a->explain) {
        auto read = SAGAZ_TRY(app.ask().Interpret(request));
        if (c->json) {
          c->PrintJson(wire::ToJson(read.plan));
        } else {
          PrintPlan(read.plan);
          std::cout << "Engine: " << ask::EngineName(read.engine, read.model) << "\n";
          for (const auto& w : read.warnings) std::cerr << "warning: " << w << "\n";
        }
        return Ok();
      }
      auto answer = SAGAZ_TRY(app.ask().Ask(request));
      if (c->json) {
        c->PrintJson(wire::ToJson(answer));
      } else {
        PrintAnswer(answer);
      }
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
  nlq_cmd->add_option("--engine", a->engine, "builtin (default) or llm")
      ->check(CLI::IsMember({"builtin", "llm"}));
  nlq_cmd->add_flag("--show-sql", a->verbose_failures, "Print the SQL of each failure");
  nlq_cmd
      ->add_option("--min-accuracy", a->min_accuracy,
                   "Fail (exit code 1) when the execution accuracy is below this percentage")
      ->check(CLI::Range(0.0, 100.0));
  nlq_cmd->callback([=] {
    c->WithApp([&](App& app) -> Status {
      std::ifstream in(a->eval_file);
      std::stringstream ss;
      ss << in.rdbuf();
      auto cases = SAGAZ_TRY(wire::ParseEvalCases(ss.str()));
      ask::EvalOptions options;
      if (!a->engine.empty()) options.engine = SAGAZ_TRY(ask::ParseEngine(a->engine));
      auto report = SAGAZ_TRY(ask::EvaluateNlq(app.ask(), app.query(), cases, options));
      // The report is printed either way; falling short of --min-accuracy is the exit code.
      auto verdict = [&]() -> Status {
        if (report.accuracy() * 100 + 1e-9 >= a->min_accuracy) return Ok();
        return Fail(Error(ErrorCode::kFailedPrecondition,
                          "execution accuracy " + Number(report.accuracy() * 100, 1) +
                              "% is below --min-accuracy " + Number(a->min_accuracy, 1) + "%")
                        .With("accuracy", Number(report.accuracy() * 100, 1)));
      };
      if (c->json) {
        c->PrintJson(wire::ToJson(report));
        return verdict();
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
      return verdict();
    });
  });
}

}  // namespace sagaz::cli
