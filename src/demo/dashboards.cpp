#include "demo/dashboards.hpp"

#include <set>
#include <string>

namespace sagaz::demo {

namespace {

using dashboards::Card;
using dashboards::CardKind;
using dashboards::ChartType;
using dashboards::NewQuestion;
using dashboards::Position;
using dashboards::QuestionKind;

// Who creates them: the demo is set up by whoever runs `sagaz demo`, with an admin's rights.
const dashboards::Viewer kSetup{"sagaz", auth::Role::kAdmin};

// Orders that count as sales: neither cancelled nor returned.
constexpr std::string_view kSold = "status NOT IN ('Cancelled', 'Returned')";

NewQuestion Sql(std::string name, std::string description, std::string sql,
                dashboards::ChartSettings chart) {
  NewQuestion q;
  q.name = std::move(name);
  q.description = std::move(description);
  q.collection = std::string(kDashboardCollection);
  q.kind = QuestionKind::kSql;
  q.sql = std::move(sql);
  q.language = "pt";
  q.chart = std::move(chart);
  return q;
}

dashboards::ChartSettings Chart(ChartType type, std::string x, std::vector<std::string> y,
                                std::string series = "", std::string number_format = "") {
  dashboards::ChartSettings c;
  c.type = type;
  c.x = std::move(x);
  c.y = std::move(y);
  c.series = std::move(series);
  c.number_format = std::move(number_format);
  return c;
}

Card QuestionCard(const std::string& id, Position p, CardKind kind = CardKind::kQuestion) {
  Card c;
  c.kind = kind;
  c.question_id = id;
  c.position = p;
  return c;
}

Card Text(std::string text, Position p) {
  Card c;
  c.kind = CardKind::kMarkdown;
  c.text = std::move(text);
  c.position = p;
  return c;
}

// Removes earlier shipped dashboards of these names, and the questions only they used.
Status RemoveOld(dashboards::DashboardService& svc, const std::set<std::string>& names) {
  std::set<std::string> questions;
  for (const auto& d : SAGAZ_TRY(svc.ListDashboards(kSetup))) {
    if (d.collection != kDashboardCollection || !names.contains(d.name)) continue;
    for (const auto& c : d.cards) {
      if (!c.question_id.empty()) questions.insert(c.question_id);
    }
    SAGAZ_TRY(svc.DeleteDashboard(kSetup, d.id));
  }
  for (const auto& id : questions) {
    auto st = svc.DeleteQuestion(kSetup, id);
    // Still on a dashboard someone made from it: it stays.
    if (!st && st.error().code != ErrorCode::kFailedPrecondition) return st;
  }
  return Ok();
}

Result<dashboards::Dashboard> Vendas(dashboards::DashboardService& svc) {
  auto save = [&](NewQuestion q) -> Result<std::string> {
    return SAGAZ_TRY(svc.CreateQuestion(kSetup, q)).id;
  };
  const std::string gmv = SAGAZ_TRY(save(
      Sql("GMV por mês", "Receita bruta das vendas (itens não cancelados nem devolvidos) por mês.",
          "SELECT date_trunc('month', created_at) AS mes, round(sum(sale_price), 2) AS gmv "
          "FROM order_items WHERE " +
              std::string(kSold) + " GROUP BY 1 ORDER BY 1",
          Chart(ChartType::kArea, "mes", {"gmv"}, "", "currency:BRL"))));
  const std::string orders = SAGAZ_TRY(
      save(Sql("Pedidos por mês", "Pedidos feitos por mês, em qualquer situação.",
               "SELECT date_trunc('month', created_at) AS mes, count(*) AS pedidos FROM orders "
               "GROUP BY 1 ORDER BY 1",
               Chart(ChartType::kBar, "mes", {"pedidos"}))));
  const std::string aov = SAGAZ_TRY(save(
      Sql("Ticket médio por mês", "Valor médio de um pedido (AOV): GMV dividido pelos pedidos.",
          "SELECT date_trunc('month', created_at) AS mes, round(sum(sale_price) / "
          "count(DISTINCT order_id), 2) AS ticket_medio FROM order_items WHERE " +
              std::string(kSold) + " GROUP BY 1 ORDER BY 1",
          Chart(ChartType::kLine, "mes", {"ticket_medio"}, "", "currency:BRL"))));
  const std::string categories = SAGAZ_TRY(
      save(Sql("Top categorias", "As dez categorias de maior receita.",
               "SELECT p.category AS categoria, round(sum(i.sale_price), 2) AS receita, "
               "count(DISTINCT i.order_id) AS pedidos FROM order_items i JOIN products p ON p.id = "
               "i.product_id WHERE i." +
                   std::string(kSold) + " GROUP BY 1 ORDER BY 2 DESC LIMIT 10",
               Chart(ChartType::kHorizontalBar, "categoria", {"receita"}, "", "currency:BRL"))));
  const std::string cancellations = SAGAZ_TRY(save(
      Sql("Cancelamentos por mês", "Parte dos pedidos do mês que foi cancelada, em %.",
          "SELECT date_trunc('month', created_at) AS mes, round(100 * avg(CASE WHEN status = "
          "'Cancelled' THEN 1 ELSE 0 END), 2) AS cancelados_pct, count(*) AS pedidos FROM orders "
          "GROUP BY 1 ORDER BY 1",
          Chart(ChartType::kLine, "mes", {"cancelados_pct"}, "", "percent"))));
  const std::string by_status = SAGAZ_TRY(save(
      Sql("Pedidos por situação", "Quantos pedidos estão em cada situação.",
          "SELECT status AS situacao, count(*) AS pedidos FROM orders GROUP BY 1 ORDER BY 2 DESC",
          Chart(ChartType::kDonut, "situacao", {"pedidos"}))));

  dashboards::NewDashboard d;
  d.name = "Vendas";
  d.description = "GMV, pedidos, ticket médio, categorias e cancelamentos da loja (theLook).";
  d.collection = std::string(kDashboardCollection);
  d.cards = {
      Text("## Vendas\nGMV, pedidos e ticket médio por mês; as categorias que mais vendem e os "
           "cancelamentos. Use os filtros de período e de situação.",
           {0, 0, 6, 2}),
      QuestionCard(gmv, {6, 0, 3, 2}, CardKind::kKpi),
      QuestionCard(aov, {9, 0, 3, 2}, CardKind::kKpi),
      QuestionCard(gmv, {0, 2, 6, 4}),
      QuestionCard(orders, {6, 2, 6, 4}),
      QuestionCard(aov, {0, 6, 6, 4}),
      QuestionCard(categories, {6, 6, 6, 4}),
      QuestionCard(cancellations, {0, 10, 6, 4}),
      QuestionCard(by_status, {6, 10, 6, 4}),
  };
  d.filters = {{"created_at", dashboards::FilterKind::kDateRange, "Período", {}},
               {"status", dashboards::FilterKind::kValue, "Situação", {}}};
  return svc.CreateDashboard(kSetup, d);
}

Result<dashboards::Dashboard> Sensores(dashboards::DashboardService& svc) {
  auto save = [&](NewQuestion q) -> Result<std::string> {
    return SAGAZ_TRY(svc.CreateQuestion(kSetup, q)).id;
  };
  const std::string levels = SAGAZ_TRY(save(
      Sql("Nível da água por sensor", "Nível médio diário de cada sensor, em metros.",
          "SELECT date_trunc('day', \"timestamp\") AS dia, sensor, round(avg(nivel_agua), 3) AS "
          "nivel_medio FROM leituras_sensores GROUP BY 1, 2 ORDER BY 1, 2",
          Chart(ChartType::kLine, "dia", {"nivel_medio"}, "sensor"))));
  const std::string latest = SAGAZ_TRY(save(Sql(
      "Nível médio por dia", "Nível médio de todos os sensores por dia.",
      "SELECT date_trunc('day', \"timestamp\") AS dia, round(avg(nivel_agua), 3) AS nivel_medio "
      "FROM leituras_sensores GROUP BY 1 ORDER BY 1",
      Chart(ChartType::kLine, "dia", {"nivel_medio"}))));
  const std::string histogram = SAGAZ_TRY(
      save(Sql("Distribuição do nível", "Quantas leituras caem em cada faixa de 10 cm de nível.",
               "SELECT round(floor(nivel_agua * 10) / 10, 1) AS faixa_m, count(*) AS leituras FROM "
               "leituras_sensores WHERE nivel_agua IS NOT NULL GROUP BY 1 ORDER BY 1",
               Chart(ChartType::kHistogram, "faixa_m", {"leituras"}))));
  NewQuestion spread;
  spread.name = "Nível por sensor: resumo e outliers";
  spread.description =
      "Quartis, média, desvio padrão e leituras fora das cercas de Tukey, por sensor.";
  spread.collection = std::string(kDashboardCollection);
  spread.kind = QuestionKind::kStats;
  spread.stats =
      R"({"dataset":"leituras_sensores","columns":["nivel_agua"],"group_by":"sensor",)"
      R"("stats":["count","min","q1","median","q3","max","mean","std_dev","outliers_iqr"]})";
  spread.language = "pt";
  spread.chart.type = ChartType::kBoxplot;
  const std::string summary = SAGAZ_TRY(save(spread));
  const std::string outliers = SAGAZ_TRY(save(Sql(
      "Leituras atípicas", "Leituras a mais de 3 desvios padrão da média do seu sensor.",
      "WITH s AS (SELECT sensor, avg(nivel_agua) AS media, stddev_samp(nivel_agua) AS dp FROM "
      "leituras_sensores GROUP BY sensor) SELECT l.\"timestamp\" AS momento, l.sensor, "
      "l.nivel_agua, round((l.nivel_agua - s.media) / s.dp, 2) AS desvios FROM leituras_sensores "
      "l JOIN s ON s.sensor = l.sensor WHERE abs(l.nivel_agua - s.media) > 3 * s.dp ORDER BY "
      "abs(l.nivel_agua - s.media) / s.dp DESC LIMIT 200",
      Chart(ChartType::kScatter, "momento", {"nivel_agua"}, "sensor"))));
  const std::string status = SAGAZ_TRY(save(
      Sql("Leituras por estado", "Leituras ok, em alerta (nível alto) e com falha, por sensor.",
          "SELECT sensor, status, count(*) AS leituras FROM leituras_sensores GROUP BY 1, 2 ORDER "
          "BY 1, 2",
          Chart(ChartType::kStackedBar, "sensor", {"leituras"}, "status"))));

  dashboards::NewDashboard d;
  d.name = "Sensores";
  d.description =
      "Nível da água ao longo do tempo por sensor, sua distribuição e as leituras "
      "atípicas.";
  d.collection = std::string(kDashboardCollection);
  d.cards = {
      Text("## Sensores\nNível da água por sensor ao longo do tempo, a distribuição das leituras "
           "e os outliers. Filtre por sensor ou período.",
           {0, 0, 8, 2}),
      QuestionCard(latest, {8, 0, 4, 2}, CardKind::kKpi),
      QuestionCard(levels, {0, 2, 12, 5}),
      QuestionCard(histogram, {0, 7, 6, 4}),
      QuestionCard(summary, {6, 7, 6, 4}),
      QuestionCard(outliers, {0, 11, 6, 5}),
      QuestionCard(status, {6, 11, 6, 5}),
  };
  d.filters = {{"sensor", dashboards::FilterKind::kValue, "Sensor", {}},
               {"timestamp", dashboards::FilterKind::kDateRange, "Período", {}}};
  return svc.CreateDashboard(kSetup, d);
}

}  // namespace

Result<std::vector<dashboards::Dashboard>> CreateDashboards(dashboards::DashboardService& svc) {
  SAGAZ_TRY(RemoveOld(svc, {"Vendas", "Sensores"}));
  std::vector<dashboards::Dashboard> out;
  out.push_back(SAGAZ_TRY(Vendas(svc)));
  out.push_back(SAGAZ_TRY(Sensores(svc)));
  return out;
}

}  // namespace sagaz::demo
