// Stage 4 of the builtin parser: what the chosen plan leaves of the question. Every content word is
// either used by the plan or listed here with what it looked like; an unused word that looks like a
// value, a column, a number or a condition lowers the confidence, so a question whose stated filter
// matched nothing is never answered as if it had been understood.
#pragma once

#include <cstddef>
#include <set>
#include <string>
#include <vector>

#include "nlq/internal/mentions.hpp"
#include "nlq/internal/question.hpp"

namespace sagaz::nlq::internal {

// What an unused word looked like.
enum class Unused {
  kPlain,      // an ordinary word
  kNumber,     // a number or a date
  kValue,      // a value of a text column (or a quoted literal)
  kColumn,     // the name of a column
  kCondition,  // a comparison, a period or a negation
  kTable,      // the name of a table the plan does not read ("salary per shipment" over employees)
  kGroup,      // the thing a grouping word names ("por gestor", "each manager")
};
std::string_view ToString(Unused kind);

struct UnusedWord {
  size_t position = 0;
  std::string text;  // as written
  Unused kind = Unused::kPlain;
};

struct Coverage {
  size_t content = 0;  // words that carry meaning (no function words, no symbols)
  size_t used = 0;     // of them, the ones the plan explains
  std::vector<UnusedWord> unused;
  double confidence = 0;  // in [0, 1]
};

// Accounts for every content word of the question given the plan and the positions it explains.
// Values and columns count as such only in the tables the plan reads (a word that names a value of
// an unrelated table is an ordinary word here). `rival_close` when another table's reading scored
// about as well (lowers the confidence).
Coverage Account(const Question& q, const SchemaIndex& idx, const Mentions& mentions,
                 const Plan& plan, const std::set<size_t>& explained, bool rival_close);

// Below this confidence the parser does not answer: it asks, with the readings it considered.
inline constexpr double kUnsureBelow = 0.35;

}  // namespace sagaz::nlq::internal
