// Request bodies: every JSON body the API parses goes through wire::ParseBody and then one of the
// typed request parsers. No input may crash, hang or throw past them.
#include <cstdint>
#include <string_view>

#include "wire/ask.hpp"
#include "wire/dashboards.hpp"
#include "wire/feedback.hpp"
#include "wire/forecast.hpp"
#include "wire/json.hpp"
#include "wire/platform.hpp"
#include "wire/reports.hpp"
#include "wire/stats.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace sagaz;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto body = wire::ParseBody(text);
  if (!body) return 0;
  (void)wire::Dump(*body);
  (void)wire::ParseAskRequest(*body);
  (void)wire::ParseStatsRequest(*body);
  (void)wire::ParseStatsSpec(*body);
  (void)wire::ParseDescriptionUpdate(*body);
  (void)wire::ParseApiKeyRequest(*body, "fuzz");
  (void)wire::ParseSqlRequest(*body);
  (void)wire::ParseLoginRequest(*body);
  (void)wire::ParseRefreshRequest(*body);
  (void)wire::ParsePasswordChange(*body);
  (void)wire::ParseNewUser(*body);
  (void)wire::ParseUserUpdate(*body);
  (void)wire::ParseEvalCases(text);
  (void)wire::ParseNewQuestion(*body);
  (void)wire::ParseNewDashboard(*body);
  (void)wire::ParseBundle(*body);
  (void)wire::ParseExportRequest(*body);
  (void)wire::ParseCollection(*body, "fuzz");
  (void)wire::ParseDrillRequest(*body);
  (void)wire::ParseReportSpec(*body);
  (void)wire::ParseAlertSpec(*body);
  (void)wire::ParseEmbedTtl(text, 60, 3600);
  (void)wire::ParseRelabel(*body);
  (void)wire::ParseTrainBody(*body);
  (void)wire::ModelVersionFromJson(*body);
  (void)wire::ParseForecastTrainRequest(*body, {});
  (void)wire::ParseForecastPredictRequest(*body);
  (void)wire::ParseForecastCompareRequest(*body);
  // A model's record.json is read back from disk (bilingual warnings, the parameter search).
  if (auto record = wire::ModelRecordFromJson(*body)) (void)wire::ModelRecordToJson(*record);
  return 0;
}
