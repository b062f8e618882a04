#include "nlq/internal/index.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>

#include "core/strings.hpp"
#include "nlq/internal/lexicon.hpp"
#include "nlq/internal/text.hpp"

namespace sagaz::nlq::internal {
namespace {

// Words of schema text that identify nothing ("id", "de", "the").
bool IsWeakSchemaWord(const std::string& w) {
  static const std::set<std::string> weak = {
      "id", "at", "of", "num", "the", "de", "do", "da",  "em",  "in",  "s",    "e",    "a",  "o",
      "to", "is", "by", "no",  "na",  "se", "on", "per", "por", "com", "with", "para", "for"};
  return weak.count(w) > 0 || IsStopword(w) || w.size() < 2;
}

// Word boundaries of camelCase headers ("distanceKm", "startedAt", "MRRUsd"), which ingest folds
// into one word ("distancekm"): a space before an upper-case letter that follows a lower-case one
// or that starts a word after an acronym.
std::string SplitCamelCase(std::string_view text) {
  std::string out;
  auto lower = [](char c) { return std::islower(static_cast<unsigned char>(c)) != 0; };
  auto upper = [](char c) { return std::isupper(static_cast<unsigned char>(c)) != 0; };
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (i > 0 && upper(c) &&
        (lower(text[i - 1]) || (upper(text[i - 1]) && i + 1 < text.size() && lower(text[i + 1])))) {
      out += ' ';
    }
    out += c;
  }
  return out;
}

bool HasDigit(std::string_view w) {
  return std::any_of(w.begin(), w.end(),
                     [](char ch) { return std::isdigit(static_cast<unsigned char>(ch)); });
}

void IndexValues(ColumnIndex& ci) {
  const auto& values = ci.column->values;
  ci.values.reserve(values.size());
  std::map<std::string, int> df;  // values of the column containing each word
  std::map<std::string, int> first_word_count;
  for (const auto& v : values) {
    ValueIndex vi{v, Fold(v), Words(v), {}, {}, {}, false, {}, {}, {}};
    for (const auto& w : vi.words) vi.forms.push_back(FormsOf(w));
    for (const auto& alias : ValueAliases(vi.folded)) vi.aliases.push_back(Words(alias));
    if (vi.words.size() == 1) {
      vi.stem_pt = Stem(vi.words[0], Language::kPortuguese);
      vi.stem_en = Stem(vi.words[0], Language::kEnglish);
      vi.cognate = CognateKey(vi.words[0]);
    }
    std::set<std::string> uniq(vi.words.begin(), vi.words.end());
    for (const auto& w : uniq) df[w]++;
    if (vi.words.size() > 1) {
      first_word_count[vi.words[0]]++;
      ci.first_two.insert({vi.words[0], vi.words[1]});
    }
    ci.values.push_back(std::move(vi));
  }
  if (ci.values.size() == 2) {
    static const std::set<std::string> kYes = {"s", "sim",  "y", "yes",
                                               "t", "true", "v", "verdadeiro"};
    static const std::set<std::string> kNo = {"n", "nao", "no", "f", "false", "falso"};
    for (size_t k = 0; k < 2; ++k) {
      const auto& a = ci.values[k];
      const auto& b = ci.values[1 - k];
      if (kYes.count(a.folded) && kNo.count(b.folded)) {
        ci.yes_value = a.value;
        ci.no_value = b.value;
      }
    }
  }
  for (auto& vi : ci.values) {
    for (const auto& w : vi.words)
      vi.distinctive.push_back(df[w] == 1 && w.size() >= 4 && !IsStopword(w));
    vi.family = vi.words.size() > 1 && first_word_count[vi.words[0]] > 1 && HasDigit(vi.words[0]);
  }
}

// The segments of a description, split at the marks that separate its parts: "Preço de fechamento
// (último) / close price" -> "Preço de fechamento", "último", "close price".
std::vector<std::string> DescriptionSegments(std::string_view text) {
  std::vector<std::string> out;
  std::string current;
  for (char c : text) {
    if (c == '/' || c == '(' || c == ')' || c == ',' || c == ';' || c == ':' || c == '|' ||
        c == '[' || c == ']') {
      out.push_back(std::move(current));
      current.clear();
    } else {
      current += c;
    }
  }
  out.push_back(std::move(current));
  return out;
}

// Words of a description segment that say what the column holds: without the generic heads of
// codes ("Código da ação" -> [acao]).
std::vector<SchemaWord> SegmentWords(std::string_view segment) {
  static const std::set<std::string> kGeneric = {"codigo",        "code",       "cod",
                                                 "identificador", "identifier", "ident"};
  auto words = SchemaWords(segment);
  std::erase_if(words, [](const SchemaWord& w) { return kGeneric.count(w.word) > 0; });
  return words;
}

void IndexNames(ColumnIndex& ci) {
  const auto& c = *ci.column;
  for (const auto& segment : DescriptionSegments(c.description)) {
    auto words = SegmentWords(segment);
    if (words.empty()) continue;
    if (words.size() >= 2) ci.desc_phrases.push_back(words);
    if (ci.cryptic) ci.aliases.push_back(std::move(words));
  }
  if (c.kind == ColumnKind::kInteger || c.kind == ColumnKind::kNumber) {
    for (const auto& nw : ci.name) {
      const auto* quantity = UnitQuantity(nw.word);
      if (!quantity) continue;
      std::vector<SchemaWord> alias;
      for (const auto& q : *quantity) alias.push_back({q, FormsOf(q), CognateKey(q)});
      ci.aliases.push_back(std::move(alias));
      break;
    }
  }
  for (const auto& nw : ci.name) {
    if (nw.optional) ++ci.name_units;
  }
  // The unit spelled out names the column too ("toneladas" for producao_t, "Produção (t)").
  if (c.kind == ColumnKind::kInteger || c.kind == ColumnKind::kNumber) {
    for (const auto& w : Words(c.name)) {
      const auto* spelled = SpelledUnit(w);
      if (!spelled || w == c.name) continue;
      ci.aliases.push_back({{*spelled, FormsOf(*spelled), CognateKey(*spelled)}});
      break;
    }
  }
  ci.names = ci.name;
  for (const auto& alias : ci.aliases) {
    for (const auto& w : alias) {
      const bool dup = std::any_of(ci.names.begin(), ci.names.end(),
                                   [&](const SchemaWord& x) { return x.word == w.word; });
      if (!dup) ci.names.push_back(w);
    }
  }
  // Text with about one value per row identifies the rows ("Nº do Pedido", a ticket code); the
  // distinct count is approximate (a tenth or more off), so 80% of the rows is one per row.
  if (c.kind == ColumnKind::kText && c.values.empty() && ci.table->rows > 50)
    ci.key = c.distinct * 10 >= ci.table->rows * 8;
}

// The key of each table: "id", else its first identifier (a text one only when it does not
// repeat: meter_id of monthly readings is no key), besides text columns with one value per row.
void IndexKeys(SchemaIndex& idx, const TableIndex& ti) {
  std::optional<size_t> key;
  for (size_t ci : ti.columns) {
    if (idx.columns[ci].column->name == "id") key = ci;
  }
  for (size_t ci : ti.columns) {
    const auto& c = *idx.columns[ci].column;
    if (key || !c.is_identifier) continue;
    if (c.kind != ColumnKind::kText || c.distinct * 10 >= ti.table->rows * 8) key = ci;
    break;
  }
  if (key) idx.columns[*key].key = true;
}

}  // namespace

