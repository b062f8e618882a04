#include "nlq/internal/lexicon.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "core/strings.hpp"
#include "nlq/internal/text.hpp"

namespace sagaz::nlq::internal {
namespace {

struct CueEntry {
  const char* phrase;
  Cue cue;
  int value;
};

constexpr int Agg(Aggregate a) { return static_cast<int>(a); }
constexpr int Bk(Bucket b) { return static_cast<int>(b); }
constexpr int Op(CompareOp o) { return static_cast<int>(o); }

// Both languages in one table: a phrase never means different things in the two.
const CueEntry kCues[] = {
    // Counting.
    {"quantos", Cue::kCount, 0},
    {"quantas", Cue::kCount, 0},
    {"quantidade de", Cue::kCount, 0},
    {"quantidade", Cue::kCount, 0},
    {"numero de", Cue::kCount, 0},
    {"numero total de", Cue::kCount, 0},
    {"total de", Cue::kCount, 0},
    {"contagem de", Cue::kCount, 0},
    {"contagem", Cue::kCount, 0},
    {"conte", Cue::kCount, 0},
    {"contar", Cue::kCount, 0},
    {"how many", Cue::kCount, 0},
    {"number of", Cue::kCount, 0},
    {"total number of", Cue::kCount, 0},
    {"count of", Cue::kCount, 0},
    {"count", Cue::kCount, 0},
    // Distinct.
    {"distintos", Cue::kDistinct, 0},
    {"distintas", Cue::kDistinct, 0},
    {"diferentes", Cue::kDistinct, 0},
    {"unicos", Cue::kDistinct, 0},
    {"unicas", Cue::kDistinct, 0},
    {"distinct", Cue::kDistinct, 0},
    {"unique", Cue::kDistinct, 0},
    {"different", Cue::kDistinct, 0},
    // Aggregates.
    {"soma", Cue::kAggregate, Agg(Aggregate::kSum)},
    {"quanto", Cue::kAggregate, Agg(Aggregate::kSum)},
    {"how much", Cue::kAggregate, Agg(Aggregate::kSum)},
    {"somatorio", Cue::kAggregate, Agg(Aggregate::kSum)},
    {"total", Cue::kAggregate, Agg(Aggregate::kSum)},
    {"sum", Cue::kAggregate, Agg(Aggregate::kSum)},
    {"totais", Cue::kAggregate, Agg(Aggregate::kSum)},
    {"media", Cue::kAggregate, Agg(Aggregate::kMean)},
    {"medio", Cue::kAggregate, Agg(Aggregate::kMean)},
    {"medias", Cue::kAggregate, Agg(Aggregate::kMean)},
    {"medios", Cue::kAggregate, Agg(Aggregate::kMean)},
    {"em media", Cue::kAggregate, Agg(Aggregate::kMean)},
    {"average", Cue::kAggregate, Agg(Aggregate::kMean)},
    {"avg", Cue::kAggregate, Agg(Aggregate::kMean)},
    {"mean", Cue::kAggregate, Agg(Aggregate::kMean)},
    {"mediana", Cue::kAggregate, Agg(Aggregate::kMedian)},
    {"median", Cue::kAggregate, Agg(Aggregate::kMedian)},
    {"minimo", Cue::kAggregate, Agg(Aggregate::kMin)},
    {"minima", Cue::kAggregate, Agg(Aggregate::kMin)},
    {"menor", Cue::kAggregate, Agg(Aggregate::kMin)},
    {"min", Cue::kAggregate, Agg(Aggregate::kMin)},
    {"minimum", Cue::kAggregate, Agg(Aggregate::kMin)},
    {"lowest", Cue::kAggregate, Agg(Aggregate::kMin)},
    {"smallest", Cue::kAggregate, Agg(Aggregate::kMin)},
    {"maximo", Cue::kAggregate, Agg(Aggregate::kMax)},
    {"maxima", Cue::kAggregate, Agg(Aggregate::kMax)},
    {"maior", Cue::kAggregate, Agg(Aggregate::kMax)},
    {"max", Cue::kAggregate, Agg(Aggregate::kMax)},
    {"maximum", Cue::kAggregate, Agg(Aggregate::kMax)},
    {"highest", Cue::kAggregate, Agg(Aggregate::kMax)},
    {"largest", Cue::kAggregate, Agg(Aggregate::kMax)},
    {"biggest", Cue::kAggregate, Agg(Aggregate::kMax)},
    {"greatest", Cue::kAggregate, Agg(Aggregate::kMax)},
    {"pico", Cue::kAggregate, Agg(Aggregate::kMax)},
    {"peak", Cue::kAggregate, Agg(Aggregate::kMax)},
    {"desvio padrao", Cue::kAggregate, Agg(Aggregate::kStdDev)},
    {"desvio", Cue::kAggregate, Agg(Aggregate::kStdDev)},
    {"standard deviation", Cue::kAggregate, Agg(Aggregate::kStdDev)},
    {"std", Cue::kAggregate, Agg(Aggregate::kStdDev)},
    {"stddev", Cue::kAggregate, Agg(Aggregate::kStdDev)},
    {"variancia", Cue::kAggregate, Agg(Aggregate::kVariance)},
    {"variance", Cue::kAggregate, Agg(Aggregate::kVariance)},
    // Describe.
    {"estatisticas", Cue::kDescribe, 0},
    {"estatistica", Cue::kDescribe, 0},
    {"resumo", Cue::kDescribe, 0},
    {"sumario", Cue::kDescribe, 0},
    {"descreva", Cue::kDescribe, 0},
    {"distribuicao de", Cue::kDescribe, 0},
    {"perfil", Cue::kDescribe, 0},
    {"statistics", Cue::kDescribe, 0},
    {"stats", Cue::kDescribe, 0},
    {"summary", Cue::kDescribe, 0},
    {"summarize", Cue::kDescribe, 0},
    {"describe", Cue::kDescribe, 0},
    {"distribution of", Cue::kDescribe, 0},
    {"profile of", Cue::kDescribe, 0},
    // Time series.
    {"ao longo do tempo", Cue::kSeries, 0},
    {"no decorrer do tempo", Cue::kSeries, 0},
    {"com o tempo", Cue::kSeries, 0},
    {"evolucao", Cue::kSeries, 0},
    {"evoluiu", Cue::kSeries, 0},
    {"tendencia", Cue::kSeries, 0},
    {"historico", Cue::kSeries, 0},
    {"serie temporal", Cue::kSeries, 0},
    {"variou", Cue::kSeries, 0},
    {"over time", Cue::kSeries, 0},
    {"across time", Cue::kSeries, 0},
    {"evolution", Cue::kSeries, 0},
    {"trend", Cue::kSeries, 0},
    {"history", Cue::kSeries, 0},
    {"time series", Cue::kSeries, 0},
    {"timeline", Cue::kSeries, 0},
    {"changed", Cue::kSeries, 0},
    {"evolved", Cue::kSeries, 0},
    // Grouping.
    {"por", Cue::kGroupBy, 0},
    {"para cada", Cue::kGroupBy, 0},
    {"cada", Cue::kGroupBy, 0},
    {"em cada", Cue::kGroupBy, 0},
    {"de cada", Cue::kGroupBy, 0},
    {"agrupado por", Cue::kGroupBy, 0},
    {"agrupados por", Cue::kGroupBy, 0},
    {"separado por", Cue::kGroupBy, 0},
    {"by", Cue::kGroupBy, 0},
    {"per", Cue::kGroupBy, 0},
    {"for each", Cue::kGroupBy, 0},
    {"each", Cue::kGroupBy, 0},
    {"grouped by", Cue::kGroupBy, 0},
    {"broken down by", Cue::kGroupBy, 0},
    {"across", Cue::kGroupBy, 0},
    {"split by", Cue::kGroupBy, 0},
    // Buckets as nouns (after "por") and adjectives.
    {"hora", Cue::kBucketNoun, Bk(Bucket::kHour)},
    {"hour", Cue::kBucketNoun, Bk(Bucket::kHour)},
    {"dia da semana", Cue::kBucketNoun, Bk(Bucket::kDayOfWeek)},
    {"day of week", Cue::kBucketNoun, Bk(Bucket::kDayOfWeek)},
    {"day of the week", Cue::kBucketNoun, Bk(Bucket::kDayOfWeek)},
    {"weekday", Cue::kBucketNoun, Bk(Bucket::kDayOfWeek)},
    {"dia", Cue::kBucketNoun, Bk(Bucket::kDay)},
    {"day", Cue::kBucketNoun, Bk(Bucket::kDay)},
    {"data", Cue::kBucketNoun, Bk(Bucket::kDay)},
    {"date", Cue::kBucketNoun, Bk(Bucket::kDay)},
    {"semana", Cue::kBucketNoun, Bk(Bucket::kWeek)},
    {"week", Cue::kBucketNoun, Bk(Bucket::kWeek)},
    {"mes", Cue::kBucketNoun, Bk(Bucket::kMonth)},
    {"month", Cue::kBucketNoun, Bk(Bucket::kMonth)},
    {"trimestre", Cue::kBucketNoun, Bk(Bucket::kQuarter)},
    {"quarter", Cue::kBucketNoun, Bk(Bucket::kQuarter)},
    {"ano", Cue::kBucketNoun, Bk(Bucket::kYear)},
    {"year", Cue::kBucketNoun, Bk(Bucket::kYear)},
    {"horario", Cue::kBucketAdj, Bk(Bucket::kHour)},
    {"hourly", Cue::kBucketAdj, Bk(Bucket::kHour)},
    {"diario", Cue::kBucketAdj, Bk(Bucket::kDay)},
    {"diaria", Cue::kBucketAdj, Bk(Bucket::kDay)},
    {"diarios", Cue::kBucketAdj, Bk(Bucket::kDay)},
    {"diarias", Cue::kBucketAdj, Bk(Bucket::kDay)},
    {"daily", Cue::kBucketAdj, Bk(Bucket::kDay)},
    {"semanal", Cue::kBucketAdj, Bk(Bucket::kWeek)},
    {"semanais", Cue::kBucketAdj, Bk(Bucket::kWeek)},
    {"weekly", Cue::kBucketAdj, Bk(Bucket::kWeek)},
    {"mensal", Cue::kBucketAdj, Bk(Bucket::kMonth)},
    {"mensais", Cue::kBucketAdj, Bk(Bucket::kMonth)},
    {"monthly", Cue::kBucketAdj, Bk(Bucket::kMonth)},
    {"trimestral", Cue::kBucketAdj, Bk(Bucket::kQuarter)},
    {"quarterly", Cue::kBucketAdj, Bk(Bucket::kQuarter)},
    {"anual", Cue::kBucketAdj, Bk(Bucket::kYear)},
    {"anuais", Cue::kBucketAdj, Bk(Bucket::kYear)},
    {"yearly", Cue::kBucketAdj, Bk(Bucket::kYear)},
    {"annual", Cue::kBucketAdj, Bk(Bucket::kYear)},
    // Comparisons.
    {"acima de", Cue::kCompare, Op(CompareOp::kGt)},
    {"maior que", Cue::kCompare, Op(CompareOp::kGt)},
    {"maior do que", Cue::kCompare, Op(CompareOp::kGt)},
    {"mais de", Cue::kCompare, Op(CompareOp::kGt)},
    {"mais que", Cue::kCompare, Op(CompareOp::kGt)},
    {"mais do que", Cue::kCompare, Op(CompareOp::kGt)},
    {"superior a", Cue::kCompare, Op(CompareOp::kGt)},
    {"passa de", Cue::kCompare, Op(CompareOp::kGt)},
    {"passou de", Cue::kCompare, Op(CompareOp::kGt)},
    {"ultrapassa", Cue::kCompare, Op(CompareOp::kGt)},
    {"excede", Cue::kCompare, Op(CompareOp::kGt)},
    {"above", Cue::kCompare, Op(CompareOp::kGt)},
    {"over", Cue::kCompare, Op(CompareOp::kGt)},
    {"more than", Cue::kCompare, Op(CompareOp::kGt)},
    {"greater than", Cue::kCompare, Op(CompareOp::kGt)},
    {"higher than", Cue::kCompare, Op(CompareOp::kGt)},
    {"larger than", Cue::kCompare, Op(CompareOp::kGt)},
    {"older than", Cue::kCompare, Op(CompareOp::kGt)},
    {"heavier than", Cue::kCompare, Op(CompareOp::kGt)},
    {"hotter than", Cue::kCompare, Op(CompareOp::kGt)},
    {"longer than", Cue::kCompare, Op(CompareOp::kGt)},
    {"more expensive than", Cue::kCompare, Op(CompareOp::kGt)},
    {"pricier than", Cue::kCompare, Op(CompareOp::kGt)},
    {"mais velho que", Cue::kCompare, Op(CompareOp::kGt)},
    {"mais velhos que", Cue::kCompare, Op(CompareOp::kGt)},
    {"mais velhas que", Cue::kCompare, Op(CompareOp::kGt)},
    {"mais pesado que", Cue::kCompare, Op(CompareOp::kGt)},
    {"mais pesados que", Cue::kCompare, Op(CompareOp::kGt)},
    {"mais pesadas que", Cue::kCompare, Op(CompareOp::kGt)},
    {"mais caro que", Cue::kCompare, Op(CompareOp::kGt)},
    {"mais caros que", Cue::kCompare, Op(CompareOp::kGt)},
    {"mais caras que", Cue::kCompare, Op(CompareOp::kGt)},
    {"exceeds", Cue::kCompare, Op(CompareOp::kGt)},
    {"exceeding", Cue::kCompare, Op(CompareOp::kGt)},
    {">", Cue::kCompare, Op(CompareOp::kGt)},
    {"abaixo de", Cue::kCompare, Op(CompareOp::kLt)},
    {"menor que", Cue::kCompare, Op(CompareOp::kLt)},
    {"menor do que", Cue::kCompare, Op(CompareOp::kLt)},
    {"menos de", Cue::kCompare, Op(CompareOp::kLt)},
    {"menos que", Cue::kCompare, Op(CompareOp::kLt)},
    {"menos do que", Cue::kCompare, Op(CompareOp::kLt)},
    {"inferior a", Cue::kCompare, Op(CompareOp::kLt)},
    {"below", Cue::kCompare, Op(CompareOp::kLt)},
    {"under", Cue::kCompare, Op(CompareOp::kLt)},
    {"less than", Cue::kCompare, Op(CompareOp::kLt)},
    {"lower than", Cue::kCompare, Op(CompareOp::kLt)},
    {"smaller than", Cue::kCompare, Op(CompareOp::kLt)},
    {"younger than", Cue::kCompare, Op(CompareOp::kLt)},
    {"lighter than", Cue::kCompare, Op(CompareOp::kLt)},
    {"colder than", Cue::kCompare, Op(CompareOp::kLt)},
    {"shorter than", Cue::kCompare, Op(CompareOp::kLt)},
    {"cheaper than", Cue::kCompare, Op(CompareOp::kLt)},
    {"mais novo que", Cue::kCompare, Op(CompareOp::kLt)},
    {"mais novos que", Cue::kCompare, Op(CompareOp::kLt)},
    {"mais novas que", Cue::kCompare, Op(CompareOp::kLt)},
    {"mais leve que", Cue::kCompare, Op(CompareOp::kLt)},
    {"mais leves que", Cue::kCompare, Op(CompareOp::kLt)},
    {"mais barato que", Cue::kCompare, Op(CompareOp::kLt)},
    {"mais baratos que", Cue::kCompare, Op(CompareOp::kLt)},
    {"mais baratas que", Cue::kCompare, Op(CompareOp::kLt)},
    {"<", Cue::kCompare, Op(CompareOp::kLt)},
    {"pelo menos", Cue::kCompare, Op(CompareOp::kGe)},
    {"no minimo", Cue::kCompare, Op(CompareOp::kGe)},
    {"ao menos", Cue::kCompare, Op(CompareOp::kGe)},
    {"a partir de", Cue::kCompare, Op(CompareOp::kGe)},
    {"at least", Cue::kCompare, Op(CompareOp::kGe)},
    {"no less than", Cue::kCompare, Op(CompareOp::kGe)},
    {">=", Cue::kCompare, Op(CompareOp::kGe)},
    {"no maximo", Cue::kCompare, Op(CompareOp::kLe)},
    {"at most", Cue::kCompare, Op(CompareOp::kLe)},
    {"no more than", Cue::kCompare, Op(CompareOp::kLe)},
    {"up to", Cue::kCompare, Op(CompareOp::kLe)},
    {"<=", Cue::kCompare, Op(CompareOp::kLe)},
    {"igual a", Cue::kCompare, Op(CompareOp::kEq)},
    {"equal to", Cue::kCompare, Op(CompareOp::kEq)},
    {"equals", Cue::kCompare, Op(CompareOp::kEq)},
    {"=", Cue::kCompare, Op(CompareOp::kEq)},
    {"diferente de", Cue::kCompare, Op(CompareOp::kNe)},
    {"different from", Cue::kCompare, Op(CompareOp::kNe)},
    {"entre", Cue::kBetween, 0},
    {"between", Cue::kBetween, 0},
    // Ranking.
    {"top", Cue::kTop, 0},
    {"principais", Cue::kTop, 0},
    {"maiores", Cue::kTop, 0},
    {"melhores", Cue::kTop, 0},
    {"primeiros", Cue::kTop, 0},
    {"ranking", Cue::kTop, 0},
    {"best", Cue::kTop, 0},
    {"piores", Cue::kBottom, 0},
    {"menores", Cue::kBottom, 0},
    {"bottom", Cue::kBottom, 0},
    {"worst", Cue::kBottom, 0},
    {"mais", Cue::kMost, 0},
    {"most", Cue::kMost, 0},
    {"menos", Cue::kLeast, 0},
    {"least", Cue::kLeast, 0},
    {"fewest", Cue::kLeast, 0},
    {"do maior para o menor", Cue::kDescending, 0},
    {"decrescente", Cue::kDescending, 0},
    {"descending", Cue::kDescending, 0},
    {"do menor para o maior", Cue::kAscending, 0},
    {"crescente", Cue::kAscending, 0},
    {"ascending", Cue::kAscending, 0},
    // Listing.
    {"mostre", Cue::kList, 0},
    {"mostrar", Cue::kList, 0},
    {"liste", Cue::kList, 0},
    {"listar", Cue::kList, 0},
    {"exiba", Cue::kList, 0},
    {"exibir", Cue::kList, 0},
    {"quais sao", Cue::kList, 0},
    {"show", Cue::kList, 0},
    {"list", Cue::kList, 0},
    {"display", Cue::kList, 0},
    {"give me", Cue::kList, 0},
    // Time.
    {"em", Cue::kIn, 0},
    {"no", Cue::kIn, 0},
    {"na", Cue::kIn, 0},
    {"durante", Cue::kIn, 0},
    {"in", Cue::kIn, 0},
    {"during", Cue::kIn, 0},
    {"for", Cue::kIn, 0},
    {"on", Cue::kIn, 0},
    {"desde", Cue::kSince, 0},
    {"depois de", Cue::kSince, 0},
    {"apos", Cue::kSince, 0},
    {"since", Cue::kSince, 0},
    {"after", Cue::kSince, 0},
    {"from", Cue::kSince, 0},
    {"antes de", Cue::kUntil, 0},
    {"ate", Cue::kUntil, 0},
    {"before", Cue::kUntil, 0},
    {"until", Cue::kUntil, 0},
    {"ultimos", Cue::kLast, 0},
    {"ultimas", Cue::kLast, 0},
    {"ultimo", Cue::kLast, 0},
    {"ultima", Cue::kLast, 0},
    {"last", Cue::kLast, 0},
    {"past", Cue::kLast, 0},
    {"este", Cue::kThis, 0},
    {"esta", Cue::kThis, 0},
    {"neste", Cue::kThis, 0},
    {"nesta", Cue::kThis, 0},
    {"this", Cue::kThis, 0},
    {"current", Cue::kThis, 0},
    {"passado", Cue::kPrevious, 0},
    {"passada", Cue::kPrevious, 0},
    {"anterior", Cue::kPrevious, 0},
    {"previous", Cue::kPrevious, 0},
    {"hoje", Cue::kToday, 0},
    {"today", Cue::kToday, 0},
    {"ontem", Cue::kYesterday, 0},
    {"yesterday", Cue::kYesterday, 0},
    {"dias", Cue::kUnit, Bk(Bucket::kDay)},
    {"days", Cue::kUnit, Bk(Bucket::kDay)},
    {"semanas", Cue::kUnit, Bk(Bucket::kWeek)},
    {"weeks", Cue::kUnit, Bk(Bucket::kWeek)},
    {"meses", Cue::kUnit, Bk(Bucket::kMonth)},
    {"months", Cue::kUnit, Bk(Bucket::kMonth)},
    {"trimestres", Cue::kUnit, Bk(Bucket::kQuarter)},
    {"quarters", Cue::kUnit, Bk(Bucket::kQuarter)},
    {"anos", Cue::kUnit, Bk(Bucket::kYear)},
    {"years", Cue::kUnit, Bk(Bucket::kYear)},
    {"horas", Cue::kUnit, Bk(Bucket::kHour)},
    {"hours", Cue::kUnit, Bk(Bucket::kHour)},
    {"e", Cue::kAnd, 0},
    {"and", Cue::kAnd, 0},
    {"a", Cue::kAnd, 0},
    {"nao", Cue::kNot, 0},
    {"not", Cue::kNot, 0},
    {"sem", Cue::kNot, 0},
    {"without", Cue::kNot, 0},
    {"exceto", Cue::kNot, 0},
    {"excluindo", Cue::kNot, 0},
    {"fora", Cue::kNot, 0},
    {"except", Cue::kNot, 0},
    {"excluding", Cue::kNot, 0},
    {"other than", Cue::kNot, 0},
    {"vazio", Cue::kEmpty, 0},
    {"vazios", Cue::kEmpty, 0},
    {"nulo", Cue::kEmpty, 0},
    {"nulos", Cue::kEmpty, 0},
    {"missing", Cue::kEmpty, 0},
    {"null", Cue::kEmpty, 0},
    {"empty", Cue::kEmpty, 0},
};

struct MonthName {
  const char* name;
  int month;
};
constexpr MonthName kMonths[] = {
    {"janeiro", 1},   {"fevereiro", 2}, {"marco", 3},     {"abril", 4},     {"maio", 5},
    {"junho", 6},     {"julho", 7},     {"agosto", 8},    {"setembro", 9},  {"outubro", 10},
    {"novembro", 11}, {"dezembro", 12}, {"january", 1},   {"february", 2},  {"march", 3},
    {"april", 4},     {"may", 5},       {"june", 6},      {"july", 7},      {"august", 8},
    {"september", 9}, {"october", 10},  {"november", 11}, {"december", 12}, {"jan", 1},
    {"fev", 2},       {"feb", 2},       {"abr", 4},       {"apr", 4},       {"mai", 5},
    {"jun", 6},       {"jul", 7},       {"ago", 8},       {"aug", 8},       {"set", 9},
    {"sep", 9},       {"sept", 9},      {"out", 10},      {"oct", 10},      {"nov", 11},
    {"dez", 12},      {"dec", 12},
};

constexpr const char* kStopwords[] = {
    // Portuguese
    "a",
    "o",
    "os",
    "as",
    "de",
    "do",
    "da",
    "dos",
    "das",
    "um",
    "uma",
    "uns",
    "umas",
    "ou",
    "que",
    "qual",
    "quais",
    "quanta",
    "foi",
    "foram",
    "e",
    "sao",
    "ser",
    "esta",
    "estao",
    "estava",
    "tem",
    "tinha",
    "teve",
    "tiveram",
    "houve",
    "ha",
    "existe",
    "existem",
    "temos",
    "para",
    "pra",
    "com",
    "sobre",
    "ao",
    "aos",
    "pelo",
    "pela",
    "pelos",
    "pelas",
    "seu",
    "sua",
    "seus",
    "suas",
    "meu",
    "minha",
    "nosso",
    "nossa",
    "nossos",
    "nossas",
    "como",
    "onde",
    "quando",
    "se",
    "muito",
    "me",
    "nos",
    "isso",
    "isto",
    "esse",
    "essa",
    "esses",
    "essas",
    "aquele",
    "aquela",
    "todos",
    "todas",
    "todo",
    "toda",
    "tambem",
    "ja",
    "ainda",
    "registrado",
    "registrada",
    "registrados",
    "registradas",
    "registrou",
    "informe",
    "diga",
    "veja",
    "ver",
    "sabe",
    "saber",
    "gostaria",
    "quero",
    "queria",
    "preciso",
    "poderia",
    "pode",
    "favor",
    "dados",
    "dado",
    "geral",
    "atual",
    "ha",
    "la",
    "sim",
    "tiver",
    "tenha",
    "tenham",
    "possui",
    "possuem",
    // English
    "the",
    "an",
    "of",
    "at",
    "for",
    "to",
    "with",
    "is",
    "are",
    "was",
    "were",
    "be",
    "been",
    "do",
    "does",
    "did",
    "have",
    "has",
    "had",
    "there",
    "what",
    "which",
    "how",
    "many",
    "much",
    "me",
    "tell",
    "get",
    "all",
    "or",
    "that",
    "these",
    "those",
    "we",
    "our",
    "us",
    "i",
    "my",
    "their",
    "it",
    "its",
    "than",
    "recorded",
    "registered",
    "data",
    "please",
    "can",
    "could",
    "would",
    "you",
    "overall",
    "still",
    "were",
    "any",
    "some",
    "whats",
    "s",
    "are",
    "about",
};

// Groups of words with one meaning across the two languages. Business vocabulary, not any data
// set's column names: the schema's own names and descriptions do the rest.
const std::vector<std::vector<std::string>> kSynonymGroups = {
    {"cliente", "clientes", "consumidor", "consumidores", "comprador", "compradores", "customer",
     "customers", "client", "clients", "user", "users", "usuario", "usuarios", "buyer", "buyers"},
    {"pedido", "pedidos", "encomenda", "encomendas", "order", "orders"},
    {"item", "itens", "items", "linha", "linhas"},
    {"produto", "produtos", "product", "products", "artigo", "artigos", "mercadoria",
     "mercadorias"},
    {"categoria", "categorias", "category", "categories"},
    {"marca", "marcas", "brand", "brands", "fabricante", "fabricantes"},
    {"departamento", "departamentos", "department", "departments", "setor", "setores"},
    {"preco", "precos", "price", "prices", "valor", "value", "values", "amount", "montante",
     "custaram", "custou", "custam", "custa"},
    {"custo", "custos", "cost", "costs"},
    {"receita", "receitas", "faturamento", "faturado", "faturou", "revenue", "revenues", "turnover",
     "gmv", "income", "venda", "vendas", "sale", "sales"},
    {"venda", "vendas", "vendido", "vendida", "vendidos", "vendidas", "vender", "vendeu", "vende",
     "vendem", "sale", "sales", "sold", "sell", "selling"},
    {"quantidade", "qtd", "qtde", "quantity", "qty", "unidades", "units"},
    {"pais", "paises", "country", "countries", "nacao"},
    {"estado", "estados", "state", "states", "uf", "provincia", "province"},
    {"cidade", "cidades", "city", "cities", "municipio", "municipios"},
    {"idade", "idades", "age", "ages", "anos", "velho", "velha", "idoso", "idosos", "jovem",
     "jovens", "old", "young", "older", "younger", "oldest", "youngest"},
    {"genero", "sexo", "gender", "sex"},
    {"feminino", "feminina", "femininos", "mulher", "mulheres", "female", "females", "woman",
     "women"},
    {"masculino", "masculina", "masculinos", "homem", "homens", "male", "males", "man", "men"},
    {"evento", "eventos", "event", "events"},
    {"tipo", "tipos", "type", "types", "kind"},
    {"navegador", "navegadores", "browser", "browsers"},
    {"sessao", "sessoes", "session", "sessions", "visita", "visitas", "visit", "visits"},
    {"estoque", "estoques", "inventario", "inventory", "stock", "inventories"},
    {"centro", "centros", "center", "centers", "centre", "deposito", "depositos", "armazem",
     "warehouse", "warehouses"},
    {"distribuicao", "distribution"},
    {"origem", "origens", "fonte", "fontes", "canal", "canais", "source", "sources", "channel",
     "channels", "aquisicao", "acquisition"},
    {"trafego", "traffic"},
    {"cadastro", "cadastros", "cadastrou", "cadastraram", "cadastrado", "cadastrados",
     "registraram", "inscreveram", "inscricao", "criado", "criados", "criacao", "signup", "signed",
     "sign", "joined", "created", "registration"},
    {"enviado", "enviados", "enviada", "enviadas", "envio", "despachado", "despachados", "shipped",
     "shipping", "ship", "sent"},
    {"entregue", "entregues", "entrega", "entregas", "delivered", "delivery", "deliveries"},
    {"devolvido", "devolvidos", "devolvida", "devolvidas", "devolucao", "devolucoes", "retornado",
     "retornados", "returned", "return", "returns"},
    {"cancelado", "cancelados", "cancelada", "canceladas", "cancelamento", "cancelamentos",
     "cancelled", "canceled", "cancel", "cancellation", "cancellations", "churn", "churned"},
    {"completo", "completos", "completa", "completas", "concluido", "concluidos", "concluida",
     "finalizado", "finalizados", "complete", "completed", "finished"},
    {"processando", "processamento", "processing", "pendente", "pendentes", "pending"},
    {"compra", "compras", "comprado", "comprados", "purchase", "purchases", "purchased", "buy",
     "bought"},
    {"carrinho", "carrinhos", "cart", "carts", "basket"},
    {"temperatura", "temperaturas", "temperature", "temperatures", "temp", "graus", "degrees"},
    {"umidade", "humidity"},
    {"pressao", "pressure"},
    {"nivel", "niveis", "level", "levels"},
    {"agua", "water"},
    {"bateria", "baterias", "battery", "batteries"},
    {"leitura", "leituras", "reading", "readings", "medicao", "medicoes", "measurement",
     "measurements"},
    {"falha", "falhas", "failure", "failures", "failed", "fail", "erro", "erros", "error",
     "errors"},
    {"alerta", "alertas", "alert", "alerts", "warning", "warnings"},
    {"local", "locais", "localizacao", "location", "locations", "lugar", "lugares", "place",
     "places", "site"},
    {"sensor", "sensores", "sensors"},
    {"nome", "nomes", "name", "names"},
    {"cargo", "cargos", "funcao", "funcoes", "job", "jobs", "title", "titles", "position",
     "positions", "role", "roles", "ocupacao", "occupation"},
    {"vendedor", "vendedores", "vendedora", "vendedoras", "seller", "sellers", "salesperson",
     "salespeople", "representante", "representantes", "atendente", "atendentes"},
    {"pagamento", "pagamentos", "payment", "payments", "pago", "pagos", "paid", "pay"},
    {"admissao", "admissoes", "admitido", "admitidos", "admitida", "contratado", "contratados",
     "contratacao", "contratacoes", "hired", "hire", "hires", "hiring", "admission"},
    {"ativo", "ativos", "ativa", "ativas", "active"},
    {"data", "datas", "date", "dates"},
    {"hora", "horas", "time", "hour"},
    {"idade", "age"},
    {"endereco", "address"},
    {"email", "e-mail", "mail"},
    {"desconto", "descontos", "discount", "discounts"},
    {"lucro", "lucros", "profit", "margem", "margin"},
    {"funcionario", "funcionarios", "employee", "employees", "colaborador", "colaboradores"},
    {"salario", "salarios", "salary", "salaries", "remuneracao", "pay", "ganha", "ganham", "ganhar",
     "ganho", "ganhos", "earn", "earns", "earning", "earnings", "wage", "wages"},
    {"fornecedor", "fornecedores", "supplier", "suppliers", "vendor", "vendors"},
    {"loja", "lojas", "store", "stores", "filial", "filiais", "branch", "branches"},
    {"regiao", "regioes", "region", "regions"},
    {"nota", "notas", "avaliacao", "avaliacoes", "rating", "ratings", "score", "scores"},
    {"comentario", "comentarios", "comment", "comments", "review", "reviews", "feedback"},
    // Health care.
    {"paciente", "pacientes", "patient", "patients"},
    {"internacao", "internacoes", "internado", "internados", "internada", "internadas",
     "hospitalizacao", "hospitalizacoes", "hospitalization", "hospitalizations", "hospitalized",
     "admission", "admissions", "inpatient", "inpatients"},
    {"especialidade", "especialidades", "specialty", "specialties", "speciality"},
    {"medico", "medicos", "medica", "medicas", "doctor", "doctors", "physician", "physicians"},
    {"diagnostico", "diagnosticos", "diagnosis", "diagnoses"},
    {"convenio", "convenios", "seguradora", "seguradoras", "insurer", "insurers", "insurance",
     "payer", "payers"},
    {"obito", "obitos", "morte", "mortes", "death", "deaths", "died"},
    {"uti", "icu"},
    {"hospital", "hospitais", "hospitals"},
    {"conta", "contas", "bill", "bills", "fatura", "faturas", "invoice", "invoices"},
    {"conta", "contas", "account", "accounts"},
    {"tempo", "duracao", "permanencia", "duration", "stay", "time"},
    // Logistics.
    {"envio", "envios", "remessa", "remessas", "expedicao", "expedicoes", "shipment", "shipments",
     "consignment", "consignments"},
    {"frete", "fretes", "freight", "carriage", "shipping"},
    {"anual", "anuais", "annual", "yearly"},
    {"mensal", "mensais", "monthly"},
    {"semanal", "semanais", "weekly"},
    {"diario", "diaria", "diarios", "diarias", "daily"},
    {"transportadora", "transportadoras", "transportador", "carrier", "carriers", "courier",
     "couriers"},
    {"peso", "pesos", "weight", "weights"},
    {"pacote", "pacotes", "volume", "volumes", "caixa", "caixas", "package", "packages", "parcel",
     "parcels", "box", "boxes"},
    {"destino", "destinos", "destination", "destinations"},
    {"origem", "origens", "origin", "origins"},
    {"servico", "servicos", "service", "services"},
    {"transito", "transit"},
    {"perdido", "perdidos", "perdida", "perdidas", "extraviado", "extraviados", "lost"},
    {"atraso", "atrasos", "atrasado", "atrasados", "atrasada", "atrasadas", "late", "delay",
     "delays", "delayed"},
    {"rastreio", "rastreamento", "tracking"},
    {"distancia", "distancias", "distance", "distances"},
    // Subscriptions and accounts.
    {"assinatura", "assinaturas", "assinante", "assinantes", "subscription", "subscriptions",
     "subscriber", "subscribers"},
    {"plano", "planos", "plan", "plans", "tier", "tiers"},
    {"assento", "assentos", "licenca", "licencas", "seat", "seats", "license", "licenses"},
    {"ciclo", "ciclos", "cycle", "cycles", "periodicidade"},
    {"cobranca", "cobrancas", "billing"},
    {"industria", "industrias", "segmento", "segmentos", "setor", "setores", "industry",
     "industries", "segment", "segments", "vertical", "verticals"},
    {"empresa", "empresas", "companhia", "companhias", "company", "companies", "firm", "firms"},
    {"gerente", "gerentes", "manager", "managers", "gestor", "gestores"},
    {"inicio", "iniciada", "iniciadas", "iniciado", "iniciados", "comecou", "comecaram", "start",
     "started", "starts", "begin", "began"},
    // Education.
    {"aluno", "alunos", "aluna", "alunas", "estudante", "estudantes", "student", "students",
     "pupil", "pupils"},
    {"turma", "turmas", "classe", "classes", "class", "classroom", "classrooms"},
    {"disciplina", "disciplinas", "materia", "materias", "subject", "subjects"},
    {"curso", "cursos", "course", "courses"},
    {"nota", "notas", "grade", "grades", "mark", "marks"},
    {"falta", "faltas", "ausencia", "ausencias", "absence", "absences"},
    {"professor", "professores", "professora", "professoras", "teacher", "teachers"},
    {"escola", "escolas", "school", "schools"},
    {"semestre", "semestres", "semester", "semesters"},
    {"prova", "provas", "exame", "exames", "exam", "exams", "test", "tests"},
    // Finance and operations.
    {"despesa", "despesas", "gasto", "gastos", "expense", "expenses", "spend", "spending", "spent"},
    {"transacao", "transacoes", "transaction", "transactions"},
    {"saldo", "saldos", "balance", "balances"},
    {"taxa", "taxas", "tarifa", "tarifas", "fee", "fees", "rate", "rates"},
    {"imposto", "impostos", "tax", "taxes"},
    {"consumo", "consumption", "usage"},
    {"energia", "energy", "eletricidade", "electricity", "luz", "eletrica", "electric"},
    {"velocidade", "speed"},
    {"tamanho", "tamanhos", "size", "sizes"},
    {"cor", "cores", "color", "colors", "colour"},
    {"projeto", "projetos", "project", "projects"},
    {"tarefa", "tarefas", "task", "tasks"},
    {"chamado", "chamados", "ticket", "tickets"},
    {"equipe", "equipes", "team", "teams"},
    // Real estate.
    {"imovel", "imoveis", "propriedade", "propriedades", "property", "properties"},
    {"anuncio", "anuncios", "anunciado", "anunciados", "listing", "listings", "listed"},
    {"aluguel", "alugueis", "alugar", "alugado", "alugados", "locacao", "rent", "rental", "rentals",
     "lease", "leased"},
    {"quarto", "quartos", "dormitorio", "dormitorios", "bedroom", "bedrooms", "room", "rooms"},
    {"banheiro", "banheiros", "bathroom", "bathrooms"},
    {"vaga", "vagas", "garagem", "garagens", "parking", "garage"},
    {"condominio", "condominios", "condo", "hoa"},
    {"bairro", "bairros", "neighborhood", "neighborhoods", "neighbourhood", "district",
     "districts"},
    {"casa", "casas", "house", "houses"},
    {"apartamento", "apartamentos", "apartment", "apartments", "flat", "flats"},
    {"mobiliado", "mobiliados", "mobiliada", "furnished"},
    // Vehicles and trips.
    {"viagem", "viagens", "trip", "trips", "corrida", "corridas", "ride", "rides", "percurso",
     "percursos", "journey", "journeys"},
    {"veiculo", "veiculos", "vehicle", "vehicles", "carro", "carros", "car", "cars"},
    {"caminhao", "caminhoes", "truck", "trucks", "lorry"},
    {"motorista", "motoristas", "condutor", "condutores", "driver", "drivers"},
    {"combustivel", "combustiveis", "fuel", "gasolina", "gasoline", "diesel"},
    {"pedagio", "pedagios", "toll", "tolls"},
    {"carga", "cargas", "cargo", "load", "loads", "payload"},
    {"placa", "placas", "plate", "plates", "license plate"},
    {"saida", "partida", "departure", "departures", "departed"},
    {"chegada", "chegadas", "arrival", "arrivals", "arrived"},
    // Units named in questions ("800 km", "mais de 200 m²") and in column names (distanceKm).
    {"km", "kms", "quilometro", "quilometros", "kilometer", "kilometers", "kilometre", "kilometres",
     "quilometragem", "mileage"},
    {"kg", "kgs", "quilo", "quilos", "kilo", "kilos", "kilogram", "kilograms", "quilograma",
     "quilogramas"},
    {"litro", "litros", "liter", "liters", "litre", "litres"},
    {"minuto", "minutos", "minute", "minutes", "min", "mins"},
    {"m2", "m²", "metragem", "footage", "sqm"},
    {"tonelada", "toneladas", "ton", "tons", "tonne", "tonnes"},
    {"hectare", "hectares"},
    {"milimetro", "milimetros", "millimeter", "millimeters", "millimetre", "millimetres"},
    {"centimetro", "centimetros", "centimeter", "centimeters"},
    {"gigabyte", "gigabytes", "gb"},
    {"megabyte", "megabytes", "mb"},
    {"percentual", "porcentagem", "percentage", "percent", "pct"},
    {"satisfacao", "satisfeito", "satisfeitos", "satisfaction", "satisfied", "csat"},
    {"resolucao", "resolver", "resolvido", "resolvidos", "resolvida", "resolvidas", "solucao",
     "resolution", "resolve", "resolved", "solve", "solved"},
    {"prioridade", "prioridades", "priority", "priorities", "urgencia", "urgency"},
    {"agente", "agentes", "agent", "agents", "analista", "analistas", "analyst", "analysts"},
    // Restaurants and delivery.
    {"culinaria", "culinarias", "cozinha", "cozinhas", "gastronomia", "cuisine", "cuisines"},
    {"restaurante", "restaurantes", "restaurant", "restaurants", "lanchonete", "lanchonetes"},
    {"entregador", "entregadores", "entregadora", "motoboy", "motoboys", "rider", "riders",
     "deliverer"},
    {"cupom", "cupons", "coupon", "coupons", "voucher", "vouchers", "promocode"},
    {"prato", "pratos", "dish", "dishes", "refeicao", "refeicoes", "meal", "meals"},
    {"gorjeta", "gorjetas", "tip", "tips", "gratuity"},
    {"cardapio", "cardapios", "menu", "menus"},
    {"atendeu", "atenderam", "atendidos", "atendidas", "atendimento", "atendimentos", "handled",
     "served", "attended"},
    // Energy and utilities.
    {"medidor", "medidores", "meter", "meters", "hidrometro", "hidrometros", "relogio"},
    {"demanda", "demand"},
    {"potencia", "power"},
    {"interrupcao", "interrupcoes", "apagao", "apagoes", "queda", "quedas", "outage", "outages",
     "blackout", "blackouts", "interruption", "interruptions"},
    {"solar", "fotovoltaico", "fotovoltaica", "photovoltaic", "pv"},
    {"residencial", "residenciais", "residential", "household", "households"},
    {"comercial", "comerciais", "commercial"},
    {"industrial", "industriais"},
    // Finance and markets.
    {"acao", "acoes", "stock", "stocks", "share", "shares", "papel", "papeis", "equity",
     "equities"},
    {"ticker", "tickers", "simbolo", "simbolos", "symbol", "symbols"},
    {"fechamento", "fechou", "fecharam", "close", "closing", "closed"},
    {"abertura", "abriu", "abriram", "open", "opening", "opened"},
    {"negocio", "negocios", "negociacao", "negociacoes", "trade", "trades", "deal", "deals"},
    {"negociado", "negociada", "negociados", "negociadas", "negociar", "traded", "trading"},
    {"pregao", "pregoes", "sessao de negociacao", "trading day", "trading days"},
    {"cotacao", "cotacoes", "quote", "quotes", "quotation"},
    {"dividendo", "dividendos", "dividend", "dividends", "provento", "proventos"},
    {"carteira", "carteiras", "portfolio", "portfolios"},
    {"investimento", "investimentos", "investment", "investments", "aporte", "aportes"},
    {"juros", "interest"},
    {"emprestimo", "emprestimos", "loan", "loans", "financiamento", "financiamentos"},
    {"credito", "creditos", "credit", "credits"},
    {"debito", "debitos", "debit", "debits"},
    {"moeda", "moedas", "currency", "currencies"},
    {"inadimplencia", "inadimplente", "inadimplentes", "default", "defaulted", "delinquent"},
    // Retail.
    {"promocao", "promocoes", "promotion", "promotions", "oferta", "ofertas", "offer", "offers"},
    {"fornecimento", "reposicao", "restock", "replenishment"},
    {"prateleira", "prateleiras", "shelf", "shelves", "gondola"},
    // Health.
    {"consulta", "consultas", "appointment", "appointments", "atendimento medico"},
    {"leito", "leitos", "bed", "beds"},
    {"enfermeiro", "enfermeiros", "enfermeira", "enfermeiras", "nurse", "nurses"},
    {"medicamento", "medicamentos", "remedio", "remedios", "drug", "drugs", "medication",
     "medications", "medicine", "medicines"},
    {"cirurgia", "cirurgias", "surgery", "surgeries", "procedimento", "procedimentos", "procedure",
     "procedures"},
    {"vacina", "vacinas", "vaccine", "vaccines", "vacinacao", "vaccination"},
    // People and work.
    {"ferias", "vacation", "vacations", "leave"},
    {"demissao", "demissoes", "desligamento", "desligamentos", "demitido", "demitidos",
     "termination", "terminations", "terminated", "dismissed", "fired"},
    {"beneficio", "beneficios", "benefit", "benefits"},
    {"treinamento", "treinamentos", "capacitacao", "training", "trainings"},
    {"desempenho", "performance"},
    {"hora extra", "horas extras", "overtime"},
    {"bonus", "bonificacao", "premio", "premios"},
    // Education.
    {"matricula", "matriculas", "matriculado", "matriculados", "inscrito", "inscritos",
     "enrollment", "enrollments", "enrolled"},
    {"frequencia", "presenca", "presencas", "attendance"},
    {"aprovado", "aprovados", "aprovada", "aprovadas", "aprovacao", "passed", "approved"},
    {"reprovado", "reprovados", "reprovada", "reprovadas", "reprovacao", "flunked"},
    {"bolsa", "bolsas", "bolsista", "bolsistas", "scholarship", "scholarships"},
    {"mensalidade", "mensalidades", "tuition"},
    // Telecom.
    {"chamada", "chamadas", "ligacao", "ligacoes", "call", "calls", "telefonema"},
    {"operadora", "operadoras", "operator", "operators", "telco"},
    {"sinal", "signal"},
    {"torre", "torres", "antena", "antenas", "tower", "towers", "antenna", "antennas"},
    {"mensagem", "mensagens", "sms", "message", "messages", "text messages"},
    {"recarga", "recargas", "recharge", "recharges", "topup", "top-up"},
    {"internet", "banda larga", "broadband"},
    {"franquia", "allowance"},
    // Agriculture.
    {"safra", "safras", "colheita", "colheitas", "harvest", "harvests"},
    {"lavoura", "lavouras", "cultura", "culturas", "cultivo", "crop", "crops"},
    {"fazenda", "fazendas", "sitio", "farm", "farms", "ranch"},
    {"talhao", "talhoes", "field", "fields", "plot", "plots"},
    {"produtividade", "rendimento", "yield", "productivity"},
    {"producao", "produzido", "produzida", "produziu", "production", "produced", "output"},
    {"chuva", "chuvas", "precipitacao", "pluviosidade", "rainfall", "rain", "precipitation"},
    {"plantio", "plantio", "semeadura", "planting", "sowing", "planted"},
    {"rebanho", "rebanhos", "gado", "herd", "herds", "cattle", "livestock"},
    {"soja", "soy", "soybean", "soybeans"},
    {"milho", "corn", "maize"},
    {"cafe", "coffee"},
    {"trigo", "wheat"},
    {"algodao", "cotton"},
    {"fertilizante", "fertilizantes", "adubo", "adubos", "fertilizer", "fertilizers"},
};

struct SuperlativeEntry {
  const char* word;
  const char* measure_words;  // words matched against columns, space-separated, best first
  bool more_is_higher;
  bool counts_rows;
};
constexpr SuperlativeEntry kSuperlatives[] = {
    {"caro", "price cost", true, false},
    {"cara", "price cost", true, false},
    {"caros", "price cost", true, false},
    {"caras", "price cost", true, false},
    {"expensive", "price cost", true, false},
    {"pricey", "price cost", true, false},
    {"priciest", "price cost", true, false},
    {"costly", "price cost", true, false},
    {"barato", "price cost", false, false},
    {"barata", "price cost", false, false},
    {"baratos", "price cost", false, false},
    {"baratas", "price cost", false, false},
    {"cheap", "price cost", false, false},
    {"cheapest", "price cost", false, false},
    {"velho", "age", true, false},
    {"velha", "age", true, false},
    {"velhos", "age", true, false},
    {"velhas", "age", true, false},
    {"idoso", "age", true, false},
    {"old", "age", true, false},
    {"oldest", "age", true, false},
    {"novo", "age", false, false},
    {"nova", "age", false, false},
    {"novos", "age", false, false},
    {"novas", "age", false, false},
    {"jovem", "age", false, false},
    {"jovens", "age", false, false},
    {"young", "age", false, false},
    {"youngest", "age", false, false},
    {"pesado", "weight", true, false},
    {"pesada", "weight", true, false},
    {"pesados", "weight", true, false},
    {"pesadas", "weight", true, false},
    {"heavy", "weight", true, false},
    {"heaviest", "weight", true, false},
    {"leve", "weight", false, false},
    {"leves", "weight", false, false},
    {"light", "weight", false, false},
    {"lightest", "weight", false, false},
    {"quente", "temperature", true, false},
    {"quentes", "temperature", true, false},
    {"hot", "temperature", true, false},
    {"hottest", "temperature", true, false},
    {"warmest", "temperature", true, false},
    {"frio", "temperature", false, false},
    {"fria", "temperature", false, false},
    {"frios", "temperature", false, false},
    {"frias", "temperature", false, false},
    {"cold", "temperature", false, false},
    {"coldest", "temperature", false, false},
    {"lento", "duration", true, false},
    {"lenta", "duration", true, false},
    {"lentos", "duration", true, false},
    {"lentas", "duration", true, false},
    {"slow", "duration", true, false},
    {"slowest", "duration", true, false},
    {"rapido", "duration", false, false},
    {"rapida", "duration", false, false},
    {"rapidos", "duration", false, false},
    {"rapidas", "duration", false, false},
    {"fast", "duration", false, false},
    {"fastest", "duration", false, false},
    {"quick", "duration", false, false},
    {"quickest", "duration", false, false},
    {"demorado", "duration", true, false},
    {"demorada", "duration", true, false},
    {"demorados", "duration", true, false},
    {"demoradas", "duration", true, false},
    {"longest", "duration", true, false},
    {"shortest", "duration", false, false},
    {"vendido", "sale", true, true},
    {"vendidos", "sale", true, true},
    {"vendida", "sale", true, true},
    {"vendidas", "sale", true, true},
    {"sold", "sale", true, true},
    {"selling", "sale", true, true},
    {"comprado", "sale", true, true},
    {"comprados", "sale", true, true},
    {"purchased", "sale", true, true},
    {"popular", "sale", true, true},
    {"populares", "sale", true, true},
    {"comum", "", true, true},
    {"comuns", "", true, true},
    {"frequente", "", true, true},
    {"frequentes", "", true, true},
    {"common", "", true, true},
    {"frequent", "", true, true},
    {"busiest", "", true, true},
    {"movimentado", "", true, true},
    {"movimentada", "", true, true},
    {"movimentados", "", true, true},
    {"movimentadas", "", true, true},
};

// Comparatives that imply a measure ("heavier than" -> weight): the adjective of a comparison cue.
struct ComparativeEntry {
  const char* word;
  const char* base;  // the entry of kSuperlatives with the same measure
};
constexpr ComparativeEntry kComparatives[] = {
    {"older", "old"},     {"younger", "young"},  {"heavier", "heavy"},  {"lighter", "light"},
    {"hotter", "hot"},    {"colder", "cold"},    {"longer", "longest"}, {"shorter", "shortest"},
    {"cheaper", "cheap"}, {"pricier", "pricey"}, {"slower", "slow"},    {"faster", "fast"},
    {"quicker", "quick"},
};

constexpr const char* kRevenueWords[] = {
    "receita",  "receitas", "faturamento", "faturado", "faturou", "faturaram", "faturamos",
    "vendeu",   "venderam", "vendemos",    "vende",    "vendem",  "revenue",   "revenues",
    "turnover", "gmv",      "income",      "ticket",   "billings"};

// Country names in both languages (a value stored in one is asked for in the other).
const std::vector<std::vector<std::string>> kValueAliases = {
    {"brasil", "brazil"},
    {"japao", "japan"},
    {"estados unidos", "united states", "eua", "usa", "us"},
    {"alemanha", "germany"},
    {"franca", "france"},
    {"espanha", "spain"},
    {"reino unido", "united kingdom", "uk", "inglaterra", "england"},
    {"coreia do sul", "south korea", "korea"},
    {"australia"},
    {"belgica", "belgium"},
    {"polonia", "poland"},
    {"colombia"},
    {"austria"},
    {"italia", "italy"},
    {"portugal"},
    {"argentina"},
    {"mexico"},
    {"canada"},
    {"india"},
    {"chile"},
    {"china"},
    {"holanda", "netherlands", "paises baixos"},
    {"suica", "switzerland"},
    {"russia"},
    {"africa do sul", "south africa"},
    {"nova zelandia", "new zealand"},
    {"irlanda", "ireland"},
    {"suecia", "sweden"},
    {"noruega", "norway"},
    {"dinamarca", "denmark"},
    {"grecia", "greece"},
    {"turquia", "turkey"},
    {"egito", "egypt"},
    {"peru"},
    {"uruguai", "uruguay"},
    {"paraguai", "paraguay"},
    {"bolivia"},
    {"venezuela"},
    {"equador", "ecuador"},
    // Brazilian states: the code and the name name the same value.
    {"ac", "acre"},
    {"al", "alagoas"},
    {"ap", "amapa"},
    {"am", "amazonas"},
    {"ba", "bahia"},
    {"ce", "ceara"},
    {"df", "distrito federal"},
    {"es", "espirito santo"},
    {"go", "goias"},
    {"ma", "maranhao"},
    {"mt", "mato grosso"},
    {"ms", "mato grosso do sul"},
    {"mg", "minas gerais", "minas"},
    {"pb", "paraiba"},
    {"pr", "parana"},
    {"pe", "pernambuco"},
    {"pi", "piaui"},
    {"rj", "rio de janeiro"},
    {"rn", "rio grande do norte"},
    {"rs", "rio grande do sul"},
    {"ro", "rondonia"},
    {"rr", "roraima"},
    {"sc", "santa catarina"},
    {"sp", "sao paulo"},
    {"se", "sergipe"},
    {"to", "tocantins"},
    // US states.
    {"al", "alabama"},
    {"ak", "alaska"},
    {"az", "arizona"},
    {"ar", "arkansas"},
    {"ca", "california"},
    {"co", "colorado"},
    {"ct", "connecticut"},
    {"de", "delaware"},
    {"fl", "florida"},
    {"ga", "georgia"},
    {"hi", "hawaii"},
    {"id", "idaho"},
    {"il", "illinois"},
    {"in", "indiana"},
    {"ia", "iowa"},
    {"ks", "kansas"},
    {"ky", "kentucky"},
    {"la", "louisiana"},
    {"me", "maine"},
    {"md", "maryland"},
    {"ma", "massachusetts"},
    {"mi", "michigan"},
    {"mn", "minnesota"},
    {"ms", "mississippi"},
    {"mo", "missouri"},
    {"mt", "montana"},
    {"ne", "nebraska"},
    {"nv", "nevada"},
    {"nh", "new hampshire"},
    {"nj", "new jersey"},
    {"nm", "new mexico"},
    {"ny", "new york"},
    {"nc", "north carolina"},
    {"nd", "north dakota"},
    {"oh", "ohio"},
    {"ok", "oklahoma"},
    {"or", "oregon"},
    {"pa", "pennsylvania"},
    {"ri", "rhode island"},
    {"sc", "south carolina"},
    {"sd", "south dakota"},
    {"tn", "tennessee"},
    {"tx", "texas"},
    {"ut", "utah"},
    {"vt", "vermont"},
    {"va", "virginia"},
    {"wa", "washington"},
    {"wv", "west virginia"},
    {"wi", "wisconsin"},
    {"wy", "wyoming"},
};

struct CueIndex {
  // First word -> entries (phrase split in words), longest first.
  std::map<std::string, std::vector<std::pair<std::vector<std::string>, CueMatch>>, std::less<>>
      by_first;
};

const CueIndex& Index() {
  static const CueIndex index = [] {
    CueIndex idx;
    auto add = [&](std::string_view phrase, CueMatch m) {
      std::vector<std::string> words;
      for (auto w : Split(phrase, ' ')) words.emplace_back(w);
      m.length = words.size();
      idx.by_first[words[0]].emplace_back(words, m);
    };
    for (const auto& c : kCues) add(c.phrase, CueMatch{c.cue, c.value, 0});
    for (const auto& m : kMonths) add(m.name, CueMatch{Cue::kMonth, m.month, 0});
    for (auto& [first, entries] : idx.by_first) {
      std::stable_sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) {
        return a.first.size() > b.first.size();
      });
    }
    return idx;
  }();
  return index;
}

}  // namespace

