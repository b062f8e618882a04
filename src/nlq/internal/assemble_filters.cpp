#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <set>

#include "nlq/internal/assembler.hpp"

namespace sagaz::nlq::internal {

void Assembler::FindComparisons() {
  const auto& w = q_.words;
  auto numeric = [](const ColumnIndex& c) { return c.numeric; };
  for (size_t i = 0; i < w.size(); ++i) {
    const bool compare = q_.IsCue(i, Cue::kCompare) && w[i].cue_owner == i;
    const bool between = q_.IsCue(i, Cue::kBetween) && w[i].cue_owner == i;
    if (!compare && !between) continue;
    const size_t cue_end = i + w[i].cue->length;
    if (cue_end >= w.size() || w[cue_end].token.kind != TokenKind::kNumber || Used(cue_end))
      continue;
    std::vector<size_t> words;
    for (size_t k = i; k <= cue_end; ++k) words.push_back(k);
    Filter f;
    size_t after = cue_end + 1;
    if (between) {
      if (after + 1 >= w.size() || !q_.IsCue(after, Cue::kAnd) ||
          w[after + 1].token.kind != TokenKind::kNumber) {
        continue;
      }
      f.op = Filter::Op::kBetween;
      f.values = {w[cue_end].token.number, w[after + 1].token.number};
      words.push_back(after);
      words.push_back(after + 1);
      after += 2;
    } else {
      static const Filter::Op kOps[] = {Filter::Op::kGt, Filter::Op::kGe, Filter::Op::kLt,
                                        Filter::Op::kLe, Filter::Op::kEq, Filter::Op::kNe};
      f.op = kOps[w[i].cue->value];
      f.values = {w[cue_end].token.number};
    }
    // The column: implied by the cue ("older than" -> age), named right after the number ("3
    // itens", "60 anos", "30 graus"), or the nearest numeric column named before the cue; else the
    // measure.
    std::optional<size_t> col;
    const std::string first = w[i].token.norm;
    // A column named right after the number ("3 itens", "800 km"), or the measure its unit implies
    // ("200 m²" -> area, "15 mil reais" -> a price), or the measure of the adjective ("heavier
    // than", "mais caro que").
    const std::vector<std::string>* unit = nullptr;
    size_t unit_words = 0;
    if (after < w.size()) {
      const std::string two =
          after + 1 < w.size() ? w[after].token.norm + " " + w[after + 1].token.norm : "";
      if ((unit = internal::UnitMeasure(two))) {
        unit_words = 2;
      } else if ((unit = internal::UnitMeasure(w[after].token.norm))) {
        unit_words = 1;
      }
    }
    if (after < w.size()) col = BestColumnIn(after, std::min(after + 2, w.size()), numeric);
    // Money goes to the sale value later (the measure, or the table's most sale-like column).
    if (!col && unit && unit->front() != "price") col = ImpliedMeasure(*unit, false);
    const std::string adjective =
        compare && w[i].cue->length >= 3 && first == "mais" ? w[i + 1].token.norm : first;
    if (auto implied = internal::SuperlativeAdjective(adjective); !col && implied && compare) {
      col = ImpliedMeasure(implied->measure_words, false);
    }
    if (!col) {
      const size_t from = i >= 6 ? i - 6 : 0;
      size_t best_end = 0;
      double best_score = 0;
      for (const auto& m : columns_) {
        const auto& c = Col(m.column);
        if (!Reachable(c.table) || !c.numeric) continue;
        size_t last = 0;
        bool inside = false;
        for (size_t p : m.words) {
          if (p >= from && p < i && !Used(p) && !entity_positions_.count(p)) {
            inside = true;
            last = std::max(last, p);
          }
        }
        if (!inside) continue;
        const double sc = m.score + TableBias(c.table);
        if (last > best_end || (last == best_end && sc > best_score)) {
          col = m.column;
          best_end = last;
          best_score = sc;
        }
      }
    }
    // A unit after the number is part of the phrase ("graus", "metros quadrados", "reais").
    for (size_t k = 0; k < unit_words; ++k) words.push_back(after + k);
    if (!unit && after < w.size() && w[after].token.norm == "percent") words.push_back(after);
    Use(words);
    if (col) {
      for (size_t p : UseMention(*col, i >= 6 ? i - 6 : 0, after + 2)) words.push_back(p);
      f.column = Ref(*col);
      if (const auto* m = MentionOf(*col)) quality_ += 0.3 * m->name_score;
    }
    f.phrase = PhraseOf(q_, words);
    plan_.filters.push_back(std::move(f));  // without a column: resolved against the measure later
  }
  // A count of something each row counts, with no comparison word: "apartamentos com 3 quartos"
  // (= 3), "pedidos com 4 itens ou mais", "with 2 or more bedrooms" (>=), "3 quartos ou menos".
  auto postfix = [&](size_t k) -> std::optional<Filter::Op> {
    if (k + 1 >= w.size() || (w[k].token.norm != "ou" && w[k].token.norm != "or"))
      return std::nullopt;
    const auto& n = w[k + 1].token.norm;
    if (n == "mais" || n == "more") return Filter::Op::kGe;
    if (n == "menos" || n == "less" || n == "fewer") return Filter::Op::kLe;
    return std::nullopt;
  };
  for (size_t i = 0; i < w.size(); ++i) {
    if (w[i].token.kind != TokenKind::kNumber || Used(i) || IsYear(w[i].token) ||
        w[i].token.number != std::floor(w[i].token.number)) {
      continue;
    }
    // "top 3 stocks": the size of a ranking.
    if (i > 0 && (q_.IsCue(i - 1, Cue::kTop) || q_.IsCue(i - 1, Cue::kBottom))) continue;
    Filter::Op op = Filter::Op::kEq;
    size_t noun = i + 1;
    std::vector<size_t> words = {i};
    if (auto o = postfix(i + 1)) {  // "2 ou mais quartos"
      op = *o;
      words.insert(words.end(), {i + 1, i + 2});
      noun = i + 3;
    }
    if (noun >= w.size() || Used(noun) || !NamesNumericColumn(noun)) continue;
    if (op == Filter::Op::kEq) {
      if (auto o = postfix(noun + 1)) {  // "4 itens ou mais"
        op = *o;
        words.insert(words.end(), {noun + 1, noun + 2});
      }
    }
    auto col = BestColumnIn(noun, noun + 1, numeric);
    if (!col || Col(*col).column->kind != ColumnKind::kInteger) continue;
    words.push_back(noun);
    Use(words);
    for (size_t p : UseMention(*col, noun, noun + 1)) words.push_back(p);
    if (const auto* m = MentionOf(*col)) quality_ += 0.3 * m->name_score;
    plan_.filters.push_back(
        Filter{Ref(*col), op, {static_cast<int64_t>(w[i].token.number)}, PhraseOf(q_, words)});
  }
}

// "avaliação 5", "rating of 4", "nota 10": a number right after the name of a numeric column is
// its value; "readings with outages", "pedidos com desconto": a quantity said to be there is
// above zero.
void Assembler::FindImplicitComparisons() {
  const auto& w = q_.words;
  auto numeric = [](const ColumnIndex& c) { return c.numeric; };
  for (size_t i = 1; i < w.size(); ++i) {
    if (w[i].token.kind != TokenKind::kNumber || Used(i) || IsYear(w[i].token)) continue;
    size_t noun = i - 1;
    if (noun > 0 && (w[noun].token.norm == "of" || w[noun].token.norm == "de") &&
        !q_.IsCue(noun - 1, Cue::kCount))
      --noun;
    if (Used(noun) || !NamesNumericColumn(noun, 1.0)) continue;
    auto col = BestColumnIn(noun, noun + 1, numeric);
    if (!col) continue;
    std::vector<size_t> words;
    for (size_t k = noun; k <= i; ++k) words.push_back(k);
    Use(words);
    UseMention(*col, noun, noun + 1);
    if (const auto* m = MentionOf(*col)) quality_ += 0.3 * m->name_score;
    const double v = w[i].token.number;
    Literal value = v == std::floor(v) ? Literal(static_cast<int64_t>(v)) : Literal(v);
    plan_.filters.push_back(Filter{Ref(*col), Filter::Op::kEq, {value}, PhraseOf(q_, words)});
  }
  for (size_t i = 0; i + 1 < w.size(); ++i) {
    const auto& n = w[i].token.norm;
    if (n != "com" || Used(i + 1)) {
      if (n != "with" && n != "having") continue;
      if (Used(i + 1)) continue;
    }
    const size_t noun = i + 1;
    // The quantity itself, not one compared ("com preço acima de 50") or ranked ("com maior").
    if (!q_.IsContent(noun) || w[noun].cue || !NamesNumericColumn(noun, 1.0)) continue;
    if (noun + 1 < w.size() &&
        (w[noun + 1].token.kind == TokenKind::kNumber || q_.IsCue(noun + 1, Cue::kCompare) ||
         q_.IsCue(noun + 1, Cue::kBetween) || q_.IsCue(noun + 1, Cue::kAggregate))) {
      continue;
    }
    auto col = BestColumnIn(noun, noun + 1, numeric);
    if (!col || Col(*col).table != main_table_) continue;
    std::vector<size_t> words = {i, noun};
    Use(words);
    UseMention(*col, noun, noun + 1);
    if (const auto* m = MentionOf(*col)) quality_ += 0.3 * m->name_score;
    plan_.filters.push_back(Filter{Ref(*col), Filter::Op::kGt, {int64_t{0}}, PhraseOf(q_, words)});
  }
}

// "pedidos do usuário 17", "order 123": a number right after a table's name is a key.
void Assembler::FindKeyNumbers() {
  const auto& w = q_.words;
  for (size_t i = 1; i < w.size(); ++i) {
    if (w[i].token.kind != TokenKind::kNumber || Used(i) ||
        w[i].token.number != std::floor(w[i].token.number)) {
      continue;
    }
    for (size_t back = 1; back <= 2 && back <= i; ++back) {
      const size_t p = i - back;
      // "pedido 17", "order #17", "pedido nº 17": the name right before the number, or one
      // function word between ("reviewers gave 5 stars" is no reviewer 5).
      if (back == 2 && !w[i - 1].stop && w[i - 1].token.kind != TokenKind::kSymbol) break;
      std::optional<ColumnRef> key;
      for (const auto& tm : tables_) {
        // The word says the table's whole name ("pedido"), not a word of its description ("nota"
        // of the reviews' ratings).
        if (std::find(tm.whole.begin(), tm.whole.end(), p) == tm.whole.end()) continue;
        const SchemaTable* t = idx_.tables[tm.table].table;
        if (t == main_table_) {
          if (auto k = KeyColumn(t)) key = Ref(*k);
        } else {
          for (const auto& r : schema_.relations) {
            if (r.from_table == main_table_->name && r.to_table == t->name)
              key = ColumnRef{r.from_table, r.from_column};
          }
        }
        if (key) break;
      }
      if (!key) {
        // An identifier column named right before ("id 17", "sensor_id 4").
        for (const auto& m : columns_) {
          const auto& c = Col(m.column);
          if (c.column->is_identifier && Reachable(c.table) &&
              std::find(m.words.begin(), m.words.end(), p) != m.words.end()) {
            key = Ref(m.column);
          }
        }
      }
      // A number is no value of a text key ('r423744'): comparing them fails or matches nothing.
      if (key) {
        const auto* kc = schema_.Find(key->table, key->column);
        if (!kc || kc->kind != ColumnKind::kInteger) key.reset();
      }
      if (!key) continue;
      Filter f{*key,
               Filter::Op::kEq,
               {static_cast<int64_t>(w[i].token.number)},
               PhraseRange(q_, p, i + 1)};
      plan_.filters.push_back(std::move(f));
      for (size_t k = p; k <= i; ++k) Use(k);
      entity_positions_.erase(p);
      break;
    }
  }
}

// "sem venda", "não entregues", "unsold", "without delivery": no value in the column named.
void Assembler::FindNullFilters() {
  const auto& w = q_.words;
  for (size_t i = 0; i < w.size(); ++i) {
    std::optional<size_t> target;  // position of the word naming the column
    std::vector<size_t> words;
    if (q_.IsCue(i, Cue::kNot) && w[i].cue_owner == i && i + 1 < w.size()) {
      // "não entregues", "não foram canceladas", "were not delivered".
      size_t t = i + w[i].cue->length;
      while (t < w.size() && t < i + 4 && w[t].stop && !w[t].cue) ++t;
      if (t >= w.size()) continue;
      target = t;
      for (size_t k = i; k <= t; ++k) words.push_back(k);
    } else if (w[i].token.kind == TokenKind::kWord && w[i].token.norm.size() > 4 &&
               w[i].token.norm.starts_with("un")) {
      target = i;  // "unsold" -> "sold"
      words = {i};
    }
    if (!target || Used(*target)) continue;
    std::string word = w[*target].token.norm;
    if (target == i) word = word.substr(2);
    Word probe;
    probe.token.norm = word;
    probe.forms = FormsOf(word);
    for (const auto& syn : internal::Synonyms(word)) {
      for (auto& x : FormsOf(syn)) probe.syn_forms.insert(x);
    }
    std::optional<size_t> col;
    double best = 0.79;
    for (size_t ci = 0; ci < idx_.columns.size(); ++ci) {
      const auto& c = Col(ci);
      if (c.table != main_table_ || !c.time) continue;
      for (const auto& nw : c.names) {
        const double sc = WordScore(probe, nw);
        if (sc > best) {
          best = sc;
          col = ci;
        }
      }
      for (const auto& dw : c.desc) {
        const double sc = 0.9 * WordScore(probe, dw);
        if (sc > best) {
          best = sc;
          col = ci;
        }
      }
    }
    if (!col) continue;
    plan_.filters.push_back(Filter{Ref(*col), Filter::Op::kIsNull, {}, PhraseOf(q_, words)});
    Use(words);
  }
}

bool Assembler::PartOfValueByCueWords(const ValueMention& v) const {
  size_t value_words = 0;
  bool in_word = false;
  for (unsigned char ch : v.value) {
    const bool alnum = std::isalnum(ch) || ch >= 0x80;
    if (alnum && !in_word) ++value_words;
    in_word = alnum;
  }
  if (value_words <= v.words.size()) return false;
  return std::all_of(v.words.begin(), v.words.end(), [&](size_t p) {
    const Word& w = q_.words[p];
    return w.stop || w.cue_owner != SIZE_MAX;
  });
}

void Assembler::FindValuesFilters() {
  // Strongest value mentions first; a word names at most one value.
  std::vector<const ValueMention*> ordered;
  for (const auto& v : values_) {
    if (Reachable(Col(v.column).table)) ordered.push_back(&v);
  }
  // "from Chicago to Detroit", "de Recife para Manaus": the preposition before a value picks
  // between an origin and a destination column holding the same values.
  auto direction = [&](const ValueMention* v) {
    static const std::set<std::string> kFrom = {"from",   "de",       "desde",
                                                "saindo", "partindo", "origem"};
    static const std::set<std::string> kTo = {"to", "para", "pra", "ate", "destino", "rumo"};
    static const std::set<std::string> kOrigin = {"origin", "origem",  "from",      "source",
                                                  "saida",  "partida", "departure", "pickup"};
    static const std::set<std::string> kDest = {"destination", "destino", "to",     "dest",
                                                "chegada",     "arrival", "dropoff"};
    const size_t first = *std::min_element(v->words.begin(), v->words.end());
    if (first == 0) return 0.0;
    const std::string& prep = q_.words[first - 1].token.norm;
    const int said = kFrom.count(prep) ? 1 : kTo.count(prep) ? 2 : 0;
    if (!said) return 0.0;
    int column = 0;
    for (const auto& nw : Col(v->column).name) {
      if (kOrigin.count(nw.word)) column = 1;
      if (kDest.count(nw.word)) column = 2;
    }
    return column == 0 ? 0.0 : column == said ? 0.6 : -0.6;
  };
  std::stable_sort(ordered.begin(), ordered.end(),
                   [&](const ValueMention* a, const ValueMention* b) {
                     const double sa = a->score + TableBias(Col(a->column).table) +
                                       0.01 * static_cast<double>(a->words.size()) + direction(a);
                     const double sb = b->score + TableBias(Col(b->column).table) +
                                       0.01 * static_cast<double>(b->words.size()) + direction(b);
                     return sa > sb;
                   });
  // "pedidos enviados em novembro": with a period, a participle naming a time column of the rows
  // says which date the period is about ("shipped" -> shipped_at), not a status value.
  auto names_time_column = [&](size_t pos) {
    for (const auto& m : columns_) {
      const auto& c = Col(m.column);
      if (c.time && c.table == main_table_ && m.name_hits > 0 && m.score > 0.9 &&
          std::find(m.words.begin(), m.words.end(), pos) != m.words.end()) {
        return true;
      }
    }
    return false;
  };
  std::map<size_t, Filter> by_column;
  std::set<size_t> negated;           // columns whose values are excluded
  std::map<size_t, size_t> value_at;  // position -> column whose value it names
  for (const ValueMention* v : ordered) {
    // A word names values of one column at most (several when it names a family: "S01").
    bool free = std::all_of(v->words.begin(), v->words.end(), [&](size_t p) {
      auto it = value_at.find(p);
      // Function words inside a value ("de" in "Rio de Janeiro") are explained by default.
      return it == value_at.end() ? !Used(p) || (q_.words[p].stop && v->words.size() > 1)
                                  : it->second == v->column;
    });
    if (!free) continue;
    if (by_column.count(v->column) &&
        std::find(by_column[v->column].values.begin(), by_column[v->column].values.end(),
                  Literal(v->value)) != by_column[v->column].values.end()) {
      continue;
    }
    if (!ranges_.empty() && v->words.size() == 1 && names_time_column(v->words[0])) {
      continue;
    }
    // A word that says what to compute ("total", "média", "number") is not a filter on a value it
    // is only part of ("Qual o peso total" is not about the carrier 'Total Express').
    if (PartOfValueByCueWords(*v)) continue;
    // "NPS médio", "valor total": an aggregate word says what to compute, never which rows, even
    // when a column holds it as a value (escolaridade 'Médio').
    if (std::all_of(v->words.begin(), v->words.end(), [&](size_t p) {
          const Word& cw = q_.words[p];
          const size_t owner = cw.cue_owner;
          return owner != SIZE_MAX && q_.words[owner].cue &&
                 q_.words[owner].cue->cue == Cue::kAggregate;
        }))
      continue;
    // The words that name the table are not a value of its rows ("pedidos de delivery" over the
    // table delivery are not its status 'Entregue'), unless they spell the value itself.
    if (v->score < 2.0 && std::all_of(v->words.begin(), v->words.end(), [&](size_t p) {
          return entity_positions_.count(p) > 0 && NamesMainTable(p);
        })) {
      continue;
    }
    auto& f = by_column[v->column];
    f.column = Ref(v->column);
    f.values.push_back(v->value);
    {
      auto& [words, weakest] = value_words_[v->column];
      words.insert(words.end(), v->words.begin(), v->words.end());
      weakest = std::min(weakest, v->score);
    }
    const std::string phrase = PhraseOf(q_, v->words);
    if (f.phrase.find(phrase) == std::string::npos)
      f.phrase += (f.phrase.empty() ? "" : ", ") + phrase;
    Use(v->words);
    for (size_t p : v->words) value_at[p] = v->column;
    quality_ += 0.3 * v->score;
    // The column's name right before the value is part of the phrase ("categoria Dresses", "sensor
    // S03").
    // So is the name right after it ("Enterprise plan"); a value with its column named is a
    // strong sign of the table.
    const auto& vc = Col(v->column);
    auto column_word = [&](size_t p) {
      if (!q_.IsContent(p)) return false;
      const bool named = std::any_of(vc.names.begin(), vc.names.end(), [&](const SchemaWord& nw) {
        return WordScore(q_.words[p], nw) >= 0.8;
      });
      if (!named) return false;
      Use(p);
      quality_ += 0.4;
      return true;
    };
    const size_t first = *std::min_element(v->words.begin(), v->words.end());
    const size_t last = *std::max_element(v->words.begin(), v->words.end());
    // "não cancelados", "not from Japan", "exceto Pix": a negation before the value, over
    // function words, excludes it.
    for (size_t back = 1; back <= 4 && back <= first; ++back) {
      const size_t p = first - back;
      const size_t owner = q_.words[p].cue_owner == SIZE_MAX ? p : q_.words[p].cue_owner;
      if (q_.IsCue(owner, Cue::kNot) && !Used(owner)) {
        negated.insert(v->column);
        for (size_t k = owner; k < first; ++k) Use(k);
        f.phrase = PhraseRange(q_, owner, first) + " " + f.phrase;
        break;
      }
      if (!q_.words[p].stop) break;
    }
    for (size_t back = 1; back <= 3 && first >= back; ++back) {
      const size_t p = first - back;
      if (Used(p) && !q_.words[p].stop) break;
      if (column_word(p) || !q_.words[p].stop) break;
    }
    for (size_t p = last + 1; p < q_.words.size() && p <= last + 2; ++p) {
      if (Used(p) && !q_.words[p].stop) break;
      if (column_word(p) || !q_.words[p].stop) break;
    }
  }
  for (auto& [ci, f] : by_column) {
    if (negated.count(ci)) {
      f.op = f.values.size() > 1 ? Filter::Op::kNotIn : Filter::Op::kNe;
    } else {
      f.op = f.values.size() > 1 ? Filter::Op::kIn : Filter::Op::kEq;
    }
    plan_.filters.push_back(std::move(f));
  }
}

// "funcionários ativos", "produtos disponíveis": a boolean column named as an adjective is a
// filter.
namespace {

// An integer column that holds 0/1 by its name: recommended_ind, is_active, has_discount,
// fl_ativo, churn_flag.
bool IntegerFlag(const SchemaColumn& c) {
  if (c.kind != ColumnKind::kInteger) return false;
  const std::string& n = c.name;
  return n.ends_with("_ind") || n.ends_with("_flag") || n.ends_with("_flg") ||
         n.starts_with("is_") || n.starts_with("has_") || n.starts_with("fl_") ||
         n.starts_with("flag_") || n.starts_with("ind_");
}

}  // namespace

void Assembler::FindBooleanFilters() {
  for (const auto& m : columns_) {
    const auto& c = Col(m.column);
    const bool flag = c.text && !c.yes_value.empty();  // "S"/"N", "Y"/"N"
    const bool int_flag = IntegerFlag(*c.column);
    if (c.table != main_table_ || (c.column->kind != ColumnKind::kBoolean && !flag && !int_flag) ||
        m.name_hits == 0)
      continue;
    std::vector<size_t> free;
    for (size_t p : m.words) {
      if (!Used(p)) free.push_back(p);
    }
    if (free.empty()) continue;
    // "taxa média de recomendação", "average recommended_ind": a 0/1 column can be a measure too.
    if (int_flag && std::any_of(free.begin(), free.end(), [&](size_t p) {
          return (p > 0 && q_.IsCue(p - 1, Cue::kAggregate)) ||
                 (p + 1 < q_.words.size() && q_.IsCue(p + 1, Cue::kAggregate)) ||
                 (p > 1 && q_.IsCue(p - 2, Cue::kAggregate));
        })) {
      continue;
    }
    const size_t first = *std::min_element(free.begin(), free.end());
    // "não ativos", "not on time": a negation before the name, over function words.
    std::optional<size_t> not_at;
    for (size_t back = 1; back <= 2 && back <= first; ++back) {
      const size_t p = first - back;
      if (q_.IsCue(p, Cue::kNot)) {
        not_at = p;
        break;
      }
      if (q_.IsContent(p)) break;
    }
    const bool negated = not_at || q_.words[first].token.norm.starts_with("in");
    std::vector<size_t> words = free;
    if (not_at) {
      for (size_t p = *not_at; p < first; ++p) words.push_back(p);
    }
    if (flag) {
      plan_.filters.push_back(Filter{Ref(m.column),
                                     Filter::Op::kEq,
                                     {negated ? c.no_value : c.yes_value},
                                     PhraseOf(q_, words)});
    } else if (int_flag) {
      plan_.filters.push_back(
          Filter{Ref(m.column), Filter::Op::kEq, {int64_t{negated ? 0 : 1}}, PhraseOf(q_, words)});
    } else {
      plan_.filters.push_back(Filter{Ref(m.column),
                                     negated ? Filter::Op::kIsFalse : Filter::Op::kIsTrue,
                                     {},
                                     PhraseOf(q_, words)});
    }
    Use(words);
  }
}

}  // namespace sagaz::nlq::internal
