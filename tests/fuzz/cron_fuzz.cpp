// Cron expressions of schedules: any bytes (first line the expression, second the time zone) are
// parsed with and without seconds; a parsed expression's next occurrences must keep increasing.
// An expression may be refused with an error, never crash or hang. Seeds: the unit test's table.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "jobs/cron.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 1024) return 0;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  std::string_view zone = "UTC";
  if (const auto nl = text.find('\n'); nl != std::string_view::npos) {
    zone = text.substr(nl + 1);
    text = text.substr(0, nl);
  }
  for (const bool seconds : {false, true}) {
    auto cron = sagaz::jobs::CronExpr::Parse(text, zone, {.allow_seconds = seconds});
    if (!cron) continue;
    // 2026-03-08T06:00:00Z: a DST change in America/New_York.
    int64_t at = 1'772'949'600'000;
    for (int i = 0; i < 8; ++i) {
      const auto next = cron->Next(at);
      if (!next) break;
      if (*next <= at) std::abort();
      at = *next;
    }
  }
  return 0;
}
