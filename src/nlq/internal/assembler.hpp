// Stage 3 of the builtin parser: a typed plan for one candidate main table, assembled from the
// question's words (stage 1) and mentions (stage 2). The Assembler reads both, which it never
// changes, and keeps what it has decided so far for this one table (the words it used, the flags
// of the reading); Build returns the plan with the words it explains, which the caller scores
// against the plans over the other tables. One Assembler per table and question.
//
// Its methods live by concern: assemble.cpp (Build, scoring, shared helpers), assemble_time.cpp
// (periods), assemble_filters.cpp (comparisons, values, nulls, booleans), assemble_groups.cpp
// (grouping, ranking), assemble_measure.cpp (aggregate and measure).
#pragma once

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "nlq/internal/dates.hpp"
#include "nlq/internal/mentions.hpp"
#include "nlq/internal/question.hpp"

namespace sagaz::nlq::internal {

using Index = SchemaIndex;

struct Candidate {
  Plan plan;
  double score = 0;
  std::set<size_t> explained;  // question positions the plan accounts for
};

class Assembler {
 public:
  Assembler(const Question& q, const Schema& schema, const Index& idx, const Mentions& mentions)
      : q_(q),
        schema_(schema),
        idx_(idx),
        columns_(mentions.columns),
        values_(mentions.values),
        tables_(mentions.tables) {}

  // Builds the plan with `main` as the main table, or nothing when the question cannot be about it.
  std::optional<Candidate> Build(size_t main);

 private:
  bool Reachable(const SchemaTable* table) const { return reach_.count(table->name) > 0; }
  double TableBias(const SchemaTable* table) const {
    if (table == main_table_) return 0.15;
    auto it = depth_.find(table->name);
    return it == depth_.end() ? 0.0 : 0.05 / it->second;
  }
  const ColumnIndex& Col(size_t ci) const { return idx_.columns[ci]; }
  ColumnRef Ref(size_t ci) const { return ColumnRef{Col(ci).table->name, Col(ci).column->name}; }
  bool Used(size_t pos) const { return used_.count(pos) > 0; }
  void Use(const std::vector<size_t>& pos) { used_.insert(pos.begin(), pos.end()); }
  void Use(size_t pos) { used_.insert(pos); }
  void Note(const std::string& phrase, const std::string& role, const std::string& target) {
    plan_.interpretation.push_back(Match{phrase, role, target});
  }
  const ColumnMention* MentionOf(size_t column) const {
    for (const auto& m : columns_) {
      if (m.column == column) return &m;
    }
    return nullptr;
  }
  // Marks the words of a column's mention within [from, to) as used; returns them.
  std::vector<size_t> UseMention(size_t column, size_t from = 0, size_t to = SIZE_MAX);

