#include "sql/internal/walker.hpp"

#include <algorithm>
#include <cmath>
#include <optional>

#include "core/strings.hpp"
#include "db/db.hpp"

namespace sagaz::sql::internal {
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

// Table functions that are plain generators (they stream, so any size is only a matter of time).
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

constexpr std::string_view kTableRefTypes[] = {"BASE_TABLE",      "JOIN",      "SUBQUERY",
                                               "TABLE_FUNCTION",  "EMPTY",     "PIVOT",
                                               "EXPRESSION_LIST", "EMPTY_FROM"};

// String functions whose time grows with the product of their inputs' lengths; calls are
// rewritten to the bounded macros of EnsureBoundedMacros.
constexpr std::string_view kQuadratic[] = {"levenshtein", "editdist3", "damerau_levenshtein",
                                           "jaro_similarity", "jaro_winkler_similarity"};

template <size_t N>
bool In(const std::string_view (&list)[N], std::string_view value) {
  return std::find(std::begin(list), std::end(list), value) != std::end(list);
}

std::string Str(const json& node, const char* key) {
  auto it = node.find(key);
  return it != node.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// A constant number written in the query (a literal, or a cast of one), or nullopt.
std::optional<double> ConstantNumber(const json& node) {
  const std::string cls = Str(node, "class");
  if (cls == "CAST") return ConstantNumber(node.value("child", json::object()));
  if (cls != "CONSTANT") return std::nullopt;
  const json& value = node.value("value", json::object());
  if (value.value("is_null", true)) return std::nullopt;
  const json& v = value.value("value", json());
  if (!v.is_number()) return std::nullopt;
  double x = v.get<double>();
  const json& type = value.value("type", json::object());
  if (Str(type, "id") == "DECIMAL") {
    const json& info = type.value("type_info", json::object());
    if (info.is_object()) x /= std::pow(10.0, info.value("scale", 0));
  }
  return x;
}

// A constant string written in the query, or nullopt.
std::optional<std::string> ConstantString(const json& node) {
  if (Str(node, "class") != "CONSTANT") return std::nullopt;
  const json& value = node.value("value", json::object());
  if (value.value("is_null", true)) return std::nullopt;
  const json& v = value.value("value", json());
  if (!v.is_string()) return std::nullopt;
  return v.get<std::string>();
}

std::string Count(double n) {
  char text[32];
  std::snprintf(text, sizeof text, "%.0f", n);
  return text;
}

Error TooBig(std::string_view function, std::string what) {
  return Refuse("bounded_sizes", "function " + std::string(function) + ": " + what)
      .With("function", std::string(function));
}

// Widths and precisions in a printf or format() pattern must be written out and at most 10,000.
std::optional<std::string> PatternProblem(std::string_view pattern, bool printf_style) {
  auto check = [](std::string_view spec) -> std::optional<std::string> {
    if (spec.find('*') != std::string_view::npos || spec.find('{') != std::string_view::npos) {
      return "widths and precisions must be written in the pattern";
    }
    size_t i = 0;
    while (i < spec.size()) {
      if (spec[i] < '0' || spec[i] > '9') {
        ++i;
        continue;
      }
      size_t j = i;
      while (j < spec.size() && spec[j] >= '0' && spec[j] <= '9') ++j;
      if (j - i > 5 || std::stoi(std::string(spec.substr(i, j - i))) > 10'000) {
        return "widths and precisions are at most 10,000";
      }
      i = j;
    }
    return std::nullopt;
  };
  for (size_t i = 0; i < pattern.size(); ++i) {
    if (printf_style && pattern[i] == '%') {
      size_t j = i + 1;
      while (j < pattern.size() && std::string_view("-+ #0123456789.*'lhLqjzt").find(pattern[j]) !=
                                       std::string_view::npos) {
        ++j;
      }
      if (auto p = check(pattern.substr(i + 1, j - i - 1))) return p;
      i = j;
    } else if (!printf_style && pattern[i] == '{') {
      if (i + 1 < pattern.size() && pattern[i + 1] == '{') {
        ++i;
        continue;
      }
      const size_t end = pattern.find('}', i);
      if (end == std::string_view::npos) return std::nullopt;  // DuckDB reports the bad pattern
      const std::string_view inner = pattern.substr(i + 1, end - i - 1);
      const size_t colon = inner.find(':');
      if (colon != std::string_view::npos) {
        if (auto p = check(inner.substr(colon + 1))) return p;
      }
      i = end;
    }
  }
  return std::nullopt;
}

// Checks what a scalar function builds: sizes must be constants within the limits.
Status CheckSizes(std::string_view name, const json& args) {
  auto arg = [&](size_t i) -> const json& {
    static const json kNone = json::object();
    return i < args.size() ? args[i] : kNone;
  };
  if (name == "range" || name == "generate_series") {
    std::vector<double> n;
    for (const auto& a : args) {
      auto v = ConstantNumber(a);
      if (!v) {
        return Fail(
            TooBig(name, "as a value, its bounds must be numbers written in the query (at most " +
                             Count(kMaxBuiltElements) +
                             " elements); for dates or column bounds use the table function: "
                             "SELECT * FROM generate_series(DATE '2024-01-01', DATE "
                             "'2024-12-31', INTERVAL 1 DAY)"));
      }
      n.push_back(*v);
    }
    double count = 0;
    if (n.size() == 1) count = n[0];
    if (n.size() >= 2) count = n[1] - n[0];
    if (n.size() == 3) count = n[2] == 0 ? INFINITY : count / n[2];
    if (count > kMaxBuiltElements) {
      return Fail(TooBig(name, "builds a list of " + Count(count) + " elements; the limit is " +
                                   Count(kMaxBuiltElements)));
    }
    return Ok();
  }
  auto bounded = [&](size_t index, double limit, std::string_view what) -> Status {
    if (index >= args.size()) return Ok();
    auto v = ConstantNumber(arg(index));
    if (!v) {
      return Fail(
          TooBig(name, "its " + std::string(what) + " must be a number written in the query"));
    }
    if (*v > limit) {
      return Fail(TooBig(name, "its " + std::string(what) + " is " + Count(*v) + "; the limit is " +
                                   Count(limit)));
    }
    return Ok();
  };
  if (name == "repeat") {
    const auto text = ConstantString(arg(0));
    const double unit = text ? static_cast<double>(std::max<size_t>(1, text->size())) : 100.0;
    return bounded(1, std::floor(kMaxBuiltChars / unit), "count");
  }
  if (name == "lpad" || name == "rpad") return bounded(1, kMaxBuiltChars, "length");
  if (name == "list_resize" || name == "array_resize") {
    return bounded(1, kMaxBuiltElements, "size");
  }
  if (name == "bar") return bounded(3, 10'000, "width");
  if (name == "to_base") return bounded(2, 10'000, "minimum length");
  if (name == "printf" || name == "format") {
    const auto pattern = ConstantString(arg(0));
    if (!pattern) return Fail(TooBig(name, "its pattern must be a string written in the query"));
    if (auto problem = PatternProblem(*pattern, name == "printf")) {
      return Fail(TooBig(name, *problem));
    }
  }
  return Ok();
}

size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = up;
    }
  }
  return row[b.size()];
}

}  // namespace

