// NL→SQL: a question in Portuguese or English becomes a plan (which table, measure, aggregation,
// grouping, filters, ordering) and two SQL statements derived from it:
//   - projection_sql: columns and filters only, for the strict policy: Sagaz's statistics engine
//   computes
//     the aggregation from these rows;
//   - answer_sql: the same question answered in SQL with aggregates (standard policy, evaluation).
//
// Two implementations sit behind this header: the builtin deterministic semantic parser
// (ParseQuestion, no model needed) and the model-backed one in src/ask, which produces the same
// Plan.
//
// Thread-safe: ParseQuestion keeps no state between calls.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/error.hpp"

namespace sagaz::nlq {

enum class Language { kPortuguese, kEnglish };
std::string_view ToString(Language language);
Result<Language> ParseLanguage(std::string_view text);  // "pt", "pt-BR", "en", ...
// Portuguese or English, from the words used.
Language DetectLanguage(std::string_view question);

// ---- What the parser knows about the data
// ------------------------------------------------------------

enum class ColumnKind { kInteger, kNumber, kText, kTime, kBoolean, kOther };

struct SchemaColumn {
  std::string name;
  std::string type;  // SQL type name
  ColumnKind kind = ColumnKind::kOther;
  std::string description;
  std::string original_name;
  bool is_identifier = false;       // id, *_id: never a measure
  std::vector<std::string> values;  // distinct values of low-cardinality text columns
  int64_t distinct = 0;
  std::optional<std::string> min_time;  // time columns: range of the data (ISO-8601)
  std::optional<std::string> max_time;
};

struct SchemaTable {
  std::string name;
  std::string description;
  int64_t rows = 0;
  std::vector<SchemaColumn> columns;
};

// A many-to-one link: from_table.from_column references to_table.to_column.
struct Relation {
  std::string from_table;
  std::string from_column;
  std::string to_table;
  std::string to_column;
};

namespace internal {
struct SchemaIndex;
}

// The parser's view of a Schema (its words and values prepared for matching), built on the first
// question and kept with the Schema. Copies and moves start without one. Thread-safe.
class SchemaIndexCache {
 public:
  SchemaIndexCache() = default;
  SchemaIndexCache(const SchemaIndexCache&) {}
  SchemaIndexCache& operator=(const SchemaIndexCache&) {
    std::lock_guard lock(mu_);
    index_.reset();
    return *this;
  }

 private:
  friend struct Schema;
  mutable std::mutex mu_;
  mutable std::shared_ptr<const internal::SchemaIndex> index_;  // guarded by mu_
  mutable const void* built_for_ = nullptr;                     // tables.data() it points into
  mutable size_t built_size_ = 0;
};

struct Schema {
  std::vector<SchemaTable> tables;
  std::vector<Relation> relations;
  // Do not change a Schema's tables after reading questions with it (copy it instead): the index
  // points into them.
  SchemaIndexCache index_cache;

