#include "jobs/cron.hpp"

#include <date/tz.h>

#include <array>
#include <chrono>
#include <vector>

#include "core/strings.hpp"

namespace sagaz::jobs {
namespace {

using std::chrono::days;
using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::seconds;

struct FieldSpec {
  std::string_view name;
  int min, max;
  const std::array<std::string_view, 12>* names;  // value of names[i] is min + i
};

constexpr std::array<std::string_view, 12> kMonthNames = {"jan", "feb", "mar", "apr", "may", "jun",
                                                          "jul", "aug", "sep", "oct", "nov", "dec"};
constexpr std::array<std::string_view, 12> kDayNames = {"sun", "mon", "tue", "wed",
                                                        "thu", "fri", "sat"};

constexpr FieldSpec kSecond{"second", 0, 59, nullptr};
constexpr FieldSpec kMinute{"minute", 0, 59, nullptr};
constexpr FieldSpec kHour{"hour", 0, 23, nullptr};
constexpr FieldSpec kDay{"day of month", 1, 31, nullptr};
constexpr FieldSpec kMonth{"month", 1, 12, &kMonthNames};
constexpr FieldSpec kWeekday{"day of week", 0, 7, &kDayNames};

// Longest horizon searched for an occurrence: two leap-year cycles.
constexpr int kHorizonDays = 8 * 366;
constexpr size_t kMaxText = 256;

Error FieldError(const FieldSpec& f, std::string_view field, std::string_view why) {
  return Error(ErrorCode::kInvalidArgument,
               "the " + std::string(f.name) + " field '" + std::string(field) +
                   "' is not valid: " + std::string(why) + " (values " + std::to_string(f.min) +
                   "-" + std::to_string(f.max) + (f.names ? " or names" : "") +
                   "; forms *, a, a-b, a,b, */n, a-b/n)")
      .With("field", std::string(f.name));
}

// A value of the field: digits or (months, weekdays) a three-letter name.
std::optional<int> Value(std::string_view text, const FieldSpec& f) {
  if (text.empty() || text.size() > 3) return std::nullopt;
  bool digits = true;
  for (char c : text) digits = digits && c >= '0' && c <= '9';
  if (digits) {
    const int v = *ParseNumber<int>(text);
    if (v < f.min || v > f.max) return std::nullopt;
    return v;
  }
  if (f.names == nullptr) return std::nullopt;
  const std::string lower = ToLower(text);
  for (size_t i = 0; i < f.names->size(); ++i) {
    if (!(*f.names)[i].empty() && (*f.names)[i] == lower) return f.min + static_cast<int>(i);
  }
  return std::nullopt;
}

// Sets the bits of one field; `any` tells whether it begins with "*".
template <size_t N>
Status ParseField(std::string_view field, const FieldSpec& f, std::bitset<N>& bits, bool* any) {
  if (any != nullptr) *any = !field.empty() && field.front() == '*';
  for (auto part : Split(field, ',')) {
    if (part.empty()) return Fail(FieldError(f, field, "an empty list item"));
    std::string_view range = part;
    int step = 1;
    if (const auto slash = part.find('/'); slash != std::string_view::npos) {
      range = part.substr(0, slash);
      const auto step_text = part.substr(slash + 1);
      bool digits = !step_text.empty() && step_text.size() <= 2;
      for (char c : step_text) digits = digits && c >= '0' && c <= '9';
      const int s = digits ? *ParseNumber<int>(step_text) : 0;
      if (s < 1 || s > f.max - f.min + 1) {
        return Fail(
            FieldError(f, field, "the step '" + std::string(step_text) + "' is out of range"));
      }
      step = s;
    }
    int lo = 0, hi = 0;
    if (range == "*") {
      lo = f.min;
      hi = f.max;
    } else if (const auto dash = range.find('-'); dash != std::string_view::npos) {
      const auto a = Value(range.substr(0, dash), f), b = Value(range.substr(dash + 1), f);
      if (!a || !b)
        return Fail(FieldError(f, field, "'" + std::string(range) + "' is not a range"));
      if (*a > *b) {
        return Fail(FieldError(f, field, "the range '" + std::string(range) + "' runs backwards"));
      }
      lo = *a;
      hi = *b;
    } else {
      const auto v = Value(range, f);
      if (!v) return Fail(FieldError(f, field, "'" + std::string(range) + "' is not a value"));
      lo = *v;
      hi = step > 1 || part.find('/') != std::string_view::npos ? f.max : *v;
    }
    for (int v = lo; v <= hi; v += step) {
      // Day of week 7 is Sunday, as 0.
      bits.set(static_cast<size_t>(&f == &kWeekday && v == 7 ? 0 : v));
    }
  }
  return Ok();
}

std::string_view Macro(std::string_view text) {
  struct Entry {
    std::string_view name, expansion;
  };
  static constexpr Entry kMacros[] = {
      {"@yearly", "0 0 1 1 *"}, {"@annually", "0 0 1 1 *"}, {"@monthly", "0 0 1 * *"},
      {"@weekly", "0 0 * * 0"}, {"@daily", "0 0 * * *"},    {"@midnight", "0 0 * * *"},
      {"@hourly", "0 * * * *"},
  };
  for (const auto& m : kMacros) {
    if (IEquals(m.name, text)) return m.expansion;
  }
  return {};
}

const date::time_zone* FindZone(std::string_view name) {
  if (name.empty() || name.size() > 64) return nullptr;
  try {
    return date::locate_zone(name);
  } catch (const std::exception&) {
    return nullptr;
  }
}

// The next set bit at or after `from`, or -1.
template <size_t N>
int NextBit(const std::bitset<N>& bits, unsigned from) {
  for (size_t i = from; i < N; ++i) {
    if (bits.test(i)) return static_cast<int>(i);
  }
  return -1;
}

}  // namespace

Status CheckTimeZone(std::string_view name) {
  if (FindZone(name) == nullptr) {
    return Fail(Error(ErrorCode::kInvalidArgument,
                      "'" + std::string(name) +
                          "' is not a time zone of the tz database (e.g. UTC, America/Sao_Paulo)")
                    .With("time_zone", std::string(name)));
  }
  return Ok();
}

Result<CronExpr> CronExpr::Parse(std::string_view text, std::string_view time_zone,
                                 Options options) {
  if (text.size() > kMaxText) {
    return Fail(ErrorCode::kInvalidArgument, "a cron expression is at most 256 characters");
  }
  CronExpr cron;
  cron.text_ = std::string(Trim(text));
  cron.zone_name_ = time_zone.empty() ? "UTC" : std::string(time_zone);
  cron.zone_ = FindZone(cron.zone_name_);
  if (cron.zone_ == nullptr) SAGAZ_TRY(CheckTimeZone(cron.zone_name_));

  std::string_view body = cron.text_;
  if (!body.empty() && body.front() == '@') {
    body = Macro(body);
    if (body.empty()) {
      return Fail(Error(ErrorCode::kInvalidArgument,
                        "'" + cron.text_ +
                            "' is not a cron macro (@yearly, @monthly, @weekly, @daily, @hourly)"));
    }
  }
  std::vector<std::string_view> fields;
  for (auto f : Split(body, ' ')) {
    for (auto g : Split(f, '\t')) {
      if (!g.empty()) fields.push_back(g);
    }
  }
  const bool with_seconds = options.allow_seconds && fields.size() == 6;
  if (fields.size() != 5 && !with_seconds) {
    return Fail(Error(ErrorCode::kInvalidArgument,
                      "'" + cron.text_ +
                          "' is not a cron expression of five fields (minute hour day-of-month "
                          "month day-of-week)" +
                          (options.allow_seconds ? ", or six with seconds first" : ""))
                    .With("cron", cron.text_));
  }
  size_t i = 0;
  if (with_seconds) {
    SAGAZ_TRY(ParseField(fields[i++], kSecond, cron.seconds_, nullptr));
  } else {
    cron.seconds_.set(0);
  }
  SAGAZ_TRY(ParseField(fields[i++], kMinute, cron.minutes_, nullptr));
  SAGAZ_TRY(ParseField(fields[i++], kHour, cron.hours_, nullptr));
  SAGAZ_TRY(ParseField(fields[i++], kDay, cron.days_, &cron.any_day_));
  SAGAZ_TRY(ParseField(fields[i++], kMonth, cron.months_, nullptr));
  SAGAZ_TRY(ParseField(fields[i++], kWeekday, cron.weekdays_, &cron.any_weekday_));
  // 2000-01-01: a leap year starts the horizon, so 29 February is found.
  if (!cron.Next(946'684'800'000)) {
    return Fail(Error(ErrorCode::kInvalidArgument,
                      "'" + cron.text_ + "' never matches a date (such as 30 February)")
                    .With("cron", cron.text_));
  }
  return cron;
}

bool CronExpr::DayMatches(unsigned day, unsigned weekday) const {
  const bool d = days_.test(day), w = weekdays_.test(weekday);
  if (any_day_ || any_weekday_) return d && w;
  return d || w;
}

std::optional<int64_t> CronExpr::Next(int64_t after_ms) const {
  using Sys = date::sys_seconds;
  using Local = date::local_seconds;
  const Sys after =
      std::chrono::floor<seconds>(date::sys_time<milliseconds>(milliseconds(after_ms)));
  const auto zone = zone_;
  Local l = zone->to_local(after) + seconds(1);
  const Local limit = l + days(kHorizonDays);
  while (l < limit) {
    const auto day = std::chrono::floor<days>(l);
    const date::year_month_day ymd{date::local_days(day)};
    if (!months_.test(static_cast<unsigned>(ymd.month()))) {
      const auto next = date::year_month{ymd.year(), ymd.month()} + date::months(1);
      l = Local(date::local_days(next / 1));
      continue;
    }
    if (!DayMatches(static_cast<unsigned>(ymd.day()),
                    date::weekday(date::local_days(day)).c_encoding())) {
      l = Local(day + days(1));
      continue;
    }
    const date::hh_mm_ss tod(l - day);
    const auto h = static_cast<unsigned>(tod.hours().count());
    const auto m = static_cast<unsigned>(tod.minutes().count());
    const auto s = static_cast<unsigned>(tod.seconds().count());
    const int nh = NextBit(hours_, h);
    if (nh < 0) {
      l = Local(day + days(1));
      continue;
    }
    if (static_cast<unsigned>(nh) != h) {
      l = Local(day + hours(nh));
      continue;
    }
    const int nm = NextBit(minutes_, m);
    if (nm < 0) {
      l = Local(day + hours(h + 1));
      continue;
    }
    if (static_cast<unsigned>(nm) != m) {
      l = Local(day + hours(h) + minutes(nm));
      continue;
    }
    const int ns = NextBit(seconds_, s);
    if (ns < 0) {
      l = Local(day + hours(h) + minutes(m + 1));
      continue;
    }
    if (static_cast<unsigned>(ns) != s) {
      l = Local(day + hours(h) + minutes(m) + seconds(ns));
      continue;
    }
    // A matching local time: its instant, by the zone's rules at that time.
    const auto info = zone->get_info(l);
    Sys at;
    if (info.result == date::local_info::nonexistent) {
      at = info.first.end;  // the clock jumped over it: the end of the jump
    } else {
      at = Sys((l - info.first.offset).time_since_epoch());  // unique, or the first of two
    }
    if (at > after) {
      return std::chrono::duration_cast<milliseconds>(at.time_since_epoch()).count();
    }
    l += seconds(1);
  }
  return std::nullopt;
}

}  // namespace sagaz::jobs
