// The parser's vocabulary in Portuguese and English: function words, cue phrases, month names and
// groups of words with the same meaning across both languages. Words are folded (lowercase, no
// accents). Written by hand: this is the knowledge a deterministic parser runs on, no library holds
// it.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "nlq/nlq.hpp"

namespace sagaz::nlq::internal {

enum class Cue {
  kAggregate,   // value: Aggregate
  kCount,       // "quantos", "how many", "number of"
  kDistinct,    // "distintos", "unique"
  kDescribe,    // "estatísticas", "summary", "distribuição"
  kSeries,      // "ao longo do tempo", "over time", "evolução", "trend"
  kGroupBy,     // "por", "by", "per", "para cada"
  kBucketNoun,  // value: Bucket; "dia", "mês" (a bucket after "por")
  kBucketAdj,   // value: Bucket; "mensal", "monthly", "diário"
  kCompare,     // value: comparison op (see CompareOp)
  kBetween,     // "entre", "between"
  kTop,         // "top", "principais", "maiores" (with a number)
  kBottom,      // "piores", "bottom", "menores" (with a number)
  kMost,        // "mais" / "most" (before an adjective or participle)
  kLeast,       // "menos" / "least"
  kList,        // "mostre", "liste", "show", "list", "quais"
  kIn,          // "em", "in", "durante", "during", "no", "na" (before a date)
  kSince,       // "desde", "since", "a partir de", "depois de", "after"
  kUntil,       // "antes de", "before", "até", "until"
  kLast,        // "últimos", "last", "past"
  kThis,        // "este", "this"
  kPrevious,    // "passado", "anterior", "previous"
  kToday,       // "hoje", "today"
  kYesterday,   // "ontem", "yesterday"
  kUnit,        // value: Bucket used as a length unit: "dias", "meses", "years"
  kMonth,       // value: month number 1..12
  kDescending,  // "do maior para o menor", "decrescente", "descending"
  kAscending,   // "crescente", "ascending", "do menor para o maior"
  kAnd,         // "e", "and" (inside "entre X e Y")
  kNot,         // "não", "not", "sem", "without"
  kEmpty,       // "vazio", "sem valor", "missing", "null"
};

enum class CompareOp { kGt, kGe, kLt, kLe, kEq, kNe };

struct CueMatch {
  Cue cue;
  int value = 0;      // Aggregate, Bucket, CompareOp or month, depending on the cue
  size_t length = 1;  // tokens covered
};

// The longest cue phrase starting at `folded[pos]`, if any.
std::optional<CueMatch> MatchCue(const std::vector<std::string>& folded, size_t pos,
                                 Language language);

// Function words that carry no meaning for matching ("de", "the", "qual").
bool IsStopword(std::string_view folded);

// Words meaning the same as `folded` (including itself), across Portuguese and English, for
// matching question words to column names, descriptions and values.
const std::vector<std::string>& Synonyms(std::string_view folded);

// Synonyms of a word that is not listed itself but shares a stem (of five letters or more) with
// listed words: "cadastraram" -> the group of "cadastro".
const std::vector<std::string>& SynonymsOfStem(std::string_view folded, Language language);

// The measure a unit written after a number implies, as words to look for among the columns:
// "800 km" -> {"km", "distance"}, "200 m²" -> {"area", "m2"}, "60 anos" -> {"age"}.
const std::vector<std::string>* UnitMeasure(std::string_view folded);

// The quantity a unit written in a column's name measures, as the words that name it (folded,
// Portuguese; synonyms carry them to English): "kwh" -> {"energia", "consumo"}, "kw" ->
// {"demanda", "potencia"}, "km" -> {"distancia"}. Null when the word is no unit.
const std::vector<std::string>* UnitQuantity(std::string_view folded);
// Whether a word of a column's name is a unit ("min", "km", "usd", "r"), which a question may leave
// unsaid ("tempo de entrega" for tempo_de_entrega_min).
bool IsUnitWord(std::string_view folded);
// The word an abbreviation in a column name stands for, as schemas write them in Portuguese and
// English: "vl" -> "valor", "dt" -> "data", "qtd" -> "quantidade", "amt" -> "amount", "cnt" ->
// "count", "cust" -> "customer". Null when the word is no known abbreviation.
const std::string* Abbreviation(std::string_view folded);
// Words a question may leave unsaid in a column's name: units ("tempo de entrega" for
// tempo_de_entrega_min) and what kind of field it is ("agência" for cd_agencia, "canal" for
// ds_canal). A name prefix ("cliente" for nm_cliente) is optional too (see the index).
bool IsOptionalNameWord(std::string_view folded);

// A unit's abbreviation spelled out, the way questions say it: "t" -> "toneladas", "h" -> "horas".
const std::string* SpelledUnit(std::string_view folded);

// Adjectives that imply a measure and a direction in superlatives and comparatives: "mais caro" ->
// price, highest; "mais novo" -> age, lowest; "heaviest", "heavier" -> weight. Returns the words to
// look for among the columns and whether "more" means descending.
struct Superlative {
  std::vector<std::string> measure_words;  // matched against columns ("price", "cost"), best first
  bool more_is_higher;                     // "mais caro" = highest price; "mais novo" = lowest age
  bool counts_rows;                        // "mais vendidos" = most rows of sales per group
};
std::optional<Superlative> SuperlativeAdjective(std::string_view folded);

// Other names of a value (folded), such as a country in the other language: "japan" -> {"japao"}.
const std::vector<std::string>& ValueAliases(std::string_view folded_value);

// Words that ask for money-like totals ("receita", "faturamento", "revenue", "sales"): the measure
// is the sale value and the aggregate a sum unless the question says otherwise.
bool IsRevenueWord(std::string_view folded);

}  // namespace sagaz::nlq::internal
