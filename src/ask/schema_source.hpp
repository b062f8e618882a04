// The NL→SQL view of the catalog, built from the datasets and cached until the catalog changes:
// column kinds, distinct values of low-cardinality text columns (to recognize "Brasil" or
// "Cancelled" in a question), time ranges (to anchor "last 30 days"), links between tables.
// Thread-safe.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "core/error.hpp"
#include "nlq/nlq.hpp"

namespace sagaz::db {
class ConnectionPool;
}
namespace sagaz::catalog {
class Catalog;
}

namespace sagaz::ask {

class SchemaSource {
 public:
  SchemaSource(db::ConnectionPool& pool, catalog::Catalog& catalog)
      : pool_(pool), catalog_(catalog) {}
  Result<std::shared_ptr<const nlq::Schema>> Get();

  // Text columns with at most this many distinct values have them indexed.
  static constexpr int64_t kMaxIndexedValues = 200;

 private:
  Result<nlq::SchemaTable> Describe(const std::string& dataset);

  db::ConnectionPool& pool_;
  catalog::Catalog& catalog_;
  std::mutex mu_;
  uint64_t generation_ = 0;                    // guarded by mu_: the catalog's, of schema_
  std::shared_ptr<const nlq::Schema> schema_;  // guarded by mu_
};

}  // namespace sagaz::ask
