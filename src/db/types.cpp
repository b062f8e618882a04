// Logical types, errors and value formatting.
#include <cinttypes>
#include <cmath>
#include <cstdio>
#include <cstring>

#include "db/internal/duckdb_util.hpp"

namespace sagaz::db {
namespace {

TypeId FromDuckdb(duckdb_type t) {
  switch (t) {
    case DUCKDB_TYPE_BOOLEAN:
      return TypeId::kBoolean;
    case DUCKDB_TYPE_TINYINT:
      return TypeId::kTinyInt;
    case DUCKDB_TYPE_SMALLINT:
      return TypeId::kSmallInt;
    case DUCKDB_TYPE_INTEGER:
      return TypeId::kInteger;
    case DUCKDB_TYPE_BIGINT:
      return TypeId::kBigInt;
    case DUCKDB_TYPE_UTINYINT:
      return TypeId::kUTinyInt;
    case DUCKDB_TYPE_USMALLINT:
      return TypeId::kUSmallInt;
    case DUCKDB_TYPE_UINTEGER:
      return TypeId::kUInteger;
    case DUCKDB_TYPE_UBIGINT:
      return TypeId::kUBigInt;
    case DUCKDB_TYPE_FLOAT:
      return TypeId::kFloat;
    case DUCKDB_TYPE_DOUBLE:
      return TypeId::kDouble;
    case DUCKDB_TYPE_TIMESTAMP:
      return TypeId::kTimestamp;
    case DUCKDB_TYPE_DATE:
      return TypeId::kDate;
    case DUCKDB_TYPE_TIME:
      return TypeId::kTime;
    case DUCKDB_TYPE_INTERVAL:
      return TypeId::kInterval;
    case DUCKDB_TYPE_HUGEINT:
      return TypeId::kHugeInt;
    case DUCKDB_TYPE_UHUGEINT:
      return TypeId::kUHugeInt;
    case DUCKDB_TYPE_VARCHAR:
      return TypeId::kVarchar;
    case DUCKDB_TYPE_BLOB:
      return TypeId::kBlob;
    case DUCKDB_TYPE_DECIMAL:
      return TypeId::kDecimal;
    case DUCKDB_TYPE_TIMESTAMP_S:
      return TypeId::kTimestampS;
    case DUCKDB_TYPE_TIMESTAMP_MS:
      return TypeId::kTimestampMs;
    case DUCKDB_TYPE_TIMESTAMP_NS:
      return TypeId::kTimestampNs;
    case DUCKDB_TYPE_ENUM:
      return TypeId::kEnum;
    case DUCKDB_TYPE_LIST:
      return TypeId::kList;
    case DUCKDB_TYPE_STRUCT:
      return TypeId::kStruct;
    case DUCKDB_TYPE_MAP:
      return TypeId::kMap;
    case DUCKDB_TYPE_ARRAY:
      return TypeId::kArray;
    case DUCKDB_TYPE_UUID:
      return TypeId::kUuid;
    case DUCKDB_TYPE_UNION:
      return TypeId::kUnion;
    case DUCKDB_TYPE_BIT:
      return TypeId::kBit;
    case DUCKDB_TYPE_TIME_TZ:
      return TypeId::kTimeTz;
    case DUCKDB_TYPE_TIMESTAMP_TZ:
      return TypeId::kTimestampTz;
    case DUCKDB_TYPE_BIGNUM:
      return TypeId::kBigNum;
    case DUCKDB_TYPE_SQLNULL:
      return TypeId::kNull;
    default:
      return TypeId::kOther;
  }
}

std::string Pad2(int v) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02d", v);
  return buf;
}

std::string FormatMicrosOfDay(int64_t micros) {
  char buf[32];
  int64_t secs = micros / 1000000;
  int64_t frac = micros % 1000000;
  int n = std::snprintf(buf, sizeof buf, "%02d:%02d:%02d", static_cast<int>(secs / 3600),
                        static_cast<int>(secs / 60 % 60), static_cast<int>(secs % 60));
  if (frac) std::snprintf(buf + n, sizeof buf - n, ".%06" PRId64, frac);
  return buf;
}

std::string FormatHuge(duckdb_hugeint h, bool is_unsigned) {
  // 128-bit to decimal text by repeated division.
  unsigned __int128 v;
  bool negative = false;
  __int128 s = (static_cast<__int128>(h.upper) << 64) | h.lower;
  if (is_unsigned) {
    v = (static_cast<unsigned __int128>(static_cast<uint64_t>(h.upper)) << 64) | h.lower;
  } else if (s < 0) {
    negative = true;
    v = static_cast<unsigned __int128>(-(s + 1)) + 1;
  } else {
    v = static_cast<unsigned __int128>(s);
  }
  std::string digits;
  do {
    digits.push_back(static_cast<char>('0' + static_cast<int>(v % 10)));
    v /= 10;
  } while (v);
  if (negative) digits.push_back('-');
  return {digits.rbegin(), digits.rend()};
}

std::string FormatUuid(duckdb_hugeint h) {
  // DuckDB stores UUIDs with the top bit flipped so they sort as signed integers.
  uint64_t upper = static_cast<uint64_t>(h.upper) ^ (uint64_t{1} << 63);
  char buf[40];
  std::snprintf(buf, sizeof buf,
                "%08" PRIx64 "-%04" PRIx64 "-%04" PRIx64 "-%04" PRIx64 "-%012" PRIx64, upper >> 32,
                (upper >> 16) & 0xFFFF, upper & 0xFFFF, h.lower >> 48,
                static_cast<uint64_t>(h.lower & 0xFFFFFFFFFFFFULL));
  return buf;
}

std::string FormatInterval(duckdb_interval iv) {
  std::string out;
  auto part = [&](int64_t n, const char* unit) {
    if (!n) return;
    if (!out.empty()) out += ' ';
    out += std::to_string(n) + " " + unit + (n == 1 || n == -1 ? "" : "s");
  };
  part(iv.months / 12, "year");
  part(iv.months % 12, "month");
  part(iv.days, "day");
  if (iv.micros || out.empty()) {
    if (!out.empty()) out += ' ';
    out += (iv.micros < 0 ? "-" : "") + FormatMicrosOfDay(std::llabs(iv.micros));
  }
  return out;
}

std::string FormatBlob(std::string_view bytes) {
  std::string out;
  for (unsigned char c : bytes) {
    if (c >= 0x20 && c < 0x7F && c != '\\') {
      out += static_cast<char>(c);
    } else {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02X", c);
      out += buf;
    }
  }
  return out;
}

std::string FormatDouble(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "Infinity" : "-Infinity";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  // Prefer the shortest representation that round-trips.
  for (int precision = 1; precision <= 17; ++precision) {
    char shortest[32];
    std::snprintf(shortest, sizeof shortest, "%.*g", precision, v);
    if (std::strtod(shortest, nullptr) == v) return shortest;
  }
  return buf;
}

std::string ValueToText(const Value& v) {
  struct Visitor {
    std::string operator()(std::monostate) const { return "NULL"; }
    std::string operator()(bool b) const { return b ? "true" : "false"; }
    std::string operator()(int64_t i) const { return std::to_string(i); }
    std::string operator()(uint64_t u) const { return std::to_string(u); }
    std::string operator()(double d) const { return FormatDouble(d); }
    std::string operator()(const std::string& s) const { return s; }
  };
  return std::visit(Visitor{}, v);
}

double Pow10(int n) {
  double r = 1;
  while (n-- > 0) r *= 10;
  return r;
}

std::string_view StringAt(duckdb_vector vector, size_t row) {
  auto* data = static_cast<duckdb_string_t*>(duckdb_vector_get_data(vector));
  duckdb_string_t* s = &data[row];
  return {duckdb_string_t_data(s), duckdb_string_t_length(*s)};
}

// Text for nested values, in DuckDB's own notation: [1, 2], {'a': 1}, {k=v}.
std::string NestedText(duckdb_vector vector, duckdb_logical_type type, size_t row);

std::string ChildText(duckdb_vector child, duckdb_logical_type child_type, size_t row) {
  auto validity = duckdb_vector_get_validity(child);
  if (validity && !duckdb_validity_row_is_valid(validity, row)) return "NULL";
  auto id = duckdb_get_type_id(child_type);
  if (id == DUCKDB_TYPE_VARCHAR) return "'" + std::string(StringAt(child, row)) + "'";
  return ValueToText(internal::ReadValue(child, child_type, row));
}

std::string NestedText(duckdb_vector vector, duckdb_logical_type type, size_t row) {
  switch (duckdb_get_type_id(type)) {
    case DUCKDB_TYPE_LIST:
    case DUCKDB_TYPE_MAP: {
      const bool is_map = duckdb_get_type_id(type) == DUCKDB_TYPE_MAP;
      auto* entries = static_cast<duckdb_list_entry*>(duckdb_vector_get_data(vector));
      duckdb_vector child = duckdb_list_vector_get_child(vector);
      internal::LogicalTypePtr child_type(duckdb_list_type_child_type(type));
      std::string out = is_map ? "{" : "[";
      for (uint64_t i = 0; i < entries[row].length; ++i) {
        if (i) out += ", ";
        size_t idx = entries[row].offset + i;
        if (is_map) {
          // MAP children are STRUCT(key, value).
          internal::LogicalTypePtr key_type(duckdb_struct_type_child_type(child_type.get(), 0));
          internal::LogicalTypePtr val_type(duckdb_struct_type_child_type(child_type.get(), 1));
          out += ChildText(duckdb_struct_vector_get_child(child, 0), key_type.get(), idx) + "=" +
                 ChildText(duckdb_struct_vector_get_child(child, 1), val_type.get(), idx);
        } else {
          out += ChildText(child, child_type.get(), idx);
        }
      }
      return out + (is_map ? "}" : "]");
    }
    case DUCKDB_TYPE_ARRAY: {
      idx_t n = duckdb_array_type_array_size(type);
      duckdb_vector child = duckdb_array_vector_get_child(vector);
      internal::LogicalTypePtr child_type(duckdb_array_type_child_type(type));
      std::string out = "[";
      for (idx_t i = 0; i < n; ++i) {
        if (i) out += ", ";
        out += ChildText(child, child_type.get(), row * n + i);
      }
      return out + "]";
    }
    case DUCKDB_TYPE_STRUCT: {
      idx_t n = duckdb_struct_type_child_count(type);
      std::string out = "{";
      for (idx_t i = 0; i < n; ++i) {
        if (i) out += ", ";
        char* name = duckdb_struct_type_child_name(type, i);
        out += "'" + std::string(name) + "': ";
        duckdb_free(name);
        internal::LogicalTypePtr child_type(duckdb_struct_type_child_type(type, i));
        out += ChildText(duckdb_struct_vector_get_child(vector, i), child_type.get(), row);
      }
      return out + "}";
    }
    case DUCKDB_TYPE_UNION: {
      // UNION is a STRUCT whose first child is the tag.
      auto tag =
          static_cast<uint8_t*>(duckdb_vector_get_data(duckdb_struct_vector_get_child(vector, 0)));
      idx_t member = tag[row];
      internal::LogicalTypePtr member_type(duckdb_union_type_member_type(type, member));
      return ChildText(duckdb_struct_vector_get_child(vector, member + 1), member_type.get(), row);
    }
    default:
      return "?";
  }
}

}  // namespace

