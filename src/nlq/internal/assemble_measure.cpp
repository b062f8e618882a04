#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "nlq/internal/assembler.hpp"

namespace sagaz::nlq::internal {

bool Assembler::TypoOnly(const ColumnMention& m) const {
  // "idade" looks like "cidade": a look-alike of a name is no category to rank by.
  const auto& c = Col(m.column);
  for (size_t p : m.words) {
    for (const auto& nw : c.names) {
      if (WordScore(q_.words[p], nw) >= 0.8) return false;
    }
  }
  return true;
}

bool Assembler::NamesNumericColumn(size_t pos, double min_score) const {
  for (const auto& m : columns_) {
    const auto& c = Col(m.column);
    if (!c.numeric || !Reachable(c.table) || m.name_hits == 0) continue;
    if (std::find(m.words.begin(), m.words.end(), pos) == m.words.end()) continue;
    for (const auto& nw : c.names) {
      // Not a look-alike ("cidade" for idade).
      if (WordScore(q_.words[pos], nw) >= min_score) return true;
    }
  }
  return false;
}

bool Assembler::QuantityColumnWord(size_t i) const {
  // "quantidade por categoria", "quantidade total de itens" over rows with a column `quantidade`:
  // the word names that column (units per row), not a number of rows; "quantidade de pedidos"
  // still counts the rows of another table.
  const auto& w = q_.words;
  static const std::set<std::string> kQuantity = {"quantidade", "quantity", "qtd", "qtde", "qty"};
  if (!kQuantity.count(w[i].token.norm)) return false;
  bool names_main_column = false;
  for (const auto& m : columns_) {
    const auto& c = Col(m.column);
    // The column is the quantity itself (quantidade, qty_units), not a quantity of something
    // else the question would name (qt_dias_regulacao: "quantidade de sinistros" counts claims).
    if (c.table != main_table_ || !c.numeric || c.key || IdLike(m.column) || m.name_hits == 0 ||
        m.name_size != 1)
      continue;
    if (std::find(m.words.begin(), m.words.end(), i) == m.words.end()) continue;
    names_main_column |= std::any_of(c.name.begin(), c.name.end(), [&](const SchemaWord& nw) {
      return WordScore(w[i], nw) >= 0.95;
    });
  }
  if (!names_main_column) return false;
  size_t n = i + 1;
  while (n < w.size() && (w[n].stop || q_.IsCue(n, Cue::kCount) || q_.IsCue(n, Cue::kAggregate)))
    ++n;
  if (n >= w.size() || q_.IsCue(n, Cue::kGroupBy)) return true;
  // The thing counted names another table: its rows are counted.
  return std::none_of(tables_.begin(), tables_.end(), [&](const TableMention& tm) {
    return idx_.tables[tm.table].table != main_table_ && tm.entity &&
           std::find(tm.words.begin(), tm.words.end(), n) != tm.words.end();
  });
}

void Assembler::FindAggregateAndMeasure() {
  const auto& w = q_.words;
  std::optional<size_t> agg_pos;
  size_t count_cue_pos = SIZE_MAX;
  // "valor total" of valor_total, "preço médio" of preco_medio: an aggregate word inside the whole
  // name of a numeric column is that column's name when the question says otherwise what to do
  // with it ("como se distribui o valor total", "valor total médio").
  auto in_compound = [&](size_t i) {
    return std::any_of(columns_.begin(), columns_.end(), [&](const ColumnMention& m) {
      return m.compound && Col(m.column).numeric && Reachable(Col(m.column).table) &&
             std::find(m.words.begin(), m.words.end(), i) != m.words.end();
    });
  };
  auto said_otherwise = [&](size_t i) {
    for (size_t j = 0; j < w.size(); ++j) {
      if (j == i || !w[j].cue || w[j].cue_owner != j) continue;
      const Cue c = w[j].cue->cue;
      if (c == Cue::kDescribe || c == Cue::kSeries || c == Cue::kBucketAdj || c == Cue::kCount ||
          (c == Cue::kAggregate && !in_compound(j))) {
        return true;
      }
    }
    return false;
  };
  for (size_t i = 0; i < w.size(); ++i) {
    if (!w[i].cue || w[i].cue_owner != i || Used(i)) continue;
    const size_t len = w[i].cue->length;
    switch (w[i].cue->cue) {
      case Cue::kCount: {
        // "average number of items": the number is a measure, not a count.
        const bool after_agg = i > 0 && q_.IsCue(i - 1, Cue::kAggregate);
        if (after_agg || count_) break;
        if (QuantityColumnWord(i)) break;
        // "custo total de frete", "peso total de": "total" after a measure adds it up.
        if (w[i].token.norm == "total" && i > 0 && NamesNumericColumn(i - 1) &&
            plan_.aggregate == Aggregate::kNone) {
          plan_.aggregate = Aggregate::kSum;
          agg_pos = i;
          for (size_t k = i; k < i + len; ++k) Use(k);
          break;
        }
        count_ = true;
        count_cue_pos = i;
        agg_pos = i;
        for (size_t k = i; k < i + len; ++k) Use(k);
        break;
      }
      case Cue::kDistinct:
        distinct_ = true;
        distinct_pos_ = i;
        Use(i);
        break;
      case Cue::kDescribe:
        describe_ = true;
        for (size_t k = i; k < i + len; ++k) Use(k);
        break;
      case Cue::kSeries:
        series_ = true;
        time_needed_ = true;
        for (size_t k = i; k < i + len; ++k) Use(k);
        break;
      case Cue::kList:
        list_ = true;
        for (size_t k = i; k < i + len; ++k) Use(k);
        break;
      case Cue::kAggregate: {
        const auto agg = static_cast<Aggregate>(w[i].cue->value);
        if (len == 1 && in_compound(i) && said_otherwise(i)) break;
        // In a ranking, comparatives say the direction ("com maior receita", "with the highest
        // revenue"); "máximo"/"maximum" stay aggregates ("by maximum water level").
        static const std::set<std::string> kDirection = {
            "maior", "menor", "highest", "lowest", "largest", "smallest", "biggest", "greatest"};
        if ((top_ || top_n_) && kDirection.count(w[i].token.norm) && !superlative_) {
          top_ = true;
          top_desc_ = agg == Aggregate::kMax;
          for (size_t k = i; k < i + len; ++k) Use(k);
          break;
        }
        if (plan_.aggregate == Aggregate::kNone) {
          plan_.aggregate = agg;
          agg_pos = i;
          for (size_t k = i; k < i + len; ++k) Use(k);
        }
        break;
      }
      default:
        break;
    }
  }

  // "total de vendas", "total de receita": a sum, not a count.
  const bool sales = QuestionSpeaksOfSales();
  bool revenue = false;
  for (const auto& word : w) {
    if (word.revenue) revenue = true;
  }
  if (count_ && count_cue_pos < w.size()) {
    const std::string cue = w[count_cue_pos].token.norm;
    const size_t after = count_cue_pos + w[count_cue_pos].cue->length;
    if (cue == "total" && after < w.size()) {
      const auto& next = w[after].token.norm;
      const auto& syns = internal::Synonyms(next);
      if (w[after].revenue || std::find(syns.begin(), syns.end(), "sales") != syns.end()) {
        count_ = false;
        revenue = true;
        if (plan_.aggregate == Aggregate::kNone) plan_.aggregate = Aggregate::kSum;
      }
    }
  }

  // "Quantos notebooks foram vendidos", "how many smartphones were sold": units sold, when the
  // table records a quantity per sale — not the number of sale rows ("quantas vendas").
  if (count_ && !distinct_ && count_cue_pos < w.size()) {
    bool participle = false;
    for (const auto& word : w) {
      static const std::set<std::string> kSold = {"vendido",   "vendidos", "vendida", "vendidas",
                                                  "vendeu",    "venderam", "sold",    "comprados",
                                                  "compradas", "purchased"};
      participle |= kSold.count(word.token.norm) > 0;
    }
    size_t noun = count_cue_pos + w[count_cue_pos].cue->length;
    while (noun < w.size() &&
           (w[noun].stop || (w[noun].cue && w[noun].cue->cue == Cue::kAggregate)))
      ++noun;
    const bool counts_entity = noun < w.size() && entity_positions_.count(noun);
    if (participle && !counts_entity) {
      for (size_t ci = 0; ci < idx_.columns.size(); ++ci) {
        const auto& c = Col(ci);
        if (c.table != main_table_ || !c.numeric) continue;
        bool quantity = false;
        for (const auto& nw : c.name) {
          for (const char* k :
               {"quantidade", "quantity", "qty", "qtd", "qtde", "unidades", "units"})
            quantity |= nw.word == k;
        }
        if (!quantity) continue;
        count_ = false;
        plan_.aggregate = Aggregate::kSum;
        plan_.measure = Ref(ci);
        plan_.notes.push_back(q_.language == Language::kPortuguese
                                  ? "contadas as unidades vendidas (" + c.column->name + ")"
                                  : "counted units sold (" + c.column->name + ")");
        quality_ += 0.5;
        break;
      }
    }
  }
  // The noun counted: "How many packages", "número de sessões".
  size_t counted = SIZE_MAX;
  if (count_cue_pos < w.size()) {
    counted = count_cue_pos + w[count_cue_pos].cue->length;
    while (counted < w.size() && (w[counted].stop || q_.IsCue(counted, Cue::kDistinct) ||
                                  q_.IsCue(counted, Cue::kAggregate))) {
      ++counted;
    }
    if (counted >= w.size()) counted = SIZE_MAX;
  }
  auto names_at = [&](const ColumnMention& m, size_t pos) {
    return std::find(m.words.begin(), m.words.end(), pos) != m.words.end();
  };
  // "total de frete", "total de pacotes": the total of a measure, not a number of rows.
  if (count_ && !distinct_ && counted != SIZE_MAX && !entity_positions_.count(counted) &&
      w[count_cue_pos].token.norm == "total" && !Used(counted)) {
    std::optional<size_t> best;
    double best_score = 0;
    for (const auto& m : columns_) {
      const auto& c = Col(m.column);
      if (!c.numeric || !Reachable(c.table) || m.name_hits == 0 || !names_at(m, counted)) continue;
      const double sc = m.score + TableBias(c.table);
      if (sc > best_score) {
        best_score = sc;
        best = m.column;
      }
    }
    if (best) {
      count_ = false;
      plan_.aggregate = Aggregate::kSum;
      plan_.measure = Ref(*best);
      UseMention(*best);
      quality_ += 0.3 * MentionOf(*best)->name_score;
    }
  }
  if (count_ && !distinct_ && counted != SIZE_MAX && !entity_positions_.count(counted)) {
    for (const auto& m : columns_) {
      const auto& c = Col(m.column);
      if (c.table != main_table_ || m.name_hits == 0 || m.name_hits < m.name_size ||
          !names_at(m, counted) || Used(counted)) {
        continue;
      }
      // Not a level said as a noun ("quantas avaliações" are rows, not the sum of rating).
      if (c.numeric && c.column->kind == ColumnKind::kInteger && Additive(Ref(m.column))) {
        // "How many packages did UPS ship", "quantos assentos": the rows count the noun
        // themselves, so the answer is their sum, not a number of rows.
        count_ = false;
        plan_.aggregate = Aggregate::kSum;
        plan_.measure = Ref(m.column);
        plan_.notes.push_back(q_.language == Language::kPortuguese
                                  ? "somado " + c.column->name + " (a quantidade de cada linha)"
                                  : "summed " + c.column->name + " (the count on each row)");
        Use(m.words);
        quality_ += 0.3 * m.name_score;
        break;
      }
      const bool links =
          std::any_of(schema_.relations.begin(), schema_.relations.end(), [&](const Relation& r) {
            return r.from_table == c.table->name && r.from_column == c.column->name;
          });
      if (c.column->is_identifier && !links && KeyColumn(main_table_) != m.column) {
        // "number of sessions per browser": the distinct ids of something the rows repeat.
        distinct_ = true;
        plan_.measure = Ref(m.column);
        Use(m.words);
        quality_ += 0.3 * m.name_score;
        break;
      }
    }
  }
  // "How many trading days", "quantos dias de pregão": the distinct instants of the time column
  // the counted noun names.
  const bool counts_days = counted != SIZE_MAX &&
                           (q_.IsCue(counted, Cue::kUnit) || q_.IsCue(counted, Cue::kBucketNoun) ||
                            (counted + 1 < w.size() && q_.IsCue(counted + 1, Cue::kUnit)));
  if (count_ && !distinct_ && counts_days && !entity_positions_.count(counted)) {
    for (const auto& m : columns_) {
      const auto& c = Col(m.column);
      if (c.table != main_table_ || !c.time || m.name_hits == 0 || m.name_hits < m.name_size ||
          !names_at(m, counted)) {
        continue;
      }
      distinct_ = true;
      plan_.measure = Ref(m.column);
      Use(m.words);
      if (counted + 1 < w.size() && q_.IsCue(counted + 1, Cue::kUnit)) Use(counted + 1);
      quality_ += 0.3 * m.name_score;
      break;
    }
  }
  // "How many sensors are there?" over sensor readings: the noun names the table only through one
  // word of its name and is itself a column whose values repeat: the distinct values are counted.
  if (count_ && !distinct_ && counted != SIZE_MAX && entity_positions_.count(counted)) {
    double entity_score = 0;
    bool in_table_name = false;
    for (const auto& tm : tables_) {
      if (idx_.tables[tm.table].table != main_table_) continue;
      entity_score = tm.score;
      for (const auto& nw : idx_.tables[tm.table].name)
        in_table_name |= WordScore(w[counted], nw) >= 1.0;
    }
    for (const auto& m : columns_) {
      const auto& c = Col(m.column);
      if (entity_score >= 1.0 || !in_table_name || c.table != main_table_ || !c.text ||
          c.column->is_identifier || c.name.size() != 1 || WordScore(w[counted], c.name[0]) < 1.0 ||
          c.column->distinct * 2 >= main_table_->rows) {
        continue;
      }
      distinct_ = true;
      plan_.measure = Ref(m.column);
      break;
    }
  }
  auto numeric = [](const ColumnIndex& c) { return c.numeric; };
  std::optional<size_t> measure;
  if (plan_.measure && plan_.aggregate == Aggregate::kSum && !count_)
    measure = ColumnIndexOf(plan_.measure->table, plan_.measure->column);
  if (!count_ && !measure) {
    if (most_of_ && !Used(*most_of_)) {
      if (auto col = BestColumnIn(*most_of_, *most_of_ + 1, numeric)) {
        measure = col;
        if (plan_.aggregate == Aggregate::kNone) plan_.aggregate = Aggregate::kSum;
      }
    }
    // Revenue: the sale value of the sales table; a column named by the revenue word itself
    // ("revenue" for tripRevenue) first.
    bool revenue_named = false;
    if (revenue) {
      double best = 0.99;
      for (size_t ci = 0; ci < idx_.columns.size(); ++ci) {
        if (!Reachable(Col(ci).table)) continue;
        bool named = false;
        for (const auto& word : w) {
          if (!word.revenue) continue;
          for (const auto& nw : Col(ci).name)
            named |= Col(ci).numeric && WordScore(word, nw) >= 1.0;
        }
        const double sc = SaleLike(ci) + TableBias(Col(ci).table) + (named ? 2.0 : 0.0);
        if (sc > best) {
          best = sc;
          measure = ci;
          revenue_named = named;
        }
      }
      if (!measure) {
        penalty_ += 3;  // this table holds no money
      } else {
        quality_ += 0.5 * SaleLike(*measure) + (revenue_named ? 1.0 : 0.0);
      }
    }
    // Otherwise the numeric column the aggregate speaks of: Portuguese puts the adjective after the
    // noun
    // ("nível médio"), English before ("average level").
    if (!measure && agg_pos) {
      const size_t a = *agg_pos;
      const size_t len = w[a].cue->length;
      // A column whose name says the aggregate ("highest price" -> the high price, "peak" ->
      // peak_kw) is the one it is taken of.
      measure_agg_ = plan_.aggregate;
      auto before = [&] { return BestColumnIn(a >= 3 ? a - 3 : 0, a, numeric); };
      auto after = [&] { return BestColumnIn(a + len, std::min(a + len + 5, w.size()), numeric); };
      if (q_.language == Language::kPortuguese) {
        // "média do nível" puts the noun after even in Portuguese: prefer after when "de/do/da"
        // follows, unless a measure comes right before ("idade média dos pacientes").
        const bool of_follows = a + len < w.size() &&
                                (w[a + len].token.norm == "de" || w[a + len].token.norm == "do" ||
                                 w[a + len].token.norm == "da" || w[a + len].token.norm == "dos" ||
                                 w[a + len].token.norm == "das");
        const bool noun_before = a > 0 && NamesNumericColumn(a - 1, 1.0) && !Used(a - 1);
        measure = of_follows && !noun_before ? after() : before();
        if (!measure) measure = of_follows ? before() : after();
      } else {
        measure = after();
        if (!measure) measure = before();
      }
      measure_agg_.reset();
    }
    if (!measure) {
      // A numeric column the question names by name (a description alone, or one word of a long
      // name, is too weak to be the measure). Beside a grouping ("umidade por zona", "pressão por
      // estação") a word naming it through the other language is enough: the alternative, a
      // count of rows per group, would leave the word unexplained and answer another question.
      // A word naming a table never names the measure this way ("mais produtos" counts products,
      // it is no product_description_lenght).
      std::optional<size_t> best;
      double best_score = 0;
      const bool beside_group = plan_.group && !count_ && plan_.aggregate == Aggregate::kNone;
      // Nor a word of the group's own name ("categoria de produto").
      const ColumnMention* group_mention = nullptr;
      if (plan_.group) {
        if (const auto gi = ColumnIndexOf(plan_.group->table, plan_.group->column))
          group_mention = MentionOf(*gi);
      }
      auto names_table = [&](const ColumnMention& m) {
        const bool of_group =
            group_mention && std::any_of(m.words.begin(), m.words.end(), [&](size_t p) {
              return std::find(group_mention->words.begin(), group_mention->words.end(), p) !=
                     group_mention->words.end();
            });
        return of_group || std::any_of(tables_.begin(), tables_.end(), [&](const TableMention& tm) {
                 return std::any_of(m.words.begin(), m.words.end(), [&](size_t p) {
                   return std::find(tm.words.begin(), tm.words.end(), p) != tm.words.end();
                 });
               });
      };
      for (const auto& m : columns_) {
        const auto& c = Col(m.column);
        if (!Reachable(c.table) || !c.numeric || m.name_hits == 0) continue;
        bool free = std::any_of(m.words.begin(), m.words.end(),
                                [&](size_t p) { return !Used(p) && !entity_positions_.count(p); });
        if (!free) continue;
        const double floor = beside_group && !names_table(m) ? 0.9 : 0.99;
        const double sc = m.score + TableBias(c.table);
        if (sc > floor && sc > best_score) {
          best_score = sc;
          best = m.column;
        }
      }
      measure = best;
    }
    // The noun the aggregate qualifies ("aluguel" in "aluguel médio", "rent" in "average rent").
    std::optional<size_t> agg_noun;
    if (agg_pos) {
      if (q_.language == Language::kPortuguese) {
        for (size_t p = *agg_pos; p > 0;) {
          --p;
          if (!w[p].stop) {
            agg_noun = p;
            break;
          }
        }
      } else {
        for (size_t p = *agg_pos + w[*agg_pos].cue->length; p < w.size(); ++p) {
          if (!w[p].stop) {
            agg_noun = p;
            break;
          }
        }
      }
    }
    // The rows themselves next to the aggregate ("maior transação", "the largest order", "pedido
    // médio"): what a row is worth.
    bool of_rows = false;
    if (agg_pos && plan_.aggregate != Aggregate::kCount) {
      auto content = [&](size_t p, int step) -> std::optional<size_t> {
        for (p += step; p < w.size(); p += step) {
          if (!w[p].stop) return p;
        }
        return std::nullopt;
      };
      // Not when the word names a measure of other rows ("média de itens por pedido" is
      // orders.num_of_item, not the price of an order item).
      auto measure_elsewhere = [&](size_t p) {
        return std::any_of(columns_.begin(), columns_.end(), [&](const ColumnMention& m) {
          return Col(m.column).numeric && Col(m.column).table != main_table_ && m.name_hits > 0 &&
                 names_at(m, p);
        });
      };
      for (auto p : {content(*agg_pos, -1), content(*agg_pos + w[*agg_pos].cue->length - 1, 1)})
        of_rows |= p && entity_positions_.count(*p) > 0 && !measure_elsewhere(*p);
    }
    if (!measure && plan_.aggregate != Aggregate::kNone && !sales_context_ &&
        ((agg_noun && ValueAt(*agg_noun, 1.4)) || of_rows)) {
      // "Aluguel médio por cidade": an average of rows named only by a value is the average of the
      // table's price, when it has one column clearly about money.
      std::optional<size_t> money;
      int candidates = 0;
      for (size_t ci = 0; ci < idx_.columns.size(); ++ci) {
        if (Col(ci).table != main_table_ || SaleLike(ci) < 1.0) continue;
        ++candidates;
        if (!money || SaleLike(ci) > SaleLike(*money)) money = ci;
      }
      if (money && candidates == 1) {
        measure = money;
        plan_.notes.push_back(q_.language == Language::kPortuguese
                                  ? "medido em " + Col(*money).column->name
                                  : "measured by " + Col(*money).column->name);
      }
    }
    if (!measure && sales_context_ && plan_.aggregate != Aggregate::kNone) {
      // "o total vendido", "the average sold": an amount of sales with no column named is the
      // sale value.
      double best = 0.99;
      for (size_t ci = 0; ci < idx_.columns.size(); ++ci) {
        if (!Reachable(Col(ci).table)) continue;
        const double sc = SaleLike(ci) + TableBias(Col(ci).table);
        if (sc > best) {
          best = sc;
          measure = ci;
        }
      }
    }
    if (!measure && (series_ || describe_)) {
      // "Como as vendas evoluíram?" over a table vendas with a column vendas: the word that named
      // the table also names the measure when it is the column's whole name.
      double best_score = 0.99;
      for (const auto& m : columns_) {
        const auto& c = Col(m.column);
        if (c.table != main_table_ || !c.numeric || m.name_hits < m.name_size) continue;
        const bool free =
            std::any_of(m.words.begin(), m.words.end(), [&](size_t p) { return !Used(p); });
        if (!free) continue;
        if (m.score > best_score) {
          best_score = m.score;
          measure = m.column;
        }
      }
    }
  }
  if (measure) {
    plan_.measure = Ref(*measure);
    UseMention(*measure);
    if (const auto* m = MentionOf(*measure)) quality_ += 0.3 * m->name_score;
    if (revenue && plan_.aggregate == Aggregate::kNone && !(top_ || top_n_))
      plan_.aggregate = Aggregate::kSum;
  }
  // Words naming revenue or sales are explained by a sale-like measure or by counting the sales
  // table.
  const bool sales_table = [&] {
    for (size_t ci = 0; ci < idx_.columns.size(); ++ci) {
      if (Col(ci).table == main_table_ && SaleLike(ci) >= 2.0) return true;
    }
    return false;
  }();
  if (sales && (sales_table || (measure && SaleLike(*measure) >= 1.0))) {
    for (size_t i = 0; i < w.size(); ++i) {
      if (w[i].token.kind != TokenKind::kWord) continue;
      const auto& syns = internal::Synonyms(w[i].token.norm);
      if (w[i].revenue || std::find(syns.begin(), syns.end(), "sales") != syns.end()) {
        Use(i);
      }
    }
    if (sales_table) quality_ += 0.6;
  }

  if (count_) {
    plan_.aggregate = distinct_ ? Aggregate::kCountDistinct : Aggregate::kCount;
  } else if (distinct_) {
    plan_.aggregate = Aggregate::kCountDistinct;
  }
  if (plan_.aggregate == Aggregate::kCountDistinct && !plan_.measure) {
    // "quantos sensores diferentes", "number of distinct countries with subscriptions": the
    // column named by the counted noun, the one next to "distinct" first.
    std::optional<size_t> best;
    double best_score = 0.5;
    for (const auto& m : columns_) {
      const auto& c = Col(m.column);
      if (!Reachable(c.table) || c.time) continue;
      bool free = std::any_of(m.words.begin(), m.words.end(),
                              [&](size_t p) { return !Used(p) || entity_positions_.count(p); });
      if (!free) continue;
      const bool next_to_cue =
          (distinct_pos_ != SIZE_MAX && (names_at(m, distinct_pos_ + 1) ||
                                         (distinct_pos_ > 0 && names_at(m, distinct_pos_ - 1)))) ||
          (counted != SIZE_MAX && names_at(m, counted));
      const double sc = m.score + TableBias(c.table) + (next_to_cue ? 1.0 : 0.0);
      if (sc > best_score) {
        best_score = sc;
        best = m.column;
      }
    }
    if (best) {
      plan_.measure = Ref(*best);
      UseMention(*best);
      entity_positions_.clear();
    }
  }
  if (plan_.aggregate == Aggregate::kCount) plan_.measure.reset();
  // Comparisons waiting for a column take the measure; an amount of money ("10.000 reais") the
  // table's sale value; people older or younger than a number their age.
  for (auto& f : plan_.filters) {
    if (!f.column.table.empty()) continue;
    static const std::set<std::string> kMoney = {"reais", "real", "r$",    "dolares", "dollars",
                                                 "usd",   "brl",  "euros", "eur"};
    bool money = false;
    for (const auto& word : internal::Words(f.phrase)) money |= kMoney.count(word) > 0;
    if (plan_.measure) {
      f.column = *plan_.measure;
    } else if (money) {
      double best = 0.99;
      for (size_t ci = 0; ci < idx_.columns.size(); ++ci) {
        if (Col(ci).table != main_table_) continue;
        if (SaleLike(ci) > best) {
          best = SaleLike(ci);
          f.column = Ref(ci);
        }
      }
    } else if (auto col = BestColumnAnywhere(numeric, 0.3)) {
      f.column = Ref(*col);
    } else if (auto age = AgeColumn(); age && !f.values.empty() &&
                                       std::holds_alternative<double>(f.values[0]) &&
                                       std::get<double>(f.values[0]) <= 120) {
      f.column = Ref(*age);
    }
  }
}

bool Assembler::FindCountPerGroup() {
  const auto& w = q_.words;
  std::optional<size_t> agg_at, count_at;
  for (size_t i = 0; i < w.size(); ++i) {
    if (!w[i].cue || w[i].cue_owner != i || Used(i)) continue;
    if (w[i].cue->cue == Cue::kCount && !count_at) count_at = i;
    if (w[i].cue->cue == Cue::kAggregate && !agg_at) {
      const auto a = static_cast<Aggregate>(w[i].cue->value);
      if (a == Aggregate::kMean || a == Aggregate::kMedian || a == Aggregate::kMin ||
          a == Aggregate::kMax)
        agg_at = i;
    }
  }
  if (!agg_at || !count_at) return false;
  // The counted noun, then the thing it is counted per: a column of the main table that refers
  // to another table's rows or repeats (order_items.order_id), named after the counted noun.
  size_t counted = *count_at + w[*count_at].cue->length;
  while (counted < w.size() && (w[counted].stop || q_.IsCue(counted, Cue::kAggregate))) ++counted;
  if (counted >= w.size() || !entity_positions_.count(counted)) return false;
  // A link to another table's rows first (order_items.order_id), then a column that repeats.
  for (const bool want_link : {true, false}) {
    for (size_t p = counted + 1; p < w.size(); ++p) {
      if (!q_.IsContent(p)) continue;
      for (const auto& m : columns_) {
        const auto& c = Col(m.column);
        const bool links =
            std::any_of(schema_.relations.begin(), schema_.relations.end(), [&](const Relation& r) {
              return r.from_table == c.table->name && r.from_column == c.column->name;
            });
        if (c.table != main_table_ || !c.column->is_identifier || (c.key && !links) ||
            links != want_link || std::find(m.words.begin(), m.words.end(), p) == m.words.end()) {
          continue;
        }
        const bool named = std::any_of(c.name.begin(), c.name.end(), [&](const SchemaWord& nw) {
          return WordScore(w[p], nw) >= 0.8;
        });
        if (!named) continue;
        plan_.per = Ref(m.column);
        plan_.aggregate = static_cast<Aggregate>(w[*agg_at].cue->value);
        for (size_t k = 0; k < w[*agg_at].cue->length; ++k) Use(*agg_at + k);
        for (size_t k = 0; k < w[*count_at].cue->length; ++k) Use(*count_at + k);
        Use(p);
        Use(counted);
        quality_ += 0.5;
        plan_.notes.push_back(q_.language == Language::kPortuguese
                                  ? "contadas as linhas por " + c.column->name + ", depois " +
                                        std::string(ToString(plan_.aggregate))
                                  : "rows counted per " + c.column->name + ", then their " +
                                        std::string(ToString(plan_.aggregate)));
        Note(w[p].token.text, "per", plan_.per->table + "." + plan_.per->column);
        return true;
      }
    }
  }
  return false;
}

}  // namespace sagaz::nlq::internal
