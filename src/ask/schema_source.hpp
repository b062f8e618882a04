// The NL→SQL view of the catalog, built from the datasets and cached until the catalog changes:
// column kinds, distinct values of low-cardinality text columns (to recognize "Brasil" or
// "Cancelled" in a question), time ranges (to anchor "last 30 days"), and the links between
// tables Ask may join along: declared ones and candidates the data verified (relationships.hpp).
// A candidate's check runs once per data version of its two datasets. Thread-safe.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "ask/relationships.hpp"
#include "core/error.hpp"
#include "nlq/nlq.hpp"

namespace sagaz::db {
class ConnectionPool;
}
namespace sagaz::catalog {
class Catalog;
}
namespace sagaz::db {
class Connection;
}

namespace sagaz::ask {

class SchemaSource {
 public:
  // `declared`: relationships the configuration declares (ask.relationships); one whose tables or
  // columns do not exist is left out (and listed as rejected).
  SchemaSource(db::ConnectionPool& pool, catalog::Catalog& catalog,
               std::vector<nlq::Relation> declared = {})
      : pool_(pool), catalog_(catalog), declared_(std::move(declared)) {}
  // The schema; its relations are the declared and verified relationships only.
  Result<std::shared_ptr<const nlq::Schema>> Get();
  // Every relationship considered for the current schema: declared, verified and rejected.
  Result<std::vector<Relationship>> Relationships();

  // Text columns with at most this many distinct values have them indexed.
  static constexpr int64_t kMaxIndexedValues = 200;

 private:
  // What a candidate's check found, for the data versions it was made on.
  struct Check {
    int64_t from_version = -1;
    int64_t to_version = -1;
    Relationship result;
  };

  Result<nlq::SchemaTable> Describe(const std::string& dataset);
  // The declared and verified relations among `tables` (versions by dataset name); every
  // relationship considered goes to `considered`.
  Result<std::vector<nlq::Relation>> Links(const std::vector<nlq::SchemaTable>& tables,
                                           const std::map<std::string, int64_t>& versions,
                                           std::vector<Relationship>& considered);
  Result<Relationship> Verify(db::Connection& conn, const nlq::Relation& candidate,
                              const std::vector<nlq::SchemaTable>& tables);

  db::ConnectionPool& pool_;
  catalog::Catalog& catalog_;
  const std::vector<nlq::Relation> declared_;
  std::mutex mu_;
  uint64_t generation_ = 0;                    // guarded by mu_: the catalog's, of schema_
  std::shared_ptr<const nlq::Schema> schema_;  // guarded by mu_
  std::vector<Relationship> considered_;       // guarded by mu_: of schema_
  std::map<std::string, Check> checks_;        // guarded by mu_: by ToString(relation)
};

}  // namespace sagaz::ask
