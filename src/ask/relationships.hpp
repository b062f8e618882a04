// Which datasets Ask may join, and along which columns. A join is only as right as the link it
// follows, so a link is used only when someone declared it (ask.relationships) or the data shows
// it: a candidate named like a key (orders.product_id -> products.id, nlq::InferRelations) is
// verified when at least kMinCoverage of a sample of its distinct non-null values occur in the
// other table's column, and that column repeats no value (each row finds one match). Names alone
// never link two tables: an unrelated table with a look-alike key is not joined.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "nlq/nlq.hpp"

namespace sagaz::ask {

inline constexpr double kMinCoverage = 0.9;
inline constexpr int64_t kSampledValues = 10'000;  // distinct values checked per candidate

struct Relationship {
  enum class Origin {
    kDeclared,  // ask.relationships: used as declared (its tables and columns must exist)
    kVerified,  // a candidate the data confirmed
    kRejected,  // a candidate the data refuted (reason): never joined along
  };
  nlq::Relation relation;
  Origin origin = Origin::kRejected;
  double coverage = 0;  // share of the sampled distinct values found in the key
  int64_t sampled = 0;  // distinct non-null values checked
  std::string reason;   // kRejected: why, in English
};

std::string_view ToString(Relationship::Origin origin);

// "orders.product_id -> products.id" (names as the catalog stores them: lowercase).
Result<nlq::Relation> ParseRelationship(std::string_view text);
std::string ToString(const nlq::Relation& relation);

}  // namespace sagaz::ask
