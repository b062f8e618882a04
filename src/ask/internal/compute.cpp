#include "ask/internal/compute.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <unordered_set>

#include "ask/internal/messages.hpp"
#include "core/ids.hpp"
#include "core/log.hpp"
#include "core/strings.hpp"
#include "sql/query.hpp"
#include "stats/reader.hpp"

namespace sagaz::ask::internal {
namespace {

using internal::Msg;
using internal::Say;
using nlq::Aggregate;
using nlq::Shape;

constexpr size_t kListedRows = 100;      // rows of a listing kept for the answer
constexpr size_t kMaxRankedRows = 1000;  // rows of a row-level ranking
constexpr size_t kChartPoints = 1500;    // points of a line chart
constexpr size_t kTableGroups = 1000;    // groups listed in the answer's table

insights::Locale LocaleOf(nlq::Language language) {
  return language == nlq::Language::kPortuguese ? insights::Locale::kPtBr : insights::Locale::kEn;
}

// The statistics of an answer's measure: the default summary, Tukey outliers and, where the chart
// draws one, a histogram.
stats::SummaryOptions AnswerStats(bool histogram = true) {
  stats::SummaryOptions o;
  o.stats = stats::DefaultStats();
  o.stats.Add(stats::Stat::kOutliersIqr);
  if (histogram) o.stats.Add(stats::Stat::kHistogram);
  o.histogram.max_bins = 40;
  return o;
}

// Per group: what a bar, a box and a comparison need.
stats::SummaryOptions GroupStats() {
  stats::SummaryOptions o;
  o.stats = stats::SeedStats();
  o.stats.Add(stats::Stat::kSum).Add(stats::Stat::kVariance);
  return o;
}

std::optional<double> Pick(const stats::Summary& s, Aggregate agg) {
  switch (agg) {
    case Aggregate::kCount:
      return static_cast<double>(s.rows);
    case Aggregate::kSum:
      return s.count ? s.sum : std::optional<double>();
    case Aggregate::kMean:
      return s.mean;
    case Aggregate::kMedian:
    case Aggregate::kNone:
      return s.median;
    case Aggregate::kMin:
      return s.min;
    case Aggregate::kMax:
      return s.max;
    case Aggregate::kStdDev:
      return s.std_dev;
    case Aggregate::kVariance:
      return s.variance;
    case Aggregate::kCountDistinct:
      return s.distinct ? std::optional<double>(static_cast<double>(*s.distinct)) : std::nullopt;
  }
  return std::nullopt;
}

std::string ValueLabel(const db::Value& v, nlq::Language language) {
  if (std::holds_alternative<std::monostate>(v)) return Say(Msg::kEmptyValue, language);
  if (const auto* b = std::get_if<bool>(&v)) return Say(*b ? Msg::kYes : Msg::kNo, language);
  if (const auto* i = std::get_if<int64_t>(&v)) return std::to_string(*i);
  if (const auto* u = std::get_if<uint64_t>(&v)) return std::to_string(*u);
  if (const auto* d = std::get_if<double>(&v)) return FormatNumber(*d, LocaleOf(language), 6);
  return std::get<std::string>(v);
}

// Days since the epoch back to ISO text, in the precision of the column.
std::string IsoOfDays(double days, const db::LogicalType& type) {
  if (type.id == db::TypeId::kDate) return db::FormatDate(static_cast<int32_t>(std::floor(days)));
  return db::FormatTimestamp(static_cast<int64_t>(std::llround(days * 86400e6)));
}

db::Column NewColumn(std::string name, db::TypeId id, std::string type_name) {
  db::Column c;
  c.name = std::move(name);
  c.type.id = id;
  c.type.name = std::move(type_name);
  return c;
}
db::Column DoubleColumn(std::string name) {
  return NewColumn(std::move(name), db::TypeId::kDouble, "DOUBLE");
}

// Reads the columns a plan needs from a scan: one numeric (or time) measure, group keys, distinct
// value keys, a time axis, and the first rows in full for listings.
class Reader {
 public:
  std::optional<size_t> numeric_col;
  std::optional<size_t> key_col;
  std::optional<size_t> value_key_col;  // count_distinct
  std::optional<size_t> time_col;
  size_t keep = 0;
  nlq::Language language = nlq::Language::kPortuguese;  // of error messages

  std::vector<db::Column> columns;
  stats::NumericColumn numeric;
  bool numeric_is_time = false;
  stats::InstantColumn time;
  stats::KeyColumn keys;
  stats::KeyColumn value_keys;
  std::vector<std::vector<db::Value>> kept;

  // Rows the scan will deliver: columns allocate once instead of growing.
  void Expect(size_t rows) { expected_ = rows; }

  Status Visit(const std::vector<db::Column>& cols, const db::DataChunk& chunk, size_t rows) {
    if (!ready_) SAGAZ_TRY(Setup(cols));
    if (numeric_col) {
      const auto v = chunk.column(*numeric_col).Prefix(rows);
      if (numeric_is_time) {
        stats::AppendTime(numeric, v);
      } else {
        stats::AppendNumeric(numeric, v);
      }
    }
    if (time_col) time.Add(chunk.column(*time_col).Prefix(rows));
    if (key_col) keys.Add(chunk.column(*key_col).Prefix(rows));
    if (value_key_col) value_keys.Add(chunk.column(*value_key_col).Prefix(rows));
    for (size_t r = 0; r < rows && kept.size() < keep; ++r) {
      std::vector<db::Value> row;
      row.reserve(cols.size());
      for (size_t c = 0; c < cols.size(); ++c) {
        const auto v = chunk.column(c);
        row.push_back(v.validity().IsValid(r) ? v.GetValue(r) : db::Value());
      }
      kept.push_back(std::move(row));
    }
    return Ok();
  }

  // After the scan: a query that returned no row delivered no chunk, so the columns come from the
  // result's description (every shape reads `columns`, and the types are checked the same way).
  Status Finish(const std::vector<db::Column>& cols) {
    if (!ready_) SAGAZ_TRY(Setup(cols));
    return Ok();
  }