std::set<std::string> FormsOf(const std::string& folded) {
  std::set<std::string> f = {folded};
  f.insert(Stem(folded, Language::kPortuguese));
  f.insert(Stem(folded, Language::kEnglish));
  return f;
}

std::vector<SchemaWord> SchemaWords(std::string_view text) {
  std::vector<SchemaWord> out;
  std::set<std::string> seen;
  for (auto& w : Words(text)) {
    if (IsWeakSchemaWord(w) || !seen.insert(w).second) continue;
    out.push_back({w, FormsOf(w), CognateKey(w)});
  }
  return out;
}

SchemaIndex BuildIndex(const Schema& schema) {
  SchemaIndex idx;
  for (const auto& t : schema.tables) {
    TableIndex ti;
    ti.table = &t;
    ti.name = SchemaWords(t.name);
    ti.desc = SchemaWords(t.description);
    // Each language's part of the description ("Pedidos / orders (status: …)"), up to its first
    // clause: "vendidos ou não" after a comma says something of the rows, not what they are.
    for (std::string_view part : Split(t.description, '/')) {
      const std::string_view segment = part.substr(0, part.find_first_of(",(;:|["));
      auto words = SchemaWords(segment);
      if (words.empty()) continue;
      ti.desc_heads.push_back(words.front());
      // English compounds put the head last ("order line items"); a phrase with "de" or "of"
      // puts it first ("Itens dos pedidos", "Catálogo de produtos").
      static const std::set<std::string> kOf = {"de", "do", "da", "dos", "das", "of"};
      const auto all = Words(segment);
      const bool of = std::any_of(all.begin(), all.end(),
                                  [](const std::string& w) { return kOf.count(w) > 0; });
      if (words.size() > 1 && !of) ti.desc_heads.push_back(std::move(words.back()));
    }
    for (const auto& c : t.columns) {
      ColumnIndex ci;
      ci.table = &t;
      ci.column = &c;
      ci.name = SchemaWords(c.name);
      const auto original = Words(SplitCamelCase(c.original_name));
      // A name word that fuses words of a camelCase header ("distancekm") is replaced by them.
      std::erase_if(ci.name, [&](const SchemaWord& n) {
        for (size_t a = 0; a < original.size(); ++a) {
          std::string fused = original[a];
          for (size_t b = a + 1; b < original.size() && fused.size() < n.word.size(); ++b) {
            fused += original[b];
            if (fused == n.word) return true;
          }
        }
        return false;
      });
      for (auto& w : SchemaWords(SplitCamelCase(c.original_name))) {
        bool dup = std::any_of(ci.name.begin(), ci.name.end(),
                               [&](const SchemaWord& x) { return x.word == w.word; });
        if (!dup) ci.name.push_back(std::move(w));
      }
      // Every word of the name three letters or fewer (pre_ult, cod_neg): the description says
      // what the column is.
      ci.cryptic =
          !ci.name.empty() && std::all_of(ci.name.begin(), ci.name.end(),
                                          [](const auto& w) { return w.word.size() <= 3; });
      // Abbreviations stand for their word ("vl_transacao" is "valor transacao"), and still match
      // as written.
      for (auto& nw : ci.name) {
        const auto* full = Abbreviation(nw.word);
        if (!full) continue;
        const bool dup = std::any_of(ci.name.begin(), ci.name.end(),
                                     [&](const SchemaWord& x) { return x.word == *full; });
        if (dup) continue;
        for (auto& f : FormsOf(*full)) nw.forms.insert(f);
        // A name prefix says what kind of field it is: "cliente" names nm_cliente.
        nw.optional = *full == "nome" || *full == "name";
        nw.word = *full;
        nw.cognate = CognateKey(*full);
      }
      for (auto& nw : ci.name) nw.optional |= ci.name.size() > 1 && IsOptionalNameWord(nw.word);
      // A word that repeats the table's name ("product" of products.product_category_name,
      // "order" of orders.order_status) and "name" in a longer text column's name
      // (product_category_name) say what kind of field it is: a question may leave them unsaid
      // ("por categoria").
      if (ci.name.size() > 1) {
        for (auto& nw : ci.name) {
          const bool table_word = std::any_of(ti.name.begin(), ti.name.end(), [&](const auto& tw) {
            return std::any_of(nw.forms.begin(), nw.forms.end(),
                               [&](const std::string& f) { return tw.forms.count(f) > 0; });
          });
          const bool name_word = c.kind == ColumnKind::kText && ci.name.size() >= 3 &&
                                 (nw.word == "name" || nw.word == "nome");
          nw.optional |= table_word || name_word;
        }
      }
      ci.desc = SchemaWords(c.description);
      // A number of days, hours or minutes measures a duration ("tempo de internação",
      // "length of stay" for dias_internado).
      if (c.kind == ColumnKind::kInteger || c.kind == ColumnKind::kNumber) {
        static const std::set<std::string> kTimeUnits = {
            "dias",     "dia",     "days",    "day",    "horas",   "hora",  "hours",
            "hour",     "hrs",     "minutos", "minuto", "minutes", "min",   "mins",
            "segundos", "seconds", "semanas", "weeks",  "meses",   "months"};
        const bool duration = std::any_of(ci.name.begin(), ci.name.end(), [](const SchemaWord& w) {
          return kTimeUnits.count(w.word) > 0;
        });
        if (duration) ci.desc.push_back({"duration", FormsOf("duration"), {}});
      }
      ci.numeric =
          (c.kind == ColumnKind::kInteger || c.kind == ColumnKind::kNumber) && !c.is_identifier;
      ci.time = c.kind == ColumnKind::kTime;
      ci.text = c.kind == ColumnKind::kText;
      IndexValues(ci);
      IndexNames(ci);
      ti.columns.push_back(idx.columns.size());
      idx.columns.push_back(std::move(ci));
    }
    IndexKeys(idx, ti);
    idx.tables.push_back(std::move(ti));
  }
  return idx;
}

}  // namespace sagaz::nlq::internal

namespace sagaz::nlq {

std::shared_ptr<const internal::SchemaIndex> Schema::Index() const {
  std::lock_guard lock(index_cache.mu_);
  auto& c = index_cache;
  if (!c.index_ || c.built_for_ != tables.data() || c.built_size_ != tables.size()) {
    c.index_ = std::make_shared<const internal::SchemaIndex>(internal::BuildIndex(*this));
    c.built_for_ = tables.data();
    c.built_size_ = tables.size();
  }
  return c.index_;
}

}  // namespace sagaz::nlq
