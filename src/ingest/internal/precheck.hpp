// Checks made on a file's bytes before DuckDB reads it, for inputs DuckDB copes with badly:
//
//  - JSON nested deeper than kMaxJsonDepth. DuckDB's schema code recurses once per level: at a few
//    hundred levels a load and every later checkpoint (the one at shutdown too) take seconds to
//    minutes; at ten thousand a DuckDB thread overflows its stack and the process dies.
//  - CSV headers (and JSON records) wider than ingest.max_columns: DuckDB's sniffer needs minutes
//    and gigabytes for 100,000 columns.
//  - files holding nothing but blank lines, which DuckDB reads as rows of NULLs.
//
// Each check is one streaming pass over a small buffer (never a parse, never the whole file in
// memory) that stops as soon as it has its answer. Files named *.gz are read through zlib, as
// DuckDB reads them. A `.zst` file is not checked (no zstd library is linked); only a local file
// given to `sagaz ingest` can be read as one, since DuckDB decides compression by the file name and
// uploads are stored as `.upload`.
#pragma once

#include <filesystem>

#include "core/config.hpp"
#include "core/error.hpp"
#include "core/strings.hpp"
#include "ingest/ingest.hpp"

namespace sagaz::ingest::internal {

// Deepest nesting of arrays and objects accepted in a JSON document ([[1]] is 2 levels deep): the
// limit of every parser of untrusted JSON. Real data (API exports, GeoJSON, logs) stays under 20;
// 64 keeps DuckDB's costs negligible.
inline constexpr int kMaxJsonDepth = static_cast<int>(kMaxJsonNesting);

// Fails with kInvalidArgument when the file is blank, nested deeper than kMaxJsonDepth, or has a
// record with more than `max_columns` fields.
Status CheckJsonFile(const std::filesystem::path& path, int64_t max_columns);

// Fails with kInvalidArgument when the file is blank, or when its header (the first non-blank
// line after `skip_rows` lines) has more than `max_columns` fields under the given delimiter or,
// when none is given, under any delimiter the sniffer would try (',', ';', tab, '|').
Status CheckCsvFile(const std::filesystem::path& path, const CsvOptions& options,
                    int64_t max_columns);

}  // namespace sagaz::ingest::internal
