// A trained model version as stored and shown: what it was trained on, how, and how it did in
// walk-forward evaluation. Plain values; the service (forecast/service.hpp) creates them and the
// wire layer (wire/forecast.hpp) reads and writes them as JSON.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "forecast/search.hpp"
#include "forecast/series.hpp"
#include "forecast/walk_forward.hpp"

namespace sagaz::forecast {

struct ModelRecord {
  std::string id;
  int version = 1;  // 1, 2, ... per dataset, ticker and horizon
  std::string dataset;
  std::string ticker;
  WalkForwardConfig config;  // horizon, dead zone, model kind, parameters, windows
  // With a search budget: how the deployed model's parameters (config.params) were chosen, and
  // their walk-forward validation scores.
  std::optional<SearchResult> search;
  std::vector<std::string> features;
  std::string label;  // "direction of the close-to-close return over h trading days"
  // The data: its range, rows and fingerprint (forecast::Fingerprint), and what cleaning did.
  int32_t data_from = 0, data_to = 0;
  int64_t data_rows = 0;
  std::string data_fingerprint;
  DataReport data_report;
  int64_t training_rows = 0;  // of the deployed model (every usable day)
  std::string code_version;
  std::string created_at;  // ISO-8601 UTC
  double train_ms = 0;     // walk-forward evaluation and final fit
  std::string checksum;    // SHA-256 of the model file, hex
  bool active = false;     // the version predictions use for its dataset, ticker and horizon
  Evaluation evaluation;
};

// One prediction: the direction of the next h days from the latest data, and how much to trust it.
struct Prediction {
  std::string ticker;
  int horizon = 1;
  std::string direction;  // "up" or "down"
  double probability_up = 0.5;
  int32_t as_of = 0;  // the last day of data the features used
  std::string model_id;
  int model_version = 0;
  ModelKind kind = ModelKind::kGbdt;
  // The model's walk-forward figures and its baselines', to read the probability against.
  ClassMetrics walk_forward;
  std::vector<Baseline> baselines;
  bool beats_baselines = false;
  bool leakage_suspected = false;
  std::vector<Notice> warnings;  // the evaluation's, a damaged version skipped, stale data
};

// What the service is asked to do.
struct TrainRequest {
  std::string dataset;
  std::optional<std::string> ticker;  // absent: every ticker of the dataset (or its only series)
  WalkForwardConfig config;           // horizon, model, windows, parameters
  bool activate = true;               // make the new version the one predictions use
  std::string model_id;               // empty: generated; with several tickers, "<id>-<TICKER>"
};

struct TrainResult {
  std::vector<ModelRecord> models;
  std::vector<std::string> skipped;  // "TICKER: why", for tickers that could not be trained
};

struct PredictRequest {
  std::string dataset;
  std::optional<std::string> ticker;  // absent: every ticker with a model (batch)
  std::optional<int> horizon;         // absent: each ticker's shortest horizon with a model
  std::optional<std::string> model;   // a model id instead of the active version
};

struct ModelFilter {
  std::string dataset, ticker;  // empty: any
};

// Which versions to put side by side: named ones, or the active version of every ticker of a
// dataset (optionally of one horizon).
struct CompareRequest {
  std::vector<std::string> models;
  std::string dataset;
  std::optional<int> horizon;
};

// One version in a comparison, read against its own baselines: models of different tickers or
// horizons face different baselines, so the margin over them is what compares.
struct ComparedModel {
  ModelRecord record;
  std::string best_baseline;  // the most accurate baseline (the shuffled-label control aside)
  double best_baseline_accuracy = 0;
  double margin = 0;  // the model's walk-forward accuracy minus that baseline's
};

struct Comparison {
  std::vector<ComparedModel> models;  // in the order asked (by ticker for a dataset)
  std::string best;                   // id of the largest margin among those that beat their
                                      // baselines; empty when none does
  std::vector<Notice> notes;          // what makes the figures less comparable
};

}  // namespace sagaz::forecast
