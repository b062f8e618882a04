// DashboardService over a real App: saved questions of every kind, re-runs after the data changed
// (fresh results, cached ones when nothing changed, what broke when the shape changed), dashboards
// with filters, public links, collection roles and bundles; and the exporter's files.
#include "dashboards/dashboards.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "catalog/catalog.hpp"
#include "exports/exports.hpp"
#include "ingest/ingest.hpp"
#include "support/support.hpp"

namespace sagaz::dashboards {
namespace {

const Viewer kAnalyst{"ana", auth::Role::kAnalyst};
const Viewer kViewer{"vera", auth::Role::kViewer};
const Viewer kAdmin{"root", auth::Role::kAdmin};

class DashboardsTest : public ::testing::Test {
 protected:
  void Load(const std::string& name, const std::string& csv,
            ingest::Mode mode = ingest::Mode::kCreate) {
    ingest::Request r;
    r.path = testing::WriteFile(app_.dir() / (name + ".csv"), csv);
    r.dataset = name;
    r.mode = mode;
    auto report = app_->ingestor().Run(r);
    ASSERT_TRUE(report) << report.error().ToText();
  }
  void SetUp() override {
    Load("vendas",
         "dia,loja,valor\n2024-01-05,A,10.5\n2024-01-20,B,20\n2024-02-03,A,30\n2024-02-10,B,5\n"
         "2024-03-01,A,7.25\n");
    Load("metas", "loja,meta\nA,40\nB,30\n");
  }
  DashboardService& svc() { return app_->dashboards(); }

  static NewQuestion Sql(std::string name, std::string sql) {
    NewQuestion q;
    q.name = std::move(name);
    q.kind = QuestionKind::kSql;
    q.sql = std::move(sql);
    return q;
  }

