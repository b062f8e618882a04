// Reading DuckDB result vectors into the statistics engine's columns, in bulk: a memcpy for the
// types the kernels take natively (DOUBLE, FLOAT, INTEGER, BIGINT), one conversion loop per chunk
// for narrow integers, DECIMAL and time types, never a per-row variant. Shared by the statistics
// service and Ask.
#pragma once

#include <cstdint>
#include <optional>
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

// Calendar periods, as DuckDB's date_trunc cuts them (weeks start on Monday).
enum class Period { kHour, kDay, kWeek, kMonth, kQuarter, kYear };

// The start of the period after the one starting at `start_days` (days since 1970-01-01, a
// period start as InstantColumn::GroupBy gives them).
double NextPeriodStart(Period period, double start_days);

// Which ends of a series of periods hold only part of their period: the data (its earliest and
// latest instants, in days) starts after the first period's start, or ends before the last one's
// end, by more than the data's own spacing (`resolution`: its typical gap between instants, one day
// for dates). "December was the lowest month" is no finding when the data ends on 5 December.
struct PartialEnds {
  bool first = false;
  bool last = false;
};
PartialEnds FindPartialEnds(Period period, double first_start, double last_start, double data_min,
                            double data_max, double resolution);

// A date or timestamp column as ids of its distinct instants (compared exactly, as the stored
// integers, in order of first appearance) with each instant's time in days since 1970-01-01 (as
// AppendTime): the points of a series that has several rows per instant (one per sensor), and
// the periods of a date_trunc. NULL is an instant of its own, with no time.
class InstantColumn {
 public:
  void Add(const db::VectorView& vector);
  void Reserve(size_t rows) { instant_of_row_.reserve(rows); }
  size_t instants() const { return days_.size(); }
  const std::vector<uint32_t>& instant_of_row() const { return instant_of_row_; }
  std::optional<double> days(uint32_t instant) const { return days_[instant]; }

  // Whether GroupBy cuts periods as date_trunc would: DATE and TIMESTAMP without a time zone (a
  // TIMESTAMP WITH TIME ZONE is cut in the session's zone, which only DuckDB knows).
  bool CanGroupByPeriod() const { return civil_; }
  // The instants grouped into periods: the period of each instant (NULL stays a group of its
  // own) and each period's start in days since 1970-01-01 (none for NULL). Grouping the few
  // distinct instants is what makes a monthly series cheap: date_trunc on every row is not.
  // Idempotent on instants that are already period starts.
  struct Periods {
    std::vector<uint32_t> of_instant;
    std::vector<std::optional<double>> start_days;
  };
  Periods GroupBy(Period period) const;

 private:
  template <class T>
  void AddRaw(const db::VectorView& vector, int64_t per_day);

  Grouper grouper_;
  std::vector<uint32_t> instant_of_row_;
  std::vector<std::optional<double>> days_;
  std::vector<int64_t> raw_;  // each instant's stored integer (0 for NULL)
  int64_t per_day_ = 1;       // units of raw_ in a day
  bool civil_ = false;
};

}  // namespace sagaz::stats
