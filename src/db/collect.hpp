// Columns of a query read straight into the caller's memory by DuckDB's own worker threads.
//
// Reading 10M values through a query result costs more than computing on them: DuckDB
// materializes the result (a copy), the result is fetched chunk by chunk on one thread (a copy)
// and copied again into the statistics engine's columns. Collect instead runs the query as an
// aggregate, `SELECT _sagaz_collect(token, rowid, i, column_i) ... FROM (source)`, whose update
// callback DuckDB calls from its parallel scan with each chunk: the sink copies the values to
// their rows' places, once, on every core, with nothing materialized. Each value carries its row
// id, so the places (and so the results) do not depend on which thread saw which chunk.
//
//   SAGAZ_TRY(db::RegisterCollector(conn));                  // once per database
//   MySink sink(...);                                        // implements ColumnSink
//   SAGAZ_TRY(db::Collect(conn, "SELECT rowid AS r, x FROM t WHERE x > 0", "r", {"x"}, sink));
//
// Thread-safety: Collect may run on several connections at once; each call's sink receives its
// chunks concurrently from DuckDB's threads.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "db/db.hpp"

namespace sagaz::db {

// Receives the values of a query's columns, chunk by chunk, from DuckDB's worker threads at the
// same time: column `column` (an index into Collect's `columns`) for the rows `rowids`.
// Implementations must be thread-safe and must not throw; an Error returned stops the query and
// Collect returns it.
class ColumnSink {
 public:
  virtual ~ColumnSink() = default;
  virtual Status Accept(size_t column, std::span<const int64_t> rowids,
                        const VectorView& values) = 0;
};

// Registers the collecting aggregate (_sagaz_collect) in the database. Idempotent; before Collect.
Status RegisterCollector(Connection& conn);

// Runs `source_sql` (a SELECT whose column `rowid_column` holds BIGINT row ids and that has the
// named `columns`, each of the given type) and hands every column's chunks to `sink`.
Status Collect(Connection& conn, std::string_view source_sql, std::string_view rowid_column,
               const std::vector<Column>& columns, ColumnSink& sink);

}  // namespace sagaz::db
