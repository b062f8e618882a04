#include "nlq/internal/dates.hpp"

#include <cstdio>

namespace sagaz::nlq::internal {

int64_t DaysFromCivil(int y, int m, int d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

Civil CivilFromDays(int64_t z) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t y = yoe + era * 400;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  const int64_t d = doy - (153 * mp + 2) / 5 + 1;
  const int64_t m = mp + (mp < 10 ? 3 : -9);
  return Civil{static_cast<int>(y + (m <= 2)), static_cast<int>(m), static_cast<int>(d)};
}

std::string IsoDate(int y, int m, int d) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
  return buf;
}

std::string IsoFromDays(int64_t days) {
  Civil c = CivilFromDays(days);
  return IsoDate(c.y, c.m, c.d);
}

std::string AddMonths(int y, int m, int months) {
  int total = y * 12 + (m - 1) + months;
  return IsoDate(total / 12, total % 12 + 1, 1);
}

std::optional<std::pair<int64_t, int64_t>> ParseIso(const std::string& iso) {
  int y, mo, d, h = 0, mi = 0, s = 0;
  if (std::sscanf(iso.c_str(), "%d-%d-%d", &y, &mo, &d) != 3) return std::nullopt;
  if (iso.size() >= 19) std::sscanf(iso.c_str() + 11, "%d:%d:%d", &h, &mi, &s);
  return std::make_pair(DaysFromCivil(y, mo, d), int64_t{h} * 3600 + mi * 60 + s);
}

}  // namespace sagaz::nlq::internal