  const SchemaTable* Find(std::string_view table) const;
  const SchemaColumn* Find(std::string_view table, std::string_view column) const;
  // The prepared words and values, built once.
  std::shared_ptr<const internal::SchemaIndex> Index() const;
};

// Links between tables inferred from names: orders.user_id -> users.id, order_items.order_id ->
// orders.order_id, inventory_items.product_distribution_center_id -> distribution_centers.id.
std::vector<Relation> InferRelations(const std::vector<SchemaTable>& tables);

// ---- The plan
// ----------------------------------------------------------------------------------------

enum class Aggregate {
  kNone,
  kCount,
  kCountDistinct,
  kSum,
  kMean,
  kMedian,
  kMin,
  kMax,
  kStdDev,
  kVariance
};
std::string_view ToString(Aggregate agg);

enum class Bucket { kNone, kHour, kDay, kWeek, kMonth, kQuarter, kYear, kDayOfWeek };
std::string_view ToString(Bucket bucket);

// What the answer looks like.
enum class Shape {
  kScalar,    // one number: count, sum, mean, ... over the filtered rows
  kDescribe,  // the statistics of one measure
  kGrouped,   // one number per category
  kSeries,    // a measure over time: raw points or one number per period
  kTop,       // the N largest (or smallest) groups or rows
  kRows,      // the rows themselves
};
std::string_view ToString(Shape shape);
std::optional<Aggregate> AggregateFromName(std::string_view text);  // "mean", "avg", "count", ...
std::optional<Bucket> BucketFromName(std::string_view text);        // "month", "day_of_week", ...
std::optional<Shape> ShapeFromName(std::string_view text);          // "scalar", "series", ...

struct ColumnRef {
  std::string table;
  std::string column;
  bool operator==(const ColumnRef&) const = default;
};

using Literal = std::variant<int64_t, double, std::string>;

struct Filter {
  enum class Op {
    kEq,
    kIn,
    kNe,  // "não cancelados", "not from Brasil"
    kNotIn,
    kGt,
    kGe,
    kLt,
    kLe,
    kBetween,
    kIsNull,
    kIsNotNull,
    kIsTrue,
    kIsFalse,
    kTimeFrom,
    kTimeBefore
  };
  ColumnRef column;
  Op op = Op::kEq;
  std::vector<Literal> values;  // kTimeFrom/kTimeBefore: ISO-8601 timestamps
  std::string phrase;           // the words of the question it came from
};

struct Join {
  std::string table;
  ColumnRef left;   // column of a table already in the query
  ColumnRef right;  // column of `table`
};

// One thing the parser understood, for the interpretation shown to people.
struct Match {
  std::string phrase;  // words of the question
  std::string role;    // table, measure, aggregate, group, time, filter, order, limit
  std::string target;  // what they matched: "orders", "order_items.sale_price", "sum", "> 4"
};

struct Plan {
  Language language = Language::kPortuguese;
  Shape shape = Shape::kRows;
  std::string table;  // the table the rows come from
  std::vector<Join> joins;
  Aggregate aggregate = Aggregate::kNone;
  std::optional<ColumnRef> measure;  // the numeric column summarized; none for counts of rows
  std::optional<ColumnRef> group;    // category column (kGrouped, kTop)
  std::optional<ColumnRef> label;  // for row-level tops: the column naming each row (products.name)
  std::optional<ColumnRef> time;   // time column (kSeries, time filters)
  Bucket bucket = Bucket::kNone;
  // A count per thing, then summarized (kScalar): "em média, quantos itens tem um pedido" counts
  // the rows per value of `per` (order_items.order_id) and `aggregate` (mean) is taken of those
  // counts.
  std::optional<ColumnRef> per;
  std::vector<Filter> filters;
  std::optional<int64_t> limit;
  bool descending = true;
  // A condition written by a language model, in SQL over "table"."column" names; ANDed with the
  // filters. It is untrusted: the whole statement passes the SQL guard before it runs.
  std::string where_sql;
  std::vector<std::string> extra_tables;  // tables where_sql needs joined (AddJoins links them)

  std::string projection_sql;  // strict: columns and filters only
  std::string answer_sql;      // standard: aggregated answer
  std::vector<Match> interpretation;
  double confidence = 0;           // 0..1
  std::vector<std::string> notes;  // assumptions worth telling the user
};

struct ParseOptions {
  std::optional<Language> language;    // detected when absent
  std::optional<std::string> dataset;  // restrict to this table (and tables it links to)
};

// What the builtin parser read in a question: its best plan and close readings over other tables.
// `unsure` when the best reading explains too little of the question to answer without asking.
struct Reading {
  Plan plan;
  std::vector<Plan> alternatives;  // rendered, best first, at most 3
  bool unsure = false;
  // Words of the question the plan does not use that looked like a value, a column, a number or a
  // condition (each lowered the confidence), as written.
  std::vector<std::string> unexplained;
};

// Errors: kInvalidArgument when nothing in the question matches the data (details "reason"),
// kFailedPrecondition when there are no datasets, kNotFound for an unknown options.dataset.
Result<Reading> ReadQuestion(std::string_view question, const Schema& schema,
                             const ParseOptions& options);

// The best plan; when the parser is unsure, fails with kInvalidArgument, a message saying so
// (UnsureMessage) and details "candidates" listing the tables the question might refer to.
Result<Plan> ParseQuestion(std::string_view question, const Schema& schema,
                           const ParseOptions& options);
std::string UnsureMessage(Language language);

// Fills projection_sql and answer_sql from the other fields (used by the model-backed parser too).
// Columns are qualified by their table's name ("orders"."status"), so where_sql can name them the
// same way.
Status RenderSql(const Schema& schema, Plan& plan);

// Adds the joins that link every table the plan refers to (columns, filters, extra_tables) to its
// main table, through the schema's many-to-one relations. kInvalidArgument when a table has no
// link.
Status AddJoins(const Schema& schema, Plan& plan);

// How relevant each table and column is to a question, from the words it shares with their names,
// descriptions and values (the builtin parser's matching). For the schema context of a model.
struct Relevance {
  struct Column {
    std::string name;
    double score = 0;
    std::vector<std::string> values;  // values of the column the question names
  };
  struct Table {
    std::string name;
    double score = 0;
    std::vector<Column> columns;  // mentioned columns, best first
  };
  std::vector<Table> tables;  // every table, most relevant first
};
Relevance RankSchema(std::string_view question, const Schema& schema, Language language);

}  // namespace sagaz::nlq
