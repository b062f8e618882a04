// Walk-forward figures and timings of the forecast models on quote files, for bench/forecast/run.
//
//   forecast_compare --dir TMP --out FIGURES.json [--latency-only] FILE.csv...
//
// Each file is ingested as `sagaz ingest` does and read back through the forecast service. For
// every file: walk-forward evaluations (logistic, random forest, boosted trees; horizons 1 and 5;
// 500-day first fit, refit every 250 days) with every baseline; the random forest's final fit time
// and single-row prediction latency (the classifier alone, and the whole Predict path with its
// DuckDB read), and the feature matrix with labels as CSV for scikit-learn (TMP/<ticker>.csv).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

#include "app/app.hpp"
#include "catalog/catalog.hpp"
#include "db/db.hpp"
#include "forecast/features.hpp"
#include "forecast/service.hpp"
#include "forecast/walk_forward.hpp"
#include "ingest/ingest.hpp"

namespace {

using namespace sagaz;
using nlohmann::json;

double Ms(std::chrono::steady_clock::duration d) {
  return std::chrono::duration<double, std::milli>(d).count();
}

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[v.size() / 2];
}

double Percentile(std::vector<double> v, double q) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[std::min(v.size() - 1, static_cast<size_t>(q * v.size()))];
}

bool latency_only = false;  // --latency-only: no walk-forward runs

json MetricsJson(const forecast::ClassMetrics& m) {
  return {{"accuracy", m.accuracy},         {"balanced_accuracy", m.balanced_accuracy},
          {"accuracy_low", m.accuracy_low}, {"accuracy_high", m.accuracy_high},
          {"auc", m.auc.value_or(0.5)},     {"n", m.n}};
}

