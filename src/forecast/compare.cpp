// ForecastService::Compare: model versions side by side, each read against its own baselines.
#include <algorithm>
#include <set>

#include "core/strings.hpp"
#include "forecast/service.hpp"

namespace sagaz::forecast {
namespace {

constexpr size_t kMaxCompared = 50;

ComparedModel Against(ModelRecord record) {
  ComparedModel m;
  record.evaluation.calls.clear();  // a summary: the per-day calls are in GET /models/{id}
  for (const auto& b : record.evaluation.baselines) {
    if (b.name != "shuffled_labels" &&
        (m.best_baseline.empty() || b.metrics.accuracy > m.best_baseline_accuracy)) {
      m.best_baseline = b.name;
      m.best_baseline_accuracy = b.metrics.accuracy;
    }
  }
  m.margin = record.evaluation.model.accuracy - m.best_baseline_accuracy;
  m.record = std::move(record);
  return m;
}

}  // namespace

Result<Comparison> ForecastService::Compare(const CompareRequest& request) {
  std::vector<ModelRecord> records;
  if (!request.models.empty()) {
    if (!request.dataset.empty()) {
      return Fail(Error(ErrorCode::kInvalidArgument, "name models or a dataset, not both")
                      .With("field", "dataset"));
    }
    if (request.models.size() < 2 || request.models.size() > kMaxCompared) {
      return Fail(Error(ErrorCode::kInvalidArgument,
                        "compare 2 to " + std::to_string(kMaxCompared) + " models")
                      .With("field", "models"));
    }
    std::set<std::string> seen;
    for (const auto& id : request.models) {
      if (!seen.insert(id).second) {
        return Fail(Error(ErrorCode::kInvalidArgument, "model '" + id + "' is named twice")
                        .With("field", "models"));
      }
      records.push_back(SAGAZ_TRY(Get(id)));
    }
  } else if (!request.dataset.empty()) {
    for (auto& r : SAGAZ_TRY(List({request.dataset, ""}))) {
      if (r.active && (!request.horizon || r.config.horizon == *request.horizon))
        records.push_back(std::move(r));
    }
    if (records.empty()) {
      return Fail(Error(ErrorCode::kNotFound, "no active model for dataset '" + request.dataset +
                                                  "'; train one first (sagaz forecast train)")
                      .With("dataset", request.dataset));
    }
    std::stable_sort(records.begin(), records.end(), [](const auto& a, const auto& b) {
      return std::tie(a.ticker, a.config.horizon) < std::tie(b.ticker, b.config.horizon);
    });
  } else {
    return Fail(Error(ErrorCode::kInvalidArgument, "name the models to compare, or a dataset")
                    .With("field", "models"));
  }

  Comparison out;
  std::set<std::string> fingerprints, series;
  std::set<int> horizons;
  bool leakage = false;
  double best_margin = 0;
  for (auto& r : records) {
    fingerprints.insert(r.dataset + "/" + r.ticker + "/" + r.data_fingerprint);
    series.insert(r.dataset + "/" + r.ticker);
    horizons.insert(r.config.horizon);
    leakage = leakage || r.evaluation.leakage_suspected;
    auto m = Against(std::move(r));
    if (m.record.evaluation.beats_baselines && (out.best.empty() || m.margin > best_margin)) {
      out.best = m.record.id;
      best_margin = m.margin;
    }
    out.models.push_back(std::move(m));
  }
  if (horizons.size() > 1) {
    out.notes.push_back(MakeNotice(
        "comparison",
        "the horizons differ: accuracies over different horizons face different baselines; "
        "compare the margins",
        "os horizontes diferem: acurácias em horizontes diferentes enfrentam referências "
        "diferentes; compare as margens"));
  }
  if (fingerprints.size() > series.size()) {
    out.notes.push_back(MakeNotice(
        "comparison",
        "versions of the same ticker were trained on different data (fingerprints differ)",
        "versões do mesmo ativo foram treinadas com dados diferentes (as impressões digitais "
        "diferem)"));
  }
  if (leakage) {
    out.notes.push_back(MakeNotice(
        "leakage_suspected",
        "a model is flagged for suspected leakage: its figures are not to be trusted",
        "um modelo está marcado por suspeita de vazamento: seus números não são confiáveis"));
  }
  if (out.best.empty()) {
    out.notes.push_back(
        MakeNotice("no_edge",
                   "no model beats its baselines (accuracy above the best baseline and the "
                   "lower end of its balanced-accuracy interval above 50%)",
                   "nenhum modelo supera suas referências (acurácia acima da melhor referência e o "
                   "limite inferior do intervalo da acurácia balanceada acima de 50%)"));
  }
  return out;
}

}  // namespace sagaz::forecast
