// The wire format of forecasting: request bodies of /api/v1/forecast/* to typed requests, and
// model records, evaluations and predictions to JSON. The same JSON is the record file stored
// beside each model (record.json), so ModelRecordFromJson reads what ModelRecordToJson wrote.
//
// Train (POST /api/v1/forecast/models): {"dataset", "ticker"?, "horizon"?, "model"?:
// "random_forest" | "gbdt" | "logistic", "dead_zone"?, "window"?: "expanding" | "rolling",
// "min_train"?, "retrain_every"?, "rolling_size"?, "embargo"?, "trees"?, "max_depth"?,
// "learning_rate"?, "threads"?, "activate"?}. Predict (POST /api/v1/forecast/predict):
// {"dataset", "ticker"?, "horizon"?, "model"?}. Dates are "YYYY-MM-DD".
#pragma once

#include "core/error.hpp"
#include "forecast/record.hpp"
#include "wire/json.hpp"

namespace sagaz::wire {

// `defaults` carries the configured parameters a body may override.
Result<forecast::TrainRequest> ParseForecastTrainRequest(
    const Json& body, const forecast::WalkForwardConfig& defaults);
Result<forecast::PredictRequest> ParseForecastPredictRequest(const Json& body);
// Compare (POST /api/v1/forecast/compare): {"models": [id, ...]} or {"dataset", "horizon"?}.
Result<forecast::CompareRequest> ParseForecastCompareRequest(const Json& body);

// The whole record: configuration, data, evaluation with folds, calls and equity curve.
Json ModelRecordToJson(const forecast::ModelRecord& record);
// For lists: everything but the per-day calls, folds and equity curve.
Json ModelSummaryJson(const forecast::ModelRecord& record);
Result<forecast::ModelRecord> ModelRecordFromJson(const Json& json);

Json ToJson(const forecast::ClassMetrics& metrics);
Json ToJson(const forecast::Prediction& prediction);
Json ToJson(const forecast::TrainResult& result);
Json ToJson(const forecast::DataReport& report);
// {"models": [summary + "best_baseline": {"name", "accuracy"}, "margin"], "best", "notes"}.
Json ToJson(const forecast::Comparison& comparison);

}  // namespace sagaz::wire
