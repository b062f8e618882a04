// Ask with the builtin parser over the demo data: every number an answer gives is checked against
// DuckDB's own SQL over the same rows.
#include "ask/ask.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>

#include "catalog/catalog.hpp"
#include "demo/demo.hpp"
#include "ingest/ingest.hpp"
#include "sql/query.hpp"
#include "support/support.hpp"

namespace sagaz::ask {
namespace {

using ::testing::HasSubstr;

double Num(const db::Value& v) {
  if (const auto* d = std::get_if<double>(&v)) return *d;
  if (const auto* i = std::get_if<int64_t>(&v)) return static_cast<double>(*i);
  ADD_FAILURE() << "not a number";
  return NAN;
}

void ExpectNear(double got, double want) {
  EXPECT_NEAR(got, want, 1e-9 * std::max(1.0, std::abs(want)));
}

class AskTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    app_ = new testing::TestApp([](Config& c) { c.ask.max_rows = 5'000'000; });
    auto summary = demo::Generate((*app_)->pool(), (*app_)->catalog(), {});
    ASSERT_TRUE(summary) << summary.error().ToText();
  }
  static void TearDownTestSuite() { delete app_; }

  static Answer Ask(const std::string& question, AskRequest request = {}) {
    request.question = question;
    auto a = (*app_)->ask().Ask(request);
    EXPECT_TRUE(a) << question << ": " << a.error().ToText();
    return a ? std::move(*a) : Answer{};
  }
  static sql::QueryResult Sql(const std::string& sql) {
    auto r = (*app_)->query().Run(sql);
    EXPECT_TRUE(r) << sql << ": " << r.error().ToText();
    return r ? std::move(*r) : sql::QueryResult{};
  }

  static testing::TestApp* app_;
};

testing::TestApp* AskTest::app_ = nullptr;

TEST_F(AskTest, SeedQuestionWaterLevelOverTime) {
  const Answer a = Ask("Qual foi o nível de água registrado ao longo do tempo?");
  EXPECT_EQ(a.status, AnswerStatus::kOk);
  EXPECT_EQ(a.table, "leituras_sensores");
  EXPECT_EQ(a.engine, Engine::kBuiltin);
  EXPECT_EQ(a.policy, sql::Policy::kStrict);
  EXPECT_EQ(a.plan.shape, nlq::Shape::kSeries);
  EXPECT_THAT(a.query, HasSubstr("nivel_agua"));
  EXPECT_THAT(a.query, ::testing::Not(HasSubstr("avg(")));
  ASSERT_TRUE(a.statistics);
  auto want =
      Sql("SELECT count(nivel_agua), avg(nivel_agua), min(nivel_agua), max(nivel_agua), "
          "quantile_cont(nivel_agua, 0.5), quantile_cont(nivel_agua, 0.25), "
          "quantile_cont(nivel_agua, 0.75), "
          "stddev_samp(nivel_agua) FROM leituras_sensores");
  const auto& w = want.rows[0];
  EXPECT_EQ(a.statistics->count, static_cast<int64_t>(Num(w[0])));
  ExpectNear(*a.statistics->mean, Num(w[1]));
  ExpectNear(*a.statistics->min, Num(w[2]));
  ExpectNear(*a.statistics->max, Num(w[3]));
  ExpectNear(*a.statistics->median, Num(w[4]));
  ExpectNear(*a.statistics->q1, Num(w[5]));
  ExpectNear(*a.statistics->q3, Num(w[6]));
  ExpectNear(*a.statistics->std_dev, Num(w[7]));
  ExpectNear(*a.statistics->coef_var, Num(w[7]) / Num(w[1]));
  ASSERT_TRUE(a.trend && a.trend->mann_kendall && a.trend->theil_sen);
  EXPECT_EQ(a.chart.kind, insights::ChartKind::kLine);
  EXPECT_LE(a.chart.x.size(), 1500u);
  EXPECT_THAT(a.insight, HasSubstr("nível da água"));
  EXPECT_THAT(a.insight, HasSubstr("Mann–Kendall"));
  EXPECT_GT(a.timings.total_ms, 0);
}

