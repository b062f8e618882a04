// Re-typing text columns from all their values.
//
// Candidates are tried in order, narrowest first; a column takes the first candidate that every
// non-null value satisfies. Values that are common "no data" markers (n/d, -, #DIV/0!, ...) count
// as missing for typed candidates, and the report says how many there were. Each candidate is
// checked on a sample first, so clearly textual columns cost one small query, and then on every
// row.
#include <algorithm>
#include <set>

#include "core/ids.hpp"
#include "core/log.hpp"
#include "core/strings.hpp"
#include "ingest/internal/loader.hpp"

namespace sagaz::ingest::internal {
namespace {

struct Candidate {
  std::string label;         // for the report
  std::string type;          // target SQL type
  std::string predicate;     // true when value {v} (trimmed, non-null) converts
  std::string convert;       // expression converting {v}
  bool needs_comma = false;  // decimal comma: at least one value must contain ','
};

constexpr const char* kDateShape =
    "regexp_full_match({v}, '[0-9]{1,4}[-/.][0-9]{1,2}[-/.][0-9]{1,4}')";
constexpr const char* kTimestampShape =
    "regexp_full_match({v}, '[0-9]{1,4}[-/.][0-9]{1,2}[-/.][0-9]{1,4}[ "
    "T][0-9]{1,2}:[0-9]{2}(:[0-9]{2})?')";

const std::vector<Candidate>& Candidates() {
  static const std::vector<Candidate> kCandidates = [] {
    std::vector<Candidate> c;
    // Integers, without leading zeros (those are codes: CEP, SKU, account numbers).
    c.push_back({"integer", "BIGINT", "regexp_full_match({v}, '[+-]?(0|[1-9][0-9]{0,17})')",
                 "CAST({v} AS BIGINT)"});
    c.push_back(
        {"decimal", "DOUBLE",
         "regexp_full_match({v}, '[+-]?((0|[1-9][0-9]*)(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]+)?')",
         "CAST({v} AS DOUBLE)"});
    // Brazilian/European numbers: 1.234,56 or 12,5 (optionally with R$).
    c.push_back({"decimal with comma", "DOUBLE",
                 "regexp_full_match(regexp_replace({v}, '^R\\$\\s*', ''),"
                 " '[+-]?([0-9]{1,3}(\\.[0-9]{3})+|[0-9]+)(,[0-9]+)?')",
                 "CAST(replace(replace(regexp_replace({v}, '^R\\$\\s*', ''), '.', ''), ',', '.') "
                 "AS DOUBLE)",
                 true});
    c.push_back(
        {"boolean", "BOOLEAN",
         "lower({v}) IN ('true', 'false', 'yes', 'no', 'sim', 'não', 'nao', 'verdadeiro', 'falso')",
         "lower({v}) IN ('true', 'yes', 'sim', 'verdadeiro')"});
    const char* date_formats[] = {"%Y-%m-%d", "%d/%m/%Y", "%m/%d/%Y", "%d-%m-%Y",
                                  "%d.%m.%Y", "%Y/%m/%d", "%d/%m/%y"};
    for (const char* f : date_formats) {
      // A cheap shape test first (CASE, so that strptime runs only on date-shaped values): strptime
      // is the expensive part, and most text is not a date.
      c.push_back({std::string("date ") + f, "DATE",
                   std::string("CASE WHEN ") + kDateShape + " THEN try_strptime({v}, '" + f +
                       "') IS NOT NULL ELSE false END",
                   std::string("CAST(strptime({v}, '") + f + "') AS DATE)"});
    }
    c.push_back(
        {"timestamp (ISO 8601)", "TIMESTAMP",
         "CASE WHEN regexp_full_match({v}, '[0-9]{4}-[0-9]{2}-[0-9]{2}[ T][0-9]{2}:[0-9]{2}"
         "(:[0-9]{2}(\\.[0-9]+)?)?') THEN TRY_CAST({v} AS TIMESTAMP) IS NOT NULL ELSE false END",
         "CAST({v} AS TIMESTAMP)"});
    const char* ts_formats[] = {"%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M",    "%m/%d/%Y %H:%M:%S",
                                "%m/%d/%Y %H:%M",    "%d-%m-%Y %H:%M:%S", "%Y/%m/%d %H:%M:%S"};
    for (const char* f : ts_formats) {
      c.push_back({std::string("timestamp ") + f, "TIMESTAMP",
                   std::string("CASE WHEN ") + kTimestampShape + " THEN try_strptime({v}, '" + f +
                       "') IS NOT NULL ELSE false END",
                   std::string("strptime({v}, '") + f + "')"});
    }
    return c;
  }();
  return kCandidates;
}

// Values that mean "no data" in exported spreadsheets and reports (compared lowercase, trimmed).
constexpr const char* kMarkers =
    "('n/d', 'nd', 'n.d.', 'n/a', 's/d', 's/i', '-', '--', '---', '?', '.', 'sem dado', 'sem "
    "dados',"
    " 'sem informação', 'missing', 'unknown', 'desconhecido', '#div/0!', '#value!', '#ref!', "
    "'#num!',"
    " '#name?', '#null!', 'inf', '-inf', 'infinity', 'undefined')";

std::string Substitute(std::string expr, const std::string& value) {
  for (size_t pos; (pos = expr.find("{v}")) != std::string::npos;) expr.replace(pos, 3, value);
  return expr;
}

bool True(const db::Value& v) { return std::holds_alternative<bool>(v) && std::get<bool>(v); }

std::string ColumnList(const std::vector<std::string>& columns) {
  std::string out;
  for (const auto& c : columns) out += (out.empty() ? "" : ", ") + QuoteIdent(c);
  return out;
}

// Non-empty trimmed values of `columns` as (col, v, is_marker) rows: one narrow shape for any
// number of columns, so the checks below are a fixed handful of aggregates grouped by column.
std::string LongValues(const std::string& source, const std::vector<std::string>& columns) {
  return "SELECT col, trim(v) AS v, lower(trim(v)) IN " + std::string(kMarkers) +
         " AS is_marker FROM (UNPIVOT (SELECT " + ColumnList(columns) + " FROM " + source +
         ") ON COLUMNS(*) INTO NAME col VALUE v) WHERE trim(v) <> ''";
}

}  // namespace

Status Retype(db::Connection& conn, const std::string& table,
              const std::vector<std::string>& columns, LoadOutcome& outcome) {
  const auto& cands = Candidates();
  const std::string t = QuoteIdent(table);
  Stopwatch watch;

  // 1. On the first rows: which candidates hold for each column.
  std::string sql = "SELECT col";
  for (const auto& cand : cands) {
    sql += ", bool_and(is_marker OR coalesce(" + Substitute(cand.predicate, "v") + ", false))";
  }
  sql +=
      " FROM (" + LongValues("(SELECT * FROM " + t + " LIMIT 20000)", columns) + ") GROUP BY col";
  auto sample = SAGAZ_TRY(conn.Query(sql));
  std::map<std::string, std::vector<size_t>> survivors;  // column -> candidate indexes
  std::set<std::string> seen;
  for (const auto& row : SAGAZ_TRY(sample.FetchRows())) {
    const std::string col = std::get<std::string>(row[0]);
    seen.insert(col);
    for (size_t k = 0; k < cands.size(); ++k) {
      if (True(row[k + 1])) survivors[col].push_back(k);
    }
  }
  // Columns empty in the first rows may have values further down: every candidate stays open for
  // them.
  std::vector<std::string> unseen;
  for (const auto& c : columns) {
    if (!seen.count(c)) unseen.push_back(c);
  }
  if (!unseen.empty()) {
    auto present =
        SAGAZ_TRY(conn.Query("SELECT DISTINCT col FROM (" + LongValues(t, unseen) + ")"));
    for (const auto& row : SAGAZ_TRY(present.FetchRows())) {
      auto& all = survivors[std::get<std::string>(row[0])];
      for (size_t k = 0; k < cands.size(); ++k) all.push_back(k);
    }
  }
  log::Debug("retype sample checked", {{"ms", std::to_string(watch.ElapsedMs())}});
  if (survivors.empty()) return Ok();

  // 2. On every row, per surviving column: values, markers, commas and failures of each candidate.
  std::map<std::string, std::string> conversions;  // column -> SELECT expression
  for (const auto& [column, ks] : survivors) {
    if (ks.empty()) continue;
    sql =
        "SELECT count(*) FILTER (WHERE NOT is_marker), count(*) FILTER (WHERE is_marker),"
        " count(*) FILTER (WHERE contains(v, ','))";
    for (size_t k : ks) {
      sql += ", count(*) FILTER (WHERE NOT is_marker AND NOT coalesce(" +
             Substitute(cands[k].predicate, "v") + ", false))";
    }
    sql += " FROM (" + LongValues(t, {column}) + ")";
    auto full = SAGAZ_TRY(conn.Query(sql));
    auto frow = SAGAZ_TRY(full.FetchRows(1));
    if (frow.empty()) continue;
    const int64_t values = db::IntOf(frow[0][0]);
    const int64_t markers = db::IntOf(frow[0][1]);
    const int64_t commas = db::IntOf(frow[0][2]);
    std::optional<size_t> chosen;
    for (size_t i = 0; i < ks.size() && !chosen; ++i) {
      const auto& cand = cands[ks[i]];
      if (db::IntOf(frow[0][3 + i]) != 0 || values == 0) continue;
      if (cand.needs_comma && commas == 0) continue;
      chosen = ks[i];
    }
    if (!chosen) continue;
    const auto& cand = cands[*chosen];
    const std::string col = QuoteIdent(column);
    conversions[column] = "CASE WHEN " + col + " IS NULL OR trim(" + col + ") = '' OR lower(trim(" +
                          col + ")) IN " + kMarkers + " THEN NULL ELSE " +
                          Substitute(cand.convert, "trim(" + col + ")") + " END";
    std::string note = "read as " + cand.type + " (" + cand.label + ")";
    if (markers > 0) {
      note += "; " + std::to_string(markers) + " value" + (markers == 1 ? "" : "s") +
              " such as 'n/d' or '-' treated as missing";
    }
    auto& existing = outcome.notes[column];
    existing = existing.empty() ? note : existing + "; " + note;
  }
  log::Debug("retype full check", {{"ms", std::to_string(watch.ElapsedMs())}});
  if (conversions.empty()) return Ok();

  // 3. Rewrite the table once with every conversion.
  auto cols = SAGAZ_TRY(TableColumns(conn, table));
  std::string select;
  for (size_t i = 0; i < cols.size(); ++i) {
    const auto it = conversions.find(cols[i].name);
    select += (i ? ", " : "") + (it == conversions.end()
                                     ? QuoteIdent(cols[i].name)
                                     : it->second + " AS " + QuoteIdent(cols[i].name));
  }
  const std::string tmp = table + "_typed";
  SAGAZ_TRY(
      conn.Execute("CREATE TABLE " + QuoteIdent(tmp) + " AS SELECT " + select + " FROM " + t));
  SAGAZ_TRY(conn.Execute("DROP TABLE " + t));
  SAGAZ_TRY(conn.Execute("ALTER TABLE " + QuoteIdent(tmp) + " RENAME TO " + t));
  return Ok();
}

}  // namespace sagaz::ingest::internal
