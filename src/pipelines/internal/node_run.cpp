#include "pipelines/internal/node_run.hpp"

#include <algorithm>
#include <cmath>
#include <set>

#include "catalog/catalog.hpp"
#include "core/ids.hpp"
#include "core/strings.hpp"
#include "db/db.hpp"
#include "observability/process.hpp"

namespace sagaz::pipelines::internal {
namespace {

std::string Num(double v) {
  if (std::floor(v) == v && std::fabs(v) < 9e15) return std::to_string(static_cast<int64_t>(v));
  return FormatDouble(v);
}

std::string Cols(const std::vector<std::string>& cols, std::string_view prefix = {}) {
  std::string out;
  for (const auto& c : cols) {
    if (!out.empty()) out += ", ";
    out += std::string(prefix) + QuoteIdent(c);
  }
  return out;
}

// {'a': "a", 'b': "b"}: a key as one value, with NULLs equal to each other.
std::string KeyStruct(const std::vector<std::string>& cols) {
  std::string out = "{";
  for (size_t i = 0; i < cols.size(); ++i) {
    out += (i ? ", " : "") + QuoteLiteral("k" + std::to_string(i)) + ": " + QuoteIdent(cols[i]);
  }
  return out + "}";
}

std::string KeyMatch(const std::vector<std::string>& key, std::string_view a, std::string_view b) {
  std::string out;
  for (const auto& k : key) {
    if (!out.empty()) out += " AND ";
    out += std::string(a) + "." + QuoteIdent(k) + " IS NOT DISTINCT FROM " + std::string(b) + "." +
           QuoteIdent(k);
  }
  return out;
}

int64_t DuckdbMemory(db::Connection& conn) {
  auto r = conn.Query("SELECT coalesce(sum(memory_usage_bytes), 0)::BIGINT FROM duckdb_memory()");
  if (!r) return 0;
  auto v = r->FetchScalar();
  return v ? db::IntOf(*v) : 0;
}

Result<bool> TableExists(db::Connection& conn, const std::string& name) {
  const db::Param p[] = {name};
  auto r = SAGAZ_TRY(conn.Query(
      "SELECT count(*) FROM duckdb_tables() WHERE schema_name = 'main' AND NOT temporary AND "
      "table_name = ?",
      p));
  return db::IntOf(SAGAZ_TRY(r.FetchScalar())) > 0;
}

Result<std::vector<std::string>> ColumnsOf(db::Connection& conn, const std::string& table) {
  auto r = SAGAZ_TRY(conn.Query("SELECT * FROM " + table + " LIMIT 0"));
  std::vector<std::string> out;
  for (const auto& c : r.columns()) out.push_back(c.name);
  return out;
}

Result<int64_t> Count(db::Connection& conn, const std::string& sql) {
  auto r = SAGAZ_TRY(conn.Query(sql));
  return db::IntOf(SAGAZ_TRY(r.FetchScalar()));
}

Result<std::vector<std::string>> Samples(db::Connection& conn, std::string_view table,
                                         const std::string& condition, int64_t limit) {
  std::vector<std::string> out;
  if (limit <= 0) return out;
  auto r = SAGAZ_TRY(conn.Query("SELECT to_json(s)::VARCHAR FROM " + std::string(table) +
                                " AS s WHERE " + condition + " LIMIT " + std::to_string(limit)));
  for (auto& row : SAGAZ_TRY(r.FetchRows())) out.push_back(db::TextOf(row[0]));
  return out;
}

// Records the target in the catalog (new table) or marks its data changed, and sets the node's
// descriptions, inside the node's transaction.
Status Register(db::Connection& conn, const NodeContext& ctx, const Node& node, bool created,
                bool changed) {
  if (created) {
    catalog::Registration reg{node.name,
                              "pipeline " + ctx.pipeline.name,
                              "pipeline",
                              {},
                              /*replace=*/true};
    SAGAZ_TRY(ctx.catalog.Register(conn, reg));
  } else if (changed) {
    SAGAZ_TRY(ctx.catalog.Touch(conn, node.name));
  }
  if (!created) return Ok();
  if (!node.description.empty()) {
    const db::Param p[] = {node.description, node.name};
    SAGAZ_TRY(conn.Query("UPDATE _sagaz.datasets SET description = ? WHERE name = ?", p));
  }
  for (const auto& [column, text] : node.column_docs) {
    const db::Param del[] = {node.name, column};
    SAGAZ_TRY(conn.Query("DELETE FROM _sagaz.dataset_columns WHERE dataset = ? AND name = ?", del));
    const db::Param ins[] = {node.name, column, text};
    SAGAZ_TRY(conn.Query(
        "INSERT INTO _sagaz.dataset_columns(dataset, name, description) VALUES (?, ?, ?)", ins));
  }
  return Ok();
}

// The merge key's uniqueness among the staged rows, as a rule: checked in the one validation
// pass when the node creates or replaces its target. An incremental merge checks it on the rows it
// writes instead (Merge), which costs a join of those rows rather than a pass over every staged
// row: a duplicated key whose rows all equal the target writes nothing and cannot make a re-run
// write again, so only keys that would be written must be unique.
Rule MergeKeyRule(const Node& node) {
  Rule r;
  r.kind = RuleKind::kUnique;
  r.columns = node.key;
  r.name = "unique(" + Join(node.key, ",") + ") (the merge key)";
  return r;
}

bool Merges(const Node& node) {
  return node.strategy == Strategy::kUpsert || node.strategy == Strategy::kWindow;
}

// Rules to check in the validation pass; `incremental` merges check their key in Merge.
std::vector<Rule> RulesOf(const Node& node, bool incremental) {
  std::vector<Rule> rules = node.rules;
  if (Merges(node) && !incremental) {
    const bool has = std::any_of(rules.begin(), rules.end(), [&](const Rule& r) {
      return r.kind == RuleKind::kUnique && r.columns == node.key;
    });
    if (!has) rules.push_back(MergeKeyRule(node));
  }
  return rules;
}

// Merges the staged rows into the target by key in one join: the rows to write (a key the target
// lacks, or a value that IS DISTINCT FROM the target's) go to a delta table with the matched
// target row's rowid; the changed rows are updated by rowid and the new ones inserted. Re-running
// on the same input finds an empty delta and writes nothing.
Status Merge(db::Connection& conn, const NodeContext& ctx, const Node& node,
             const std::string& target, const std::string& stage,
             const std::vector<std::string>& columns, NodeReport& report) {
  std::vector<std::string> values;
  for (const auto& c : columns) {
    if (std::find(node.key.begin(), node.key.end(), c) == node.key.end()) values.push_back(c);
  }
  const std::string match = KeyMatch(node.key, "t", "s");
  const std::string delta = QuoteIdent("__sagaz_delta_" + node.name);
  constexpr std::string_view kRowid = "__sagaz_rowid";
  std::string differs;
  for (const auto& c : values) {
    differs += " OR t." + QuoteIdent(c) + " IS DISTINCT FROM s." + QuoteIdent(c);
  }
  SAGAZ_TRY(conn.Execute("CREATE OR REPLACE TEMP TABLE " + delta + " AS SELECT s.*, t.rowid AS " +
                         std::string(kRowid) + " FROM " + stage + " AS s LEFT JOIN " + target +
                         " AS t ON " + match + " WHERE t.rowid IS NULL" + differs));

  // The key must be unique among the rows written: each delta row matches exactly one staged row
  // (itself) unless its key is staged twice. Details only when it is not.
  const int64_t written = SAGAZ_TRY(Count(conn, "SELECT count(*) FROM " + delta));
  const int64_t matched =
      SAGAZ_TRY(Count(conn, "SELECT count(*) FROM " + delta + " AS d JOIN " + stage + " AS s ON " +
                                KeyMatch(node.key, "d", "s")));
  if (matched > written) {
    const std::string duplicate =
        KeyStruct(node.key) + " IN (SELECT " + KeyStruct(node.key) + " FROM (SELECT " +
        Cols(node.key, "d.") + " FROM " + delta + " AS d JOIN " + stage + " AS s ON " +
        KeyMatch(node.key, "d", "s") + " GROUP BY ALL HAVING count(*) > 1))";
    RuleFailure f;
    f.rule = MergeKeyRule(node).name;
    f.count = SAGAZ_TRY(Count(conn, "SELECT count(*) FROM " + stage + " WHERE " + duplicate));
    f.samples = SAGAZ_TRY(Samples(conn, stage, duplicate, ctx.config.sample_rows));
    report.failures.push_back(std::move(f));
    return Fail(Error(ErrorCode::kFailedPrecondition,
                      "node '" + node.name + "' failed validation: " + report.failures.back().rule +
                          " (" + std::to_string(report.failures.back().count) + ")")
                    .With("node", node.name));
  }

  if (!values.empty()) {
    std::string set;
    for (const auto& c : values) {
      set += (set.empty() ? "" : ", ") + QuoteIdent(c) + " = d." + QuoteIdent(c);
    }
    auto r = SAGAZ_TRY(conn.Query("UPDATE " + target + " AS t SET " + set + " FROM " + delta +
                                  " AS d WHERE d." + std::string(kRowid) +
                                  " IS NOT NULL AND t.rowid = d." + std::string(kRowid)));
    report.rows_updated = r.rows_changed();
  }
  auto ins = SAGAZ_TRY(conn.Query("INSERT INTO " + target + " BY NAME SELECT d.* EXCLUDE (" +
                                  std::string(kRowid) + ") FROM " + delta + " AS d WHERE d." +
                                  std::string(kRowid) + " IS NULL"));
  report.rows_inserted = ins.rows_changed();
  SAGAZ_TRY(conn.Execute("DROP TABLE IF EXISTS " + delta));
  if (node.delete_missing) {
    auto del =
        SAGAZ_TRY(conn.Query("DELETE FROM " + target + " AS t WHERE NOT EXISTS (SELECT 1 FROM " +
                             stage + " AS s WHERE " + match + ")"));
    report.rows_deleted = del.rows_changed();
  }
  return Ok();
}

Status Execute(db::Connection& conn, const NodeContext& ctx, const Node& node, NodeReport& report) {
  const std::string target = QuoteIdent(node.name);
  const std::string stage = QuoteIdent("__sagaz_stage_" + node.name);
  const bool exists = SAGAZ_TRY(TableExists(conn, node.name));
  const bool incremental = exists && !ctx.full_refresh;

  auto tx = SAGAZ_TRY(db::Transaction::Begin(conn));
  // Stage the node's rows, newer than what the target holds for incremental strategies.
  std::string select = SourceSql(node);
  if (incremental && (node.strategy == Strategy::kAppend || node.strategy == Strategy::kWindow)) {
    const std::string wm = QuoteIdent(node.watermark);
    const std::string max = "(SELECT max(" + wm + ") FROM " + target + ")";
    const std::string cond =
        node.strategy == Strategy::kAppend
            ? wm + " > " + max
            : wm + " >= " + max + " - INTERVAL " + std::to_string(node.window_days) + " DAY";
    select = "SELECT * FROM (" + select + ") AS src WHERE " + max + " IS NULL OR " + cond;
  }
  SAGAZ_TRY(conn.Execute("CREATE OR REPLACE TEMP TABLE " + stage + " AS " + select));
  report.rows_read = SAGAZ_TRY(Count(conn, "SELECT count(*) FROM " + stage));
  report.duckdb_memory_bytes = std::max(report.duckdb_memory_bytes, DuckdbMemory(conn));

  // Every rule in one aggregate pass.
  const auto rules = RulesOf(node, incremental && node.strategy != Strategy::kFull);
  if (!rules.empty()) {
    auto r = SAGAZ_TRY(conn.Query(ValidationSql(rules, stage)));
    auto rows = SAGAZ_TRY(r.FetchRows(1));
    for (size_t i = 0; i < rules.size(); ++i) {
      const int64_t bad = rows.empty() ? 0 : db::IntOf(rows[0][i + 1]);
      if (bad == 0) continue;
      RuleFailure f;
      f.rule = rules[i].name;
      f.count = rules[i].kind == RuleKind::kRowCount ? report.rows_read : bad;
      if (rules[i].kind != RuleKind::kRowCount) {
        f.samples = SAGAZ_TRY(
            Samples(conn, stage, ViolationCondition(rules[i], stage), ctx.config.sample_rows));
      }
      report.failures.push_back(std::move(f));
    }
    if (!report.failures.empty()) {
      std::string names;
      for (const auto& f : report.failures) {
        names += (names.empty() ? "" : ", ") + f.rule + " (" + std::to_string(f.count) + ")";
      }
      return Fail(Error(ErrorCode::kFailedPrecondition,
                        "node '" + node.name + "' failed validation: " + names)
                      .With("node", node.name));
    }
  }

  // Referential checks: orphans by anti-join, dropped or failing.
  for (const auto& ref : node.references) {
    const std::string cond = "s." + QuoteIdent(ref.column) +
                             " IS NOT NULL AND NOT EXISTS (SELECT 1 FROM " +
                             QuoteIdent(ref.parent) + " AS p WHERE p." +
                             QuoteIdent(ref.parent_column) + " = s." + QuoteIdent(ref.column) + ")";
    const int64_t orphans =
        SAGAZ_TRY(Count(conn, "SELECT count(*) FROM " + stage + " AS s WHERE " + cond));
    if (orphans == 0) continue;
    OrphanReport o{ref.column, ref.parent, orphans, {}, ref.on_orphan == OrphanAction::kDrop};
    o.samples = SAGAZ_TRY(Samples(conn, stage, cond, ctx.config.sample_rows));
    report.orphans.push_back(o);
    if (ref.on_orphan == OrphanAction::kFail) {
      return Fail(Error(ErrorCode::kFailedPrecondition,
                        "node '" + node.name + "': " + std::to_string(orphans) + " rows whose " +
                            ref.column + " has no match in " + ref.parent + "." + ref.parent_column)
                      .With("node", node.name));
    }
    SAGAZ_TRY(conn.Execute("DELETE FROM " + stage + " AS s WHERE " + cond));
    report.rows_rejected += orphans;
  }

  // Write the target.
  const auto columns = SAGAZ_TRY(ColumnsOf(conn, stage));
  bool created = false;
  if (!incremental || node.strategy == Strategy::kFull || !exists) {
    const int64_t before = exists ? SAGAZ_TRY(Count(conn, "SELECT count(*) FROM " + target)) : 0;
    SAGAZ_TRY(conn.Execute("CREATE OR REPLACE TABLE " + target + " AS SELECT * FROM " + stage));
    report.rows_inserted = report.rows_read - report.rows_rejected;
    report.rows_deleted = before;
    created = true;
  } else {
    const auto existing = SAGAZ_TRY(ColumnsOf(conn, target));
    if (std::set<std::string>(existing.begin(), existing.end()) !=
        std::set<std::string>(columns.begin(), columns.end())) {
      return Fail(Error(ErrorCode::kFailedPrecondition,
                        "node '" + node.name + "' now produces columns (" + Join(columns, ", ") +
                            ") that differ from its target's (" + Join(existing, ", ") +
                            "); run with --full-refresh to rebuild it")
                      .With("node", node.name));
    }
    if (node.strategy == Strategy::kAppend) {
      auto r = SAGAZ_TRY(conn.Query("INSERT INTO " + target + " BY NAME SELECT * FROM " + stage));
      report.rows_inserted = r.rows_changed();
    } else {
      SAGAZ_TRY(Merge(conn, ctx, node, target, stage, columns, report));
    }
  }
  report.rows_written = report.rows_inserted + report.rows_updated + report.rows_deleted;
  report.duckdb_memory_bytes = std::max(report.duckdb_memory_bytes, DuckdbMemory(conn));
  SAGAZ_TRY(Register(conn, ctx, node, created, report.rows_written > 0));
  SAGAZ_TRY(conn.Execute("DROP TABLE IF EXISTS " + stage));
  return tx.Commit();
}

}  // namespace

std::string SourceSql(const Node& node) {
  switch (node.source) {
    case SourceKind::kSql:
      return node.sql;
    case SourceKind::kDataset:
      return "SELECT * FROM " + QuoteIdent(node.dataset);
    case SourceKind::kFile:
    case SourceKind::kFolder: {
      const std::string path =
          node.source == SourceKind::kFile ? node.path : node.path + "/" + node.pattern;
      const std::string fn = node.format == "csv"    ? "read_csv_auto"
                             : node.format == "json" ? "read_json_auto"
                                                     : "read_parquet";
      return "SELECT * FROM " + fn + "(" + QuoteLiteral(path) + ")";
    }
  }
  return {};
}

std::string ViolationCondition(const Rule& rule, std::string_view table) {
  const std::string c = rule.columns.empty() ? "" : QuoteIdent(rule.columns[0]);
  switch (rule.kind) {
    case RuleKind::kNotNull: {
      std::string out;
      for (const auto& col : rule.columns) {
        out += (out.empty() ? "" : " OR ") + QuoteIdent(col) + " IS NULL";
      }
      return "(" + out + ")";
    }
    case RuleKind::kUnique:
      return KeyStruct(rule.columns) + " IN (SELECT " + KeyStruct(rule.columns) + " FROM " +
             std::string(table) + " GROUP BY ALL HAVING count(*) > 1)";
    case RuleKind::kRange: {
      std::string out;
      if (rule.min) out += c + " < " + Num(*rule.min);
      if (rule.max) out += (out.empty() ? "" : " OR ") + c + " > " + Num(*rule.max);
      return "(" + out + ")";
    }
    case RuleKind::kAllowed: {
      std::string list;
      for (const auto& v : rule.values) list += (list.empty() ? "" : ", ") + QuoteLiteral(v);
      return "(" + c + " IS NOT NULL AND " + c + "::VARCHAR NOT IN (" + list + "))";
    }
    case RuleKind::kRegex:
      return "(" + c + " IS NOT NULL AND NOT regexp_full_match(" + c + "::VARCHAR, " +
             QuoteLiteral(rule.pattern) + "))";
    case RuleKind::kPredicate:
      return "((" + rule.predicate + ") IS FALSE)";
    case RuleKind::kRowCount:
      return "false";
  }
  return "false";
}

std::string ValidationSql(const std::vector<Rule>& rules, std::string_view table) {
  std::string sql = "SELECT count(*)";
  for (const auto& r : rules) {
    sql += ", ";
    if (r.kind == RuleKind::kUnique) {
      sql += "count(*) - count(DISTINCT " + KeyStruct(r.columns) + ")";
    } else if (r.kind == RuleKind::kRowCount) {
      std::string out;
      if (r.min) out += "count(*) < " + Num(*r.min);
      if (r.max) out += (out.empty() ? "" : " OR ") + std::string("count(*) > ") + Num(*r.max);
      sql += "(" + out + ")::BIGINT";
    } else {
      sql += "count(*) FILTER (WHERE " + ViolationCondition(r, table) + ")";
    }
  }
  return sql + " FROM " + std::string(table);
}

Status RunNode(db::Connection& conn, const NodeContext& ctx, const Node& node, NodeReport& report) {
  Stopwatch watch;
  const auto rss_before = observability::ReadProcessStats().rss_bytes;
  report.strategy = std::string(ToString(node.strategy));
  auto st = Execute(conn, ctx, node, report);
  // A failed node's stage and delta tables went with its transaction.
  (void)conn.Execute("DROP TABLE IF EXISTS " + QuoteIdent("__sagaz_stage_" + node.name));
  (void)conn.Execute("DROP TABLE IF EXISTS " + QuoteIdent("__sagaz_delta_" + node.name));
  const auto rss_after = observability::ReadProcessStats().rss_bytes;
  report.rss_delta_bytes = static_cast<int64_t>(rss_after) - static_cast<int64_t>(rss_before);
  const int64_t limit = ctx.config.high_memory_mb << 20;
  report.high_memory = report.rss_delta_bytes > limit || report.duckdb_memory_bytes > limit;
  report.elapsed_ms = watch.ElapsedMs();
  if (!st) {
    report.status = NodeStatus::kFailed;
    report.error = st.error().message;
    report.rows_written = report.rows_inserted = report.rows_updated = report.rows_deleted = 0;
    return st;
  }
  report.status = NodeStatus::kSucceeded;
  return Ok();
}

}  // namespace sagaz::pipelines::internal
