// The builtin semantic parser.
//
// 1. The question is tokenized (numbers and dates in the language's notation), folded and stemmed,
// and
//    cue phrases are recognized (aggregates, grouping, comparisons, dates, ranking, listing).
// 2. Every content word is matched against the schema: table names, column names and descriptions,
//    original headers, and distinct values of low-cardinality text columns — through stems,
//    synonyms across Portuguese and English, and typo-tolerant similarity.
// 3. For each candidate main table, a plan is assembled from the cues and matches restricted to
// that
//    table and the tables it links to; every plan is scored by how much of the question it explains
//    and the best one wins. Close runners-up become candidates when the winner is not clearly
//    better.
#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <set>

#include "core/strings.hpp"
#include "nlq/internal/index.hpp"
#include "nlq/internal/lexicon.hpp"
#include "nlq/internal/text.hpp"
#include "nlq/nlq.hpp"

namespace sagaz::nlq {
namespace {

using internal::Cue;
using internal::CueMatch;
using internal::Token;
using internal::TokenKind;

// ---- Matching words to the schema
// -------------------------------------------------------------------

using internal::ColumnIndex;
using internal::FormsOf;
using internal::SchemaWord;
using internal::SchemaWords;
using internal::TableIndex;
using internal::ValueIndex;
using Index = internal::SchemaIndex;

// ---- The question
// ------------------------------------------------------------------------------------

struct Word {
  Token token;
  std::set<std::string> forms;      // own forms
  std::set<std::string> syn_forms;  // forms of its synonyms
  std::optional<CueMatch> cue;      // a cue phrase starts here
  size_t cue_owner = SIZE_MAX;      // index of the token whose cue covers this one
  bool stop = false;
  std::string cognate;        // internal::CognateKey of the word
  bool names_column = false;  // names some column outright (same word or stem)
  bool revenue = false;       // asks for money taken in ("faturamento"), naming no column itself
};

struct Question {
  Language language;
  std::vector<Word> words;
  std::string text;