TEST_F(AskTest, MeanPerGroupMatchesSql) {
  const Answer a = Ask("Qual a média de temperatura por sensor?");
  ASSERT_EQ(a.plan.shape, nlq::Shape::kGrouped);
  auto want =
      Sql("SELECT sensor, avg(temperatura) FROM leituras_sensores GROUP BY 1 ORDER BY 2 DESC");
  ASSERT_EQ(a.result.rows.size(), want.rows.size());
  for (size_t i = 0; i < want.rows.size(); ++i) {
    EXPECT_EQ(std::get<std::string>(a.result.rows[i][0]), std::get<std::string>(want.rows[i][0]));
    ExpectNear(Num(a.result.rows[i][1]), Num(want.rows[i][1]));
  }
  EXPECT_EQ(a.chart.kind, insights::ChartKind::kBar);
  EXPECT_THAT(a.insight, HasSubstr("S08"));
}

TEST_F(AskTest, StandardPolicyAggregatesInSqlWithTheSameAnswer) {
  AskRequest standard;
  standard.policy = sql::Policy::kStandard;
  const Answer s = Ask("Qual a média de temperatura por sensor?", standard);
  const Answer strict = Ask("Qual a média de temperatura por sensor?");
  EXPECT_EQ(s.policy, sql::Policy::kStandard);
  EXPECT_THAT(s.query, HasSubstr("avg("));
  ASSERT_EQ(s.result.rows.size(), strict.result.rows.size());
  for (size_t i = 0; i < s.result.rows.size(); ++i) {
    ExpectNear(Num(s.result.rows[i][1]), Num(strict.result.rows[i][1]));
  }
}

TEST_F(AskTest, CountWithFilterMatchesSql) {
  const Answer a = Ask("Quantos pedidos foram cancelados?");
  ASSERT_TRUE(a.value);
  auto want = Sql("SELECT count(*) FROM orders WHERE status = 'Cancelled'");
  EXPECT_EQ(Num(*a.value), Num(want.rows[0][0]));
  EXPECT_EQ(a.chart.kind, insights::ChartKind::kNumber);
  EXPECT_THAT(a.insight, HasSubstr("do total de 26.000"));
}

TEST_F(AskTest, TopRowsMatchSql) {
  const Answer a = Ask("top 5 produtos mais caros");
  auto want = Sql("SELECT name, retail_price FROM products ORDER BY retail_price DESC LIMIT 5");
  ASSERT_EQ(a.result.rows.size(), 5u);
  for (size_t i = 0; i < 5; ++i) ExpectNear(Num(a.result.rows[i].back()), Num(want.rows[i][1]));
}

TEST_F(AskTest, RevenuePerMonthMatchesSql) {
  const Answer a = Ask("What is the total revenue by month?");
  EXPECT_EQ(a.language, nlq::Language::kEnglish);
  ASSERT_EQ(a.plan.bucket, nlq::Bucket::kMonth);
  auto want =
      Sql("SELECT date_trunc('month', created_at), sum(sale_price) FROM order_items GROUP BY 1 "
          "ORDER BY 1");
  ASSERT_EQ(a.result.rows.size(), want.rows.size());
  for (size_t i = 0; i < want.rows.size(); ++i)
    ExpectNear(Num(a.result.rows[i][1]), Num(want.rows[i][1]));
  EXPECT_THAT(a.insight, HasSubstr("per month"));
  EXPECT_THAT(a.insight, HasSubstr("upward trend"));
}

