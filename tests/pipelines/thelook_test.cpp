// The shipped `thelook` pipeline on demo data: each metric against an independent computation
// written here from the raw tables (not from the staged ones the pipeline reads), and a re-run
// over unchanged input that writes nothing.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "app/app.hpp"
#include "catalog/catalog.hpp"
#include "db/db.hpp"
#include "demo/demo.hpp"
#include "pipelines/pipelines.hpp"
#include "support/support.hpp"

namespace sagaz::pipelines {
namespace {

class Thelook : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    test_ = new testing::TestApp();
    ASSERT_TRUE(demo::Generate((*test_)->pool(), (*test_)->catalog(), {}));
    auto r = (*test_)->pipelines().Run({"thelook", false, "", ""});
    ASSERT_TRUE(r) << r.error().message;
    report_ = new RunReport(*r);
  }
  static void TearDownTestSuite() {
    delete report_;
    delete test_;
  }
  static double Num(const std::string& sql) {
    auto conn = (*test_)->pool().Acquire();
    EXPECT_TRUE(conn);
    auto r = (*conn)->Query(sql);
    EXPECT_TRUE(r) << (r ? "" : r.error().message) << "\n" << sql;
    if (!r) return NAN;
    auto v = r->FetchScalar();
    return v ? db::DoubleOf(*v).value_or(NAN) : NAN;
  }
  static std::vector<double> Column(const std::string& sql) {
    auto conn = (*test_)->pool().Acquire();
    auto r = (*conn)->Query(sql);
    EXPECT_TRUE(r) << (r ? "" : r.error().message);
    std::vector<double> out;
    auto rows = r->FetchRows();
    EXPECT_TRUE(rows);
    for (auto& row : *rows) out.push_back(db::DoubleOf(row[0]).value_or(NAN));
    return out;
  }
  // Quantile with linear interpolation between closest ranks (numpy's default), computed here.
  static double Quantile(std::vector<double> v, double p) {
    std::sort(v.begin(), v.end());
    const double pos = p * static_cast<double>(v.size() - 1);
    const auto lo = static_cast<size_t>(std::floor(pos));
    const size_t hi = std::min(lo + 1, v.size() - 1);
    return v[lo] + (v[hi] - v[lo]) * (pos - static_cast<double>(lo));
  }
  static testing::TestApp* test_;
  static RunReport* report_;
};
testing::TestApp* Thelook::test_ = nullptr;
RunReport* Thelook::report_ = nullptr;

TEST_F(Thelook, RunSucceedsAndEveryMetricIsADocumentedDataset) {
  ASSERT_EQ(report_->status, RunStatus::kSucceeded) << report_->error;
  int metrics = 0;
  for (const auto& n : report_->nodes) {
    EXPECT_EQ(n.status, NodeStatus::kSucceeded) << n.node << ": " << n.error;
    EXPECT_GT(n.rows_written, 0) << n.node;
    auto info = (*test_)->catalog().Get(n.node);
    ASSERT_TRUE(info) << n.node;
    EXPECT_FALSE(info->description.empty()) << n.node;
    metrics += n.node.starts_with("metric_");
  }
  EXPECT_EQ(metrics, 16);
}

TEST_F(Thelook, RerunOnTheSameInputWritesNothing) {
  auto again = (*test_)->pipelines().Run({"thelook", false, "", ""});
  ASSERT_TRUE(again) << again.error().message;
  for (const auto& n : again->nodes) {
    EXPECT_EQ(n.status, NodeStatus::kSucceeded) << n.node << ": " << n.error;
    EXPECT_EQ(n.rows_written, 0) << n.node;
  }
}