std::optional<CueMatch> MatchCue(const std::vector<std::string>& folded, size_t pos, Language) {
  const auto& idx = Index();
  auto it = idx.by_first.find(folded[pos]);
  if (it == idx.by_first.end()) return std::nullopt;
  for (const auto& [words, match] : it->second) {
    if (pos + words.size() > folded.size()) continue;
    bool ok = true;
    for (size_t k = 1; k < words.size() && ok; ++k) ok = folded[pos + k] == words[k];
    if (ok) return match;
  }
  return std::nullopt;
}

bool IsStopword(std::string_view folded) {
  static const std::set<std::string, std::less<>> words(std::begin(kStopwords),
                                                        std::end(kStopwords));
  return words.count(folded) > 0;
}

const std::vector<std::string>& Synonyms(std::string_view folded) {
  static const std::map<std::string, std::vector<std::string>, std::less<>> index = [] {
    std::map<std::string, std::vector<std::string>, std::less<>> idx;
    for (const auto& group : kSynonymGroups) {
      for (const auto& w : group) {
        auto& list = idx[w];
        for (const auto& other : group) {
          if (std::find(list.begin(), list.end(), other) == list.end()) list.push_back(other);
        }
      }
    }
    return idx;
  }();
  static const std::vector<std::string> kEmpty;
  auto it = index.find(folded);
  return it == index.end() ? kEmpty : it->second;
}