 private:
  Status Setup(const std::vector<db::Column>& cols) {
    columns = cols;
    auto need = [&](std::optional<size_t> i) -> Status {
      if (i && *i >= cols.size()) {
        return Fail(ErrorCode::kInvalidArgument,
                    Say(Msg::kFewerColumns, language, {std::to_string(cols.size())}));
      }
      return Ok();
    };
    SAGAZ_TRY(need(numeric_col));
    SAGAZ_TRY(need(key_col));
    SAGAZ_TRY(need(value_key_col));
    SAGAZ_TRY(need(time_col));
    if (numeric_col) {
      const auto& t = cols[*numeric_col].type;
      if (stats::IsTimeType(t)) {
        numeric_is_time = true;
        numeric = stats::NumericColumn(stats::NumericType::kFloat64);
      } else if (t.IsNumeric()) {
        numeric = stats::NumericColumn(stats::StorageFor(t));
      } else {
        return Fail(Error(ErrorCode::kInvalidArgument,
                          Say(Msg::kNotANumber, language, {cols[*numeric_col].name, t.name}))
                        .With("column", cols[*numeric_col].name));
      }
    }
    if (time_col && !stats::IsTimeType(cols[*time_col].type)) {
      return Fail(
          Error(ErrorCode::kInvalidArgument,
                Say(Msg::kNotATime, language, {cols[*time_col].name, cols[*time_col].type.name}))
              .With("column", cols[*time_col].name));
    }
    if (numeric_col) numeric.Reserve(expected_);
    if (time_col) time.Reserve(expected_);
    if (key_col) keys.Reserve(expected_);
    if (value_key_col) value_keys.Reserve(expected_);
    ready_ = true;
    return Ok();
  }
  bool ready_ = false;
  size_t expected_ = 0;
};

// The engine's calendar period of a plan's bucket (none for weekdays and raw series).
std::optional<stats::Period> PeriodOf(nlq::Bucket bucket) {
  switch (bucket) {
    case nlq::Bucket::kHour:
      return stats::Period::kHour;
    case nlq::Bucket::kDay:
      return stats::Period::kDay;
    case nlq::Bucket::kWeek:
      return stats::Period::kWeek;
    case nlq::Bucket::kMonth:
      return stats::Period::kMonth;
    case nlq::Bucket::kQuarter:
      return stats::Period::kQuarter;
    case nlq::Bucket::kYear:
      return stats::Period::kYear;
    case nlq::Bucket::kDayOfWeek:
    case nlq::Bucket::kNone:
      return std::nullopt;
  }
  return std::nullopt;
}

// One value per group, from the rows of each group.
struct GroupValues {
  std::vector<std::optional<double>> value;
  std::vector<int64_t> rows;
  std::vector<std::optional<stats::Summary>> summary;
};

Result<GroupValues> AggregateGroups(const std::vector<uint32_t>& group_of_row, size_t groups,
                                    Aggregate agg, const Reader& r) {
  GroupValues out;
  out.value.resize(groups);
  out.rows.assign(groups, 0);
  out.summary.resize(groups);
  for (uint32_t g : group_of_row) ++out.rows[g];
  if (agg == Aggregate::kCount) {
    for (size_t g = 0; g < groups; ++g) out.value[g] = static_cast<double>(out.rows[g]);
    return out;
  }
  if (agg == Aggregate::kCountDistinct) {
    std::unordered_set<uint64_t> pairs;
    std::vector<int64_t> distinct(groups, 0);
    const auto& values = r.value_keys.group_of_row();
    for (size_t i = 0; i < group_of_row.size() && i < values.size(); ++i) {
      if (std::holds_alternative<std::monostate>(r.value_keys.value(values[i]))) continue;
      const uint64_t key = (uint64_t{group_of_row[i]} << 32) | values[i];
      if (pairs.insert(key).second) ++distinct[group_of_row[i]];
    }
    for (size_t g = 0; g < groups; ++g) out.value[g] = static_cast<double>(distinct[g]);
    return out;
  }
  auto summaries =
      SAGAZ_TRY(stats::SummarizeGroups(r.numeric.view(), group_of_row, groups, GroupStats()));
  for (size_t g = 0; g < groups; ++g) {
    out.value[g] = Pick(summaries[g], agg);
    out.summary[g] = std::move(summaries[g]);
  }
  return out;
}

// Group order of an answer: by value (descending unless asked otherwise, empty values last), ties
// by label.
std::vector<size_t> RankGroups(const GroupValues& gv, const std::vector<std::string>& labels,
                               bool descending) {
  std::vector<size_t> order(gv.value.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    const auto& va = gv.value[a];
    const auto& vb = gv.value[b];
    if (va.has_value() != vb.has_value()) return va.has_value();
    if (va && vb && *va != *vb) return descending ? *va > *vb : *va < *vb;
    return labels[a] < labels[b];
  });
  return order;
}

class Computer {
 public:
  Computer(sql::QueryService& query, const nlq::Schema& schema, const nlq::Plan& plan,
           const ComputeOptions& options)
      : query_(query), schema_(schema), plan_(plan), options_(options), lang_(options.language) {}