std::string_view ToString(TypeId id) {
  switch (id) {
    case TypeId::kBoolean:
      return "BOOLEAN";
    case TypeId::kTinyInt:
      return "TINYINT";
    case TypeId::kSmallInt:
      return "SMALLINT";
    case TypeId::kInteger:
      return "INTEGER";
    case TypeId::kBigInt:
      return "BIGINT";
    case TypeId::kUTinyInt:
      return "UTINYINT";
    case TypeId::kUSmallInt:
      return "USMALLINT";
    case TypeId::kUInteger:
      return "UINTEGER";
    case TypeId::kUBigInt:
      return "UBIGINT";
    case TypeId::kFloat:
      return "FLOAT";
    case TypeId::kDouble:
      return "DOUBLE";
    case TypeId::kTimestamp:
      return "TIMESTAMP";
    case TypeId::kDate:
      return "DATE";
    case TypeId::kTime:
      return "TIME";
    case TypeId::kInterval:
      return "INTERVAL";
    case TypeId::kHugeInt:
      return "HUGEINT";
    case TypeId::kUHugeInt:
      return "UHUGEINT";
    case TypeId::kVarchar:
      return "VARCHAR";
    case TypeId::kBlob:
      return "BLOB";
    case TypeId::kDecimal:
      return "DECIMAL";
    case TypeId::kTimestampS:
      return "TIMESTAMP_S";
    case TypeId::kTimestampMs:
      return "TIMESTAMP_MS";
    case TypeId::kTimestampNs:
      return "TIMESTAMP_NS";
    case TypeId::kEnum:
      return "ENUM";
    case TypeId::kList:
      return "LIST";
    case TypeId::kStruct:
      return "STRUCT";
    case TypeId::kMap:
      return "MAP";
    case TypeId::kArray:
      return "ARRAY";
    case TypeId::kUuid:
      return "UUID";
    case TypeId::kUnion:
      return "UNION";
    case TypeId::kBit:
      return "BIT";
    case TypeId::kTimeTz:
      return "TIME WITH TIME ZONE";
    case TypeId::kTimestampTz:
      return "TIMESTAMP WITH TIME ZONE";
    case TypeId::kBigNum:
      return "BIGNUM";
    case TypeId::kNull:
      return "NULL";
    case TypeId::kInvalid:
      return "INVALID";
    case TypeId::kOther:
      return "OTHER";
  }
  return "OTHER";
}

