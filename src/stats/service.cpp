#include "stats/service.hpp"

#include <algorithm>
#include <cmath>
#include <set>

#include "catalog/catalog.hpp"
#include "core/ids.hpp"
#include "core/log.hpp"
#include "core/strings.hpp"
#include "db/collect.hpp"
#include "sql/guard.hpp"
#include "stats/internal/collector.hpp"
#include "stats/reader.hpp"

namespace sagaz::stats {
namespace {

// ---- reading DuckDB results into columns ---------------------------------------------------

enum class Role { kValue, kTime, kKey };

bool IsNumeric(const db::LogicalType& t) { return t.IsNumeric(); }
bool IsTime(const db::LogicalType& t) { return IsTimeType(t); }

struct ReadColumn {
  std::string name;
  db::LogicalType type;
  Role role = Role::kValue;
  NumericColumn values;
};

struct Table {
  std::vector<ReadColumn> columns;  // value and time columns, in result order
  std::optional<KeyColumn> keys;
  int64_t rows = 0;
};

struct ReadPlan {
  std::vector<std::pair<size_t, Role>> columns;  // result column index and role
  std::optional<size_t> key;
};

// `expected_rows`: a bound on the rows, when known (a dataset's row count), to allocate once.
Result<Table> ReadTable(db::QueryResult& result, const ReadPlan& plan, const StatsConfig& config,
                        int64_t expected_rows) {
  Table table;
  const auto& cols = result.columns();
  for (const auto& [index, role] : plan.columns) {
    ReadColumn c;
    c.name = cols[index].name;
    c.type = cols[index].type;
    c.role = role;
    c.values = NumericColumn(role == Role::kTime ? NumericType::kFloat64 : StorageFor(c.type));
    if (expected_rows > 0) {
      c.values.Reserve(static_cast<size_t>(std::min(expected_rows, config.max_rows)));
    }
    table.columns.push_back(std::move(c));
  }
  if (plan.key) table.keys.emplace();
  for (;;) {
    auto chunk = SAGAZ_TRY(result.Next());
    if (!chunk) break;
    table.rows += static_cast<int64_t>(chunk->size());
    if (table.rows > config.max_rows) {
      return Fail(Error(ErrorCode::kPayloadTooLarge,
                        "the statistics would read more than " + std::to_string(config.max_rows) +
                            " rows (stats.max_rows); narrow the filter or raise the limit")
                      .With("limit", std::to_string(config.max_rows)));
    }
    for (size_t i = 0; i < plan.columns.size(); ++i) {
      const db::VectorView v = chunk->column(plan.columns[i].first);
      if (plan.columns[i].second == Role::kTime) {
        AppendTime(table.columns[i].values, v);
      } else {
        AppendNumeric(table.columns[i].values, v);
      }
    }
    if (plan.key) {
      table.keys->Add(chunk->column(*plan.key));
      if (static_cast<int64_t>(table.keys->groups()) > config.max_groups) {
        return Fail(Error(ErrorCode::kPayloadTooLarge, "group_by has more than " +
                                                           std::to_string(config.max_groups) +
                                                           " distinct values (stats.max_groups)")
                        .With("limit", std::to_string(config.max_groups)));
      }
    }
  }
  return table;
}

// ---- computing -------------------------------------------------------------------------------

// The rows of a view selected by `rows`, as doubles (for per-group trends, weights and
// correlations, which need aligned columns).
NumericColumn Gather(const ColumnView& v, const std::vector<uint32_t>& rows) {
  NumericColumn out(NumericType::kFloat64);
  out.Reserve(rows.size());
  for (uint32_t r : rows) {
    if (v.IsValid(r)) {
      out.AppendValue(v.At(r));
    } else {
      out.AppendNull();
    }
  }
  return out;
}

struct Inputs {
  std::vector<const ReadColumn*> values;
  const ReadColumn* weights = nullptr;
  const ReadColumn* trend_x = nullptr;
};

Result<ColumnStats> ComputeColumn(const ReadColumn& col, const ColumnView& view,
                                  const std::optional<ColumnView>& weights,
                                  const std::optional<ColumnView>& x, const StatsSpec& spec) {
  ColumnStats cs;
  cs.name = col.name;
  cs.type = col.type.name;
  if (spec.censor) {
    auto c = SAGAZ_TRY(SummarizeCensored(view, *spec.censor, spec.summary));
    cs.summary = std::move(c.summary);
    cs.censored =
        CensorCounts{spec.censor->method, spec.censor->lower, spec.censor->upper, c.below, c.above};
  } else {
    cs.summary = SAGAZ_TRY(Summarize(view, spec.summary));
  }
  if (weights) cs.weighted = SAGAZ_TRY(Weighted(view, *weights));
  if (x) cs.trend = SAGAZ_TRY(FitTrend(*x, view));
  return cs;
}

Result<CorrelationMatrix> Correlate(const std::vector<std::string>& names,
                                    const std::vector<ColumnView>& views) {
  CorrelationMatrix m;
  m.columns = names;
  const size_t k = views.size();
  m.cells.assign(k, std::vector<std::optional<Relationship>>(k));
  for (size_t i = 0; i < k; ++i) {
    for (size_t j = i + 1; j < k; ++j) {
      auto r = SAGAZ_TRY(Relate(views[i], views[j]));
      m.cells[i][j] = r;
      m.cells[j][i] = std::move(r);
    }
  }
  return m;
}

Result<void> Compute(Table& table, const Inputs& in, const StatsSpec& spec, StatsResult& out) {
  std::optional<ColumnView> weights, x;
  if (in.weights) weights = in.weights->values.view();
  if (in.trend_x) x = in.trend_x->values.view();
  std::vector<std::string> names;
  std::vector<ColumnView> views;
  for (const ReadColumn* c : in.values) {
    views.push_back(c->values.view());
    names.push_back(c->name);
    out.columns.push_back(SAGAZ_TRY(ComputeColumn(*c, views.back(), weights, x, spec)));
  }
  if (spec.correlation && views.size() >= 2) out.correlation = SAGAZ_TRY(Correlate(names, views));
  if (!table.keys) return Ok();

  // Groups: summaries in one counting-sort pass per column; the rest from gathered rows.
  const KeyColumn& keys = *table.keys;
  const size_t groups = keys.groups();
  out.groups.resize(groups);
  std::vector<std::vector<uint32_t>> rows_of(groups);
  for (uint32_t r = 0; r < keys.group_of_row().size(); ++r)
    rows_of[keys.group_of_row()[r]].push_back(r);
  for (size_t g = 0; g < groups; ++g) {
    out.groups[g].key = keys.value(static_cast<uint32_t>(g));
    out.groups[g].rows = static_cast<int64_t>(rows_of[g].size());
    out.groups[g].columns.resize(views.size());
  }
  const bool gathered = spec.censor || weights || x || spec.correlation;
  for (size_t c = 0; c < views.size(); ++c) {
    if (!spec.censor) {
      auto summaries =
          SAGAZ_TRY(SummarizeGroups(views[c], keys.group_of_row(), groups, spec.summary));
      for (size_t g = 0; g < groups; ++g) {
        auto& cs = out.groups[g].columns[c];
        cs.name = in.values[c]->name;
        cs.type = in.values[c]->type.name;
        cs.summary = std::move(summaries[g]);
      }
    }
  }
  if (!gathered) return Ok();
  for (size_t g = 0; g < groups; ++g) {
    std::optional<NumericColumn> gw, gx;
    std::optional<ColumnView> wv, xv;
    if (weights) {
      gw = Gather(*weights, rows_of[g]);
      wv = gw->view();
    }
    if (x) {
      gx = Gather(*x, rows_of[g]);
      xv = gx->view();
    }
    std::vector<NumericColumn> cols;
    std::vector<ColumnView> gviews;
    for (size_t c = 0; c < views.size(); ++c) {
      cols.push_back(Gather(views[c], rows_of[g]));
      gviews.push_back(cols.back().view());
    }
    for (size_t c = 0; c < views.size(); ++c) {
      auto& cs = out.groups[g].columns[c];
      if (spec.censor) {
        cs = SAGAZ_TRY(ComputeColumn(*in.values[c], gviews[c], wv, xv, spec));
        continue;
      }
      if (wv) cs.weighted = SAGAZ_TRY(Weighted(gviews[c], *wv));
      if (xv) cs.trend = SAGAZ_TRY(FitTrend(*xv, gviews[c]));
    }
    if (spec.correlation && gviews.size() >= 2) {
      out.groups[g].correlation = SAGAZ_TRY(Correlate(names, gviews));
    }
  }
  return Ok();
}

Error NotNumeric(const std::string& column, const std::string& type, const char* what) {
  return Error(ErrorCode::kInvalidArgument,
               "column '" + column + "' is " + type + ", not numeric; " + what)
      .With("column", column)
      .With("type", type);
}

// Resolves the spec's columns against the available ones: which to read, in which role.
struct Resolved {
  ReadPlan plan;
  std::vector<size_t> values;  // indices into plan.columns
  std::optional<size_t> weights, trend_x;
  std::string x_unit;
};

Result<Resolved> Resolve(const std::vector<db::Column>& available, const StatsSpec& spec,
                         const std::string& where) {
  auto find = [&](const std::string& name) -> Result<size_t> {
    for (size_t i = 0; i < available.size(); ++i) {
      if (IEquals(available[i].name, name)) return i;
    }
    std::vector<std::string> names;
    for (const auto& c : available) names.push_back(c.name);
    return Fail(Error(ErrorCode::kNotFound, "column '" + name + "' does not exist in " + where +
                                                "; columns are: " + Join(names, ", "))
                    .With("column", name));
  };
  Resolved r;
  auto add = [&](size_t index, Role role) {
    for (size_t i = 0; i < r.plan.columns.size(); ++i) {
      if (r.plan.columns[i].first == index && r.plan.columns[i].second == role) return i;
    }
    r.plan.columns.emplace_back(index, role);
    return r.plan.columns.size() - 1;
  };
  std::set<size_t> special;
  std::optional<size_t> key_index, weight_index, x_index;
  if (spec.group_by) {
    key_index = SAGAZ_TRY(find(*spec.group_by));
    r.plan.key = *key_index;
    special.insert(*key_index);
  }
  if (spec.weights) {
    weight_index = SAGAZ_TRY(find(*spec.weights));
    const auto& c = available[*weight_index];
    if (!IsNumeric(c.type)) {
      return Fail(NotNumeric(c.name, c.type.name, "weights need a numeric column"));
    }
    special.insert(*weight_index);
  }
  if (spec.trend_x) {
    x_index = SAGAZ_TRY(find(*spec.trend_x));
    const auto& c = available[*x_index];
    if (!IsNumeric(c.type) && !IsTime(c.type)) {
      return Fail(NotNumeric(c.name, c.type.name, "a trend needs a numeric, date or time column"));
    }
    special.insert(*x_index);
    r.x_unit = IsTime(c.type) ? "day" : "";
  }
  std::vector<size_t> value_indices;
  if (spec.columns.empty()) {
    for (size_t i = 0; i < available.size(); ++i) {
      if (IsNumeric(available[i].type) && !special.count(i)) value_indices.push_back(i);
    }
    if (value_indices.empty()) {
      return Fail(Error(ErrorCode::kInvalidArgument,
                        where + " has no numeric column to describe; name the columns")
                      .With("field", "columns"));
    }
  } else {
    for (const auto& name : spec.columns) {
      const size_t i = SAGAZ_TRY(find(name));
      const auto& c = available[i];
      if (!IsNumeric(c.type)) {
        return Fail(NotNumeric(
            c.name, c.type.name,
            IsTime(c.type) ? "use it as the trend x instead" : "use it as group_by instead"));
      }
      if (std::find(value_indices.begin(), value_indices.end(), i) == value_indices.end()) {
        value_indices.push_back(i);
      }
    }
  }
  for (size_t i : value_indices) r.values.push_back(add(i, Role::kValue));
  if (weight_index) r.weights = add(*weight_index, Role::kValue);
  if (x_index)
    r.trend_x = add(*x_index, IsTime(available[*x_index].type) ? Role::kTime : Role::kValue);
  return r;
}

// Types the kernels read as double, cast by DuckDB (DECIMAL, HUGEINT, UBIGINT).
bool IsWide(const db::LogicalType& t) {
  const auto id = t.id;
  return id == db::TypeId::kDecimal || id == db::TypeId::kHugeInt || id == db::TypeId::kUHugeInt ||
         id == db::TypeId::kUBigInt;
}

// A dataset column as the read query returns it.
db::Column ReadAs(const db::Column& c) {
  if (!IsWide(c.type)) return c;
  return db::Column{c.name, db::LogicalType{.id = db::TypeId::kDouble, .name = "DOUBLE"}};
}

// From this many rows on, a read without group keys goes through db::Collect.
constexpr int64_t kCollectFrom = 1 << 16;

Status ValidateSpec(const StatsSpec& spec) {
  SAGAZ_TRY(Validate(spec.summary));
  if (spec.censor) {
    const auto& c = *spec.censor;
    if (!c.lower && !c.upper) {
      return Fail(Error(ErrorCode::kInvalidArgument, "censor needs a lower or an upper limit")
                      .With("field", "censor"));
    }
  }
  return Ok();
}

// The statistics of a table already read (by either reader).
Result<StatsResult> ComputeTable(Table table, const Resolved& r, const StatsSpec& spec,
                                 double read_ms, int threads) {
  StatsSpec run = spec;
  run.summary.threads = threads;
  StatsResult out;
  out.read_ms = read_ms;
  out.rows = table.rows;
  out.group_by = spec.group_by;
  out.trend_x = spec.trend_x;
  out.trend_x_unit = r.x_unit;
  Inputs in;
  for (size_t i : r.values) in.values.push_back(&table.columns[i]);
  if (r.weights) in.weights = &table.columns[*r.weights];
  if (r.trend_x) in.trend_x = &table.columns[*r.trend_x];
  Stopwatch compute;
  SAGAZ_TRY(Compute(table, in, run, out));
  out.compute_ms = compute.ElapsedMs();
  return out;
}

}  // namespace

StatsService::StatsService(db::ConnectionPool& pool, catalog::Catalog& catalog,
                           db::Watchdog& watchdog, StatsConfig config, SqlConfig sql)
    : pool_(pool), catalog_(catalog), watchdog_(watchdog), config_(config), sql_(std::move(sql)) {}

Result<StatsResult> StatsService::Describe(const StatsRequest& request) {
  return CatchAll([&]() -> Result<StatsResult> {
    Stopwatch watch;
    SAGAZ_TRY(ValidateSpec(request.spec));
    if (request.dataset.empty()) {
      return Fail(Error(ErrorCode::kInvalidArgument, "name the dataset").With("field", "dataset"));
    }
    // Only datasets of the catalog; their columns as DuckDB types (DECIMAL width and scale too).
    const std::string name = ToLower(request.dataset);
    if (!SAGAZ_TRY(catalog_.Exists(name))) {
      return Fail(Error(ErrorCode::kNotFound, "dataset '" + request.dataset + "' does not exist")
                      .With("dataset", request.dataset));
    }
    auto conn = SAGAZ_TRY(pool_.Acquire());
    auto probe = SAGAZ_TRY(conn->Query("SELECT * FROM " + QuoteIdent(name) + " LIMIT 0"));
    const std::vector<db::Column> available = probe.columns();
    const Resolved r = SAGAZ_TRY(Resolve(available, request.spec, "dataset '" + name + "'"));
    // The columns to read, each once; wide numeric types are cast to DOUBLE by DuckDB (the
    // kernels read DECIMAL as double).
    std::vector<std::string> select;
    std::vector<size_t> selected;
    auto wanted = [&](size_t index) {
      if (std::find(selected.begin(), selected.end(), index) != selected.end()) return;
      selected.push_back(index);
      const auto& c = available[index];
      select.push_back(IsWide(c.type)
                           ? "CAST(" + QuoteIdent(c.name) + " AS DOUBLE) AS " + QuoteIdent(c.name)
                           : QuoteIdent(c.name));
    };
    for (const auto& entry : r.plan.columns) wanted(entry.first);
    if (r.plan.key) wanted(*r.plan.key);
    // The table's row count bounds what the query returns: the columns are allocated once.
    auto count = SAGAZ_TRY(conn->Query("SELECT count(*) FROM " + QuoteIdent(name)));
    const auto rows = SAGAZ_TRY(count.FetchScalar());
    const int64_t table_rows = std::holds_alternative<int64_t>(rows) ? std::get<int64_t>(rows) : 0;
    sql::GuardOptions guard{sql_.policy, SAGAZ_TRY(catalog_.TableNames())};
    std::optional<StatsResult> collected;
    if (!r.plan.key && table_rows >= kCollectFrom) {
      // Large reads without group keys: every core copies its share straight into place.
      const std::string list = "rowid AS __sagaz_row, " + Join(select, ", ");
      const std::string source =
          request.filter
              ? SAGAZ_TRY(sql::CheckFilter(*conn, name, *request.filter, guard, list)).sql
              : "SELECT " + list + " FROM " + QuoteIdent(name);
      std::vector<db::Column> columns;
      for (size_t index : selected) columns.push_back(ReadAs(available[index]));
      collected = SAGAZ_TRY(DescribeCollected(*conn, source, columns, request.spec, table_rows));
    }
    std::string source = QuoteIdent(name);
    if (!collected && request.filter) {
      const auto checked = SAGAZ_TRY(sql::CheckFilter(*conn, name, *request.filter, guard));
      source = "(" + checked.sql + ") AS q";
    }
    auto result = collected
                      ? std::move(*collected)
                      : SAGAZ_TRY(Run(*conn, "SELECT " + Join(select, ", ") + " FROM " + source,
                                      request.spec, table_rows));
    // Report the dataset's own types (DECIMAL(18,2), not the DOUBLE it was read as).
    auto type_of = [&](const std::string& column) {
      for (const auto& c : available)
        if (c.name == column) return c.type.name;
      return std::string();
    };
    for (auto& c : result.columns) c.type = type_of(c.name);
    for (auto& g : result.groups)
      for (auto& c : g.columns) c.type = type_of(c.name);
    result.dataset = name;
    result.filter = request.filter;
    result.elapsed_ms = watch.ElapsedMs();
    log::Info("statistics computed", {{"dataset", name},
                                      {"columns", std::to_string(result.columns.size())},
                                      {"rows", std::to_string(result.rows)},
                                      {"groups", std::to_string(result.groups.size())},
                                      {"elapsed_ms", std::to_string(result.elapsed_ms)}});
    return result;
  });
}

Result<StatsResult> StatsService::Run(db::Connection& conn, const std::string& sql,
                                      const StatsSpec& spec, int64_t expected_rows) {
  Stopwatch watch;
  const auto timeout = std::chrono::milliseconds(sql_.timeout_ms);
  auto dog = watchdog_.Watch(conn, timeout);
  auto timed_out = [&](Error e) {
    if (e.code == ErrorCode::kCancelled && dog.Expired()) {
      return Error(ErrorCode::kTimeout,
                   "reading the data took longer than " + std::to_string(timeout.count()) + " ms")
          .With("rule", "time_limit");
    }
    return e;
  };
  auto query = conn.Query(sql);
  if (!query) return Fail(timed_out(std::move(query).error()));
  auto out = Describe(*query, spec, expected_rows);
  if (!out) return Fail(timed_out(std::move(out).error()));
  out->sql = sql;
  // Reading includes DuckDB's scan and materialization, which happen inside Query().
  out->read_ms = watch.ElapsedMs() - out->compute_ms;
  return out;
}

// Whole columns without group keys read on every core, straight into their places
// (internal/collector.hpp): no materialized result, one copy. nullopt when the table has deleted
// rows (row ids beyond its row count): the caller reads the ordinary way.
Result<std::optional<StatsResult>> StatsService::DescribeCollected(
    db::Connection& conn, const std::string& source_sql,
    const std::vector<db::Column>& select_columns, const StatsSpec& spec, int64_t table_rows) {
  const Resolved r = SAGAZ_TRY(Resolve(select_columns, spec, "the dataset"));
  if (r.plan.key) return std::optional<StatsResult>();
  std::vector<internal::CollectedSpec> specs;
  std::vector<db::Column> columns;
  for (const auto& [index, role] : r.plan.columns) {
    specs.push_back({select_columns[index], role == Role::kTime});
    columns.push_back(select_columns[index]);
  }
  Stopwatch read;
  internal::DenseCollector collector(specs, static_cast<size_t>(table_rows));
  const auto timeout = std::chrono::milliseconds(sql_.timeout_ms);
  auto dog = watchdog_.Watch(conn, timeout);
  if (auto st = db::Collect(conn, source_sql, "__sagaz_row", columns, collector); !st) {
    if (st.error().code == ErrorCode::kFailedPrecondition) return std::optional<StatsResult>();
    if (st.error().code == ErrorCode::kCancelled && dog.Expired()) {
      return Fail(Error(ErrorCode::kTimeout, "reading the data took longer than " +
                                                 std::to_string(timeout.count()) + " ms")
                      .With("rule", "time_limit"));
    }
    return Fail(std::move(st).error());
  }
  Table table;
  auto collected = collector.Finish();
  for (size_t i = 0; i < collected.size(); ++i) {
    table.rows = static_cast<int64_t>(collected[i].size());
    ReadColumn c;
    c.name = columns[i].name;
    c.type = columns[i].type;
    c.role = r.plan.columns[i].second;
    c.values = std::move(collected[i]);
    table.columns.push_back(std::move(c));
  }
  if (table.rows > config_.max_rows) {
    return Fail(Error(ErrorCode::kPayloadTooLarge,
                      "the statistics would read more than " + std::to_string(config_.max_rows) +
                          " rows (stats.max_rows); narrow the filter or raise the limit")
                    .With("limit", std::to_string(config_.max_rows)));
  }
  return std::optional<StatsResult>(
      SAGAZ_TRY(ComputeTable(std::move(table), r, spec, read.ElapsedMs(), config_.threads)));
}

Result<StatsResult> StatsService::DescribeResult(db::QueryResult& result, const StatsSpec& spec) {
  return Describe(result, spec, 0);
}

Result<StatsResult> StatsService::Describe(db::QueryResult& result, const StatsSpec& spec,
                                           int64_t expected_rows) {
  return CatchAll([&]() -> Result<StatsResult> {
    Stopwatch watch;
    SAGAZ_TRY(ValidateSpec(spec));
    const Resolved r = SAGAZ_TRY(Resolve(result.columns(), spec, "the query result"));
    Stopwatch read;
    Table table = SAGAZ_TRY(ReadTable(result, r.plan, config_, expected_rows));
    auto out =
        SAGAZ_TRY(ComputeTable(std::move(table), r, spec, read.ElapsedMs(), config_.threads));
    out.elapsed_ms = watch.ElapsedMs();
    return out;
  });
}

Result<StatsResult> StatsService::DescribeSql(std::string_view sql, const StatsSpec& spec) {
  return CatchAll([&]() -> Result<StatsResult> {
    Stopwatch watch;
    SAGAZ_TRY(ValidateSpec(spec));
    sql::GuardOptions guard{sql_.policy, SAGAZ_TRY(catalog_.TableNames())};
    auto conn = SAGAZ_TRY(pool_.Acquire());
    const auto checked = SAGAZ_TRY(sql::CheckSql(*conn, sql, guard));
    auto out = SAGAZ_TRY(Run(*conn, checked.sql, spec, 0));
    out.elapsed_ms = watch.ElapsedMs();
    return out;
  });
}

}  // namespace sagaz::stats