// Rankings of periods: the engine cuts the periods from the raw times (strict) and DuckDB's SQL
// ranks them (standard); both agree with the SQL written by hand.
TEST_F(AskTest, RankingsOfPeriodsMatchSql) {
  for (const sql::Policy policy : {sql::Policy::kStrict, sql::Policy::kStandard}) {
    const Answer top3 = Ask("Top 3 months by revenue", {.policy = policy});
    EXPECT_EQ(top3.plan.shape, nlq::Shape::kTop) << sql::ToString(policy);
    EXPECT_EQ(top3.plan.bucket, nlq::Bucket::kMonth) << sql::ToString(policy);
    auto want =
        Sql("SELECT strftime(date_trunc('month', created_at), '%Y-%m'), sum(sale_price) AS v "
            "FROM order_items GROUP BY 1 ORDER BY v DESC LIMIT 3");
    ASSERT_EQ(top3.result.rows.size(), 3u) << sql::ToString(policy);
    for (size_t i = 0; i < 3; ++i) {
      EXPECT_EQ(std::get<std::string>(top3.result.rows[i][0]),
                std::get<std::string>(want.rows[i][0]))
          << sql::ToString(policy);
      ExpectNear(Num(top3.result.rows[i][1]), Num(want.rows[i][1]));
    }
    EXPECT_EQ(top3.chart.kind, insights::ChartKind::kBar) << sql::ToString(policy);

    const Answer weekday = Ask("Qual dia da semana tem mais pedidos?", {.policy = policy});
    auto busiest =
        Sql("SELECT dayofweek(created_at) AS d, count(*) AS n FROM orders GROUP BY 1 "
            "ORDER BY n DESC LIMIT 1");
    ASSERT_EQ(weekday.result.rows.size(), 1u) << sql::ToString(policy);
    EXPECT_EQ(Num(weekday.result.rows[0][1]), Num(busiest.rows[0][1])) << sql::ToString(policy);
    static const char* const kDays[] = {"domingo", "segunda", "terça", "quarta",
                                        "quinta",  "sexta",   "sábado"};
    EXPECT_EQ(std::get<std::string>(weekday.result.rows[0][0]),
              kDays[static_cast<size_t>(Num(busiest.rows[0][0]))])
        << sql::ToString(policy);
  }
}

TEST_F(AskTest, SalesOverTimeAreTotalsPerPeriod) {
  const Answer a = Ask("Como as vendas evoluíram ao longo do tempo?");
  EXPECT_EQ(a.plan.aggregate, nlq::Aggregate::kSum);
  EXPECT_NE(a.plan.bucket, nlq::Bucket::kNone);
}

TEST_F(AskTest, DayOfWeekIsSevenGroups) {
  const Answer a = Ask("Quantos pedidos por dia da semana?");
  ASSERT_EQ(a.result.rows.size(), 7u);
  double total = 0;
  for (const auto& r : a.result.rows) total += Num(r[1]);
  EXPECT_EQ(total, Num(Sql("SELECT count(*) FROM orders").rows[0][0]));
  EXPECT_EQ(std::get<std::string>(a.result.rows[0][0]), "domingo");
}

TEST_F(AskTest, DescribeGivesTheDistribution) {
  const Answer a = Ask("Descreva a umidade");
  EXPECT_EQ(a.language, nlq::Language::kPortuguese);
  ASSERT_TRUE(a.statistics);
  ASSERT_TRUE(a.statistics->histogram);
  EXPECT_EQ(a.chart.kind, insights::ChartKind::kHistogram);
  ExpectNear(*a.statistics->mean,
             Num(Sql("SELECT avg(umidade) FROM leituras_sensores").rows[0][0]));
}

TEST_F(AskTest, ListingKeepsTheFirstRowsAndCountsAll) {
  const Answer a = Ask("liste os pedidos cancelados");
  EXPECT_EQ(a.plan.shape, nlq::Shape::kRows);
  EXPECT_LE(a.result.rows.size(), 100u);
  EXPECT_EQ(a.result.total_rows,
            static_cast<int64_t>(
                Num(Sql("SELECT count(*) FROM orders WHERE status = 'Cancelled'").rows[0][0])));
}

TEST_F(AskTest, ACountPerThingIsTheSameUnderBothPolicies) {
  // "Em média, quantos itens tem um pedido": strict reads the keys and counts them itself.
  const double expected =
      Num(Sql("SELECT avg(n) FROM (SELECT count(*) AS n FROM order_items GROUP BY order_id)")
              .rows[0][0]);
  for (const sql::Policy policy : {sql::Policy::kStrict, sql::Policy::kStandard}) {
    const Answer a = Ask("Em média, quantos itens tem um pedido?", {.policy = policy});
    ASSERT_EQ(a.status, AnswerStatus::kOk) << sql::ToString(policy);
    ASSERT_TRUE(a.plan.per.has_value()) << sql::ToString(policy);
    ASSERT_TRUE(a.value.has_value()) << sql::ToString(policy);
    EXPECT_NEAR(std::get<double>(*a.value), expected, 1e-9) << sql::ToString(policy);
  }
}

