// Re-typing text columns from all their values.
//
// Candidates are tried in order, narrowest first; a column takes the first candidate that every non-null
// value satisfies. Values that are common "no data" markers (n/d, -, #DIV/0!, ...) count as missing for
// typed candidates, and the report says how many there were. Each candidate is checked on a sample first,
// so clearly textual columns cost one small query, and then on every row.
#include <algorithm>

#include "core/ids.hpp"
#include "core/strings.hpp"
#include "ingest/internal/loader.hpp"

namespace sagaz::ingest::internal {
namespace {

struct Candidate {
  std::string label;      // for the report
  std::string type;       // target SQL type
  std::string predicate;  // true when value {v} (trimmed, non-null) converts
  std::string convert;    // expression converting {v}
  bool needs_comma = false;  // decimal comma: at least one value must contain ','
};

const std::vector<Candidate>& Candidates() {
  static const std::vector<Candidate> kCandidates = [] {
    std::vector<Candidate> c;
    // Integers, without leading zeros (those are codes: CEP, SKU, account numbers).
    c.push_back({"integer", "BIGINT",
                 "regexp_full_match({v}, '[+-]?(0|[1-9][0-9]{0,17})')", "CAST({v} AS BIGINT)"});
    c.push_back({"decimal", "DOUBLE",
                 "regexp_full_match({v}, '[+-]?((0|[1-9][0-9]*)(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]+)?')",
                 "CAST({v} AS DOUBLE)"});
    // Brazilian/European numbers: 1.234,56 or 12,5 (optionally with R$).
    c.push_back({"decimal with comma", "DOUBLE",
                 "regexp_full_match(regexp_replace({v}, '^R\\$\\s*', ''),"
                 " '[+-]?([0-9]{1,3}(\\.[0-9]{3})+|[0-9]+)(,[0-9]+)?')",
                 "CAST(replace(replace(regexp_replace({v}, '^R\\$\\s*', ''), '.', ''), ',', '.') AS DOUBLE)",
                 true});
    c.push_back({"boolean", "BOOLEAN",
                 "lower({v}) IN ('true', 'false', 'yes', 'no', 'sim', 'não', 'nao', 'verdadeiro', 'falso')",
                 "lower({v}) IN ('true', 'yes', 'sim', 'verdadeiro')"});
    const char* date_formats[] = {"%Y-%m-%d", "%d/%m/%Y", "%m/%d/%Y", "%d-%m-%Y",
                                  "%d.%m.%Y", "%Y/%m/%d", "%d/%m/%y"};
    for (const char* f : date_formats) {
      c.push_back({std::string("date ") + f, "DATE",
                   std::string("try_strptime({v}, '") + f + "') IS NOT NULL",
                   std::string("CAST(strptime({v}, '") + f + "') AS DATE)"});
    }
    c.push_back({"timestamp (ISO 8601)", "TIMESTAMP",
                 "regexp_full_match({v}, '[0-9]{4}-[0-9]{2}-[0-9]{2}[ T][0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]+)?)?')"
                 " AND TRY_CAST({v} AS TIMESTAMP) IS NOT NULL",
                 "CAST({v} AS TIMESTAMP)"});
    const char* ts_formats[] = {"%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%m/%d/%Y %H:%M:%S",
                                "%m/%d/%Y %H:%M", "%d-%m-%Y %H:%M:%S", "%Y/%m/%d %H:%M:%S"};
    for (const char* f : ts_formats) {
      c.push_back({std::string("timestamp ") + f, "TIMESTAMP",
                   std::string("try_strptime({v}, '") + f + "') IS NOT NULL",
                   std::string("strptime({v}, '") + f + "')"});
    }
    return c;
  }();
  return kCandidates;
}

// Values that mean "no data" in exported spreadsheets and reports (compared lowercase, trimmed).
constexpr const char* kMarkers =
    "('n/d', 'nd', 'n.d.', 'n/a', 's/d', 's/i', '-', '--', '---', '?', '.', 'sem dado', 'sem dados',"
    " 'sem informação', 'missing', 'unknown', 'desconhecido', '#div/0!', '#value!', '#ref!', '#num!',"
    " '#name?', '#null!', 'inf', '-inf', 'infinity', 'undefined')";

std::string Substitute(std::string expr, const std::string& column) {
  const std::string v = "trim(" + QuoteIdent(column) + ")";
  for (size_t pos; (pos = expr.find("{v}")) != std::string::npos;) expr.replace(pos, 3, v);
  return expr;
}

int64_t Int(const db::Value& v) {
  if (const auto* i = std::get_if<int64_t>(&v)) return *i;
  if (const auto* u = std::get_if<uint64_t>(&v)) return static_cast<int64_t>(*u);
  if (const auto* b = std::get_if<bool>(&v)) return *b ? 1 : 0;
  return 0;
}

struct Check {
  std::string column;
  std::vector<size_t> candidates;  // indexes into Candidates()
};

}  // namespace

Status Retype(db::Connection& conn, const std::string& table, const std::vector<std::string>& columns,
              LoadOutcome& outcome) {
  const auto& cands = Candidates();
  const std::string t = QuoteIdent(table);
  auto marker = [&](const std::string& col) {
    return "lower(trim(" + QuoteIdent(col) + ")) IN " + std::string(kMarkers);
  };
  auto present = [&](const std::string& col) {
    return QuoteIdent(col) + " IS NOT NULL AND trim(" + QuoteIdent(col) + ") <> ''";
  };

  // 1. Sample: which candidates hold on the first rows of each column.
  std::string sql = "SELECT ";
  for (size_t c = 0; c < columns.size(); ++c) {
    for (size_t k = 0; k < cands.size(); ++k) {
      if (c || k) sql += ", ";
      sql += "bool_and(NOT (" + present(columns[c]) + ") OR " + marker(columns[c]) + " OR coalesce(" +
             Substitute(cands[k].predicate, columns[c]) + ", false))";
    }
  }
  sql += " FROM (SELECT * FROM " + t + " LIMIT 20000)";
  auto sample = SAGAZ_TRY(conn.Query(sql));
  auto srow = SAGAZ_TRY(sample.FetchRows(1));
  if (srow.empty()) return Ok();
  std::vector<Check> checks;
  for (size_t c = 0; c < columns.size(); ++c) {
    Check check{columns[c], {}};
    for (size_t k = 0; k < cands.size(); ++k) {
      const auto& v = srow[0][c * cands.size() + k];
      if (std::holds_alternative<bool>(v) && std::get<bool>(v)) check.candidates.push_back(k);
    }
    if (!check.candidates.empty()) checks.push_back(std::move(check));
  }
  if (checks.empty()) return Ok();

  // 2. Every row, for the surviving candidates: failures, markers, real values, commas.
  sql = "SELECT ";
  bool first = true;
  auto add = [&](const std::string& expr) {
    sql += (first ? "" : ", ") + expr;
    first = false;
  };
  for (const auto& ch : checks) {
    add("count(*) FILTER (WHERE " + present(ch.column) + " AND " + marker(ch.column) + ")");
    add("count(*) FILTER (WHERE " + present(ch.column) + " AND NOT " + marker(ch.column) + ")");
    add("count(*) FILTER (WHERE contains(" + QuoteIdent(ch.column) + ", ','))");
    for (size_t k : ch.candidates) {
      add("count(*) FILTER (WHERE " + present(ch.column) + " AND NOT " + marker(ch.column) +
          " AND NOT coalesce(" + Substitute(cands[k].predicate, ch.column) + ", false))");
    }
  }
  sql += " FROM " + t;
  auto full = SAGAZ_TRY(conn.Query(sql));
  auto frow = SAGAZ_TRY(full.FetchRows(1));
  if (frow.empty()) return Ok();

  // 3. Choose, then rewrite the table once with every conversion.
  std::map<std::string, std::string> conversions;  // column -> SELECT expression
  size_t pos = 0;
  for (const auto& ch : checks) {
    const int64_t markers = Int(frow[0][pos++]);
    const int64_t values = Int(frow[0][pos++]);
    const int64_t commas = Int(frow[0][pos++]);
    std::optional<size_t> chosen;
    for (size_t k : ch.candidates) {
      const int64_t failures = Int(frow[0][pos++]);
      if (chosen || failures != 0 || values == 0) continue;
      if (cands[k].needs_comma && commas == 0) continue;
      chosen = k;
    }
    if (!chosen) continue;
    const auto& cand = cands[*chosen];
    const std::string col = QuoteIdent(ch.column);
    conversions[ch.column] = "CASE WHEN " + col + " IS NULL OR trim(" + col + ") = '' OR " +
                             marker(ch.column) + " THEN NULL ELSE " +
                             Substitute(cand.convert, ch.column) + " END";
    std::string note = "read as " + cand.type + " (" + cand.label + ")";
    if (markers > 0) {
      note += "; " + std::to_string(markers) + " value" + (markers == 1 ? "" : "s") +
              " such as 'n/d' or '-' treated as missing";
    }
    auto& existing = outcome.notes[ch.column];
    existing = existing.empty() ? note : existing + "; " + note;
  }
  if (conversions.empty()) return Ok();

  auto cols = SAGAZ_TRY(TableColumns(conn, table));
  std::string select;
  for (size_t i = 0; i < cols.size(); ++i) {
    const auto it = conversions.find(cols[i].name);
    select += (i ? ", " : "") +
              (it == conversions.end() ? QuoteIdent(cols[i].name)
                                       : it->second + " AS " + QuoteIdent(cols[i].name));
  }
  const std::string tmp = table + "_typed";
  SAGAZ_TRY(conn.Execute("CREATE TABLE " + QuoteIdent(tmp) + " AS SELECT " + select + " FROM " + t));
  SAGAZ_TRY(conn.Execute("DROP TABLE " + t));
  SAGAZ_TRY(conn.Execute("ALTER TABLE " + QuoteIdent(tmp) + " RENAME TO " + t));
  return Ok();
}

}  // namespace sagaz::ingest::internal
