// DuckDB's own load of a CSV file, as the ceiling for `sagaz ingest`: one CREATE TABLE AS SELECT
// from read_csv (sniffed, typed) into a fresh database file, timed. Prints the seconds.
//
//   ingest_reference FILE.csv [DATABASE_DIR] [memory]
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>

#include "core/strings.hpp"
#include "db/db.hpp"

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: ingest_reference FILE.csv [DIR] [memory]\n");
    return 2;
  }
  const std::filesystem::path dir = argc > 2 ? argv[2] : std::filesystem::temp_directory_path();
  const bool memory = argc > 3 && std::string(argv[3]) == "memory";
  const auto file = dir / "reference.duckdb";
  std::filesystem::remove(file);
  std::filesystem::remove(file.string() + ".wal");
  auto db = sagaz::db::Database::Open(memory ? std::filesystem::path(":memory:") : file, {});
  if (!db) return std::fprintf(stderr, "%s\n", db.error().ToText().c_str()), 1;
  auto conn = db->Connect();
  if (!conn) return std::fprintf(stderr, "%s\n", conn.error().ToText().c_str()), 1;
  const auto start = std::chrono::steady_clock::now();
  auto st = conn->Execute("CREATE TABLE t AS SELECT * FROM read_csv(" +
                          sagaz::QuoteLiteral(argv[1]) + "); CHECKPOINT");
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!st) return std::fprintf(stderr, "%s\n", st.error().ToText().c_str()), 1;
  std::printf("%.3f\n", seconds);
  std::filesystem::remove(file);
  return 0;
}
