#include "sql/guard.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

#include "core/strings.hpp"
#include "db/db.hpp"

namespace sagaz::sql {
namespace {

using json = nlohmann::json;

Error Refuse(std::string_view rule, std::string message) {
  return Error(ErrorCode::kPermissionDenied, std::move(message)).With("rule", std::string(rule));
}

// Table functions that read files or the network; refused with a message that says so.
constexpr std::string_view kFileReaders[] = {"read_csv",
                                             "read_csv_auto",
                                             "read_json",
                                             "read_json_auto",
                                             "read_json_objects",
                                             "read_json_objects_auto",
                                             "read_ndjson",
                                             "read_ndjson_auto",
                                             "read_ndjson_objects",
                                             "read_parquet",
                                             "parquet_scan",
                                             "read_text",
                                             "read_blob",
                                             "glob",
                                             "sniff_csv",
                                             "parquet_metadata",
                                             "parquet_schema",
                                             "parquet_file_metadata",
                                             "parquet_kv_metadata",
                                             "parquet_bloom_probe",
                                             "iceberg_scan",
                                             "delta_scan",
                                             "read_xlsx",
                                             "sqlite_scan",
                                             "postgres_scan"};

// Table functions that are plain generators.
constexpr std::string_view kAllowedTableFunctions[] = {"range", "generate_series", "unnest"};

// Expression classes the walker understands; anything else is refused.
constexpr std::string_view kExpressionClasses[] = {"BETWEEN",
                                                   "CASE",
                                                   "CAST",
                                                   "COLLATE",
                                                   "COLUMN_REF",
                                                   "COMPARISON",
                                                   "CONJUNCTION",
                                                   "CONSTANT",
                                                   "FUNCTION",
                                                   "LAMBDA",
                                                   "LAMBDA_REF",
                                                   "OPERATOR",
                                                   "POSITIONAL_REFERENCE",
                                                   "STAR",
                                                   "SUBQUERY",
                                                   "WINDOW",
                                                   "DEFAULT"};

// Table reference types.
constexpr std::string_view kTableRefTypes[] = {"BASE_TABLE",      "JOIN",      "SUBQUERY",
                                               "TABLE_FUNCTION",  "EMPTY",     "PIVOT",
                                               "EXPRESSION_LIST", "EMPTY_FROM"};

// A string field of a node, or "" when absent or not a string (DuckDB reuses names like "type" for
// objects in some nodes).
std::string Str(const json& node, const char* key) {
  auto it = node.find(key);
  return it != node.end() && it->is_string() ? it->get<std::string>() : std::string();
}

template <size_t N>
bool In(const std::string_view (&list)[N], std::string_view value) {
  return std::find(std::begin(list), std::end(list), value) != std::end(list);
}

// Walks DuckDB's serialized syntax tree. Expressions carry "class"; table references carry "type",
// "alias" and "sample"; query nodes have a "*_NODE" type and a cte_map that scopes CTE names.
class Walker {
 public:
  Walker(const GuardOptions& options) : options_(options) {
    for (const auto& t : options.tables) catalog_.insert(ToLower(t));
  }

  Status Walk(const json& node) {
    if (node.is_array()) {
      for (const auto& child : node) SAGAZ_TRY(Walk(child));
      return Ok();
    }
    if (!node.is_object()) return Ok();
    if (node.contains("class")) return Expression(node);
    const std::string type = Str(node, "type");
    if (type.ends_with("_NODE")) return QueryNode(node);
    if (node.contains("alias") && node.contains("sample") && node["type"].is_string())
      return TableRef(node);
    return Children(node);
  }

  std::vector<std::string> tables() const { return {tables_.begin(), tables_.end()}; }

 private:
  Status Children(const json& node, std::initializer_list<std::string_view> skip = {}) {
    for (auto it = node.begin(); it != node.end(); ++it) {
      if (std::find(skip.begin(), skip.end(), it.key()) != skip.end()) continue;
      SAGAZ_TRY(Walk(it.value()));
    }
    return Ok();
  }