TEST_F(AskTest, EditedSqlReplacesTheQueryAndStillPassesTheGuard) {
  const std::string question = "Qual a temperatura média de cada sensor?";
  const Answer original = Ask(question);
  ASSERT_EQ(original.result.rows.size(), 8u);
  // The user narrows the query the answer showed.
  AskRequest edited;
  edited.sql = original.query + " WHERE leituras_sensores.sensor IN ('S01', 'S02')";
  const Answer narrowed = Ask(question, edited);
  EXPECT_EQ(narrowed.result.rows.size(), 2u);
  EXPECT_THAT(narrowed.query, HasSubstr("S02"));
  auto want = Sql("SELECT avg(temperatura) FROM leituras_sensores WHERE sensor = 'S01'");
  bool found = false;
  for (const auto& row : narrowed.result.rows) {
    if (std::get<std::string>(row[0]) == "S01") {
      ExpectNear(Num(row[1]), Num(want.rows[0][0]));
      found = true;
    }
  }
  EXPECT_TRUE(found);
  // Hostile or shape-breaking edits get clear errors.
  AskRequest hostile;
  hostile.sql = "SELECT * FROM read_csv('/etc/passwd')";
  hostile.question = question;
  auto refused = (*app_)->ask().Ask(hostile);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(refused.error().Detail("rule"), "no_table_functions");
  AskRequest narrow;
  narrow.question = question;
  narrow.sql = "SELECT temperatura FROM leituras_sensores";
  auto misfit = (*app_)->ask().Ask(narrow);
  ASSERT_FALSE(misfit);
  EXPECT_EQ(misfit.error().code, ErrorCode::kInvalidArgument);
  EXPECT_THAT(misfit.error().message, HasSubstr("consulta editada"));
}

// Issue 15: grouped, ranked and time-series answers over zero rows crashed the process (the
// reader's columns were only known from a first chunk). Every shape over an empty selection is an
// answer that says nothing matched, under both policies.
TEST_F(AskTest, AnswersOverNoRowsSayNothingMatched) {
  for (const sql::Policy policy : {sql::Policy::kStrict, sql::Policy::kStandard}) {
    for (const char* question :
         {"Quantos pedidos por mês em 2031?", "top 3 categories by revenue in 1999",
          "média de preço por marca em 2040", "Qual a temperatura média por sensor em 1990?",
          "Quantos pedidos por dia da semana em 2031?", "Top 3 months by revenue in 1999",
          "Como o nível de água evoluiu em 2031?", "total de vendas por mês em 2031",
          "top 5 produtos mais caros vendidos em 1999", "Descreva a umidade em 2031"}) {
      auto a = (*app_)->ask().Ask({.question = question, .policy = policy});
      ASSERT_TRUE(a) << question << ": " << a.error().ToText();
      if (a->status != AnswerStatus::kOk) continue;
      EXPECT_EQ(a->rows_read, 0) << question << " (" << sql::ToString(policy) << "): " << a->query;
      EXPECT_FALSE(a->insight.empty()) << question;
      for (const auto& row : a->result.rows) {
        for (const auto& v : row) {
          if (const auto* d = std::get_if<double>(&v)) {
            EXPECT_EQ(*d, 0) << question << ": a value from no rows";
          }
        }
      }
    }
  }
}

// Issue 15: a grouped answer over a join whose keys never meet (reviews of products that are not
// in the catalog) read no rows and crashed the server.
TEST(AskJoins, GroupedAnswersOverAJoinThatMatchesNothing) {
  testing::TestApp app;
  ASSERT_TRUE(demo::Generate(app->pool(), app->catalog(), {}));
  ingest::Request r;
  r.path = testing::WriteFile(app.dir() / "avaliacoes.csv",
                              "review_id,product_id,nota,comentario\n"
                              "1,900001,5,bom\n2,900002,3,ok\n3,900003,1,ruim\n");
  r.dataset = "avaliacoes";
  ASSERT_TRUE(app->ingestor().Run(r));
  for (const char* question : {"nota média por categoria de produto", "average nota by brand",
                               "top 3 brands by nota", "quantas avaliações por categoria?"}) {
    auto a = app->ask().Ask({.question = question});
    ASSERT_TRUE(a || a.error().code == ErrorCode::kInvalidArgument)
        << question << ": " << a.error().ToText();
  }
}

