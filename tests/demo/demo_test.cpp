#include "demo/demo.hpp"

#include <gtest/gtest.h>

#include "catalog/catalog.hpp"
#include "sql/query.hpp"
#include "support/support.hpp"

namespace sagaz::demo {
namespace {

// A fingerprint of every demo table's contents.
std::string Fingerprint(App& app) {
  std::string out;
  for (const auto& name : DatasetNames()) {
    auto r = app.query().Run("SELECT count(*), sum(hash(t::VARCHAR)) FROM " + name + " t");
    EXPECT_TRUE(r) << r.error().ToText();
    out += name + ":" + std::to_string(std::get<int64_t>(r->rows[0][0])) + ":";
    const auto& h = r->rows[0][1];
    out += std::holds_alternative<std::string>(h) ? std::get<std::string>(h)
                                                  : std::to_string(std::get<double>(h));
    out += ";";
  }
  return out;
}

TEST(Demo, DeterministicAndPlausible) {
  testing::TestApp a, b;
  ASSERT_TRUE(Generate(a->pool(), a->catalog(), {}));
  ASSERT_TRUE(Generate(b->pool(), b->catalog(), {}));
  EXPECT_EQ(Fingerprint(a.app()), Fingerprint(b.app()));

  testing::TestApp c;
  Options other;
  other.seed = 7;
  ASSERT_TRUE(Generate(c->pool(), c->catalog(), other));
  EXPECT_NE(Fingerprint(a.app()), Fingerprint(c.app()));

  auto& q = a->query();
  // Every dataset exists with descriptions for NL→SQL.
  auto list = a->catalog().List();
  ASSERT_EQ(list->size(), DatasetNames().size());
  for (const auto& d : *list) {
    EXPECT_FALSE(d.description.empty()) << d.name;
    for (const auto& col : d.columns)
      EXPECT_FALSE(col.description.empty()) << d.name << "." << col.name;
  }
  // Sensors: 8 sensors every 15 minutes for 120 days, some readings missing.
  auto s = q.Run(
      "SELECT count(*), count(DISTINCT sensor), count(*) - count(nivel_agua), min(timestamp) "
      "FROM leituras_sensores");
  EXPECT_EQ(std::get<int64_t>(s->rows[0][0]), 8 * 96 * 120);
  EXPECT_EQ(std::get<int64_t>(s->rows[0][1]), 8);
  EXPECT_GT(std::get<int64_t>(s->rows[0][2]), 0);
  // E-commerce: seasonality (December beats February), growth, cancellations and returns.
  auto season = q.Run(
      "SELECT count(*) FILTER (WHERE month(created_at) = 12), "
      "count(*) FILTER (WHERE month(created_at) = 2), "
      "count(*) FILTER (WHERE year(created_at) = 2025), count(*) FILTER (WHERE year(created_at) = "
      "2022) "
      "FROM orders");
  EXPECT_GT(std::get<int64_t>(season->rows[0][0]), std::get<int64_t>(season->rows[0][1]) * 3 / 2);
  EXPECT_GT(std::get<int64_t>(season->rows[0][2]), std::get<int64_t>(season->rows[0][3]));
  auto statuses = q.Run("SELECT status, count(*) FROM orders GROUP BY 1 ORDER BY 2 DESC");
  EXPECT_EQ(statuses->rows.size(), 5u);
  // Referential integrity.
  auto orphans = q.Run(
      "SELECT (SELECT count(*) FROM order_items i LEFT JOIN orders o USING (order_id) "
      "WHERE o.order_id IS NULL) + (SELECT count(*) FROM order_items i LEFT JOIN products p "
      "ON p.id = i.product_id WHERE p.id IS NULL)");
  EXPECT_EQ(std::get<int64_t>(orphans->rows[0][0]), 0);
  auto times = q.Run(
      "SELECT count(*) FROM orders WHERE shipped_at < created_at OR delivered_at < shipped_at "
      "OR returned_at < delivered_at");
  EXPECT_EQ(std::get<int64_t>(times->rows[0][0]), 0);
  auto funnel = q.Run(
      "SELECT count(*) FILTER (WHERE event_type = 'cart'), "
      "count(*) FILTER (WHERE event_type = 'purchase') FROM events");
  EXPECT_GT(std::get<int64_t>(funnel->rows[0][0]), std::get<int64_t>(funnel->rows[0][1]));
}

TEST(Demo, ScaleIsValidated) {
  testing::TestApp a;
  Options bad;
  bad.scale = 0;
  EXPECT_FALSE(Generate(a->pool(), a->catalog(), bad));
}

}  // namespace
}  // namespace sagaz::demo
