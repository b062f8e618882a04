// CSV: sniff the dialect with DuckDB, load with the sniffed types while storing rejected rows,
// widen columns whose later values did not fit the sample's type, then re-type text columns from
// all their values.
#include <fstream>
#include <set>

#include "core/ids.hpp"
#include "core/log.hpp"
#include "core/strings.hpp"
#include "ingest/internal/loader.hpp"

namespace sagaz::ingest::internal {
namespace {

// DuckDB's sniffer reports an absent quote or escape as "(empty)".
std::string Unempty(std::string s) { return s == "(empty)" ? std::string() : s; }

std::string SqlList(const std::vector<std::string>& items) {
  std::string out = "[";
  for (size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + QuoteLiteral(items[i]);
  return out + "]";
}

struct Dialect {
  std::string delimiter;
  std::string quote;
  std::string escape;
  std::string new_line;
  std::string comment;
  int64_t skip = 0;
  bool header = true;
  std::string date_format;
  std::string timestamp_format;
  std::vector<std::pair<std::string, std::string>> columns;  // name, type
};

// Looks at the start of the file: UTF-16 by its byte-order mark, UTF-8 when the first MiB is valid
// UTF-8, Latin-1 otherwise. Later invalid bytes are caught by the loader and trigger a Latin-1
// retry.
std::string DetectEncoding(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::string head(1 << 20, '\0');
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<size_t>(in.gcount()));
  if (head.size() >= 2 &&
      ((head[0] == '\xFF' && head[1] == '\xFE') || (head[0] == '\xFE' && head[1] == '\xFF'))) {
    return "utf-16";
  }
  // A multi-byte sequence cut by the 1 MiB boundary is not an error.
  if (head.size() == (1u << 20)) {
    size_t cut = 0;
    while (cut < 3 && cut < head.size() &&
           (static_cast<unsigned char>(head[head.size() - 1 - cut]) & 0xC0) == 0x80) {
      ++cut;
    }
    if (cut < head.size() &&
        (static_cast<unsigned char>(head[head.size() - 1 - cut]) & 0xC0) == 0xC0) {
      head.resize(head.size() - 1 - cut);
    }
  }
  return IsValidUtf8(head) ? "utf-8" : "latin-1";
}

bool IsUnicodeError(const Error& e) {
  return e.message.find("Invalid unicode") != std::string::npos ||
         e.message.find("not utf-8") != std::string::npos;
}

// Dialect options the user fixed, as read_csv/sniff_csv arguments.
std::string UserDialectArgs(const CsvOptions& o) {
  std::string args;
  if (o.delimiter) args += ", delim = " + QuoteLiteral(*o.delimiter == "\\t" ? "\t" : *o.delimiter);
  if (o.quote) args += ", quote = " + QuoteLiteral(*o.quote);
  if (o.escape) args += ", escape = " + QuoteLiteral(*o.escape);
  if (o.header) args += std::string(", header = ") + (*o.header ? "true" : "false");
  if (o.skip_rows) args += ", skip = " + std::to_string(*o.skip_rows);
  if (o.date_format) args += ", dateformat = " + QuoteLiteral(*o.date_format);
  if (o.timestamp_format) args += ", timestampformat = " + QuoteLiteral(*o.timestamp_format);
  if (o.decimal_separator) args += ", decimal_separator = " + QuoteLiteral(*o.decimal_separator);
  return args;
}

// read_csv arguments that read the file as `d` says, without detection.
std::string DialectArgs(const Dialect& d, const std::string& encoding,
                        const std::vector<std::string>& nulls, const CsvOptions& opts) {
  std::string args = ", auto_detect = false, delim = " + QuoteLiteral(d.delimiter) +
                     ", quote = " + QuoteLiteral(d.quote) + ", escape = " + QuoteLiteral(d.escape) +
                     ", header = " + (d.header ? "true" : "false") +
                     ", skip = " + std::to_string(d.skip) +
                     ", encoding = " + QuoteLiteral(encoding) + ", nullstr = " + SqlList(nulls);
  if (d.new_line == "\\n" || d.new_line == "\\r\\n" || d.new_line == "\\r") {
    args += ", new_line = " + QuoteLiteral(d.new_line);
  }
  if (!d.comment.empty()) args += ", comment = " + QuoteLiteral(d.comment);
  if (!d.date_format.empty()) args += ", dateformat = " + QuoteLiteral(d.date_format);
  if (!d.timestamp_format.empty())
    args += ", timestampformat = " + QuoteLiteral(d.timestamp_format);
  if (opts.decimal_separator)
    args += ", decimal_separator = " + QuoteLiteral(*opts.decimal_separator);
  return args;
}

std::string ColumnsArg(const std::vector<std::pair<std::string, std::string>>& columns) {
  std::string cols = ", columns = {";
  for (size_t i = 0; i < columns.size(); ++i) {
    cols +=
        (i ? ", " : "") + QuoteLiteral(columns[i].first) + ": " + QuoteLiteral(columns[i].second);
  }
  return cols + "}";
}

std::string ReadCsvCall(const std::filesystem::path& path, const Dialect& d,
                        const std::vector<std::pair<std::string, std::string>>& columns,
                        const std::string& encoding, const std::vector<std::string>& nulls,
                        const CsvOptions& opts, const std::string& rejects_table,
                        const std::string& rejects_scan) {
  return "read_csv(" + QuoteLiteral(path.string()) + DialectArgs(d, encoding, nulls, opts) +
         ColumnsArg(columns) +
         ", store_rejects = true, rejects_table = " + QuoteLiteral(rejects_table) +
         ", rejects_scan = " + QuoteLiteral(rejects_scan) + ")";
}

// Rows among the first `sample_rows` that `d` reads as a table: those with its number of fields.
Result<int64_t> RowsFitting(db::Connection& conn, const std::filesystem::path& path,
                            const Dialect& d, const std::string& encoding,
                            const std::vector<std::string>& nulls, const CsvOptions& opts,
                            int64_t sample_rows) {
  std::vector<std::pair<std::string, std::string>> text = d.columns;
  for (auto& [_, type] : text) type = "VARCHAR";
  auto r = SAGAZ_TRY(
      conn.Query("SELECT count(*) FROM (SELECT 1 FROM read_csv(" + QuoteLiteral(path.string()) +
                 DialectArgs(d, encoding, nulls, opts) + ColumnsArg(text) +
                 ", ignore_errors = true) LIMIT " + std::to_string(sample_rows) + ")"));
  return db::IntOf(SAGAZ_TRY(r.FetchScalar()));
}

Result<Dialect> SniffOnce(db::Connection& conn, const std::filesystem::path& path,
                          const CsvOptions& opts, const std::string& encoding,
                          const std::vector<std::string>& nulls, int64_t sample_rows,
                          bool tolerant) {
  const std::string call = "sniff_csv(" + QuoteLiteral(path.string()) +
                           ", sample_size = " + std::to_string(sample_rows) +
                           ", encoding = " + QuoteLiteral(encoding) +
                           ", nullstr = " + SqlList(nulls) +
                           (tolerant ? ", ignore_errors = true" : "") + UserDialectArgs(opts) + ")";
  auto result =
      SAGAZ_TRY(conn.Query("WITH s AS MATERIALIZED (SELECT * FROM " + call +
                           ") SELECT \"Delimiter\", \"Quote\", \"Escape\", NewLineDelimiter, "
                           "\"Comment\", SkipRows::BIGINT,"
                           " HasHeader, coalesce(DateFormat, ''), coalesce(TimestampFormat, ''), i,"
                           " \"Columns\"[i].name, \"Columns\"[i].type"
                           " FROM s, range(1, len(s.\"Columns\") + 1) r(i) ORDER BY i"));
  auto rows = SAGAZ_TRY(result.FetchRows());
  if (rows.empty()) return Fail(ErrorCode::kInvalidArgument, "no columns found in the file");
  Dialect d;
  d.delimiter = db::TextOf(rows[0][0]);
  d.quote = Unempty(db::TextOf(rows[0][1]));
  d.escape = Unempty(db::TextOf(rows[0][2]));
  d.new_line = db::TextOf(rows[0][3]);
  d.comment = Unempty(db::TextOf(rows[0][4]));
  d.skip = db::IntOf(rows[0][5]);
  d.header = std::get_if<bool>(&rows[0][6]) ? std::get<bool>(rows[0][6]) : true;
  d.date_format = db::TextOf(rows[0][7]);
  d.timestamp_format = db::TextOf(rows[0][8]);
  for (const auto& row : rows) d.columns.emplace_back(db::TextOf(row[10]), db::TextOf(row[11]));
  return d;
}

// DuckDB's sniffer wants every sampled row to agree. A few ragged rows make it fall back to one
// column (or fail), or skip every line up to the last ragged one and read what follows as a
// headerless table (a 1,000-row file whose last line has an extra field became 1 row). Then sniff
// again tolerating bad rows, and when both found a table, keep the one that reads more of the
// sample: a real preamble (a title above the header) is still skipped, a ragged line is a rejected
// row, never a reason to drop the header and the data. The load stores rejected rows.
Result<Dialect> Sniff(db::Connection& conn, const std::filesystem::path& path,
                      const CsvOptions& opts, const std::string& encoding,
                      const std::vector<std::string>& nulls, int64_t sample_rows, bool* tolerant) {
  *tolerant = false;
  auto strict = SniffOnce(conn, path, opts, encoding, nulls, sample_rows, false);
  const bool skipped = strict && strict->skip > 0 && !opts.skip_rows;
  if (strict && strict->columns.size() > 1 && !skipped) return strict;
  if (!strict && IsUnicodeError(strict.error())) return strict;
  auto relaxed = SniffOnce(conn, path, opts, encoding, nulls, sample_rows, true);
  if (skipped && strict->columns.size() > 1) {
    if (!relaxed || relaxed->columns.size() <= 1 || relaxed->skip >= strict->skip) return strict;
    const int64_t strict_rows =
        SAGAZ_TRY(RowsFitting(conn, path, *strict, encoding, nulls, opts, sample_rows));
    const int64_t relaxed_rows =
        SAGAZ_TRY(RowsFitting(conn, path, *relaxed, encoding, nulls, opts, sample_rows));
    if (relaxed_rows <= strict_rows) return strict;
    *tolerant = true;
    return relaxed;
  }
  if (relaxed && relaxed->columns.size() > (strict ? strict->columns.size() : 0)) {
    *tolerant = true;
    return relaxed;
  }
  return strict ? strict : relaxed;
}

bool IsIntegerType(const std::string& type) {
  const std::string t = ToLower(type);
  return t == "bigint" || t == "integer" || t == "int" || t == "smallint" || t == "tinyint" ||
         t == "int64" || t == "int32" || t == "int8" || t == "long";
}

// "sagaz:fraction:3" in an error raised by the integer guard -> ("fraction", name of column 3).
std::optional<std::pair<std::string, std::string>> IntegerGuardFailure(
    const std::string& message, const std::vector<std::pair<std::string, std::string>>& columns) {
  for (const char* kind : {"fraction", "big"}) {
    const std::string tag = std::string("sagaz:") + kind + ":";
    auto pos = message.find(tag);
    if (pos == std::string::npos) continue;
    size_t end = pos + tag.size();
    while (end < message.size() && std::isdigit(static_cast<unsigned char>(message[end]))) ++end;
    auto index = ParseNumber<size_t>(message.substr(pos + tag.size(), end - pos - tag.size()));
    if (index && *index < columns.size())
      return std::make_pair(std::string(kind), columns[*index].first);
  }
  return std::nullopt;
}

struct RejectRow {
  int64_t line;
  std::string column;
  std::string type;
  std::string line_text;
  std::string message;
};

Result<std::vector<RejectRow>> ReadRejects(db::Connection& conn, const std::string& table) {
  auto r =
      SAGAZ_TRY(conn.Query("SELECT line::BIGINT, coalesce(column_name, ''), error_type::VARCHAR,"
                           " coalesce(csv_line, ''), coalesce(error_message, '') FROM " +
                           QuoteIdent(table) + " ORDER BY line, column_idx"));
  std::vector<RejectRow> out;
  for (auto& row : SAGAZ_TRY(r.FetchRows())) {
    out.push_back(RejectRow{db::IntOf(row[0]), db::TextOf(row[1]), db::TextOf(row[2]),
                            db::TextOf(row[3]), db::TextOf(row[4])});
  }
  return out;
}

std::string Shorten(std::string s, size_t n = 200) {
  if (s.size() > n) {
    s.resize(n);
    s += "…";
  }
  return SanitizeUtf8(s);
}

std::string ReasonFor(const RejectRow& r) {
  if (r.type == "TOO MANY COLUMNS" || r.type == "MISSING COLUMNS") return r.message;
  if (r.type == "CAST") {
    // "Error when converting column "x". Could not convert string "y" to 'BIGINT'"
    auto pos = r.message.find("Could not convert");
    return pos == std::string::npos ? r.message : r.message.substr(pos);
  }
  if (r.type == "UNQUOTED VALUE") return "a quote inside an unquoted value";
  if (r.type == "LINE SIZE OVER MAXIMUM") return "line longer than the 2 MB maximum";
  if (r.type == "INVALID ENCODING" || r.type == "INVALID UNICODE") {
    return "bytes that are not valid text in the file's encoding";
  }
  return r.message.empty() ? ToLower(r.type) : r.message;
}

}  // namespace

const std::vector<std::string>& DefaultNullValues() {
  static const std::vector<std::string> kNulls = {
      "",     "#N/A",   "#N/A N/A", "#NA",  "-1.#IND", "-1.#QNAN", "-NaN",
      "-nan", "1.#IND", "1.#QNAN",  "<NA>", "N/A",     "NA",       "NULL",
      "NaN",  "None",   "n/a",      "nan",  "null"};
  return kNulls;
}

Result<LoadOutcome> LoadCsv(db::Connection& conn, const Request& request,
                            const IngestConfig& config, const std::string& staging,
                            const ProgressFn& progress) {
  const CsvOptions& opts = request.csv;
  LoadOutcome outcome;
  const std::vector<std::string>& nulls =
      opts.null_values ? *opts.null_values : DefaultNullValues();
  const bool auto_encoding = !opts.encoding.has_value();
  std::string encoding = opts.encoding ? ToLower(*opts.encoding) : DetectEncoding(request.path);
  if (encoding == "latin1" || encoding == "iso-8859-1") encoding = "latin-1";
  if (encoding == "utf8") encoding = "utf-8";
  if (encoding == "utf16") encoding = "utf-16";
  if (encoding != "utf-8" && encoding != "latin-1" && encoding != "utf-16") {
    return Fail(Error(ErrorCode::kUnsupported,
                      "encoding '" + encoding + "' is not supported; use utf-8, latin-1 or utf-16")
                    .With("option", "encoding"));
  }
  const std::string id = RandomHex(6);
  const std::string rejects_table = "__rejects_" + id;
  const std::string rejects_scan = "__rejects_scan_" + id;
  auto drop_rejects = [&] {
    (void)conn.Execute("DROP TABLE IF EXISTS " + QuoteIdent(rejects_table) +
                       "; DROP TABLE IF EXISTS " + QuoteIdent(rejects_scan));
  };

  Stopwatch watch;
  Dialect dialect;
  std::set<std::string> widened;     // columns re-read as text because later values did not fit
  std::set<std::string> fractional;  // integer-looking columns that turned out to hold fractions
  bool tolerant = false;             // the dialect was found by tolerating malformed rows
  std::vector<RejectRow> rejects;
  for (int attempt = 0; attempt < 12; ++attempt) {
    auto sniffed = Sniff(conn, request.path, opts, encoding, nulls, config.sample_rows, &tolerant);
    if (!sniffed) {
      if (auto_encoding && encoding == "utf-8" && IsUnicodeError(sniffed.error())) {
        encoding = "latin-1";
        continue;
      }
      return Fail(Error(ErrorCode::kInvalidArgument,
                        "cannot read the file as CSV: " + sniffed.error().message));
    }
    dialect = std::move(*sniffed);
    log::Debug("csv sniffed", {{"ms", std::to_string(watch.ElapsedMs())}});

    // Types: the sniffer's, then the user's, then text for columns that must be widened.
    std::vector<std::pair<std::string, std::string>> columns = dialect.columns;
    std::set<std::string> user_typed;
    for (auto& [name, type] : columns) {
      for (const auto& [col, t] : opts.types) {
        if (IEquals(col, name)) {
          type = t;
          user_typed.insert(name);
        }
      }
      if (widened.count(name)) type = "VARCHAR";
    }
    for (const auto& [col, _] : opts.types) {
      bool found = std::any_of(columns.begin(), columns.end(),
                               [&](const auto& c) { return IEquals(c.first, col); });
      if (!found) {
        return Fail(Error(ErrorCode::kInvalidArgument, "the file has no column '" + col + "'")
                        .With("option", "types"));
      }
    }

    // DuckDB's CSV cast to an integer rounds "12.5" to 13 silently. Integer columns are therefore
    // read as DOUBLE and converted back only when every value is a whole number that a double holds
    // exactly; otherwise the load stops at the first offending value, names the column, and the
    // column is re-read as DOUBLE (fractions) or as text to be re-typed exactly (integers beyond
    // 2^53).
    std::string projection;
    for (size_t i = 0; i < columns.size(); ++i) {
      auto& [name, type] = columns[i];
      const std::string col = QuoteIdent(name);
      if (!projection.empty()) projection += ", ";
      if (IsIntegerType(type) && !fractional.count(name)) {
        const std::string target = type;
        type = "DOUBLE";
        projection += "CASE WHEN " + col + " IS NULL THEN NULL::" + target + " WHEN abs(" + col +
                      ") >= 9007199254740992 THEN error('sagaz:big:" + std::to_string(i) +
                      "') WHEN " + col + " <> trunc(" + col +
                      ") THEN error('sagaz:fraction:" + std::to_string(i) + "') ELSE " + col +
                      "::" + target + " END AS " + col;
      } else {
        if (fractional.count(name)) type = "DOUBLE";
        projection += col;
      }
    }
    drop_rejects();
    SAGAZ_TRY(conn.Execute("DROP TABLE IF EXISTS " + QuoteIdent(staging)));
    const std::string call = ReadCsvCall(request.path, dialect, columns, encoding, nulls, opts,
                                         rejects_table, rejects_scan);
    {
      ProgressPoller poll(conn, progress, 0.0, 0.85);
      auto created = conn.Execute("CREATE TABLE " + QuoteIdent(staging) + " AS SELECT " +
                                  projection + " FROM " + call);
      if (!created) {
        drop_rejects();
        if (auto_encoding && encoding == "utf-8" && IsUnicodeError(created.error())) {
          encoding = "latin-1";
          continue;
        }
        if (auto guard = IntegerGuardFailure(created.error().message, columns)) {
          const auto& [kind, name] = *guard;
          if (user_typed.count(name)) {
            return Fail(
                Error(ErrorCode::kInvalidArgument,
                      "column '" + name + "' was given an integer type, but the file has " +
                          (kind == "fraction" ? "values with fractions" : "values too large") +
                          " in it")
                    .With("column", name));
          }
          if (kind == "fraction") {
            fractional.insert(name);
            outcome.notes[name] = "looked like whole numbers in the first " +
                                  std::to_string(config.sample_rows) +
                                  " rows, but later values have fractions; read as DOUBLE";
          } else {
            widened.insert(name);
            outcome.notes[name] =
                "integers too large for exact floating point; re-typed from the text";
          }
          continue;
        }
        return Fail(Error(created.error().code == ErrorCode::kCancelled
                              ? ErrorCode::kCancelled
                              : ErrorCode::kInvalidArgument,
                          "cannot load the CSV file: " + created.error().message));
      }
    }
    log::Debug("csv loaded", {{"ms", std::to_string(watch.ElapsedMs())}});
    rejects = SAGAZ_TRY(ReadRejects(conn, rejects_table));
    drop_rejects();

    bool unicode = false;
    std::set<std::string> cast_failures;
    for (const auto& r : rejects) {
      if (r.type == "INVALID ENCODING" || r.type == "INVALID UNICODE") unicode = true;
      if (r.type == "CAST" && !r.column.empty() && !user_typed.count(r.column)) {
        cast_failures.insert(r.column);
      }
    }
    if (unicode && auto_encoding && encoding == "utf-8") {
      encoding = "latin-1";
      continue;
    }
    if (!cast_failures.empty()) {
      for (const auto& col : cast_failures) {
        std::string type, example;
        for (const auto& [n, t] : columns) {
          if (n == col) type = t;
        }
        for (const auto& r : rejects) {
          if (r.column == col && r.type == "CAST") {
            example = "line " + std::to_string(r.line);
            break;
          }
        }
        outcome.notes[col] = "looked like " + type + " in the first " +
                             std::to_string(config.sample_rows) + " rows, but " + example +
                             " does not fit; re-typed from all values";
        widened.insert(col);
      }
      continue;
    }
    break;
  }

  if (encoding == "latin-1" && auto_encoding) {
    outcome.decisions.push_back("encoding: Latin-1 (the file is not valid UTF-8)");
  } else {
    outcome.decisions.push_back("encoding: " + encoding +
                                (auto_encoding ? " (detected)" : " (given)"));
  }
  std::string delim = dialect.delimiter == "\t" ? "tab" : "'" + dialect.delimiter + "'";
  outcome.decisions.push_back("delimiter: " + delim +
                              (opts.delimiter ? " (given)" : " (detected)"));
  if (tolerant) {
    outcome.decisions.push_back(
        "some rows do not have the header's number of fields; they are rejected");
  }
  outcome.decisions.push_back(std::string("header: ") + (dialect.header ? "yes" : "no") +
                              (opts.header ? " (given)" : " (detected)"));
  if (!dialect.date_format.empty()) {
    outcome.decisions.push_back("date format: " + dialect.date_format);
  }
  if (!dialect.timestamp_format.empty()) {
    outcome.decisions.push_back("timestamp format: " + dialect.timestamp_format);
  }

  // Rows rejected: one per line, with the first reason.
  std::set<int64_t> lines;
  for (const auto& r : rejects) {
    if (!lines.insert(r.line).second) continue;
    if (outcome.rejections.size() < kMaxReportedRejections) {
      outcome.rejections.push_back(Rejection{r.line, r.column, ReasonFor(r), Shorten(r.line_text)});
    }
  }
  outcome.rows_rejected = static_cast<int64_t>(lines.size());

  // Text columns (not typed by the user) may hold numbers with decimal commas, dates in local
  // formats, booleans in words, or values that were widened above.
  std::vector<std::string> candidates;
  for (const auto& [name, type] : dialect.columns) {
    bool user_typed = std::any_of(opts.types.begin(), opts.types.end(),
                                  [&](const auto& kv) { return IEquals(kv.first, name); });
    if (!user_typed && (type == "VARCHAR" || widened.count(name))) candidates.push_back(name);
  }
  if (!candidates.empty()) SAGAZ_TRY(Retype(conn, staging, candidates, outcome));
  if (progress) progress(0.9);
  return outcome;
}

}  // namespace sagaz::ingest::internal