TEST_F(AskTest, ClearErrorsForBadQuestions) {
  AskRequest r;
  r.question = "   ";
  EXPECT_EQ((*app_)->ask().Ask(r).error().code, ErrorCode::kInvalidArgument);
  r.question = std::string(3000, 'a');
  EXPECT_EQ((*app_)->ask().Ask(r).error().code, ErrorCode::kInvalidArgument);
  r.question = "\xff\xfe";
  EXPECT_EQ((*app_)->ask().Ask(r).error().code, ErrorCode::kInvalidArgument);
  r.question = "blorf zquux wibble";
  EXPECT_EQ((*app_)->ask().Ask(r).error().code, ErrorCode::kInvalidArgument);
  r.question = "média de temperatura";
  r.dataset = "nao_existe";
  EXPECT_EQ((*app_)->ask().Ask(r).error().code, ErrorCode::kNotFound);
  r.dataset.reset();
  EXPECT_EQ(ParseEngine("gpt").error().code, ErrorCode::kInvalidArgument);
}

TEST_F(AskTest, NoModelConfiguredFallsBackWithAWarning) {
  AskRequest r;
  r.engine = Engine::kLlm;
  const Answer a = Ask("Qual a média de temperatura?", r);
  EXPECT_EQ(a.engine, Engine::kBuiltin);
  ASSERT_FALSE(a.warnings.empty());
  EXPECT_THAT(a.warnings[0], HasSubstr("nenhum modelo de linguagem"));
}

TEST(AskLimits, ReadingStopsAtMaxRowsAndSaysSo) {
  testing::TestApp app([](Config& c) { c.ask.max_rows = 1000; });
  ASSERT_TRUE(demo::Generate(app->pool(), app->catalog(), {}));
  auto a = app->ask().Ask({.question = "Qual a média do nível de água?"});
  ASSERT_TRUE(a) << a.error().ToText();
  EXPECT_TRUE(a->truncated);
  EXPECT_EQ(a->rows_read, 1000);
  ASSERT_FALSE(a->warnings.empty());
  EXPECT_THAT(a->insight, HasSubstr("ask.max_rows"));
}

// Ask's view of the catalog is cached; a dataset loaded, described or dropped reaches the next
// question without a restart.
TEST(AskCatalog, QuestionsSeeEveryCommittedChange) {
  testing::TestApp app;
  auto load = [&](const std::string& name, const std::string& csv) {
    ingest::Request r;
    r.path = testing::WriteFile(app.dir() / (name + ".csv"), csv);
    auto report = app->ingestor().Run(r);
    ASSERT_TRUE(report) << report.error().ToText();
  };
  load("sinistros", "cd_apolice,vlr_pg\n1,100\n2,300\n3,200\n");
  const std::string question = "What is the average payout?";
  auto before = app->ask().Ask({.question = question});
  EXPECT_FALSE(before && before->status == AnswerStatus::kOk && before->statistics_of == "vlr_pg")
      << "payout is not a word of the data yet";

  catalog::DescriptionUpdate u;
  u.columns["vlr_pg"] = "valor pago / payout";
  ASSERT_TRUE(app->catalog().Update("sinistros", u));
  auto described = app->ask().Ask({.question = question});
  ASSERT_TRUE(described) << described.error().ToText();
  ASSERT_TRUE(described->value);
  EXPECT_DOUBLE_EQ(Num(*described->value), 200);

  load("clientes", "cidade,idade\nRecife,30\nNatal,50\n");
  auto added = app->ask().Ask({.question = "Qual a idade média dos clientes?"});
  ASSERT_TRUE(added) << added.error().ToText();
  EXPECT_EQ(added->table, "clientes");
  ASSERT_TRUE(added->value);
  EXPECT_DOUBLE_EQ(Num(*added->value), 40);

  ASSERT_TRUE(app->catalog().Drop("clientes"));
  auto dropped = app->ask().Ask({.question = "Qual a idade média dos clientes?"});
  EXPECT_FALSE(dropped && dropped->table == "clientes");
}

TEST(AskEmpty, NoDatasetsIsAFailedPrecondition) {
  testing::TestApp app;
  auto a = app->ask().Ask({.question = "Qual a média de temperatura?"});
  ASSERT_FALSE(a);
  EXPECT_EQ(a.error().code, ErrorCode::kFailedPrecondition);
}

}  // namespace
}  // namespace sagaz::ask