  Result<Computed> Run() {
    Describe();
    const bool aggregated_sql =
        options_.policy == sql::Policy::kStandard &&
        (plan_.shape == Shape::kScalar ||
         (plan_.group && (plan_.shape == Shape::kGrouped || plan_.shape == Shape::kTop)) ||
         ((plan_.shape == Shape::kSeries || plan_.shape == Shape::kTop) &&
          plan_.bucket != nlq::Bucket::kNone && plan_.time));
    switch (plan_.shape) {
      case Shape::kScalar:
        SAGAZ_TRY(aggregated_sql ? ScalarFromSql() : Scalar());
        break;
      case Shape::kDescribe:
        SAGAZ_TRY(DescribeMeasure());
        break;
      case Shape::kGrouped:
      case Shape::kTop:
        if (plan_.group) {
          SAGAZ_TRY(Grouped(aggregated_sql));
        } else if (plan_.bucket != nlq::Bucket::kNone && plan_.time) {
          SAGAZ_TRY(Periods(aggregated_sql));  // "the month with the most sales"
        } else {
          SAGAZ_TRY(RankedRows());
        }
        break;
      case Shape::kSeries:
        if (plan_.bucket == nlq::Bucket::kNone) {
          SAGAZ_TRY(RawSeries());
        } else {
          SAGAZ_TRY(Periods(aggregated_sql));
        }
        break;
      case Shape::kRows:
        SAGAZ_TRY(Rows());
        break;
    }
    out_.facts.rows = out_.rows;
    out_.facts.nothing_matched = out_.rows == 0;
    out_.facts.truncated = out_.truncated;
    return std::move(out_);
  }

 private:
  // ---- words for the insight
  std::string ColumnWords(const nlq::ColumnRef& ref) const {
    const auto* c = schema_.Find(ref.table, ref.column);
    if (!c) return ref.column;
    return Words(c->name, c->description, c->original_name, options_.language);
  }

  void Describe() {
    auto& f = out_.facts;
    f.locale = LocaleOf(options_.language);
    f.aggregate =
        plan_.aggregate == Aggregate::kNone ? "" : std::string(nlq::ToString(plan_.aggregate));
    if (plan_.measure) {
      f.measure = ColumnWords(*plan_.measure);
      if (const auto* c = schema_.Find(plan_.measure->table, plan_.measure->column)) {
        f.unit = insights::UnitFromDescription(c->description);
        if (f.unit.empty()) f.unit = insights::UnitFromDescription(c->original_name);
      }
    }
    if (const auto* t = schema_.Find(plan_.table)) {
      f.entity = Words(t->name, t->description, "", options_.language);
      f.total_rows = t->rows;
    }
    if (plan_.group) f.group = ColumnWords(*plan_.group);
    f.descending = plan_.descending;
    std::vector<std::string> scope;
    for (const auto& filter : plan_.filters) {
      if (!filter.phrase.empty()) scope.push_back(filter.phrase);
    }
    if (!plan_.where_sql.empty()) scope.push_back(plan_.where_sql);
    f.scope = Join(scope, ", ");
    has_filters_ = !plan_.filters.empty() || !plan_.where_sql.empty();
  }

  std::string ValueName() const {
    std::string name(nlq::ToString(plan_.aggregate));
    if (plan_.measure) name += "_" + plan_.measure->column;
    return name;
  }

  Status Scan(const std::string& sql, Reader& reader) {
    Stopwatch watch;
    // A streamed result does not say how many rows are coming: the table's rows bound them (a
    // reservation costs nothing until it is written).
    if (const auto* t = schema_.Find(plan_.table); t && t->rows > 0)
      reader.Expect(static_cast<size_t>(std::min(t->rows, options_.max_rows)));
    sql::QueryOptions q;
    q.policy = options_.policy;
    auto info = SAGAZ_TRY(query_.Scan(
        sql, q, options_.max_rows,
        [&](const std::vector<db::Column>& cols, const db::DataChunk& chunk, size_t rows) {
          return reader.Visit(cols, chunk, rows);
        },
        [&](size_t rows) { reader.Expect(rows); }));
    SAGAZ_TRY(reader.Finish(info.columns));
    out_.sql = std::move(info.sql);
    out_.rows = info.rows;
    out_.truncated = info.truncated;
    out_.read_ms = watch.ElapsedMs();
    return Ok();
  }

  // A histogram only where the chart draws one (a distribution, a single value against it).
  Result<stats::Summary> Summarize(const stats::ColumnView& values, bool histogram = true) {
    return stats::Summarize(values, AnswerStats(histogram));
  }
  Result<stats::Summary> SummarizeValues(const std::vector<double>& values, bool histogram = true) {
    return Summarize(stats::ColumnView(std::span<const double>(values)), histogram);
  }

  // ---- shapes

  // "Em média, quantos itens tem um pedido" under the strict policy: the rows' keys are read, the
  // rows counted per key here, and the aggregate taken of those counts.
  Status ScalarPerGroup() {
    Reader r;
    r.language = lang_;
    r.value_key_col = 0;
    SAGAZ_TRY(Scan(plan_.projection_sql, r));
    Stopwatch watch;
    std::vector<double> counts(r.value_keys.groups(), 0.0);
    for (uint32_t g : r.value_keys.group_of_row()) counts[g] += 1;
    auto summary = SAGAZ_TRY(SummarizeValues(counts));
    auto& f = out_.facts;
    f.kind = insights::Kind::kValue;
    const auto picked = Pick(summary, plan_.aggregate);
    const std::string name =
        std::string(nlq::ToString(plan_.aggregate)) + "_count_per_" + plan_.per->column;
    out_.result.columns = {DoubleColumn(name)};
    out_.result.rows = {{picked ? db::Value(*picked) : db::Value()}};
    out_.result.total_rows = 1;
    if (picked) {
      f.value = *picked;
      out_.value = *picked;
    }
    f.summary = summary;
    out_.statistics = std::move(summary);
    out_.statistics_of = "count_per_" + plan_.per->column;
    out_.compute_ms = watch.ElapsedMs();
    return Ok();
  }

