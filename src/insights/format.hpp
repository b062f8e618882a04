// Numbers and dates written for people in Portuguese (1.234,56) or English (1,234.56).
#pragma once

#include <optional>
#include <string>

namespace sagaz::insights {

enum class Locale { kPtBr, kEn };

// Rounded to `significant` digits when fractional, with thousands separators.
std::string FormatNumber(double value, Locale locale, int significant = 4);
// "12,3%" / "12.3%" from a fraction (0.123).
std::string FormatPercent(double fraction, Locale locale, int decimals = 1);
// "2025-03-05T10:00:00" -> "05/03/2025 10:00" (pt) or "2025-03-05 10:00" (en); dates without time.
std::string FormatTime(const std::string& iso, Locale locale);
// A period start written for its length: month "03/2025" (pt) or "2025-03" (en), quarter "T1 2025"
// / "Q1 2025", year "2025", week "semana de 03/03/2025" / "week of 2025-03-03", day and hour as
// FormatTime. Unknown periods fall back to FormatTime.
std::string FormatPeriod(const std::string& iso, const std::string& period, Locale locale);
// "mês"/"month", "semana"/"week", ... for a period name (hour, day, week, month, quarter, year).
std::string PeriodWord(const std::string& period, Locale locale, bool plural = false);
// The unit of a measure from its description: "Nível da água em metros / water level (m)" -> "m".
std::string UnitFromDescription(const std::string& description);

}  // namespace sagaz::insights
