#include "ingest/ingest.hpp"

#include <cstring>
#include <fstream>
#include <set>

#include "catalog/catalog.hpp"
#include "core/ids.hpp"
#include "core/log.hpp"
#include "core/strings.hpp"
#include "db/db.hpp"
#include "forecast/cotahist.hpp"
#include "ingest/internal/loader.hpp"
#include "ingest/internal/precheck.hpp"

namespace sagaz::ingest {
namespace {

// Drops the staging table however the ingest ends.
class StagingGuard {
 public:
  StagingGuard(db::Connection& conn, std::string name) : conn_(conn), name_(std::move(name)) {}
  ~StagingGuard() {
    (void)conn_.Execute("DROP TABLE IF EXISTS " + QuoteIdent(name_) + "; DROP TABLE IF EXISTS " +
                        QuoteIdent(name_ + "_typed"));
  }
  StagingGuard(const StagingGuard&) = delete;
  StagingGuard& operator=(const StagingGuard&) = delete;

 private:
  db::Connection& conn_;
  std::string name_;
};

std::string ExtensionOf(std::string_view name) {
  std::string lower = ToLower(name);
  for (const char* compressed : {".gz", ".zst"}) {
    if (lower.ends_with(compressed)) lower.resize(lower.size() - std::strlen(compressed));
  }
  auto dot = lower.rfind('.');
  return dot == std::string::npos ? std::string() : lower.substr(dot + 1);
}

// The columns of `staging` that a dataset with `target` columns can take, checked value by value:
// an append never narrows a value (1.5 into an integer column) or invents columns silently.
Result<std::string> AppendSelect(db::Connection& conn, const std::string& staging,
                                 const std::vector<db::Column>& source,
                                 const std::vector<db::Column>& target,
                                 const std::string& dataset) {
  std::vector<std::string> unknown;
  std::string select;
  std::string checks;
  for (const auto& s : source) {
    auto it = std::find_if(target.begin(), target.end(),
                           [&](const db::Column& t) { return t.name == s.name; });
    if (it == target.end()) {
      unknown.push_back(s.name);
      continue;
    }
    const std::string col = QuoteIdent(s.name);
    if (!select.empty()) select += ", ";
    if (s.type.name == it->type.name) {
      select += col;
      continue;
    }
    select += "CAST(" + col + " AS " + it->type.name + ") AS " + col;
    if (!checks.empty()) checks += ", ";
    checks += "count(*) FILTER (WHERE " + col + " IS NOT NULL AND (TRY_CAST(" + col + " AS " +
              it->type.name + ") IS NULL OR TRY_CAST(" + col + " AS " + it->type.name +
              ")::" + s.type.name + " IS DISTINCT FROM " + col + ")), " + QuoteLiteral(s.name) +
              ", " + QuoteLiteral(s.type.name) + ", " + QuoteLiteral(it->type.name);
  }
  if (!unknown.empty()) {
    return Fail(Error(ErrorCode::kInvalidArgument, "the file has columns that dataset '" + dataset +
                                                       "' does not: " + Join(unknown, ", ") +
                                                       "; use mode 'replace' to change the schema")
                    .With("columns", Join(unknown, ",")));
  }
  if (!checks.empty()) {
    auto r = SAGAZ_TRY(conn.Query("SELECT " + checks + " FROM " + QuoteIdent(staging)));
    auto rows = SAGAZ_TRY(r.FetchRows(1));
    for (size_t i = 0; i + 3 < rows[0].size(); i += 4) {
      if (db::IntOf(rows[0][i]) > 0) {
        auto str = [](const db::Value& v) { return std::get<std::string>(v); };
        return Fail(Error(ErrorCode::kInvalidArgument,
                          "column " + str(rows[0][i + 1]) + " is " + str(rows[0][i + 2]) +
                              " in the file but " + str(rows[0][i + 3]) + " in dataset '" +
                              dataset + "', and " + std::to_string(db::IntOf(rows[0][i])) +
                              " values would change; use mode 'replace' to change the schema")
                        .With("column", str(rows[0][i + 1])));
      }
    }
  }
  return select;
}

}  // namespace

std::string_view ToString(Format format) {
  switch (format) {
    case Format::kAuto:
      return "auto";
    case Format::kCsv:
      return "csv";
    case Format::kParquet:
      return "parquet";
    case Format::kJson:
      return "json";
    case Format::kCotahist:
      return "cotahist";
  }
  return "auto";
}

std::string_view ToString(Mode mode) {
  switch (mode) {
    case Mode::kCreate:
      return "create";
    case Mode::kReplace:
      return "replace";
    case Mode::kAppend:
      return "append";
    case Mode::kUpsert:
      return "upsert";
  }
  return "create";
}

Result<Format> ParseFormat(std::string_view text) {
  auto t = ToLower(text);
  if (t.empty() || t == "auto") return Format::kAuto;
  if (t == "csv" || t == "tsv" || t == "txt") return Format::kCsv;
  if (t == "parquet") return Format::kParquet;
  if (t == "json" || t == "ndjson" || t == "jsonl") return Format::kJson;
  if (t == "cotahist") return Format::kCotahist;
  return Fail(Error(ErrorCode::kInvalidArgument, "unknown format '" + std::string(text) +
                                                     "'; use csv, parquet, json, cotahist or auto")
                  .With("option", "format"));
}

Result<Mode> ParseMode(std::string_view text) {
  auto t = ToLower(text);
  if (t.empty() || t == "create") return Mode::kCreate;
  if (t == "replace") return Mode::kReplace;
  if (t == "append") return Mode::kAppend;
  if (t == "upsert") return Mode::kUpsert;
  return Fail(Error(ErrorCode::kInvalidArgument, "unknown mode '" + std::string(text) +
                                                     "'; use create, replace, append or upsert")
                  .With("option", "mode"));
}

Ingestor::Ingestor(db::ConnectionPool& pool, catalog::Catalog& catalog, IngestConfig config)
    : pool_(pool), catalog_(catalog), config_(std::move(config)) {}

Status Ingestor::CleanUp() {
  auto conn = SAGAZ_TRY(pool_.Acquire());
  auto r = SAGAZ_TRY(
      conn->Query("SELECT table_name FROM duckdb_tables() WHERE database_name = current_database()"
                  " AND schema_name = 'main' AND table_name LIKE '\\_\\_ingest\\_%' ESCAPE '\\'"));
  for (auto& row : SAGAZ_TRY(r.FetchRows())) {
    const auto& name = std::get<std::string>(row[0]);
    log::Warn("dropping staging table left by an interrupted ingest", {{"table", name}});
    SAGAZ_TRY(conn->Execute("DROP TABLE IF EXISTS " + QuoteIdent(name)));
  }
  return Ok();
}

Result<Format> Ingestor::DetectFormat(const std::filesystem::path& path,
                                      std::string_view name_hint) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Fail(ErrorCode::kNotFound, "cannot open " + path.string());
  char head[64] = {};
  in.read(head, sizeof head);
  const auto n = static_cast<size_t>(in.gcount());
  if (n >= 4 && std::string_view(head, 4) == "PAR1") return Format::kParquet;
  // B3's COTAHIST files are .TXT: their header line tells them from CSV.
  if (forecast::LooksLikeCotahist(std::string_view(head, n))) return Format::kCotahist;
  const std::string ext = ExtensionOf(name_hint.empty() ? path.filename().string() : name_hint);
  if (ext == "parquet" || ext == "pq") return Format::kParquet;
  if (ext == "json" || ext == "ndjson" || ext == "jsonl") return Format::kJson;
  if (ext == "csv" || ext == "tsv" || ext == "txt") return Format::kCsv;
  // No telling extension: JSON starts with '{' or '[' (after a BOM and blanks).
  std::string_view text(head, n);
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  text = Trim(text);
  if (!text.empty() && (text[0] == '{' || text[0] == '[')) return Format::kJson;
  return Format::kCsv;
}