std::vector<std::string> Suggest(std::string_view name, const std::vector<std::string>& names) {
  const std::string wanted = ToLower(name);
  std::vector<std::pair<size_t, std::string>> scored;
  for (const auto& candidate : names) {
    const std::string lower = ToLower(candidate);
    const size_t d = EditDistance(wanted, lower);
    const bool contains = lower.find(wanted) != std::string::npos ||
                          (lower.size() >= 3 && wanted.find(lower) != std::string::npos);
    if (d <= std::max<size_t>(2, wanted.size() / 3) || (contains && wanted.size() >= 3)) {
      scored.emplace_back(contains ? 0 : d, candidate);
    }
  }
  std::sort(scored.begin(), scored.end());
  std::vector<std::string> out;
  for (size_t i = 0; i < scored.size() && i < 3; ++i) out.push_back(scored[i].second);
  return out;
}

std::string DisplayName(std::string_view column) {
  const std::string rewritten = std::string(kGuardSchema) + ".bounded_";
  std::string out(column);
  for (size_t at = out.find(rewritten); at != std::string::npos; at = out.find(rewritten, at)) {
    out.erase(at, rewritten.size());
  }
  return out;
}

Status EnsureBoundedMacros(db::Connection& conn) {
  std::string sql = "CREATE SCHEMA IF NOT EXISTS " + std::string(kGuardSchema) + ";";
  for (std::string_view name : kQuadratic) {
    const std::string guard = "CASE WHEN length(a)::BIGINT * length(b) > " +
                              std::to_string(kMaxCharPairs) + " THEN error('" + std::string(name) +
                              " compares strings of at most " + std::to_string(kMaxCharPairs) +
                              " character pairs (length times length)') ELSE " + std::string(name);
    sql += "CREATE OR REPLACE MACRO " + std::string(kGuardSchema) + ".bounded_" +
           std::string(name) + "(a, b) AS " + guard + "(a, b) END";
    // jaro_similarity and jaro_winkler_similarity take a score cutoff.
    if (name.starts_with("jaro")) sql += ", (a, b, c) AS " + guard + "(a, b, c) END";
    sql += ";";
  }
  return conn.Execute(sql);
}

