// Schema lookups, relation inference, names of enums.
#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include "core/strings.hpp"
#include "nlq/internal/text.hpp"
#include "nlq/nlq.hpp"

namespace sagaz::nlq {

std::string_view ToString(Language language) {
  return language == Language::kPortuguese ? "pt" : "en";
}

Result<Language> ParseLanguage(std::string_view text) {
  const std::string t = ToLower(text);
  if (t == "pt" || t == "pt-br" || t == "pt_br" || t == "portuguese" || t == "portugues") {
    return Language::kPortuguese;
  }
  if (t == "en" || t == "en-us" || t == "en_us" || t == "en-gb" || t == "english")
    return Language::kEnglish;
  return Fail(Error(ErrorCode::kInvalidArgument,
                    "unknown language '" + std::string(text) + "'; use pt or en")
                  .With("field", "language"));
}

Language DetectLanguage(std::string_view question) {
  static constexpr std::string_view kPt[] = {
      "qual",      "quais",        "quantos",      "quantas",  "de",
      "do",        "da",           "dos",          "das",      "por",
      "em",        "no",           "na",           "o",        "os",
      "as",        "que",          "foi",          "foram",    "media",
      "maior",     "menor",        "ao",           "longo",    "tempo",
      "mes",       "ano",          "com",          "para",     "cada",
      "mais",      "menos",        "entre",        "ultimos",  "nivel",
      "agua",      "receita",      "pedidos",      "clientes", "sao",
      "e",         "um",           "uma",          "mostre",   "liste",
      "existem",   "temos",        "acima",        "abaixo",   "descreva",
      "calcule",   "resuma",       "distribuicao", "evolucao", "houve",
      "ha",        "sobre",        "vendas",       "produtos", "diga",
      "tendencia", "estatisticas", "preco",        "valor",    "semana",
      "dia",       "hoje",         "ontem"};
  static constexpr std::string_view kEn[] = {
      "what",       "which",     "how",      "many",     "much",      "the",          "of",
      "by",         "in",        "on",       "per",      "is",        "are",          "was",
      "were",       "average",   "total",    "highest",  "lowest",    "over",         "time",
      "month",      "year",      "with",     "for",      "each",      "more",         "less",
      "between",    "last",      "show",     "list",     "top",       "and",          "an",
      "orders",     "customers", "revenue",  "above",    "below",     "there",        "do",
      "does",       "we",        "have",     "describe", "summarize", "distribution", "trend",
      "statistics", "sales",     "products", "price",    "value",     "week",         "day",
      "today",      "tell"};
  int pt = 0, en = 0;
  for (const auto& w : internal::Words(question)) {
    if (std::find(std::begin(kPt), std::end(kPt), w) != std::end(kPt)) ++pt;
    if (std::find(std::begin(kEn), std::end(kEn), w) != std::end(kEn)) ++en;
  }
  // Accented letters are a strong sign of Portuguese.
  for (unsigned char c : question) {
    if (c == 0xC3) {
      pt += 1;
      break;
    }
  }
  return en > pt ? Language::kEnglish : Language::kPortuguese;
}

std::string_view ToString(Aggregate agg) {
  switch (agg) {
    case Aggregate::kNone:
      return "none";
    case Aggregate::kCount:
      return "count";
    case Aggregate::kCountDistinct:
      return "count_distinct";
    case Aggregate::kSum:
      return "sum";
    case Aggregate::kMean:
      return "mean";
    case Aggregate::kMedian:
      return "median";
    case Aggregate::kMin:
      return "min";
    case Aggregate::kMax:
      return "max";
    case Aggregate::kStdDev:
      return "std_dev";
    case Aggregate::kVariance:
      return "variance";
  }
  return "none";
}

std::string_view ToString(Bucket bucket) {
  switch (bucket) {
    case Bucket::kNone:
      return "none";
    case Bucket::kHour:
      return "hour";
    case Bucket::kDay:
      return "day";
    case Bucket::kWeek:
      return "week";
    case Bucket::kMonth:
      return "month";
    case Bucket::kQuarter:
      return "quarter";
    case Bucket::kYear:
      return "year";
    case Bucket::kDayOfWeek:
      return "day_of_week";
  }
  return "none";
}

std::string_view ToString(Shape shape) {
  switch (shape) {
    case Shape::kScalar:
      return "scalar";
    case Shape::kDescribe:
      return "describe";
    case Shape::kGrouped:
      return "grouped";
    case Shape::kSeries:
      return "series";
    case Shape::kTop:
      return "top";
    case Shape::kRows:
      return "rows";
  }
  return "rows";
}

namespace {

// The enum value whose ToString is `text`, trying each value in [first, last].
template <class E>
std::optional<E> FromName(std::string_view text, E first, E last) {
  const std::string folded = ToLower(Trim(text));
  for (int v = static_cast<int>(first); v <= static_cast<int>(last); ++v) {
    if (ToString(static_cast<E>(v)) == folded) return static_cast<E>(v);
  }
  return std::nullopt;
}

}  // namespace

std::optional<Aggregate> AggregateFromName(std::string_view text) {
  if (text == "avg" || text == "average") return Aggregate::kMean;
  return FromName(text, Aggregate::kNone, Aggregate::kVariance);
}
std::optional<Bucket> BucketFromName(std::string_view text) {
  return FromName(text, Bucket::kNone, Bucket::kDayOfWeek);
}
std::optional<Shape> ShapeFromName(std::string_view text) {
  return FromName(text, Shape::kScalar, Shape::kRows);
}

Status AddJoins(const Schema& schema, Plan& plan) {
  // Every referenced table must link to the main table through many-to-one relations.
  std::set<std::string> needed;
  auto want = [&](const std::optional<ColumnRef>& c) {
    if (c && c->table != plan.table) needed.insert(c->table);
  };
  want(plan.measure);
  want(plan.group);
  want(plan.label);
  want(plan.time);
  for (const auto& f : plan.filters) {
    if (!f.column.table.empty() && f.column.table != plan.table) needed.insert(f.column.table);
  }
  for (const auto& t : plan.extra_tables) {
    if (t != plan.table) needed.insert(t);
  }
  std::set<std::string> joined = {plan.table};
  for (const auto& j : plan.joins) joined.insert(j.table);
  for (const auto& target : needed) {
    if (joined.count(target)) continue;
    // Breadth-first over relations from tables already joined, at most three links away.
    std::map<std::string, const Relation*> via;
    std::vector<std::string> frontier(joined.begin(), joined.end());
    std::set<std::string> seen(joined.begin(), joined.end());
    bool found = false;
    for (int depth = 0; depth < 3 && !found; ++depth) {
      std::vector<std::string> next;
      for (const auto& from : frontier) {
        for (const auto& r : schema.relations) {
          if (r.from_table != from || seen.count(r.to_table)) continue;
          via[r.to_table] = &r;
          seen.insert(r.to_table);
          next.push_back(r.to_table);
          if (r.to_table == target) found = true;
        }
      }
      frontier = std::move(next);
    }
    if (!found) {
      return Fail(Error(ErrorCode::kInvalidArgument, "table " + target + " has no link to " +
                                                         plan.table + " (a column such as " +
                                                         plan.table + "." + target + "_id)")
                      .With("table", target));
    }
    std::vector<const Relation*> path;
    for (std::string t = target; !joined.count(t); t = via[t]->from_table) path.push_back(via[t]);
    std::reverse(path.begin(), path.end());
    for (const Relation* r : path) {
      plan.joins.push_back(Join{r->to_table, ColumnRef{r->from_table, r->from_column},
                                ColumnRef{r->to_table, r->to_column}});
      joined.insert(r->to_table);
    }
  }
  return Ok();
}

const SchemaTable* Schema::Find(std::string_view table) const {
  for (const auto& t : tables) {
    if (t.name == table) return &t;
  }
  return nullptr;
}

const SchemaColumn* Schema::Find(std::string_view table, std::string_view column) const {
  const SchemaTable* t = Find(table);
  if (!t) return nullptr;
  for (const auto& c : t->columns) {
    if (c.name == column) return &c;
  }
  return nullptr;
}

namespace {

// Singular and plural spellings of a table name's last word: "orders" -> {"orders", "order"}.
std::vector<std::string> EntityNames(std::string_view table) {
  std::vector<std::string> out = {std::string(table)};
  if (table.ends_with("ies")) out.push_back(std::string(table.substr(0, table.size() - 3)) + "y");
  if (table.ends_with("es")) out.push_back(std::string(table.substr(0, table.size() - 2)));
  if (table.ends_with("s")) out.push_back(std::string(table.substr(0, table.size() - 1)));
  return out;
}

bool IsKeyLike(const SchemaColumn& c) {
  return c.kind == ColumnKind::kInteger || c.kind == ColumnKind::kText ||
         c.kind == ColumnKind::kOther;
}

// Real exports name a link as the key it points to ("Matrícula" in the grades and in the students,
// "SKU" in the stock movements and in the catalog): a column whose values repeat, and the column
// of the same name and kind in another table where every value is unique (the values are checked
// before the link is used, see ask::SchemaSource).
std::optional<Relation> SameNameKey(const std::vector<SchemaTable>& tables, const SchemaTable& from,
                                    const SchemaColumn& col) {
  auto unique = [](const SchemaTable& t, const SchemaColumn& c) {
    return t.rows > 1 && c.distinct * 10 >= t.rows * 9;
  };
  if ((col.kind != ColumnKind::kText && col.kind != ColumnKind::kInteger) || col.distinct <= 0 ||
      unique(from, col)) {
    return std::nullopt;
  }
  for (const auto& to : tables) {
    if (&to == &from) continue;
    for (const auto& key : to.columns) {
      if (key.name == col.name && key.kind == col.kind && unique(to, key))
        return Relation{from.name, col.name, to.name, key.name};
    }
  }
  return std::nullopt;
}

}  // namespace

std::vector<Relation> InferRelations(const std::vector<SchemaTable>& tables) {
  std::vector<Relation> out;
  for (const auto& from : tables) {
    for (const auto& col : from.columns) {
      const std::string name = ToLower(col.name);
      std::string stem;
      if (name.ends_with("_id")) {
        stem = name.substr(0, name.size() - 3);
      } else if (name.starts_with("id_")) {
        stem = name.substr(3);  // id_cliente
      } else {
        if (auto same = SameNameKey(tables, from, col)) out.push_back(*same);
        continue;
      }
      if (stem.empty()) continue;
      // The referenced table: its singular name is the column's stem, or a suffix of it
      // (product_distribution_center_id -> distribution_centers), or the stem is the last part of
      // a prefixed table name (account_id -> saas_accounts, cliente_id -> tb_clientes).
      const SchemaTable* best = nullptr;
      std::string best_key;
      size_t best_len = 0;
      for (const auto& to : tables) {
        for (const auto& entity : EntityNames(ToLower(to.name))) {
          const bool match =
              stem == entity || stem.ends_with("_" + entity) || entity.ends_with("_" + stem);
          if (!match || entity.size() <= best_len) continue;
          // The key on the other side: "id", or the same column name (orders.order_id).
          for (const auto& key : to.columns) {
            const std::string k = ToLower(key.name);
            // Keys of different kinds never join (catalog.product_id 123 is no products.product_id
            // 'a9f3…'): comparing them casts, and fails or matches by accident.
            const bool same_kind = key.kind == col.kind || key.kind == ColumnKind::kOther ||
                                   col.kind == ColumnKind::kOther;
            if ((k == "id" || k == name) && IsKeyLike(key) && same_kind) {
              if (&to == &from && k == name) continue;  // a table's own key
              best = &to;
              best_key = key.name;
              best_len = entity.size();
            }
          }
        }
      }
      if (best && !(best == &from && best_key == col.name)) {
        out.push_back(Relation{from.name, col.name, best->name, best_key});
      }
    }
  }
  return out;
}

}  // namespace sagaz::nlq
