// Writing one demo dataset: table, rows through an appender, catalog registration and descriptions,
// in one transaction.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "catalog/catalog.hpp"
#include "db/db.hpp"
#include "demo/demo.hpp"
#include "demo/internal/random.hpp"

namespace sagaz::demo::internal {

struct ColumnDef {
  std::string name;
  std::string type;
  std::string description;
};

struct TableDef {
  std::string name;
  std::string description;
  std::vector<ColumnDef> columns;
};

using FillFn = std::function<Status(db::Appender&)>;

Result<int64_t> WriteDataset(db::Connection& conn, catalog::Catalog& catalog, const TableDef& def,
                             const FillFn& fill);

// Calendar helpers (UTC).
inline int32_t DaysFromCivil(int y, unsigned m, unsigned d) {
  using namespace std::chrono;
  return static_cast<int32_t>(sys_days{year{y} / month{m} / day{d}}.time_since_epoch().count());
}
inline std::chrono::year_month_day Civil(int32_t days) {
  return std::chrono::year_month_day{std::chrono::sys_days{std::chrono::days{days}}};
}
inline unsigned Weekday(int32_t days) {  // 0 = Sunday
  return std::chrono::weekday{std::chrono::sys_days{std::chrono::days{days}}}.c_encoding();
}
inline int64_t Micros(int32_t days, double seconds_of_day) {
  // Whole seconds: the demo's clocks do not tick in microseconds.
  return static_cast<int64_t>(days) * 86400000000LL +
         static_cast<int64_t>(seconds_of_day) * 1000000;
}
constexpr int64_t kMicrosPerDay = 86400000000LL;
// A duration in days as whole-second microseconds.
inline int64_t DaysToMicros(double days) { return static_cast<int64_t>(days * 86400.0) * 1000000; }
constexpr int64_t kMicrosPerHour = 3600000000LL;

// The demo generators.
Result<int64_t> WriteSensors(db::Connection& conn, catalog::Catalog& catalog,
                             const Options& options);
Result<std::vector<DatasetSummary>> WriteTheLook(db::Connection& conn, catalog::Catalog& catalog,
                                                 const Options& options,
                                                 const ProgressFn& progress);

}  // namespace sagaz::demo::internal
