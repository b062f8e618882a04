#include "nlq/internal/coverage.hpp"

#include <algorithm>
#include <cctype>
#include <optional>
#include <variant>

namespace sagaz::nlq::internal {
namespace {

// Words a question may leave unexplained without changing what it asks: connectors of cue phrases
// ("em", "e", "por") that the plan did not need.
bool Connector(const Word& w) {
  return w.cue && w.cue->length == 1 &&
         (w.cue->cue == Cue::kIn || w.cue->cue == Cue::kAnd || w.cue->cue == Cue::kGroupBy);
}

// A word written like a name or a code: capitalized inside the sentence ("Nike"), all capitals
// ("SP"), or letters with digits ("PETR4").
bool LooksLikeName(const Question& q, size_t i) {
  const std::string& t = q.words[i].token.text;
  if (t.empty()) return false;
  const bool digits =
      std::any_of(t.begin(), t.end(), [](unsigned char c) { return std::isdigit(c); });
  const bool alpha =
      std::any_of(t.begin(), t.end(), [](unsigned char c) { return std::isalpha(c); });
  if (digits && alpha) return true;
  const bool upper_first = std::isupper(static_cast<unsigned char>(t[0])) != 0;
  return upper_first && i > 0 && q.words[i - 1].token.kind != TokenKind::kSymbol;
}

bool Names(const std::vector<size_t>& words, size_t i) {
  return std::find(words.begin(), words.end(), i) != words.end();
}

}  // namespace

std::string_view ToString(Unused kind) {
  switch (kind) {
    case Unused::kPlain:
      return "word";
    case Unused::kNumber:
      return "number";
    case Unused::kValue:
      return "value";
    case Unused::kColumn:
      return "column";
    case Unused::kCondition:
      return "condition";
    case Unused::kTable:
      return "table";
    case Unused::kGroup:
      return "group";
  }
  return "word";
}

Coverage Account(const Question& q, const SchemaIndex& idx, const Mentions& mentions,
                 const Plan& plan, const std::set<size_t>& explained, bool rival_close) {
  Coverage c;
  std::set<std::string> tables = {plan.table};
  for (const auto& j : plan.joins) tables.insert(j.table);
  auto in_plan = [&](size_t column) { return tables.count(idx.columns[column].table->name) > 0; };
  // A word of a value the plan filters on is used, even when the filter came from other words of
  // the value ("Alegre" of "Porto Alegre" for 'Rio Guaíba - Porto Alegre').
  auto filtered = [&](const ValueMention& v) {
    const auto& col = idx.columns[v.column];
    return std::any_of(plan.filters.begin(), plan.filters.end(), [&](const Filter& f) {
      if (f.column.table != col.table->name || f.column.column != col.column->name) return false;
      return std::any_of(f.values.begin(), f.values.end(), [&](const Literal& l) {
        const auto* s = std::get_if<std::string>(&l);
        return s && *s == v.value;
      });
    });
  };
  // A word that names a table the plan does not read: the question is about rows the answer
  // never looks at ("Average salary per shipment" answered over employees alone).
  auto names_other_table = [&](size_t i) {
    return std::any_of(mentions.tables.begin(), mentions.tables.end(), [&](const TableMention& t) {
      return (t.entity || t.score >= 0.8) && !tables.count(idx.tables[t.table].table->name) &&
             Names(t.words, i);
    });
  };
  // The word right after "por", "per", "cada", "each", "by": what the answer should be grouped by.
  auto after_group_word = [&](size_t i) {
    static const std::set<std::string> kEach = {"cada", "each", "per", "por", "by"};
    if (i == 0 || kEach.count(q.words[i].token.norm)) return false;
    const Word& prev = q.words[i - 1];
    const bool group_cue = prev.cue_owner != SIZE_MAX && q.words[prev.cue_owner].cue &&
                           q.words[prev.cue_owner].cue->cue == Cue::kGroupBy;
    return group_cue || kEach.count(prev.token.norm) > 0;
  };
  // A word that names a measure of a table the plan does not read ("Faltas por turma" answered by
  // counting students, "value" of another table's valor_total): the answer leaves out what was
  // asked.
  auto names_other_measure = [&](size_t i) {
    return std::any_of(mentions.columns.begin(), mentions.columns.end(),
                       [&](const ColumnMention& m) {
                         const auto& col = idx.columns[m.column];
                         return m.name_hits > 0 && m.score >= 0.8 && col.numeric && !col.key &&
                                !tables.count(col.table->name) && Names(m.words, i);
                       });
  };
  // The first content word after a count cue: what the question counts ("Quantas reclamações").
  std::optional<size_t> counted;
  bool count_cue = false;
  for (size_t i = 0; i < q.words.size(); ++i) {
    if (!q.IsCue(i, Cue::kCount) || q.words[i].cue_owner != i) continue;
    count_cue = true;
    size_t j = i + q.words[i].cue->length;
    while (j < q.words.size() && q.words[j].stop) ++j;
    if (j < q.words.size() && q.words[j].token.kind == TokenKind::kWord) counted = j;
    break;
  }
  const bool counts_rows = plan.aggregate == Aggregate::kCount && !plan.measure;
  size_t significant = 0;
  for (size_t i = 0; i < q.words.size(); ++i) {
    const Word& w = q.words[i];
    if (w.stop || w.token.kind == TokenKind::kSymbol) continue;
    const bool of_filter =
        std::any_of(mentions.values.begin(), mentions.values.end(),
                    [&](const ValueMention& v) { return Names(v.words, i) && filtered(v); });
    if (explained.count(i) || of_filter) {
      ++c.content;
      ++c.used;
      continue;
    }
    if (Connector(w)) continue;
    ++c.content;
    UnusedWord u{i, w.token.text, Unused::kPlain};
    const bool inside_cue = w.cue_owner != SIZE_MAX;
    const Cue cue = inside_cue ? q.words[w.cue_owner].cue->cue : Cue::kList;
    if (names_other_table(i) || (counts_rows && counted == i && plan.filters.empty())) {
      // A count of rows whose counted noun the plan does not read, with no condition of the
      // question on the table's own columns ("readings with wind above 40" are the table's rows),
      // counts other things.
      u.kind = Unused::kTable;
    } else if (names_other_measure(i)) {
      u.kind = Unused::kColumn;
    } else if (after_group_word(i)) {
      u.kind = Unused::kGroup;
    } else if (w.token.kind == TokenKind::kNumber || w.token.kind == TokenKind::kDate) {
      u.kind = Unused::kNumber;
    } else if (w.token.kind == TokenKind::kQuoted) {
      u.kind = Unused::kValue;
    } else if (inside_cue && (cue == Cue::kCompare || cue == Cue::kBetween || cue == Cue::kSince ||
                              cue == Cue::kUntil || cue == Cue::kNot || cue == Cue::kLast ||
                              cue == Cue::kEmpty || cue == Cue::kMonth)) {
      u.kind = Unused::kCondition;
    } else if (std::any_of(mentions.values.begin(), mentions.values.end(),
                           [&](const ValueMention& v) {
                             return v.score >= 1.4 && in_plan(v.column) && Names(v.words, i);
                           })) {
      u.kind = Unused::kValue;
    } else if (std::any_of(mentions.columns.begin(), mentions.columns.end(),
                           [&](const ColumnMention& m) {
                             return m.name_hits > 0 && m.score >= 1.0 && in_plan(m.column) &&
                                    Names(m.words, i);
                           })) {
      u.kind = Unused::kColumn;
    } else if (LooksLikeName(q, i)) {
      u.kind = Unused::kValue;  // a name the data does not hold: a filter that matched nothing
    }
    if (u.kind != Unused::kPlain) ++significant;
    c.unused.push_back(std::move(u));
  }
  // Each significant word left unexplained weighs as two: the plan answers another question.
  const double denominator = static_cast<double>(c.content + significant);
  double confidence = denominator == 0 ? 0 : static_cast<double>(c.used) / denominator;
  // A value the question states that the plan does not filter on ("da marca Reebok" when no brand
  // is Reebok): the answer would be about other rows than the ones asked for.
  for (const auto& u : c.unused) {
    if (u.kind == Unused::kValue || u.kind == Unused::kGroup) confidence *= 0.5;
    // A number the plan does not use is a condition it dropped ("com nota 1", "5 stars").
    if (u.kind == Unused::kNumber) confidence *= 0.45;
    if (u.kind == Unused::kTable) confidence *= 0.3;
  }
  // A measure no word of the question names (the reading picked a default) while words are left
  // over: the left-over words are likely what was asked ("margem de lucro média" answered with
  // the mean price).
  if (plan.measure && plan.aggregate != Aggregate::kCount && !c.unused.empty()) {
    const bool named =
        std::any_of(mentions.columns.begin(), mentions.columns.end(), [&](const ColumnMention& m) {
          const auto& col = idx.columns[m.column];
          return col.table->name == plan.measure->table &&
                 col.column->name == plan.measure->column &&
                 std::any_of(m.words.begin(), m.words.end(),
                             [&](size_t p) { return explained.count(p) > 0; });
        });
    if (!named) confidence *= 0.5;
  }
  // A count the question never asks for ("What is the profit margin per dish?" read as dishes
  // counted): the words left over are the measure it asks, which the data does not hold.
  // A phrase of two or more words, not a single word ("Headcount by department"), and never in a
  // ranking or a series, which count rows by what they rank ("recebe mais envios", "Signups year
  // over year").
  if (counts_rows && !count_cue &&
      (plan.shape == Shape::kGrouped || plan.shape == Shape::kScalar) &&
      std::count_if(c.unused.begin(), c.unused.end(), [&](const UnusedWord& u) {
        return u.kind == Unused::kPlain && !LooksLikeName(q, u.position);
      }) >= 2) {
    confidence *= 0.5;
  }
  // The rows of a table answer a question only when that is all it asks: a listing whose words
  // are all explained, of a table the question names. Rows with words left over answer another
  // question ("Qual o lucro por transportadora?" is not the carriers' rows).
  if (plan.shape == Shape::kRows) {
    const bool table_named =
        std::any_of(mentions.tables.begin(), mentions.tables.end(), [&](const TableMention& t) {
          return idx.tables[t.table].table->name == plan.table &&
                 std::any_of(t.words.begin(), t.words.end(),
                             [&](size_t p) { return explained.count(p) > 0; });
        });
    if (!c.unused.empty()) confidence *= 0.4;
    if (!table_named) confidence *= 0.5;
  }
  if (rival_close) confidence *= 0.7;
  c.confidence = std::clamp(confidence, 0.0, 1.0);
  return c;
}

}  // namespace sagaz::nlq::internal
