// The statistics service over real DuckDB tables: every numeric type, filters through the SQL
// guard, groups, trends over time columns, errors, limits, and agreement with DuckDB's own exact
// aggregates (quantile_cont, min, max, avg, stddev_samp) on a million rows.
#include "stats/service.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "app/app.hpp"
#include "db/db.hpp"
#include "support/support.hpp"

namespace sagaz::stats {
namespace {

class ServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto conn = app_->pool().Acquire();
    ASSERT_TRUE(conn);
    // Every numeric type the reader handles, a time axis, text keys, NULLs and a NaN.
    ASSERT_TRUE((*conn)->Execute(R"sql(
      CREATE TABLE medidas AS
      SELECT i::BIGINT AS id,
             TIMESTAMP '2025-01-01' + INTERVAL (i * 15) MINUTE AS ts,
             DATE '2025-01-01' + (i // 96)::INTEGER AS dia,
             'S' || (i % 4)::VARCHAR AS sensor,
             CASE WHEN i % 97 = 0 THEN NULL WHEN i = 5 THEN 'NaN'::DOUBLE
                  ELSE 10 + (i % 4) - i / 1000.0 + sin(i) END AS nivel,
             (i % 50)::INTEGER AS inteiro,
             (i % 7)::SMALLINT AS pequeno,
             (i % 200)::UTINYINT AS byte,
             ((i % 1000) / 100.0)::DECIMAL(10, 2) AS preco,
             (i % 13)::HUGEINT AS enorme,
             (i / 3.0)::FLOAT AS real32,
             (i % 3 = 0) AS flag,
             CASE WHEN i % 10 = 0 THEN 'falha' ELSE 'ok' END AS status,
             CASE WHEN i % 11 = 0 THEN NULL ELSE 'g' || (i % 3)::VARCHAR END AS grupo,
             1 + (i % 5) AS peso
      FROM range(4000) t(i);
      INSERT INTO _sagaz.datasets(name, created_at, updated_at)
        VALUES ('medidas', now()::TIMESTAMP, now()::TIMESTAMP);
      CREATE TABLE textos AS SELECT 'a' AS x;
      INSERT INTO _sagaz.datasets(name, created_at, updated_at)
        VALUES ('textos', now()::TIMESTAMP, now()::TIMESTAMP);
    )sql"));
  }

  // A scalar from DuckDB.
  double Sql(const std::string& sql) {
    auto conn = app_->pool().Acquire();
    auto r = (*conn)->Query(sql);
    EXPECT_TRUE(r) << sql;
    auto v = r->FetchScalar();
    if (auto* d = std::get_if<double>(&*v)) return *d;
    if (auto* i = std::get_if<int64_t>(&*v)) return static_cast<double>(*i);
    ADD_FAILURE() << "not a number: " << sql;
    return 0;
  }

  Result<StatsResult> Describe(StatsRequest req) { return app_->stats().Describe(req); }

  static StatsRequest Request(std::vector<std::string> columns = {}) {
    StatsRequest req;
    req.dataset = "medidas";
    req.spec.columns = std::move(columns);
    return req;
  }

  testing::TestApp app_;
};

TEST_F(ServiceTest, EveryNumericColumnByDefaultWithItsSqlType) {
  auto r = Describe(Request());
  ASSERT_TRUE(r) << r.error().ToText();
  EXPECT_EQ(r->dataset, "medidas");
  EXPECT_EQ(r->rows, 4000);
  std::map<std::string, std::string> types;
  for (const auto& c : r->columns) types[c.name] = c.type;
  EXPECT_EQ(types, (std::map<std::string, std::string>{{"id", "BIGINT"},
                                                       {"nivel", "DOUBLE"},
                                                       {"inteiro", "INTEGER"},
                                                       {"pequeno", "SMALLINT"},
                                                       {"byte", "UTINYINT"},
                                                       {"preco", "DECIMAL(10,2)"},
                                                       {"enorme", "HUGEINT"},
                                                       {"real32", "FLOAT"},
                                                       {"peso", "BIGINT"}}));
  for (const auto& c : r->columns) {
    const std::string col = "\"" + c.name + "\"";
    EXPECT_EQ(c.summary.count,
              static_cast<int64_t>(Sql("SELECT count(" + col + ") - count(*) FILTER (WHERE isnan(" +
                                       col + "::DOUBLE)) FROM medidas")))
        << c.name;
    EXPECT_DOUBLE_EQ(*c.summary.min, Sql("SELECT min(" + col +
                                         ")::DOUBLE FROM medidas "
                                         "WHERE NOT isnan(" +
                                         col + "::DOUBLE)"))
        << c.name;
    EXPECT_NEAR(
        *c.summary.mean,
        Sql("SELECT avg(" + col + "::DOUBLE) FROM medidas WHERE NOT isnan(" + col + "::DOUBLE)"),
        1e-10 * std::abs(*c.summary.mean) + 1e-12)
        << c.name;
    EXPECT_NEAR(*c.summary.median,
                Sql("SELECT quantile_cont(" + col + "::DOUBLE, 0.5) FROM medidas WHERE NOT isnan(" +
                    col + "::DOUBLE)"),
                1e-12 * std::abs(*c.summary.median))
        << c.name;
  }
  const auto& nivel = *std::find_if(r->columns.begin(), r->columns.end(),
                                    [](const auto& c) { return c.name == "nivel"; });
  EXPECT_EQ(nivel.summary.nulls, 42);  // i % 97 == 0 for 42 values of i
  EXPECT_EQ(nivel.summary.nan, 1);
  EXPECT_TRUE(r->sql.find("CAST(\"preco\" AS DOUBLE)") != std::string::npos) << r->sql;
}

// Type 7 quantiles are DuckDB's exact quantile_cont; the summary agrees with its aggregates.
TEST_F(ServiceTest, MatchesDuckDbExactAggregatesOnAMillionRows) {
  auto conn = app_->pool().Acquire();
  ASSERT_TRUE((*conn)->Execute(
      "CREATE TABLE milhao AS SELECT (hash(i) % 1000003)::DOUBLE / 7.0 - 5000 + "
      "CASE WHEN i % 1000 = 0 THEN 1e6 ELSE 0 END AS x FROM range(1000000) t(i);"
      "INSERT INTO _sagaz.datasets(name, created_at, updated_at) VALUES ('milhao', "
      "now()::TIMESTAMP, now()::TIMESTAMP)"));
  StatsRequest req;
  req.dataset = "milhao";
  req.spec.summary.stats = AllStats();
  req.spec.summary.quantiles = {0.001, 0.01, 0.1, 0.333, 0.9, 0.99, 0.999};
  auto r = Describe(req);
  ASSERT_TRUE(r) << r.error().ToText();
  const auto& s = r->columns.at(0).summary;
  EXPECT_EQ(s.count, 1000000);
  EXPECT_EQ(*s.min, Sql("SELECT min(x) FROM milhao"));
  EXPECT_EQ(*s.max, Sql("SELECT max(x) FROM milhao"));
  EXPECT_NEAR(*s.mean, Sql("SELECT avg(x) FROM milhao"), 1e-9 * std::abs(*s.mean));
  EXPECT_NEAR(*s.std_dev, Sql("SELECT stddev_samp(x) FROM milhao"), 1e-10 * *s.std_dev);
  auto q = [&](double p) {
    return Sql("SELECT quantile_cont(x, " + std::to_string(p) + ") FROM milhao");
  };
  EXPECT_NEAR(*s.median, q(0.5), 1e-12 * std::abs(*s.median));
  EXPECT_NEAR(*s.q1, q(0.25), 1e-12 * std::abs(*s.q1));
  EXPECT_NEAR(*s.q3, q(0.75), 1e-12 * std::abs(*s.q3));
  for (const auto& qv : s.quantiles) {
    EXPECT_NEAR(*qv.value, q(qv.p), 1e-12 * std::abs(*qv.value)) << qv.p;
  }
  EXPECT_NEAR(*s.mad, Sql("SELECT mad(x) FROM milhao"), 1e-12 * *s.mad);
  EXPECT_EQ(*s.distinct, Sql("SELECT count(DISTINCT x) FROM milhao"));
  // The inverted-CDF definition is DuckDB's quantile_disc.
  req.spec.summary.method = QuantileMethod::kInvertedCdf;
  req.spec.summary.stats = {Stat::kMedian, Stat::kQ1, Stat::kQ3};
  auto d = Describe(req);
  ASSERT_TRUE(d);
  EXPECT_EQ(*d->columns[0].summary.q1, Sql("SELECT quantile_disc(x, 0.25) FROM milhao"));
  EXPECT_EQ(*d->columns[0].summary.q3, Sql("SELECT quantile_disc(x, 0.75) FROM milhao"));
}

TEST_F(ServiceTest, FilterGoesThroughTheGuard) {
  auto req = Request({"nivel"});
  req.filter = "status = 'ok' AND sensor IN ('S1', 'S2')";
  auto r = Describe(req);
  ASSERT_TRUE(r) << r.error().ToText();
  EXPECT_EQ(r->rows, static_cast<int64_t>(Sql(
                         "SELECT count(*) FROM medidas WHERE status = 'ok' AND sensor IN ('S1', "
                         "'S2')")));
  EXPECT_NEAR(*r->columns[0].summary.mean,
              Sql("SELECT avg(nivel) FROM medidas WHERE status = 'ok' AND sensor IN ('S1', 'S2') "
                  "AND NOT isnan(nivel)"),
              1e-12);
  struct Bad {
    const char* filter;
    ErrorCode code;
    const char* rule;
  };
  for (const auto& b : std::vector<Bad>{
           {"1=1) UNION ALL SELECT * FROM medidas WHERE (1=1", ErrorCode::kPermissionDenied,
            "filter_only"},
           {"1=1 ORDER BY 1 --", ErrorCode::kInvalidArgument, "syntax"},
           {"id IN (SELECT * FROM read_csv('/etc/passwd'))", ErrorCode::kPermissionDenied,
            "no_table_functions"},
           {"status = 'ok'; DROP TABLE medidas", ErrorCode::kInvalidArgument, "syntax"},
           {"id IN (SELECT id FROM _sagaz.datasets)", ErrorCode::kPermissionDenied,
            "catalog_tables_only"},
           {"nao_existe > 1", ErrorCode::kInvalidArgument, ""},
       }) {
    req.filter = b.filter;
    auto bad = Describe(req);
    ASSERT_FALSE(bad) << b.filter;
    if (*b.rule) {
      EXPECT_EQ(bad.error().code, b.code) << b.filter << ": " << bad.error().ToText();
      EXPECT_EQ(bad.error().Detail("rule"), b.rule) << b.filter;
    }
  }
  EXPECT_EQ(Sql("SELECT count(*) FROM medidas"), 4000);  // nothing was dropped
}

TEST_F(ServiceTest, GroupsMatchSqlGroupByWithANullGroup) {
  auto req = Request({"nivel", "inteiro"});
  req.spec.group_by = "grupo";
  req.spec.summary.stats = AllStats();
  auto r = Describe(req);
  ASSERT_TRUE(r) << r.error().ToText();
  ASSERT_EQ(r->groups.size(), 4u);  // g0, g1, g2 and NULL
  int64_t rows = 0;
  bool saw_null = false;
  for (const auto& g : r->groups) {
    rows += g.rows;
    std::string where;
    if (std::holds_alternative<std::monostate>(g.key)) {
      saw_null = true;
      where = "grupo IS NULL";
    } else {
      where = "grupo = '" + std::get<std::string>(g.key) + "'";
    }
    EXPECT_EQ(g.rows, Sql("SELECT count(*) FROM medidas WHERE " + where));
    ASSERT_EQ(g.columns.size(), 2u);
    EXPECT_EQ(g.columns[1].name, "inteiro");
    EXPECT_EQ(*g.columns[1].summary.sum, Sql("SELECT sum(inteiro) FROM medidas WHERE " + where));
    EXPECT_NEAR(
        *g.columns[0].summary.median,
        Sql("SELECT quantile_cont(nivel, 0.5) FROM medidas WHERE NOT isnan(nivel) AND " + where),
        1e-12);
  }
  EXPECT_TRUE(saw_null);
  EXPECT_EQ(rows, 4000);
  // A numeric key groups by value.
  auto by_number = Request({"nivel"});
  by_number.spec.group_by = "pequeno";
  auto n = Describe(by_number);
  ASSERT_TRUE(n);
  EXPECT_EQ(n->groups.size(), 7u);
  EXPECT_TRUE(std::holds_alternative<int64_t>(n->groups[0].key));
}

TEST_F(ServiceTest, TrendAgainstTimeCorrelationWeightsAndCensoring) {
  auto req = Request({"nivel", "inteiro"});
  req.spec.trend_x = "ts";
  req.spec.correlation = true;
  req.spec.weights = "peso";
  req.spec.censor = Censoring{.lower = 5.0, .upper = 12.0, .method = CensorMethod::kLimit};
  auto r = Describe(req);
  ASSERT_TRUE(r) << r.error().ToText();
  EXPECT_EQ(r->trend_x_unit, "day");
  const auto& nivel = r->columns[0];
  ASSERT_TRUE(nivel.trend && nivel.trend->ols);
  // nivel falls by 1/1000 per row, rows are 15 minutes apart: −0.096 per day.
  EXPECT_NEAR(nivel.trend->ols->slope, -0.096, 0.01);
  EXPECT_EQ(nivel.trend->mann_kendall->trend, "decreasing");
  ASSERT_TRUE(nivel.censored);
  EXPECT_EQ(nivel.censored->below,
            Sql("SELECT count(*) FROM medidas WHERE nivel < 5 AND NOT isnan(nivel)"));
  EXPECT_EQ(nivel.censored->above,
            Sql("SELECT count(*) FROM medidas WHERE nivel > 12 AND NOT isnan(nivel)"));
  ASSERT_TRUE(nivel.weighted);
  EXPECT_GT(nivel.weighted->sum_weights, 0);
  ASSERT_TRUE(r->correlation);
  ASSERT_TRUE(r->correlation->cells[0][1]);
  EXPECT_TRUE(r->correlation->cells[0][1]->pearson);
  // Dates work as x too; grouped trends per key.
  auto by_day = Request({"nivel"});
  by_day.spec.trend_x = "dia";
  by_day.spec.group_by = "sensor";
  auto d = Describe(by_day);
  ASSERT_TRUE(d) << d.error().ToText();
  ASSERT_EQ(d->groups.size(), 4u);
  for (const auto& g : d->groups) {
    ASSERT_TRUE(g.columns[0].trend);
    EXPECT_LT(g.columns[0].trend->theil_sen->slope, 0);
  }
}

TEST_F(ServiceTest, ClearErrors) {
  struct Case {
    StatsRequest req;
    ErrorCode code;
    const char* needle;
  };
  auto with = [](auto fn) {
    auto r = Request();
    fn(r);
    return r;
  };
  std::vector<Case> cases = {
      {with([](auto& r) { r.dataset = "nada"; }), ErrorCode::kNotFound, "dataset 'nada'"},
      {with([](auto& r) { r.spec.columns = {"nada"}; }), ErrorCode::kNotFound, "column 'nada'"},
      {with([](auto& r) { r.spec.columns = {"status"}; }), ErrorCode::kInvalidArgument,
       "not numeric"},
      {with([](auto& r) { r.spec.columns = {"ts"}; }), ErrorCode::kInvalidArgument, "trend"},
      {with([](auto& r) { r.spec.group_by = "nada"; }), ErrorCode::kNotFound, "column 'nada'"},
      {with([](auto& r) { r.spec.weights = "status"; }), ErrorCode::kInvalidArgument, "weights"},
      {with([](auto& r) { r.spec.trend_x = "status"; }), ErrorCode::kInvalidArgument, "trend"},
      {with([](auto& r) { r.spec.summary.trim = 0.7; }), ErrorCode::kInvalidArgument, "trim"},
      {with([](auto& r) { r.dataset = "textos"; }), ErrorCode::kInvalidArgument,
       "no numeric column"},
      {with([](auto& r) { r.dataset = ""; }), ErrorCode::kInvalidArgument, "dataset"},
  };
  for (const auto& c : cases) {
    auto r = Describe(c.req);
    ASSERT_FALSE(r) << c.needle;
    EXPECT_EQ(r.error().code, c.code) << r.error().ToText();
    EXPECT_NE(r.error().message.find(c.needle), std::string::npos) << r.error().message;
  }
}

TEST_F(ServiceTest, EmptySelectionGivesNullsWithAReason) {
  auto req = Request({"nivel"});
  req.filter = "id < 0";
  auto r = Describe(req);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->rows, 0);
  const auto& s = r->columns[0].summary;
  EXPECT_EQ(s.count, 0);
  EXPECT_FALSE(s.mean);
  EXPECT_EQ(s.NoteFor(Stat::kMean), "the input has no rows");
}

TEST_F(ServiceTest, LimitsOnRowsAndGroups) {
  testing::TempDir dir;
  Config config = testing::TestConfig(dir.path());
  config.stats.max_rows = 1000;
  config.stats.max_groups = 2;
  auto app = App::Open(config);
  ASSERT_TRUE(app);
  auto conn = (*app)->pool().Acquire();
  ASSERT_TRUE((*conn)->Execute(
      "CREATE TABLE t AS SELECT range::DOUBLE AS x, range % 5 AS k FROM range(5000);"
      "INSERT INTO _sagaz.datasets(name, created_at, updated_at) VALUES ('t', now()::TIMESTAMP, "
      "now()::TIMESTAMP)"));
  StatsRequest req;
  req.dataset = "t";
  req.spec.columns = {"x"};
  auto big = (*app)->stats().Describe(req);
  ASSERT_FALSE(big);
  EXPECT_EQ(big.error().code, ErrorCode::kPayloadTooLarge);
  req.filter = "x < 500";
  EXPECT_TRUE((*app)->stats().Describe(req));
  req.spec.group_by = "k";
  auto groups = (*app)->stats().Describe(req);
  ASSERT_FALSE(groups);
  EXPECT_EQ(groups.error().code, ErrorCode::kPayloadTooLarge);
  EXPECT_NE(groups.error().message.find("max_groups"), std::string::npos);
}

// Ask's entry points: a result it already holds, and untrusted SQL through the guard.
TEST_F(ServiceTest, DescribeResultAndDescribeSql) {
  auto conn = app_->pool().Acquire();
  auto result = (*conn)->Query("SELECT ts, nivel, sensor FROM medidas WHERE sensor = 'S1'");
  ASSERT_TRUE(result);
  StatsSpec spec;
  spec.trend_x = "ts";
  auto r = app_->stats().DescribeResult(*result, spec);
  ASSERT_TRUE(r) << r.error().ToText();
  ASSERT_EQ(r->columns.size(), 1u);  // nivel: the only numeric column besides the trend x
  EXPECT_EQ(r->columns[0].name, "nivel");
  EXPECT_EQ(r->rows, 1000);
  EXPECT_TRUE(r->columns[0].trend);
  auto s = app_->stats().DescribeSql("SELECT nivel, inteiro FROM medidas WHERE status = 'falha'",
                                     StatsSpec{});
  ASSERT_TRUE(s) << s.error().ToText();
  EXPECT_EQ(s->rows, 400);
  EXPECT_EQ(s->columns.size(), 2u);
  auto refused = app_->stats().DescribeSql("DELETE FROM medidas", StatsSpec{});
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kPermissionDenied);
  auto files = app_->stats().DescribeSql("SELECT * FROM read_csv('/etc/passwd')", StatsSpec{});
  ASSERT_FALSE(files);
  EXPECT_EQ(files.error().Detail("rule"), "no_table_functions");
}