const std::vector<std::string>* UnitMeasure(std::string_view folded) {
  struct Unit {
    std::vector<std::string> words;
    std::vector<std::string> measure;
  };
  static const std::vector<Unit> kUnits = {
      {{"km", "kms", "quilometro", "quilometros", "kilometer", "kilometers", "kilometre",
        "kilometres", "miles", "milhas"},
       {"km", "distance"}},
      {{"kg", "kgs", "quilo", "quilos", "kilo", "kilos", "kilogram", "kilograms", "quilograma",
        "quilogramas", "toneladas", "tons"},
       {"kg", "weight"}},
      {{"m2", "m²", "metros quadrados", "square meters"}, {"area", "m2"}},
      {{"metro", "metros", "meters", "metres", "m"}, {"level", "meters", "height", "distance"}},
      {{"minuto", "minutos", "minute", "minutes", "min", "mins"}, {"minutes", "duration"}},
      {{"hora", "horas", "hour", "hours", "h"}, {"hours", "duration"}},
      {{"dia", "dias", "day", "days"}, {"days", "duration"}},
      {{"ano", "anos", "year", "years"}, {"age"}},
      {{"reais", "real", "r$", "brl", "dolares", "dollars", "usd", "euros", "eur"},
       {"price", "amount", "value", "cost"}},
      {{"litro", "litros", "liter", "liters", "litre", "litres"}, {"liters", "fuel"}},
      {{"graus", "grau", "degrees", "celsius"}, {"temperature"}},
      {{"itens", "items", "unidades", "units"}, {"items", "quantity"}},
  };
  for (const auto& u : kUnits) {
    if (std::find(u.words.begin(), u.words.end(), folded) != u.words.end()) return &u.measure;
  }
  return nullptr;
}

