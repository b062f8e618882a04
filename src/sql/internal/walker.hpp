// The SQL guard's walk over DuckDB's serialized syntax tree (json_serialize_sql): it resolves every
// table name with its scope, checks every function against the allow-list and the sizes of what
// functions build, and rewrites calls that need a bound at run time. See sql/guard.hpp for the
// rules.
#pragma once

#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "sql/guard.hpp"

namespace sagaz::sql::internal {

// Largest list a scalar function may build (range, generate_series, list_resize, ...) and longest
// string (repeat, lpad, rpad, printf widths, ...). Their size arguments must be constants: DuckDB
// builds these values outside its memory limit, and a per-row size would multiply by the rows of
// a chunk.
inline constexpr double kMaxBuiltElements = 1'000'000;
inline constexpr double kMaxBuiltChars = 1'000'000;
// Longest inputs of quadratic string functions (levenshtein, jaro, ...): the product of their
// lengths, checked per call at run time. DuckDB cannot interrupt one call.
inline constexpr int64_t kMaxCharPairs = 1'000'000;

// The schema holding the bounded versions of quadratic functions (created by EnsureBoundedMacros).
inline constexpr std::string_view kGuardSchema = "_sagaz";

// Creates (idempotently) the macros that calls of quadratic string functions are rewritten to.
Status EnsureBoundedMacros(db::Connection& conn);

class Walker {
 public:
  explicit Walker(const GuardOptions& options);

  // Checks `statement` (a statement of json_serialize_sql's output) and rewrites bounded calls in
  // place.
  Status Walk(nlohmann::json& statement);

  std::vector<std::string> tables() const { return {tables_.begin(), tables_.end()}; }
  // Where each referenced column name appears in the text (query_location), for errors DuckDB
  // raises when binding the rendered query.
  const std::vector<std::pair<std::string, size_t>>& column_positions() const {
    return column_positions_;
  }

 private:
  Status Node(nlohmann::json& node);
  Status Children(nlohmann::json& node, std::initializer_list<std::string_view> skip = {});
  Status QueryNode(nlohmann::json& node);
  Status CteMap(nlohmann::json& node);
  Status TableRef(nlohmann::json& node);
  Status Expression(nlohmann::json& node);
  Status Function(nlohmann::json& node);
  Status BaseTable(const nlohmann::json& node);
  bool InScope(const std::string& name) const;

  const GuardOptions& options_;
  std::set<std::string> catalog_;
  std::vector<std::string> scope_;  // CTE names visible at this point, innermost last
  std::set<std::string> tables_;
  std::vector<std::pair<std::string, size_t>> column_positions_;
};

// A result column's name as the caller wrote its expression: a rewritten call is named after the
// function the caller called ("levenshtein(a, b)", not "_sagaz.bounded_levenshtein(a, b)").
std::string DisplayName(std::string_view column);

// Dataset names close to `name` (edit distance), best first, at most three.
std::vector<std::string> Suggest(std::string_view name, const std::vector<std::string>& names);

}  // namespace sagaz::sql::internal