bool LogicalType::IsInteger() const {
  switch (id) {
    case TypeId::kTinyInt:
    case TypeId::kSmallInt:
    case TypeId::kInteger:
    case TypeId::kBigInt:
    case TypeId::kUTinyInt:
    case TypeId::kUSmallInt:
    case TypeId::kUInteger:
    case TypeId::kUBigInt:
    case TypeId::kHugeInt:
    case TypeId::kUHugeInt:
      return true;
    default:
      return false;
  }
}

bool LogicalType::IsNumeric() const {
  return IsInteger() || id == TypeId::kFloat || id == TypeId::kDouble || id == TypeId::kDecimal;
}

bool LogicalType::IsTemporal() const {
  switch (id) {
    case TypeId::kDate:
    case TypeId::kTime:
    case TypeId::kTimestamp:
    case TypeId::kTimestampS:
    case TypeId::kTimestampMs:
    case TypeId::kTimestampNs:
    case TypeId::kTimestampTz:
    case TypeId::kTimeTz:
      return true;
    default:
      return false;
  }
}

bool LogicalType::IsText() const { return id == TypeId::kVarchar || id == TypeId::kEnum; }

bool LogicalType::IsNested() const {
  return id == TypeId::kList || id == TypeId::kStruct || id == TypeId::kMap ||
         id == TypeId::kArray || id == TypeId::kUnion;
}

