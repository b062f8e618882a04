#include "exports/exports.hpp"

#include <algorithm>
#include <cctype>
#include <utility>
#include <vector>

#include "core/ids.hpp"
#include "core/log.hpp"
#include "core/strings.hpp"
#include "db/db.hpp"
#include "exports/internal/xlsx.hpp"
#include "sql/query.hpp"

namespace sagaz::exports {

namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";

std::string_view Extension(Format f) {
  switch (f) {
    case Format::kCsv:
      return ".csv";
    case Format::kJson:
      return ".json";
    case Format::kParquet:
      return ".parquet";
    case Format::kXlsx:
      return ".xlsx";
  }
  return ".csv";
}

// A file name a browser will keep: letters, digits, '-', '_' and '.', at most 80 characters.
std::string SafeName(std::string_view name) {
  std::string out;
  for (unsigned char c : name) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.') {
      out += static_cast<char>(c);
    } else if (!out.empty() && out.back() != '-') {
      out += '-';
    }
    if (out.size() >= 80) break;
  }
  while (!out.empty() && (out.back() == '-' || out.back() == '.')) out.pop_back();
  return out.empty() ? "export" : out;
}

bool Fractional(const db::LogicalType& t) {
  return t.id == db::TypeId::kDouble || t.id == db::TypeId::kFloat || t.id == db::TypeId::kDecimal;
}

std::string CopyOptions(const Options& o) {
  switch (o.format) {
    case Format::kCsv:
      return "FORMAT csv, HEADER true, DELIMITER " + QuoteLiteral(std::string(1, o.separator));
    case Format::kJson:
      return "FORMAT json, ARRAY true";
    case Format::kParquet:
      return "FORMAT parquet, COMPRESSION zstd";
    case Format::kXlsx:
      break;  // not written by COPY
  }
  return "FORMAT csv";
}

}  // namespace

std::string_view ToString(Format format) { return Extension(format).substr(1); }

Result<Format> ParseFormat(std::string_view text) {
  const std::string f = ToLower(Trim(text));
  if (f == "csv") return Format::kCsv;
  if (f == "json") return Format::kJson;
  if (f == "parquet") return Format::kParquet;
  if (f == "xlsx") return Format::kXlsx;
  return Fail(Error(ErrorCode::kInvalidArgument, "unknown export format '" + std::string(text) +
                                                     "'; use csv, json, parquet or xlsx")
                  .With("field", "format"));
}

Status Validate(const Options& o) {
  if (o.separator != ',' && o.separator != ';' && o.separator != '\t' && o.separator != '|') {
    return Fail(Error(ErrorCode::kInvalidArgument, "the CSV separator is ',', ';', '|' or a tab")
                    .With("field", "separator"));
  }
  if (o.decimal != '.' && o.decimal != ',') {
    return Fail(Error(ErrorCode::kInvalidArgument, "the decimal mark is '.' or ','")
                    .With("field", "decimal"));
  }
  return Ok();
}

File::File(std::filesystem::path path, Options options, std::string filename)
    : path_(std::move(path)), options_(options), filename_(std::move(filename)) {}

File::File(File&& other) noexcept
    : path_(std::exchange(other.path_, {})),
      options_(other.options_),
      filename_(std::move(other.filename_)) {}

File::~File() {
  if (path_.empty()) return;
  std::error_code ec;
  std::filesystem::remove(path_, ec);
}

std::string_view File::content_type() const {
  switch (options_.format) {
    case Format::kCsv:
      return "text/csv; charset=utf-8";
    case Format::kJson:
      return "application/json";
    case Format::kParquet:
      return "application/vnd.apache.parquet";
    case Format::kXlsx:
      return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  }
  return "application/octet-stream";
}

std::string_view File::prefix() const {
  return options_.format == Format::kCsv && options_.bom ? kBom : std::string_view();
}

uint64_t File::size() const {
  std::error_code ec;
  const auto n = std::filesystem::file_size(path_, ec);
  return (ec ? 0 : n) + prefix().size();
}

Exporter::Exporter(db::ConnectionPool& pool, sql::QueryService& query, db::Watchdog& watchdog,
                   std::filesystem::path dir, std::chrono::milliseconds timeout)
    : pool_(pool), query_(query), watchdog_(watchdog), dir_(std::move(dir)), timeout_(timeout) {
  // Exports are removed once sent; what is left was cut short by a crash. The directory itself is
  // made by the first export.
  std::error_code ec;
  for (auto it = std::filesystem::directory_iterator(dir_, ec);
       !ec && it != std::filesystem::directory_iterator(); it.increment(ec)) {
    std::error_code rm;
    if (it->is_regular_file(rm)) std::filesystem::remove(it->path(), rm);
  }
}

Result<File> Exporter::Export(std::string_view sql, sql::Policy policy, const Options& options,
                              std::string_view name) {
  SAGAZ_TRY(Validate(options));
  Stopwatch watch;
  const auto checked = SAGAZ_TRY(query_.Check(sql, policy));
  auto conn = SAGAZ_TRY(pool_.Acquire());
  const std::string source = "(" + checked.sql + "\n) AS q";
  std::string select = "*";
  if (options.format == Format::kCsv && options.decimal == ',') {
    // DuckDB's CSV writer has no decimal mark option: fractional columns are written as text.
    auto prepared = SAGAZ_TRY(conn->Prepare("SELECT * FROM " + source));
    std::vector<std::string> items;
    for (const auto& c : prepared.result_columns()) {
      const std::string id = QuoteIdent(c.name);
      items.push_back(Fractional(c.type) ? "replace(CAST(" + id + " AS VARCHAR), '.', ',') AS " + id
                                         : id);
    }
    select = Join(items, ", ");
  }
  std::error_code ec;
  std::filesystem::create_directories(dir_, ec);
  File file(dir_ / (NewUuid() + std::string(Extension(options.format))), options,
            SafeName(name) + std::string(Extension(options.format)));
  auto dog = watchdog_.Watch(*conn, timeout_);
  Status done = Ok();
  if (options.format == Format::kXlsx) {
    auto rows = conn->Stream("SELECT * FROM " + source);
    done = rows ? internal::WriteXlsx(*rows, file.path(), dir_)
                : Status(Fail(std::move(rows).error()));
  } else {
    done = conn->Execute("COPY (SELECT " + select + " FROM " + source + ") TO " +
                         QuoteLiteral(std::filesystem::absolute(file.path()).string()) + " (" +
                         CopyOptions(options) + ")");
  }
  if (!done) {
    if (done.error().code == ErrorCode::kCancelled && dog.Expired()) {
      return Fail(Error(ErrorCode::kTimeout,
                        "the export ran longer than " + std::to_string(timeout_.count()) + " ms")
                      .With("rule", "time_limit"));
    }
    return Fail(std::move(done).error());
  }
  log::Info("export written", {{"format", std::string(ToString(options.format))},
                               {"bytes", std::to_string(file.size())},
                               {"ms", FormatDouble(watch.ElapsedMs())}});
  return file;
}

}  // namespace sagaz::exports
