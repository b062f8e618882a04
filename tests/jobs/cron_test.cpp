// Cron expressions: fields, names, steps, month ends, 29 February, both day fields, time zones
// and daylight saving time. Cases are data: tests/data/jobs/cron_cases.tsv.
#include "jobs/cron.hpp"

#include <gtest/gtest.h>

#include <ctime>
#include <fstream>
#include <string>

#include "core/strings.hpp"

namespace sagaz::jobs {
namespace {

int64_t Ms(const std::string& iso) {
  std::tm tm{};
  EXPECT_NE(strptime(iso.c_str(), "%Y-%m-%dT%H:%M:%SZ", &tm), nullptr) << iso;
  return static_cast<int64_t>(timegm(&tm)) * 1000;
}

std::string Iso(int64_t ms) {
  const std::time_t t = ms / 1000;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

TEST(CronTest, CasesFromTheTable) {
  std::ifstream in(std::string(SAGAZ_TEST_DATA_DIR) + "/jobs/cron_cases.tsv");
  ASSERT_TRUE(in);
  std::string line;
  int cases = 0;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    const auto f = Split(line, '\t');
    ASSERT_GE(f.size(), 5u) << line;
    SCOPED_TRACE(line);
    auto cron = CronExpr::Parse(f[0], f[1]);
    ++cases;
    if (f[3] == "error") {
      EXPECT_FALSE(cron) << "parsed " << f[0];
      if (!cron) EXPECT_FALSE(cron.error().message.empty());
      continue;
    }
    ASSERT_TRUE(cron) << cron.error().ToText();
    const auto next = cron->Next(Ms(std::string(f[2])));
    ASSERT_TRUE(next);
    EXPECT_EQ(Iso(*next), f[3]) << f[4];
  }
  EXPECT_GE(cases, 30);
}

TEST(CronTest, SecondsOnlyWhenAllowed) {
  auto cron = CronExpr::Parse("*/20 * * * * *", "UTC", {.allow_seconds = true});
  ASSERT_TRUE(cron) << cron.error().ToText();
  const int64_t t = Ms("2026-06-01T10:00:00Z");
  EXPECT_EQ(cron->Next(t + 500), t + 20'000);
  EXPECT_EQ(cron->Next(t + 40'000), t + 60'000);
  // Five fields still mean minutes with seconds allowed.
  auto minutes = CronExpr::Parse("* * * * *", "UTC", {.allow_seconds = true});
  ASSERT_TRUE(minutes);
  EXPECT_EQ(minutes->Next(t), t + 60'000);
}

TEST(CronTest, EveryOccurrenceOfAYearIsIncreasingAndMatches) {
  auto cron = CronExpr::Parse("0 */6 * * *", "America/New_York");
  ASSERT_TRUE(cron);
  const int64_t end = Ms("2027-01-01T00:00:00Z");
  int64_t at = Ms("2026-01-01T00:00:00Z");
  int count = 0;
  for (;;) {
    const auto next = cron->Next(at);
    ASSERT_TRUE(next);
    ASSERT_GT(*next, at);
    if (*next >= end) break;
    at = *next;
    ++count;
  }
  // Four a day; the DST days neither add nor lose one (00, 06, 12, 18 are never in a gap).
  EXPECT_EQ(count, 365 * 4);
}

TEST(CronTest, ErrorsNameTheField) {
  auto bad = CronExpr::Parse("0 25 * * *");
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("hour"), std::string::npos) << bad.error().message;
  auto zone = CronExpr::Parse("* * * * *", "Nowhere/City");
  ASSERT_FALSE(zone);
  EXPECT_NE(zone.error().message.find("Nowhere/City"), std::string::npos);
  EXPECT_TRUE(CheckTimeZone("America/Sao_Paulo"));
  EXPECT_FALSE(CheckTimeZone(""));
}

}  // namespace
}  // namespace sagaz::jobs
