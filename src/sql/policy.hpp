// What untrusted SQL may do: the policy the guard (sql/guard.hpp) enforces. Header-only apart from
// ParsePolicy, so that the configuration (core/config.hpp) can hold a Policy without linking sql.
#pragma once

#include <string_view>

#include "core/error.hpp"

namespace sagaz::sql {

enum class Policy {
  kStrict,    // projections and filters only; statistics come from the stats engine
  kStandard,  // read-only queries with aggregates
};

constexpr std::string_view ToString(Policy policy) {
  return policy == Policy::kStrict ? "strict" : "standard";
}
// Case-insensitive; empty is standard (sql/guard.cpp).
Result<Policy> ParsePolicy(std::string_view text);

}  // namespace sagaz::sql
