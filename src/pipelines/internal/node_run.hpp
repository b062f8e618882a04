// One node of a run: stage its rows, validate them in one aggregate pass, check references, and
// write the target with the node's strategy, all in one transaction on `conn`.
#pragma once

#include <string>

#include "core/error.hpp"
#include "pipelines/pipelines.hpp"

namespace sagaz::db {
class Connection;
}
namespace sagaz::catalog {
class Catalog;
}

namespace sagaz::pipelines::internal {

struct NodeContext {
  const Pipeline& pipeline;
  catalog::Catalog& catalog;
  const PipelinesConfig& config;
  bool full_refresh = false;
};

// Fills `report` (rows, failures, orphans, memory, time). An error means the node failed and its
// transaction rolled back; `report` then says why (failed rules, orphans) as far as it got.
Status RunNode(db::Connection& conn, const NodeContext& ctx, const Node& node, NodeReport& report);

// The SELECT a node stages, before any incremental filter.
std::string SourceSql(const Node& node);
// The single aggregate query that checks every rule of `node` over `table`: column 0 is the row
// count, column i+1 the offending rows of rule i (for row_count rules, 0 or 1).
std::string ValidationSql(const std::vector<Rule>& rules, std::string_view table);
// The condition that selects the offending rows of `rule` in `table` (for samples).
std::string ViolationCondition(const Rule& rule, std::string_view table);

}  // namespace sagaz::pipelines::internal
