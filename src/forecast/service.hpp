// The forecast service: quote series read from datasets, models trained with walk-forward
// evaluation and stored as versions, predictions from the active version.
//
//   forecast::ForecastService svc(pool, catalog, config.DataPath("models/forecast"),
//   config.forecast); auto trained = SAGAZ_TRY(svc.Train({.dataset = "quotes", .ticker = "PETR4"},
//   {})); auto calls = SAGAZ_TRY(svc.Predict({.dataset = "quotes", .ticker = "PETR4"}));
//
// A dataset is a quote history when it has a date column and a close (see FindQuoteColumns for
// the names understood: English, Yahoo's, B3's COTAHIST); a ticker column splits it into series.
// Models live under the models directory, one folder per version with the model file and its
// record (JSON); the file's SHA-256 is checked on every load, and a damaged version is skipped in
// favour of the previous one, with a warning. Training one ticker uses `threads` for XGBoost;
// training several tickers runs them in parallel, `threads` at a time.
//
// Thread-safe: every method may be called from any thread; the store is guarded by a mutex.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/config.hpp"
#include "core/error.hpp"
#include "forecast/record.hpp"

namespace sagaz::db {
class ConnectionPool;
}
namespace sagaz::catalog {
class Catalog;
}

namespace sagaz::forecast {

// Which columns of a dataset hold what; empty when absent.
struct QuoteColumns {
  std::string date, ticker, open, high, low, close, adj_close, volume;
  std::string market, bdi, quote_factor;  // B3 columns: filtered to the cash lot market
};
// Matches column names (case-insensitive): date|dia|data|trade_date|timestamp, ticker|symbol|
// cod_neg|codneg, open|pre_abe, high|pre_max, low|pre_min, close|pre_ult|price, adj_close|
// "adj close", volume|qua_tot. kInvalidArgument naming what is missing.
Result<QuoteColumns> FindQuoteColumns(const std::vector<std::string>& names);

struct LoadedSeries {
  Series series;
  DataReport report;
};

// Called with the fraction done and what is happening; returning false cancels.
using TrainProgress = std::function<bool(double fraction, const std::string& message)>;

class ForecastService {
 public:
  ForecastService(db::ConnectionPool& pool, catalog::Catalog& catalog,
                  std::filesystem::path models_dir, ForecastConfig config);
  ~ForecastService();
  ForecastService(const ForecastService&) = delete;
  ForecastService& operator=(const ForecastService&) = delete;

  // The defaults of a training run from the configuration (forecast.* keys).
  WalkForwardConfig DefaultConfig() const;

  // One ticker's series, cleaned, with what cleaning did.
  Result<LoadedSeries> LoadSeries(const std::string& dataset,
                                  const std::optional<std::string>& ticker);
  // The tickers of a dataset (empty when it has no ticker column).
  Result<std::vector<std::string>> Tickers(const std::string& dataset);

  // Evaluates walk-forward, fits the deployed model on all usable days and stores the version.
  Result<TrainResult> Train(const TrainRequest& request, const TrainProgress& progress);

  Result<std::vector<ModelRecord>> List(const ModelFilter& filter);
  Result<ModelRecord> Get(const std::string& id);
  // Makes `id` the version predictions use for its dataset, ticker and horizon (also a rollback).
  Result<ModelRecord> Activate(const std::string& id);
  Status Delete(const std::string& id);

  Result<std::vector<Prediction>> Predict(const PredictRequest& request);

  // Versions side by side with their baselines (2 to 50 named models, or a dataset's active ones).
  Result<Comparison> Compare(const CompareRequest& request);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace sagaz::forecast
