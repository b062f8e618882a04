// Private helpers shared by the db/*.cpp files. Includes duckdb.h; never include from outside
// src/db.
#pragma once

#include <duckdb.h>

#include <memory>

#include "db/db.hpp"

namespace sagaz::db::internal {

struct LogicalTypeDeleter {
  void operator()(duckdb_logical_type t) const { duckdb_destroy_logical_type(&t); }
};
using LogicalTypePtr = std::unique_ptr<_duckdb_logical_type, LogicalTypeDeleter>;

// Describes a DuckDB logical type (recursively for nested types).
LogicalType Describe(duckdb_logical_type type);

// Maps a DuckDB error to a Sagaz Error with the DuckDB message.
Error ToError(duckdb_error_type type, const char* message);

// Consumes `result`: on error returns the Error (and destroys the result); otherwise wraps it.
Result<QueryResult> Wrap(duckdb_result& result, duckdb_state state);

// Converts one cell of a vector of the given type for output.
Value ReadValue(duckdb_vector vector, duckdb_logical_type type, size_t row);

}  // namespace sagaz::db::internal
