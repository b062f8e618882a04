#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "nlq/internal/assembler.hpp"

namespace sagaz::nlq::internal {

bool Assembler::Groupable(size_t column) const {
  // A text column with about one value per row (names, e-mails, tracking codes) has nothing to
  // group.
  const auto& c = Col(column);
  if (!c.text || !c.column->values.empty()) return true;
  const int64_t rows = c.table->rows;
  return rows <= 50 || c.column->distinct * 2 <= rows;
}

std::optional<size_t> Assembler::UniqueLabel(const SchemaTable* table) const {
  auto label = LabelColumn(table);
  if (!label) return std::nullopt;
  const auto& c = *Col(*label).column;
  const int64_t rows = table->rows;
  const int64_t distinct = c.values.empty() ? c.distinct : static_cast<int64_t>(c.values.size());
  if (rows > 0 && distinct * 10 >= rows * 9) return label;
  return std::nullopt;
}

std::optional<size_t> Assembler::ValueAt(size_t pos, double min_score) const {
  for (const auto& v : values_) {
    if (v.score < min_score || !Reachable(Col(v.column).table)) continue;
    if (std::find(v.words.begin(), v.words.end(), pos) != v.words.end()) return v.column;
  }
  return std::nullopt;
}

void Assembler::GroupBy(size_t column, std::vector<size_t> pos) {
  // A link to another table groups by that table's name when its names are unique ("por centro
  // de distribuição" -> distribution_centers.name), else by the link itself.
  plan_.group = Ref(column);
  if (Col(column).column->is_identifier) {
    for (const auto& r : schema_.relations) {
      if (r.from_table != Col(column).table->name || r.from_column != Col(column).column->name)
        continue;
      const SchemaTable* to = schema_.Find(r.to_table);
      if (!to || !Reachable(to)) continue;
      if (auto label = UniqueLabel(to)) plan_.group = Ref(*label);
      break;
    }
  }
  Note(PhraseOf(q_, pos), "group", plan_.group->table + "." + plan_.group->column);
  Use(pos);
}

void Assembler::FindGroups() {
  const auto& w = q_.words;
  for (size_t i = 0; i < w.size(); ++i) {
    // Bucket adjectives anywhere: "mensal", "monthly", "diária"; not when the word is a value
    // said of the rows ("annual subscriptions", "monthly plans": billing_cycle = 'Annual').
    if (q_.IsCue(i, Cue::kBucketAdj) && plan_.bucket == Bucket::kNone) {
      // A word of a measure's name said with another of its words ("monthly fee" for
      // mthly_fee_usd, "consumo mensal" for consumo_mensal_kwh) names it: no period.
      const bool in_name = std::any_of(columns_.begin(), columns_.end(), [&](const auto& m) {
        return Col(m.column).numeric && m.name_hits >= 2 &&
               std::find(m.words.begin(), m.words.end(), i) != m.words.end();
      });
      if (in_name) continue;
      if (auto vc = ValueAt(i, 1.5)) {
        // The noun it qualifies (after it in English, before it in Portuguese) names the rows or
        // one of their categories, not a measure.
        size_t next = i + 1;
        while (next < w.size() && w[next].stop) ++next;
        size_t prev = i;
        while (prev > 0 && w[prev - 1].stop) --prev;
        const size_t noun = q_.language == Language::kPortuguese && prev > 0 ? prev - 1 : next;
        bool names_rows = noun < w.size() && entity_positions_.count(noun) > 0;
        for (const auto& m : columns_) {
          const auto& c = Col(m.column);
          if (c.table == Col(*vc).table && !c.numeric && m.name_hits > 0 && noun < w.size() &&
              std::find(m.words.begin(), m.words.end(), noun) != m.words.end()) {
            names_rows = true;
          }
        }
        if (names_rows) continue;
      }
      plan_.bucket = static_cast<Bucket>(w[i].cue->value);
      Note(w[i].token.text, "group", std::string(ToString(plan_.bucket)));
      Use(i);
      time_needed_ = true;
      continue;
    }
    if (!(q_.IsCue(i, Cue::kGroupBy) && w[i].cue_owner == i) || Used(i)) continue;
    size_t j = i + w[i].cue->length;
    while (j < w.size() && w[j].stop && (!w[j].cue || w[j].cue->cue == Cue::kAnd)) ++j;
    if (j >= w.size()) continue;
    // "por mês", "by day of week".
    if (q_.IsCue(j, Cue::kBucketNoun) && w[j].cue_owner == j) {
      plan_.bucket = static_cast<Bucket>(w[j].cue->value);
      std::vector<size_t> pos;
      for (size_t k = i; k < j + w[j].cue->length; ++k) pos.push_back(k);
      Note(PhraseOf(q_, pos), "group", std::string(ToString(plan_.bucket)));
      Use(pos);
      time_needed_ = true;
      continue;
    }
    if (w[j].token.kind != TokenKind::kWord && w[j].token.kind != TokenKind::kQuoted) continue;
    // "por categoria", "by customer country": a column named in the next words; one named by its
    // own name beats one named by its description; categorical first, then time, then small
    // integers.
    const size_t end = std::min(j + 3, w.size());
    auto named = [&](auto pred) {
      return [this, pred](const ColumnIndex& c) {
        const auto* m = MentionOf(static_cast<size_t>(&c - &idx_.columns[0]));
        return pred(c) && m && m->name_hits > 0;
      };
    };
    auto categorical = [this](const ColumnIndex& c) {
      return (c.text || c.column->kind == ColumnKind::kBoolean) &&
             Groupable(static_cast<size_t>(&c - &idx_.columns[0]));
    };
    auto time = [](const ColumnIndex& c) { return c.time; };
    // "top 5 states by number of shipments", "by total revenue", "by price": what ranks, not a
    // grouping.
    // "média de pessoas por mesa", "faltas por bimestre": with a measure named before the cue, an
    // integer with few values (a table number, a term) groups the rows.
    const bool small_integer_group = [&] {
      const auto at_j = BestColumnIn(j, j + 1, named([](const ColumnIndex& c) {
                                       return c.column->kind == ColumnKind::kInteger && !c.key;
                                     }));
      if (!at_j) return false;
      const auto& c = *Col(*at_j).column;
      if (c.distinct <= 0 || c.distinct > 60 || c.distinct * 5 > Col(*at_j).table->rows)
        return false;
      return std::any_of(columns_.begin(), columns_.end(), [&](const ColumnMention& m) {
        return m.column != *at_j && Col(m.column).numeric && m.name_hits > 0 && !m.words.empty() &&
               m.words.back() < i && Col(m.column).table == Col(*at_j).table;
      });
    }();
    const bool measure_next = NamesNumericColumn(j) && !ValueAt(j, 1.4) && !small_integer_group &&
                              !BestColumnIn(j, j + 1, named(categorical)) &&
                              !BestColumnIn(j, j + 1, named(time));
    if ((w[j].cue && (w[j].cue->cue == Cue::kCount || w[j].cue->cue == Cue::kAggregate ||
                      w[j].cue->cue == Cue::kDistinct)) ||
        w[j].revenue || measure_next) {
      Use(i);
      continue;
    }
    auto integer = [](const ColumnIndex& c) { return c.column->kind == ColumnKind::kInteger; };
    std::optional<size_t> col = BestColumnIn(j, j + 1, named(categorical));
    if (!col) col = BestColumnIn(j, j + 1, named(time));
    if (!col) col = BestColumnIn(j, end, named(categorical));
    // "pedidos feitos por mulheres", "vieram por email": a value after "por" says who or how,
    // it does not group.
    const auto value_col = ValueAt(j, 1.4);
    const bool value_next = value_col.has_value();
    // "trips by casual riders": a value of the column after the cue says which rows, it does not
    // group them.
    if (col && value_col && *col == *value_col) col.reset();
    if (!col && !entity_positions_.count(j) && !value_next)
      col = BestColumnIn(j, j + 1, categorical);
    if (!col && !entity_positions_.count(j) && !value_next) col = BestColumnIn(j, j + 1, time);
    if (!col && !value_next) col = BestColumnIn(j, j + 1, named(integer));
    // "itens por pedido" (the main table's own rows, or its own key): a per-row measure, not a
    // grouping.
    const bool own_key =
        col && Col(*col).table == main_table_ && Col(*col).column->is_identifier &&
        !std::any_of(schema_.relations.begin(), schema_.relations.end(), [&](const Relation& r) {
          return r.from_table == main_table_->name && r.from_column == Col(*col).column->name;
        });
    // "average fuel per trip" over trips: the main table's own rows (a word of the table's name
    // that names only part of a column) are no grouping either.
    const bool own_rows = col && entity_positions_.count(j) && Col(*col).table == main_table_ &&
                          MentionOf(*col)->name_hits < MentionOf(*col)->name_size;
    if (own_key || own_rows) col.reset();
    if (!col && entity_positions_.count(j)) {
      Use({i, j});
      continue;
    }
    std::vector<size_t> pos = {i, j};
    if (col) {
      for (size_t p : UseMention(*col, j, end)) pos.push_back(p);
      entity_positions_.erase(j);
      quality_ += 0.3 * MentionOf(*col)->name_score;
      if (Col(*col).time) {
        time_col_ = col;
        time_needed_ = true;
        if (plan_.bucket == Bucket::kNone) plan_.bucket = Bucket::kDay;
        Note(PhraseOf(q_, pos), "group", Col(*col).table->name + "." + Col(*col).column->name);
        Use(pos);
      } else {
        GroupBy(*col, pos);
      }
      continue;
    }
    // "por cliente": a table named after the cue groups by the main table's link to it.
    for (const auto& tm : tables_) {
      if (std::find(tm.words.begin(), tm.words.end(), j) == tm.words.end()) continue;
      const SchemaTable* t = idx_.tables[tm.table].table;
      if (t == main_table_) continue;
      for (const auto& r : schema_.relations) {
        if (r.from_table == main_table_->name && r.to_table == t->name) {
          if (auto link = ColumnIndexOf(r.from_table, r.from_column)) GroupBy(*link, pos);
          break;
        }
      }
      if (plan_.group) break;
    }
  }
}

void Assembler::ReserveRankedCount() {
  // "os 3 produtos mais caros", "quais 5 categorias vendem mais", "the 5 days with the highest
  // volume": in a ranking, a number said right before the things ranked is how many, never a
  // value to filter on or compare with; it is read before the filters are.
  const auto& w = q_.words;
  bool ranking = false;
  for (size_t j = 0; j < w.size(); ++j) {
    const auto& x = w[j];
    // "4 itens ou mais", "3 or more": a bound, not a ranking.
    if (!x.cue || (j > 0 && (w[j - 1].token.norm == "ou" || w[j - 1].token.norm == "or"))) continue;
    const Cue c = x.cue->cue;
    const bool extreme =
        c == Cue::kAggregate && (x.cue->value == static_cast<int>(Aggregate::kMax) ||
                                 x.cue->value == static_cast<int>(Aggregate::kMin));
    ranking |=
        c == Cue::kMost || c == Cue::kLeast || c == Cue::kTop || c == Cue::kBottom || extreme;
  }
  if (!ranking) return;
  for (size_t i = 0; i + 1 < w.size(); ++i) {
    const auto& t = w[i].token;
    if (t.kind != TokenKind::kNumber || Used(i) || t.number < 1 || t.number > 1000 ||
        t.number != std::floor(t.number) || IsYear(t)) {
      continue;
    }
    const bool free_before = i == 0 || (!w[i - 1].cue && w[i - 1].cue_owner == SIZE_MAX);
    // The things ranked may be periods: "which 3 months had the highest average temperature".
    const bool before_things =
        w[i + 1].token.kind == TokenKind::kWord && !w[i + 1].stop &&
        (!w[i + 1].cue || q_.IsCue(i + 1, Cue::kUnit) || q_.IsCue(i + 1, Cue::kBucketNoun));
    if (!free_before || !before_things) continue;
    top_n_ = static_cast<int64_t>(t.number);
    Use(i);
    return;
  }
}

void Assembler::FindTop() {
  const auto& w = q_.words;
  auto is_count_number = [&](size_t i) {
    return w[i].token.kind == TokenKind::kNumber && !Used(i) && w[i].token.number >= 1 &&
           w[i].token.number <= 1000 && w[i].token.number == std::floor(w[i].token.number) &&
           !IsYear(w[i].token);
  };
  for (size_t i = 0; i < w.size(); ++i) {
    // "top 5", "bottom 3".
    if ((q_.IsCue(i, Cue::kTop) || q_.IsCue(i, Cue::kBottom)) && i + 1 < w.size() &&
        is_count_number(i + 1)) {
      top_ = true;
      top_n_ = static_cast<int64_t>(w[i + 1].token.number);
      top_desc_ = q_.IsCue(i, Cue::kTop);
      Use({i, i + 1});
      continue;
    }
    // "3 maiores", "os 10 principais", "as 5 categorias", "the 3 largest".
    if (is_count_number(i)) {
      const bool before_top =
          i + 1 < w.size() && (q_.IsCue(i + 1, Cue::kTop) || q_.IsCue(i + 1, Cue::kBottom));
      const bool after_the = i > 0 && (w[i - 1].token.norm == "os" || w[i - 1].token.norm == "as" ||
                                       w[i - 1].token.norm == "the");
      if (after_the) {
        top_n_ = static_cast<int64_t>(w[i].token.number);
        Use(i);
        continue;
      }
    }
    // "mais caro", "mais vendidos", "most expensive", "com mais produtos".
    if ((q_.IsCue(i, Cue::kMost) || q_.IsCue(i, Cue::kLeast)) && w[i].cue_owner == i &&
        i + 1 < w.size() && !Used(i)) {
      const bool most = q_.IsCue(i, Cue::kMost);
      if (auto sup = internal::SuperlativeAdjective(w[i + 1].token.norm)) {
        superlative_ = sup;
        superlative_word_ = i + 1;
        top_ = true;
        top_desc_ = most == sup->more_is_higher;
        Use({i, i + 1});
        continue;
      }
      top_ = true;
      top_desc_ = most;
      Use(i);
      // "drove the most kilometers", "com mais pacotes": the quantity added up per group.
      size_t n = i + 1;
      while (n < w.size() && w[n].stop) ++n;
      if (n < w.size() && !Used(n) && NamesNumericColumn(n)) most_of_ = n;
      continue;
    }
    // One-word superlatives: "cheapest", "oldest", "youngest"; "best selling".
    if (w[i].token.kind == TokenKind::kWord && !Used(i)) {
      const auto& n = w[i].token.norm;
      if (n.ends_with("est") && internal::SuperlativeAdjective(n)) {  // cheapest, heaviest
        superlative_ = internal::SuperlativeAdjective(n);
        superlative_word_ = i;
        top_ = true;
        top_desc_ = superlative_->more_is_higher;
        Use(i);
      } else if ((n == "best" || n == "top") && i + 1 < w.size() &&
                 (w[i + 1].token.norm == "selling" || w[i + 1].token.norm == "sold" ||
                  w[i + 1].token.norm == "sellers")) {
        superlative_ = internal::SuperlativeAdjective("selling");
        superlative_word_ = i + 1;
        top_ = true;
        top_desc_ = true;
        Use({i, i + 1});
      }
    }
  }
  for (size_t i = 0; i < w.size(); ++i) {
    if (q_.IsCue(i, Cue::kDescending)) {
      top_desc_ = true;
      Use(i);
    }
    if (q_.IsCue(i, Cue::kAscending)) {
      top_desc_ = false;
      Use(i);
    }
  }
}

// Periods ranked by a value: "o mês com maior consumo", "which weekday has the most sales", "top
// 3 months by revenue", "em que ano vendemos mais", "o melhor trimestre", "the busiest day". The
// period noun comes after a question word, a ranking or at the start, and a direction is said;
// "por mês" groups instead, and "a data do pedido mais caro" asks for a value of the rows.
void Assembler::FindPeriodRanking() {
  const auto& w = q_.words;
  static const std::map<std::string, bool> kDirection = {
      {"maior", true},   {"menor", false},    {"highest", true},  {"lowest", false},
      {"largest", true}, {"smallest", false}, {"biggest", true},  {"greatest", true},
      {"melhor", true},  {"pior", false},     {"best", true},     {"worst", false},
      {"maiores", true}, {"menores", false},  {"melhores", true}, {"piores", false},
      {"top", true},     {"bottom", false},   {"mais", true},     {"menos", false},
      {"most", true},    {"least", false},    {"fewest", false}};
  static const std::set<std::string> kWh = {"qual", "quais", "which", "what", "que"};
  for (size_t j = 0; j < w.size(); ++j) {
    const bool noun = (q_.IsCue(j, Cue::kBucketNoun) || q_.IsCue(j, Cue::kUnit)) &&
                      w[j].cue_owner == j && !Used(j);
    if (!noun) continue;
    const size_t end = j + w[j].cue->length;
    bool wh = false, numbered = false, grouped = false;
    std::optional<size_t> dir;
    size_t k = j;
    while (k > 0) {
      const auto& t = w[k - 1];
      const auto d = kDirection.find(t.token.norm);
      if (t.stop && !(t.cue && t.cue->cue == Cue::kGroupBy)) {
        wh |= kWh.count(t.token.norm) > 0;
      } else if (t.token.kind == TokenKind::kNumber && Used(k - 1) && top_n_) {
        numbered = true;
      } else if (d != kDirection.end() && (!Used(k - 1) || top_)) {
        if (!Used(k - 1)) dir = k - 1;
      } else if (superlative_word_ && *superlative_word_ == k - 1) {
      } else {
        grouped = t.cue && t.cue->cue == Cue::kGroupBy;
        break;
      }
      --k;
    }
    if (grouped || !(wh || numbered || k == 0)) continue;
    // "a data do pedido mais caro", "the date of the most expensive order": a value of rows.
    if (end < w.size()) {
      const auto& n = w[end].token.norm;
      // "hora do dia", "hour of the day" (a period within a period) has no bucket either.
      if (n == "do" || n == "da" || n == "dos" || n == "das" ||
          (n == "of" && end + 1 < w.size() && w[end + 1].token.norm == "the")) {
        continue;
      }
    }
    for (size_t i = end; !dir && i < w.size() && i < end + 5; ++i) {
      const auto d = kDirection.find(w[i].token.norm);
      if (d == kDirection.end() || Used(i)) continue;
      if (w[i].cue && w[i].cue->cue == Cue::kCompare && w[i].cue->length > 1) break;  // mais de 3
      dir = i;
    }
    if (!dir && !top_ && !top_n_) continue;
    if (dir) {
      top_desc_ = kDirection.at(w[*dir].token.norm);
      if (w[*dir].cue && w[*dir].cue->cue == Cue::kAggregate)
        direction_agg_ = static_cast<Aggregate>(w[*dir].cue->value);
      Use(*dir);
    }
    top_ = true;
    period_rank_ = static_cast<Bucket>(w[j].cue->value);
    period_plural_ = q_.IsCue(j, Cue::kUnit);
    time_needed_ = true;
    std::vector<size_t> pos;
    for (size_t i = j; i < end; ++i) pos.push_back(i);
    Note(PhraseOf(q_, pos), "group", std::string(ToString(*period_rank_)));
    Use(pos);
    return;
  }
}

// A ranking without "por": "quais as 5 categorias com maior receita", "which brands have the most
// products" — the category is the categorical column the question names.
void Assembler::InferRankingGroup() {
  if (plan_.group || period_rank_ || !(top_ || top_n_) ||
      (superlative_ && superlative_->counts_rows))
    return;
  // "top 5 meters": an id the rows repeat (meter_id of monthly readings) ranks too.
  auto categorical = [this](const ColumnIndex& c) {
    return c.text && (!c.column->is_identifier || !c.key) &&
           Groupable(static_cast<size_t>(&c - &idx_.columns[0]));
  };
  // An aggregate of many rows is said ("média", "total", "average"): not the largest or smallest.
  const bool averaged = std::any_of(q_.words.begin(), q_.words.end(), [](const Word& x) {
    if (!x.cue || x.cue->cue != Cue::kAggregate) return false;
    const auto agg = static_cast<Aggregate>(x.cue->value);
    return agg == Aggregate::kMean || agg == Aggregate::kSum || agg == Aggregate::kMedian;
  });
  std::optional<size_t> best;
  double best_score = 0.9;
  for (const auto& m : columns_) {
    const auto& c = Col(m.column);
    if (!Reachable(c.table) || !categorical(c)) continue;
    bool free = std::all_of(m.words.begin(), m.words.end(), [&](size_t p) { return !Used(p); });
    if (!free || m.name_hits == 0 || TypoOnly(m)) continue;
    // The words that name the ranked rows themselves ("the 3 heaviest shipments", "os produtos
    // mais caros") rank those rows, not a category whose name shares the word; with an aggregate
    // said ("os 3 sensores com maior vazão média" over leituras_sensores), rows have no average:
    // the category does.
    if (!averaged && std::all_of(m.words.begin(), m.words.end(), [&](size_t p) {
          return entity_positions_.count(p) && NamesMainTable(p);
        }))
      continue;
    const double sc = m.score + TableBias(c.table);
    if (sc > best_score) {
      best_score = sc;
      best = m.column;
    }
  }
  if (!best) {
    // "top 10 customers by revenue": the rows of a linked table the question names rank by the
    // link (or by that table's unique names).
    for (const auto& tm : tables_) {
      const SchemaTable* t = idx_.tables[tm.table].table;
      if (t == main_table_ || !tm.entity ||
          std::any_of(tm.words.begin(), tm.words.end(), [&](size_t p) { return Used(p); })) {
        continue;
      }
      for (const auto& r : schema_.relations) {
        if (r.from_table != main_table_->name || r.to_table != t->name) continue;
        if (auto link = ColumnIndexOf(r.from_table, r.from_column)) {
          GroupBy(*link, tm.words);
          group_word_ = tm.words.front();
          top_ = true;
          return;
        }
      }
    }
    return;
  }
  plan_.group = Ref(*best);
  const auto words = UseMention(*best);
  if (const auto* m = MentionOf(*best); m && !m->words.empty()) group_word_ = m->words.front();
  quality_ += 0.3 * MentionOf(*best)->name_score;
  top_ = true;
  Note(PhraseOf(q_, words), "group", plan_.group->table + "." + plan_.group->column);
}

// "Qual sensor registrou a maior temperatura?", "Which country has the most customers?": a question
// about a category with a comparative ranks the categories.
void Assembler::FindWhichCategory() {
  const auto& w = q_.words;
  size_t start = SIZE_MAX;
  for (size_t i = 0; i < w.size() && i < 3; ++i) {
    const auto& n = w[i].token.norm;
    if (n == "qual" || n == "quais" || n == "which" || n == "what") start = i;
  }
  if (start == SIZE_MAX) return;
  size_t j = start + 1;
  // Articles, even those that are also cues elsewhere ("qual a marca": "a").
  while (j < w.size() && w[j].stop && (!w[j].cue || w[j].cue->cue == Cue::kAnd)) ++j;
  if (j >= w.size()) return;
  auto categorical = [this](const ColumnIndex& c) {
    return c.text && !c.column->is_identifier &&
           Groupable(static_cast<size_t>(&c - &idx_.columns[0]));
  };
  auto col = BestColumnIn(j, j + 1, [&](const ColumnIndex& c) {
    const auto* m = MentionOf(static_cast<size_t>(&c - &idx_.columns[0]));
    return categorical(c) && m && m->name_hits > 0;
  });
  if (!col) return;
  // The category is what ranks: its word is no value elsewhere ("qual agência" is cd_agencia,
  // not the channel 'Agência').
  auto group = [&] {
    group_word_ = j;
    auto pos = UseMention(*col, j, j + 1);
    if (pos.empty()) pos.push_back(j);
    GroupBy(*col, pos);
  };
  if (top_) {  // "qual agência teve mais transações": the ranking is said already
    group();
    return;
  }
  static const std::map<std::string, bool> kDirection = {
      {"maior", true},   {"menor", false},    {"highest", true}, {"lowest", false},
      {"largest", true}, {"smallest", false}, {"biggest", true}, {"greatest", true},
      {"mais", true},    {"menos", false},    {"most", true},    {"least", false},
      {"melhor", true},  {"pior", false},     {"best", true},    {"worst", false}};
  for (size_t i = j + 1; i < w.size(); ++i) {
    auto it = kDirection.find(w[i].token.norm);
    if (it == kDirection.end() || Used(i)) continue;
    // "mais de 3" is a comparison, not a ranking.
    if (w[i].cue && (w[i].cue->cue == Cue::kCompare) && w[i].cue->length > 1) continue;
    top_ = true;
    top_desc_ = it->second;
    if (w[i].cue && w[i].cue->cue == Cue::kAggregate)
      direction_agg_ = static_cast<Aggregate>(w[i].cue->value);
    Use(i);
    group();
    break;
  }
}

}  // namespace sagaz::nlq::internal