TEST_F(Thelook, Sales) {
  // GMV and AOV per month, from the raw tables.
  const char* raw = R"(
    SELECT date_trunc('month', o.created_at) AS m, sum(oi.sale_price) AS gmv,
           sum(oi.sale_price) / count(DISTINCT o.order_id) AS aov
    FROM orders o JOIN order_items oi ON oi.order_id = o.order_id
    WHERE o.status <> 'Cancelled' GROUP BY 1)";
  EXPECT_LT(Num(std::string("SELECT max(abs(r.gmv - s.gmv::DOUBLE)) FROM (") + raw +
                ") r JOIN metric_sales_monthly s ON s.month = r.m"),
            0.005);
  EXPECT_LT(Num(std::string("SELECT max(abs(r.aov - s.aov)) FROM (") + raw +
                ") r JOIN metric_sales_monthly s ON s.month = r.m"),
            1e-5);
  EXPECT_EQ(Num("SELECT count(*) FROM metric_sales_monthly"),
            Num("SELECT count(DISTINCT date_trunc('month', created_at)) FROM orders"));
  EXPECT_EQ(Num("SELECT sum(orders) FROM metric_sales_daily"), Num("SELECT count(*) FROM orders"));
  EXPECT_EQ(Num("SELECT sum(cancelled_orders) FROM metric_sales_daily"),
            Num("SELECT count(*) FROM orders WHERE status = 'Cancelled'"));
  // Cancellation rate of one busy day.
  EXPECT_NEAR(Num("SELECT cancellation_rate FROM metric_sales_daily ORDER BY orders DESC, day "
                  "LIMIT 1"),
              Num("WITH d AS (SELECT created_at::DATE AS day, count(*) AS n FROM orders GROUP BY 1 "
                  "ORDER BY n DESC, day LIMIT 1) SELECT avg((status = 'Cancelled')::INT) FROM "
                  "orders WHERE created_at::DATE = (SELECT day FROM d)"),
              1e-12);
  // Per category, brand and department, GMV adds up to the same total.
  const double total = Num("SELECT sum(sale_price) FROM order_items WHERE status <> 'Cancelled'");
  for (const char* t :
       {"metric_sales_by_category", "metric_sales_by_brand", "metric_sales_by_department"}) {
    EXPECT_NEAR(Num(std::string("SELECT sum(gmv)::DOUBLE FROM ") + t), total, 0.01) << t;
  }
  EXPECT_NEAR(Num("SELECT gmv::DOUBLE FROM metric_sales_by_category WHERE category = 'Jeans' "
                  "ORDER BY month DESC LIMIT 1"),
              Num("SELECT sum(oi.sale_price) FROM order_items oi, products p WHERE p.id = "
                  "oi.product_id AND p.category = 'Jeans' AND oi.status <> 'Cancelled' AND "
                  "date_trunc('month', oi.created_at) = (SELECT max(date_trunc('month', "
                  "created_at)) FROM order_items oi2 JOIN products p2 ON p2.id = oi2.product_id "
                  "WHERE p2.category = 'Jeans')"),
              0.005);
}

TEST_F(Thelook, Customers) {
  EXPECT_NEAR(Num("SELECT sum(lifetime_value)::DOUBLE FROM metric_customer_ltv"),
              Num("SELECT sum(sale_price) FROM order_items WHERE status NOT IN ('Cancelled', "
                  "'Returned')"),
              0.01);
  EXPECT_EQ(Num("SELECT count(*) FROM metric_customer_ltv"), Num("SELECT count(*) FROM users"));
  const double buyers =
      Num("SELECT count(DISTINCT user_id) FROM orders WHERE status <> 'Cancelled'");
  // Cohorts: month 0 holds every buyer once, with retention 1.
  EXPECT_EQ(Num("SELECT sum(active_customers) FROM metric_cohort_retention WHERE month_number = 0"),
            buyers);
  EXPECT_EQ(Num("SELECT min(retention_rate) FROM metric_cohort_retention WHERE month_number = 0"),
            1);
  // Month-1 retention of the first cohort, counted by a different route (EXISTS).
  EXPECT_NEAR(
      Num("SELECT retention_rate FROM metric_cohort_retention WHERE month_number = 1 ORDER BY "
          "cohort_month LIMIT 1"),
      Num(R"(WITH fo AS (SELECT user_id, min(date_trunc('month', created_at)) AS c FROM orders
                            WHERE status <> 'Cancelled' GROUP BY user_id),
                  c0 AS (SELECT min(c) AS c FROM fo
                         WHERE EXISTS (SELECT 1 FROM orders o WHERE o.user_id = fo.user_id
                                       AND o.status <> 'Cancelled'
                                       AND date_trunc('month', o.created_at) = c + INTERVAL 1 MONTH))
             SELECT avg(CASE WHEN EXISTS (SELECT 1 FROM orders o WHERE o.user_id = f.user_id
                         AND o.status <> 'Cancelled'
                         AND date_trunc('month', o.created_at) = f.c + INTERVAL 1 MONTH)
                         THEN 1 ELSE 0 END)
             FROM fo f WHERE f.c = (SELECT c FROM c0))"),
      1e-12);
  // RFM: one row per buyer, scores 1-5 in even quintiles, a known segment.
  EXPECT_EQ(Num("SELECT count(*) FROM metric_rfm"), buyers);
  EXPECT_EQ(Num("SELECT count(*) FROM metric_rfm WHERE segment NOT IN ('Champions', 'Loyal', "
                "'New', 'At risk', 'Lost', 'Needs attention')"),
            0);
  EXPECT_LE(Num("SELECT max(n) - min(n) FROM (SELECT count(*) AS n FROM metric_rfm GROUP BY "
                "r_score)"),
            1);
  EXPECT_EQ(Num("SELECT max(frequency) FROM metric_rfm"),
            Num("SELECT max(n) FROM (SELECT count(*) AS n FROM orders WHERE status <> 'Cancelled' "
                "GROUP BY user_id)"));
  // New vs returning: every buyer's first order is new once.
  EXPECT_EQ(Num("SELECT sum(new_orders) FROM metric_new_vs_returning"), buyers);
  EXPECT_EQ(Num("SELECT sum(new_orders + returning_orders) FROM metric_new_vs_returning"),
            Num("SELECT count(*) FROM orders WHERE status <> 'Cancelled'"));
}

