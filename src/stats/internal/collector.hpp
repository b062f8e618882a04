// Whole columns of a table read in parallel into the statistics engine's columns (db::Collect):
// each value lands at its row id's place in a dense column, from whichever of DuckDB's threads
// scanned it; rows a filter dropped are squeezed out at the end, in row order, so results do not
// depend on the threads. For reads without group keys (a grouper must see rows in order).
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <vector>

#include "db/collect.hpp"
#include "stats/stats.hpp"

namespace sagaz::stats::internal {

// How a read column is stored: a number as its kernel type, a time as days since 1970-01-01.
struct CollectedSpec {
  db::Column column;
  bool time = false;
};

class DenseCollector final : public db::ColumnSink {
 public:
  // `capacity`: the table's row count; a row id at or beyond it (a table with deleted rows) fails
  // the read with kFailedPrecondition, and the caller reads the ordinary way.
  DenseCollector(std::vector<CollectedSpec> specs, size_t capacity);
  ~DenseCollector() override;

  Status Accept(size_t column, std::span<const int64_t> rowids,
                const db::VectorView& values) override;

  // The columns, in row order, without the rows that never arrived. Call once, after Collect.
  std::vector<NumericColumn> Finish();

 private:
  struct Target;
  std::vector<CollectedSpec> specs_;
  size_t capacity_;
  std::vector<std::unique_ptr<Target>> targets_;
  // Rows that arrived (column 0 marks them), one bit per row id; atomic words: threads write
  // disjoint row groups, but a word may straddle two.
  std::unique_ptr<std::atomic<uint64_t>[]> present_;
};

}  // namespace sagaz::stats::internal
