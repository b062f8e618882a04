// `sagaz forecast train|predict|models|compare|report`: forecast models from the terminal, as
// tables or
// (--json) in the shapes of /api/v1/forecast/*. Flags become the API's JSON body and are parsed by
// the same code, so both validate alike.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <iostream>

#include "cli/context.hpp"
#include "cli/format.hpp"
#include "cli/table.hpp"
#include "core/strings.hpp"
#include "forecast/service.hpp"
#include "wire/forecast.hpp"

namespace sagaz::cli {
namespace {

using wire::Json;

struct ForecastArgs {
  std::string dataset, ticker, model, window, id, other, action = "list";
  std::vector<std::string> ids;
  std::optional<int> horizon, threads, min_train, retrain_every, rolling_size, embargo, trees,
      max_depth, search_budget;
  std::optional<double> dead_zone, learning_rate;
  bool no_activate = false;
};

// Messages of the server come in English and Portuguese; the terminal's locale picks one.
bool Portuguese() {
  for (const char* var : {"LC_ALL", "LC_MESSAGES", "LANG"}) {
    const char* v = std::getenv(var);
    if (v != nullptr && *v != '\0') return std::string_view(v).starts_with("pt");
  }
  return false;
}
const std::string& Say(const forecast::Notice& n) {
  static const bool pt = Portuguese();
  return pt ? n.pt : n.en;
}

std::string ParamsText(forecast::ModelKind kind, const forecast::ModelParams& p) {
  if (kind == forecast::ModelKind::kLogistic) return "l2 " + Number(p.l2, 3);
  std::string s = std::to_string(p.trees) + " trees, depth " +
                  (p.max_depth ? std::to_string(p.max_depth) : std::string("auto"));
  if (kind == forecast::ModelKind::kGbdt) s += ", learning rate " + Number(p.learning_rate, 3);
  if (kind == forecast::ModelKind::kRandomForest) {
    s += ", min child weight " + Number(p.min_child_weight, 1);
  }
  return s;
}

std::string Pct(double v) {
  if (!std::isfinite(v)) return "-";
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.1f%%", v * 100);
  return buf;
}
std::string Fixed(std::optional<double> v, int decimals = 3) {
  return v && std::isfinite(*v) ? Number(*v, decimals) : "-";
}

std::vector<std::string> MetricsRow(const std::string& name, const forecast::ClassMetrics& m) {
  return {name,
          Pct(m.accuracy) + " [" + Pct(m.accuracy_low) + ", " + Pct(m.accuracy_high) + "]",
          Pct(m.balanced_accuracy),
          Fixed(m.auc),
          Fixed(m.log_loss),
          Fixed(m.brier),
          Pct(m.precision),
          Pct(m.recall)};
}

const std::vector<TableColumn> kMetricsHeader = {{"model"},           {"accuracy [95% CI]", true},
                                                 {"balanced", true},  {"AUC", true},
                                                 {"log loss", true},  {"Brier", true},
                                                 {"precision", true}, {"recall", true}};

void PrintReport(const forecast::ModelRecord& r) {
  const auto& ev = r.evaluation;
  std::cout << r.id << " (v" << r.version << (r.active ? ", active" : "") << "): " << r.ticker
            << " in " << r.dataset << ", " << forecast::ToString(r.config.kind) << ", horizon "
            << r.config.horizon << " day(s)\n";
  std::cout << "data " << forecast::FormatDay(r.data_from) << " to "
            << forecast::FormatDay(r.data_to) << ", " << r.data_rows << " days; walk-forward "
            << forecast::ToString(r.config.window) << ", first fit " << r.config.min_train
            << " days, refit every " << r.config.retrain_every << ", purge " << r.config.horizon
            << (r.config.embargo ? " + embargo " + std::to_string(r.config.embargo) : "") << "; "
            << ev.folds.size() << " folds, " << ev.model.n << " out-of-sample days ("
            << Number(r.train_ms, 0) << " ms)\n";
  std::cout << "parameters: " << ParamsText(r.config.kind, r.config.params);
  if (r.search && r.search->folds > 0) {
    std::cout << " (searched: best of " << r.search->tried.size() << " candidates over "
              << r.search->folds << " walk-forward validation folds, validation log loss "
              << Number(r.search->best.log_loss, 4) << ", accuracy " << Pct(r.search->best.accuracy)
              << ", balanced " << Pct(r.search->best.balanced_accuracy)
              << "; each evaluation fold searched inside its own training window)";
  } else if (r.search) {
    std::cout << " (search asked, but the history was too short for validation folds)";
  } else {
    std::cout << " (as configured)";
  }
  std::cout << "\n\n";
  std::vector<std::vector<std::string>> rows = {
      MetricsRow(std::string(forecast::ToString(r.config.kind)), ev.model)};
  for (const auto& b : ev.baselines) rows.push_back(MetricsRow(b.name, b.metrics));
  std::cout << RenderTable(kMetricsHeader, rows, 40);
  if (!ev.folds.empty()) {
    std::cout << "\nFolds (accuracy)\n";
    std::vector<std::vector<std::string>> f;
    for (const auto& fold : ev.folds) {
      f.push_back({forecast::FormatDay(fold.test_from) + " .. " + forecast::FormatDay(fold.test_to),
                   std::to_string(fold.train_rows), std::to_string(fold.test_rows),
                   Pct(fold.model.accuracy), Pct(fold.majority_accuracy),
                   Pct(fold.persistence_accuracy), Pct(fold.always_up_accuracy),
                   Pct(fold.shuffled_balanced_accuracy)});
    }
    std::cout << RenderTable({{"test days"},
                              {"train", true},
                              {"test", true},
                              {"model", true},
                              {"majority", true},
                              {"persistence", true},
                              {"always up", true},
                              {"shuffled (bal.)", true}},
                             f);
  }
  const auto& s = ev.strategy;
  std::cout << "\nLong/flat strategy: " << Pct(s.total_return) << " (max drawdown "
            << Pct(s.max_drawdown) << ", hit rate " << Pct(s.hit_rate) << ", long " << s.days_long
            << " of " << s.days << " days) vs buy-and-hold " << Pct(s.buy_hold_return)
            << " (max drawdown " << Pct(s.buy_hold_max_drawdown) << ")\n";
  std::vector<std::vector<std::string>> imp;
  for (size_t i = 0; i < ev.importance.size() && i < 8; ++i) {
    imp.push_back({ev.importance[i].feature, Fixed(ev.importance[i].gain),
                   Fixed(ev.importance[i].permutation, 4)});
  }
  if (!imp.empty()) {
    std::cout << "\nFeature importance (top " << imp.size() << ")\n"
              << RenderTable({{"feature"}, {"gain", true}, {"permutation", true}}, imp);
  }
  std::cout << "\n"
            << (ev.beats_baselines ? "The model beats its baselines out of sample."
                                   : "The model does NOT beat its baselines out of sample.")
            << "\n";
  for (const auto& w : ev.warnings) std::cout << "! " << Say(w) << "\n";
  for (const auto& n : r.data_report.notes) std::cout << "data: " << Say(n) << "\n";
}

void PrintPrediction(const forecast::Prediction& p) {
  std::cout << p.ticker << ": " << p.direction << " over the next " << p.horizon
            << " trading day(s), P(up) = " << Number(p.probability_up, 3) << " (as of "
            << forecast::FormatDay(p.as_of) << ", model " << p.model_id << " v" << p.model_version
            << ", " << forecast::ToString(p.kind) << ")\n";
  std::cout << "  walk-forward accuracy " << Pct(p.walk_forward.accuracy) << " ["
            << Pct(p.walk_forward.accuracy_low) << ", " << Pct(p.walk_forward.accuracy_high) << "]";
  for (const auto& b : p.baselines) std::cout << "; " << b.name << " " << Pct(b.metrics.accuracy);
  std::cout << "\n";
  for (const auto& w : p.warnings) std::cout << "  ! " << Say(w) << "\n";
}

// Versions side by side, each against its own strongest baseline.
void PrintComparison(const forecast::Comparison& cmp) {
  std::vector<std::vector<std::string>> rows;
  for (const auto& m : cmp.models) {
    const auto& r = m.record;
    const auto& e = r.evaluation.model;
    rows.push_back(
        {r.id + (r.id == cmp.best ? " (best)" : ""), "v" + std::to_string(r.version), r.ticker,
         std::to_string(r.config.horizon), std::string(forecast::ToString(r.config.kind)),
         Pct(e.accuracy) + " [" + Pct(e.accuracy_low) + ", " + Pct(e.accuracy_high) + "]",
         m.best_baseline + " " + Pct(m.best_baseline_accuracy),
         (m.margin >= 0 ? "+" : "") + Number(m.margin * 100, 1) + " pp", Pct(e.balanced_accuracy),
         r.evaluation.beats_baselines ? "yes" : "no", r.evaluation.leakage_suspected ? "yes" : "no",
         ParamsText(r.config.kind, r.config.params) + (r.search ? " (searched)" : "")});
  }
  std::cout << RenderTable({{"model"},
                            {"version"},
                            {"ticker"},
                            {"horizon", true},
                            {"kind"},
                            {"accuracy [95% CI]", true},
                            {"best baseline", true},
                            {"margin", true},
                            {"balanced", true},
                            {"beats baselines"},
                            {"leakage"},
                            {"parameters"}},
                           rows, 40);
  for (const auto& n : cmp.notes) std::cout << "! " << Say(n) << "\n";
}

void PrintModelList(const std::vector<forecast::ModelRecord>& list) {
  std::vector<std::vector<std::string>> rows;
  for (const auto& m : list) {
    double best = 0;  // the best baseline's accuracy (the shuffled control is no baseline to beat)
    for (const auto& x : m.evaluation.baselines) {
      if (x.name != "shuffled_labels") best = std::max(best, x.metrics.accuracy);
    }
    rows.push_back({m.id, "v" + std::to_string(m.version), m.active ? "*" : "", m.dataset, m.ticker,
                    std::to_string(m.config.horizon),
                    std::string(forecast::ToString(m.config.kind)),
                    Pct(m.evaluation.model.accuracy), Pct(best),
                    Pct(m.evaluation.model.balanced_accuracy), m.created_at});
  }
  std::cout << RenderTable({{"id"},
                            {"version"},
                            {"active"},
                            {"dataset"},
                            {"ticker"},
                            {"horizon", true},
                            {"model"},
                            {"accuracy", true},
                            {"best baseline", true},
                            {"balanced", true},
                            {"created"}},
                           rows);
}

// POST /api/v1/forecast/compare's body through the same parser and service as the route.
Status ShowComparison(Context& c, forecast::ForecastService& svc, const Json& body) {
  const auto request = SAGAZ_TRY(wire::ParseForecastCompareRequest(body));
  const auto comparison = SAGAZ_TRY(svc.Compare(request));
  c.Show(wire::ToJson(comparison), [&] { PrintComparison(comparison); });
  return Ok();
}

Json TrainBody(const ForecastArgs& a) {
  Json body = {{"dataset", a.dataset}};
  if (!a.ticker.empty()) body["ticker"] = a.ticker;
  if (!a.model.empty()) body["model"] = a.model;
  if (!a.window.empty()) body["window"] = a.window;
  const std::pair<const char*, const std::optional<int>*> ints[] = {
      {"horizon", &a.horizon},
      {"threads", &a.threads},
      {"min_train", &a.min_train},
      {"retrain_every", &a.retrain_every},
      {"rolling_size", &a.rolling_size},
      {"embargo", &a.embargo},
      {"trees", &a.trees},
      {"max_depth", &a.max_depth}};
  for (const auto& [k, v] : ints) {
    if (*v) body[k] = **v;
  }
  if (a.dead_zone) body["dead_zone"] = *a.dead_zone;
  if (a.learning_rate) body["learning_rate"] = *a.learning_rate;
  if (a.search_budget) body["search_budget"] = *a.search_budget;
  if (a.no_activate) body["activate"] = false;
  return body;
}

}  // namespace

void AddForecastCommands(CLI::App& cli, Context& ctx) {
  Context* const c = &ctx;
  ForecastArgs* const a = &c->Hold<ForecastArgs>();
  auto* group = cli.add_subcommand(
      "forecast", "Price-direction models: train with walk-forward evaluation, predict, versions");
  group->require_subcommand(1);

  auto* train = group->add_subcommand(
      "train", "Train a model per ticker, evaluated walk-forward beside its baselines");
  train->add_option("dataset", a->dataset, "Dataset of daily quotes")->required();
  train->add_option("--ticker", a->ticker, "Ticker (default: every ticker of the dataset)");
  train->add_option("--horizon", a->horizon, "Trading days ahead (default 1)");
  train->add_option("--model", a->model, "rf (random_forest), gbdt (default) or logistic");
  train->add_option("--threads", a->threads, "Tickers trained at once (each model on one thread)");
  train->add_option("--dead-zone", a->dead_zone,
                    "Returns within ±this are 'flat' and left out (e.g. 0.002)");
  train->add_option("--window", a->window, "expanding (default) or rolling");
  train->add_option("--min-train", a->min_train, "Training days of the first fit");
  train->add_option("--retrain-every", a->retrain_every, "Refit every this many trading days");
  train->add_option("--rolling-size", a->rolling_size, "Training days of a rolling window");
  train->add_option("--embargo", a->embargo, "Extra days dropped between training and test");
  train->add_option("--trees", a->trees, "Trees or boosting rounds");
  train->add_option("--max-depth", a->max_depth, "Tree depth (0: per model)");
  train->add_option("--learning-rate", a->learning_rate, "Boosting shrinkage");
  train->add_option("--search", a->search_budget,
                    "Parameter candidates to try inside each training window (walk-forward "
                    "validation; 0: none)");
  train->add_flag("--no-activate", a->no_activate, "Keep the active version as it is");
  train->callback([=] {
    c->WithApp([&](App& app) -> Status {
      const auto request =
          SAGAZ_TRY(wire::ParseForecastTrainRequest(TrainBody(*a), app.forecast().DefaultConfig()));
      ProgressBar bar("training");
      auto result = app.forecast().Train(request, [&bar](double f, const std::string&) {
        bar.Update(f);
        return true;
      });
      bar.Done();
      const auto trained = SAGAZ_TRY(std::move(result));
      c->Show(wire::ToJson(trained), [&] {
        for (size_t i = 0; i < trained.models.size(); ++i) {
          if (i) std::cout << "\n";
          PrintReport(trained.models[i]);
        }
        for (const auto& s : trained.skipped) std::cout << "skipped " << s << "\n";
      });
      return Ok();
    });
  });

  auto* predict = group->add_subcommand(
      "predict", "Direction and probability from the active model, beside its track record");
  predict->add_option("dataset", a->dataset, "Dataset of daily quotes")->required();
  predict->add_option("--ticker", a->ticker, "Ticker (default: every ticker with a model)");
  predict->add_option("--horizon", a->horizon, "Horizon of the model to use");
  predict->add_option("--model", a->id, "A model id instead of the active version");
  predict->callback([=] {
    c->WithApp([&](App& app) -> Status {
      Json body = {{"dataset", a->dataset}};
      if (!a->ticker.empty()) body["ticker"] = a->ticker;
      if (a->horizon) body["horizon"] = *a->horizon;
      if (!a->id.empty()) body["model"] = a->id;
      const auto request = SAGAZ_TRY(wire::ParseForecastPredictRequest(body));
      const auto predictions = SAGAZ_TRY(app.forecast().Predict(request));
      Json items = Json::array();
      for (const auto& p : predictions) items.push_back(wire::ToJson(p));
      c->Show(Json{{"predictions", std::move(items)}}, [&] {
        for (const auto& p : predictions) PrintPrediction(p);
      });
      return Ok();
    });
  });

  auto* models =
      group->add_subcommand("models", "Model versions: list, show, compare, activate, rm");
  models->add_option("action", a->action, "list (default), show, compare, activate or rm")
      ->check(CLI::IsMember({"list", "show", "compare", "activate", "rm"}));
  models->add_option("id", a->id, "Model id (show, compare, activate, rm)");
  models->add_option("other", a->other, "The second model id (compare)");
  models->add_option("--dataset", a->dataset, "Only this dataset's models (list)");
  models->add_option("--ticker", a->ticker, "Only this ticker's models (list)");
  models->callback([=] {
    c->WithApp([&](App& app) -> Status {
      auto& svc = app.forecast();
      if (a->action != "list" && a->id.empty()) {
        return Fail(Error(ErrorCode::kInvalidArgument,
                          "name a model: sagaz forecast models " + a->action + " ID")
                        .With("field", "id"));
      }
      if (a->action == "show") {
        const auto rec = SAGAZ_TRY(svc.Get(a->id));
        c->Show(wire::ModelRecordToJson(rec), [&] { PrintReport(rec); });
        return Ok();
      }
      if (a->action == "compare") {
        if (a->other.empty()) {
          return Fail(Error(ErrorCode::kInvalidArgument,
                            "name two models: sagaz forecast models compare ID OTHER")
                          .With("field", "other"));
        }
        return ShowComparison(*c, svc, Json{{"models", {a->id, a->other}}});
      }
      if (a->action == "activate") {
        const auto rec = SAGAZ_TRY(svc.Activate(a->id));
        c->Show(wire::ModelSummaryJson(rec), [&] {
          std::cout << rec.id << " (v" << rec.version << ") now serves " << rec.ticker
                    << ", horizon " << rec.config.horizon << "\n";
        });
        return Ok();
      }
      if (a->action == "rm") {
        SAGAZ_TRY(svc.Delete(a->id));
        if (!c->json) std::cout << "deleted " << a->id << "\n";
        return Ok();
      }
      const auto list = SAGAZ_TRY(svc.List({a->dataset, a->ticker}));
      Json items = Json::array();
      for (const auto& m : list) items.push_back(wire::ModelSummaryJson(m));
      c->Show(Json{{"models", std::move(items)}}, [&] { PrintModelList(list); });
      return Ok();
    });
  });

  auto* compare = group->add_subcommand(
      "compare", "Model versions side by side, each against its own baselines (as the API)");
  compare->add_option("models", a->ids, "Model ids (2 to 50); or --dataset");
  compare->add_option("--dataset", a->dataset, "Compare the active version of every ticker");
  compare->add_option("--horizon", a->horizon, "Only models of this horizon (with --dataset)");
  compare->callback([=] {
    c->WithApp([&](App& app) -> Status {
      Json body = Json::object();
      if (!a->ids.empty()) body["models"] = a->ids;
      if (!a->dataset.empty()) body["dataset"] = a->dataset;
      if (a->horizon) body["horizon"] = *a->horizon;
      return ShowComparison(*c, app.forecast(), body);
    });
  });

  auto* report = group->add_subcommand("report", "A model's walk-forward evaluation as tables");
  report->add_option("model", a->id, "Model id")->required();
  report->callback([=] {
    c->WithApp([&](App& app) -> Status {
      const auto rec = SAGAZ_TRY(app.forecast().Get(a->id));
      c->Show(wire::ModelRecordToJson(rec), [&] { PrintReport(rec); });
      return Ok();
    });
  });
}

}  // namespace sagaz::cli