const std::vector<std::string>* UnitQuantity(std::string_view folded) {
  struct Quantity {
    std::vector<std::string> units;
    std::vector<std::string> words;
  };
  static const std::vector<Quantity> kQuantities = {
      {{"kwh", "mwh", "wh", "gwh"}, {"energia", "consumo"}},
      {{"kw", "mw", "kva"}, {"demanda", "potencia"}},
      {{"km", "kms", "mi", "miles", "milhas"}, {"distancia"}},
      {{"kg", "kgs", "ton", "tons", "toneladas", "lb", "lbs"}, {"peso"}},
      {{"m2", "sqm", "sqft", "ft2", "hectares", "ha"}, {"area"}},
      {{"l", "litros", "liters", "litres"}, {"litros"}},
      {{"gb", "mb", "tb"}, {"trafego", "consumo"}},
      {{"mbps", "gbps"}, {"velocidade"}},
  };
  for (const auto& q : kQuantities) {
    if (std::find(q.units.begin(), q.units.end(), folded) != q.units.end()) return &q.words;
  }
  return nullptr;
}

bool IsUnitWord(std::string_view folded) {
  static const std::set<std::string, std::less<>> kUnits = {
      "min",  "mins", "minutos", "minutes", "seg",   "sec",     "secs",  "seconds", "h",
      "hrs",  "km",   "kms",     "kg",      "kgs",   "m",       "m2",    "cm",      "mm",
      "l",    "ml",   "r",       "rs",      "brl",   "usd",     "eur",   "pct",     "perc",
      "kwh",  "kw",   "mwh",     "gb",      "mb",    "mbps",    "ton",   "tons",    "lb",
      "lbs",  "sqm",  "sqft",    "ft",      "reais", "dolares", "hours", "horas",   "segundos",
      "dias", "days", "t",       "ha"};
  return kUnits.count(folded) > 0;
}