  // Best column mention among those whose words include a position in [from, to), filtered.
  template <class Pred>
  std::optional<size_t> BestColumnIn(size_t from, size_t to, Pred pred,
                                     bool allow_used = false) const;
  template <class Pred>
  std::optional<size_t> BestColumnAnywhere(Pred pred, double min_score = 0.5) const;
  // The time column of the main table: the one the question names, or the table's main time column.
  std::optional<size_t> TimeColumnFor(const SchemaTable* table) const;
  std::optional<size_t> MainTimeColumn(const SchemaTable* table) const;
  std::optional<size_t> LabelColumn(const SchemaTable* table) const;
  std::optional<size_t> KeyColumn(const SchemaTable* table) const;
  std::optional<Candidate> Reject(int where) const {
    if (std::getenv("SAGAZ_NLQ_DEBUG"))
      std::fprintf(stderr, "  reject %s at %d\n", main_table_->name.c_str(), where);
    return std::nullopt;
  }
  std::optional<size_t> ColumnIndexOf(const std::string& table, const std::string& column) const;
  std::string AnchorOf(size_t time_col) const;
  // How much a numeric column looks like a sale value (sale/price/amount/revenue in its name).
  double SaleLike(size_t column) const;
  // Whether a measure adds up over rows (money, counts) rather than being a level (age, rate).
  bool Additive(const ColumnRef& column) const;
  bool QuestionSpeaksOfSales() const;
  // Whether the question names a column by the whole of its name (or a whole segment of its
  // description), with words that are not the main table's name ("custo", "preço de varejo", not
  // "pedidos" for valor_do_pedido).
  bool NamedWhole(const ColumnRef& column) const {
    const auto ci = ColumnIndexOf(column.table, column.column);
    const ColumnMention* m = ci ? MentionOf(*ci) : nullptr;
    if (!m || !(m->compound || m->phrase || (m->name_hits > 0 && m->name_hits >= m->name_size)))
      return false;
    return std::any_of(m->words.begin(), m->words.end(),
                       [&](size_t p) { return !entity_positions_.count(p); });
  }
  // Whether a column's name says it refers to something (pedido_ref, customer_id, cod_loja): a
  // reference, not a quantity.
  bool IdLike(size_t ci) const {
    static const std::set<std::string> kRef = {"id",  "ref",   "codigo", "cod",    "code",
                                               "key", "chave", "nr",     "numero", "num"};
    const auto& name = Col(ci).name;
    return std::any_of(name.begin(), name.end(),
                       [&](const SchemaWord& w) { return kRef.count(w.word) > 0; });
  }
  // Whether the question names a numeric column by a word of its name that is not the main table's
  // name ("horas extras" for horas_extras_mes, "volume negociado" for volume_financeiro).
  bool NamedPart(const ColumnRef& column) const {
    const auto ci = ColumnIndexOf(column.table, column.column);
    const ColumnMention* m = ci ? MentionOf(*ci) : nullptr;
    if (!m || m->name_hits == 0 || !Col(*ci).numeric || Col(*ci).key || IdLike(*ci)) return false;
    return std::any_of(m->words.begin(), m->words.end(),
                       [&](size_t p) { return !entity_positions_.count(p); });
  }
  // Whether a filter compares the column with a number ("acima de 60 minutos").
  bool Compared(const ColumnRef& column) const {
    return std::any_of(plan_.filters.begin(), plan_.filters.end(), [&](const Filter& f) {
      return f.column == column &&
             (f.op == Filter::Op::kGt || f.op == Filter::Op::kGe || f.op == Filter::Op::kLt ||
              f.op == Filter::Op::kLe || f.op == Filter::Op::kBetween);
    });
  }
  // Whether a column's name (or the description of a cryptic one) says an aggregate: pre_max
  // "Preço máximo", peak_kw, temp_min, avg_price.
  bool NamesAggregate(size_t ci, Aggregate agg) const {
    static const std::map<Aggregate, std::set<std::string>> kWords = {
        {Aggregate::kMax,
         {"max", "maximo", "maxima", "maximum", "high", "highest", "alta", "pico", "peak", "top"}},
        {Aggregate::kMin, {"min", "minimo", "minima", "minimum", "low", "lowest", "baixa"}},
        {Aggregate::kMean, {"avg", "media", "medio", "mean", "average"}},
        {Aggregate::kMedian, {"mediana", "median"}},
    };
    auto it = kWords.find(agg);
    if (it == kWords.end()) return false;
    const auto& c = Col(ci);
    for (const auto& nw : c.name) {
      if (it->second.count(nw.word)) return true;
    }
    if (c.cryptic) {
      for (const auto& dw : c.desc) {
        if (it->second.count(dw.word)) return true;
      }
    }
    return false;
  }
  // Whether the word at `pos` names the main table by its name.
  bool NamesMainTable(size_t pos) const {
    for (const auto& t : idx_.tables) {
      if (t.table != main_table_) continue;
      for (const auto& nw : t.name) {
        if (WordScore(q_.words[pos], nw) >= 0.8) return true;
      }
    }
    return false;
  }
  // The main table's age column (idade, age), for "employees over 50".
  std::optional<size_t> AgeColumn() const;
  // The numeric column an adjective implies ("heavier" -> weight_kg, "mais caro" -> price): the
  // best match of the words, first word first, by column name (or description).
  std::optional<size_t> ImpliedMeasure(const std::vector<std::string>& measure_words,
                                       bool main_only) const;

