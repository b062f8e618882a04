#include "stats/reader.hpp"

#include <cstdlib>
#include <string>

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
void KeyColumn::AddInts(const db::VectorView& v) {
  const auto data = v.Data<T>();
  const auto valid = v.validity();
  for (size_t i = 0; i < v.size(); ++i) {
    const bool ok = valid.IsValid(i);
    const uint32_t id = ok ? grouper_.AddInt(static_cast<int64_t>(data[i])) : grouper_.AddNull();
    if (id == values_.size()) {
      values_.push_back(ok ? db::Value(static_cast<int64_t>(data[i])) : db::Value());
    }
    group_of_row_.push_back(id);
  }
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
  const bool text = v.type().id == TypeId::kVarchar;
  for (size_t i = 0; i < v.size(); ++i) {
    uint32_t id;
    if (!valid.IsValid(i)) {
      id = grouper_.AddNull();
      if (id == values_.size()) values_.emplace_back();
    } else if (text) {
      const std::string_view s = v.GetString(i);
      id = grouper_.AddString(s);
      if (id == values_.size()) values_.emplace_back(std::string(s));
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
