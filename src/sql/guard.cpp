#include "sql/guard.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

#include "core/strings.hpp"
#include "db/db.hpp"
#include "sql/internal/walker.hpp"

namespace sagaz::sql {
namespace {

using json = nlohmann::json;

// A refusal naming its rule. Text that does not parse is the caller's mistake (400); every other
// rule refuses something not allowed (403).
Error Refuse(std::string_view rule, std::string message) {
  const ErrorCode code =
      rule == "syntax" ? ErrorCode::kInvalidArgument : ErrorCode::kPermissionDenied;
  return Error(code, std::move(message)).With("rule", std::string(rule));
}
// A string field of a node, or "" when absent or not a string.
std::string Str(const json& node, const char* key) {
  auto it = node.find(key);
  return it != node.end() && it->is_string() ? it->get<std::string>() : std::string();
}

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
Result<json> ParseTree(db::Connection& conn, std::string_view sql) {
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
    // A typo is the caller's mistake (400), with DuckDB's words and where it stopped.
    Error e(ErrorCode::kInvalidArgument, "the query does not parse: " + message);
    e.With("rule", "syntax");
    if (auto at = ParseNumber<uint64_t>(Str(tree, "position")); at && *at <= sql.size()) {
      e.With("position", std::to_string(*at));
    }
    return Fail(std::move(e));
  }
  const auto& statements = tree.value("statements", json::array());
  if (statements.empty()) return Fail(Refuse("syntax", "the query has no statement"));
  if (statements.size() != 1) {
    return Fail(Refuse("single_statement", "exactly one statement is allowed, found " +
                                               std::to_string(statements.size())));
  }
  return tree;
}

// Walks the tree (rewriting bounded calls) and renders it back to SQL: this text, not the user's,
// is what runs.
Result<CheckedQuery> WalkAndRender(db::Connection& conn, json tree, const GuardOptions& options,
                                   const json* select_list = nullptr) {
  internal::Walker walker(options);
  SAGAZ_TRY(walker.Walk(tree["statements"][0]));
  if (select_list) tree["statements"][0]["node"]["select_list"] = *select_list;
  const db::Param tree_text[] = {tree.dump()};
  auto rendered = SAGAZ_TRY(conn.Query("SELECT json_deserialize_sql(?::JSON)", tree_text));
  auto rendered_value = SAGAZ_TRY(rendered.FetchScalar());
  const auto* rendered_sql = std::get_if<std::string>(&rendered_value);
  if (!rendered_sql || rendered_sql->empty()) {
    return Fail(ErrorCode::kInternal, "cannot render the checked query");
  }
  return CheckedQuery{*rendered_sql, walker.tables(), walker.column_positions()};
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

Status PrepareGuard(db::Connection& conn) { return internal::EnsureBoundedMacros(conn); }

Result<CheckedQuery> CheckSql(db::Connection& conn, std::string_view sql,
                              const GuardOptions& options) {
  json tree = SAGAZ_TRY(ParseTree(conn, sql));
  return WalkAndRender(conn, std::move(tree), options);
}

Result<CheckedQuery> CheckFilter(db::Connection& conn, std::string_view table,
                                 std::string_view condition, const GuardOptions& options,
                                 std::string_view select_list) {
  auto malformed = [](std::string message) { return Refuse("syntax", std::move(message)); };
  if (Trim(condition).empty()) return Fail(malformed("the filter is empty"));
  if (condition.find('\0') != std::string_view::npos) {
    return Fail(malformed("the filter contains a NUL character"));
  }
  // Newlines around the condition: a trailing -- comment cannot swallow the closing parenthesis.
  const std::string sql =
      "SELECT * FROM " + QuoteIdent(table) + " WHERE (\n" + std::string(condition) + "\n)";
  auto tree = ParseTree(conn, sql);
  if (!tree) {
    Error e = std::move(tree).error();
    if (e.Detail("rule") == "syntax") {  // a typo, not a forbidden construct
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
  if (select_list.empty()) return WalkAndRender(conn, std::move(*tree), options);
  // The caller's select list, parsed by DuckDB from the caller's own text.
  const json own = SAGAZ_TRY(
      ParseTree(conn, "SELECT " + std::string(select_list) + " FROM " + QuoteIdent(table)));
  return WalkAndRender(conn, std::move(*tree), options,
                       &own["statements"][0]["node"]["select_list"]);
}

}  // namespace sagaz::sql
