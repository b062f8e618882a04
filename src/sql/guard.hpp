// The SQL guard: SQL from a person or a model is untrusted. It is parsed by DuckDB's own parser
// (json_serialize_sql), checked against an allow-list, and what runs is DuckDB's rendering of the
// checked syntax tree, so comments and quoting tricks cannot smuggle anything past the check.
//
// Rules (each refusal names its rule in Error details "rule"; `syntax` and `unknown_table` are
// the caller's mistakes, 400, the others refuse what is not allowed, 403):
//   syntax                the text must parse (details: DuckDB's message and "position")
//   single_statement      exactly one statement
//   select_only           a read-only SELECT (no DDL/DML, COPY, ATTACH, PRAGMA, SET, INSTALL, ...)
//   unknown_table         an unqualified name must be a dataset of the catalog or a CTE in scope
//                         (details: "suggestions", close dataset names)
//   catalog_tables_only   no other schema or database (_sagaz, information_schema, pg_catalog)
//   no_table_functions    no table functions but range, generate_series and unnest; none that
//                         reads files (read_csv, glob, '/path/file.csv')
//   allowed_functions     only allow-listed scalar, aggregate and window functions
//   bounded_sizes         lists and strings that functions build have written-out sizes within
//                         limits (range, repeat, lpad, list_resize, printf widths, ...)
//   no_parameters         no $1 or ? placeholders
//   strict_no_aggregates  in strict policy: no aggregates, window functions, GROUP BY or HAVING
// A CTE is in scope for the CTEs after it and the query's body, never in its own body (except the
// recursive part of a recursive CTE), exactly as DuckDB binds names. Calls of quadratic string
// functions (levenshtein, jaro, ...) are rewritten to versions that refuse over-long inputs.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "sql/policy.hpp"

namespace sagaz::db {
class Connection;
}

namespace sagaz::sql {

struct GuardOptions {
  Policy policy = Policy::kStandard;
  std::vector<std::string> tables;  // datasets the query may read (lowercase)
};

struct CheckedQuery {
  std::string sql;                  // DuckDB's rendering of the checked statement
  std::vector<std::string> tables;  // datasets it reads
  // Column names as written, with their offsets in the text: errors DuckDB raises when binding
  // the rendered statement point back at the user's text with them.
  std::vector<std::pair<std::string, size_t>> column_positions;
};

// Checks `sql`; `conn` is used only to parse (nothing is bound or run).
Result<CheckedQuery> CheckSql(db::Connection& conn, std::string_view sql,
                              const GuardOptions& options);

// Checks a row filter: a boolean SQL condition over the dataset `table`, such as "status = 'ok' AND
// nivel_agua > 2". It is parsed as the WHERE clause of `SELECT * FROM table`, must stay that (rule
// filter_only: no closing parenthesis, comment or keyword can turn it into another query) and
// passes every rule above. The result's sql is DuckDB's rendering of the checked SELECT.
// `select_list`, when given, replaces the `*` of what is rendered: the caller's own select list
// (trusted, not checked), such as "rowid AS r, amount".
Result<CheckedQuery> CheckFilter(db::Connection& conn, std::string_view table,
                                 std::string_view condition, const GuardOptions& options,
                                 std::string_view select_list = {});

// Creates what checked statements may call (bounded versions of quadratic string functions, in
// schema _sagaz). Idempotent; once after opening a database, before checked queries run.
Status PrepareGuard(db::Connection& conn);

// Whether `name` is an allow-listed function, and whether it aggregates. For tests and docs.
bool IsAllowedFunction(std::string_view name);
bool IsAggregateFunction(std::string_view name);
std::vector<std::string> AllowedFunctions();

}  // namespace sagaz::sql