Result<Report> Ingestor::Run(const Request& request, const ProgressFn& progress,
                             const CommitHook& before_commit) {
  auto report = Load(request, progress, before_commit);
  if (report) return report;
  // Errors are often DuckDB's own words, followed by the statement that failed ("LINE 1: CREATE
  // TABLE ... read_csv('data/uploads/<uuid>.upload' ...", cut short): that is Sagaz's business,
  // not the user's. The statement goes, and the file's path and stored name become the name the
  // user gave.
  Error e = std::move(report).error();
  const std::string shown = request.source_name.empty() ? request.path.filename().string()
                                                        : SanitizeUtf8(request.source_name);
  auto replace_all = [](std::string& text, const std::string& from, const std::string& to) {
    if (from.empty()) return;
    for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at)) {
      text.replace(at, from.size(), to);
      at += to.size();
    }
  };
  auto scrub = [&](std::string& text) {
    if (auto context = text.find("\n\nLINE "); context != std::string::npos) text.resize(context);
    text = std::string(Trim(text));
    replace_all(text, request.path.string(), shown);
    replace_all(text, std::filesystem::absolute(request.path).string(), shown);
    replace_all(text, request.path.filename().string(), shown);
  };
  scrub(e.message);
  for (auto& [k, v] : e.details) scrub(v);
  return Fail(std::move(e));
}

