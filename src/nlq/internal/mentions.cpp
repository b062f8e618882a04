#include "nlq/internal/mentions.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>
#include <set>

namespace sagaz::nlq::internal {

using Index = SchemaIndex;

namespace {

// Nouns that say "the amount of" without saying of what: "price", "valor", "level".
bool GenericQuantityNoun(const std::string& folded) {
  static const std::set<std::string> kNouns = {
      "price",  "prices",  "preco", "precos", "value", "values", "valor",  "valores",
      "amount", "quantia", "level", "levels", "nivel", "niveis", "figure", "figures"};
  return kNouns.count(folded) > 0;
}

}  // namespace

// Whether question positions are next to each other as the words of one name: only "de" between
// them ("preço de venda", not "produtos da marca"), or an aggregate said of the name ("valor médio
// da conta", "taxa média de entrega").
bool Adjacent(const Question& q, std::vector<size_t> pos) {
  std::sort(pos.begin(), pos.end());
  if (std::adjacent_find(pos.begin(), pos.end()) != pos.end()) return false;
  for (size_t k = 1; k < pos.size(); ++k) {
    const size_t gap = pos[k] - pos[k - 1] - 1;
    if (gap == 0) continue;
    const auto& first = q.words[pos[k - 1] + 1];
    const bool agg = first.cue && first.cue->cue == Cue::kAggregate && first.cue->length == 1;
    if (gap == 1 && (first.token.norm == "de" || agg)) continue;
    if (gap == 2 && agg) {
      const auto& of = q.words[pos[k - 1] + 2].token.norm;
      if (of == "de" || of == "da" || of == "do" || of == "of") continue;
    }
    return false;
  }
  return true;
}

namespace {

// Column mentions: every column with the question words that name it. A column named by several
// words ("nível de água" -> nivel_agua) scores by how much of its name the question covers; a
// column is named by its name or by one of its aliases (the segments of the description of a
// cryptic name, the quantity its unit measures), whichever the question covers best.
std::vector<ColumnMention> FindColumns(const Question& q, const Index& idx) {
  std::vector<ColumnMention> out;
  auto usable = [&](size_t i) {
    return q.IsContent(i) || (q.words[i].cue && q.words[i].cue->cue == Cue::kBucketNoun);
  };
  for (size_t ci = 0; ci < idx.columns.size(); ++ci) {
    const auto& col = idx.columns[ci];
    ColumnMention m{ci, {}, 0};
    // The best-covered name: its score, hits, words and whether they form a compound.
    struct Named {
      double score = 0;
      size_t hits = 0, size = 0;
      std::vector<size_t> words;
      bool compound = false;
    };
    auto name_of = [&](const std::vector<SchemaWord>& name, size_t units, bool alias) {
      Named n;
      double sum = 0;
      size_t unit_hits = 0;
      for (const auto& nw : name) {
        double best = 0;
        size_t best_pos = SIZE_MAX;
        for (size_t i = 0; i < q.words.size(); ++i) {
          if (!usable(i)) continue;
          double s = WordScore(q.words[i], nw);
          if (s > best) {
            best = s;
            best_pos = i;
          }
        }
        if (best > 0) {
          sum += best;
          ++n.hits;
          n.words.push_back(best_pos);
          if (nw.optional) ++unit_hits;
        }
      }
      // Units the question leaves unsaid ("tempo de entrega" for tempo_de_entrega_min) do not
      // count against the coverage.
      n.size = std::max<size_t>(name.size() - (units - std::min(units, unit_hits)), 1);
      const double coverage = static_cast<double>(n.hits) / static_cast<double>(n.size);
      n.score = 2.0 * std::min(sum, static_cast<double>(n.size)) / static_cast<double>(n.size) +
                (coverage >= 1.0 ? 0.5 : 0);
      // A compound that names the whole column with words next to each other ("shipping cost",
      // "preço de venda", "nível de água") beats a column named by one of its words ("cost").
      if (n.hits >= 2 && n.hits >= n.size && !col.column->is_identifier && Adjacent(q, n.words)) {
        n.compound = true;
        n.score += 0.8;
      }
      if (alias) n.score *= 0.95;  // the name itself first
      return n;
    };
    Named best = name_of(col.name, col.name_units, false);
    for (const auto& alias : col.aliases) {
      Named n = name_of(alias, 0, true);
      if (n.hits > 0 && n.score > best.score) best = std::move(n);
    }
    m.words = best.words;
    // Words of its other names say it too ("peak demand": "peak" names peak_kw, "demand" its unit).
    for (const auto& alias : col.aliases) {
      for (const auto& aw : alias) {
        for (size_t i = 0; i < q.words.size(); ++i) {
          if (usable(i) && WordScore(q.words[i], aw) >= 0.8 &&
              std::find(m.words.begin(), m.words.end(), i) == m.words.end()) {
            m.words.push_back(i);
          }
        }
      }
    }
    double desc_score = 0;
    for (size_t i = 0; i < q.words.size(); ++i) {
      if (!q.IsContent(i)) continue;
      double b = 0;
      for (const auto& dw : col.desc) b = std::max(b, WordScore(q.words[i], dw));
      if (b > 0) {
        desc_score += b;
        if (std::find(m.words.begin(), m.words.end(), i) == m.words.end()) m.words.push_back(i);
      }
    }
    if (m.words.empty()) continue;
    m.name_hits = best.hits;
    m.name_size = best.size;
    m.name_score = best.score;
    m.compound = best.compound;
    // A whole segment of the description, words next to each other ("preço de fechamento" of
    // "Preço de fechamento (último) / close price"), names the column as a compound name does,
    // and beats a description that shares only some of its words ("Preço médio do dia").
    if (!m.compound && !col.column->is_identifier) {
      for (const auto& phrase : col.desc_phrases) {
        std::vector<size_t> pos;
        for (const auto& dw : phrase) {
          for (size_t i = 0; i < q.words.size(); ++i) {
            if (q.IsContent(i) && WordScore(q.words[i], dw) >= 0.8) {
              pos.push_back(i);
              break;
            }
          }
        }
        if (pos.size() == phrase.size() && Adjacent(q, pos)) {
          m.compound = true;
          m.phrase = true;
          desc_score += 1.0;
          break;
        }
      }
    }
    m.score = m.name_score + 0.6 * std::min(desc_score, m.phrase ? 3.0 : 2.0);
    // "closing price", "preço de fechamento", "nível da água" over a column named close,
    // fechamento, agua: a generic quantity noun next to the whole name of a numeric column is that
    // column's compound name ("closing price" is close, not another table's price).
    if (col.numeric && !m.compound && m.name_hits > 0 && m.name_hits >= m.name_size &&
        m.words.size() == 1) {
      const size_t p = m.words[0];
      auto generic = [&](size_t k) {
        return k < q.words.size() && GenericQuantityNoun(q.words[k].token.norm);
      };
      std::optional<size_t> noun;
      if (generic(p + 1)) noun = p + 1;  // English: "closing price"
      if (p >= 2 && generic(p - 2) &&
          (q.words[p - 1].token.norm == "de" || q.words[p - 1].token.norm == "do" ||
           q.words[p - 1].token.norm == "da")) {
        noun = p - 2;  // Portuguese: "preço de fechamento"
      }
      if (p >= 1 && generic(p - 1)) noun = p - 1;
      if (noun) {
        m.words.push_back(*noun);
        m.compound = true;
        m.score += 0.8;
      }
    }
    // An item of a questionnaire (q17_frete, p04_preco): a topic word of the question is no
    // reason to read a survey's answer unless the question says the item's code ("q17").
    if (const auto code = ItemCode(col); !code.empty()) {
      const bool said = std::any_of(q.words.begin(), q.words.end(),
                                    [&](const Word& w) { return w.token.norm == code; });
      if (!said) m.score *= 0.5;
    }
    std::sort(m.words.begin(), m.words.end());
    m.words.erase(std::unique(m.words.begin(), m.words.end()), m.words.end());
    out.push_back(std::move(m));
  }
  return out;
}

// Words a question says between the words of a value that the data writes without them: "e",
// "and", "de", commas, "&" ("beleza e saúde" for beleza_saude).
bool ValueConnector(const Token& t) {
  if (t.kind == TokenKind::kSymbol) return t.norm == "," || t.norm == "&" || t.norm == "/";
  static const std::set<std::string> kWords = {"e", "and", "de", "da", "do", "das", "dos", "of"};
  return t.kind == TokenKind::kWord && kWords.count(t.norm) > 0;
}

// The question positions that say a value's words in order from `i`: next to each other or with
// connectors between them. Empty when they do not; the first word is at `i`.
std::vector<size_t> ValueSpan(const Question& q, size_t i, const std::vector<std::string>& words) {
  std::vector<size_t> pos;
  size_t p = i;
  for (size_t k = 0; k < words.size(); ++k) {
    if (k > 0) {
      // At most two connectors ("cama, mesa e banho"), never one the value itself holds next.
      size_t skipped = 0;
      while (p < q.words.size() && skipped < 2 && q.words[p].token.norm != words[k] &&
             ValueConnector(q.words[p].token) && p + 1 < q.words.size() &&
             !ValueConnector(q.words[p + 1].token)) {
        ++p;
        ++skipped;
      }
    }
    if (p >= q.words.size()) return {};
    pos.push_back(p++);
  }
  return pos;
}

// Whether the word at `i` names a table outright or through a synonym ("pedidos" for orders).
bool NamesTable(const Question& q, const Index& idx, size_t i) {
  for (const auto& t : idx.tables) {
    for (const auto& nw : t.name) {
      if (WordScore(q.words[i], nw) >= 0.8) return true;
    }
  }
  return false;
}

// The one-letter code a word stands for in common coded columns: gender (F/M), yes/no (S/N, Y/N).
char CodeLetter(const std::string& folded) {
  static const std::map<std::string, char> codes = [] {
    std::map<std::string, char> m;
    for (const char* w : {"feminino", "feminina", "femininos", "mulher", "mulheres", "female",
                          "females", "woman", "women"}) {
      m[w] = 'f';
    }
    for (const char* w : {"masculino", "masculina", "masculinos", "homem", "homens", "male",
                          "males", "man", "men"}) {
      m[w] = 'm';
    }
    return m;
  }();
  auto it = codes.find(folded);
  return it == codes.end() ? '\0' : it->second;
}

// Value mentions: distinct values of text columns that the question names, as a whole ("Rio de
// Janeiro"), by a distinctive word ("Manaus" for "Rio Negro - Manaus"), in quotes, or through a
// synonym
// ("cancelados" for "Cancelled", "mulheres" for "F").
std::vector<ValueMention> FindValuesOf(const Question& q, const Index& idx);

// Value mentions, where a word inside a whole multi-word value ("Ana Souza" of vendedor) weighs
// less as a value of its own elsewhere ("Ana" of first_name).
std::vector<ValueMention> FindValues(const Question& q, const Index& idx) {
  auto out = FindValuesOf(q, idx);
  // The words of a whole value said in full belong to it: "place" of "Market Place" is no synonym
  // of another value ("Site") of the same column.
  {
    std::vector<bool> inside(out.size(), false);
    for (size_t a = 0; a < out.size(); ++a) {
      const auto& v = out[a];
      inside[a] = std::any_of(out.begin(), out.end(), [&](const ValueMention& u) {
        return u.column == v.column && u.value != v.value && u.words.size() > v.words.size() &&
               u.score > v.score && u.score >= 2.0 &&
               std::all_of(v.words.begin(), v.words.end(), [&](size_t p) {
                 return std::find(u.words.begin(), u.words.end(), p) != u.words.end();
               });
      });
    }
    std::vector<ValueMention> kept;
    for (size_t a = 0; a < out.size(); ++a) {
      if (!inside[a]) kept.push_back(std::move(out[a]));
    }
    out = std::move(kept);
  }
  std::vector<std::pair<size_t, const ValueMention*>> wholes;
  for (const auto& v : out) {
    if (v.words.size() > 1 && v.score >= 3.0) wholes.push_back({v.column, &v});
  }
  if (wholes.empty()) return out;
  for (auto& v : out) {
    if (v.words.size() != 1) continue;
    for (const auto& [column, whole] : wholes) {
      if (column != v.column &&
          std::find(whole->words.begin(), whole->words.end(), v.words[0]) != whole->words.end()) {
        v.score -= 1.0;
        break;
      }
    }
  }
  return out;
}

// Whether a word names a numeric column of a table outright ("valor" of valor_total; not "fechados"
// of hours_to_close through a synonym).
bool NamesNumericColumn(const Word& w, const Index& idx, const SchemaTable* table) {
  return std::any_of(idx.columns.begin(), idx.columns.end(), [&](const ColumnIndex& c) {
    return c.table == table && c.numeric && !c.key &&
           std::any_of(c.names.begin(), c.names.end(),
                       [&](const SchemaWord& nw) { return WordScore(w, nw) >= 1.0; });
  });
}

std::vector<ValueMention> FindValuesOf(const Question& q, const Index& idx) {
  std::vector<ValueMention> out;
  for (size_t ci = 0; ci < idx.columns.size(); ++ci) {
    const auto& col = idx.columns[ci];
    if (col.values.empty()) continue;
    // A code that starts several values names them all: "S01" for "S01-1" and "S01-2".
    for (const auto& v : col.values) {
      if (!v.family) continue;
      for (size_t i = 0; i < q.words.size(); ++i) {
        const auto& t = q.words[i].token;
        const bool whole = i + 1 < q.words.size() &&
                           col.first_two.count({v.words[0], q.words[i + 1].token.norm}) > 0;
        if (t.kind == TokenKind::kWord && t.norm == v.words[0] && !whole)
          out.push_back({ci, v.value, {i}, 1.3});
      }
    }
    for (const auto& v : col.values) {
      const std::string& folded_value = v.folded;
      // Quoted literals match exactly (case-insensitive).
      for (size_t i = 0; i < q.words.size(); ++i) {
        if (q.words[i].token.kind == TokenKind::kQuoted && q.words[i].token.norm == folded_value) {
          out.push_back({ci, v.value, {i}, 3.0});
        }
      }
      // Names with a translation (countries): the other language's words name the same value.
      for (const auto& aw : v.aliases) {
        for (size_t i = 0; i + aw.size() <= q.words.size(); ++i) {
          bool all = true;
          for (size_t k = 0; k < aw.size() && all; ++k) all = q.words[i + k].token.norm == aw[k];
          if (!all) continue;
          std::vector<size_t> pos;
          for (size_t k = 0; k < aw.size(); ++k) pos.push_back(i + k);
          // Below the value as stored: "estado RJ" is the state 'RJ', not the city 'Rio de
          // Janeiro'.
          out.push_back({ci, v.value, pos, 1.9});
        }
      }
      if (v.words.empty()) continue;
      // The whole value as consecutive words, with connectors the data leaves out said between
      // them ("beleza e saúde" for beleza_saude, "cama, mesa e banho" for cama_mesa_banho).
      for (size_t i = 0; i < q.words.size(); ++i) {
        const auto pos = ValueSpan(q, i, v.words);
        if (pos.empty()) continue;
        bool all = true;
        for (size_t k = 0; k < v.words.size() && all; ++k) {
          const auto& t = q.words[pos[k]].token;
          all =
              (t.kind == TokenKind::kWord || t.kind == TokenKind::kNumber) && t.norm == v.words[k];
        }
        if (all) {
          // Single short words that are also function words ("a", "no") are too weak.
          const bool weak =
              v.words.size() == 1 && (internal::IsStopword(v.words[0]) || v.words[0].size() < 2);
          if (!weak)
            out.push_back({ci, v.value, pos, 2.0 + 1.0 * static_cast<double>(v.words.size() - 1)});
        } else if (v.words.size() > 1) {
          // Inflected: "salas comerciais" for "Sala Comercial".
          bool inflected = true;
          for (size_t k = 0; k < v.words.size() && inflected; ++k) {
            const auto& qw = q.words[pos[k]];
            const std::string& a = qw.token.norm;
            const std::string& b = v.words[k];
            size_t prefix = 0;
            while (prefix < a.size() && prefix < b.size() && a[prefix] == b[prefix]) ++prefix;
            // Same stem, or a long shared start ("comerciais", "comercial": the plural of -al).
            inflected = a == b || (qw.token.kind == TokenKind::kWord &&
                                   (std::any_of(qw.forms.begin(), qw.forms.end(),
                                                [&](const std::string& f) {
                                                  return f.size() >= 3 && v.forms[k].count(f) > 0;
                                                }) ||
                                    (prefix >= 5 && prefix + 3 >= std::min(a.size(), b.size()))));
          }
          if (inflected)
            out.push_back({ci, v.value, pos, 1.9 + 1.0 * static_cast<double>(v.words.size() - 1)});
        }
      }
      // A distinctive word of a multi-word value, as written or by its stem in either language
      // ("trânsito" for "In Transit"); a month name is a date, not a place ("janeiro" and "Rio
      // de Janeiro").
      if (v.words.size() > 1) {
        // Another inflection of one word says the value only when that word is all the value
        // says ("trânsito" for "In Transit"), never one word of several ("placed" is no "Market
        // Place", "pedidos" no "outro_pedido").
        const size_t content_words = static_cast<size_t>(std::count_if(
            v.words.begin(), v.words.end(),
            [](const std::string& vw) { return !internal::IsStopword(vw) && vw.size() > 2; }));
        for (size_t k = 0; k < v.words.size(); ++k) {
          const auto& vw = v.words[k];
          if (!v.distinctive[k]) continue;
          for (size_t i = 0; i < q.words.size(); ++i) {
            const auto& w = q.words[i];
            // A word that names a column ("cidade") is not a piece of a value ("Cidade Baixa"),
            // nor one that names a table ("pedidos" of "outro_pedido" when orders are a table).
            if (w.token.kind != TokenKind::kWord || q.IsCue(i, Cue::kMonth) || w.names_column ||
                NamesTable(q, idx, i))
              continue;
            if (w.token.norm == vw) {
              out.push_back({ci, v.value, {i}, 1.6});
            } else if (content_words == 1 && vw.size() >= 5 && q.IsContent(i) &&
                       std::any_of(w.forms.begin(), w.forms.end(), [&](const std::string& f) {
                         return f.size() >= 5 && v.forms[k].count(f) > 0;
                       })) {
              out.push_back({ci, v.value, {i}, 1.4});
            }
          }
        }
      }
      // Through stems and synonyms (single-word values, or single-letter codes such as F/M).
      if (v.words.size() == 1) {
        for (size_t i = 0; i < q.words.size(); ++i) {
          if (!q.IsContent(i)) continue;
          const auto& w = q.words[i];
          if (w.token.norm == v.words[0]) continue;  // counted above
          double s = 0;
          if (v.words[0].size() == 1) {
            // Single-letter codes (F/M, S/N, Y/N) only through the groups that define them.
            if (CodeLetter(w.token.norm) == v.words[0][0]) s = 1.4;
          } else if (v.words[0].size() >= 3) {
            // Values match stricter than column names: the same stem in the question's language, or
            // a synonym spelled exactly like the value ("cancelados" -> Cancelled).
            const auto& syns = internal::Synonyms(w.token.norm);
            const std::string& a = v.words[0];
            const std::string& b = w.token.norm;
            size_t prefix = 0;
            while (prefix < a.size() && prefix < b.size() && a[prefix] == b[prefix]) ++prefix;
            const std::string& stem = q.language == Language::kPortuguese ? v.stem_pt : v.stem_en;
            if (stem == w.token.stem && prefix + 1 >= std::min(a.size(), b.size())) {
              s = 1.8;  // another inflection of the same word: "falhas" -> falha, "gerentes" ->
                        // Gerente
            } else if (!NamesNumericColumn(w, idx, idx.columns[ci].table) &&
                       std::find(syns.begin(), syns.end(), a) != syns.end()) {
              // Not from a word that names a measure outright: "valor" of valor_total is no
              // payment 'Dinheiro' through the synonyms of value.
              s = 1.5;
            } else if (a.size() >= 5 && Transposed(a, b)) {
              s = 1.7;  // misspelled in the data or in the question: "Initmates", "intimates"
            } else if (!v.cognate.empty() && v.cognate == w.cognate) {
              s = 1.3;  // a cognate: "urgência" -> Urgency
            } else if (a.size() >= 5 && b.size() >= 5 && !w.names_column &&
                       internal::Similarity(a, b) >= 0.93) {
              s = 1.2;  // a cognate across the languages: "finance" -> Financeiro, "directors" ->
                        // Diretor
            }
          }
          if (s > 0) out.push_back({ci, v.value, {i}, s});
        }
      }
    }
  }
  return out;
}

// Words of table names that do not identify the entity: order_items is about orders.
bool IsGenericTableWord(const std::string& w) {
  static const std::set<std::string> generic = {
      "items",     "item", "data",    "dados",    "table", "tabela", "list",    "lista", "records",
      "registros", "info", "details", "detalhes", "lines", "linhas", "entries", "log",   "logs"};
  return generic.count(w) > 0;
}

std::vector<TableMention> FindTables(const Question& q, const Index& idx,
                                     const std::set<size_t>& bound) {
  std::vector<TableMention> out;
  // Words bound in a column's full name ("sale price") and words asking for revenue ("receita") do
  // not name a table.
  auto usable = [&](size_t i) { return q.IsContent(i) && !bound.count(i) && !q.words[i].revenue; };
  for (size_t ti = 0; ti < idx.tables.size(); ++ti) {
    const auto& t = idx.tables[ti];
    TableMention m{ti, {}, 0};
    // Coverage of the name's identifying words: "pedidos" names orders fully; order_items also, but
    // a little less unless "itens" is said too.
    double specific = 0, specific_n = 0;
    bool generic_missing = false;
    bool whole = true;
    for (const auto& nw : t.name) {
      double best = 0;
      size_t direct = SIZE_MAX;
      for (size_t i = 0; i < q.words.size(); ++i) {
        if (!usable(i)) continue;
        double s = WordScore(q.words[i], nw);
        if (s > 0) {
          best = std::max(best, s);
          m.words.push_back(i);
        }
        if (s >= 1.0 && direct == SIZE_MAX) direct = i;
      }
      if (IsGenericTableWord(nw.word)) {
        generic_missing |= best == 0;
      } else {
        specific += best;
        specific_n += 1;
        whole &= direct != SIZE_MAX;
        if (direct != SIZE_MAX) m.whole.push_back(direct);
      }
    }
    if (!whole || specific_n == 0) m.whole.clear();
    double name_score = specific_n > 0 ? specific / specific_n : 0;
    if (generic_missing) name_score *= 0.9;
    // The head noun alone names the entity: "vendas" for vendas_loja (Portuguese puts it first),
    // "orders" for customer_orders (English puts it last).
    std::vector<const SchemaWord*> specific_words;
    for (const auto& nw : t.name) {
      if (!IsGenericTableWord(nw.word)) specific_words.push_back(&nw);
    }
    if (specific_words.size() > 1) {
      for (const SchemaWord* head : {specific_words.front(), specific_words.back()}) {
        for (size_t i = 0; i < q.words.size(); ++i) {
          if (usable(i) && WordScore(q.words[i], *head) >= 0.8)
            name_score = std::max(name_score, 0.75);
        }
      }
    }
    // The first word of a description names the entity ("Pedidos / orders", "Clientes
    // cadastrados"), as do the ends of each of its segments ("Sinistros de seguro / insurance
    // claims").
    double desc_score = 0;
    for (size_t k = 0; k < t.desc.size() && k < 4; ++k) {
      for (size_t i = 0; i < q.words.size(); ++i) {
        if (!usable(i)) continue;
        double s = WordScore(q.words[i], t.desc[k]);
        if (s > 0) {
          desc_score = std::max(desc_score, s * (k == 0 ? 0.9 : 0.6));
          m.words.push_back(i);
        }
      }
    }
    for (const auto& head : t.desc_heads) {
      for (size_t i = 0; i < q.words.size(); ++i) {
        if (!usable(i)) continue;
        if (double s = WordScore(q.words[i], head); s > 0) {
          desc_score = std::max(desc_score, s * 0.9);
          m.words.push_back(i);
        }
      }
    }
    m.score = std::max(name_score, desc_score);
    m.entity = m.score >= 0.7;
    if (m.score > 0) {
      std::sort(m.words.begin(), m.words.end());
      m.words.erase(std::unique(m.words.begin(), m.words.end()), m.words.end());
      out.push_back(std::move(m));
    }
  }
  // "Quantos pacientes…" over a table with a column "Paciente", when no table is named so: the
  // counted noun names a text column of the table, so its rows are what is counted.
  for (size_t i : q.CountedNouns()) {
    if (!usable(i)) continue;
    const bool named = std::any_of(out.begin(), out.end(), [&](const TableMention& m) {
      return m.entity && std::find(m.words.begin(), m.words.end(), i) != m.words.end();
    });
    if (named) continue;
    for (size_t ti = 0; ti < idx.tables.size(); ++ti) {
      const bool by_column =
          std::any_of(idx.tables[ti].columns.begin(), idx.tables[ti].columns.end(), [&](size_t ci) {
            const auto& col = idx.columns[ci];
            return col.text && !col.column->is_identifier && col.name.size() == 1 &&
                   WordScore(q.words[i], col.name[0]) >= 0.8;
          });
      if (!by_column) continue;
      auto it = std::find_if(out.begin(), out.end(),
                             [&](const TableMention& m) { return m.table == ti; });
      if (it == out.end()) {
        out.push_back(TableMention{ti, {i}, 0.7, true});
      } else if (it->score < 0.7) {
        it->score = 0.7;
        it->entity = true;
        it->words.push_back(i);
        std::sort(it->words.begin(), it->words.end());
      }
    }
  }
  // "quantos pedidos", "mais pedidos" over a table whose rows carry a "Nº do Pedido": the noun of
  // the column that identifies each row names the rows that are counted.
  std::set<size_t> counted;
  for (size_t i : q.CountedNouns()) counted.insert(i);
  for (size_t i = 0; i + 1 < q.words.size(); ++i) {
    if ((q.IsCue(i, Cue::kMost) || q.IsCue(i, Cue::kLeast)) && q.words[i].cue_owner == i)
      counted.insert(i + 1);
  }

  for (size_t ti = 0; ti < idx.tables.size(); ++ti) {
    // ... and the words next to the table's own name ("delivery orders", "pedidos de delivery").
    std::set<size_t> near = counted;
    for (const auto& m : out) {
      if (m.table != ti) continue;
      for (size_t p : m.whole) {
        for (size_t k : {p + 1, p + 2, p - 1, p - 2}) {
          if (k < q.words.size()) near.insert(k);
        }
      }
    }
    for (size_t ci : idx.tables[ti].columns) {
      const auto& col = idx.columns[ci];
      if (!col.key || col.column->kind != ColumnKind::kText || col.name.empty()) continue;
      for (size_t i : near) {
        if (!usable(i)) continue;
        const bool all = std::all_of(col.name.begin(), col.name.end(), [&](const SchemaWord& nw) {
          return WordScore(q.words[i], nw) >= 0.8;
        });
        if (!all) continue;
        auto it = std::find_if(out.begin(), out.end(),
                               [&](const TableMention& m) { return m.table == ti; });
        if (it == out.end()) {
          out.push_back(TableMention{ti, {i}, 0.75, true});
        } else {
          if (it->score < 0.75) it->score = 0.75;
          it->entity = true;
          if (std::find(it->words.begin(), it->words.end(), i) == it->words.end()) {
            it->words.push_back(i);
            std::sort(it->words.begin(), it->words.end());
          }
        }
      }
    }
  }
  return out;
}

}  // namespace

Mentions FindMentions(const Question& q, const SchemaIndex& idx, bool bind) {
  Mentions m;
  m.columns = FindColumns(q, idx);
  m.values = FindValues(q, idx);
  if (bind) {
    for (const auto& c : m.columns) {
      if (c.compound) m.bound.insert(c.words.begin(), c.words.end());
    }
    // Nor are they a value through a synonym or a stem ("taxa de entrega" is no status 'Entregue').
    std::erase_if(m.values, [&](const ValueMention& v) {
      return v.score < 2.0 && std::all_of(v.words.begin(), v.words.end(),
                                          [&](size_t p) { return m.bound.count(p) > 0; });
    });
  }
  m.tables = FindTables(q, idx, m.bound);
  return m;
}

std::string ItemCode(const ColumnIndex& col) {
  if (col.name.size() < 2) return {};
  const std::string& w = col.name.front().word;
  size_t letters = 0;
  while (letters < w.size() && std::isalpha(static_cast<unsigned char>(w[letters]))) ++letters;
  if (letters == 0 || letters > 2 || letters == w.size()) return {};
  for (size_t i = letters; i < w.size(); ++i) {
    if (!std::isdigit(static_cast<unsigned char>(w[i]))) return {};
  }
  return w;
}

}  // namespace sagaz::nlq::internal
