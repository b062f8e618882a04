// Reading DuckDB result vectors into the statistics engine's columns, in bulk: a memcpy for the
// types the kernels take natively (DOUBLE, FLOAT, INTEGER, BIGINT), one conversion loop per chunk
// for narrow integers, DECIMAL and time types, never a per-row variant. Shared by the statistics
// service and Ask.
#pragma once

#include <cstdint>
#include <vector>

#include "db/db.hpp"
#include "stats/stats.hpp"

namespace sagaz::stats {

// DATE, TIME and the TIMESTAMP types.
bool IsTimeType(const db::LogicalType& type);
// The column type a numeric DuckDB type is read into: exact where the kernels can be (int32,
// int64, float, double); DECIMAL, HUGEINT and UBIGINT as double.
NumericType StorageFor(const db::LogicalType& type);

// Appends a numeric vector to `column` (whose type is StorageFor(vector type)).
void AppendNumeric(NumericColumn& column, const db::VectorView& vector);
// Appends a date or timestamp vector as days since 1970-01-01 (a kFloat64 column), so a trend's
// slope is per day.
void AppendTime(NumericColumn& column, const db::VectorView& vector);

// Group keys of any type: each row gets a dense group id (first appearance order, NULL is a key);
// the first value of each key is kept for output.
class KeyColumn {
 public:
  void Add(const db::VectorView& vector);
  // Room for `rows` rows in total (a reserve per chunk would reallocate on every chunk).
  void Reserve(size_t rows) { group_of_row_.reserve(rows); }
  size_t groups() const { return values_.size(); }
  const std::vector<uint32_t>& group_of_row() const { return group_of_row_; }
  const db::Value& value(uint32_t group) const { return values_[group]; }

 private:
  template <class T>
  void AddInts(const db::VectorView& vector);

  Grouper grouper_;
  std::vector<uint32_t> group_of_row_;
  std::vector<db::Value> values_;
};

}  // namespace sagaz::stats
