// Writing a query's rows to an XLSX workbook with libxlsxwriter (Debian libxlsxwriter-dev), in its
// constant-memory mode: each row goes to a temporary file as it is written, so memory stays flat
// however many rows there are. Rows past a sheet's limit (1,048,576 with the header) continue on
// the next sheet ("Dados 2", ...), each with the header. Internal.
#pragma once

#include <filesystem>
#include <functional>

#include "core/error.hpp"
#include "db/db.hpp"

namespace sagaz::exports::internal {

// Reads `result` to its end into the workbook at `path`; `tmpdir` holds the writer's temporary
// files. Numbers are numbers, booleans booleans; everything else is text (dates as ISO text).
// Errors: the result's (a cancelled query), kIo when the file cannot be written.
Status WriteXlsx(db::QueryResult& result, const std::filesystem::path& path,
                 const std::filesystem::path& tmpdir);

}  // namespace sagaz::exports::internal
