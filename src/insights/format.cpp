#include "insights/format.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace sagaz::insights {

std::string FormatNumber(double value, Locale locale, int significant) {
  if (std::isnan(value)) return "—";
  if (std::isinf(value)) return value > 0 ? "∞" : "-∞";
  const char thousands = locale == Locale::kPtBr ? '.' : ',';
  const char decimal = locale == Locale::kPtBr ? ',' : '.';
  const double magnitude = std::abs(value);
  int decimals = 0;
  if (magnitude != std::floor(magnitude) || magnitude < 1) {
    const int digits = magnitude >= 1 ? static_cast<int>(std::floor(std::log10(magnitude))) + 1 : 0;
    decimals = std::clamp(significant - digits, 0, 6);
    if (magnitude > 0 && magnitude < 1) {
      decimals =
          std::clamp(significant - 1 - static_cast<int>(std::floor(std::log10(magnitude))), 0, 10);
    }
  }
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, magnitude);
  std::string raw = buf;
  // Trim trailing zeros of the fraction.
  if (raw.find('.') != std::string::npos) {
    while (raw.back() == '0') raw.pop_back();
    if (raw.back() == '.') raw.pop_back();
  }
  const auto dot = raw.find('.');
  std::string integer = raw.substr(0, dot);
  std::string fraction = dot == std::string::npos ? "" : raw.substr(dot + 1);
  std::string out;
  for (size_t i = 0; i < integer.size(); ++i) {
    if (i && (integer.size() - i) % 3 == 0) out += thousands;
    out += integer[i];
  }
  if (!fraction.empty()) out += decimal + fraction;
  return (value < 0 && out != "0" ? "-" : "") + out;
}

std::string FormatPercent(double fraction, Locale locale, int decimals) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, fraction * 100);
  std::string s = buf;
  if (locale == Locale::kPtBr) {
    for (auto& c : s) {
      if (c == '.') c = ',';
    }
  }
  return s + "%";
}

std::string FormatTime(const std::string& iso, Locale locale) {
  int y, m, d, h = 0, mi = 0;
  if (std::sscanf(iso.c_str(), "%d-%d-%d", &y, &m, &d) != 3) return iso;
  const bool has_time = iso.size() >= 16 && std::sscanf(iso.c_str() + 11, "%d:%d", &h, &mi) == 2;
  char buf[40];
  if (locale == Locale::kPtBr) {
    if (has_time && (h || mi))
      std::snprintf(buf, sizeof buf, "%02d/%02d/%04d %02d:%02d", d, m, y, h, mi);
    else
      std::snprintf(buf, sizeof buf, "%02d/%02d/%04d", d, m, y);
  } else {
    if (has_time && (h || mi))
      std::snprintf(buf, sizeof buf, "%04d-%02d-%02d %02d:%02d", y, m, d, h, mi);
    else
      std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
  }
  return buf;
}

std::string FormatPeriod(const std::string& iso, const std::string& period, Locale locale) {
  int y, m, d;
  if (std::sscanf(iso.c_str(), "%d-%d-%d", &y, &m, &d) != 3) return iso;
  const bool pt = locale == Locale::kPtBr;
  char buf[48];
  if (period == "month") {
    if (pt)
      std::snprintf(buf, sizeof buf, "%02d/%04d", m, y);
    else
      std::snprintf(buf, sizeof buf, "%04d-%02d", y, m);
  } else if (period == "quarter") {
    std::snprintf(buf, sizeof buf, "%s%d %04d", pt ? "T" : "Q", (m - 1) / 3 + 1, y);
  } else if (period == "year") {
    std::snprintf(buf, sizeof buf, "%04d", y);
  } else if (period == "week") {
    return (pt ? "semana de " : "week of ") + FormatTime(iso.substr(0, 10), locale);
  } else {
    return FormatTime(iso, locale);
  }
  return buf;
}

std::string PeriodWord(const std::string& period, Locale locale, bool plural) {
  const bool pt = locale == Locale::kPtBr;
  struct Words {
    const char* name;
    const char *pt, *pt_plural, *en;
  };
  static const Words kWords[] = {{"hour", "hora", "horas", "hour"},
                                 {"day", "dia", "dias", "day"},
                                 {"week", "semana", "semanas", "week"},
                                 {"month", "mês", "meses", "month"},
                                 {"quarter", "trimestre", "trimestres", "quarter"},
                                 {"year", "ano", "anos", "year"}};
  for (const auto& w : kWords) {
    if (period == w.name)
      return pt ? (plural ? w.pt_plural : w.pt) : std::string(w.en) + (plural ? "s" : "");
  }
  return pt ? (plural ? "períodos" : "período") : (plural ? "periods" : "period");
}

std::string UnitFromDescription(const std::string& description) {
  // The last "(...)" that is short: "(m)", "(°C)", "(%)", "(hPa)".
  const auto close = description.rfind(')');
  if (close == std::string::npos) return {};
  const auto open = description.rfind('(', close);
  if (open == std::string::npos || close - open - 1 > 6 || close == open + 1) return {};
  std::string unit = description.substr(open + 1, close - open - 1);
  for (char c : unit) {
    if (c == ' ' || c == ',') return {};
  }
  return unit;
}

}  // namespace sagaz::insights