// Large reads without group keys go through db::Collect (every core copies its share into place);
// the result is the ordinary reader's, bit for bit: same rows, same order, so same sums.
TEST_F(ServiceTest, ParallelReadsEqualTheOrdinaryReader) {
  auto conn = app_->pool().Acquire();
  ASSERT_TRUE((*conn)->Execute(R"sql(
    CREATE TABLE grande AS
    SELECT TIMESTAMP '2025-01-01' + INTERVAL (i) MINUTE AS ts,
           DATE '2025-01-01' + (i // 1440)::INTEGER AS dia,
           CASE WHEN i % 97 = 0 THEN NULL ELSE 10 + sin(i) * 3 + i / 1e5 END AS nivel,
           (i % 50)::INTEGER AS inteiro,
           (i % 7)::SMALLINT AS pequeno,
           ((i % 1000) / 100.0)::DECIMAL(10, 2) AS preco,
           (i / 3.0)::FLOAT AS real32,
           i::BIGINT AS grande_int,
           CASE WHEN i % 10 = 0 THEN 'falha' ELSE 'ok' END AS status
    FROM range(70000) t(i);
    INSERT INTO _sagaz.datasets(name, created_at, updated_at)
      VALUES ('grande', now()::TIMESTAMP, now()::TIMESTAMP);
  )sql"));
  const std::vector<std::string> columns = {"nivel", "inteiro", "pequeno",
                                            "preco", "real32",  "grande_int"};
  auto same = [&](const StatsResult& a, const StatsResult& b) {
    ASSERT_EQ(a.rows, b.rows);
    ASSERT_EQ(a.columns.size(), b.columns.size());
    for (size_t c = 0; c < a.columns.size(); ++c) {
      const auto &x = a.columns[c].summary, &y = b.columns[c].summary;
      EXPECT_EQ(x.count, y.count) << a.columns[c].name;
      EXPECT_EQ(x.nulls, y.nulls) << a.columns[c].name;
      EXPECT_EQ(x.sum, y.sum) << a.columns[c].name;
      EXPECT_EQ(x.mean, y.mean) << a.columns[c].name;
      EXPECT_EQ(x.std_dev, y.std_dev) << a.columns[c].name;
      EXPECT_EQ(x.median, y.median) << a.columns[c].name;
      EXPECT_EQ(x.q1, y.q1) << a.columns[c].name;
      ASSERT_EQ(a.columns[c].trend.has_value(), b.columns[c].trend.has_value());
      if (a.columns[c].trend && a.columns[c].trend->theil_sen) {
        EXPECT_EQ(a.columns[c].trend->theil_sen->slope, b.columns[c].trend->theil_sen->slope);
      }
    }
  };
  for (const char* filter : {"", "status = 'falha'", "inteiro > 40 AND nivel IS NOT NULL"}) {
    StatsRequest req;
    req.dataset = "grande";
    req.spec.columns = columns;
    if (*filter == 0) {  // a trend once, of one column: exact Theil–Sen is not cheap
      req.spec.columns = {"nivel"};
      req.spec.trend_x = "ts";
    }
    if (*filter) req.filter = filter;
    auto parallel = Describe(req);
    ASSERT_TRUE(parallel) << parallel.error().ToText();
    std::string sql =
        *filter ? "SELECT ts, nivel, inteiro, pequeno, preco, real32, grande_int FROM grande"
                : "SELECT ts, nivel FROM grande";
    if (*filter) sql += std::string(" WHERE ") + filter;
    auto ordinary = app_->stats().DescribeSql(sql, req.spec);
    ASSERT_TRUE(ordinary) << ordinary.error().ToText();
    same(*parallel, *ordinary);
  }
  // Deleted rows leave row ids beyond the row count: the ordinary reader takes over.
  ASSERT_TRUE((*conn)->Execute("DELETE FROM grande WHERE inteiro = 3"));
  StatsRequest req;
  req.dataset = "grande";
  req.spec.columns = {"nivel"};
  auto after = Describe(req);
  ASSERT_TRUE(after) << after.error().ToText();
  auto ordinary = app_->stats().DescribeSql("SELECT nivel FROM grande", req.spec);
  ASSERT_TRUE(ordinary);
  same(*after, *ordinary);
  EXPECT_EQ(after->rows, 68600);
}

}  // namespace
}  // namespace sagaz::stats
