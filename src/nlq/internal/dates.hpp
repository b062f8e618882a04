// Calendar arithmetic for the periods a question names (civil dates, ISO-8601 text).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace sagaz::nlq::internal {

struct Civil {
  int y = 0, m = 0, d = 0;
};

int64_t DaysFromCivil(int y, int m, int d);
Civil CivilFromDays(int64_t z);
std::string IsoDate(int y, int m, int d);
std::string IsoFromDays(int64_t days);
// The first day of the month `months` after y-m.
std::string AddMonths(int y, int m, int months);
// Parses "2025-12-31T23:10:53" (or a date) into days and seconds.
std::optional<std::pair<int64_t, int64_t>> ParseIso(const std::string& iso);

// A period the question names: [from, until), either side open when empty.
struct TimeRange {
  std::string from;   // inclusive, ISO
  std::string until;  // exclusive, ISO
  std::vector<size_t> words;
  std::string phrase;
};

}  // namespace sagaz::nlq::internal
