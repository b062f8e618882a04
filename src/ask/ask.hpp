// Ask: a question in Portuguese or English → safe SQL → statistics → chart → written insight.
//
// The question is interpreted by the builtin semantic parser or a language model (same Plan either
// way), the plan's SQL passes the SQL guard (strict policy by default: projections and filters
// only), the rows are read straight into Sagaz's statistics engine, and the answer comes with a
// chart that fits the intent and an insight written in the question's language. Thread-safe.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "ask/schema_source.hpp"
#include "core/error.hpp"
#include "nlq/nlq.hpp"

namespace sagaz::db {
class ConnectionPool;
}
namespace sagaz::catalog {
class Catalog;
}
namespace sagaz::sql {
class QueryService;
}

namespace sagaz::ask {

struct AskOptions {
  std::optional<std::string> dataset;
  std::optional<nlq::Language> language;
  std::string engine = "builtin";  // "builtin" or "llm"
};

class AskService {
 public:
  AskService(db::ConnectionPool& pool, catalog::Catalog& catalog, sql::QueryService& query);

  // The plan for a question (no execution): what the question means and its SQL.
  Result<nlq::Plan> Interpret(std::string_view question, const AskOptions& options);

  SchemaSource& schema() { return schema_; }

 private:
  db::ConnectionPool& pool_;
  catalog::Catalog& catalog_;
  sql::QueryService& query_;
  SchemaSource schema_;
};

}  // namespace sagaz::ask
