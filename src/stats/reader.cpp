#include "stats/reader.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <string>
#include <type_traits>

namespace sagaz::stats {
namespace {

double Pow10(int n) {
  double r = 1;
  while (n-- > 0) r *= 10;
  return r;
}

// Appends `count` converted values of a vector to a column (one loop over the chunk).
template <class From, class To>
void AppendConverted(NumericColumn& col, const db::VectorView& v, double divide = 1) {
  const auto data = v.Data<From>();
  auto* out = static_cast<To*>(col.PrepareAppend(v.size()));
  if (divide == 1) {
    for (size_t i = 0; i < data.size(); ++i) out[i] = static_cast<To>(data[i]);
  } else {
    for (size_t i = 0; i < data.size(); ++i) out[i] = static_cast<To>(data[i]) / divide;
  }
  col.CommitAppend(v.size(), v.validity().bits());
}

// Values of any other numeric type, through DuckDB's value conversion (HUGEINT, UBIGINT,
// DECIMAL(38)): slower, and only for those rare types.
void AppendGeneric(NumericColumn& col, const db::VectorView& v) {
  for (size_t i = 0; i < v.size(); ++i) {
    if (!v.validity().IsValid(i)) {
      col.AppendNull();
      continue;
    }
    const db::Value value = v.GetValue(i);
    if (const auto* d = std::get_if<double>(&value)) {
      col.AppendValue(*d);
    } else if (const auto* s = std::get_if<int64_t>(&value)) {
      col.AppendValue(static_cast<double>(*s));
    } else if (const auto* u = std::get_if<uint64_t>(&value)) {
      col.AppendValue(static_cast<double>(*u));
    } else if (const auto* text = std::get_if<std::string>(&value)) {
      col.AppendValue(std::strtod(text->c_str(), nullptr));
    } else {
      col.AppendNull();
    }
  }
}

// Appends the group ids of a chunk of integer keys (NULL rows are the NULL key) to `ids`, a chunk
// at a time; `added(key, valid)` is called for each key seen for the first time, in id order.
template <class T, class Added>
void AppendIntKeys(Grouper& grouper, const db::VectorView& v, std::vector<uint32_t>& ids,
                   Added&& added) {
  const auto data = v.Data<T>();
  const uint64_t* valid = v.validity().bits();
  const size_t start = ids.size(), known = grouper.size();
  ids.resize(start + data.size());
  uint32_t* out = ids.data() + start;
  if constexpr (std::is_same_v<T, int64_t>) {
    grouper.AddInts(data.data(), data.size(), valid, out);
  } else {
    const std::vector<int64_t> wide(data.begin(), data.end());
    grouper.AddInts(wide.data(), wide.size(), valid, out);
  }
  uint32_t next = static_cast<uint32_t>(known);
  for (size_t i = 0; i < data.size() && next < grouper.size(); ++i) {
    if (out[i] != next) continue;
    added(data[i], !valid || (valid[i >> 6] >> (i & 63)) & 1);
    ++next;
  }
}

}  // namespace

bool IsTimeType(const db::LogicalType& t) {
  using db::TypeId;
  switch (t.id) {
    case TypeId::kDate:
    case TypeId::kTime:
    case TypeId::kTimestamp:
    case TypeId::kTimestampS:
    case TypeId::kTimestampMs:
    case TypeId::kTimestampNs:
    case TypeId::kTimestampTz:
      return true;
    default:
      return false;
  }
}

// The column type a DuckDB type is read into: exact where the kernels can be (int32, int64, float,
// double), DECIMAL and the very wide or unsigned 64-bit integers as double.
NumericType StorageFor(const db::LogicalType& t) {
  using db::TypeId;
  switch (t.id) {
    case TypeId::kTinyInt:
    case TypeId::kSmallInt:
    case TypeId::kInteger:
    case TypeId::kUTinyInt:
    case TypeId::kUSmallInt:
      return NumericType::kInt32;
    case TypeId::kBigInt:
    case TypeId::kUInteger:
      return NumericType::kInt64;
    case TypeId::kFloat:
      return NumericType::kFloat32;
    default:
      return NumericType::kFloat64;
  }
}

void AppendNumeric(NumericColumn& col, const db::VectorView& v) {
  using db::TypeId;
  const auto& t = v.type();
  switch (t.id) {
    case TypeId::kDouble:
      return col.Append(v.Data<double>().data(), v.size(), v.validity().bits());
    case TypeId::kFloat:
      return col.Append(v.Data<float>().data(), v.size(), v.validity().bits());
    case TypeId::kInteger:
      return col.Append(v.Data<int32_t>().data(), v.size(), v.validity().bits());
    case TypeId::kBigInt:
      return col.Append(v.Data<int64_t>().data(), v.size(), v.validity().bits());
    case TypeId::kTinyInt:
      return AppendConverted<int8_t, int32_t>(col, v);
    case TypeId::kSmallInt:
      return AppendConverted<int16_t, int32_t>(col, v);
    case TypeId::kUTinyInt:
      return AppendConverted<uint8_t, int32_t>(col, v);
    case TypeId::kUSmallInt:
      return AppendConverted<uint16_t, int32_t>(col, v);
    case TypeId::kUInteger:
      return AppendConverted<uint32_t, int64_t>(col, v);
    case TypeId::kDecimal: {
      const double divide = Pow10(t.scale);  // as DuckDB's own CAST(DECIMAL AS DOUBLE)
      switch (t.storage) {
        case TypeId::kSmallInt:
          return AppendConverted<int16_t, double>(col, v, divide);
        case TypeId::kInteger:
          return AppendConverted<int32_t, double>(col, v, divide);
        case TypeId::kBigInt:
          return AppendConverted<int64_t, double>(col, v, divide);
        default:
          return AppendGeneric(col, v);
      }
    }
    default:
      return AppendGeneric(col, v);
  }
}

// Dates and timestamps as days since 1970-01-01 (a double), so trends have a slope per day.
void AppendTime(NumericColumn& col, const db::VectorView& v) {
  using db::TypeId;
  switch (v.type().id) {
    case TypeId::kDate:
      return AppendConverted<int32_t, double>(col, v);
    case TypeId::kTimestampS:
      return AppendConverted<int64_t, double>(col, v, 86400.0);
    case TypeId::kTimestampMs:
      return AppendConverted<int64_t, double>(col, v, 86400e3);
    case TypeId::kTimestampNs:
      return AppendConverted<int64_t, double>(col, v, 86400e9);
    default:  // TIMESTAMP, TIMESTAMP WITH TIME ZONE, TIME: microseconds
      return AppendConverted<int64_t, double>(col, v, 86400e6);
  }
}

template <class T>
void InstantColumn::AddRaw(const db::VectorView& v, int64_t per_day) {
  per_day_ = per_day;
  AppendIntKeys<T>(grouper_, v, instant_of_row_, [&](T key, bool valid) {
    days_.push_back(
        valid ? std::optional<double>(static_cast<double>(key) / static_cast<double>(per_day))
              : std::nullopt);
    raw_.push_back(valid ? static_cast<int64_t>(key) : 0);
  });
}

void InstantColumn::Add(const db::VectorView& v) {
  using db::TypeId;
  const TypeId id = v.type().id;
  civil_ = id == TypeId::kDate || id == TypeId::kTimestamp || id == TypeId::kTimestampS ||
           id == TypeId::kTimestampMs || id == TypeId::kTimestampNs;
  switch (id) {
    case TypeId::kDate:
      return AddRaw<int32_t>(v, 1);
    case TypeId::kTimestampS:
      return AddRaw<int64_t>(v, 86400);
    case TypeId::kTimestampMs:
      return AddRaw<int64_t>(v, 86'400'000);
    case TypeId::kTimestampNs:
      return AddRaw<int64_t>(v, 86'400'000'000'000);
    default:  // TIMESTAMP, TIMESTAMP WITH TIME ZONE, TIME: microseconds
      return AddRaw<int64_t>(v, 86'400'000'000);
  }
}

double NextPeriodStart(Period period, double start_days) {
  namespace cr = std::chrono;
  if (period == Period::kHour) return start_days + 1.0 / 24;
  const cr::sys_days day{cr::days{static_cast<int64_t>(std::floor(start_days))}};
  const cr::year_month_day ymd{day};
  switch (period) {
    case Period::kDay:
      return start_days + 1;
    case Period::kWeek:
      return start_days + 7;
    case Period::kMonth:
      return static_cast<double>(cr::sys_days{ymd + cr::months{1}}.time_since_epoch().count());
    case Period::kQuarter:
      return static_cast<double>(cr::sys_days{ymd + cr::months{3}}.time_since_epoch().count());
    case Period::kYear:
      return static_cast<double>(cr::sys_days{ymd + cr::years{1}}.time_since_epoch().count());
    case Period::kHour:
      break;
  }
  return start_days;
}

PartialEnds FindPartialEnds(Period period, double first_start, double last_start, double data_min,
                            double data_max, double resolution) {
  PartialEnds out;
  // Half a step of slack: readings every 15 minutes from 00:05 still cover their day.
  const double slack = std::max(resolution, 1e-9) * 0.5;
  out.first = data_min - first_start > slack;
  // The last instant may sit one step before the period's end (the last day of a month).
  out.last = NextPeriodStart(period, last_start) - data_max > resolution + slack;
  return out;
}

InstantColumn::Periods InstantColumn::GroupBy(Period period) const {
  namespace cr = std::chrono;
  auto floor_div = [](int64_t a, int64_t b) {
    return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
  };
  Periods out;
  out.of_instant.resize(days_.size());
  Grouper starts;  // period starts (in raw units) to dense ids
  for (size_t i = 0; i < days_.size(); ++i) {
    if (!days_[i]) {
      out.of_instant[i] = starts.AddNull();
      if (out.of_instant[i] == out.start_days.size()) out.start_days.emplace_back();
      continue;
    }
    const int64_t raw = raw_[i];
    int64_t start;
    if (period == Period::kHour) {
      const int64_t per_hour = std::max<int64_t>(per_day_ / 24, 1);
      start = floor_div(raw, per_hour) * per_hour;
    } else {
      const cr::sys_days day{cr::days{floor_div(raw, per_day_)}};
      cr::sys_days first = day;
      const cr::year_month_day ymd{day};
      switch (period) {
        case Period::kWeek:
          first = day - (cr::weekday{day} - cr::Monday);
          break;
        case Period::kMonth:
          first = cr::sys_days{ymd.year() / ymd.month() / 1};
          break;
        case Period::kQuarter: {
          const unsigned m = (static_cast<unsigned>(ymd.month()) - 1) / 3 * 3 + 1;
          first = cr::sys_days{ymd.year() / cr::month{m} / 1};
          break;
        }
        case Period::kYear:
          first = cr::sys_days{ymd.year() / cr::January / 1};
          break;
        default:
          break;
      }
      start = static_cast<int64_t>(first.time_since_epoch().count()) * per_day_;
    }
    out.of_instant[i] = starts.AddInt(start);
    if (out.of_instant[i] == out.start_days.size()) {
      out.start_days.emplace_back(static_cast<double>(start) / static_cast<double>(per_day_));
    }
  }
  return out;
}

template <class T>
void KeyColumn::AddInts(const db::VectorView& v) {
  AppendIntKeys<T>(grouper_, v, group_of_row_, [&](T key, bool valid) {
    values_.push_back(valid ? db::Value(static_cast<int64_t>(key)) : db::Value());
  });
}

void KeyColumn::Add(const db::VectorView& v) {
  using db::TypeId;
  switch (v.type().id) {
    case TypeId::kTinyInt:
      return AddInts<int8_t>(v);
    case TypeId::kSmallInt:
      return AddInts<int16_t>(v);
    case TypeId::kInteger:
      return AddInts<int32_t>(v);
    case TypeId::kBigInt:
      return AddInts<int64_t>(v);
    case TypeId::kUTinyInt:
      return AddInts<uint8_t>(v);
    case TypeId::kUSmallInt:
      return AddInts<uint16_t>(v);
    case TypeId::kUInteger:
      return AddInts<uint32_t>(v);
    default:
      break;
  }
  const auto valid = v.validity();
  if (v.type().id == TypeId::kVarchar) {
    std::vector<std::string_view> text(v.size());
    v.GetStrings(text);
    const size_t start = group_of_row_.size();
    group_of_row_.resize(start + text.size());
    uint32_t* ids = group_of_row_.data() + start;
    grouper_.AddStrings(text.data(), text.size(), valid.bits(), ids);
    for (size_t i = 0; i < text.size() && values_.size() < grouper_.size(); ++i) {
      if (ids[i] != values_.size()) continue;
      values_.push_back(valid.IsValid(i) ? db::Value(std::string(text[i])) : db::Value());
    }
    return;
  }
  for (size_t i = 0; i < v.size(); ++i) {
    uint32_t id;
    if (!valid.IsValid(i)) {
      id = grouper_.AddNull();
      if (id == values_.size()) values_.emplace_back();
    } else {
      // Any other type: its value, compared through its canonical text.
      db::Value value = v.GetValue(i);
      std::string key;
      if (const auto* s = std::get_if<std::string>(&value)) {
        key = *s;
      } else if (const auto* d = std::get_if<double>(&value)) {
        key = std::to_string(*d);
      } else if (const auto* n = std::get_if<int64_t>(&value)) {
        key = std::to_string(*n);
      } else if (const auto* u = std::get_if<uint64_t>(&value)) {
        key = std::to_string(*u);
      } else if (const auto* b = std::get_if<bool>(&value)) {
        key = *b ? "true" : "false";
      }
      id = grouper_.AddString(key);
      if (id == values_.size()) values_.push_back(std::move(value));
    }
    group_of_row_.push_back(id);
  }
}

}  // namespace sagaz::stats
