// Stage 2b of the builtin parser: comparisons whose operand does not fit the column the question
// compares ("cidade maior que 100": a text column against a number; "data de entrega acima de
// 500": a date against a plain number; "nível igual a Norte": a number against a text value). Such
// a question has no right answer to give with confidence: the parser says why instead of
// comparing something else.
#pragma once

#include <optional>
#include <string>

#include "core/error.hpp"
#include "nlq/internal/mentions.hpp"

namespace sagaz::nlq::internal {

struct TypeMismatch {
  enum class Operand { kNumber, kText };
  size_t cue = 0;      // position of the comparison word
  std::string column;  // the column compared, as stored
  ColumnKind kind = ColumnKind::kOther;
  std::string operand;  // as written
  Operand operand_kind = Operand::kNumber;
};

// The first comparison whose column, named right before the comparison word, cannot be compared
// with the operand right after it; nothing when every comparison fits (or names no column).
std::optional<TypeMismatch> FindTypeMismatch(const Question& q, const SchemaIndex& idx,
                                             const Mentions& mentions);

// kInvalidArgument with details "reason": "type_mismatch", "column", "operand", in the question's
// language.
Error TypeMismatchError(const TypeMismatch& mismatch, Language language);

}  // namespace sagaz::nlq::internal