  Status QueryNode(const json& node) {
    const std::string type = Str(node, "type");
    if (type != "SELECT_NODE" && type != "SET_OPERATION_NODE" && type != "RECURSIVE_CTE_NODE" &&
        type != "CTE_NODE") {
      return Fail(Refuse("select_only", "query construct " + type + " is not allowed"));
    }
    if (options_.policy == Policy::kStrict && type == "SELECT_NODE") {
      const auto& groups = node.value("group_expressions", json::array());
      if (!groups.empty() || Str(node, "aggregate_handling") == "FORCE_AGGREGATES") {
        return Fail(Refuse("strict_no_aggregates",
                           "GROUP BY is not allowed in strict mode; statistics are computed by "
                           "Sagaz's engine"));
      }
      if (node.contains("having") && !node["having"].is_null()) {
        return Fail(Refuse("strict_no_aggregates", "HAVING is not allowed in strict mode"));
      }
    }
    // CTE names are visible to later CTEs of the same WITH (and to themselves, for recursion) and
    // to the body. Recursive CTE nodes name themselves in "ctename".
    const size_t scope_mark = scope_.size();
    if (type == "RECURSIVE_CTE_NODE" || type == "CTE_NODE") {
      scope_.push_back(ToLower(Str(node, "ctename")));
    }
    if (node.contains("cte_map") && node["cte_map"].contains("map")) {
      for (const auto& entry : node["cte_map"]["map"]) {
        scope_.push_back(ToLower(Str(entry, "key")));
        SAGAZ_TRY(Walk(entry.value("value", json::object())));
      }
    }
    auto st = Children(node, {"cte_map"});
    scope_.resize(scope_mark);
    return st;
  }

  Status TableRef(const json& node) {
    const std::string type = Str(node, "type");
    if (!In(kTableRefTypes, type)) {
      return Fail(Refuse("select_only", "table reference " + type + " is not allowed"));
    }
    if (type == "BASE_TABLE") {
      const std::string name = ToLower(Str(node, "table_name"));
      const std::string schema = ToLower(Str(node, "schema_name"));
      const std::string catalog = Str(node, "catalog_name");
      const bool is_cte = schema.empty() && catalog.empty() &&
                          std::find(scope_.begin(), scope_.end(), name) != scope_.end();
      if (!is_cte) {
        if (!catalog.empty() || !(schema.empty() || schema == "main") || !catalog_.count(name)) {
          std::string full = (catalog.empty() ? "" : catalog + ".") +
                             (schema.empty() ? "" : schema + ".") + Str(node, "table_name");
          if (name.find('.') != std::string::npos || name.find('/') != std::string::npos) {
            return Fail(Refuse("no_table_functions",
                               "reading files is not allowed ('" + full + "' is not a dataset)"));
          }
          return Fail(
              Refuse("catalog_tables_only", "table '" + full + "' is not a dataset of the catalog")
                  .With("table", full));
        }
        tables_.insert(name);
      }
      return Children(node);
    }
    if (type == "TABLE_FUNCTION") {
      const auto& fn = node.value("function", json::object());
      const std::string name = ToLower(Str(fn, "function_name"));
      if (In(kFileReaders, name)) {
        return Fail(Refuse("no_table_functions",
                           "table function " + name + " reads files, which is not allowed")
                        .With("function", name));
      }
      if (!In(kAllowedTableFunctions, name)) {
        return Fail(Refuse("no_table_functions", "table function " + name + " is not allowed")
                        .With("function", name));
      }
      // Check the arguments as expressions, but not the function name itself as a scalar.
      SAGAZ_TRY(Children(fn, {"function_name"}));
      return Children(node, {"function"});
    }
    return Children(node);
  }

  Status Expression(const json& node) {
    const std::string cls = Str(node, "class");
    if (cls == "PARAMETER") {
      return Fail(Refuse("no_parameters", "query parameters ($1, ?) are not supported"));
    }
    if (!In(kExpressionClasses, cls)) {
      return Fail(Refuse("select_only", "expression " + cls + " is not allowed"));
    }
    if (cls == "FUNCTION" || cls == "WINDOW") {
      const std::string name = Str(node, "function_name");
      const std::string schema = Str(node, "schema");
      const std::string catalog = Str(node, "catalog");
      if (!catalog.empty() || !(schema.empty() || schema == "main" || schema == "pg_catalog")) {
        return Fail(
            Refuse("allowed_functions", "function " + schema + "." + name + " is not allowed")
                .With("function", name));
      }
      const std::string lname = ToLower(name);
      if (!IsAllowedFunction(name) && !IsAllowedFunction(lname)) {
        return Fail(Refuse("allowed_functions", "function " + name + " is not allowed")
                        .With("function", name));
      }
      if (options_.policy == Policy::kStrict && (cls == "WINDOW" || IsAggregateFunction(lname))) {
        return Fail(
            Refuse("strict_no_aggregates",
                   "aggregate and window functions such as " + lname +
                       " are not allowed in strict mode; statistics are computed by Sagaz's "
                       "engine")
                .With("function", lname));
      }
    }
    return Children(node);
  }