  Status Scalar() {
    if (plan_.per) return ScalarPerGroup();
    Reader r;
    r.language = lang_;
    const bool count = plan_.aggregate == Aggregate::kCount;
    const bool distinct = plan_.aggregate == Aggregate::kCountDistinct;
    if (distinct)
      r.value_key_col = 0;
    else if (!count)
      r.numeric_col = 0;
    SAGAZ_TRY(Scan(plan_.projection_sql, r));
    Stopwatch watch;
    auto& f = out_.facts;
    double value = 0;
    if (count) {
      value = static_cast<double>(out_.rows);
      f.kind = insights::Kind::kCount;
      if (!has_filters_) f.total_rows.reset();
      out_.value = out_.rows;
    } else if (distinct) {
      int64_t n = 0;
      for (size_t g = 0; g < r.value_keys.groups(); ++g) {
        if (!std::holds_alternative<std::monostate>(r.value_keys.value(static_cast<uint32_t>(g))))
          ++n;
      }
      value = static_cast<double>(n);
      f.kind = insights::Kind::kValue;
      out_.value = n;
    } else {
      auto summary = SAGAZ_TRY(Summarize(r.numeric.view()));
      f.kind = insights::Kind::kValue;
      const auto picked = Pick(summary, plan_.aggregate);
      if (r.numeric_is_time) {
        // min/max of a date: the answer is a date, not statistics of days.
        if (picked) {
          const std::string iso = IsoOfDays(*picked, r.columns[0].type);
          f.value_text = insights::FormatTime(iso, f.locale);
          out_.value = iso;
        }
      } else {
        if (picked) out_.value = *picked;
        f.summary = summary;
        out_.statistics = std::move(summary);
        out_.statistics_of = plan_.measure ? plan_.measure->column : "";
      }
      if (!picked) {
        out_.result.columns = {DoubleColumn(ValueName())};
        out_.result.rows = {{db::Value()}};
        out_.result.total_rows = 1;
        out_.compute_ms = watch.ElapsedMs();
        return Ok();
      }
      value = *picked;
    }
    if (f.value_text.empty()) f.value = value;
    out_.result.columns = {r.numeric_is_time
                               ? NewColumn(ValueName(), db::TypeId::kVarchar, "VARCHAR")
                               : DoubleColumn(ValueName())};
    out_.result.rows = {{*out_.value}};
    out_.result.total_rows = 1;
    out_.compute_ms = watch.ElapsedMs();
    return Ok();
  }

  Status ScalarFromSql() {
    Reader r;
    r.language = lang_;
    r.numeric_col = 0;
    SAGAZ_TRY(Scan(plan_.answer_sql, r));
    auto& f = out_.facts;
    f.kind = plan_.aggregate == Aggregate::kCount ? insights::Kind::kCount : insights::Kind::kValue;
    if (!has_filters_) f.total_rows.reset();
    const auto view = r.numeric.view();
    out_.result.columns = {DoubleColumn(ValueName())};
    out_.result.total_rows = 1;
    if (view.size == 0 || !view.IsValid(0)) {
      out_.result.rows = {{db::Value()}};
      return Ok();
    }
    const double v = view.At(0);
    if (r.numeric_is_time) {
      const std::string iso = IsoOfDays(v, r.columns[0].type);
      f.value_text = insights::FormatTime(iso, f.locale);
      out_.value = iso;
    } else {
      f.value = v;
      out_.value = v;
    }
    out_.result.rows = {{*out_.value}};
    return Ok();
  }

  Status DescribeMeasure() {
    Reader r;
    r.language = lang_;
    r.numeric_col = 0;
    SAGAZ_TRY(Scan(plan_.projection_sql, r));
    if (r.numeric_is_time) {
      return Fail(ErrorCode::kInvalidArgument, Say(Msg::kDateNoDistribution, lang_));
    }
    Stopwatch watch;
    auto summary = SAGAZ_TRY(Summarize(r.numeric.view()));
    out_.facts.kind = insights::Kind::kDescribe;
    out_.facts.summary = summary;
    out_.statistics_of = plan_.measure ? plan_.measure->column : "";
    // The answer's table: the statistics themselves.
    out_.result.columns = {
        NewColumn(Say(Msg::kStatisticColumn, lang_), db::TypeId::kVarchar, "VARCHAR"),
        DoubleColumn(Say(Msg::kValueColumn, lang_))};
    for (stats::Stat s :
         {stats::Stat::kCount, stats::Stat::kMean, stats::Stat::kStdDev, stats::Stat::kMin,
          stats::Stat::kQ1, stats::Stat::kMedian, stats::Stat::kQ3, stats::Stat::kMax,
          stats::Stat::kCoefVar, stats::Stat::kSkewness}) {
      const auto v = summary.Get(s);
      out_.result.rows.push_back({std::string(stats::Name(s)), v ? db::Value(*v) : db::Value()});
    }
    out_.result.total_rows = static_cast<int64_t>(out_.result.rows.size());
    out_.statistics = std::move(summary);
    out_.compute_ms = watch.ElapsedMs();
    return Ok();
  }

  // Statistics of the measure over every row (strict), or of the answer's values.
  // The values per group (strict: aggregated here from the rows; standard: as read) and the
  // answer's statistics: of every row's measure, side by side with the groups, or of the groups'
  // values when the answer counts.
  Status GroupsAndOverall(bool aggregated_sql, const std::vector<uint32_t>& group_of_row,
                          size_t groups, const Reader& r, GroupValues& gv) {
    if (!aggregated_sql && r.numeric_col && !r.numeric_is_time && r.numeric.view().size > 0) {
      Result<GroupValues> per_group = Fail(ErrorCode::kInternal, "not computed");
      Result<stats::Summary> overall = Fail(ErrorCode::kInternal, "not computed");
      stats::RunTogether(
          {[&] { per_group = AggregateGroups(group_of_row, groups, plan_.aggregate, r); },
           [&] { overall = Summarize(r.numeric.view(), /*histogram=*/false); }});
      gv = SAGAZ_TRY(std::move(per_group));
      out_.statistics = SAGAZ_TRY(std::move(overall));
      out_.statistics_of = plan_.measure ? plan_.measure->column : "";
      return Ok();
    }
    if (!aggregated_sql) gv = SAGAZ_TRY(AggregateGroups(group_of_row, groups, plan_.aggregate, r));
    return OverallStatistics(r, gv);
  }