const std::string* SpelledUnit(std::string_view folded) {
  static const std::map<std::string, std::string, std::less<>> kSpelled = {
      {"t", "toneladas"},  {"ton", "toneladas"},  {"tons", "toneladas"},  {"kg", "quilos"},
      {"kgs", "quilos"},   {"km", "quilometros"}, {"kms", "quilometros"}, {"h", "horas"},
      {"hrs", "horas"},    {"min", "minutos"},    {"mins", "minutos"},    {"seg", "segundos"},
      {"sec", "segundos"}, {"mm", "milimetros"},  {"cm", "centimetros"},  {"ha", "hectares"},
      {"l", "litros"},     {"ml", "mililitros"},  {"m", "metros"},        {"kwh", "quilowatts"},
      {"r", "reais"},      {"rs", "reais"},       {"brl", "reais"},       {"usd", "dolares"},
      {"gb", "gigabytes"}, {"mb", "megabytes"},   {"pct", "percentual"}};
  auto it = kSpelled.find(folded);
  return it == kSpelled.end() ? nullptr : &it->second;
}

const std::vector<std::string>& SynonymsOfStem(std::string_view folded, Language language) {
  // Stems of every listed word in both languages -> the union of their groups. Short stems
  // ("temp" of "tempo", "cas" of "casa") say too little to stand for a word.
  static const std::map<std::string, std::vector<std::string>, std::less<>> index = [] {
    std::map<std::string, std::vector<std::string>, std::less<>> idx;
    for (const auto& group : kSynonymGroups) {
      for (const auto& w : group) {
        for (Language l : {Language::kPortuguese, Language::kEnglish}) {
          const std::string stem = Stem(w, l);
          if (stem.size() < 5) continue;
          auto& list = idx[stem];
          for (const auto& other : group) {
            if (std::find(list.begin(), list.end(), other) == list.end()) list.push_back(other);
          }
        }
      }
    }
    return idx;
  }();
  static const std::vector<std::string> kEmpty;
  const std::string stem = Stem(folded, language);
  if (stem.size() < 5) return kEmpty;
  auto it = index.find(stem);
  return it == index.end() ? kEmpty : it->second;
}