  const GuardOptions& options_;
  std::set<std::string> catalog_;
  std::vector<std::string> scope_;
  std::set<std::string> tables_;
};

// The first keyword of the statement, after comments, for messages about refused statements.
std::string LeadingKeyword(std::string_view sql) {
  size_t i = 0;
  while (i < sql.size()) {
    if (std::isspace(static_cast<unsigned char>(sql[i])) || sql[i] == '(') {
      ++i;
    } else if (sql.substr(i, 2) == "--") {
      while (i < sql.size() && sql[i] != '\n') ++i;
    } else if (sql.substr(i, 2) == "/*") {
      auto end = sql.find("*/", i + 2);
      i = end == std::string_view::npos ? sql.size() : end + 2;
    } else {
      break;
    }
  }
  size_t j = i;
  while (j < sql.size() && (std::isalpha(static_cast<unsigned char>(sql[j])) || sql[j] == '_')) ++j;
  std::string word(sql.substr(i, j - i));
  for (auto& c : word) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return word;
}

}  // namespace

std::string_view ToString(Policy policy) {
  return policy == Policy::kStrict ? "strict" : "standard";
}

Result<Policy> ParsePolicy(std::string_view text) {
  auto t = ToLower(text);
  if (t == "strict") return Policy::kStrict;
  if (t == "standard" || t.empty()) return Policy::kStandard;
  return Fail(Error(ErrorCode::kInvalidArgument,
                    "unknown SQL policy '" + std::string(text) + "'; use strict or standard")
                  .With("option", "policy"));
}

namespace {

// DuckDB's parse of `sql` as JSON (its pure parser only: json_serialize_sql), with refusals for
// text that does not parse or holds anything but one SELECT.
Result<json> ParseTree(db::Connection& conn, std::string_view sql, std::string* serialized_out) {
  if (Trim(sql).empty()) return Fail(Refuse("syntax", "the query is empty"));
  if (sql.size() > 100'000)
    return Fail(Refuse("syntax", "the query is longer than 100,000 characters"));
  if (sql.find('\0') != std::string_view::npos) {
    return Fail(Refuse("syntax", "the query contains a NUL character"));
  }

  // Only DuckDB's pure parser sees the text (json_serialize_sql). duckdb_extract_statements is not
  // used: it expands IMPORT DATABASE by reading files while parsing.
  const db::Param text[] = {std::string(sql)};
  auto result = SAGAZ_TRY(conn.Query("SELECT json_serialize_sql(?::VARCHAR)", text));
  auto value = SAGAZ_TRY(result.FetchScalar());
  const auto* serialized = std::get_if<std::string>(&value);
  if (!serialized) return Fail(ErrorCode::kInternal, "json_serialize_sql returned no text");
  json tree = json::parse(*serialized, nullptr, false);
  if (tree.is_discarded())
    return Fail(ErrorCode::kInternal, "json_serialize_sql returned invalid JSON");
  if (tree.value("error", false)) {
    const std::string message = Str(tree, "error_message");
    if (message.find("Only SELECT") != std::string::npos) {
      const std::string keyword = LeadingKeyword(sql);
      // A query that starts as a SELECT yet is refused holds a second, non-SELECT statement.
      if (keyword == "SELECT" || keyword == "WITH" || keyword == "FROM" || keyword == "VALUES") {
        return Fail(Refuse("single_statement", "exactly one statement is allowed"));
      }
      return Fail(Refuse("select_only", (keyword.empty() ? std::string("this") : keyword) +
                                            " statements are not allowed; only read-only SELECT")
                      .With("statement", keyword));
    }
    return Fail(Refuse("syntax", "the query does not parse: " + message));
  }
  const auto& statements = tree.value("statements", json::array());
  if (statements.empty()) return Fail(Refuse("syntax", "the query has no statement"));
  if (statements.size() != 1) {
    return Fail(Refuse("single_statement", "exactly one statement is allowed, found " +
                                               std::to_string(statements.size())));
  }
  *serialized_out = *serialized;
  return tree;
}

// Walks the checked tree and renders it back to SQL: this text, not the user's, is what runs.
Result<CheckedQuery> WalkAndRender(db::Connection& conn, const json& tree,
                                   const std::string& serialized, const GuardOptions& options) {
  Walker walker(options);
  SAGAZ_TRY(walker.Walk(tree["statements"][0]));
  const db::Param tree_text[] = {serialized};
  auto rendered = SAGAZ_TRY(conn.Query("SELECT json_deserialize_sql(?::JSON)", tree_text));
  auto rendered_value = SAGAZ_TRY(rendered.FetchScalar());
  const auto* rendered_sql = std::get_if<std::string>(&rendered_value);
  if (!rendered_sql || rendered_sql->empty()) {
    return Fail(ErrorCode::kInternal, "cannot render the checked query");
  }
  return CheckedQuery{*rendered_sql, walker.tables()};
}

bool EmptyList(const json& node, const char* key) {
  auto it = node.find(key);
  return it == node.end() || it->is_null() || (it->is_array() && it->empty());
}

bool NullField(const json& node, const char* key) {
  auto it = node.find(key);
  return it == node.end() || it->is_null();
}

}  // namespace

Result<CheckedQuery> CheckSql(db::Connection& conn, std::string_view sql,
                              const GuardOptions& options) {
  std::string serialized;
  const json tree = SAGAZ_TRY(ParseTree(conn, sql, &serialized));
  return WalkAndRender(conn, tree, serialized, options);
}

Result<CheckedQuery> CheckFilter(db::Connection& conn, std::string_view table,
                                 std::string_view condition, const GuardOptions& options) {
  // Malformed text is the caller's mistake (400), not a forbidden construct (403).
  auto malformed = [](std::string message) {
    Error e = Refuse("syntax", std::move(message));
    e.code = ErrorCode::kInvalidArgument;
    return e;
  };
  if (Trim(condition).empty()) return Fail(malformed("the filter is empty"));
  if (condition.find('\0') != std::string_view::npos) {
    return Fail(malformed("the filter contains a NUL character"));
  }
  // Newlines around the condition: a trailing -- comment cannot swallow the closing parenthesis.
  const std::string sql =
      "SELECT * FROM " + QuoteIdent(table) + " WHERE (\n" + std::string(condition) + "\n)";
  std::string serialized;
  auto tree = ParseTree(conn, sql, &serialized);
  if (!tree) {
    Error e = std::move(tree).error();
    if (e.Detail("rule") == "syntax") {  // a typo, not a forbidden construct
      e.code = ErrorCode::kInvalidArgument;
      e.message = "the filter is not a valid SQL condition: " + e.message;
    } else if (e.Detail("rule") == "single_statement" || e.Detail("rule") == "select_only") {
      e = Refuse("filter_only", "the filter must be a condition on the rows, not statements");
    }
    return Fail(std::move(e));
  }
  // The statement must still be exactly SELECT * FROM table WHERE <condition>.
  const json& node = (*tree)["statements"][0]["node"];
  const json& from = node.value("from_table", json::object());
  const auto& select = node.value("select_list", json::array());
  const bool shape =
      Str(node, "type") == "SELECT_NODE" && EmptyList(node, "modifiers") &&
      EmptyList(node.value("cte_map", json::object()), "map") && select.size() == 1 &&
      Str(select[0], "class") == "STAR" && EmptyList(select[0], "exclude_list") &&
      EmptyList(select[0], "replace_list") && NullField(select[0], "expr") &&
      Str(from, "type") == "BASE_TABLE" && IEquals(Str(from, "table_name"), table) &&
      Str(from, "schema_name").empty() && Str(from, "catalog_name").empty() &&
      NullField(from, "sample") && !NullField(node, "where_clause") &&
      EmptyList(node, "group_expressions") && EmptyList(node, "group_sets") &&
      Str(node, "aggregate_handling") == "STANDARD_HANDLING" && NullField(node, "having") &&
      NullField(node, "sample") && NullField(node, "qualify");
  if (!shape) {
    return Fail(Refuse("filter_only",
                       "the filter must be a condition on the rows of '" + std::string(table) +
                           "' (no closing parenthesis, ORDER BY, LIMIT, GROUP BY or UNION)"));
  }
  return WalkAndRender(conn, *tree, serialized, options);
}

}  // namespace sagaz::sql
