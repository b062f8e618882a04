#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "nlq/internal/assembler.hpp"

namespace sagaz::nlq::internal {

std::vector<size_t> Assembler::UseMention(size_t column, size_t from, size_t to) {
  std::vector<size_t> out;
  if (const auto* m = MentionOf(column)) {
    for (size_t p : m->words) {
      if (p >= from && p < to && !entity_positions_.count(p)) {
        Use(p);
        out.push_back(p);
      }
    }
  }
  return out;
}

bool Assembler::Additive(const ColumnRef& column) const {
  // Money and counts add up; levels, rates and ages do not.
  static const std::set<std::string> kAdditive = {
      "price",     "preco",      "cost",       "custo",     "amount",      "valor",
      "total",     "revenue",    "receita",    "sale",      "venda",       "vendas",
      "quantity",  "quantidade", "qty",        "qtd",       "faturamento", "usd",
      "brl",       "eur",        "reais",      "dolares",   "mrr",         "arr",
      "frete",     "freight",    "fee",        "fees",      "spend",       "gasto",
      "gastos",    "despesa",    "expense",    "pagamento", "payment",     "units",
      "unidades",  "packages",   "pacotes",    "seats",     "assentos",    "licencas",
      "licenses",  "volume",     "volumes",    "itens",     "items",       "kwh",
      "mwh",       "wh",         "energia",    "energy",    "consumo",     "consumption",
      "tot",       "vol",        "trades",     "negocios",  "calls",       "chamadas",
      "gb",        "mb",         "clicks",     "cliques",   "views",       "visualizacoes",
      "downloads", "visits",     "visitas",    "count",     "contagem",    "tons",
      "toneladas", "producao",   "production", "yield",     "colheita"};
  // A price of one unit or at one moment is a level: a close price, a unit cost, a price per m².
  static const std::set<std::string> kLevel = {
      "fechamento", "abertura", "close",   "closing", "open",    "opening", "maximo", "minimo",
      "medio",      "media",    "high",    "low",     "average", "avg",     "ultimo", "last",
      "unitario",   "unit",     "cotacao", "quote",   "per",     "por"};
  const auto ci = ColumnIndexOf(column.table, column.column);
  auto words = ci ? Col(*ci).names : SchemaWords(column.column);  // with camelCase words
  // A cryptic name says it in its description ("Volume financeiro" for vol_tot).
  if (ci && Col(*ci).cryptic) words.insert(words.end(), Col(*ci).desc.begin(), Col(*ci).desc.end());
  bool additive = false;
  for (const auto& nw : words) {
    if (kLevel.count(nw.word)) return false;
    additive |= kAdditive.count(nw.word) > 0;
  }
  return additive;
}

double Assembler::SaleLike(size_t column) const {
  const auto& c = Col(column);
  if (!c.numeric || !ItemCode(c).empty())
    return 0;  // a survey's item (q30_pos_venda) sells nothing
  double s = 0;
  for (const auto& nw : c.name) {
    if (nw.word == "sale" || nw.word == "venda" || nw.word == "sales" || nw.word == "vendas")
      s += 1.2;
    for (const char* k :
         {"price", "preco", "valor", "amount", "revenue", "receita", "total", "faturamento"}) {
      if (nw.word == k) s += 1.0;
    }
  }
  return s;
}

bool Assembler::QuestionSpeaksOfSales() const {
  for (const auto& w : q_.words) {
    if (w.token.kind != TokenKind::kWord) continue;
    if (w.revenue) return true;
    for (const auto& syn : internal::Synonyms(w.token.norm)) {
      if (syn == "sold" || syn == "sales") return true;
    }
  }
  return false;
}

std::optional<size_t> Assembler::AgeColumn() const {
  for (size_t ci = 0; ci < idx_.columns.size(); ++ci) {
    const auto& c = Col(ci);
    if (c.table != main_table_ || !c.numeric) continue;
    for (const auto& nw : c.names) {
      if (nw.word == "age" || nw.word == "idade") return ci;
    }
  }
  return std::nullopt;
}

std::optional<size_t> Assembler::ImpliedMeasure(const std::vector<std::string>& measure_words,
                                                bool main_only) const {
  std::optional<size_t> col;
  double best = 0;
  for (size_t k = 0; k < measure_words.size(); ++k) {
    const SchemaWord target{measure_words[k], FormsOf(measure_words[k]), {}};
    const double rank = 1.0 - 0.1 * static_cast<double>(k);
    for (size_t ci = 0; ci < idx_.columns.size(); ++ci) {
      const auto& c = Col(ci);
      if (!c.numeric || (main_only ? c.table != main_table_ : !Reachable(c.table))) continue;
      auto score_of = [&](const SchemaWord& nw) {
        Word fake;
        fake.token.norm = nw.word;
        fake.forms = nw.forms;
        for (const auto& syn : internal::Synonyms(nw.word)) {
          for (auto& f : FormsOf(syn)) fake.syn_forms.insert(f);
        }
        return WordScore(fake, target);
      };
      double sc = 0;
      for (const auto& nw : c.names) sc = std::max(sc, score_of(nw));
      for (const auto& dw : c.desc) sc = std::max(sc, 0.7 * score_of(dw));
      sc = sc * rank + (main_only ? 0.0 : TableBias(c.table));
      if (sc > best) {
        best = sc;
        col = ci;
      }
    }
  }
  return col;
}

std::optional<size_t> Assembler::KeyColumn(const SchemaTable* table) const {
  if (auto ci = ColumnIndexOf(table->name, "id")) return ci;
  for (size_t ci = 0; ci < idx_.columns.size(); ++ci) {
    if (Col(ci).table == table && Col(ci).column->is_identifier && Col(ci).key) return ci;
  }
  return std::nullopt;
}

std::optional<size_t> Assembler::ColumnIndexOf(const std::string& table,
                                               const std::string& column) const {
  for (size_t ci = 0; ci < idx_.columns.size(); ++ci) {
    if (Col(ci).table->name == table && Col(ci).column->name == column) return ci;
  }
  return std::nullopt;
}

std::optional<size_t> Assembler::MainTimeColumn(const SchemaTable* table) const {
  static const std::vector<std::string> kPreferred = {
      "created_at", "timestamp", "data", "date", "datetime", "ts",
      "time",       "data_hora", "dt",   "day",  "dia"};
  for (const auto& name : kPreferred) {
    if (auto ci = ColumnIndexOf(table->name, name); ci && Col(*ci).time) return ci;
  }
  std::vector<size_t> times;
  for (size_t ci = 0; ci < idx_.columns.size(); ++ci) {
    if (Col(ci).table == table && Col(ci).time) times.push_back(ci);
  }
  if (times.size() <= 1) return times.empty() ? std::nullopt : std::optional<size_t>(times[0]);
  // Several dates: the one of the rows' own event. First a date named after the rows themselves
  // (data_consulta of consultas, data_pedido of encomendas through a synonym, order_date of
  // orders).
  auto same = [](const SchemaWord& a, const SchemaWord& b) {
    Word fake;
    fake.token.norm = a.word;
    fake.forms = a.forms;
    for (const auto& syn : internal::Synonyms(a.word)) {
      for (auto& f : FormsOf(syn)) fake.syn_forms.insert(f);
    }
    return WordScore(fake, b) >= 0.8;
  };
  static const std::set<std::string> kGeneric = {"data", "date", "dt", "dia", "day",
                                                 "hora", "time", "at", "em",  "on"};
  for (const auto& t : idx_.tables) {
    if (t.table != table) continue;
    for (size_t ci : times) {
      for (const auto& nw : Col(ci).name) {
        if (kGeneric.count(nw.word)) continue;
        for (const auto& tw : t.name) {
          if (!kGeneric.count(tw.word) && same(nw, tw)) return ci;
        }
      }
    }
  }
  // Then one that says the event starts or happens (created, opened, placed, applied, recorded),
  // and otherwise the first that does not say it ended, was delivered or is due.
  static const std::set<std::string> kStart = {
      "created",  "criado",   "criacao", "opened", "abertura",   "aberto",     "applied", "placed",
      "purchase", "compra",   "emissao", "issued", "registro",   "registered", "inicio",  "start",
      "started",  "recorded", "lido",    "medido", "ocorrencia", "occurred",   "evento",  "event"};
  static const std::set<std::string> kEnd = {
      "closed",    "fechamento", "fechado",    "delivered",  "entrega",  "decided",    "decisao",
      "pagamento", "paid",       "due",        "vencimento", "updated",  "atualizado", "fim",
      "end",       "ended",      "cancelado",  "cancelled",  "canceled", "shipped",    "envio",
      "churned",   "resolved",   "resolvido",  "termino",    "saida",    "alta",       "expires",
      "expiracao", "modified",   "modificado", "deleted"};
  auto says = [&](size_t ci, const std::set<std::string>& words) {
    return std::any_of(Col(ci).name.begin(), Col(ci).name.end(),
                       [&](const SchemaWord& nw) { return words.count(nw.word) > 0; });
  };
  for (size_t ci : times) {
    if (says(ci, kStart)) return ci;
  }
  for (size_t ci : times) {
    if (!says(ci, kEnd)) return ci;
  }
  return times[0];
}

std::optional<size_t> Assembler::TimeColumnFor(const SchemaTable* table) const {
  // A time column of the table that the question names ("cadastraram" -> created_at "Data do
  // cadastro", "entregues" -> delivered_at), else the table's main time column.
  std::optional<size_t> named;
  double best = 0.75;
  for (const auto& m : columns_) {
    const auto& col = Col(m.column);
    if (!col.time || col.table != table) continue;
    // The words that name the table's rows ("encomendas") name no date of theirs (data_pedido
    // through "pedido"): the date is the one a verb or noun of its own names ("entregues").
    if (std::all_of(m.words.begin(), m.words.end(),
                    [&](size_t p) { return entity_positions_.count(p) > 0; }))
      continue;
    bool free = std::any_of(m.words.begin(), m.words.end(),
                            [&](size_t p) { return !Used(p) || time_needed_; });
    if (free && m.score > best) {
      best = m.score;
      named = m.column;
    }
  }
  if (named) return named;
  return MainTimeColumn(table);
}

std::optional<size_t> Assembler::LabelColumn(const SchemaTable* table) const {
  static const std::vector<std::string> kLabels = {"name",   "nome",         "title",
                                                   "titulo", "descricao",    "description",
                                                   "label",  "product_name", "nome_produto"};
  for (const auto& l : kLabels) {
    if (auto ci = ColumnIndexOf(table->name, l)) return ci;
  }
  // A text column with one value per row names each row: a name first (nome_transportadora),
  // else a code (invoice_no, codigo_rastreio, account_id); a category column (the plan of an
  // account) does not tell the rows apart.
  for (size_t ci = 0; ci < idx_.columns.size(); ++ci) {
    if (Col(ci).table == table && Col(ci).text && Col(ci).key && !IdLike(ci) &&
        !Col(ci).column->is_identifier)
      return ci;
  }
  for (size_t ci = 0; ci < idx_.columns.size(); ++ci) {
    if (Col(ci).table == table && Col(ci).text && Col(ci).key) return ci;
  }
  // A text column with a value per row in a small table ("Campanha 31"), else the rows' own key of
  // another kind (trip_id 1188): a category (rider_type) names no row.
  for (size_t ci = 0; ci < idx_.columns.size(); ++ci) {
    const auto& c = Col(ci);
    const int64_t distinct = c.column->values.empty()
                                 ? c.column->distinct
                                 : static_cast<int64_t>(c.column->values.size());
    if (c.table == table && c.text && !c.column->is_identifier && table->rows > 0 &&
        distinct * 10 >= table->rows * 9)
      return ci;
  }
  for (size_t ci = 0; ci < idx_.columns.size(); ++ci) {
    if (Col(ci).table == table && Col(ci).key) return ci;
  }
  for (size_t ci = 0; ci < idx_.columns.size(); ++ci) {
    if (Col(ci).table == table && Col(ci).text && !Col(ci).column->is_identifier) return ci;
  }
  return std::nullopt;
}

std::string Assembler::AnchorOf(size_t time_col) const {
  const auto& c = *Col(time_col).column;
  return c.max_time.value_or("");
}

bool Assembler::ResolveJoins() { return AddJoins(schema_, plan_).has_value(); }

bool Assembler::MeasureAsWellAsRows(size_t p) const {
  const std::string& tname = main_table_->name;
  auto named_as_table = [&](const std::string& col) {
    return col == tname || col + "s" == tname || col + "es" == tname;
  };
  const TableIndex* table = nullptr;
  for (const auto& t : idx_.tables) {
    if (t.table == main_table_) table = &t;
  }
  if (!table) return false;
  auto best_name_score = [&](size_t pos) {
    double s = 0;
    for (const auto& tw : table->name) s = std::max(s, WordScore(q_.words[pos], tw));
    return s;
  };
  const double by_name = best_name_score(p);
  // The noun a count counts ("quantas avaliações recomendam", "mais pedidos") names the rows.
  size_t before = p;
  while (before > 0 && q_.words[before - 1].stop && !q_.words[before - 1].cue) --before;
  const bool counted =
      before > 0 && (q_.IsCue(before - 1, Cue::kCount) || q_.IsCue(before - 1, Cue::kMost) ||
                     q_.IsCue(before - 1, Cue::kLeast));
  return std::any_of(columns_.begin(), columns_.end(), [&](const ColumnMention& m) {
    const auto& c = Col(m.column);
    if (c.table != main_table_ || !c.numeric || c.key || IdLike(m.column) ||
        c.column->is_identifier || m.name_hits == 0 ||
        std::find(m.words.begin(), m.words.end(), p) == m.words.end()) {
      return false;
    }
    // A whole number with one value per row ("Comanda" of the table comandas) numbers the rows.
    if (c.column->kind == ColumnKind::kInteger && c.column->distinct * 10 >= main_table_->rows * 8)
      return false;
    // A measure named as the table: "notas" of notas.nota ("a maior nota média", "quantas notas
    // abaixo de 5").
    if (named_as_table(c.column->name)) return true;
    // A column whose name carries the table's name (codigo_da_internacao, dias_internado of
    // internacoes): the word names the table in it too.
    const bool carries_table_name =
        std::any_of(table->name.begin(), table->name.end(), [&](const SchemaWord& tw) {
          return std::any_of(c.names.begin(), c.names.end(), [&](const SchemaWord& cw) {
            return std::any_of(cw.forms.begin(), cw.forms.end(),
                               [&](const std::string& f) { return tw.forms.count(f) > 0; });
          });
        });
    if (counted || carries_table_name || by_name >= 1.0) return false;
    // Through a synonym of the table's name ("nota" of avaliacoes_loja): a measure it names whole
    // (overall_rating); through the table's description only ("nível" of leituras_sensores, "river
    // level sensor readings"): a measure it names by the head of its name (nivel_agua, not the
    // "pedido" of valor_do_pedido).
    if (by_name > 0) return m.name_hits >= m.name_size;
    return !c.names.empty() && WordScore(q_.words[p], c.names.front()) >= 1.0;
  });
}

std::optional<Candidate> Assembler::Build(size_t main) {
  main_table_ = idx_.tables[main].table;
  plan_ = Plan{};
  plan_.language = q_.language;
  plan_.table = main_table_->name;
  used_.clear();
  ranges_.clear();
  entity_positions_.clear();
  // Reachable tables: many-to-one links from the main table, two hops.
  reach_ = {main_table_->name};
  for (int depth = 0; depth < 2; ++depth) {
    for (const auto& r : schema_.relations) {
      if (reach_.count(r.from_table)) reach_.insert(r.to_table);
    }
  }
  for (size_t i = 0; i < q_.words.size(); ++i) {
    const auto& w = q_.words[i];
    // Function words are explained by default, unless they open or belong to a cue ("how many").
    if ((w.stop && w.cue_owner == SIZE_MAX) || w.token.kind == TokenKind::kSymbol) Use(i);
  }
  depth_.clear();
  depth_[main_table_->name] = 0;
  for (int d = 1; d <= 2; ++d) {
    for (const auto& r : schema_.relations) {
      if (depth_.count(r.from_table) && depth_[r.from_table] == d - 1 &&
          !depth_.count(r.to_table)) {
        depth_[r.to_table] = d;
      }
    }
  }

  // The table the question names ("quantos pedidos" -> orders). Its words name the rows, not a
  // measure or a category, so they are reserved (and explained at the end).
  double entity = 0;
  std::vector<size_t> entity_words;
  for (const auto& tm : tables_) {
    if (tm.table != main || !tm.entity) continue;
    entity = tm.score;
    entity_words = tm.words;
  }
  // A word that names the table and a measure of it is that measure as much as the rows: it stays
  // free for the measure or a comparison and is explained anyway (see MeasureAsWellAsRows).
  std::vector<size_t> measure_too;
  for (size_t p : entity_words) {
    if (MeasureAsWellAsRows(p))
      measure_too.push_back(p);
    else
      entity_positions_.insert(p);
  }

  sales_context_ = QuestionSpeaksOfSales();
  FindTimeRanges();
  ReserveRankedCount();
  FindComparisons();
  FindKeyNumbers();
  FindImplicitComparisons();
  FindNullFilters();
  FindTop();
  FindPeriodRanking();
  if (!period_rank_) FindWhichCategory();
  FindGroups();
  FindValuesFilters();
  FindBooleanFilters();
  FindEventFilters();
  InferRankingGroup();
  for (size_t p : entity_positions_) Use(p);
  if (plan_.group || !FindCountPerGroup()) FindAggregateAndMeasure();
  Use(measure_too);
  if (penalty_ >= 3) return Reject(1);
  // "Tempo médio de resolução" over tickets with a status 'Resolved': a word the measure is named
  // by is no value through a synonym too.
  {
    // The columns the plan measures or compares ("mais de 48 horas para resolver").
    std::vector<const ColumnMention*> named;
    auto add = [&](const ColumnRef& r) {
      if (const auto ci = ColumnIndexOf(r.table, r.column); ci && MentionOf(*ci))
        named.push_back(MentionOf(*ci));
    };
    if (plan_.measure) add(*plan_.measure);
    for (const auto& f : plan_.filters) {
      if (f.op == Filter::Op::kGt || f.op == Filter::Op::kGe || f.op == Filter::Op::kLt ||
          f.op == Filter::Op::kLe || f.op == Filter::Op::kBetween) {
        add(f.column);
      }
    }
    std::erase_if(plan_.filters, [&](const Filter& f) {
      if (f.op != Filter::Op::kEq && f.op != Filter::Op::kNe) return false;
      const auto fc = ColumnIndexOf(f.column.table, f.column.column);
      auto it = fc ? value_words_.find(*fc) : value_words_.end();
      if (it == value_words_.end() || it->second.second >= 2.0) return false;
      return std::any_of(named.begin(), named.end(), [&](const ColumnMention* m) {
        return std::all_of(it->second.first.begin(), it->second.first.end(), [&](size_t p) {
          return std::find(m->words.begin(), m->words.end(), p) != m->words.end();
        });
      });
    });
  }
  if (direction_agg_ && plan_.aggregate == Aggregate::kNone && plan_.measure) {
    // "o sensor com a maior temperatura": the largest reading per sensor; money adds up instead.
    plan_.aggregate = Additive(*plan_.measure) ? Aggregate::kSum : *direction_agg_;
  }

  // Time: filters and series use the time column of the main table (or the one named).
  if (!ranges_.empty()) time_needed_ = true;
  if (!time_col_) time_col_ = TimeColumnFor(main_table_);
  if (!time_col_ && time_needed_) {
    // Rows with no time of their own take the time of the rows they belong to: order_items in
    // 2018 are the items of orders placed in 2018 (the nearest linked table with a time).
    for (int d = 1; d <= 2 && !time_col_; ++d) {
      for (const auto& [name, depth] : depth_) {
        if (depth != d) continue;
        if (const auto* t = schema_.Find(name); t && (time_col_ = TimeColumnFor(t))) break;
      }
    }
  }
  if (time_needed_ && !time_col_) return Reject(2);
  if (time_col_ && time_needed_) {
    plan_.time = Ref(*time_col_);
    const auto* m = MentionOf(*time_col_);
    if (m && m->score > 0.9) Use(m->words);
    // A table with several dates and none named: say which one dates the answer, and the others.
    const bool named = m && std::any_of(m->words.begin(), m->words.end(),
                                        [&](size_t p) { return !entity_positions_.count(p); });
    std::string others;
    for (const auto& c : Col(*time_col_).table->columns) {
      if (c.kind == ColumnKind::kTime && c.name != plan_.time->column)
        others += (others.empty() ? "" : ", ") + c.name;
    }
    if (!named && !others.empty()) {
      plan_.notes.push_back(q_.language == Language::kPortuguese
                                ? "datado por " + plan_.time->column + " (a tabela também tem " +
                                      others + ": diga qual data, se for outra)"
                                : "dated by " + plan_.time->column + " (the table also has " +
                                      others + ": name the date if you mean another)");
    }
  }
  for (const auto& r : ranges_) {
    // A period with no data at all in this table makes this table an unlikely reading.
    const auto* tc = Col(*time_col_).column;
    if (tc->min_time && tc->max_time) {
      const bool after_data = !r.from.empty() && r.from.substr(0, 10) > tc->max_time->substr(0, 10);
      const bool before_data =
          !r.until.empty() && r.until.substr(0, 10) <= tc->min_time->substr(0, 10);
      if (after_data || before_data) penalty_ += 2;
    }
    if (!r.from.empty())
      plan_.filters.push_back(Filter{*plan_.time, Filter::Op::kTimeFrom, {r.from}, r.phrase});
    if (!r.until.empty()) {
      // One phrase per period: the bound of a range that has both carries it once.
      plan_.filters.push_back(Filter{*plan_.time,
                                     Filter::Op::kTimeBefore,
                                     {r.until},
                                     r.from.empty() ? r.phrase : std::string()});
    }
    Note(r.phrase, "time",
         plan_.time->table + "." + plan_.time->column + " " +
             (r.from.empty() ? "" : ">= " + r.from) +
             (r.from.empty() || r.until.empty() ? "" : ", ") +
             (r.until.empty() ? "" : "< " + r.until));
  }

  // Superlatives: "o produto mais caro" (rows ordered by price), "os produtos mais vendidos" (count
  // of sales per product), "a idade do cliente mais velho" (the largest age).
  if (superlative_ && period_rank_ && superlative_->counts_rows) {
    // "the busiest day", "o mês mais movimentado": the period with the most rows.
    plan_.aggregate = Aggregate::kCount;
    plan_.measure.reset();
  } else if (superlative_) {
    if (superlative_->counts_rows) {
      for (const auto& tm : tables_) {
        const SchemaTable* t = idx_.tables[tm.table].table;
        if (plan_.group) break;
        if (t == main_table_ || !reach_.count(t->name)) continue;
        bool free_entity =
            std::any_of(tm.words.begin(), tm.words.end(), [&](size_t p) { return !Used(p); });
        if (!free_entity || !tm.entity) continue;
        if (auto label = LabelColumn(t)) {
          plan_.group = Ref(*label);
          Use(tm.words);
          Note(PhraseOf(q_, tm.words), "group", plan_.group->table + "." + plan_.group->column);
          break;
        }
      }
      if (!plan_.group && superlative_->measure_words.empty()) {
        // "o diagnóstico mais comum", "the busiest warehouse": a category of the rows (what sells
        // most is about the sales table's items).
        std::optional<size_t> best;
        double best_score = 0.9;
        for (const auto& m : columns_) {
          const auto& c = Col(m.column);
          if (!Reachable(c.table) || !c.text || c.column->is_identifier || m.name_hits == 0 ||
              !Groupable(m.column) ||
              std::any_of(m.words.begin(), m.words.end(), [&](size_t p) { return Used(p); })) {
            continue;
          }
          const double sc = m.score + TableBias(c.table);
          if (sc > best_score) {
            best_score = sc;
            best = m.column;
          }
        }
        if (best) {
          const auto words = UseMention(*best);
          if (!words.empty()) group_word_ = words.front();
          GroupBy(*best, words);
        }
      }
      if (!plan_.group) return Reject(3);
      plan_.aggregate = Aggregate::kCount;
      plan_.measure.reset();
      quality_ += 0.5;
    } else {
      // "the 5 longest trips by distance": the measure said after "by" ranks, not the one the
      // adjective implies (duration).
      std::optional<size_t> col;
      for (size_t i = 0; i + 1 < q_.words.size() && !col; ++i) {
        if (!q_.IsCue(i, Cue::kGroupBy) || q_.words[i].cue_owner != i) continue;
        size_t j = i + q_.words[i].cue->length;
        while (j < q_.words.size() && q_.words[j].stop) ++j;
        if (j >= q_.words.size() || !NamesNumericColumn(j, 1.0)) continue;
        col = BestColumnIn(
            j, j + 1, [&](const ColumnIndex& c) { return c.numeric && c.table == main_table_; },
            /*allow_used=*/true);
        if (col) UseMention(*col, j, j + 1);
      }
      if (!col) col = ImpliedMeasure(superlative_->measure_words, true);
      if (!col) return Reject(4);
      const bool named = plan_.measure && plan_.measure->column == Col(*col).column->name;
      if (named && !plan_.group && !top_n_) {
        // The value itself is asked ("a idade do cliente mais velho"): the largest (or smallest)
        // one.
        plan_.aggregate = top_desc_.value_or(true) ? Aggregate::kMax : Aggregate::kMin;
        top_ = false;
        top_n_.reset();
      } else if (!plan_.group && !period_rank_ && plan_.aggregate == Aggregate::kNone) {
        plan_.measure = Ref(*col);
        if (auto label = LabelColumn(main_table_)) plan_.label = Ref(*label);
        if (!top_n_) top_n_ = 1;
      } else if (!plan_.measure) {
        plan_.measure = Ref(*col);
      }
      // "the cheapest carrier", "a especialidade mais demorada", "o dia mais quente": categories
      // (or periods) ranked by their typical value, not by a total.
      if ((plan_.group || period_rank_) && plan_.aggregate == Aggregate::kNone)
        plan_.aggregate = Aggregate::kMean;
    }
  }

  // "Número médio de negócios por dia da PETR4", "average daily volume per stock": over dates (a
  // row per day of each thing), a day of one thing is one row, so its mean per day is the mean of
  // its rows, not a series that repeats them.
  if (plan_.bucket == Bucket::kDay && !series_ && plan_.aggregate == Aggregate::kMean &&
      plan_.measure && plan_.time) {
    const auto* tc = schema_.Find(plan_.time->table, plan_.time->column);
    const bool one_thing =
        plan_.group.has_value() ||
        std::any_of(plan_.filters.begin(), plan_.filters.end(), [&](const Filter& f) {
          const auto* c = schema_.Find(f.column.table, f.column.column);
          return f.op == Filter::Op::kEq && c && c->kind == ColumnKind::kText;
        });
    if (tc && tc->type == "DATE" && one_thing) {
      plan_.bucket = Bucket::kNone;
      plan_.notes.push_back(q_.language == Language::kPortuguese
                                ? "uma linha por dia: a média por dia é a média das linhas"
                                : "one row per day: the mean per day is the mean of the rows");
    }
  }
  // Shape. Periods ranked are ranked as groups are, with the period in place of the group.
  if (period_rank_ && plan_.group) period_rank_.reset();
  const bool grouped = plan_.group.has_value() || period_rank_.has_value();
  const bool bucketed = plan_.bucket != Bucket::kNone;
  auto additive = [&] { return plan_.measure && Additive(*plan_.measure); };
  if (top_ && (grouped || plan_.label || top_n_)) {
    plan_.shape = Shape::kTop;
    // "Qual vendedor…", "which country…": the one; "quais vendedores…": the first ten.
    bool singular = false;
    for (size_t i = 0; i < q_.words.size() && i < 3; ++i)
      singular |= q_.words[i].token.norm == "qual";
    if (group_word_ && (q_.words[0].token.norm == "which" || q_.words[0].token.norm == "what" ||
                        (superlative_ && !top_n_))) {
      const auto& n = q_.words[*group_word_].token.norm;
      singular = !(n.size() > 3 && n.back() == 's' && !n.ends_with("ss") && !n.ends_with("us"));
    }
    if (period_rank_) singular = !period_plural_;
    plan_.limit = top_n_.value_or(grouped ? (singular ? 1 : 10) : 1);
    plan_.descending = top_desc_.value_or(true);
    if (grouped && plan_.aggregate == Aggregate::kNone) {
      plan_.aggregate =
          plan_.measure ? (additive() ? Aggregate::kSum : Aggregate::kMean) : Aggregate::kCount;
    }
    if (!grouped && !plan_.label) {
      if (!plan_.measure || plan_.aggregate != Aggregate::kNone) return Reject(5);
      if (auto label = LabelColumn(main_table_)) plan_.label = Ref(*label);
    }
    if (period_rank_) {
      if (!plan_.time) return Reject(6);
      plan_.bucket = *period_rank_;
    }
  } else if (bucketed || (series_ && plan_.time)) {
    plan_.shape = Shape::kSeries;
    if (!plan_.time) return Reject(6);
    if (bucketed && plan_.aggregate == Aggregate::kNone) {
      plan_.aggregate = !plan_.measure ? Aggregate::kCount
                        : additive()   ? Aggregate::kSum
                                       : Aggregate::kMean;
    }
    if (!bucketed && plan_.aggregate == Aggregate::kNone && additive()) {
      // Sales, amounts and quantities over time are totals per period, not a line through every
      // transaction: the period fits the span of the data.
      plan_.aggregate = Aggregate::kSum;
      plan_.bucket = Bucket::kMonth;
      if (const auto* tc = schema_.Find(plan_.time->table, plan_.time->column);
          tc && tc->min_time && tc->max_time) {
        const auto from = ParseIso(*tc->min_time), to = ParseIso(*tc->max_time);
        if (from && to) {
          const int64_t span = to->first - from->first;
          plan_.bucket = span <= 45 ? Bucket::kDay : span <= 200 ? Bucket::kWeek : Bucket::kMonth;
        }
      }
      plan_.notes.push_back(q_.language == Language::kPortuguese
                                ? "somado por " + std::string(plan_.bucket == Bucket::kDay ? "dia"
                                                              : plan_.bucket == Bucket::kWeek
                                                                  ? "semana"
                                                                  : "mês")
                                : "summed per " + std::string(ToString(plan_.bucket)));
    } else if (!bucketed && plan_.aggregate != Aggregate::kNone) {
      plan_.bucket = Bucket::kDay;
    } else if (!bucketed && !plan_.measure) {
      plan_.bucket = Bucket::kDay;
      if (plan_.aggregate == Aggregate::kNone) plan_.aggregate = Aggregate::kCount;
    }
  } else if (grouped) {
    plan_.shape = Shape::kGrouped;
    if (plan_.aggregate == Aggregate::kNone) {
      plan_.aggregate = !plan_.measure ? Aggregate::kCount
                        : additive()   ? Aggregate::kSum
                                       : Aggregate::kMean;
    }
  } else if (plan_.aggregate != Aggregate::kNone) {
    plan_.shape = Shape::kScalar;
    if (plan_.aggregate != Aggregate::kCount && !plan_.measure && !plan_.per) return Reject(7);
  } else if (plan_.measure &&
             (describe_ || (!list_ && !Compared(*plan_.measure) &&
                            (NamedWhole(*plan_.measure) || NamedPart(*plan_.measure))))) {
    // A measure with no aggregate word, filtered or not ("the closing price in 2019", "preço de
    // varejo dos produtos da categoria X"): its values under the filters, which the statistics
    // engine describes. The measure the question names is never dropped for raw rows, unless it
    // is only the condition of a listing ("pedidos com tempo de entrega acima de 60 minutos").
    plan_.shape = Shape::kDescribe;
  } else if (auto named = NamedMeasure(); named && !list_ && !plan_.measure) {
    // The same shape when the measure is named by its leading words, not its whole name ("horas
    // extras" for horas_extras_mes, "freight cost" for valor_do_frete_r, "volume negociado" for
    // volume_financeiro): what the question asks is that measure's values, never the raw rows.
    plan_.measure = Ref(*named);
    UseMention(*named);
    plan_.shape = Shape::kDescribe;
  } else {
    plan_.shape = Shape::kRows;
    plan_.measure.reset();
  }
  // Filters referring to nothing (a comparison with no numeric column) make the plan invalid here.
  for (const auto& f : plan_.filters) {
    if (f.column.table.empty()) return Reject(8);
  }
  // A table of one row (the company's own figures) has no groups and no course over time.
  if (main_table_->rows == 1 && (plan_.shape == Shape::kSeries || plan_.shape == Shape::kGrouped ||
                                 plan_.shape == Shape::kTop))
    return Reject(12);
  LabelForKeyGroup();
  if (!ResolveJoins()) return Reject(9);
  // Grouping by the link to the table that holds the measure (or by that table's unique names) is
  // one group per row of that table.
  if (plan_.group && plan_.measure && plan_.measure->table != main_table_->name) {
    for (const auto& r : schema_.relations) {
      if (r.from_table == plan_.group->table && r.from_column == plan_.group->column &&
          r.to_table == plan_.measure->table) {
        return Reject(10);
      }
    }
    if (plan_.group->table == plan_.measure->table) {
      const auto label = UniqueLabel(schema_.Find(plan_.group->table));
      if (label && Ref(*label) == *plan_.group) return Reject(10);
    }
  }
  if (auto rendered = RenderSql(schema_, plan_); !rendered) {
    if (std::getenv("SAGAZ_NLQ_DEBUG"))
      std::fprintf(stderr, "  render: %s\n", rendered.error().message.c_str());
    return Reject(11);
  }

  // Interpretation.
  Note(PhraseOf(q_, entity_words), "table", plan_.table);
  if (plan_.measure) Note("", "measure", plan_.measure->table + "." + plan_.measure->column);
  if (plan_.aggregate != Aggregate::kNone)
    Note("", "aggregate", std::string(ToString(plan_.aggregate)));
  for (const auto& f : plan_.filters) {
    if (f.op == Filter::Op::kTimeFrom || f.op == Filter::Op::kTimeBefore) continue;
    Note(f.phrase, "filter", f.column.table + "." + f.column.column);
  }
  if (plan_.limit) Note("", "limit", std::to_string(*plan_.limit));

  // A reading that keeps a compound name together ("shipping cost" -> freight_cost) beats one
  // that splits its words among other columns and values.
  std::set<std::pair<std::string, std::string>> used_columns;
  auto used_column = [&](const std::optional<ColumnRef>& r) {
    if (r) used_columns.insert({r->table, r->column});
  };
  used_column(plan_.measure);
  used_column(plan_.group);
  for (const auto& f : plan_.filters) used_column(f.column);
  for (const auto& m : columns_) {
    if (m.compound && used_columns.count({Col(m.column).table->name, Col(m.column).column->name}))
      quality_ += 0.5;
  }

  // A word that says the whole name of a table this one does not link to reads as that table
  // first: taking it for a column here ("delivery" as delivered_at of orders, when a table is
  // named delivery) costs what leaving it unexplained would.
  for (const auto& tm : tables_) {
    const SchemaTable* t = idx_.tables[tm.table].table;
    if (t == main_table_ || Reachable(t)) continue;
    for (size_t p : tm.whole) {
      if (Used(p) && !entity_positions_.count(p)) penalty_ += 1.0;
    }
  }
  Candidate c;
  c.score = Score() + entity;
  // Counting rows of a table the question does not name is a weak reading.
  if (plan_.aggregate == Aggregate::kCount && entity == 0 && !plan_.group && plan_.filters.empty())
    c.score -= 1.0;
  // "How many orders", "number of orders per month": the rows counted are those of the table the
  // words name best (encomendas), not of a table that only shares a word of its name
  // (itens_encomenda), whatever else each reading explains.
  if (plan_.aggregate == Aggregate::kCount && !plan_.measure && !plan_.per) {
    // "Quantos exames de consultas da unidade X": the noun right after the count word names the
    // rows counted; the other table only filters them.
    const auto counted = q_.CountedNouns();
    auto names = [&](const TableMention& tm) {
      return std::any_of(counted.begin(), counted.end(), [&](size_t p) {
        return std::find(tm.words.begin(), tm.words.end(), p) != tm.words.end();
      });
    };
    const bool counted_here = std::any_of(
        tables_.begin(), tables_.end(),
        [&](const TableMention& tm) { return tm.entity && tm.table == main && names(tm); });
    for (const auto& tm : tables_) {
      if (tm.entity && tm.table != main &&
          (tm.score > entity + 1e-6 || (!counted_here && names(tm)))) {
        c.score -= 0.5;
        break;
      }
    }
  }
  c.explained = used_;
  c.plan = std::move(plan_);
  return c;
}

void Assembler::LabelForKeyGroup() {
  if (!plan_.group) return;
  const auto gi = ColumnIndexOf(plan_.group->table, plan_.group->column);
  if (!gi || !(IdLike(*gi) || Col(*gi).column->is_identifier)) return;
  // The table the key stands for: the group column's own table when it is that table's key, the
  // referenced table when it is a link (envios.transportadora_id -> transportadoras).
  const SchemaTable* target = nullptr;
  for (const auto& r : schema_.relations) {
    if (r.from_table == plan_.group->table && r.from_column == plan_.group->column)
      target = schema_.Find(r.to_table);
  }
  if (!target && Col(*gi).key) target = Col(*gi).table;
  if (!target || !Reachable(target)) return;
  // A text column of that table, not a code, with a value per row (names repeat rarely).
  for (size_t ci = 0; ci < idx_.columns.size(); ++ci) {
    const auto& c = Col(ci);
    if (c.table != target || ci == *gi || !c.text || IdLike(ci) || c.column->is_identifier)
      continue;
    const int64_t rows = target->rows;
    const int64_t distinct = c.column->values.empty()
                                 ? c.column->distinct
                                 : static_cast<int64_t>(c.column->values.size());
    if (rows > 0 && distinct * 10 >= rows * 9) {
      plan_.group = Ref(ci);
      return;
    }
  }
}

std::optional<size_t> Assembler::NamedMeasure() const {
  std::optional<size_t> best;
  double best_score = 0.75;
  for (const auto& m : columns_) {
    const auto& col = Col(m.column);
    if (col.table != main_table_ || !col.numeric || col.key || IdLike(m.column) || m.name_hits == 0)
      continue;
    // Words of its name the question says, none of them taken by another part of the plan or
    // naming the table itself, and one of them the first word of a noun phrase of the question.
    const bool free = std::all_of(m.words.begin(), m.words.end(), [&](size_t p) {
      return !Used(p) && !entity_positions_.count(p);
    });
    if (!free) continue;
    if (Compared(Ref(m.column))) continue;
    if (m.score > best_score) {
      best_score = m.score;
      best = m.column;
    }
  }
  return best;
}

double Assembler::Score() {
  // Explained content words count; unexplained ones cost.
  double explained = 0, unexplained = 0;
  for (size_t i = 0; i < q_.words.size(); ++i) {
    const auto& w = q_.words[i];
    if (w.stop || w.token.kind == TokenKind::kSymbol) continue;
    const bool connector =
        w.cue && (w.cue->cue == Cue::kIn || w.cue->cue == Cue::kAnd || w.cue->cue == Cue::kGroupBy);
    if (Used(i)) {
      explained += 1;
    } else if (!connector) {
      unexplained +=
          (w.token.kind == TokenKind::kNumber || w.token.kind == TokenKind::kDate) ? 1.5 : 1.0;
    }
  }
  double s = explained - unexplained - penalty_ + quality_;
  // Matches in the main table itself are better than through joins.
  s -= 0.2 * static_cast<double>(plan_.joins.size());
  return s;
}

}  // namespace sagaz::nlq::internal
