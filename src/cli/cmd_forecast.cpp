// `sagaz forecast train|predict|models|report`: forecast models from the terminal, as tables or
// (--json) in the shapes of /api/v1/forecast/*. Flags become the API's JSON body and are parsed by
// the same code, so both validate alike.
#include <algorithm>
#include <cmath>
#include <cstdio>
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
  std::optional<int> horizon, threads, min_train, retrain_every, rolling_size, embargo, trees,
      max_depth;
  std::optional<double> dead_zone, learning_rate;
  bool no_activate = false;
};

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
            << Number(r.train_ms, 0) << " ms)\n\n";
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
  for (const auto& w : ev.warnings) std::cout << "! " << w << "\n";
  for (const auto& n : r.data_report.notes) std::cout << "data: " << n << "\n";
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
  for (const auto& w : p.warnings) std::cout << "  ! " << w << "\n";
}

// Two versions side by side: what differs in how they were trained, and how each scored.
void PrintComparison(const forecast::ModelRecord& a, const forecast::ModelRecord& b) {
  auto config = [](const forecast::ModelRecord& r) {
    return std::vector<std::string>{
        r.dataset,
        r.ticker,
        std::to_string(r.config.horizon),
        std::string(forecast::ToString(r.config.kind)),
        std::string(forecast::ToString(r.config.window)),
        std::to_string(r.config.min_train) + " / " + std::to_string(r.config.retrain_every),
        std::to_string(r.config.params.trees) + " / " + std::to_string(r.config.params.max_depth),
        forecast::FormatDay(r.data_from) + " .. " + forecast::FormatDay(r.data_to),
        r.data_fingerprint,
        std::to_string(r.evaluation.model.n),
        Pct(r.evaluation.model.accuracy) + " [" + Pct(r.evaluation.model.accuracy_low) + ", " +
            Pct(r.evaluation.model.accuracy_high) + "]",
        Pct(r.evaluation.model.balanced_accuracy),
        Fixed(r.evaluation.model.auc),
        Fixed(r.evaluation.model.log_loss),
        r.evaluation.beats_baselines ? "yes" : "no",
        r.evaluation.leakage_suspected ? "yes" : "no"};
  };
  const std::vector<std::string> names = {
      "dataset",           "ticker",        "horizon", "model",       "window",
      "min_train / every", "trees / depth", "data",    "fingerprint", "out-of-sample days",
      "accuracy",          "balanced",      "AUC",     "log loss",    "beats baselines",
      "leakage suspected"};
  const auto ca = config(a), cb = config(b);
  std::vector<std::vector<std::string>> rows;
  for (size_t i = 0; i < names.size(); ++i) {
    rows.push_back({names[i], ca[i], cb[i], ca[i] == cb[i] ? "" : "*"});
  }
  std::cout << RenderTable({{""},
                            {a.id + " (v" + std::to_string(a.version) + ")"},
                            {b.id + " (v" + std::to_string(b.version) + ")"},
                            {"differs"}},
                           rows, 40);
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
  train->add_option("--threads", a->threads, "XGBoost threads, or tickers trained at once");
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
      if (c->json) {
        c->PrintJson(wire::ToJson(trained));
        return Ok();
      }
      for (size_t i = 0; i < trained.models.size(); ++i) {
        if (i) std::cout << "\n";
        PrintReport(trained.models[i]);
      }
      for (const auto& s : trained.skipped) std::cout << "skipped " << s << "\n";
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
      if (c->json) {
        Json items = Json::array();
        for (const auto& p : predictions) items.push_back(wire::ToJson(p));
        c->PrintJson(Json{{"predictions", std::move(items)}});
        return Ok();
      }
      for (const auto& p : predictions) PrintPrediction(p);
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
        if (c->json) {
          c->PrintJson(wire::ModelRecordToJson(rec));
        } else {
          PrintReport(rec);
        }
        return Ok();
      }
      if (a->action == "compare") {
        if (a->other.empty()) {
          return Fail(Error(ErrorCode::kInvalidArgument,
                            "name two models: sagaz forecast models compare ID OTHER")
                          .With("field", "other"));
        }
        const auto first = SAGAZ_TRY(svc.Get(a->id));
        const auto second = SAGAZ_TRY(svc.Get(a->other));
        if (c->json) {
          c->PrintJson(
              Json{{"models", {wire::ModelSummaryJson(first), wire::ModelSummaryJson(second)}}});
        } else {
          PrintComparison(first, second);
        }
        return Ok();
      }
      if (a->action == "activate") {
        const auto rec = SAGAZ_TRY(svc.Activate(a->id));
        if (c->json) {
          c->PrintJson(wire::ModelSummaryJson(rec));
        } else {
          std::cout << rec.id << " (v" << rec.version << ") now serves " << rec.ticker
                    << ", horizon " << rec.config.horizon << "\n";
        }
        return Ok();
      }
      if (a->action == "rm") {
        SAGAZ_TRY(svc.Delete(a->id));
        if (!c->json) std::cout << "deleted " << a->id << "\n";
        return Ok();
      }
      const auto list = SAGAZ_TRY(svc.List({a->dataset, a->ticker}));
      if (c->json) {
        Json items = Json::array();
        for (const auto& m : list) items.push_back(wire::ModelSummaryJson(m));
        c->PrintJson(Json{{"models", std::move(items)}});
        return Ok();
      }
      std::vector<std::vector<std::string>> rows;
      for (const auto& m : list) {
        const double best = [&] {
          double b = 0;
          for (const auto& x : m.evaluation.baselines) {
            if (x.name != "shuffled_labels") b = std::max(b, x.metrics.accuracy);
          }
          return b;
        }();
        rows.push_back({m.id, "v" + std::to_string(m.version), m.active ? "*" : "", m.dataset,
                        m.ticker, std::to_string(m.config.horizon),
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
      return Ok();
    });
  });

  auto* report = group->add_subcommand("report", "A model's walk-forward evaluation as tables");
  report->add_option("model", a->id, "Model id")->required();
  report->callback([=] {
    c->WithApp([&](App& app) -> Status {
      const auto rec = SAGAZ_TRY(app.forecast().Get(a->id));
      if (c->json) {
        c->PrintJson(wire::ModelRecordToJson(rec));
      } else {
        PrintReport(rec);
      }
      return Ok();
    });
  });
}

}  // namespace sagaz::cli