std::string FormatDate(int32_t days) {
  duckdb_date d{days};
  if (!duckdb_is_finite_date(d)) return days > 0 ? "infinity" : "-infinity";
  auto s = duckdb_from_date(d);
  char buf[40];
  if (s.year > 0) {
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", s.year, s.month, s.day);
  } else {
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d (BC)", 1 - s.year, s.month, s.day);
  }
  return buf;
}

std::string FormatTimestamp(int64_t micros) {
  duckdb_timestamp ts{micros};
  if (!duckdb_is_finite_timestamp(ts)) return micros > 0 ? "infinity" : "-infinity";
  auto s = duckdb_from_timestamp(ts);
  char buf[48];
  int n = std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d", s.date.year, s.date.month,
                        s.date.day, s.time.hour, s.time.min, s.time.sec);
  if (s.time.micros) std::snprintf(buf + n, sizeof buf - n, ".%06d", s.time.micros);
  return buf;
}

std::string LibraryVersion() { return duckdb_library_version(); }

namespace internal {

LogicalType Describe(duckdb_logical_type type) {
  LogicalType out;
  auto t = duckdb_get_type_id(type);
  out.id = FromDuckdb(t);
  switch (t) {
    case DUCKDB_TYPE_DECIMAL:
      out.width = duckdb_decimal_width(type);
      out.scale = duckdb_decimal_scale(type);
      out.storage = FromDuckdb(duckdb_decimal_internal_type(type));
      out.name = "DECIMAL(" + std::to_string(out.width) + "," + std::to_string(out.scale) + ")";
      break;
    case DUCKDB_TYPE_ENUM:
      out.storage = FromDuckdb(duckdb_enum_internal_type(type));
      out.name = "ENUM";
      break;
    case DUCKDB_TYPE_LIST: {
      LogicalTypePtr child(duckdb_list_type_child_type(type));
      out.name = Describe(child.get()).name + "[]";
      break;
    }
    case DUCKDB_TYPE_ARRAY: {
      LogicalTypePtr child(duckdb_array_type_child_type(type));
      out.name = Describe(child.get()).name + "[" +
                 std::to_string(duckdb_array_type_array_size(type)) + "]";
      break;
    }
    case DUCKDB_TYPE_STRUCT: {
      out.name = "STRUCT(";
      for (idx_t i = 0; i < duckdb_struct_type_child_count(type); ++i) {
        char* name = duckdb_struct_type_child_name(type, i);
        LogicalTypePtr child(duckdb_struct_type_child_type(type, i));
        out.name += (i ? ", " : "") + std::string(name) + " " + Describe(child.get()).name;
        duckdb_free(name);
      }
      out.name += ")";
      break;
    }
    case DUCKDB_TYPE_MAP: {
      LogicalTypePtr key(duckdb_map_type_key_type(type));
      LogicalTypePtr value(duckdb_map_type_value_type(type));
      out.name = "MAP(" + Describe(key.get()).name + ", " + Describe(value.get()).name + ")";
      break;
    }
    default:
      out.name = std::string(ToString(out.id));
  }
  return out;
}

Error ToError(duckdb_error_type type, const char* message) {
  std::string msg = message ? message : "unknown DuckDB error";
  ErrorCode code;
  switch (type) {
    case DUCKDB_ERROR_INTERRUPT:
      code = ErrorCode::kCancelled;
      break;
    case DUCKDB_ERROR_CATALOG:
      code = msg.find("already exists") != std::string::npos ? ErrorCode::kAlreadyExists
                                                             : ErrorCode::kNotFound;
      break;
    case DUCKDB_ERROR_PARSER:
    case DUCKDB_ERROR_SYNTAX:
    case DUCKDB_ERROR_BINDER:
    case DUCKDB_ERROR_CONVERSION:
    case DUCKDB_ERROR_MISMATCH_TYPE:
    case DUCKDB_ERROR_OUT_OF_RANGE:
    case DUCKDB_ERROR_INVALID_INPUT:
    case DUCKDB_ERROR_DIVIDE_BY_ZERO:
    case DUCKDB_ERROR_DECIMAL:
    case DUCKDB_ERROR_INVALID_TYPE:
    case DUCKDB_ERROR_PARAMETER_NOT_RESOLVED:
    case DUCKDB_ERROR_PARAMETER_NOT_ALLOWED:
      code = ErrorCode::kInvalidArgument;
      break;
    case DUCKDB_ERROR_CONSTRAINT:
    case DUCKDB_ERROR_TRANSACTION:
    case DUCKDB_ERROR_DEPENDENCY:
      code = ErrorCode::kConflict;
      break;
    case DUCKDB_ERROR_IO:
      code = ErrorCode::kIo;
      break;
    case DUCKDB_ERROR_OUT_OF_MEMORY:
      code = ErrorCode::kUnavailable;
      break;
    case DUCKDB_ERROR_PERMISSION:
      code = ErrorCode::kPermissionDenied;
      break;
    case DUCKDB_ERROR_NOT_IMPLEMENTED:
      code = ErrorCode::kUnsupported;
      break;
    default:
      code = ErrorCode::kInternal;
  }
  return Error(code, std::move(msg)).With("duckdb_error", std::to_string(static_cast<int>(type)));
}

Value ReadValue(duckdb_vector vector, duckdb_logical_type type, size_t row) {
  auto validity = duckdb_vector_get_validity(vector);
  if (validity && !duckdb_validity_row_is_valid(validity, row)) return std::monostate{};
  void* data = duckdb_vector_get_data(vector);
  auto t = duckdb_get_type_id(type);
  switch (t) {
    case DUCKDB_TYPE_BOOLEAN:
      return static_cast<bool*>(data)[row];
    case DUCKDB_TYPE_TINYINT:
      return int64_t{static_cast<int8_t*>(data)[row]};
    case DUCKDB_TYPE_SMALLINT:
      return int64_t{static_cast<int16_t*>(data)[row]};
    case DUCKDB_TYPE_INTEGER:
      return int64_t{static_cast<int32_t*>(data)[row]};
    case DUCKDB_TYPE_BIGINT:
      return static_cast<int64_t*>(data)[row];
    case DUCKDB_TYPE_UTINYINT:
      return int64_t{static_cast<uint8_t*>(data)[row]};
    case DUCKDB_TYPE_USMALLINT:
      return int64_t{static_cast<uint16_t*>(data)[row]};
    case DUCKDB_TYPE_UINTEGER:
      return int64_t{static_cast<uint32_t*>(data)[row]};
    case DUCKDB_TYPE_UBIGINT:
      return static_cast<uint64_t*>(data)[row];
    case DUCKDB_TYPE_FLOAT:
      return double{static_cast<float*>(data)[row]};
    case DUCKDB_TYPE_DOUBLE:
      return static_cast<double*>(data)[row];
    // 128-bit integers (sum() of integers is one) come out as 64-bit numbers when they fit, as
    // exact text otherwise.
    case DUCKDB_TYPE_HUGEINT: {
      auto h = static_cast<duckdb_hugeint*>(data)[row];
      const bool fits = (h.upper == 0 && h.lower <= static_cast<uint64_t>(INT64_MAX)) ||
                        (h.upper == -1 && h.lower >= (uint64_t{1} << 63));
      if (fits) return static_cast<int64_t>(h.lower);
      if (h.upper == 0) return h.lower;
      return FormatHuge(h, false);
    }
    case DUCKDB_TYPE_UHUGEINT: {
      auto u = static_cast<duckdb_uhugeint*>(data)[row];
      if (u.upper == 0) return u.lower;
      return FormatHuge(duckdb_hugeint{u.lower, static_cast<int64_t>(u.upper)}, true);
    }
    case DUCKDB_TYPE_DECIMAL: {
      const double scale = Pow10(duckdb_decimal_scale(type));
      switch (duckdb_decimal_internal_type(type)) {
        case DUCKDB_TYPE_SMALLINT:
          return static_cast<int16_t*>(data)[row] / scale;
        case DUCKDB_TYPE_INTEGER:
          return static_cast<int32_t*>(data)[row] / scale;
        case DUCKDB_TYPE_BIGINT:
          return static_cast<double>(static_cast<int64_t*>(data)[row]) / scale;
        default:
          return duckdb_hugeint_to_double(static_cast<duckdb_hugeint*>(data)[row]) / scale;
      }
    }
    case DUCKDB_TYPE_DATE:
      return FormatDate(static_cast<duckdb_date*>(data)[row].days);
    case DUCKDB_TYPE_TIMESTAMP:
    case DUCKDB_TYPE_TIMESTAMP_TZ:
      return FormatTimestamp(static_cast<duckdb_timestamp*>(data)[row].micros);
    case DUCKDB_TYPE_TIMESTAMP_S:
      return FormatTimestamp(static_cast<int64_t*>(data)[row] * 1000000);
    case DUCKDB_TYPE_TIMESTAMP_MS:
      return FormatTimestamp(static_cast<int64_t*>(data)[row] * 1000);
    case DUCKDB_TYPE_TIMESTAMP_NS:
      return FormatTimestamp(static_cast<int64_t*>(data)[row] / 1000);
    case DUCKDB_TYPE_TIME:
      return FormatMicrosOfDay(static_cast<duckdb_time*>(data)[row].micros);
    case DUCKDB_TYPE_TIME_TZ: {
      auto tz = duckdb_from_time_tz(static_cast<duckdb_time_tz*>(data)[row]);
      int off = tz.offset;
      return FormatMicrosOfDay(duckdb_to_time(tz.time).micros) + (off < 0 ? "-" : "+") +
             Pad2(std::abs(off) / 3600) + ":" + Pad2(std::abs(off) / 60 % 60);
    }
    case DUCKDB_TYPE_INTERVAL:
      return FormatInterval(static_cast<duckdb_interval*>(data)[row]);
    case DUCKDB_TYPE_UUID:
      return FormatUuid(static_cast<duckdb_hugeint*>(data)[row]);
    case DUCKDB_TYPE_VARCHAR:
      return std::string(StringAt(vector, row));
    case DUCKDB_TYPE_BLOB:
      return FormatBlob(StringAt(vector, row));
    case DUCKDB_TYPE_ENUM: {
      uint64_t idx;
      switch (duckdb_enum_internal_type(type)) {
        case DUCKDB_TYPE_UTINYINT:
          idx = static_cast<uint8_t*>(data)[row];
          break;
        case DUCKDB_TYPE_USMALLINT:
          idx = static_cast<uint16_t*>(data)[row];
          break;
        default:
          idx = static_cast<uint32_t*>(data)[row];
      }
      char* text = duckdb_enum_dictionary_value(type, idx);
      std::string out = text ? text : "";
      duckdb_free(text);
      return out;
    }
    case DUCKDB_TYPE_LIST:
    case DUCKDB_TYPE_STRUCT:
    case DUCKDB_TYPE_MAP:
    case DUCKDB_TYPE_ARRAY:
    case DUCKDB_TYPE_UNION:
      return NestedText(vector, type, row);
    default:
      return std::string("<") + std::string(ToString(FromDuckdb(t))) + ">";
  }
}

}  // namespace internal
std::string TextOf(const Value& v) {
  if (const auto* s = std::get_if<std::string>(&v)) return *s;
  return {};
}

int64_t IntOf(const Value& v, int64_t fallback) {
  if (const auto* i = std::get_if<int64_t>(&v)) return *i;
  if (const auto* u = std::get_if<uint64_t>(&v)) return static_cast<int64_t>(*u);
  if (const auto* d = std::get_if<double>(&v)) return static_cast<int64_t>(*d);
  if (const auto* b = std::get_if<bool>(&v)) return *b ? 1 : 0;
  return fallback;
}

std::optional<double> DoubleOf(const Value& v) {
  if (const auto* d = std::get_if<double>(&v)) return *d;
  if (const auto* i = std::get_if<int64_t>(&v)) return static_cast<double>(*i);
  if (const auto* u = std::get_if<uint64_t>(&v)) return static_cast<double>(*u);
  return std::nullopt;
}

}  // namespace sagaz::db