Result<Report> Ingestor::Load(const Request& request, const ProgressFn& user_progress,
                              const CommitHook& before_commit) {
  Stopwatch watch;
  Report report;
  report.mode = request.mode;

  // Validate everything that can be checked before reading the file.
  std::error_code ec;
  if (!std::filesystem::is_regular_file(request.path, ec)) {
    return Fail(Error(ErrorCode::kNotFound, "file " + request.path.string() + " does not exist"));
  }
  report.bytes = std::filesystem::file_size(request.path, ec);
  if (report.bytes == 0) {
    return Fail(Error(ErrorCode::kInvalidArgument, "the file is empty"));
  }
  // A file name that is not valid UTF-8 (a Latin-1 name sent by an old client) is repaired: the
  // catalog and the API speak UTF-8.
  const std::string source = SanitizeUtf8(
      request.source_name.empty() ? request.path.filename().string() : request.source_name);
  std::string dataset = request.dataset;
  if (dataset.empty()) {
    std::string stem = std::filesystem::path(source).stem().string();
    if (ExtensionOf(stem) == "csv" || ExtensionOf(stem) == "json") {
      stem = std::filesystem::path(stem).stem().string();  // data.csv.gz
    }
    dataset = catalog::SuggestName(stem);
  }
  SAGAZ_TRY(catalog::ValidateName(dataset));
  dataset = ToLower(dataset);
  report.dataset = dataset;

  const bool exists = SAGAZ_TRY(catalog_.Exists(dataset));
  if (request.mode == Mode::kCreate && exists) {
    return Fail(
        Error(ErrorCode::kAlreadyExists,
              "dataset '" + dataset + "' already exists; use mode replace, append or upsert")
            .With("dataset", dataset));
  }
  if ((request.mode == Mode::kAppend || request.mode == Mode::kUpsert) && !exists) {
    return Fail(Error(ErrorCode::kNotFound, "dataset '" + dataset + "' does not exist; " +
                                                std::string(ToString(request.mode)) +
                                                " needs an existing dataset")
                    .With("dataset", dataset));
  }
  if (request.mode == Mode::kUpsert && request.key.empty()) {
    return Fail(
        Error(ErrorCode::kInvalidArgument, "upsert needs key columns").With("option", "key"));
  }
  const double max_ratio = request.max_reject_ratio.value_or(config_.max_reject_ratio);
  if (max_ratio < 0 || max_ratio > 1) {
    return Fail(ErrorCode::kInvalidArgument, "max_reject_ratio must be between 0 and 1");
  }
  Format format = request.format;
  if (format == Format::kAuto) format = SAGAZ_TRY(DetectFormat(request.path, source));
  report.format = format;
  // What DuckDB copes with badly is refused before it reads a byte.
  if (format == Format::kJson) {
    SAGAZ_TRY(internal::CheckJsonFile(request.path, config_.max_columns));
  } else if (format == Format::kCsv) {
    SAGAZ_TRY(internal::CheckCsvFile(request.path, request.csv, config_.max_columns));
  }

  auto conn = SAGAZ_TRY(pool_.Acquire());
  // Progress polling doubles as the cancellation check: a cancelled ingest interrupts its query.
  ProgressFn progress;
  if (user_progress || request.cancelled) {
    progress = [&](double f) {
      if (request.cancelled && request.cancelled()) conn->Interrupt();
      if (user_progress) user_progress(f);
    };
  }
  auto check_cancelled = [&]() -> Status {
    if (request.cancelled && request.cancelled()) {
      return Fail(ErrorCode::kCancelled, "the ingest was cancelled; nothing was loaded");
    }
    return Ok();
  };
  if (progress) SAGAZ_TRY(conn->EnableProgress());
  const std::string staging = "__ingest_" + RandomHex(8);
  StagingGuard guard(*conn, staging);

  internal::LoadOutcome outcome;
  switch (format) {
    case Format::kCsv:
      outcome = SAGAZ_TRY(internal::LoadCsv(*conn, request, config_, staging, progress));
      break;
    case Format::kJson:
      outcome = SAGAZ_TRY(internal::LoadJson(*conn, request, config_, staging, progress));
      break;
    case Format::kParquet:
      outcome = SAGAZ_TRY(internal::LoadParquet(*conn, request, config_, staging, progress));
      break;
    case Format::kCotahist:
      outcome = SAGAZ_TRY(internal::LoadCotahist(*conn, request, staging, progress));
      break;
    case Format::kAuto:
      return Fail(ErrorCode::kInternal, "format not resolved");
  }
  SAGAZ_TRY(internal::NormalizeColumnNames(*conn, staging, outcome));

  auto count = SAGAZ_TRY(conn->Query("SELECT count(*) FROM " + QuoteIdent(staging)));
  report.rows_loaded = db::IntOf(SAGAZ_TRY(count.FetchScalar()));
  report.rows_rejected = outcome.rows_rejected;
  report.rejections = std::move(outcome.rejections);
  report.decisions = std::move(outcome.decisions);

  const int64_t total = report.rows_loaded + report.rows_rejected;
  auto rejection_error = [&](std::string message) {
    Error e(ErrorCode::kInvalidArgument, std::move(message));
    e.With("rows_rejected", std::to_string(report.rows_rejected));
    for (size_t i = 0; i < std::min<size_t>(report.rejections.size(), 5); ++i) {
      const auto& r = report.rejections[i];
      e.With("line " + std::to_string(r.line), r.reason);
    }
    return Fail(std::move(e));
  };
  if (report.rows_loaded == 0 && report.rows_rejected == 0) {
    return Fail(ErrorCode::kInvalidArgument, "the file has no data rows");
  }
  if (report.rows_loaded == 0) {
    return rejection_error("no row of the file could be read: every row was malformed");
  }
  if (report.rows_rejected > 0 &&
      static_cast<double>(report.rows_rejected) > max_ratio * static_cast<double>(total)) {
    char pct[32];
    std::snprintf(pct, sizeof pct, "%.1f%%",
                  100.0 * static_cast<double>(report.rows_rejected) / static_cast<double>(total));
    return rejection_error(std::to_string(report.rows_rejected) + " of " + std::to_string(total) +
                           " rows (" + pct + ") are malformed, more than the allowed " +
                           std::to_string(static_cast<int>(max_ratio * 100)) +
                           "%; nothing was loaded");
  }

  auto staged_columns = SAGAZ_TRY(internal::TableColumns(*conn, staging));
  const std::string target = QuoteIdent(dataset);
  if (progress) progress(0.92);
  SAGAZ_TRY(check_cancelled());
  auto commit = [&](db::Transaction& tx) -> Status {
    if (before_commit) SAGAZ_TRY(before_commit(*conn, report));
    return tx.Commit();
  };

  switch (request.mode) {
    case Mode::kCreate:
    case Mode::kReplace: {
      auto tx = SAGAZ_TRY(db::Transaction::Begin(*conn));
      if (request.mode == Mode::kReplace) {
        SAGAZ_TRY(conn->Execute("DROP TABLE IF EXISTS " + target));
      }
      SAGAZ_TRY(conn->Execute("ALTER TABLE " + QuoteIdent(staging) + " RENAME TO " + target));
      catalog::Registration reg{dataset, source, std::string(ToString(format)),
                                outcome.original_names, request.mode == Mode::kReplace};
      SAGAZ_TRY(catalog_.Register(*conn, reg));
      report.rows_inserted = report.rows_loaded;
      SAGAZ_TRY(commit(tx));
      break;
    }
    case Mode::kAppend:
    case Mode::kUpsert: {
      auto target_columns = SAGAZ_TRY(internal::TableColumns(*conn, dataset));
      const std::string select =
          SAGAZ_TRY(AppendSelect(*conn, staging, staged_columns, target_columns, dataset));
      const std::string rows_sql = "SELECT " + select + " FROM " + QuoteIdent(staging);
      if (request.mode == Mode::kAppend) {
        auto tx = SAGAZ_TRY(db::Transaction::Begin(*conn));
        auto ins = SAGAZ_TRY(conn->Query("INSERT INTO " + target + " BY NAME " + rows_sql));
        report.rows_inserted = ins.rows_changed();
        SAGAZ_TRY(catalog_.Touch(*conn, dataset));
        SAGAZ_TRY(commit(tx));
        break;
      }
      // Upsert: the key must exist on both sides; within the file the last row of a key wins.
      std::vector<std::string> key;
      for (const auto& k : request.key) {
        auto find = [&](const std::vector<db::Column>& cols) {
          return std::find_if(cols.begin(), cols.end(),
                              [&](const db::Column& c) { return IEquals(c.name, k); });
        };
        auto in_file = find(staged_columns);
        if (in_file == staged_columns.end() || find(target_columns) == target_columns.end()) {
          return Fail(Error(ErrorCode::kInvalidArgument,
                            "key column '" + k + "' must exist in the file and in dataset '" +
                                dataset + "'")
                          .With("option", "key"));
        }
        key.push_back(in_file->name);
      }
      std::string key_list, match;
      for (const auto& k : key) {
        key_list += (key_list.empty() ? "" : ", ") + QuoteIdent(k);
        match +=
            (match.empty() ? "" : " AND ") + target + "." + QuoteIdent(k) + " = s." + QuoteIdent(k);
      }
      auto dups = SAGAZ_TRY(conn->Query("SELECT count(*) - count(DISTINCT (" + key_list +
                                        ")) FROM " + QuoteIdent(staging)));
      const int64_t duplicate_keys = db::IntOf(SAGAZ_TRY(dups.FetchScalar()));
      if (duplicate_keys > 0) {
        report.decisions.push_back(
            std::to_string(duplicate_keys) +
            " rows repeat a key of a later row in the file; the later row wins");
      }
      // rowid of the staging table orders rows as they appear in the file.
      const std::string deduped_rows = "SELECT * EXCLUDE (__rowid) FROM (SELECT " + select +
                                       ", rowid AS __rowid FROM " + QuoteIdent(staging) +
                                       ") QUALIFY row_number() OVER (PARTITION BY " + key_list +
                                       " ORDER BY __rowid DESC) = 1";
      auto tx = SAGAZ_TRY(db::Transaction::Begin(*conn));
      SAGAZ_TRY(conn->Execute("CREATE TEMP TABLE " + QuoteIdent(staging + "_rows") + " AS " +
                              deduped_rows));
      auto del = SAGAZ_TRY(conn->Query("DELETE FROM " + target + " USING " +
                                       QuoteIdent(staging + "_rows") + " s WHERE " + match));
      report.rows_updated = del.rows_changed();
      auto ins = SAGAZ_TRY(conn->Query("INSERT INTO " + target + " BY NAME SELECT * FROM " +
                                       QuoteIdent(staging + "_rows")));
      report.rows_inserted = ins.rows_changed() - report.rows_updated;
      SAGAZ_TRY(conn->Execute("DROP TABLE " + QuoteIdent(staging + "_rows")));
      SAGAZ_TRY(catalog_.Touch(*conn, dataset));
      SAGAZ_TRY(commit(tx));
      break;
    }
  }

  auto final_count = SAGAZ_TRY(conn->Query("SELECT count(*) FROM " + target));
  report.dataset_rows = db::IntOf(SAGAZ_TRY(final_count.FetchScalar()));
  for (const auto& c : SAGAZ_TRY(internal::TableColumns(*conn, dataset))) {
    ColumnReport cr{c.name, c.type.name, "", ""};
    if (auto it = outcome.original_names.find(c.name); it != outcome.original_names.end()) {
      cr.original_name = it->second;
    }
    if (auto it = outcome.notes.find(c.name); it != outcome.notes.end()) cr.note = it->second;
    report.columns.push_back(std::move(cr));
  }
  report.elapsed_ms = watch.ElapsedMs();
  if (progress) progress(1.0);
  log::Info("ingest finished", {{"dataset", dataset},
                                {"mode", std::string(ToString(request.mode))},
                                {"format", std::string(ToString(format))},
                                {"rows_loaded", std::to_string(report.rows_loaded)},
                                {"rows_rejected", std::to_string(report.rows_rejected)},
                                {"ms", std::to_string(static_cast<int64_t>(report.elapsed_ms))}});
  return report;
}

}  // namespace sagaz::ingest
