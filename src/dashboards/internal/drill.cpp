#include "dashboards/internal/drill.hpp"

#include <nlohmann/json.hpp>

#include "core/strings.hpp"
#include "dashboards/internal/runner.hpp"

namespace sagaz::dashboards::internal {

namespace {

using Json = nlohmann::json;

Error Unsupported(std::string message) {
  return Error(ErrorCode::kUnsupported, std::move(message)).With("rule", "drill");
}

Result<Json> Serialize(db::Connection& conn, std::string_view sql) {
  const db::Param p[] = {std::string(sql)};
  auto r = SAGAZ_TRY(conn.Query("SELECT json_serialize_sql(?::VARCHAR)", p));
  const std::string text = db::TextOf(SAGAZ_TRY(r.FetchScalar()));
  Json tree = Json::parse(text, nullptr, false);
  if (tree.is_discarded() || tree.value("error", true) || !tree.contains("statements") ||
      tree["statements"].size() != 1) {
    return Fail(Unsupported("the question's SQL cannot be drilled into (one SELECT is needed)"));
  }
  return tree;
}

}  // namespace

Result<std::string> DrillSql(db::Connection& conn, std::string_view sql,
                             const std::vector<DrillFilter>& filters) {
  if (filters.empty()) {
    return Fail(Error(ErrorCode::kInvalidArgument, "a drill needs at least one filter")
                    .With("field", "filters"));
  }
  Json tree = SAGAZ_TRY(Serialize(conn, sql));
  Json& node = tree["statements"][0]["node"];
  if (node.value("type", "") != "SELECT_NODE" || !node["select_list"].is_array()) {
    return Fail(
        Unsupported("only a plain SELECT can be drilled into (not a UNION or a VALUES list)"));
  }
  const Json star =
      SAGAZ_TRY(Serialize(conn, "SELECT * FROM t"))["statements"][0]["node"]["select_list"][0];
  // The clicked columns: an alias of the select list becomes a computed column of the rows.
  Json select = Json::array({star});
  std::vector<std::string> computed;
  std::vector<std::string> conditions;
  for (size_t i = 0; i < filters.size(); ++i) {
    const DrillFilter& f = filters[i];
    if (Trim(f.column).empty()) {
      return Fail(Error(ErrorCode::kInvalidArgument, "a drill filter needs 'column'")
                      .With("field", "filters"));
    }
    std::string ref = QuoteIdent(f.column);
    for (const auto& item : node["select_list"]) {
      const bool named = item.value("alias", "") == f.column;
      const bool plain = item.value("class", "") == "COLUMN_REF" && item.contains("column_names") &&
                         !item["column_names"].empty() && item["column_names"].back() == f.column;
      if (!named || plain) continue;
      Json copy = item;
      const std::string alias = "__drill_" + std::to_string(i);
      copy["alias"] = alias;
      select.push_back(std::move(copy));
      computed.push_back(alias);
      ref = QuoteIdent(alias);
      break;
    }
    if (!f.from.empty() || !f.to.empty()) {
      conditions.push_back(SAGAZ_TRY(FilterCondition(ref, {"", f.from, f.to})));
    } else if (!f.value) {
      conditions.push_back(ref + " IS NULL");
    } else {
      conditions.push_back("CAST(" + ref + " AS VARCHAR) = " + QuoteLiteral(*f.value));
    }
  }
  node["select_list"] = std::move(select);
  node["group_expressions"] = Json::array();
  node["group_sets"] = Json::array();
  node["having"] = nullptr;
  node["qualify"] = nullptr;
  node["aggregate_handling"] = "STANDARD_HANDLING";
  node["modifiers"] = Json::array();
  const db::Param p[] = {tree.dump()};
  auto back = conn.Query("SELECT json_deserialize_sql(?::JSON)", p);
  if (!back) {
    return Fail(Unsupported("the question's SQL cannot be drilled into: " + back.error().message));
  }
  const std::string rows = db::TextOf(SAGAZ_TRY(back->FetchScalar()));
  std::string out = "SELECT *";
  if (!computed.empty()) {
    std::vector<std::string> quoted;
    for (const auto& c : computed) quoted.push_back(QuoteIdent(c));
    out += " EXCLUDE (" + Join(quoted, ", ") + ")";
  }
  return out + " FROM (" + rows + ") AS drill WHERE " + Join(conditions, " AND ");
}

}  // namespace sagaz::dashboards::internal
