// Exports of any answer's rows as CSV, JSON, Parquet or XLSX files, without the console's row limit
// (the time limit applies). CSV, JSON and Parquet are written by DuckDB's COPY from the SQL guard's
// rendering of the query; XLSX by libxlsxwriter from the streamed result (internal/xlsx.hpp), in
// constant memory, continuing on further sheets past a sheet's 1,048,575 rows.
//
//   exports::Options o{.format = exports::Format::kCsv, .separator = ';', .decimal = ','};
//   auto file = SAGAZ_TRY(exporter.Export("SELECT * FROM vendas", sql::Policy::kStandard, o));
//   // stream file.path() to the client; the file is removed when `file` is destroyed
//
// Files are written under data/uploads/exports/ (the one directory DuckDB may write to once the
// server has restricted its file access) and removed by their owner; Open removes what a crash
// left there. Thread-safe: each export takes its own pooled connection.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "sql/policy.hpp"

namespace sagaz::db {
class ConnectionPool;
class Watchdog;
}  // namespace sagaz::db
namespace sagaz::sql {
class QueryService;
}

namespace sagaz::exports {

enum class Format { kCsv, kJson, kParquet, kXlsx };
std::string_view ToString(Format format);
Result<Format> ParseFormat(std::string_view text);  // csv, json, parquet, xlsx

struct Options {
  Format format = Format::kCsv;
  char separator = ',';  // CSV: ',' or ';' (also '\t' and '|')
  char decimal = '.';    // CSV: '.' or ','
  bool bom = false;      // CSV: starts with a UTF-8 byte order mark (spreadsheets in Brazil)
};
// Checks the combination: separators and decimal marks the CSV writer takes.
Status Validate(const Options& options);

// A written export; removes its file when destroyed. Move-only.
class File {
 public:
  File(std::filesystem::path path, Options options, std::string filename);
  File(File&& other) noexcept;
  File& operator=(File&&) = delete;
  ~File();

  const std::filesystem::path& path() const { return path_; }
  // The name to offer the client ("export.csv") and the content type.
  const std::string& filename() const { return filename_; }
  std::string_view content_type() const;
  // The bytes to send before the file's (the BOM, when asked for).
  std::string_view prefix() const;
  uint64_t size() const;  // the file's bytes, prefix included

 private:
  std::filesystem::path path_;
  Options options_;
  std::string filename_;
};

class Exporter {
 public:
  // `dir` is created (and emptied of files a crash left).
  Exporter(db::ConnectionPool& pool, sql::QueryService& query, db::Watchdog& watchdog,
           std::filesystem::path dir, std::chrono::milliseconds timeout);

  // Checks `sql` with the guard under `policy` and writes all its rows. `name` becomes the file
  // name offered ("gmv-por-mes" → "gmv-por-mes.csv"; sanitized). Errors: the guard's, kTimeout,
  // kIo when the file cannot be written.
  Result<File> Export(std::string_view sql, sql::Policy policy, const Options& options,
                      std::string_view name = "export");

 private:
  db::ConnectionPool& pool_;
  sql::QueryService& query_;
  db::Watchdog& watchdog_;
  std::filesystem::path dir_;
  std::chrono::milliseconds timeout_;
};

}  // namespace sagaz::exports