  testing::TestApp app_;
};

TEST_F(DashboardsTest, SavedSqlQuestionKeepsWhatItRanAndRunsAgain) {
  auto q = Sql("Vendas por loja",
               "SELECT loja, sum(valor) AS total FROM vendas GROUP BY loja ORDER BY loja");
  q.chart.type = ChartType::kBar;
  q.chart.x = "loja";
  q.chart.y = {"total"};
  auto saved = svc().CreateQuestion(kAnalyst, q);
  ASSERT_TRUE(saved) << saved.error().ToText();
  EXPECT_TRUE(saved->id.starts_with("q_"));
  EXPECT_EQ(saved->collection, kDefaultCollection);
  EXPECT_EQ(saved->owner, "ana");
  EXPECT_EQ(saved->tables, std::vector<std::string>{"vendas"});
  EXPECT_NE(saved->ran_sql.find("vendas"), std::string::npos);
  ASSERT_EQ(saved->result_columns.size(), 2u);
  EXPECT_EQ(saved->chart.type, ChartType::kBar);

  // The first run was remembered: the next is served from the cache.
  auto run = svc().RunQuestion(kViewer, saved->id, {});
  ASSERT_TRUE(run) << run.error().ToText();
  EXPECT_TRUE(run->cached);
  ASSERT_EQ(run->rows.size(), 2u);
  EXPECT_DOUBLE_EQ(*db::DoubleOf(run->rows[0][1]), 47.75);

  // New rows: a new data version, so fresh results.
  Load("vendas", "dia,loja,valor\n2024-03-02,A,100\n", ingest::Mode::kAppend);
  auto fresh = svc().RunQuestion(kViewer, saved->id, {});
  ASSERT_TRUE(fresh);
  EXPECT_FALSE(fresh->cached);
  EXPECT_DOUBLE_EQ(*db::DoubleOf(fresh->rows[0][1]), 147.75);
}

TEST_F(DashboardsTest, AQuestionWhoseDatasetChangedShapeSaysWhatBroke) {
  auto q = Sql("Total", "SELECT loja, sum(valor) AS total FROM vendas GROUP BY loja");
  q.chart.y = {"total"};
  auto saved = svc().CreateQuestion(kAnalyst, q);
  ASSERT_TRUE(saved);
  // The column `valor` is gone.
  Load("vendas", "dia,loja,preco\n2024-01-05,A,10.5\n", ingest::Mode::kReplace);
  auto run = svc().RunQuestion(kAnalyst, saved->id, {});
  ASSERT_FALSE(run);
  EXPECT_EQ(run.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_NE(run.error().Detail("problems").find("valor"), std::string::npos)
      << run.error().ToText();
  // The dataset is gone.
  ASSERT_TRUE(app_->catalog().Drop("vendas"));
  run = svc().RunQuestion(kAnalyst, saved->id, {});
  ASSERT_FALSE(run);
  EXPECT_NE(run.error().Detail("problems").find("dataset 'vendas' no longer exists"),
            std::string::npos)
      << run.error().ToText();
}

TEST_F(DashboardsTest, ChartColumnsMustBeInTheResult) {
  auto q = Sql("x", "SELECT loja FROM vendas");
  q.chart.y = {"total"};
  auto saved = svc().CreateQuestion(kAnalyst, q);
  ASSERT_FALSE(saved);
  EXPECT_EQ(saved.error().Detail("field"), "chart");
}

TEST_F(DashboardsTest, StatsQuestionsRunThroughTheStatisticsService) {
  NewQuestion q;
  q.name = "Resumo";
  q.kind = QuestionKind::kStats;
  q.stats = R"({"dataset": "vendas", "columns": ["valor"], "group_by": "loja"})";
  auto saved = svc().CreateQuestion(kAnalyst, q);
  ASSERT_TRUE(saved) << saved.error().ToText();
  FilterValues only_a{{"loja", {"A", "", ""}}};
  auto run = svc().RunQuestion(kAnalyst, saved->id, only_a);
  ASSERT_TRUE(run) << run.error().ToText();
  ASSERT_TRUE(run->statistics);
  EXPECT_EQ(run->statistics->rows, 3);
  EXPECT_EQ(run->filters_applied, std::vector<std::string>{"loja"});
}

TEST_F(DashboardsTest, DashboardFiltersNarrowTheCardsThatHaveTheColumn) {
  auto by_store = svc().CreateQuestion(
      kAnalyst, Sql("Por loja",
                    "SELECT loja, sum(valor) AS total FROM vendas GROUP BY loja "
                    "ORDER BY loja"));
  auto goals = svc().CreateQuestion(kAnalyst, Sql("Metas", "SELECT * FROM metas ORDER BY loja"));
  auto months = svc().CreateQuestion(
      kAnalyst, Sql("Por mês",
                    "SELECT date_trunc('month', dia) AS mes, sum(valor) AS total FROM "
                    "vendas GROUP BY 1 ORDER BY 1"));
  ASSERT_TRUE(by_store && goals && months);
  NewDashboard d;
  d.name = "Lojas";
  d.cards = {Card{CardKind::kQuestion, by_store->id}, Card{CardKind::kQuestion, goals->id},
             Card{CardKind::kKpi, months->id}, Card{CardKind::kMarkdown, "", "", "# Notas"}};
  d.filters = {Filter{"dia", FilterKind::kDateRange, "Período", {}}};
  auto board = svc().CreateDashboard(kAnalyst, d);
  ASSERT_TRUE(board) << board.error().ToText();
  ASSERT_EQ(board->cards.size(), 4u);
  // Positions were filled in, two cards a row.
  EXPECT_EQ(board->cards[1].position->x, 6);
  EXPECT_EQ(board->cards[2].position->y, 4);

  FilterValues feb{{"dia", {"", "2024-02-01", "2024-02-29"}}};
  auto opened = svc().OpenDashboard(kViewer, board->id, feb);
  ASSERT_TRUE(opened) << opened.error().ToText();
  ASSERT_EQ(opened->cards.size(), 4u);
  const auto& store = *opened->cards[0].result;
  EXPECT_EQ(store.filters_applied, std::vector<std::string>{"dia"});
  EXPECT_DOUBLE_EQ(*db::DoubleOf(store.rows[0][1]), 30);
  EXPECT_DOUBLE_EQ(*db::DoubleOf(store.rows[1][1]), 5);
  // metas has no `dia`: untouched.
  EXPECT_TRUE(opened->cards[1].result->filters_applied.empty());
  EXPECT_EQ(opened->cards[1].result->rows.size(), 2u);
  // The KPI: one month left after the filter.
  EXPECT_DOUBLE_EQ(*opened->cards[2].kpi_value, 35);
  EXPECT_FALSE(opened->cards[3].result);

  // Unfiltered, the KPI compares the last month with the one before.
  opened = svc().OpenDashboard(kViewer, board->id, {});
  ASSERT_TRUE(opened);
  EXPECT_DOUBLE_EQ(*opened->cards[2].kpi_value, 7.25);
  EXPECT_DOUBLE_EQ(*opened->cards[2].kpi_previous, 35);

  FilterValues bad{{"dia", {"", "February", ""}}};
  EXPECT_FALSE(svc().OpenDashboard(kViewer, board->id, bad));
  // A question on a dashboard cannot be deleted.
  auto del = svc().DeleteQuestion(kAnalyst, goals->id);
  ASSERT_FALSE(del);
  EXPECT_EQ(del.error().code, ErrorCode::kFailedPrecondition);
}

TEST_F(DashboardsTest, PublicLinksShowResultsWithoutSqlAndCanBeRevoked) {
  auto q = svc().CreateQuestion(kAnalyst, Sql("Total", "SELECT sum(valor) AS total FROM vendas"));
  ASSERT_TRUE(q);
  NewDashboard d;
  d.name = "Público";
  d.cards = {Card{CardKind::kQuestion, q->id}};
  auto board = svc().CreateDashboard(kAnalyst, d);
  ASSERT_TRUE(board);
  EXPECT_FALSE(svc().CreatePublicLink(kViewer, board->id));  // viewers cannot share
  auto link = svc().CreatePublicLink(kAnalyst, board->id);
  ASSERT_TRUE(link);
  EXPECT_EQ(link->token.size(), 48u);
  EXPECT_EQ(svc().CreatePublicLink(kAnalyst, board->id)->token, link->token);
  EXPECT_EQ(svc().GetDashboard(kAnalyst, board->id)->public_token, link->token);
  EXPECT_FALSE(svc().GetDashboard(kViewer, board->id)->public_token);

  auto page = svc().OpenPublic(link->token, {});
  ASSERT_TRUE(page) << page.error().ToText();
  ASSERT_TRUE(page->cards[0].result);
  EXPECT_TRUE(page->cards[0].result->ran_sql.empty());
  EXPECT_TRUE(page->cards[0].question->sql.empty());
  EXPECT_DOUBLE_EQ(*db::DoubleOf(*page->cards[0].result->value), 72.75);

  ASSERT_TRUE(svc().RevokePublicLink(kAnalyst, board->id));
  auto gone = svc().OpenPublic(link->token, {});
  ASSERT_FALSE(gone);
  EXPECT_EQ(gone.error().code, ErrorCode::kNotFound);
  EXPECT_FALSE(svc().OpenPublic("not-a-token", {}));
}

TEST_F(DashboardsTest, CollectionRolesDecideWhoSeesAndEdits) {
  EXPECT_FALSE(svc().CreateQuestion(kViewer, Sql("x", "SELECT 1 AS x")));  // default: analyst
  NewQuestion secret = Sql("Margem", "SELECT 1 AS x");
  secret.collection = "diretoria";
  auto q = svc().CreateQuestion(kAnalyst, secret);
  ASSERT_TRUE(q);
  EXPECT_TRUE(svc().GetQuestion(kViewer, q->id));
  EXPECT_FALSE(
      svc().SetCollection(kAnalyst, {"diretoria", auth::Role::kAdmin, auth::Role::kAdmin}));
  ASSERT_TRUE(svc().SetCollection(kAdmin, {"diretoria", auth::Role::kAnalyst, auth::Role::kAdmin}));
  auto denied = svc().GetQuestion(kViewer, q->id);
  ASSERT_FALSE(denied);
  EXPECT_EQ(denied.error().code, ErrorCode::kPermissionDenied);
  EXPECT_TRUE(svc().GetQuestion(kAnalyst, q->id));
  EXPECT_FALSE(svc().UpdateQuestion(kAnalyst, q->id, secret));
  EXPECT_TRUE(svc().UpdateQuestion(kAdmin, q->id, secret));
  EXPECT_EQ(svc().ListQuestions(kViewer)->size(), 0u);
  EXPECT_EQ(svc().ListQuestions(kAnalyst)->size(), 1u);
}

TEST_F(DashboardsTest, UpdatesBumpTheVersionAndBundlesRoundTrip) {
  auto q = svc().CreateQuestion(kAnalyst, Sql("A", "SELECT loja FROM vendas"));
  ASSERT_TRUE(q);
  auto changed = svc().UpdateQuestion(kAnalyst, q->id, Sql("B", "SELECT loja, valor FROM vendas"));
  ASSERT_TRUE(changed) << changed.error().ToText();
  EXPECT_EQ(changed->version, 2);
  EXPECT_EQ(changed->name, "B");
  EXPECT_EQ(changed->created_at, q->created_at);
  auto run = svc().RunQuestion(kAnalyst, q->id, {});
  ASSERT_TRUE(run);
  EXPECT_EQ(run->columns.size(), 2u);

  NewDashboard d;
  d.name = "Exportável";
  d.cards = {Card{CardKind::kQuestion, q->id}, Card{CardKind::kKpi, q->id}};
  auto board = svc().CreateDashboard(kAnalyst, d);
  ASSERT_TRUE(board);
  auto bundle = svc().ExportBundle(kAnalyst, board->id);
  ASSERT_TRUE(bundle);
  EXPECT_EQ(bundle->questions.size(), 1u);
  auto copy = svc().ImportBundle(kAnalyst, *bundle, "copias");
  ASSERT_TRUE(copy) << copy.error().ToText();
  EXPECT_NE(copy->id, board->id);
  EXPECT_EQ(copy->collection, "copias");
  EXPECT_NE(copy->cards[0].question_id, q->id);
  EXPECT_EQ(copy->cards[0].question_id, copy->cards[1].question_id);
  EXPECT_EQ(svc().ListDashboards(kAnalyst)->size(), 2u);
  ASSERT_TRUE(svc().DeleteDashboard(kAnalyst, board->id));
  EXPECT_EQ(svc().ListDashboards(kAnalyst)->size(), 1u);
}

std::string Slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST_F(DashboardsTest, ExportsWriteEveryRowInTheChosenFormat) {
  exports::Options br{exports::Format::kCsv, ';', ',', true};
  auto file = app_->exporter().Export("SELECT loja, valor FROM vendas ORDER BY dia",
                                      sql::Policy::kStandard, br, "vendas por loja");
  ASSERT_TRUE(file) << file.error().ToText();
  EXPECT_EQ(file->filename(), "vendas-por-loja.csv");
  EXPECT_EQ(file->prefix(), "\xEF\xBB\xBF");
  const std::string csv = Slurp(file->path());
  EXPECT_TRUE(csv.starts_with("loja;valor\nA;10,5\n")) << csv;
  const auto path = file->path();
  { exports::File gone = std::move(*file); }
  EXPECT_FALSE(std::filesystem::exists(path));

  auto json = app_->exporter().Export("SELECT loja FROM vendas", sql::Policy::kStandard,
                                      {exports::Format::kJson});
  ASSERT_TRUE(json);
  EXPECT_NE(Slurp(json->path()).find("\"loja\":\"A\""), std::string::npos);
  auto parquet = app_->exporter().Export("SELECT * FROM vendas", sql::Policy::kStandard,
                                         {exports::Format::kParquet});
  ASSERT_TRUE(parquet);
  EXPECT_TRUE(Slurp(parquet->path()).starts_with("PAR1"));
  // The guard still decides what runs.
  auto refused =
      app_->exporter().Export("SELECT * FROM read_csv('/etc/passwd')", sql::Policy::kStandard, {});
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kPermissionDenied);
}

}  // namespace
}  // namespace sagaz::dashboards