  Status OverallStatistics(const Reader& r, const GroupValues& gv) {
    if (r.numeric_col && !r.numeric_is_time && r.numeric.view().size > 0) {
      out_.statistics = SAGAZ_TRY(Summarize(r.numeric.view(), /*histogram=*/false));
      out_.statistics_of = plan_.measure ? plan_.measure->column : "";
      return Ok();
    }
    std::vector<double> values;
    for (const auto& v : gv.value) {
      if (v) values.push_back(*v);
    }
    out_.statistics = SAGAZ_TRY(SummarizeValues(values, /*histogram=*/false));
    out_.statistics_of = ValueName();
    return Ok();
  }

  // Values per group from a scan: strict reads rows and aggregates them here; the standard policy's
  // SQL returned one row per group with its value.
  Result<GroupValues> ReadGroups(bool aggregated_sql, Reader& r, const std::string& sql) {
    if (aggregated_sql) {
      r.numeric_col = 1;
    } else if (plan_.aggregate == Aggregate::kCountDistinct) {
      r.value_key_col = 1;
    } else if (plan_.aggregate != Aggregate::kCount) {
      r.numeric_col = 1;
    }
    SAGAZ_TRY(Scan(sql, r));
    if (aggregated_sql) {
      GroupValues gv;
      const auto view = r.numeric.view();
      gv.value.resize(view.size);
      gv.rows.assign(view.size, 1);
      gv.summary.resize(view.size);
      for (size_t i = 0; i < view.size; ++i) {
        if (view.IsValid(i)) gv.value[i] = view.At(i);
      }
      return gv;
    }
    return GroupValues{};
  }

  Status Grouped(bool aggregated_sql) {
    Reader r;
    r.language = lang_;
    r.key_col = 0;
    GroupValues gv = SAGAZ_TRY(
        ReadGroups(aggregated_sql, r, aggregated_sql ? plan_.answer_sql : plan_.projection_sql));
    Stopwatch watch;
    const size_t groups = r.keys.groups();
    SAGAZ_TRY(GroupsAndOverall(aggregated_sql, r.keys.group_of_row(), groups, r, gv));
    std::vector<std::string> labels(groups);
    for (size_t g = 0; g < groups; ++g)
      labels[g] = ValueLabel(r.keys.value(static_cast<uint32_t>(g)), lang_);
    auto order = RankGroups(gv, labels, plan_.descending);
    if (plan_.shape == Shape::kTop && plan_.limit &&
        order.size() > static_cast<size_t>(*plan_.limit)) {
      order.resize(static_cast<size_t>(*plan_.limit));
    }
    auto& f = out_.facts;
    f.kind = plan_.shape == Shape::kTop ? insights::Kind::kRanking : insights::Kind::kGroups;
    f.group_count = static_cast<int64_t>(order.size());
    out_.result.columns = {r.columns[0], DoubleColumn(ValueName())};
    if (!aggregated_sql)
      out_.result.columns.push_back(
          NewColumn(Say(Msg::kRowsColumn, lang_), db::TypeId::kBigInt, "BIGINT"));
    out_.result.total_rows = static_cast<int64_t>(order.size());
    for (size_t i = 0; i < order.size() && i < kTableGroups; ++i) {
      const size_t g = order[i];
      insights::Labeled l{labels[g], gv.value[g], gv.rows[g], std::move(gv.summary[g])};
      std::vector<db::Value> row = {r.keys.value(static_cast<uint32_t>(g)),
                                    gv.value[g] ? db::Value(*gv.value[g]) : db::Value()};
      if (!aggregated_sql) row.push_back(gv.rows[g]);
      out_.result.rows.push_back(std::move(row));
      f.groups.push_back(std::move(l));
    }
    out_.compute_ms = watch.ElapsedMs();
    return Ok();
  }

  Status RankedRows() {
    Reader r;
    r.language = lang_;
    r.keep = kMaxRankedRows;
    SAGAZ_TRY(Scan(plan_.projection_sql, r));
    auto& f = out_.facts;
    f.kind = insights::Kind::kRanking;
    const size_t value_col = r.columns.empty() ? 0 : r.columns.size() - 1;
    const bool labeled = r.columns.size() >= 2;
    for (size_t i = 0; i < r.kept.size(); ++i) {
      const auto& row = r.kept[i];
      insights::Labeled l;
      l.label = labeled ? ValueLabel(row[0], lang_) : "#" + std::to_string(i + 1);
      if (const auto* d = std::get_if<double>(&row[value_col]))
        l.value = *d;
      else if (const auto* n = std::get_if<int64_t>(&row[value_col]))
        l.value = static_cast<double>(*n);
      l.rows = 1;
      f.groups.push_back(std::move(l));
    }
    out_.result.columns = r.columns;
    out_.result.total_rows = static_cast<int64_t>(r.kept.size());
    out_.result.rows = std::move(r.kept);
    return Ok();
  }

  // Points of a series with their ISO times; `peak`/`low` from all of them, the chart's from a
  // downsampling when there are many.
  // `partial` (when given, aligned with x) marks periods the data covers only in part: they are
  // drawn, but not the peak or the low.
  void SetPoints(const std::vector<double>& x, const std::vector<double>& y,
                 const db::LogicalType& type, const std::string& time_name,
                 const std::string& value_name, const std::vector<bool>& partial = {}) {
    auto& f = out_.facts;
    if (x.empty()) return;
    f.first_time = IsoOfDays(x.front(), type);
    f.last_time = IsoOfDays(x.back(), type);
    auto is_partial = [&](size_t i) { return i < partial.size() && partial[i]; };
    std::optional<size_t> lo, hi;
    for (size_t i = 0; i < y.size(); ++i) {
      if (is_partial(i)) continue;
      if (!lo || y[i] < y[*lo]) lo = i;
      if (!hi || y[i] > y[*hi]) hi = i;
    }
    if (lo) f.low = insights::Point{IsoOfDays(x[*lo], type), x[*lo], y[*lo]};
    if (hi) f.peak = insights::Point{IsoOfDays(x[*hi], type), x[*hi], y[*hi]};
    const auto keep = insights::Downsample(x, y, kChartPoints);
    out_.result.columns = {NewColumn(time_name, type.id, type.name), DoubleColumn(value_name)};
    out_.result.total_rows = static_cast<int64_t>(x.size());
    for (size_t i : keep) {
      f.points.push_back({IsoOfDays(x[i], type), x[i], y[i], is_partial(i)});
      out_.result.rows.push_back({f.points.back().time, y[i]});
    }
  }

