// Cron expressions of schedules, evaluated in a time zone.
//
//   auto cron = SAGAZ_TRY(jobs::CronExpr::Parse("30 6 * * MON-FRI", "America/Sao_Paulo"));
//   std::optional<int64_t> next = cron.Next(NowMs());  // ms since the epoch, UTC
//
// Five fields, minute hour day-of-month month day-of-week, each "*", a number, a name (JAN-DEC,
// SUN-SAT, any case), a range "a-b", a list "a,b,c" and steps "*/n", "a-b/n", "a/n" (a to the
// end); day-of-week 0 and 7 are Sunday. Macros: @yearly (@annually), @monthly, @weekly, @daily
// (@midnight), @hourly. With Options::allow_seconds a sixth field of seconds may lead the five
// (for tests and demos: `jobs.schedule_seconds`).
//
// As in Vixie cron, when both day fields are restricted (neither begins with "*") a day matches
// either of them; otherwise both must match.
//
// Daylight saving time: a local time that does not exist (the clock jumps over it) runs at the
// instant the jump ends, once however many such times the expression names; a local time that
// happens twice (the clock falls back) runs once, the first time.
//
// Hand-written: no cron library is packaged by Debian; the time zone rules are Howard Hinnant's
// date library (Debian libhowardhinnant-date-dev) over the system's tz database.
//
// Immutable once parsed: safe to share between threads.
#pragma once

#include <bitset>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.hpp"

namespace date {
class time_zone;
}

namespace sagaz::jobs {

struct CronOptions {
  bool allow_seconds = false;  // accept a leading seconds field (six fields)
};

class CronExpr {
 public:
  using Options = CronOptions;

  // Errors (kInvalidArgument) name the field and what it accepts; an unknown time zone is named;
  // an expression that never matches ("0 0 30 2 *") is an error too.
  static Result<CronExpr> Parse(std::string_view text, std::string_view time_zone = "UTC",
                                Options options = {});

  // The first occurrence strictly after `after_ms`, in ms since the epoch (whole seconds), or
  // nullopt when none falls in the following eight years.
  std::optional<int64_t> Next(int64_t after_ms) const;

  const std::string& text() const { return text_; }
  const std::string& time_zone() const { return zone_name_; }

 private:
  CronExpr() = default;
  bool DayMatches(unsigned day, unsigned weekday) const;

  std::string text_;
  std::string zone_name_;
  const date::time_zone* zone_ = nullptr;  // owned by the date library's database
  std::bitset<60> seconds_;
  std::bitset<60> minutes_;
  std::bitset<24> hours_;
  std::bitset<32> days_;     // 1..31
  std::bitset<13> months_;   // 1..12
  std::bitset<7> weekdays_;  // 0 (Sunday)..6
  bool any_day_ = false;     // the day-of-month field begins with "*"
  bool any_weekday_ = false;
};

// Whether `name` is a time zone of the tz database ("UTC", "America/Sao_Paulo").
Status CheckTimeZone(std::string_view name);

}  // namespace sagaz::jobs