Walker::Walker(const GuardOptions& options) : options_(options) {
  for (const auto& t : options.tables) catalog_.insert(ToLower(t));
}

Status Walker::Walk(json& statement) { return Node(statement); }

Status Walker::Node(json& node) {
  if (node.is_array()) {
    for (auto& child : node) SAGAZ_TRY(Node(child));
    return Ok();
  }
  if (!node.is_object()) return Ok();
  if (node.contains("class")) return Expression(node);
  const std::string type = Str(node, "type");
  if (type.ends_with("_NODE")) return QueryNode(node);
  if (node.contains("alias") && node.contains("sample") && node["type"].is_string()) {
    return TableRef(node);
  }
  return Children(node);
}

Status Walker::Children(json& node, std::initializer_list<std::string_view> skip) {
  for (auto it = node.begin(); it != node.end(); ++it) {
    if (std::find(skip.begin(), skip.end(), it.key()) != skip.end()) continue;
    SAGAZ_TRY(Node(it.value()));
  }
  return Ok();
}

bool Walker::InScope(const std::string& name) const {
  return std::find(scope_.begin(), scope_.end(), name) != scope_.end();
}

// CTE names are visible to the CTEs defined after them and to the query's body; a CTE's own body
// sees only what was defined before it, so `WITH x AS (FROM x)` reads whatever "x" is outside.
// Only the recursive part of a recursive CTE (a RECURSIVE_CTE_NODE) sees its own name.
Status Walker::CteMap(json& node) {
  auto it = node.find("cte_map");
  if (it == node.end() || !it->is_object() || !it->contains("map")) return Ok();
  for (auto& entry : (*it)["map"]) {
    if (!entry.is_object()) continue;
    if (entry.contains("value")) SAGAZ_TRY(Node(entry["value"]));
    scope_.push_back(ToLower(Str(entry, "key")));
  }
  return Ok();
}

Status Walker::QueryNode(json& node) {
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
  const size_t mark = scope_.size();
  Status st = CteMap(node);
  if (st && type == "RECURSIVE_CTE_NODE") {
    st = [&]() -> Status {
      if (node.contains("left")) SAGAZ_TRY(Node(node["left"]));
      scope_.push_back(ToLower(Str(node, "cte_name")));
      if (node.contains("right")) SAGAZ_TRY(Node(node["right"]));
      return Children(node, {"cte_map", "left", "right"});
    }();
  } else if (st) {
    st = Children(node, {"cte_map"});
  }
  scope_.resize(mark);
  return st;
}