  // The span of the data in time: its first and last instants (days since 1970-01-01) and its
  // typical spacing (the median gap between distinct instants).
  struct TimeSpan {
    double first = 0, last = 0, resolution = 0;
  };

  // From the raw instants read (strict policy: the engine cuts the periods).
  static std::optional<TimeSpan> SpanOfInstants(const Reader& r) {
    std::vector<double> days;
    for (uint32_t i = 0; i < r.time.instants(); ++i) {
      if (auto d = r.time.days(i)) days.push_back(*d);
    }
    if (days.size() < 2) return std::nullopt;
    std::sort(days.begin(), days.end());
    std::vector<double> gaps;
    for (size_t i = 1; i < days.size(); ++i) {
      if (days[i] > days[i - 1]) gaps.push_back(days[i] - days[i - 1]);
    }
    if (gaps.empty()) return std::nullopt;
    const auto middle = gaps.begin() + static_cast<ptrdiff_t>(gaps.size() / 2);
    std::nth_element(gaps.begin(), middle, gaps.end());
    return TimeSpan{days.front(), days.back(), *middle};
  }

  // From SQL when the periods were cut by DuckDB (standard policy): the projection still reads
  // the raw time as its first column. The spacing is the mean gap there.
  Result<std::optional<TimeSpan>> SpanFromSql() {
    if (!plan_.time) return std::optional<TimeSpan>();
    const std::string t = QuoteIdent(plan_.time->column);
    sql::QueryOptions q;
    q.policy = sql::Policy::kStandard;
    auto r = query_.Run("SELECT epoch(min(" + t + ")) / 86400.0, epoch(max(" + t +
                            ")) / 86400.0, count(DISTINCT " + t + ") FROM (" +
                            plan_.projection_sql + ") AS q",
                        q);
    if (!r || r->rows.empty()) return std::optional<TimeSpan>();  // a projection of periods
    const auto* lo = std::get_if<double>(&r->rows[0][0]);
    const auto* hi = std::get_if<double>(&r->rows[0][1]);
    const auto* n = std::get_if<int64_t>(&r->rows[0][2]);
    if (!lo || !hi || !n || *n < 2) return std::optional<TimeSpan>();
    return std::optional<TimeSpan>(TimeSpan{*lo, *hi, (*hi - *lo) / static_cast<double>(*n - 1)});
  }

  // The periods (group ids) at either end that the data covers only in part (facts say so).
  // Empty when there is a single period.
  std::vector<size_t> PartialPeriods(const TimeSpan& span, stats::Period period,
                                     const std::vector<std::optional<double>>& period_of_group,
                                     const db::LogicalType& type) {
    std::optional<size_t> first, last;
    for (size_t g = 0; g < period_of_group.size(); ++g) {
      if (!period_of_group[g]) continue;
      if (!first || *period_of_group[g] < *period_of_group[*first]) first = g;
      if (!last || *period_of_group[g] > *period_of_group[*last]) last = g;
    }
    if (!first || *first == *last) return {};
    const auto ends =
        stats::FindPartialEnds(period, *period_of_group[*first], *period_of_group[*last],
                               span.first, span.last, span.resolution);
    auto& f = out_.facts;
    f.partial_first = ends.first;
    f.partial_last = ends.last;
    f.data_first_time = IsoOfDays(span.first, type);
    f.data_last_time = IsoOfDays(span.last, type);
    std::vector<size_t> out;
    if (ends.first) out.push_back(*first);
    if (ends.last) out.push_back(*last);
    return out;
  }

  // The points of a series, one per instant in time order (the mean of its values), and their
  // trend. Theil–Sen over a million raw rows would cost most of a second; over the instants it
  // is exact and quick.
  Result<stats::Trend> InstantTrend(const Reader& r, const stats::ColumnView& values,
                                    std::vector<double>& x, std::vector<double>& y) {
    const auto means =
        SAGAZ_TRY(stats::MeanByGroup(values, r.time.instant_of_row(), r.time.instants()));
    std::vector<uint32_t> order;
    int64_t used = 0;
    for (uint32_t i = 0; i < r.time.instants(); ++i) {
      if (!means.mean[i] || !r.time.days(i)) continue;
      order.push_back(i);
      used += means.count[i];
    }
    auto earlier = [&](uint32_t a, uint32_t b) { return *r.time.days(a) < *r.time.days(b); };
    if (!std::is_sorted(order.begin(), order.end(), earlier))
      std::sort(order.begin(), order.end(), earlier);
    x.resize(order.size());
    y.resize(order.size());
    for (size_t k = 0; k < order.size(); ++k) {
      x[k] = *r.time.days(order[k]);
      y[k] = *means.mean[order[k]];
    }
    if (static_cast<size_t>(used) > x.size())
      out_.facts.points_per_time = static_cast<double>(used) / static_cast<double>(x.size());
    return stats::FitTrend(stats::ColumnView(std::span<const double>(x)),
                           stats::ColumnView(std::span<const double>(y)));
  }

