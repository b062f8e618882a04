#include "nlq/internal/types.hpp"

#include <algorithm>

#include "nlq/internal/index.hpp"
#include "nlq/internal/lexicon.hpp"

namespace sagaz::nlq::internal {
namespace {

// The column named right before position `cue` (only function words between), by its own name:
// the subject of the comparison. Several columns on the same words: the best named.
std::optional<size_t> SubjectBefore(const Question& q, const Mentions& mentions, size_t cue) {
  size_t from = cue;
  while (from > 0 && q.words[from - 1].stop) --from;
  if (from == 0) return std::nullopt;
  const size_t last = from - 1;
  std::optional<size_t> best;
  double best_score = 0;
  for (const auto& m : mentions.columns) {
    if (m.name_hits == 0 || std::find(m.words.begin(), m.words.end(), last) == m.words.end())
      continue;
    if (m.score > best_score) {
      best_score = m.score;
      best = m.column;
    }
  }
  return best;
}

// Whether the words that name `column` also name a numeric column: the comparison may be about
// that one ("valor" of a text valor_tipo and a numeric valor_total).
bool AlsoNamesNumber(const SchemaIndex& idx, const Mentions& mentions, size_t column) {
  const ColumnMention* subject = nullptr;
  for (const auto& m : mentions.columns) {
    if (m.column == column) subject = &m;
  }
  if (!subject) return false;
  return std::any_of(mentions.columns.begin(), mentions.columns.end(), [&](const ColumnMention& m) {
    return m.column != column && idx.columns[m.column].numeric && m.name_hits > 0 &&
           std::any_of(m.words.begin(), m.words.end(), [&](size_t p) {
             return std::find(subject->words.begin(), subject->words.end(), p) !=
                    subject->words.end();
           });
  });
}

}  // namespace

std::optional<TypeMismatch> FindTypeMismatch(const Question& q, const SchemaIndex& idx,
                                             const Mentions& mentions) {
  const auto& w = q.words;
  for (size_t i = 0; i < w.size(); ++i) {
    if (!q.IsCue(i, Cue::kCompare) || w[i].cue_owner != i) continue;
    const size_t j = i + w[i].cue->length;
    if (j >= w.size()) continue;
    const auto subject = SubjectBefore(q, mentions, i);
    if (!subject || AlsoNamesNumber(idx, mentions, *subject)) continue;
    const auto& col = idx.columns[*subject];
    const auto& t = w[j].token;
    TypeMismatch mm{i, col.column->name, col.column->kind, t.text, TypeMismatch::Operand::kNumber};
    if (t.kind == TokenKind::kNumber) {
      // "3 itens", "60 minutos": the number counts something named after it, not the subject.
      if (j + 1 < w.size() && std::any_of(mentions.columns.begin(), mentions.columns.end(),
                                          [&](const ColumnMention& m) {
                                            return idx.columns[m.column].numeric &&
                                                   std::find(m.words.begin(), m.words.end(),
                                                             j + 1) != m.words.end();
                                          })) {
        continue;
      }
      if (col.text && col.yes_value.empty()) return mm;
      if (col.time && !IsYear(t)) return mm;  // a year is a period of a date
      continue;
    }
    if (col.numeric && !col.key && (t.kind == TokenKind::kWord || t.kind == TokenKind::kQuoted) &&
        !q.IsCue(j, Cue::kMonth) && !w[j].names_column) {
      // A number compared with a value of a text column ("nível igual a Norte").
      const bool value =
          std::any_of(mentions.values.begin(), mentions.values.end(), [&](const ValueMention& v) {
            return v.score >= 1.5 && v.words.size() == 1 && v.words[0] == j &&
                   idx.columns[v.column].text;
          });
      if (value) {
        mm.operand_kind = TypeMismatch::Operand::kText;
        return mm;
      }
    }
  }
  return std::nullopt;
}

Error TypeMismatchError(const TypeMismatch& mm, Language language) {
  const bool pt = language == Language::kPortuguese;
  std::string kind;
  switch (mm.kind) {
    case ColumnKind::kText:
      kind = pt ? "texto" : "text";
      break;
    case ColumnKind::kTime:
      kind = pt ? "data" : "a date";
      break;
    default:
      kind = pt ? "número" : "a number";
      break;
  }
  std::string message;
  if (mm.operand_kind == TypeMismatch::Operand::kNumber) {
    message =
        pt ? "não dá para comparar " + mm.column + " (" + kind + ") com o número " + mm.operand +
                 ": diga um valor de " + mm.column + " ou compare uma coluna numérica"
           : mm.column + " is " + kind + " and cannot be compared with the number " + mm.operand +
                 ": name a value of " + mm.column + " or compare a numeric column";
  } else {
    message = pt ? "não dá para comparar " + mm.column + " (número) com o texto '" + mm.operand +
                       "': compare com um número ou filtre a coluna de texto"
                 : mm.column + " is a number and cannot be compared with the text '" + mm.operand +
                       "': compare it with a number, or filter the text column";
  }
  return Error(ErrorCode::kInvalidArgument, message)
      .With("reason", "type_mismatch")
      .With("column", mm.column)
      .With("operand", mm.operand);
}

}  // namespace sagaz::nlq::internal