Status Walker::BaseTable(const json& node) {
  const std::string name = ToLower(Str(node, "table_name"));
  const std::string schema = ToLower(Str(node, "schema_name"));
  const std::string catalog = Str(node, "catalog_name");
  const bool qualified = !catalog.empty() || !schema.empty();
  if (!qualified && InScope(name)) return Ok();
  const std::string full = (catalog.empty() ? "" : catalog + ".") +
                           (schema.empty() ? "" : schema + ".") + Str(node, "table_name");
  if (!catalog.empty() || !(schema.empty() || schema == "main")) {
    return Fail(
        Refuse("catalog_tables_only", "table '" + full +
                                          "' is not a dataset of the catalog; only datasets can "
                                          "be queried")
            .With("table", full));
  }
  if (catalog_.count(name)) {
    tables_.insert(name);
    return Ok();
  }
  if (name.find_first_of("./*\\") != std::string::npos) {
    return Fail(Refuse("no_table_functions",
                       "reading files is not allowed ('" + full + "' is not a dataset)"));
  }
  // The same answer whatever else has this name (internal tables, DuckDB's views): only datasets
  // exist for a query.
  const auto suggestions = Suggest(name, options_.tables);
  std::string message = "table '" + Str(node, "table_name") + "' does not exist";
  if (!suggestions.empty()) message += "; did you mean '" + suggestions.front() + "'?";
  Error e(ErrorCode::kInvalidArgument, std::move(message));
  e.With("rule", "unknown_table").With("table", Str(node, "table_name"));
  if (!suggestions.empty()) e.With("suggestions", Join(suggestions, ","));
  if (node.contains("query_location") && node["query_location"].is_number_unsigned()) {
    const auto at = node["query_location"].get<uint64_t>();
    if (at < (uint64_t{1} << 32)) e.With("position", std::to_string(at));
  }
  return Fail(std::move(e));
}

Status Walker::TableRef(json& node) {
  const std::string type = Str(node, "type");
  if (!In(kTableRefTypes, type)) {
    return Fail(Refuse("select_only", "table reference " + type + " is not allowed"));
  }
  if (type == "BASE_TABLE") {
    SAGAZ_TRY(BaseTable(node));
    return Children(node);
  }
  if (type == "TABLE_FUNCTION") {
    auto& fn = node["function"];
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
    // The arguments are expressions; the function itself is not a scalar call.
    SAGAZ_TRY(Children(fn, {"function_name"}));
    return Children(node, {"function"});
  }
  return Children(node);
}

Status Walker::Expression(json& node) {
  const std::string cls = Str(node, "class");
  if (cls == "PARAMETER") {
    return Fail(Refuse("no_parameters", "query parameters ($1, ?) are not supported"));
  }
  if (!In(kExpressionClasses, cls)) {
    return Fail(Refuse("select_only", "expression " + cls + " is not allowed"));
  }
  if (cls == "COLUMN_REF") {
    const auto& names = node.value("column_names", json::array());
    if (!names.empty() && names.back().is_string() && node.contains("query_location") &&
        node["query_location"].is_number_unsigned()) {
      column_positions_.emplace_back(names.back().get<std::string>(),
                                     node["query_location"].get<size_t>());
    }
  }
  if (cls == "FUNCTION" || cls == "WINDOW") SAGAZ_TRY(Function(node));
  return Children(node);
}

Status Walker::Function(json& node) {
  const std::string cls = Str(node, "class");
  const std::string name = Str(node, "function_name");
  const std::string schema = Str(node, "schema");
  const std::string catalog = Str(node, "catalog");
  if (!catalog.empty() || !(schema.empty() || schema == "main" || schema == "pg_catalog")) {
    return Fail(Refuse("allowed_functions", "function " + schema + "." + name + " is not allowed")
                    .With("function", name));
  }
  const std::string lname = ToLower(name);
  if (!IsAllowedFunction(name) && !IsAllowedFunction(lname)) {
    return Fail(
        Refuse("allowed_functions", "function " + name + " is not allowed").With("function", name));
  }
  if (options_.policy == Policy::kStrict && (cls == "WINDOW" || IsAggregateFunction(lname))) {
    return Fail(Refuse("strict_no_aggregates",
                       "aggregate and window functions such as " + lname +
                           " are not allowed in strict mode; statistics are computed by Sagaz's "
                           "engine")
                    .With("function", lname));
  }
  if (cls == "FUNCTION") {
    SAGAZ_TRY(CheckSizes(lname, node.value("children", json::array())));
    if (In(kQuadratic, lname)) {
      node["schema"] = std::string(kGuardSchema);
      node["function_name"] = "bounded_" + lname;
    }
  }
  return Ok();
}

}  // namespace sagaz::sql::internal