  // Several series interleaved (one reading per sensor at each instant) would draw a zigzag and
  // make readings that share an instant look like independent observations: the series has one
  // point per instant, the mean of the values read at it, in time order (the insight says so).
  Status RawSeries() {
    Reader r;
    r.language = lang_;
    r.time_col = 0;
    r.numeric_col = 1;
    SAGAZ_TRY(Scan(plan_.projection_sql, r));
    if (r.numeric_is_time)
      return Fail(ErrorCode::kInvalidArgument, Say(Msg::kSeriesNeedsNumber, lang_));
    Stopwatch watch;
    auto& f = out_.facts;
    f.kind = insights::Kind::kSeries;
    const auto yv = r.numeric.view();
    // The summary of every reading and the points with their trend are independent: side by side.
    Result<stats::Summary> summary = Fail(ErrorCode::kInternal, "not computed");
    Result<stats::Trend> trend = Fail(ErrorCode::kInternal, "not computed");
    std::vector<double> x, y;
    double summary_ms = 0, points_ms = 0;
    stats::RunTogether({[&] {
                          summary = Summarize(yv, /*histogram=*/false);
                          summary_ms = watch.ElapsedMs();
                        },
                        [&] {
                          trend = InstantTrend(r, yv, x, y);
                          points_ms = watch.ElapsedMs();
                        }});
    f.summary = SAGAZ_TRY(std::move(summary));
    out_.statistics = f.summary;
    out_.statistics_of = plan_.measure ? plan_.measure->column : "";
    f.trend = SAGAZ_TRY(std::move(trend));
    out_.trend = f.trend;
    SetPoints(x, y, r.columns[0].type, r.columns[0].name, r.columns[1].name);
    f.peak.reset();  // raw points: the range sentence says it
    f.low.reset();
    out_.compute_ms = watch.ElapsedMs();
    log::Debug("series computed", {{"summary_ms", std::to_string(summary_ms)},
                                   {"points_ms", std::to_string(points_ms)},
                                   {"total_ms", std::to_string(out_.compute_ms)}});
    return Ok();
  }

  // Periods ranked by their value ("the month with the most sales", "top 3 weekdays"): labels
  // written for the period's length, the first `limit` kept.
  void RankPeriods(GroupValues& gv, const std::vector<std::optional<double>>& period_of_group,
                   const db::LogicalType& period_type, const std::string& period_name,
                   const std::vector<size_t>& partial) {
    const bool weekday = plan_.bucket == nlq::Bucket::kDayOfWeek;
    std::vector<size_t> dated;  // rows without a time are left out
    std::vector<std::string> labels(period_of_group.size());
    for (size_t g = 0; g < period_of_group.size(); ++g) {
      if (!period_of_group[g]) continue;
      dated.push_back(g);
      labels[g] = weekday ? WeekdayName(static_cast<int64_t>(*period_of_group[g]), lang_)
                          : insights::FormatPeriod(IsoOfDays(*period_of_group[g], period_type),
                                                   period_name, LocaleOf(options_.language));
    }
    auto order = RankGroups(gv, labels, plan_.descending);
    // A period the data covers only in part is no "month with the fewest sales".
    std::erase_if(order, [&](size_t g) {
      return !period_of_group[g] || std::find(partial.begin(), partial.end(), g) != partial.end();
    });
    if (plan_.limit && order.size() > static_cast<size_t>(*plan_.limit))
      order.resize(static_cast<size_t>(*plan_.limit));
    auto& f = out_.facts;
    f.kind = insights::Kind::kRanking;
    f.group = weekday ? Say(Msg::kDayOfWeek, lang_)
                      : insights::PeriodWord(period_name, LocaleOf(options_.language));
    f.group_count = static_cast<int64_t>(dated.size());
    out_.result.columns = {NewColumn(period_name, db::TypeId::kVarchar, "VARCHAR"),
                           DoubleColumn(ValueName())};
    for (size_t g : order) {
      f.groups.push_back({labels[g], gv.value[g], gv.rows[g], std::move(gv.summary[g])});
      out_.result.rows.push_back({labels[g], gv.value[g] ? db::Value(*gv.value[g]) : db::Value()});
    }
    out_.result.total_rows = static_cast<int64_t>(order.size());
  }