TEST_F(Thelook, ProductsAndStock) {
  EXPECT_NEAR(Num("SELECT sum(items_returned) / sum(items_sold) FROM metric_returns"),
              Num("SELECT avg((status = 'Returned')::INT) FROM order_items WHERE status <> "
                  "'Cancelled'"),
              1e-12);
  EXPECT_NEAR(Num("SELECT sum(margin)::DOUBLE FROM metric_product_margin"),
              Num("SELECT sum(oi.sale_price - p.cost) FROM order_items oi JOIN products p ON p.id "
                  "= oi.product_id WHERE oi.status NOT IN ('Cancelled', 'Returned')"),
              0.05);
  EXPECT_EQ(Num("SELECT sum(items_in_stock) FROM metric_inventory_aging"),
            Num("SELECT count(*) FROM inventory_items WHERE sold_at IS NULL"));
  EXPECT_EQ(Num("SELECT sum(age_0_30 + age_31_90 + age_91_180 + age_181_plus) FROM "
                "metric_inventory_aging"),
            Num("SELECT count(*) FROM inventory_items WHERE sold_at IS NULL"));
  // Shipping time of the busiest month: median and p90 computed here from the raw intervals.
  const std::string month =
      "(SELECT date_trunc('month', created_at) FROM orders WHERE shipped_at IS NOT NULL GROUP BY 1 "
      "ORDER BY count(*) DESC, 1 LIMIT 1)";
  const auto days = Column(
      "SELECT epoch(shipped_at - created_at) / 86400.0 FROM orders WHERE "
      "shipped_at IS NOT NULL AND date_trunc('month', created_at) = " +
      month);
  ASSERT_FALSE(days.empty());
  EXPECT_NEAR(Num("SELECT shipping_days_median FROM metric_shipping_times WHERE month = " + month),
              Quantile(days, 0.5), 1e-9);
  EXPECT_NEAR(Num("SELECT shipping_days_p90 FROM metric_shipping_times WHERE month = " + month),
              Quantile(days, 0.9), 1e-9);
  const auto delivered = Column(
      "SELECT epoch(delivered_at - created_at) / 86400.0 FROM orders WHERE delivered_at IS NOT "
      "NULL AND date_trunc('month', created_at) = " +
      month);
  EXPECT_NEAR(Num("SELECT delivery_days_median FROM metric_shipping_times WHERE month = " + month),
              Quantile(delivered, 0.5), 1e-9);
}

TEST_F(Thelook, Web) {
  const double sessions = Num("SELECT count(DISTINCT session_id) FROM events");
  EXPECT_EQ(Num("SELECT sum(sessions) FROM metric_session_conversion"), sessions);
  EXPECT_EQ(Num("SELECT sum(purchase_sessions) FROM metric_session_conversion"),
            Num("SELECT count(DISTINCT session_id) FROM events WHERE event_type = 'purchase'"));
  EXPECT_EQ(Num("SELECT sum(abandoned_sessions) FROM metric_cart_abandonment"),
            Num("SELECT count(*) FROM (SELECT session_id FROM events WHERE event_type = 'cart' "
                "EXCEPT SELECT session_id FROM events WHERE event_type = 'purchase')"));
  EXPECT_EQ(Num("SELECT sum(sessions) FROM metric_traffic_sources"), sessions);
  EXPECT_NEAR(Num("SELECT max(s) FROM (SELECT sum(session_share) AS s FROM metric_traffic_sources "
                  "GROUP BY month)"),
              1, 1e-9);
}

TEST_F(Thelook, Lineage) {
  auto l = (*test_)->pipelines().GetLineage("thelook");
  ASSERT_TRUE(l) << l.error().message;
  bool edge = false;
  for (const auto& e : l->edges) edge |= e.from == "stg_orders" && e.to == "metric_rfm";
  EXPECT_TRUE(edge);
  for (const auto& n : l->nodes) {
    if (n.id == "metric_rfm") {
      ASSERT_TRUE(n.last_run);
      EXPECT_TRUE(std::find(n.reads.begin(), n.reads.end(), "stg_orders.created_at") !=
                  n.reads.end());
      EXPECT_TRUE(std::find(n.writes.begin(), n.writes.end(), "segment") != n.writes.end());
    }
  }
}

}  // namespace
}  // namespace sagaz::pipelines