  void FindTimeRanges();
  void FindComparisons();
  void FindKeyNumbers();
  void FindImplicitComparisons();
  void FindNullFilters();
  // A participle naming a date column of the table ("churned accounts"): the rows with that date.
  void FindEventFilters();
  void FindGroups();
  // Whether a column can group rows (not one value per row), a table's unique name column, the
  // column of a value the question names at a position, and grouping by a column.
  bool Groupable(size_t column) const;
  std::optional<size_t> UniqueLabel(const SchemaTable* table) const;
  std::optional<size_t> ValueAt(size_t pos, double min_score) const;
  void GroupBy(size_t column, std::vector<size_t> pos);
  void FindValuesFilters();
  // Whether a value is named only by cue or function words that say a part of it ("total" of
  // 'Total Express').
  bool PartOfValueByCueWords(const ValueMention& v) const;
  void FindAggregateAndMeasure();
  // "Em média, quantos itens tem um pedido?": an aggregate of a count per thing; true when found.
  bool FindCountPerGroup();
  // Whether the word at `pos` names a reachable numeric column by its name.
  bool NamesNumericColumn(size_t pos, double min_score = 0.8) const;
  // Whether the count word at `pos` ("quantidade", "quantity") names a quantity column of the main
  // table instead of asking for a number of rows.
  bool QuantityColumnWord(size_t pos) const;
  // Whether a mention names its column only by look-alike words (typos).
  bool TypoOnly(const ColumnMention& m) const;
  void ReserveRankedCount();
  void FindTop();
  void InferRankingGroup();
  void FindWhichCategory();
  void FindPeriodRanking();
  void FindBooleanFilters();
  bool ResolveJoins();
  // A numeric column of the main table the question names by free words (not the table's name),
  // for a measure with a filter and no aggregate word.
  std::optional<size_t> NamedMeasure() const;
  // Grouping by a key ("por transportadora" read as transportadora_id) names each group by the
  // unique label of the table the key stands for (nome_transportadora) when it has one.
  void LabelForKeyGroup();
  double Score();
  // Whether a word that names the main table also names one of its measures ("notas" of notas.nota,
  // "nível" of leituras_sensores.nivel_agua), and stays free for it.
  bool MeasureAsWellAsRows(size_t pos) const;

  const Question& q_;
  const Schema& schema_;
  const Index& idx_;
  const std::vector<ColumnMention>& columns_;
  const std::vector<ValueMention>& values_;
  const std::vector<TableMention>& tables_;

  const SchemaTable* main_table_ = nullptr;
  std::set<std::string> reach_;  // tables reachable from the main table
  std::set<size_t> used_;
  Plan plan_;
  std::vector<TimeRange> ranges_;
  std::optional<size_t> time_col_;
  bool time_needed_ = false;
  bool sales_context_ = false;              // the question speaks of sales or revenue
  std::optional<size_t> group_word_;        // first word naming the group, for singular/plural
  std::optional<size_t> most_of_;           // "the most kilometers": the quantity ranked
  std::optional<Aggregate> direction_agg_;  // "qual sensor ... maior temperatura": max per group
  std::optional<Aggregate> measure_agg_;    // while choosing the measure of an aggregate
  std::optional<Bucket> period_rank_;       // "o mês com maior consumo": periods ranked
  // Words of the values each filtered column was named by, and the weakest match among them.
  std::map<size_t, std::pair<std::vector<size_t>, double>> value_words_;
  bool period_plural_ = false;  // "os meses", "months"
  bool count_ = false;
  bool distinct_ = false;
  size_t distinct_pos_ = SIZE_MAX;
  bool describe_ = false;
  bool series_ = false;
  bool list_ = false;
  bool top_ = false;
  std::optional<int64_t> top_n_;
  std::optional<bool> top_desc_;
  std::optional<internal::Superlative> superlative_;
  std::optional<size_t> superlative_word_;
  std::set<size_t> entity_positions_;  // words naming the main table
  double quality_ = 0;                 // how well the chosen columns match their words
  std::map<std::string, int> depth_;   // joins needed to reach each table
  double penalty_ = 0;
};

template <class Pred>
std::optional<size_t> Assembler::BestColumnIn(size_t from, size_t to, Pred pred,
                                              bool allow_used) const {
  std::optional<size_t> best;
  double best_score = 0;
  for (const auto& m : columns_) {
    const auto& col = Col(m.column);
    if (!Reachable(col.table) || !pred(col)) continue;
    bool inside = false;
    for (size_t p : m.words) {
      if (p >= from && p < to && (allow_used || !Used(p))) inside = true;
    }
    if (!inside) continue;
    const double s = m.score + TableBias(col.table) +
                     (sales_context_ ? 0.1 * SaleLike(m.column) : 0.0) +
                     (measure_agg_ && NamesAggregate(m.column, *measure_agg_) ? 0.5 : 0.0);
    if (s > best_score) {
      best_score = s;
      best = m.column;
    }
  }
  return best;
}

template <class Pred>
std::optional<size_t> Assembler::BestColumnAnywhere(Pred pred, double min_score) const {
  std::optional<size_t> best;
  double best_score = min_score;
  for (const auto& m : columns_) {
    const auto& col = Col(m.column);
    if (!Reachable(col.table) || !pred(col)) continue;
    bool free = std::any_of(m.words.begin(), m.words.end(), [&](size_t p) { return !Used(p); });
    if (!free) continue;
    const double s = m.score + TableBias(col.table);
    if (s > best_score) {
      best_score = s;
      best = m.column;
    }
  }
  return best;
}

}  // namespace sagaz::nlq::internal