  Status Periods(bool aggregated_sql) {
    Reader r;
    r.language = lang_;
    const bool weekday = plan_.bucket == nlq::Bucket::kDayOfWeek;
    if (weekday)
      r.key_col = 0;
    else
      r.time_col = 0;
    GroupValues gv = SAGAZ_TRY(
        ReadGroups(aggregated_sql, r, aggregated_sql ? plan_.answer_sql : plan_.projection_sql));
    Stopwatch watch;
    // Period ids: weekday keys, or distinct period starts. The engine cuts the periods from the
    // distinct instants itself where it can (date_trunc on every row costs DuckDB more than the
    // whole scan); cutting a time the query already truncated changes nothing.
    std::vector<uint32_t> period_of_row;
    std::vector<std::optional<double>> period_of_group;  // days, or the weekday number
    const auto period = PeriodOf(plan_.bucket);
    db::LogicalType period_type = weekday ? db::LogicalType{} : r.columns[0].type;
    if (weekday) {
      for (size_t g = 0; g < r.keys.groups(); ++g) {
        const auto& v = r.keys.value(static_cast<uint32_t>(g));
        period_of_group.push_back(
            std::holds_alternative<int64_t>(v)
                ? std::optional<double>(static_cast<double>(std::get<int64_t>(v)))
                : std::nullopt);
      }
    } else if (!aggregated_sql && period && r.time.CanGroupByPeriod()) {
      // Shown as date_trunc returns them: days and longer periods are dates.
      if (*period != stats::Period::kHour)
        period_type = db::LogicalType{.id = db::TypeId::kDate, .name = "DATE"};
      auto periods = r.time.GroupBy(*period);
      const auto& instant = r.time.instant_of_row();
      period_of_row.resize(instant.size());
      for (size_t i = 0; i < instant.size(); ++i) period_of_row[i] = periods.of_instant[instant[i]];
      period_of_group = std::move(periods.start_days);
    } else {
      for (uint32_t g = 0; g < r.time.instants(); ++g) period_of_group.push_back(r.time.days(g));
    }
    const std::vector<uint32_t>& group_of_row =
        weekday ? r.keys.group_of_row()
                : (period_of_row.empty() ? r.time.instant_of_row() : period_of_row);
    const size_t groups = period_of_group.size();
    SAGAZ_TRY(GroupsAndOverall(aggregated_sql, group_of_row, groups, r, gv));
    const std::string period_name(nlq::ToString(plan_.bucket));
    std::vector<size_t> partial;
    if (!weekday && period) {
      std::optional<TimeSpan> span;
      if (!aggregated_sql && r.time.CanGroupByPeriod()) {
        span = SpanOfInstants(r);
      } else if (aggregated_sql) {
        span = SAGAZ_TRY(SpanFromSql());
      }
      if (span) partial = PartialPeriods(*span, *period, period_of_group, period_type);
    }
    if (plan_.shape == Shape::kTop) {
      RankPeriods(gv, period_of_group, period_type, period_name, partial);
      out_.compute_ms = watch.ElapsedMs();
      return Ok();
    }
    // Periods in time order; rows without a time are left out.
    std::vector<size_t> order;
    for (size_t g = 0; g < groups; ++g) {
      if (period_of_group[g]) order.push_back(g);
    }
    std::sort(order.begin(), order.end(),
              [&](size_t a, size_t b) { return *period_of_group[a] < *period_of_group[b]; });
    auto& f = out_.facts;
    if (weekday) {
      f.kind = insights::Kind::kGroups;
      f.group = Say(Msg::kDayOfWeek, lang_);
      f.group_count = static_cast<int64_t>(order.size());
      out_.result.columns = {NewColumn(period_name, db::TypeId::kVarchar, "VARCHAR"),
                             DoubleColumn(ValueName())};
      for (size_t g : order) {
        const std::string label = WeekdayName(static_cast<int64_t>(*period_of_group[g]), lang_);
        f.groups.push_back({label, gv.value[g], gv.rows[g], std::move(gv.summary[g])});
        out_.result.rows.push_back({label, gv.value[g] ? db::Value(*gv.value[g]) : db::Value()});
      }
      out_.result.total_rows = static_cast<int64_t>(order.size());
    } else {
      f.kind = insights::Kind::kSeries;
      f.period = period_name;
      std::vector<double> x, y, full_x, full_y;  // full_*: the periods the data covers whole
      std::vector<bool> is_partial;
      for (size_t g : order) {
        if (!gv.value[g]) continue;
        const bool part = std::find(partial.begin(), partial.end(), g) != partial.end();
        x.push_back(*period_of_group[g]);
        y.push_back(*gv.value[g]);
        is_partial.push_back(part);
        if (!part) {
          full_x.push_back(x.back());
          full_y.push_back(y.back());
        }
      }
      auto summary = SAGAZ_TRY(SummarizeValues(full_y, /*histogram=*/false));
      f.summary = std::move(summary);
      if (full_x.size() >= 3) {
        auto trend = SAGAZ_TRY(stats::FitTrend(stats::ColumnView(std::span<const double>(full_x)),
                                               stats::ColumnView(std::span<const double>(full_y))));
        f.trend = trend;
        out_.trend = std::move(trend);
      }
      SetPoints(x, y, period_type, period_name, ValueName(), is_partial);
    }
    out_.compute_ms = watch.ElapsedMs();
    return Ok();
  }

  Status Rows() {
    Reader r;
    r.language = lang_;
    r.keep = kListedRows;
    SAGAZ_TRY(Scan(plan_.projection_sql, r));
    out_.facts.kind = insights::Kind::kRows;
    out_.result.columns = r.columns;
    out_.result.total_rows = out_.rows;
    out_.result.rows = std::move(r.kept);
    return Ok();
  }

  sql::QueryService& query_;
  const nlq::Schema& schema_;
  const nlq::Plan& plan_;
  const ComputeOptions& options_;
  nlq::Language lang_;
  bool has_filters_ = false;
  Computed out_;
};

}  // namespace

std::string Words(const std::string& name, const std::string& description,
                  const std::string& original, nlq::Language language) {
  std::string text;
  if (!description.empty()) {
    const auto slash = description.find(" / ");
    if (slash != std::string::npos) {
      text = language == nlq::Language::kPortuguese ? description.substr(0, slash)
                                                    : description.substr(slash + 3);
    } else {
      text = description;
    }
    // The head of the description: before units, lists and qualifiers.
    for (const char* cut : {" (", ":", ",", " a cada ", " every ", " em metros", " em °", " em %",
                            " em hPa", " em "}) {
      const auto at = text.find(cut);
      if (at != std::string::npos && at > 0) text = text.substr(0, at);
    }
  }
  if (text.empty() || text.size() > 60)
    text = !original.empty() && original != name ? original : name;
  if (text == name) {
    std::replace(text.begin(), text.end(), '_', ' ');
  }
  // Lowercase the first letter of a phrase ("Nível da água" -> "nível da água"), not of an acronym.
  if (text.size() >= 2 && std::isupper(static_cast<unsigned char>(text[0])) &&
      !std::isupper(static_cast<unsigned char>(text[1]))) {
    text[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(text[0])));
  } else if (text.size() >= 3 && static_cast<unsigned char>(text[0]) == 0xC3 &&
             !std::isupper(static_cast<unsigned char>(text[2]))) {
    // Accented capitals in UTF-8 (Á, É, Í, Ó, Ú, Â, Ê, Ô, Ã, Õ, Ç) are 0xC3 0x80..0x9F.
    const unsigned char second = static_cast<unsigned char>(text[1]);
    if (second >= 0x80 && second <= 0x9E) text[1] = static_cast<char>(second + 0x20);
  }
  return text;
}

Result<Computed> Compute(sql::QueryService& query, const nlq::Schema& schema, const nlq::Plan& plan,
                         const ComputeOptions& options) {
  return Computer(query, schema, plan, options).Run();
}

}  // namespace sagaz::ask::internal