Result<json> Measure(App& app, const std::filesystem::path& file,
                     const std::filesystem::path& dir) {
  ingest::Request req;
  req.path = file;
  req.mode = ingest::Mode::kReplace;
  const auto report = SAGAZ_TRY(app.ingestor().Run(req));
  auto& svc = app.forecast();
  const auto loaded = SAGAZ_TRY(svc.LoadSeries(report.dataset, std::nullopt));
  const auto& s = loaded.series;
  const auto features = forecast::ComputeFeatures(s);
  json out = {{"ticker", s.ticker},
              {"days", s.size()},
              {"from", forecast::FormatDay(s.day.front())},
              {"to", forecast::FormatDay(s.day.back())}};
  for (int h : {1, 5}) {
    if (latency_only) break;
    const auto labels = forecast::MakeLabels(s, h);
    for (auto kind : {forecast::ModelKind::kLogistic, forecast::ModelKind::kRandomForest,
                      forecast::ModelKind::kGbdt}) {
      auto config = svc.DefaultConfig();
      config.horizon = h;
      config.kind = kind;
      config.params.threads = 2;
      const auto t0 = std::chrono::steady_clock::now();
      const auto ev = SAGAZ_TRY(forecast::WalkForward(s, features, labels, config));
      json row = {{"horizon", h},
                  {"model", std::string(forecast::ToString(kind))},
                  {"ms", Ms(std::chrono::steady_clock::now() - t0)},
                  {"folds", ev.folds.size()},
                  {"metrics", MetricsJson(ev.model)},
                  {"beats_baselines", ev.beats_baselines},
                  {"leakage_suspected", ev.leakage_suspected}};
      for (const auto& b : ev.baselines) row["baselines"][b.name] = MetricsJson(b.metrics);
      out["walk_forward"].push_back(std::move(row));
    }
  }

  // Training and prediction times of the deployed random forest (200 trees, depth 6).
  const auto labels = forecast::MakeLabels(s, 1);
  const auto rows = forecast::UsableRows(features, labels);
  for (int threads : {1}) {  // models train on one thread (xgb.cpp)
    auto config = svc.DefaultConfig();
    config.kind = forecast::ModelKind::kRandomForest;
    config.params.threads = threads;
    std::vector<double> fit_ms;
    std::unique_ptr<forecast::Classifier> model;
    for (int rep = 0; rep < 5; ++rep) {
      const auto t0 = std::chrono::steady_clock::now();
      model = SAGAZ_TRY(forecast::FitFinal(features, labels, config));
      fit_ms.push_back(Ms(std::chrono::steady_clock::now() - t0));
    }
    out["rf_fit_ms"][std::to_string(threads)] = Median(fit_ms);
    if (threads == 1) {
      const size_t last = features.rows - 1;
      const forecast::MatrixView one{&features.values[last * features.cols()], 1, features.cols()};
      std::vector<double> predict_us;
      for (int rep = 0; rep < 2000; ++rep) {
        const auto t0 = std::chrono::steady_clock::now();
        (void)SAGAZ_TRY(model->PredictProba(one));
        predict_us.push_back(Ms(std::chrono::steady_clock::now() - t0) * 1000);
      }
      out["rf_predict_us_p50"] = Median(predict_us);
    }
  }
  out["rows"] = rows.size();
  out["features"] = features.cols();

  // The whole prediction path: the service reads the series from DuckDB, computes features and
  // calls the loaded model.
  forecast::TrainRequest train;
  train.dataset = report.dataset;
  train.config = svc.DefaultConfig();
  train.config.kind = forecast::ModelKind::kRandomForest;
  train.config.shuffled_control = false;
  train.config.permutation_importance = false;
  SAGAZ_TRY(svc.Train(train, {}));
  // Cold: the first prediction after the data changed (series read, features computed); warm: the
  // next ones, which reuse the latest day's features of this data version and the loaded model.
  std::vector<double> cold_us, service_us;
  for (int rep = 0; rep < 5; ++rep) {
    {
      auto conn = SAGAZ_TRY(app.pool().Acquire());
      auto tx = SAGAZ_TRY(db::Transaction::Begin(*conn));
      SAGAZ_TRY(app.catalog().Touch(*conn, report.dataset));
      SAGAZ_TRY(tx.Commit());
    }
    const auto t0 = std::chrono::steady_clock::now();
    (void)SAGAZ_TRY(svc.Predict({.dataset = report.dataset}));
    cold_us.push_back(Ms(std::chrono::steady_clock::now() - t0) * 1000);
  }
  for (int rep = 0; rep < 2000; ++rep) {
    const auto t0 = std::chrono::steady_clock::now();
    (void)SAGAZ_TRY(svc.Predict({.dataset = report.dataset}));
    service_us.push_back(Ms(std::chrono::steady_clock::now() - t0) * 1000);
  }
  out["service_predict_us_p50"] = Median(service_us);
  out["service_predict_us_p95"] = Percentile(service_us, 0.95);
  out["service_predict_cold_us_p50"] = Median(cold_us);

  // The same feature matrix for scikit-learn.
  std::ofstream csv(dir / (s.ticker + ".csv"));
  for (const auto& n : features.names) csv << n << ",";
  csv << "label\n";
  char buf[32];
  for (size_t r : rows) {
    for (size_t c = 0; c < features.cols(); ++c) {
      std::snprintf(buf, sizeof buf, "%.17g,", features.at(r, c));
      csv << buf;
    }
    csv << static_cast<int>(labels.direction[r]) << "\n";
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  std::filesystem::path dir = "/tmp/forecast-bench", out_path;
  std::vector<std::filesystem::path> files;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--dir" && i + 1 < argc) {
      dir = argv[++i];
    } else if (a == "--latency-only") {
      latency_only = true;
    } else if (a == "--out" && i + 1 < argc) {
      out_path = argv[++i];
    } else {
      files.emplace_back(a);
    }
  }
  std::filesystem::create_directories(dir);
  Config config;
  config.data.dir = (dir / "data").string();
  config.log.file = "";
  auto app = App::Open(config);
  if (!app) {
    std::cerr << app.error().ToText() << "\n";
    return 1;
  }
  json all = json::array();
  for (const auto& f : files) {
    std::cerr << "forecast: " << f.filename().string() << "\n";
    auto r = Measure(**app, f, dir);
    if (!r) {
      std::cerr << f << ": " << r.error().ToText() << "\n";
      return 1;
    }
    all.push_back(std::move(*r));
  }
  std::ofstream(out_path) << all.dump(1);
  return 0;
}
