#include "forecast/walk_forward.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <numeric>
#include <random>

#include "core/strings.hpp"
#include "forecast/internal/rows.hpp"
#include "forecast/search.hpp"

namespace sagaz::forecast {
namespace {

std::string Pct(double v) { return PercentEn(v); }
std::string PctPt(double v) { return PercentPt(v); }

using internal::GatherRows;
using internal::MeanLogLoss;

}  // namespace

std::string_view ToString(Window window) {
  return window == Window::kRolling ? "rolling" : "expanding";
}

Result<Window> ParseWindow(std::string_view text) {
  const std::string t = ToLower(text);
  if (t == "expanding") return Window::kExpanding;
  if (t == "rolling") return Window::kRolling;
  return Fail(Error(ErrorCode::kInvalidArgument,
                    "unknown window '" + std::string(text) + "'; use expanding or rolling")
                  .With("field", "window"));
}

Status Validate(const WalkForwardConfig& c) {
  auto bad = [](std::string field, std::string what) {
    return Fail(
        Error(ErrorCode::kInvalidArgument, field + " must be " + what).With("field", field));
  };
  if (c.horizon < 1 || c.horizon > 250) return bad("horizon", "between 1 and 250 trading days");
  if (!(c.dead_zone >= 0 && c.dead_zone < 0.5)) return bad("dead_zone", "in [0, 0.5)");
  if (c.min_train < 50 || c.min_train > 100000) return bad("min_train", "between 50 and 100000");
  if (c.retrain_every < 1 || c.retrain_every > 100000) {
    return bad("retrain_every", "between 1 and 100000");
  }
  if (c.rolling_size < 50 || c.rolling_size > 100000) {
    return bad("rolling_size", "between 50 and 100000");
  }
  if (c.embargo < 0 || c.embargo > 1000) return bad("embargo", "between 0 and 1000");
  if (c.params.threads < 1 || c.params.threads > 256) return bad("threads", "between 1 and 256");
  if (c.search_budget < 0 || c.search_budget > kMaxSearchBudget) {
    return bad("search_budget", "between 0 and " + std::to_string(kMaxSearchBudget));
  }
  return Ok();
}

std::vector<size_t> UsableRows(const FeatureTable& features, const Labels& labels) {
  std::vector<size_t> rows;
  for (size_t r = features.FirstComplete(); r < features.rows; ++r) {
    if (labels.direction[r] < 0) continue;
    bool ok = true;
    for (size_t c = 0; c < features.cols() && ok; ++c) ok = std::isfinite(features.at(r, c));
    if (ok) rows.push_back(r);
  }
  return rows;
}

Result<std::unique_ptr<Classifier>> FitFinal(const FeatureTable& features, const Labels& labels,
                                             const WalkForwardConfig& config) {
  SAGAZ_TRY(Validate(config));
  const auto rows = UsableRows(features, labels);
  if (rows.size() < 50) {
    return Fail(ErrorCode::kFailedPrecondition,
                "too little history to train: " + std::to_string(rows.size()) +
                    " usable days (at least 50 are needed after the 50-day warm-up)");
  }
  const auto x = GatherRows(features, rows);
  std::vector<int8_t> y(rows.size());
  for (size_t i = 0; i < rows.size(); ++i) y[i] = labels.direction[rows[i]];
  auto model = SAGAZ_TRY(MakeClassifier(config.kind, config.params));
  SAGAZ_TRY(model->Fit({x.data(), rows.size(), features.cols()}, y));
  return model;
}

Result<Evaluation> WalkForward(const Series& s, const FeatureTable& f, const Labels& labels,
                               const WalkForwardConfig& config, const FoldProgress& progress) {
  SAGAZ_TRY(Validate(config));
  const auto started = std::chrono::steady_clock::now();
  const size_t n = s.size(), h = static_cast<size_t>(config.horizon);
  const size_t gap = h + static_cast<size_t>(config.embargo);
  const size_t first = f.FirstComplete();
  std::vector<char> usable(n, 0);
  for (size_t r : UsableRows(f, labels)) usable[r] = 1;

  // Test block starts: the first leaves min_train training rows before the purge gap.
  std::vector<size_t> starts;
  for (size_t t0 = first + config.min_train + gap; t0 < n; t0 += config.retrain_every) {
    starts.push_back(t0);
  }
  const size_t usable_count = static_cast<size_t>(std::count(usable.begin(), usable.end(), 1));
  if (starts.empty()) {
    return Fail(Error(ErrorCode::kFailedPrecondition,
                      "not enough history for a walk-forward evaluation: " + std::to_string(n) +
                          " trading days; it needs a 50-day warm-up, " +
                          std::to_string(config.min_train) + " training days (min_train), " +
                          std::to_string(gap) + " purged days and at least one test day")
                    .With("days", std::to_string(n))
                    .With("usable_days", std::to_string(usable_count)));
  }

  Evaluation ev;
  std::vector<int8_t> truth_all;
  std::vector<double> model_all, majority_all, persistence_all, up_all, shuffled_all;
  std::vector<int32_t> days_all;
  std::vector<double> next_all;
  std::vector<double> gain_sum(f.cols(), 0.0), perm_sum(f.cols(), 0.0);
  size_t perm_rows = 0;
  std::mt19937_64 rng(config.params.seed);

  for (size_t k = 0; k < starts.size(); ++k) {
    const size_t t0 = starts[k], t1 = std::min(n, t0 + config.retrain_every);
    std::vector<size_t> test, train;
    for (size_t t = t0; t < t1; ++t) {
      if (usable[t]) test.push_back(t);
    }
    if (test.empty()) continue;  // the last days have no label yet
    const size_t train_end =
        t0 - gap;  // exclusive: label of train_end - 1 reads day t0 - 1 - embargo
    size_t train_begin = first;
    if (config.window == Window::kRolling && train_end > first + config.rolling_size) {
      train_begin = train_end - config.rolling_size;
    }
    for (size_t t = train_begin; t < train_end; ++t) {
      if (usable[t]) train.push_back(t);
    }
    std::vector<int8_t> ytrain(train.size()), ytest(test.size());
    for (size_t i = 0; i < train.size(); ++i) ytrain[i] = labels.direction[train[i]];
    for (size_t i = 0; i < test.size(); ++i) ytest[i] = labels.direction[test[i]];
    const auto ups = std::count(ytrain.begin(), ytrain.end(), int8_t{1});
    if (train.size() < 50 || ups == 0 || ups == static_cast<long>(train.size())) {
      ev.warnings.push_back(
          MakeNotice("skipped_block",
                     "block starting " + FormatDay(s.day[t0]) +
                         " skipped: its training window has fewer than 50 days or one class",
                     "bloco iniciado em " + FormatDay(s.day[t0]) +
                         " pulado: sua janela de treino tem menos de 50 dias ou uma só classe"));
      continue;
    }
    const auto xtrain = GatherRows(f, train);
    auto xtest = GatherRows(f, test);
    const MatrixView vtrain{xtrain.data(), train.size(), f.cols()};
    const MatrixView vtest{xtest.data(), test.size(), f.cols()};

    // Parameters: as configured, or searched inside this training window only.
    ModelParams params = config.params;
    std::optional<SearchResult> searched;
    if (config.search_budget > 0) {
      searched = SAGAZ_TRY(SearchParams(f, labels, train, config));
      params = searched->chosen;
    }
    auto model = SAGAZ_TRY(MakeClassifier(config.kind, params));
    SAGAZ_TRY(model->Fit(vtrain, ytrain));
    const auto prob = SAGAZ_TRY(model->PredictProba(vtest));
    const auto imp = model->Importance();
    for (size_t c = 0; c < f.cols(); ++c) gain_sum[c] += imp[c];

    // Baselines fitted on the same training window.
    const double up_rate = static_cast<double>(ups) / static_cast<double>(train.size());
    std::vector<double> majority(test.size(), up_rate), persistence(test.size()),
        up(test.size(), 1.0), shuffled(test.size(), 0.5);
    for (size_t i = 0; i < test.size(); ++i) {
      const size_t t = test[i];
      persistence[i] = t >= h && s.close[t] / s.close[t - h] - 1 > 0 ? 1.0 : 0.0;
    }
    if (config.shuffled_control) {
      std::vector<int8_t> yshuf = ytrain;
      std::shuffle(yshuf.begin(), yshuf.end(), rng);
      auto control = SAGAZ_TRY(MakeClassifier(config.kind, params));
      SAGAZ_TRY(control->Fit(vtrain, yshuf));
      shuffled = SAGAZ_TRY(control->PredictProba(vtest));
    }
    if (config.permutation_importance) {
      const double base = MeanLogLoss(ytest, prob);
      std::vector<double> column(test.size());
      for (size_t c = 0; c < f.cols(); ++c) {
        for (size_t i = 0; i < test.size(); ++i) column[i] = xtest[i * f.cols() + c];
        std::vector<double> permuted = column;
        std::shuffle(permuted.begin(), permuted.end(), rng);
        for (size_t i = 0; i < test.size(); ++i) xtest[i * f.cols() + c] = permuted[i];
        const auto p = SAGAZ_TRY(model->PredictProba(vtest));
        perm_sum[c] += (MeanLogLoss(ytest, p) - base) * static_cast<double>(test.size());
        for (size_t i = 0; i < test.size(); ++i) xtest[i * f.cols() + c] = column[i];
      }
      perm_rows += test.size();
    }

    Fold fold;
    fold.train_from = s.day[train.front()];
    fold.train_to = s.day[train.back()];
    fold.test_from = s.day[test.front()];
    fold.test_to = s.day[test.back()];
    fold.train_rows = static_cast<int64_t>(train.size());
    fold.test_rows = static_cast<int64_t>(test.size());
    fold.model = Score(ytest, prob, true, config.horizon);
    fold.majority_accuracy = Score(ytest, majority, false, config.horizon).accuracy;
    fold.persistence_accuracy = Score(ytest, persistence, false, config.horizon).accuracy;
    fold.always_up_accuracy = Score(ytest, up, false, config.horizon).accuracy;
    fold.shuffled_balanced_accuracy =
        Score(ytest, shuffled, true, config.horizon).balanced_accuracy;
    if (searched && searched->folds > 0) {
      fold.params = searched->chosen;
      fold.search_log_loss = searched->best.log_loss;
    }
    ev.folds.push_back(fold);

    truth_all.insert(truth_all.end(), ytest.begin(), ytest.end());
    model_all.insert(model_all.end(), prob.begin(), prob.end());
    majority_all.insert(majority_all.end(), majority.begin(), majority.end());
    persistence_all.insert(persistence_all.end(), persistence.begin(), persistence.end());
    up_all.insert(up_all.end(), up.begin(), up.end());
    shuffled_all.insert(shuffled_all.end(), shuffled.begin(), shuffled.end());
    for (size_t t : test) {
      days_all.push_back(s.day[t]);
      next_all.push_back(t + 1 < n ? s.close[t + 1] / s.close[t] - 1 : kNaN);
    }
    if (progress) {
      const double fraction = static_cast<double>(k + 1) / static_cast<double>(starts.size());
      if (!progress(fraction,
                    "fold " + std::to_string(k + 1) + " of " + std::to_string(starts.size()))) {
        return Fail(ErrorCode::kCancelled, "the evaluation was cancelled");
      }
    }
  }
  if (ev.folds.empty()) {
    return Fail(ErrorCode::kFailedPrecondition,
                "no walk-forward block could be evaluated: every training window had one class "
                "only or too few days");
  }

  const int hz = config.horizon;
  ev.model = Score(truth_all, model_all, true, hz);
  ev.baselines.push_back({"majority", Score(truth_all, majority_all, true, hz)});
  ev.baselines.push_back({"persistence", Score(truth_all, persistence_all, false, hz)});
  ev.baselines.push_back({"always_up", Score(truth_all, up_all, false, hz)});
  if (config.shuffled_control) {
    ev.baselines.push_back({"shuffled_labels", Score(truth_all, shuffled_all, true, hz)});
  }
  ev.strategy = RunStrategy(days_all, model_all, next_all);
  for (size_t i = 0; i < truth_all.size(); ++i) {
    ev.calls.push_back({days_all[i], truth_all[i], model_all[i]});
  }
  double gain_total = std::accumulate(gain_sum.begin(), gain_sum.end(), 0.0);
  for (size_t c = 0; c < f.cols(); ++c) {
    ev.importance.push_back({f.names[c], gain_total > 0 ? gain_sum[c] / gain_total : 0,
                             perm_rows ? perm_sum[c] / static_cast<double>(perm_rows) : 0});
  }
  std::sort(ev.importance.begin(), ev.importance.end(),
            [](const Importance& a, const Importance& b) { return a.gain > b.gain; });

  // What the user must be told.
  double best = 0;
  std::string best_name;
  for (const auto& b : ev.baselines) {
    if (b.name != "shuffled_labels" && b.metrics.accuracy > best) {
      best = b.metrics.accuracy;
      best_name = b.name;
    }
  }
  const auto& m = ev.model;
  ev.beats_baselines = m.accuracy > best && m.balanced_accuracy_low > 0.5;
  if (config.shuffled_control) {
    const auto& sh = ev.baselines.back().metrics;
    const double half = (sh.balanced_accuracy_high - sh.balanced_accuracy_low) / 2;
    if (std::abs(sh.balanced_accuracy - 0.5) > std::max(0.03, half)) {
      ev.leakage_suspected = true;
      ev.warnings.push_back(MakeNotice(
          "leakage_shuffled",
          "LEAKAGE SUSPECTED: the same model trained on shuffled labels scored a balanced "
          "accuracy of " +
              Pct(sh.balanced_accuracy) +
              " instead of about 50%; the evaluation is not trustworthy",
          "SUSPEITA DE VAZAMENTO: o mesmo modelo treinado com rótulos embaralhados teve acurácia "
          "balanceada de " +
              PctPt(sh.balanced_accuracy) +
              " em vez de cerca de 50%; a avaliação não é confiável"));
    }
  }
  if (m.balanced_accuracy > 0.55 || (m.accuracy > 0.55 && m.accuracy > best + 0.02)) {
    ev.leakage_suspected = true;
    ev.warnings.push_back(MakeNotice(
        "leakage_accuracy",
        "LEAKAGE WARNING: an out-of-sample accuracy of " + Pct(m.accuracy) + " (balanced " +
            Pct(m.balanced_accuracy) +
            ") on price direction is far more often a sign of look-ahead in the data (adjusted "
            "prices computed later, centred windows, the label day in a feature) than of skill",
        "ALERTA DE VAZAMENTO: uma acurácia fora da amostra de " + PctPt(m.accuracy) +
            " (balanceada " + PctPt(m.balanced_accuracy) +
            ") na direção do preço é muito mais vezes sinal de informação do futuro nos dados "
            "(preços ajustados calculados depois, janelas centradas, o dia do rótulo numa "
            "variável) do que de habilidade"));
  }
  const auto best_pt = best_name == "majority"      ? std::string("classe majoritária")
                       : best_name == "persistence" ? std::string("persistência")
                       : best_name == "always_up"   ? std::string("sempre alta")
                                                    : best_name;
  if (!ev.beats_baselines) {
    ev.warnings.push_back(MakeNotice(
        "no_edge",
        "The model does not beat the baselines: accuracy " + Pct(m.accuracy) + " (95% interval " +
            Pct(m.accuracy_low) + "-" + Pct(m.accuracy_high) + ") against " + Pct(best) + " for " +
            best_name + "; balanced accuracy " + Pct(m.balanced_accuracy) + " (interval " +
            Pct(m.balanced_accuracy_low) + "-" + Pct(m.balanced_accuracy_high) + ")",
        "O modelo não supera as referências: acurácia " + PctPt(m.accuracy) +
            " (intervalo de 95% " + PctPt(m.accuracy_low) + "-" + PctPt(m.accuracy_high) +
            ") contra " + PctPt(best) + " de " + best_pt + "; acurácia balanceada " +
            PctPt(m.balanced_accuracy) + " (intervalo " + PctPt(m.balanced_accuracy_low) + "-" +
            PctPt(m.balanced_accuracy_high) + ")"));
  }
  if (m.n < 250) {
    ev.warnings.push_back(MakeNotice(
        "few_rows",
        "only " + std::to_string(m.n) + " out-of-sample days: the figures are very uncertain",
        "apenas " + std::to_string(m.n) + " dias fora da amostra: os números são muito incertos"));
  }
  // Imbalanced classes: accuracy then mostly measures the base rate; read balanced accuracy.
  if (m.n > 0) {
    const double up_share = static_cast<double>(m.n_up) / static_cast<double>(m.n);
    if (up_share > 0.6 || up_share < 0.4) {
      ev.warnings.push_back(MakeNotice(
          "class_imbalance",
          "imbalanced classes: " + Pct(up_share) +
              " of the out-of-sample days went up, so accuracy mostly reflects the base rate; "
              "read the balanced accuracy and the majority baseline",
          "classes desbalanceadas: " + PctPt(up_share) +
              " dos dias fora da amostra subiram, então a acurácia reflete sobretudo a taxa "
              "de base; leia a acurácia balanceada e a referência da classe majoritária"));
    }
  }
  ev.elapsed_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  return ev;
}

}  // namespace sagaz::forecast