  bool IsCue(size_t i, Cue c) const {
    return i < words.size() && words[i].cue && words[i].cue->cue == c;
  }
  // Words right after "quantos", "how many", "número de", "liste", "show" (the things counted or
  // listed).
  std::vector<size_t> CountedNouns() const {
    std::vector<size_t> out;
    for (size_t i = 0; i < words.size(); ++i) {
      if (!(IsCue(i, Cue::kCount) || IsCue(i, Cue::kList)) || words[i].cue_owner != i) continue;
      size_t j = i + words[i].cue->length;
      while (j < words.size() && (words[j].stop || IsCue(j, Cue::kDistinct))) ++j;
      if (j < words.size() && words[j].token.kind == TokenKind::kWord) out.push_back(j);
    }
    return out;
  }
  // A word that can name something in the schema: not a function word, not inside a longer cue
  // phrase ("time" in "over time", "padrão" in "desvio padrão").
  bool IsContent(size_t i) const {
    const auto& w = words[i];
    if (w.token.kind != TokenKind::kWord) return false;
    if (w.stop) return false;
    if (w.cue_owner != SIZE_MAX && w.cue_owner != i) return false;
    if (w.cue && w.cue_owner == i && w.cue->length == 1 &&
        (w.cue->cue == Cue::kIn || w.cue->cue == Cue::kAnd || w.cue->cue == Cue::kGroupBy)) {
      return false;
    }
    return true;
  }
};

Question Analyze(std::string_view text, Language language) {
  Question q;
  q.language = language;
  q.text = std::string(text);
  for (auto& t : internal::Tokenize(text, language)) {
    Word w;
    w.token = std::move(t);
    if (w.token.kind == TokenKind::kWord || w.token.kind == TokenKind::kQuoted) {
      w.forms = FormsOf(w.token.norm);
      for (const auto& s : internal::Synonyms(w.token.norm)) {
        for (auto& f : FormsOf(s)) w.syn_forms.insert(std::move(f));
      }
      if (w.syn_forms.empty()) {
        // Try the synonyms of listed words with the same stem: "cadastrar" is not listed,
        // "cadastro" is.
        for (const auto& s : internal::SynonymsOfStem(w.token.norm, language)) {
          for (auto& f : FormsOf(s)) w.syn_forms.insert(std::move(f));
        }
      }
      w.stop = internal::IsStopword(w.token.norm);
      if (!w.stop) w.cognate = internal::CognateKey(w.token.norm);
    }
    q.words.push_back(std::move(w));
  }
  std::vector<std::string> folded;
  for (const auto& w : q.words)
    folded.push_back(w.token.kind == TokenKind::kWord ? w.token.norm : w.token.norm);
  for (size_t i = 0; i < q.words.size();) {
    if (q.words[i].token.kind == TokenKind::kQuoted) {
      ++i;
      continue;
    }
    auto m = internal::MatchCue(folded, i, language);
    if (!m) {
      ++i;
      continue;
    }
    q.words[i].cue = m;
    for (size_t k = i; k < i + m->length; ++k) q.words[k].cue_owner = i;
    i += m->length;
  }
  return q;
}

// How well word i names schema word w: 1 direct (same word or stem), 0.8 through a synonym, 0.6
// typo.
double WordScore(const Word& q, const SchemaWord& w) {
  for (const auto& f : q.forms) {
    if (w.forms.count(f)) return 1.0;
  }
  for (const auto& f : q.syn_forms) {
    if (w.forms.count(f)) return 0.8;
  }
  if (!q.cognate.empty() && q.cognate == w.cognate) return 0.8;  // "prioridade" and "priority"
  if (q.token.norm.size() >= 5 && w.word.size() >= 5 &&
      internal::Similarity(q.token.norm, w.word) >= 0.92) {
    return 0.6;
  }
  return 0;
}

// Marks the words that name a column outright (same word or stem): they are not taken for a
// look-alike value ("started" names start_date, not the plan "Starter") nor for a generic money
// word ("MRR" names mrr_usd, not any sale value).
void MarkColumnWords(Question& q, const Index& idx) {
  for (size_t i = 0; i < q.words.size(); ++i) {
    auto& w = q.words[i];
    if (w.token.kind == TokenKind::kWord) w.revenue = internal::IsRevenueWord(w.token.norm);
    // "ticket médio", "average ticket" ask for the sale value; "tickets" alone are things.
    if (w.revenue && (w.token.norm == "ticket" || w.token.norm == "tickets")) {
      auto mean_at = [&](size_t k) {
        return k < q.words.size() && q.IsCue(k, Cue::kAggregate) &&
               q.words[k].cue->value == static_cast<int>(Aggregate::kMean);
      };
      w.revenue = mean_at(i + 1) || (i > 0 && mean_at(i - 1));
    }
    if (!q.IsContent(i)) continue;
    for (const auto& col : idx.columns) {
      for (const auto& nw : col.names) {
        if (WordScore(w, nw) >= 1.0) w.names_column = true;
      }
    }
  }
}

// ---- Mentions
// ----------------------------------------------------------------------------------------

struct ColumnMention {
  size_t column;              // index into Index::columns
  std::vector<size_t> words;  // question positions
  double score = 0;
  size_t name_hits = 0;   // words of the column's name (or alias) the question names
  size_t name_size = 0;   // words of that name, units aside
  double name_score = 0;  // the part of the score that comes from the name (not the description)
  bool compound = false;  // its whole name (or a whole segment of its description), adjacent
  bool phrase = false;    // a whole segment of its description
};

struct ValueMention {
  size_t column;
  std::string value;
  std::vector<size_t> words;
  double score = 0;
};

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

// Column mentions: every column with the question words that name it. A column named by several
// words ("nível de água" -> nivel_agua) scores by how much of its name the question covers; a
// column is named by its name or by one of its aliases (the segments of the description of a
// cryptic name, the quantity its unit measures), whichever the question covers best.
std::vector<ColumnMention> FindColumns(const Question& q, const Index& idx,
                                       const std::set<size_t>& allowed_tables) {
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
    std::sort(m.words.begin(), m.words.end());
    m.words.erase(std::unique(m.words.begin(), m.words.end()), m.words.end());
    out.push_back(std::move(m));
  }
  (void)allowed_tables;
  return out;
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
          out.push_back({ci, v.value, pos, 2.0});
        }
      }
      if (v.words.empty()) continue;
      // The whole value as consecutive words.
      for (size_t i = 0; i + v.words.size() <= q.words.size(); ++i) {
        bool all = true;
        for (size_t k = 0; k < v.words.size() && all; ++k) {
          const auto& t = q.words[i + k].token;
          all =
              (t.kind == TokenKind::kWord || t.kind == TokenKind::kNumber) && t.norm == v.words[k];
        }
        if (all) {
          std::vector<size_t> pos;
          for (size_t k = 0; k < v.words.size(); ++k) pos.push_back(i + k);
          // Single short words that are also function words ("a", "no") are too weak.
          const bool weak =
              v.words.size() == 1 && (internal::IsStopword(v.words[0]) || v.words[0].size() < 2);
          if (!weak)
            out.push_back({ci, v.value, pos, 2.0 + 1.0 * static_cast<double>(v.words.size() - 1)});
        } else if (v.words.size() > 1) {
          // Inflected: "salas comerciais" for "Sala Comercial".
          bool inflected = true;
          for (size_t k = 0; k < v.words.size() && inflected; ++k) {
            const auto& qw = q.words[i + k];
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
          if (inflected) {
            std::vector<size_t> pos;
            for (size_t k = 0; k < v.words.size(); ++k) pos.push_back(i + k);
            out.push_back({ci, v.value, pos, 1.9 + 1.0 * static_cast<double>(v.words.size() - 1)});
          }
        }
      }
      // A distinctive word of a multi-word value, as written or by its stem in either language
      // ("trânsito" for "In Transit"); a month name is a date, not a place ("janeiro" and "Rio
      // de Janeiro").
      if (v.words.size() > 1) {
        for (size_t k = 0; k < v.words.size(); ++k) {
          const auto& vw = v.words[k];
          if (!v.distinctive[k]) continue;
          for (size_t i = 0; i < q.words.size(); ++i) {
            const auto& w = q.words[i];
            // A word that names a column ("cidade") is not a piece of a value ("Cidade Baixa").
            if (w.token.kind != TokenKind::kWord || q.IsCue(i, Cue::kMonth) || w.names_column)
              continue;
            if (w.token.norm == vw) {
              out.push_back({ci, v.value, {i}, 1.6});
            } else if (vw.size() >= 5 && q.IsContent(i) &&
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
            } else if (std::find(syns.begin(), syns.end(), a) != syns.end()) {
              s = 1.5;
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

// Table mentions by name (and description): "pedidos" -> orders.
struct TableMention {
  size_t table;
  std::vector<size_t> words;
  double score = 0;
  bool entity =
      false;  // the question names the table itself (its whole name, or its description's head)
  std::vector<size_t> whole;  // the words that say its whole name as written (or by stem)
};

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

// ---- Dates
// -------------------------------------------------------------------------------------------

struct Civil {
  int y = 0, m = 0, d = 0;
};

int64_t DaysFromCivil(int y, int m, int d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

Civil CivilFromDays(int64_t z) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t y = yoe + era * 400;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  const int64_t d = doy - (153 * mp + 2) / 5 + 1;
  const int64_t m = mp + (mp < 10 ? 3 : -9);
  return Civil{static_cast<int>(y + (m <= 2)), static_cast<int>(m), static_cast<int>(d)};
}

std::string IsoDate(int y, int m, int d) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
  return buf;
}

std::string IsoFromDays(int64_t days) {
  Civil c = CivilFromDays(days);
  return IsoDate(c.y, c.m, c.d);
}

std::string AddMonths(int y, int m, int months) {
  int total = y * 12 + (m - 1) + months;
  return IsoDate(total / 12, total % 12 + 1, 1);
}

// Parses "2025-12-31T23:10:53" (or a date) into days and seconds.
std::optional<std::pair<int64_t, int64_t>> ParseIso(const std::string& iso) {
  int y, mo, d, h = 0, mi = 0, s = 0;
  if (std::sscanf(iso.c_str(), "%d-%d-%d", &y, &mo, &d) != 3) return std::nullopt;
  if (iso.size() >= 19) std::sscanf(iso.c_str() + 11, "%d:%d:%d", &h, &mi, &s);
  return std::make_pair(DaysFromCivil(y, mo, d), int64_t{h} * 3600 + mi * 60 + s);
}

struct TimeRange {
  std::string from;   // inclusive, ISO
  std::string until;  // exclusive, ISO
  std::vector<size_t> words;
  std::string phrase;
};

// ---- Plan assembly
// -----------------------------------------------------------------------------------

struct Candidate {
  Plan plan;
  double score = 0;
  std::set<size_t> explained;  // question positions the plan accounts for
};

bool IsYear(const Token& t) {
  return t.kind == TokenKind::kNumber && t.number >= 1900 && t.number <= 2100 &&
         t.number == std::floor(t.number) && t.norm.find('.') == std::string::npos;
}

std::string PhraseOf(const Question& q, const std::vector<size_t>& positions) {
  std::string out;
  std::vector<size_t> sorted = positions;
  std::sort(sorted.begin(), sorted.end());
  sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
  size_t prev = SIZE_MAX;
  for (size_t p : sorted) {
    if (p >= q.words.size()) continue;
    if (!out.empty()) {
      // Tokens written together keep what joins them ("S01-1", not "S01 1").
      const auto& a = q.words[prev].token;
      const auto& b = q.words[p].token;
      const std::string_view gap = p == prev + 1 && a.end <= b.begin && b.begin <= q.text.size()
                                       ? std::string_view(q.text).substr(a.end, b.begin - a.end)
                                       : std::string_view(" ");
      const bool glued =
          !gap.empty() && gap.size() <= 2 && std::none_of(gap.begin(), gap.end(), [](char c) {
            return std::isspace(static_cast<unsigned char>(c)) || c == ',' || c == '?' ||
                   c == '.' || c == ';';
          });
      out += glued ? std::string(gap) : std::string(" ");
    }
    out += q.words[p].token.text;
    prev = p;
  }
  return out;
}

std::string PhraseRange(const Question& q, size_t from, size_t to) {
  std::vector<size_t> pos;
  for (size_t i = from; i < to && i < q.words.size(); ++i) pos.push_back(i);
  return PhraseOf(q, pos);
}

class Assembler {
 public:
  Assembler(const Question& q, const Schema& schema, const Index& idx,
            const std::vector<ColumnMention>& columns, const std::vector<ValueMention>& values,
            const std::vector<TableMention>& tables)
      : q_(q), schema_(schema), idx_(idx), columns_(columns), values_(values), tables_(tables) {}

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
  void FindGroups();
  // Whether a column can group rows (not one value per row), a table's unique name column, the
  // column of a value the question names at a position, and grouping by a column.
  bool Groupable(size_t column) const;
  std::optional<size_t> UniqueLabel(const SchemaTable* table) const;
  std::optional<size_t> ValueAt(size_t pos, double min_score) const;
  void GroupBy(size_t column, std::vector<size_t> pos);
  void FindValuesFilters();
  void FindAggregateAndMeasure();
  // Whether the word at `pos` names a reachable numeric column by its name.
  bool NamesNumericColumn(size_t pos, double min_score = 0.8) const;
  // Whether a mention names its column only by look-alike words (typos).
  bool TypoOnly(const ColumnMention& m) const;
  void FindTop();
  void InferRankingGroup();
  void FindWhichCategory();
  void FindPeriodRanking();
  void FindBooleanFilters();
  bool ResolveJoins();
  double Score();

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
  if (!c.numeric) return 0;
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

std::optional<size_t> Assembler::MainTimeColumn(const SchemaTable* table) const {
  static const std::vector<std::string> kPreferred = {
      "created_at", "timestamp", "data", "date", "datetime", "ts",
      "time",       "data_hora", "dt",   "day",  "dia"};
  std::optional<size_t> first;
  for (const auto& name : kPreferred) {
    if (auto ci = ColumnIndexOf(table->name, name); ci && Col(*ci).time) return ci;
  }
  for (size_t ci = 0; ci < idx_.columns.size(); ++ci) {
    if (Col(ci).table == table && Col(ci).time) return ci;
  }
  return first;
}

std::optional<size_t> Assembler::TimeColumnFor(const SchemaTable* table) const {
  // A time column of the table that the question names ("cadastraram" -> created_at "Data do
  // cadastro", "entregues" -> delivered_at), else the table's main time column.
  std::optional<size_t> named;
  double best = 0.75;
  for (const auto& m : columns_) {
    const auto& col = Col(m.column);
    if (!col.time || col.table != table) continue;
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
  for (size_t ci = 0; ci < idx_.columns.size(); ++ci) {
    if (Col(ci).table == table && Col(ci).text && !Col(ci).column->is_identifier) return ci;
  }
  return std::nullopt;
}

std::string Assembler::AnchorOf(size_t time_col) const {
  const auto& c = *Col(time_col).column;
  return c.max_time.value_or("");
}

void Assembler::FindTimeRanges() {
  const auto& w = q_.words;
  auto year_at = [&](size_t i) -> std::optional<int> {
    if (i < w.size() && IsYear(w[i].token)) return static_cast<int>(w[i].token.number);
    return std::nullopt;
  };
  // How the words before position i bound a period [from, until): "em" (the period), "desde",
  // "a partir de", "since" (from its start on), "depois de", "após", "after" (from its end on),
  // "até", "until", "through" (up to its end), "antes de", "before" (up to its start).
  enum class Lead { kNone, kIn, kSince, kAfter, kUntil, kBefore, kBetween };
  struct LeadIn {
    Lead lead = Lead::kNone;
    size_t start = SIZE_MAX;  // first word of the cue
  };
  auto lead_in = [&](size_t i) -> LeadIn {
    if (i == 0) return {};
    const size_t owner = w[i - 1].cue_owner != SIZE_MAX ? w[i - 1].cue_owner : i - 1;
    if (!w[owner].cue || owner + w[owner].cue->length != i) return {};
    const std::string& first = w[owner].token.norm;
    switch (w[owner].cue->cue) {
      case Cue::kIn:
        return {Lead::kIn, owner};
      case Cue::kBetween:
        return {Lead::kBetween, owner};
      case Cue::kSince:
        return {
            first == "after" || first == "apos" || first == "depois" ? Lead::kAfter : Lead::kSince,
            owner};
      case Cue::kUntil:
        return {first == "before" || first == "antes" ? Lead::kBefore : Lead::kUntil, owner};
      case Cue::kCompare:
        // "a partir de 2024" is a date, "acima de 2000" a number.
        if (first == "a" && w[owner].cue->length == 3) return {Lead::kSince, owner};
        return {};
      default:
        return {};
    }
  };
  // Adds the period [from, until) as the lead-in bounds it, with the lead-in's words.
  auto add_period = [&](std::string from, std::string until, std::vector<size_t> pos,
                        const LeadIn& lead) {
    switch (lead.lead) {
      case Lead::kSince:
        until.clear();
        break;
      case Lead::kAfter:
        from = until;
        until.clear();
        break;
      case Lead::kUntil:
        from.clear();
        break;
      case Lead::kBefore:
        until = from;
        from.clear();
        break;
      default:
        break;
    }
    if (lead.lead != Lead::kNone) {
      const size_t first = *std::min_element(pos.begin(), pos.end());
      for (size_t k = lead.start; k < first; ++k) pos.push_back(k);
    }
    ranges_.push_back({from, until, pos, PhraseOf(q_, pos)});
    Use(pos);
  };
  for (size_t i = 0; i < w.size(); ++i) {
    if (Used(i)) continue;
    // Explicit dates: "entre 10/02/2025 e 20/02/2025", "desde 2025-01-01", "em 2025-03-05".
    if (w[i].token.kind == TokenKind::kDate) {
      const std::string d1 = w[i].token.norm;
      auto days1 = ParseIso(d1);
      if (!days1) continue;
      // Two dates: "entre 10/02 e 20/02", "de 01/03/2025 a 15/03/2025", "from X to Y".
      if (i + 2 < w.size() && w[i + 2].token.kind == TokenKind::kDate &&
          (q_.IsCue(i + 1, Cue::kAnd) || q_.IsCue(i + 1, Cue::kUntil) ||
           w[i + 1].token.norm == "to")) {
        auto days2 = ParseIso(w[i + 2].token.norm);
        if (days2) {
          LeadIn lead = lead_in(i);
          std::vector<size_t> pos = {i, i + 1, i + 2};
          if (lead.lead == Lead::kBetween || lead.lead == Lead::kSince) {
            for (size_t k = lead.start; k < i; ++k) pos.push_back(k);
          }
          add_period(d1, IsoFromDays(days2->first + 1), pos, {});
          continue;
        }
      }
      add_period(d1, IsoFromDays(days1->first + 1), {i}, lead_in(i));
      continue;
    }
    // Month [de|of] Year, "em março" (the latest such month in the data), and ranges of months:
    // "entre janeiro e março de 2025", "de janeiro a março", "from January to March 2024".
    if (q_.IsCue(i, Cue::kMonth) && w[i].cue_owner == i) {
      const int month = w[i].cue->value;
      auto of_word = [&](size_t k) {
        return k < w.size() &&
               (w[k].token.norm == "de" || w[k].token.norm == "of" || w[k].token.norm == "do");
      };
      auto connector = [&](size_t k) {
        static const std::set<std::string> kTo = {"e",   "and",   "a",       "to",
                                                  "ate", "until", "through", "thru"};
        return k < w.size() && kTo.count(w[k].token.norm) > 0;
      };
      std::optional<int> month2;
      size_t j = i + 1;
      if (connector(j) && j + 1 < w.size() && q_.IsCue(j + 1, Cue::kMonth) &&
          w[j + 1].cue_owner == j + 1 && w[j + 1].token.norm.size() > 3) {
        month2 = w[j + 1].cue->value;
        j += 2;
      }
      const size_t last_month = month2 ? j - 1 : i;
      if (of_word(j)) ++j;
      auto year = year_at(j);
      const bool full_name = w[i].token.norm.size() > 3;
      const LeadIn lead = lead_in(i);
      // "em março", "in March", and "vendas de março", "sales of March".
      const bool in_value = std::any_of(values_.begin(), values_.end(), [&](const ValueMention& v) {
        return v.words.size() > 1 && v.score >= 2.5 &&
               std::find(v.words.begin(), v.words.end(), i) != v.words.end();
      });
      if (in_value) continue;  // "Rio de Janeiro" is a place
      const bool genitive = i > 0 && (w[i - 1].token.norm == "de" || w[i - 1].token.norm == "do" ||
                                      w[i - 1].token.norm == "of");
      const bool preceded =
          (lead.lead != Lead::kNone && (lead.lead != Lead::kBetween || month2)) || genitive;
      if (!year && !(full_name && (preceded || month2))) continue;
      std::vector<size_t> pos;
      for (size_t k = i; k <= last_month; ++k) pos.push_back(k);
      int y2;  // the year of the last month
      if (year) {
        y2 = *year;
        for (size_t k = last_month + 1; k <= j; ++k) pos.push_back(k);
      } else {
        // No year: the most recent such month in the data, said in the notes.
        std::optional<size_t> tc = time_col_ ? time_col_ : TimeColumnFor(main_table_);
        auto anchor = tc ? ParseIso(AnchorOf(*tc)) : std::nullopt;
        Civil a = anchor ? CivilFromDays(anchor->first) : Civil{2025, 12, 31};
        const int m = month2.value_or(month);
        y2 = m <= a.m ? a.y : a.y - 1;
        const std::string words = PhraseOf(q_, pos);
        plan_.notes.push_back(q_.language == Language::kPortuguese
                                  ? "\"" + words + "\" sem ano: usado " + std::to_string(y2) +
                                        ", o mais recente nos dados"
                                  : "no year given for \"" + words + "\": used " +
                                        std::to_string(y2) + ", the latest in the data");
      }
      const int y1 = month2 && *month2 < month ? y2 - 1 : y2;
      add_period(IsoDate(y1, month, 1), AddMonths(y2, month2.value_or(month), 1), pos, lead);
      continue;
    }
    // A quarter or half of a year: "primeiro semestre de 2025", "third quarter of 2024", "Q1
    // 2025", "H2".
    {
      static const std::map<std::string, int> kOrdinals = {
          {"primeiro", 1}, {"primeira", 1}, {"first", 1},  {"1o", 1},
          {"segundo", 2},  {"segunda", 2},  {"second", 2}, {"2o", 2},
          {"terceiro", 3}, {"terceira", 3}, {"third", 3},  {"3o", 3},
          {"quarto", 4},   {"quarta", 4},   {"fourth", 4}, {"4o", 4}};
      int n = 0, months = 0;
      size_t j = i;
      const std::string& t = w[i].token.norm;
      if (t.size() == 2 && (t[0] == 'q' || t[0] == 'h') && t[1] >= '1' && t[1] <= '4') {
        n = t[1] - '0';
        months = t[0] == 'q' ? 3 : 6;
        j = i + 1;
      } else if (auto o = kOrdinals.find(t); o != kOrdinals.end() && i + 1 < w.size()) {
        const std::string& unit = w[i + 1].token.norm;
        if (unit == "trimestre" || unit == "quarter") months = 3;
        if (unit == "semestre" || unit == "semester" || unit == "half") months = 6;
        n = o->second;
        j = i + 2;
      }
      if (months && n * months <= 12) {
        if (j < w.size() &&
            (w[j].token.norm == "de" || w[j].token.norm == "do" || w[j].token.norm == "of")) {
          ++j;
        }
        std::vector<size_t> pos;
        for (size_t k = i; k < j; ++k) pos.push_back(k);
        int y;
        if (auto year = year_at(j)) {
          y = *year;
          pos.push_back(j);
        } else {
          // No year: the latest such period in the data, said in the notes.
          std::optional<size_t> tc = time_col_ ? time_col_ : TimeColumnFor(main_table_);
          auto anchor = tc ? ParseIso(AnchorOf(*tc)) : std::nullopt;
          Civil a = anchor ? CivilFromDays(anchor->first) : Civil{2025, 12, 31};
          y = (n - 1) * months + 1 <= a.m ? a.y : a.y - 1;
          const std::string words = PhraseOf(q_, pos);
          plan_.notes.push_back(q_.language == Language::kPortuguese
                                    ? "\"" + words + "\" sem ano: usado " + std::to_string(y) +
                                          ", o mais recente nos dados"
                                    : "no year given for \"" + words + "\": used " +
                                          std::to_string(y) + ", the latest in the data");
        }
        const int first_month = (n - 1) * months + 1;
        add_period(IsoDate(y, first_month, 1), AddMonths(y, first_month, months), pos, lead_in(i));
        continue;
      }
    }
    // A year: "em 2024", "in 2023", "de 2025", "2024".
    if (IsYear(w[i].token)) {
      // A year right after a comparison cue is a number, not a date ("acima de 2000"), except
      // after "a partir de" ("a partir de 2024": since 2024).
      const LeadIn lead = lead_in(i);
      const bool compared =
          i > 0 &&
          (q_.IsCue(i - 1, Cue::kCompare) ||
           (w[i - 1].cue_owner != SIZE_MAX && q_.IsCue(w[i - 1].cue_owner, Cue::kCompare)));
      if (compared && lead.lead != Lead::kSince) continue;
      if (i + 1 < w.size() && (q_.IsCue(i + 1, Cue::kUnit))) continue;  // "2000 dias"
      const int y = static_cast<int>(w[i].token.number);
      // "entre 2023 e 2024"
      if (lead.lead == Lead::kBetween && i + 2 < w.size() && q_.IsCue(i + 1, Cue::kAnd) &&
          IsYear(w[i + 2].token)) {
        add_period(IsoDate(y, 1, 1), IsoDate(static_cast<int>(w[i + 2].token.number) + 1, 1, 1),
                   {i, i + 1, i + 2}, lead);
        continue;
      }
      add_period(IsoDate(y, 1, 1), IsoDate(y + 1, 1, 1), {i}, lead);
      continue;
    }
    // Relative periods anchored at the latest time in the data: "últimos 30 dias", "last 3 months",
    // "último ano", "mês passado", "este ano", "hoje", "ontem".
    if (q_.IsCue(i, Cue::kLast) || q_.IsCue(i, Cue::kThis) || q_.IsCue(i, Cue::kToday) ||
        q_.IsCue(i, Cue::kYesterday) ||
        ((q_.IsCue(i, Cue::kBucketNoun) || q_.IsCue(i, Cue::kUnit)) && i + 1 < w.size() &&
         q_.IsCue(i + 1, Cue::kPrevious))) {
      std::optional<size_t> tc = time_col_ ? time_col_ : TimeColumnFor(main_table_);
      if (!tc) continue;
      auto anchor = ParseIso(AnchorOf(*tc));
      if (!anchor) continue;
      const auto [days, secs] = *anchor;
      auto ts = [](int64_t d, int64_t s) {
        Civil c = CivilFromDays(d);
        char buf[32];
        std::snprintf(buf, sizeof buf, "%04d-%02d-%02d %02d:%02d:%02d", c.y, c.m, c.d,
                      static_cast<int>(s / 3600), static_cast<int>(s / 60 % 60),
                      static_cast<int>(s % 60));
        return std::string(buf);
      };
      const Civil a = CivilFromDays(days);
      const int quarter_start = (a.m - 1) / 3 * 3 + 1;
      // The calendar period before the one holding the latest record.
      auto previous_period = [&](Bucket unit) -> std::pair<std::string, std::string> {
        switch (unit) {
          case Bucket::kMonth:
            return {AddMonths(a.y, a.m, -1), IsoDate(a.y, a.m, 1)};
          case Bucket::kQuarter:
            return {AddMonths(a.y, quarter_start, -3), IsoDate(a.y, quarter_start, 1)};
          case Bucket::kYear:
            return {IsoDate(a.y - 1, 1, 1), IsoDate(a.y, 1, 1)};
          case Bucket::kWeek: {
            const int64_t monday = days - ((days + 3) % 7);
            return {IsoFromDays(monday - 7), IsoFromDays(monday)};
          }
          default:
            return {IsoFromDays(days - 1), IsoFromDays(days)};
        }
      };
      auto note_previous = [&](const std::string& phrase, const std::string& from,
                               const std::string& until) {
        const std::string latest = AnchorOf(*tc).substr(0, 10);
        plan_.notes.push_back(
            q_.language == Language::kPortuguese
                ? "\"" + phrase + "\": de " + from + " até antes de " + until +
                      ", o período anterior ao do registro mais recente (" + latest + ")"
                : "\"" + phrase + "\": from " + from + " to before " + until +
                      ", the period before the one of the latest record (" + latest + ")");
      };
      if (q_.IsCue(i, Cue::kToday) || q_.IsCue(i, Cue::kYesterday)) {
        const int64_t d = q_.IsCue(i, Cue::kToday) ? days : days - 1;
        ranges_.push_back({IsoFromDays(d), IsoFromDays(d + 1), {i}, w[i].token.text});
        Use(i);
        continue;
      }
      if (q_.IsCue(i, Cue::kBucketNoun) || q_.IsCue(i, Cue::kUnit)) {
        // "mês passado", "ano passado", "trimestre anterior": the previous calendar period.
        const auto [from, until] = previous_period(static_cast<Bucket>(w[i].cue->value));
        ranges_.push_back({from, until, {i, i + 1}, PhraseRange(q_, i, i + 2)});
        note_previous(PhraseRange(q_, i, i + 2), from, until);
        Use({i, i + 1});
        continue;
      }
      // "últimos N <unit>", "last <unit>", "este <unit>".
      size_t j = i + 1;
      int64_t n = 1;
      const bool numbered = j < w.size() && w[j].token.kind == TokenKind::kNumber;
      if (numbered) {
        n = static_cast<int64_t>(w[j].token.number);
        ++j;
      }
      if (j >= w.size() || !(q_.IsCue(j, Cue::kUnit) || q_.IsCue(j, Cue::kBucketNoun))) continue;
      const auto unit = static_cast<Bucket>(w[j].cue->value);
      std::vector<size_t> pos;
      for (size_t k = i; k <= j; ++k) pos.push_back(k);
      if (i > 0 && (q_.IsCue(i - 1, Cue::kIn) || w[i - 1].token.norm == "nos" ||
                    w[i - 1].token.norm == "nas" || w[i - 1].token.norm == "the")) {
        pos.push_back(i - 1);
      }
      if (q_.IsCue(i, Cue::kThis)) {
        std::string from = unit == Bucket::kYear      ? IsoDate(a.y, 1, 1)
                           : unit == Bucket::kQuarter ? IsoDate(a.y, quarter_start, 1)
                           : unit == Bucket::kMonth   ? IsoDate(a.y, a.m, 1)
                           : unit == Bucket::kDay     ? IsoFromDays(days)
                                                      : IsoFromDays(days - ((days + 3) % 7));
        ranges_.push_back({from, "", pos, PhraseOf(q_, pos)});
        Use(pos);
        continue;
      }
      // "último trimestre", "last month", "last year" (no number, not "past"): the previous
      // calendar month, quarter or year. Weeks, days and hours, and "últimos 3 meses", count back
      // from the latest record instead.
      const bool calendar =
          !numbered && w[i].token.norm != "past" &&
          (unit == Bucket::kMonth || unit == Bucket::kQuarter || unit == Bucket::kYear);
      if (calendar) {
        const auto [from, until] = previous_period(unit);
        ranges_.push_back({from, until, pos, PhraseOf(q_, pos)});
        note_previous(PhraseOf(q_, pos), from, until);
        Use(pos);
        continue;
      }
      // A window ending at the latest timestamp: [anchor - n units, anchor].
      int64_t from_days = days;
      int64_t from_secs = secs;
      switch (unit) {
        case Bucket::kHour: {
          int64_t total = days * 86400 + secs - n * 3600;
          from_days = total / 86400;
          from_secs = total % 86400;
          break;
        }
        case Bucket::kDay:
          from_days -= n;
          break;
        case Bucket::kWeek:
          from_days -= 7 * n;
          break;
        case Bucket::kMonth:
        case Bucket::kQuarter: {
          const int months = static_cast<int>(n * (unit == Bucket::kQuarter ? 3 : 1));
          int total = a.y * 12 + (a.m - 1) - months;
          int y = total / 12, m = total % 12 + 1;
          int d = std::min(
              a.d,
              static_cast<int>(
                  CivilFromDays(DaysFromCivil(m == 12 ? y + 1 : y, m == 12 ? 1 : m + 1, 1) - 1).d));
          from_days = DaysFromCivil(y, m, d);
          break;
        }
        case Bucket::kYear:
          from_days = DaysFromCivil(a.y - static_cast<int>(n), a.m, std::min(a.d, 28)) +
                      (a.d > 28 ? a.d - 28 : 0);
          break;
        default:
          break;
      }
      ranges_.push_back({ts(from_days, from_secs), "", pos, PhraseOf(q_, pos)});
      plan_.notes.push_back(
          q_.language == Language::kPortuguese
              ? "\"" + PhraseOf(q_, pos) + "\" contado a partir do registro mais recente (" +
                    AnchorOf(*tc).substr(0, 10) + ")"
              : "\"" + PhraseOf(q_, pos) + "\" counted back from the latest record (" +
                    AnchorOf(*tc).substr(0, 10) + ")");
      Use(pos);
    }
  }
}

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
      std::optional<ColumnRef> key;
      for (const auto& tm : tables_) {
        if (std::find(tm.words.begin(), tm.words.end(), p) == tm.words.end()) continue;
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
    const bool measure_next = NamesNumericColumn(j) && !ValueAt(j, 1.4) &&
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
    const bool value_next = ValueAt(j, 1.4).has_value();
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
      if (before_top) {
        top_ = true;
        top_n_ = static_cast<int64_t>(w[i].token.number);
        top_desc_ = q_.IsCue(i + 1, Cue::kTop);
        Use({i, i + 1});
        continue;
      }
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
  std::optional<size_t> best;
  double best_score = 0.9;
  for (const auto& m : columns_) {
    const auto& c = Col(m.column);
    if (!Reachable(c.table) || !categorical(c)) continue;
    bool free = std::all_of(m.words.begin(), m.words.end(), [&](size_t p) { return !Used(p); });
    if (!free || m.name_hits == 0 || TypoOnly(m)) continue;
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

// "funcionários ativos", "produtos disponíveis": a boolean column named as an adjective is a
// filter.
void Assembler::FindBooleanFilters() {
  for (const auto& m : columns_) {
    const auto& c = Col(m.column);
    const bool flag = c.text && !c.yes_value.empty();  // "S"/"N", "Y"/"N"
    if (c.table != main_table_ || (c.column->kind != ColumnKind::kBoolean && !flag) ||
        m.name_hits == 0)
      continue;
    std::vector<size_t> free;
    for (size_t p : m.words) {
      if (!Used(p)) free.push_back(p);
    }
    if (free.empty()) continue;
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
    } else {
      plan_.filters.push_back(Filter{Ref(m.column),
                                     negated ? Filter::Op::kIsFalse : Filter::Op::kIsTrue,
                                     {},
                                     PhraseOf(q_, words)});
    }
    Use(words);
  }
}

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

void Assembler::FindAggregateAndMeasure() {
  const auto& w = q_.words;
  std::optional<size_t> agg_pos;
  size_t count_cue_pos = SIZE_MAX;
  for (size_t i = 0; i < w.size(); ++i) {
    if (!w[i].cue || w[i].cue_owner != i || Used(i)) continue;
    const size_t len = w[i].cue->length;
    switch (w[i].cue->cue) {
      case Cue::kCount: {
        // "average number of items": the number is a measure, not a count.
        const bool after_agg = i > 0 && q_.IsCue(i - 1, Cue::kAggregate);
        if (after_agg || count_) break;
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
      if (c.numeric && c.column->kind == ColumnKind::kInteger) {
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
      // name, is too weak to be the measure).
      std::optional<size_t> best;
      double best_score = 0.99;
      for (const auto& m : columns_) {
        const auto& c = Col(m.column);
        if (!Reachable(c.table) || !c.numeric || m.name_hits == 0) continue;
        bool free = std::any_of(m.words.begin(), m.words.end(),
                                [&](size_t p) { return !Used(p) && !entity_positions_.count(p); });
        if (!free) continue;
        const double sc = m.score + TableBias(c.table);
        if (sc > best_score) {
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

bool Assembler::ResolveJoins() { return AddJoins(schema_, plan_).has_value(); }

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
  entity_positions_.insert(entity_words.begin(), entity_words.end());

  sales_context_ = QuestionSpeaksOfSales();
  FindTimeRanges();
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
  InferRankingGroup();
  for (size_t p : entity_positions_) Use(p);
  FindAggregateAndMeasure();
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
  if (time_needed_ && !time_col_) return Reject(2);
  if (time_col_ && time_needed_) {
    plan_.time = Ref(*time_col_);
    if (const auto* m = MentionOf(*time_col_); m && m->score > 0.9) Use(m->words);
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
      std::optional<size_t> col = ImpliedMeasure(superlative_->measure_words, true);
      if (!col) return Reject(4);
      const bool named = plan_.measure && plan_.measure->column == Col(*col).column->name;
      if (named && !plan_.group) {
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
    if (plan_.aggregate != Aggregate::kCount && !plan_.measure) return Reject(7);
  } else if (describe_ && plan_.measure) {
    plan_.shape = Shape::kDescribe;
  } else if (list_ || !plan_.filters.empty() || !plan_.measure) {
    plan_.shape = Shape::kRows;
    plan_.measure.reset();
  } else {
    plan_.shape = Shape::kDescribe;
  }
  // Filters referring to nothing (a comparison with no numeric column) make the plan invalid here.
  for (const auto& f : plan_.filters) {
    if (f.column.table.empty()) return Reject(8);
  }
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
  if (!RenderSql(schema_, plan_)) return Reject(11);

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
  c.explained = used_;
  c.plan = std::move(plan_);
  return c;
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

}  // namespace

Result<Reading> ReadQuestion(std::string_view question, const Schema& schema,
                             const ParseOptions& options) {
  if (Trim(question).empty()) return Fail(ErrorCode::kInvalidArgument, "the question is empty");
  if (question.size() > 2000)
    return Fail(ErrorCode::kInvalidArgument, "the question is longer than 2000 characters");
  if (schema.tables.empty()) {
    return Fail(ErrorCode::kFailedPrecondition, "there are no datasets yet: load one first");
  }
  const Language language = options.language.value_or(DetectLanguage(question));
  Question q = Analyze(question, language);
  const auto index = schema.Index();
  const Index& idx = *index;
  MarkColumnWords(q, idx);
  auto columns = FindColumns(q, idx, {});
  auto values = FindValues(q, idx);
  // Words bound in a compound column name ("sale price") do not name a table.
  std::set<size_t> bound;
  for (const auto& m : columns) {
    if (m.compound) bound.insert(m.words.begin(), m.words.end());
  }
  // Nor are they a value through a synonym or a stem ("taxa de entrega" is no status 'Entregue').
  std::erase_if(values, [&](const ValueMention& v) {
    return v.score < 2.0 && std::all_of(v.words.begin(), v.words.end(),
                                        [&](size_t p) { return bound.count(p) > 0; });
  });
  auto tables = FindTables(q, idx, bound);

  const bool debug = std::getenv("SAGAZ_NLQ_DEBUG") != nullptr;
  if (debug) {
    std::fprintf(stderr, "-- %s\n", std::string(question).c_str());
    for (const auto& w : q.words) {
      std::fprintf(stderr, "  [%zu] %s (%s)%s%s\n", w.token.index, w.token.norm.c_str(),
                   w.token.stem.c_str(), w.stop ? " stop" : "",
                   w.cue && w.cue_owner == w.token.index ? " cue" : "");
    }
    for (const auto& m : columns) {
      std::string pos;
      for (size_t p : m.words) pos += std::to_string(p) + " ";
      std::fprintf(stderr, "  col %s.%s %.2f hits=%zu @%s\n",
                   idx.columns[m.column].table->name.c_str(),
                   idx.columns[m.column].column->name.c_str(), m.score, m.name_hits, pos.c_str());
    }
    for (const auto& v : values) {
      std::fprintf(stderr, "  val %s.%s='%s' %.2f\n", idx.columns[v.column].table->name.c_str(),
                   idx.columns[v.column].column->name.c_str(), v.value.c_str(), v.score);
    }
    for (const auto& t : tables) {
      std::string pos;
      for (size_t p : t.words) pos += std::to_string(p) + " ";
      std::fprintf(stderr, "  tab %s %.2f%s @%s\n", idx.tables[t.table].table->name.c_str(),
                   t.score, t.entity ? " entity" : "", pos.c_str());
    }
  }
  std::vector<Candidate> candidates;
  for (size_t ti = 0; ti < idx.tables.size(); ++ti) {
    if (options.dataset && idx.tables[ti].table->name != *options.dataset) continue;
    Assembler a(q, schema, idx, columns, values, tables);
    if (auto c = a.Build(ti)) candidates.push_back(std::move(*c));
  }
  if (options.dataset && candidates.empty() && !schema.Find(*options.dataset)) {
    return Fail(Error(ErrorCode::kNotFound, "dataset '" + *options.dataset + "' does not exist")
                    .With("dataset", *options.dataset));
  }
  if (candidates.empty()) {
    return Fail(
        Error(ErrorCode::kInvalidArgument,
              language == Language::kPortuguese
                  ? "não entendi a pergunta: não encontrei colunas ou tabelas que ela mencione"
                  : "I could not understand the question: it names no column or table I know")
            .With("reason", "no_match"));
  }
  std::stable_sort(candidates.begin(), candidates.end(),
                   [](const Candidate& a, const Candidate& b) { return a.score > b.score; });
  if (debug) {
    for (auto& c : candidates) {
      Plan p = c.plan;
      (void)RenderSql(schema, p);
      std::fprintf(stderr, "  plan %s %.2f %s | %s\n", c.plan.table.c_str(), c.score,
                   std::string(ToString(c.plan.shape)).c_str(), p.answer_sql.c_str());
    }
  }
  Candidate& best = candidates.front();
  // Confidence: share of content words explained, lowered when a rival reading is as good.
  size_t content = 0;
  for (size_t i = 0; i < q.words.size(); ++i) {
    if (!q.words[i].stop && q.words[i].token.kind != TokenKind::kSymbol) ++content;
  }
  double explained = 0;
  for (size_t p : best.explained) {
    if (p < q.words.size() && !q.words[p].stop && q.words[p].token.kind != TokenKind::kSymbol)
      explained += 1;
  }
  double confidence = content == 0 ? 0 : explained / static_cast<double>(content);
  if (candidates.size() > 1 && candidates[1].score >= best.score - 0.25 &&
      candidates[1].plan.table != best.plan.table) {
    confidence *= 0.7;
  }
  best.plan.confidence = std::clamp(confidence, 0.0, 1.0);
  if (best.plan.confidence < 0.05) {
    // Nothing the question says was understood: listing tables as "readings" would be a guess.
    return Fail(
        Error(ErrorCode::kInvalidArgument,
              language == Language::kPortuguese
                  ? "não entendi a pergunta: não encontrei colunas ou tabelas que ela mencione"
                  : "I could not understand the question: it names no column or table I know")
            .With("reason", "no_match"));
  }
  Reading reading;
  reading.unsure = best.plan.confidence < 0.35;
  for (size_t i = 1; i < candidates.size() && reading.alternatives.size() < 3; ++i) {
    const bool close = candidates[i].score >= best.score - 0.25;
    if ((close || reading.unsure) && candidates[i].plan.table != best.plan.table) {
      Plan alt = std::move(candidates[i].plan);
      // Scores may be negative: a ratio of two is no share (it can exceed 1).
      const double share = best.score > 0
                               ? std::clamp(candidates[i].score / best.score, 0.0, 1.0)
                               : 1.0 / (1.0 + std::max(0.0, best.score - candidates[i].score));
      alt.confidence = best.plan.confidence * share;
      if (RenderSql(schema, alt).has_value()) reading.alternatives.push_back(std::move(alt));
    }
  }
  if (!reading.unsure) {
    for (const auto& alt : reading.alternatives) {
      best.plan.notes.push_back(language == Language::kPortuguese
                                    ? "a pergunta também poderia ser sobre " + alt.table
                                    : "could also be about " + alt.table);
    }
  }
  reading.plan = std::move(best.plan);
  return reading;
}

Result<Plan> ParseQuestion(std::string_view question, const Schema& schema,
                           const ParseOptions& options) {
  Reading reading = SAGAZ_TRY(ReadQuestion(question, schema, options));
  if (!reading.unsure) return std::move(reading.plan);
  Error e(ErrorCode::kInvalidArgument, UnsureMessage(reading.plan.language));
  e.With("reason", "low_confidence");
  std::string list = reading.plan.table;
  for (const auto& alt : reading.alternatives) list += "; " + alt.table;
  e.With("candidates", list);
  return Fail(std::move(e));
}

std::string UnsureMessage(Language language) {
  return language == Language::kPortuguese
             ? "não tenho certeza do que a pergunta pede; veja as interpretações possíveis"
             : "I am not sure what the question asks; see the possible readings";
}

}  // namespace sagaz::nlq

namespace sagaz::nlq {

Relevance RankSchema(std::string_view question, const Schema& schema, Language language) {
  Question q = Analyze(question, language);
  const auto index = schema.Index();
  const Index& idx = *index;
  MarkColumnWords(q, idx);
  const auto columns = FindColumns(q, idx, {});
  const auto values = FindValues(q, idx);
  const auto tables = FindTables(q, idx, {});
  Relevance out;
  std::map<const SchemaTable*, size_t> slot;
  for (const auto& t : idx.tables) {
    slot[t.table] = out.tables.size();
    out.tables.push_back({t.table->name, 0, {}});
  }
  for (const auto& m : tables) {
    auto& t = out.tables[slot[idx.tables[m.table].table]];
    t.score = std::max(t.score, m.score);
  }
  auto column_of = [&](size_t ci) -> Relevance::Column& {
    const auto& c = idx.columns[ci];
    auto& t = out.tables[slot[c.table]];
    for (auto& rc : t.columns) {
      if (rc.name == c.column->name) return rc;
    }
    t.columns.push_back({c.column->name, 0, {}});
    return t.columns.back();
  };
  for (const auto& m : columns) {
    auto& c = column_of(m.column);
    c.score = std::max(c.score, m.score);
  }
  for (const auto& v : values) {
    auto& c = column_of(v.column);
    c.score = std::max(c.score, v.score * 0.8);
    if (std::find(c.values.begin(), c.values.end(), v.value) == c.values.end())
      c.values.push_back(v.value);
  }
  // A table is as relevant as its name, or as the columns the question names in it.
  for (auto& t : out.tables) {
    std::sort(
        t.columns.begin(), t.columns.end(),
        [](const Relevance::Column& a, const Relevance::Column& b) { return a.score > b.score; });
    double columns_score = 0;
    for (size_t i = 0; i < t.columns.size() && i < 3; ++i) columns_score += t.columns[i].score;
    t.score = std::max(t.score, std::min(1.0, 0.5 * columns_score));
  }
  std::stable_sort(
      out.tables.begin(), out.tables.end(),
      [](const Relevance::Table& a, const Relevance::Table& b) { return a.score > b.score; });
  return out;
}

}  // namespace sagaz::nlq