std::optional<Superlative> SuperlativeAdjective(std::string_view folded) {
  for (const auto& c : kComparatives) {
    if (folded == c.word) folded = c.base;
  }
  for (const auto& s : kSuperlatives) {
    if (folded != s.word) continue;
    Superlative out{{}, s.more_is_higher, s.counts_rows};
    for (auto w : Split(s.measure_words, ' ')) {
      if (!w.empty()) out.measure_words.emplace_back(w);
    }
    return out;
  }
  return std::nullopt;
}

const std::vector<std::string>& ValueAliases(std::string_view folded_value) {
  static const std::map<std::string, std::vector<std::string>, std::less<>> index = [] {
    std::map<std::string, std::vector<std::string>, std::less<>> idx;
    for (const auto& group : kValueAliases) {
      for (const auto& name : group) {
        for (const auto& other : group) {
          if (other != name) idx[name].push_back(other);
        }
      }
    }
    return idx;
  }();
  static const std::vector<std::string> kNone;
  auto it = index.find(folded_value);
  return it == index.end() ? kNone : it->second;
}

bool IsRevenueWord(std::string_view folded) {
  if (std::find(std::begin(kRevenueWords), std::end(kRevenueWords), folded) !=
      std::end(kRevenueWords)) {
    return true;
  }
  // Any inflection of "faturar" (to turn over): faturamos, faturaria, faturamento; not the noun
  // "fatura" (an invoice).
  return folded.starts_with("fatur") && folded != "fatura" && folded != "faturas";
}

}  // namespace sagaz::nlq::internal
