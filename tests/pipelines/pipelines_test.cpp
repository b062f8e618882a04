// Pipelines: the file format, the DAG, load strategies, validation and referential checks, on
// small tables made here.
#include "pipelines/pipelines.hpp"

#include <gtest/gtest.h>

#include "app/app.hpp"
#include "catalog/catalog.hpp"
#include "db/db.hpp"
#include "pipelines/internal/node_run.hpp"
#include "support/support.hpp"

namespace sagaz::pipelines {
namespace {

Status Exec(App& app, const std::string& sql) {
  auto conn = SAGAZ_TRY(app.pool().Acquire());
  return conn->Execute(sql);
}

int64_t Scalar(App& app, const std::string& sql) {
  auto conn = app.pool().Acquire();
  EXPECT_TRUE(conn);
  auto r = (*conn)->Query(sql);
  EXPECT_TRUE(r) << (r ? "" : r.error().message) << " in " << sql;
  return r ? db::IntOf(*r->FetchScalar()) : -1;
}

const NodeReport& NodeOf(const RunReport& r, std::string_view name) {
  for (const auto& n : r.nodes) {
    if (n.node == name) return n;
  }
  ADD_FAILURE() << "no node " << name;
  static NodeReport none;
  return none;
}

TEST(PipelineSpec, CycleIsNamed) {
  const char* text = R"(
name = "p"
[nodes.a]
sql = "SELECT * FROM c"
inputs = ["c"]
[nodes.b]
sql = "SELECT * FROM a"
inputs = ["a"]
[nodes.c]
sql = "SELECT * FROM b"
inputs = ["b"]
)";
  auto p = ParsePipeline(text, "test", ".");
  ASSERT_FALSE(p);
  EXPECT_NE(p.error().message.find("cycle"), std::string::npos) << p.error().message;
  EXPECT_NE(p.error().message.find("a -> "), std::string::npos) << p.error().message;
  EXPECT_NE(p.error().message.find("c -> "), std::string::npos) << p.error().message;
}

TEST(PipelineSpec, OrdersNodesAndChecksKeys) {
  auto p = ParsePipeline(R"(
name = "p"
schedule = "*/15 3 * * 1-5"
[nodes.z_first]
dataset = "raw"
strategy = "upsert"
key = ["id"]
rules = [{ not_null = ["id"] }, { column = "v", min = 0, max = 10 }, { row_count = { min = 1 } }]
[nodes.a_second]
sql = "SELECT * FROM z_first"
inputs = ["z_first"]
)",
                         "test", ".");
  ASSERT_TRUE(p) << p.error().message;
  ASSERT_EQ(p->nodes.size(), 2u);
  EXPECT_EQ(p->nodes[0].name, "z_first");
  EXPECT_EQ(p->nodes[0].rules.size(), 3u);
  EXPECT_EQ(p->nodes[0].rules[1].kind, RuleKind::kRange);

  for (const char* bad : {
           "name = \"p\"\n[nodes.a]\ndataset = \"x\"\nstrategy = \"upsert\"\n",  // no key
           "name = \"p\"\n[nodes.a]\ndataset = \"x\"\nstrategy = \"append\"\n",  // no watermark
           "name = \"p\"\n[nodes.a]\ndataset = \"x\"\nstrat = \"full\"\n",       // unknown key
           "name = \"p\"\n[nodes.a]\nsql = \"SELECT 1\"\n",                      // no inputs
           "name = \"p\"\n[nodes.a]\ndataset = \"x\"\nrules = [{ column = \"v\" }]\n",
           "name = \"p\"\nschedule = \"61 * * * *\"\n[nodes.a]\ndataset = \"x\"\n",
           "name = \"p\"\n[nodes.a]\ndataset = \"x\"\n[nodes.a.rules\n",  // not TOML
       }) {
    auto r = ParsePipeline(bad, "bad", ".");
    EXPECT_FALSE(r) << bad;
    if (!r) EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  }
}

// The schedule is a cron expression of jobs/cron.hpp (its own tests cover the syntax), in a time
// zone of the file.
TEST(PipelineSpec, ScheduleAndTimeZone) {
  auto p = ParsePipeline(
      "name = \"p\"\nschedule = \"*/5 0-23/2 1,15 JAN-DEC MON\"\ntime_zone = "
      "\"America/Sao_Paulo\"\n[nodes.a]\ndataset = \"x\"\n",
      "p", ".");
  ASSERT_TRUE(p) << p.error().ToText();
  EXPECT_EQ(p->time_zone, "America/Sao_Paulo");
  auto utc = ParsePipeline("name = \"p\"\n[nodes.a]\ndataset = \"x\"\n", "p", ".");
  ASSERT_TRUE(utc);
  EXPECT_EQ(utc->time_zone, "UTC");
  for (const char* bad : {"schedule = \"0 3 * *\"", "schedule = \"0 24 * * *\"",
                          "schedule = \"0 3 * * *\"\ntime_zone = \"Nowhere/x\"",
                          "time_zone = \"Nowhere/x\"", "schedule = \"*/5 * * * * *\""}) {
    auto r = ParsePipeline(std::string("name = \"p\"\n") + bad + "\n[nodes.a]\ndataset = \"x\"\n",
                           "p", ".");
    EXPECT_FALSE(r) << bad;
  }
}

TEST(PipelineSpec, FurtherSchedulesRunFullRefreshesOrFromANode) {
  const std::string head = "name = \"p\"\ntime_zone = \"America/Sao_Paulo\"\n";
  const std::string nodes =
      "[nodes.a]\ndataset = \"x\"\n[nodes.b]\nsql = \"SELECT * FROM a\"\ninputs = [\"a\"]\n";
  auto p = ParsePipeline(head +
                             "[[schedules]]\nname = \"weekly\"\ncron = \"0 4 * * 0\"\n"
                             "full_refresh = true\n"
                             "[[schedules]]\nname = \"hourly_b\"\ncron = \"0 * * * *\"\n"
                             "from = \"B\"\n" +
                             nodes,
                         "p", ".");
  ASSERT_TRUE(p) << p.error().ToText();
  ASSERT_EQ(p->schedules.size(), 2u);
  EXPECT_EQ(p->schedules[0].name, "weekly");
  EXPECT_TRUE(p->schedules[0].full_refresh);
  EXPECT_EQ(p->schedules[1].from, "b");
  EXPECT_FALSE(p->schedules[1].full_refresh);
  for (const char* bad :
       {"[[schedules]]\nname = \"w\"\ncron = \"0 4 * *\"\n",
        "[[schedules]]\nname = \"w\"\ncron = \"0 4 * * 0\"\nfrom = \"nope\"\n",
        "[[schedules]]\nname = \"w x\"\ncron = \"0 4 * * 0\"\n",
        "[[schedules]]\nname = \"w\"\ncron = \"0 4 * * 0\"\n[[schedules]]\nname = "
        "\"w\"\ncron = \"0 5 * * 0\"\n",
        "[[schedules]]\nname = \"w\"\ncron = \"0 4 * * 0\"\nevery = 2\n",
        "schedules = \"0 4 * * 0\"\n"}) {
    auto r = ParsePipeline(head + bad + nodes, "p", ".");
    EXPECT_FALSE(r) << bad;
  }
}

// Every rule of a node is checked by one aggregate statement.
TEST(PipelineSpec, OneValidationQuery) {
  std::vector<Rule> rules(3);
  rules[0] = {RuleKind::kNotNull, "nn", {"a"}, {}, {}, {}, "", ""};
  rules[1] = {RuleKind::kRegex, "re", {"b"}, {}, {}, {}, "x+", ""};
  rules[2] = {RuleKind::kPredicate, "p", {}, {}, {}, {}, "", "a > 0"};
  const auto sql = internal::ValidationSql(rules, "t");
  EXPECT_EQ(sql.find("SELECT"), 0u);
  EXPECT_EQ(sql.find("SELECT", 1), std::string::npos) << sql;
}

class PipelineRun : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(Exec(app(),
                     "CREATE TABLE src AS SELECT i AS id, i % 7 AS v, 'n' || i AS name, "
                     "TIMESTAMP '2024-01-01' + INTERVAL (i) HOUR AS created_at "
                     "FROM range(1, 101) t(i)"));
    ASSERT_TRUE(Exec(app(), "CREATE TABLE parents AS SELECT i AS id FROM range(0, 7) t(i)"));
  }
  App& app() { return test_.app(); }
  std::filesystem::path Write(const std::string& text) {
    return testing::WriteFile(test_.dir() / "p.toml", text);
  }
  RunReport Run(const std::filesystem::path& file, bool full_refresh = false,
                std::string from = {}) {
    auto r = app().pipelines().Run({file.string(), full_refresh, std::move(from), ""});
    EXPECT_TRUE(r) << r.error().message;
    return r ? *r : RunReport{};
  }
  testing::TestApp test_;
};

TEST_F(PipelineRun, UpsertWritesOnlyChangedRows) {
  const auto file = Write(R"(
name = "p"
[nodes.tgt]
description = "Target table"
columns = { v = "the value" }
dataset = "src"
strategy = "upsert"
key = ["id"]
delete_missing = true
)");
  auto first = Run(file);
  EXPECT_EQ(first.status, RunStatus::kSucceeded) << first.error;
  EXPECT_EQ(NodeOf(first, "tgt").rows_written, 100);
  auto again = Run(file);
  EXPECT_EQ(NodeOf(again, "tgt").rows_read, 100);
  EXPECT_EQ(NodeOf(again, "tgt").rows_written, 0);

  ASSERT_TRUE(Exec(app(),
                   "UPDATE src SET v = 99 WHERE id IN (3, 4); DELETE FROM src WHERE id = 5; "
                   "INSERT INTO src VALUES (500, 1, NULL, TIMESTAMP '2025-01-01')"));
  auto changed = Run(file);
  const auto& n = NodeOf(changed, "tgt");
  EXPECT_EQ(n.rows_updated, 2);
  EXPECT_EQ(n.rows_inserted, 1);
  EXPECT_EQ(n.rows_deleted, 1);
  EXPECT_EQ(Scalar(app(), "SELECT count(*) FROM tgt"), 100);
  EXPECT_EQ(Scalar(app(), "SELECT v FROM tgt WHERE id = 3"), 99);
  // A NULL that stays NULL is no change.
  EXPECT_EQ(NodeOf(Run(file), "tgt").rows_written, 0);

  // The target is a documented dataset of the catalog.
  auto info = app().catalog().Get("tgt");
  ASSERT_TRUE(info) << info.error().message;
  EXPECT_EQ(info->description, "Target table");
  bool documented = false;
  for (const auto& c : info->columns) documented |= c.name == "v" && c.description == "the value";
  EXPECT_TRUE(documented);
}

TEST_F(PipelineRun, AnIncrementalMergeNeedsAUniqueKeyAmongTheRowsItWrites) {
  const auto file = Write(R"(
name = "p"
[nodes.tgt]
dataset = "src"
strategy = "upsert"
key = ["id"]
)");
  ASSERT_EQ(NodeOf(Run(file), "tgt").rows_written, 100);
  // A key staged twice with the target's own values writes nothing: nothing to decide.
  ASSERT_TRUE(Exec(app(), "INSERT INTO src SELECT * FROM src WHERE id = 7"));
  auto same = Run(file);
  EXPECT_EQ(same.status, RunStatus::kSucceeded) << same.error;
  EXPECT_EQ(NodeOf(same, "tgt").rows_written, 0);
  // A key staged twice with values to write is ambiguous: the node fails and writes nothing.
  ASSERT_TRUE(Exec(app(),
                   "INSERT INTO src VALUES (8, 42, 'again', TIMESTAMP '2024-02-01'); "
                   "UPDATE src SET v = 5 WHERE id = 9"));
  auto dup = app().pipelines().Run({file.string(), false, "", ""});
  ASSERT_TRUE(dup);
  EXPECT_EQ(dup->status, RunStatus::kFailed);
  const auto& n = NodeOf(*dup, "tgt");
  ASSERT_EQ(n.failures.size(), 1u) << n.error;
  EXPECT_EQ(n.failures[0].rule, "unique(id) (the merge key)");
  EXPECT_EQ(n.failures[0].count, 2);
  EXPECT_EQ(n.failures[0].samples.size(), 2u);
  EXPECT_EQ(n.rows_written, 0);
  EXPECT_EQ(Scalar(app(), "SELECT v FROM tgt WHERE id = 9"), 2);  // 9 % 7: left as it was
  // A full refresh checks every staged row.
  auto full = app().pipelines().Run({file.string(), true, "", ""});
  ASSERT_TRUE(full);
  EXPECT_EQ(full->status, RunStatus::kFailed);
  EXPECT_EQ(NodeOf(*full, "tgt").failures.at(0).count, 2);  // ids 7 and 8: one extra row each
}

TEST_F(PipelineRun, AppendTakesRowsPastTheWatermark) {
  const auto file = Write(R"(
name = "p"
[nodes.log]
dataset = "src"
strategy = "append"
watermark = "created_at"
)");
  EXPECT_EQ(NodeOf(Run(file), "log").rows_written, 100);
  EXPECT_EQ(NodeOf(Run(file), "log").rows_read, 0);
  ASSERT_TRUE(Exec(app(),
                   "INSERT INTO src SELECT i, 1, 'x', TIMESTAMP '2030-01-01' + INTERVAL (i) "
                   "MINUTE FROM range(1000, 1005) t(i)"));
  auto r = Run(file);
  EXPECT_EQ(NodeOf(r, "log").rows_read, 5);
  EXPECT_EQ(NodeOf(r, "log").rows_written, 5);
  EXPECT_EQ(Scalar(app(), "SELECT count(*) FROM log"), 105);
  // A full refresh rebuilds from all of the source.
  r = Run(file, /*full_refresh=*/true);
  EXPECT_EQ(NodeOf(r, "log").rows_read, 105);
  EXPECT_EQ(Scalar(app(), "SELECT count(*) FROM log"), 105);
}

TEST_F(PipelineRun, WindowRereadsRecentDays) {
  const auto file = Write(R"(
name = "p"
[nodes.recent]
dataset = "src"
strategy = "window"
watermark = "created_at"
window_days = 1
key = ["id"]
)");
  EXPECT_EQ(NodeOf(Run(file), "recent").rows_written, 100);
  // The last 100 hours: a day back from the newest row re-reads 25 rows (24 hours inclusive).
  auto r = Run(file);
  EXPECT_EQ(NodeOf(r, "recent").rows_read, 25);
  EXPECT_EQ(NodeOf(r, "recent").rows_written, 0);
  // An old row that changed is outside the window; a recent one is merged.
  ASSERT_TRUE(Exec(app(), "UPDATE src SET v = 50 WHERE id IN (1, 100)"));
  r = Run(file);
  EXPECT_EQ(NodeOf(r, "recent").rows_updated, 1);
  EXPECT_EQ(Scalar(app(), "SELECT v FROM recent WHERE id = 1"), 1);
  EXPECT_EQ(Scalar(app(), "SELECT v FROM recent WHERE id = 100"), 50);
}

TEST_F(PipelineRun, FailedRuleStopsTheNodeAndNamesRows) {
  const auto file = Write(R"(
name = "p"
[nodes.checked]
dataset = "src"
strategy = "upsert"
key = ["id"]
rules = [
  { not_null = ["id"] },
  { column = "v", min = 0, max = 5 },
  { column = "name", regex = "n[0-9]+" },
  { column = "v", allowed = ["0", "1", "2", "3", "4", "5", "6"] },
  { name = "positive", predicate = "id > 0" },
  { row_count = { min = 1, max = 1000 } },
]
[nodes.after]
sql = "SELECT count(*) AS n FROM checked"
inputs = ["checked"]
)");
  auto r = Run(file);
  EXPECT_EQ(r.status, RunStatus::kFailed);
  const auto& n = NodeOf(r, "checked");
  EXPECT_EQ(n.status, NodeStatus::kFailed);
  ASSERT_EQ(n.failures.size(), 1u);
  EXPECT_EQ(n.failures[0].rule, "range(v)");
  EXPECT_EQ(n.failures[0].count, 14);  // v = 6 for ids 6, 13, ..., 97
  ASSERT_EQ(n.failures[0].samples.size(), 5u);
  EXPECT_NE(n.failures[0].samples[0].find("\"v\":6"), std::string::npos)
      << n.failures[0].samples[0];
  EXPECT_EQ(NodeOf(r, "after").status, NodeStatus::kSkipped);
  // Nothing was written.
  EXPECT_EQ(Scalar(app(), "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'checked'"), 0);
  // The recorded run says the same.
  auto runs = app().pipelines().Runs("p", 5);
  ASSERT_TRUE(runs);
  ASSERT_FALSE(runs->empty());
  EXPECT_EQ(NodeOf(runs->front(), "checked").failures.at(0).count, 14);
}

TEST_F(PipelineRun, FailedNodeLeavesItsTargetAsItWas) {
  auto file = Write(R"(
name = "p"
[nodes.tgt]
dataset = "src"
strategy = "upsert"
key = ["id"]
rules = [{ column = "v", max = 6 }]
)");
  EXPECT_EQ(Run(file).status, RunStatus::kSucceeded);
  ASSERT_TRUE(
      Exec(app(), "UPDATE src SET v = 1000 WHERE id = 10; UPDATE src SET v = 5 WHERE id = 11"));
  auto r = Run(file);
  EXPECT_EQ(r.status, RunStatus::kFailed);
  EXPECT_EQ(Scalar(app(), "SELECT v FROM tgt WHERE id = 11"), 4);  // unchanged
}

TEST_F(PipelineRun, OrphansAreDroppedOrFail) {
  ASSERT_TRUE(Exec(app(), "DELETE FROM parents WHERE id = 3"));
  const auto file = Write(R"(
name = "p"
[nodes.kids]
dataset = "src"
references = [{ column = "v", parent = "parents", parent_column = "id", on_orphan = "drop" }]
)");
  auto r = Run(file);
  const auto& n = NodeOf(r, "kids");
  EXPECT_EQ(n.status, NodeStatus::kSucceeded) << n.error;
  EXPECT_EQ(n.rows_rejected, 14);
  ASSERT_EQ(n.orphans.size(), 1u);
  EXPECT_TRUE(n.orphans[0].dropped);
  EXPECT_EQ(Scalar(app(), "SELECT count(*) FROM kids"), 86);

  const auto strict = Write(R"(
name = "p"
[nodes.kids2]
dataset = "src"
references = [{ column = "v", parent = "parents", parent_column = "id", on_orphan = "fail" }]
)");
  auto f = Run(strict);
  EXPECT_EQ(NodeOf(f, "kids2").status, NodeStatus::kFailed);
  EXPECT_EQ(NodeOf(f, "kids2").orphans.at(0).count, 14);
}

TEST_F(PipelineRun, FromRunsANodeAndWhatDependsOnIt) {
  const auto file = Write(R"(
name = "p"
[nodes.a]
dataset = "src"
[nodes.b]
sql = "SELECT v, count(*) AS n FROM a GROUP BY v"
inputs = ["a"]
[nodes.c]
sql = "SELECT sum(n) AS total FROM b"
inputs = ["b"]
[nodes.d]
dataset = "parents"
)");
  EXPECT_EQ(Run(file).status, RunStatus::kSucceeded);
  auto r = Run(file, false, "b");
  EXPECT_EQ(NodeOf(r, "a").status, NodeStatus::kSkipped);
  EXPECT_EQ(NodeOf(r, "d").status, NodeStatus::kSkipped);
  EXPECT_EQ(NodeOf(r, "b").status, NodeStatus::kSucceeded);
  EXPECT_EQ(NodeOf(r, "c").status, NodeStatus::kSucceeded);
  EXPECT_EQ(Scalar(app(), "SELECT total FROM c"), 100);
  auto bad = app().pipelines().Run({file.string(), false, "nope", ""});
  EXPECT_FALSE(bad);

  auto lineage = app().pipelines().GetLineage(file.string());
  ASSERT_TRUE(lineage) << lineage.error().message;
  EXPECT_EQ(lineage->edges.size(), 4u);  // src->a, a->b, b->c, parents->d
  for (const auto& n : lineage->nodes) {
    if (n.id == "b") {
      EXPECT_EQ(n.writes, (std::vector<std::string>{"v", "n"}));
      EXPECT_EQ(n.reads, (std::vector<std::string>{"a.v"}));
      ASSERT_TRUE(n.last_run);
    }
  }
}

// A failed run is resumed: the nodes it finished are kept as they are (not run again), the failed
// node and what depends on it run; a run that succeeded, or of another pipeline, is not resumable.
TEST_F(PipelineRun, ResumeRunsOnlyWhatTheFailedRunLeft) {
  const auto file = Write(R"(
name = "p"
[nodes.a]
dataset = "src"
strategy = "upsert"
key = ["id"]
[nodes.b]
sql = "SELECT v, count(*) AS n FROM a GROUP BY v"
inputs = ["a"]
rules = [{ predicate = "v < 7" }]
[nodes.c]
sql = "SELECT sum(n) AS total FROM b"
inputs = ["b"]
[nodes.d]
dataset = "parents"
)");
  ASSERT_TRUE(Exec(app(), "INSERT INTO src VALUES (1000, 50, 'x', TIMESTAMP '2025-01-01')"));
  auto failed = Run(file);
  ASSERT_EQ(failed.status, RunStatus::kFailed);
  EXPECT_EQ(NodeOf(failed, "a").status, NodeStatus::kSucceeded);
  EXPECT_EQ(NodeOf(failed, "b").status, NodeStatus::kFailed);
  EXPECT_EQ(NodeOf(failed, "c").status, NodeStatus::kSkipped);

  // Resuming does not run a again: the bad row it upserted stays, so b fails again.
  auto resumed = app().pipelines().Run({.pipeline = file.string(), .resume = "last"});
  ASSERT_TRUE(resumed) << resumed.error().ToText();
  EXPECT_EQ(resumed->status, RunStatus::kFailed);  // a still holds the bad row: b fails again
  EXPECT_EQ(NodeOf(*resumed, "a").status, NodeStatus::kSkipped);
  EXPECT_NE(NodeOf(*resumed, "a").error.find(failed.id), std::string::npos);
  EXPECT_EQ(NodeOf(*resumed, "d").status, NodeStatus::kSkipped);
  EXPECT_EQ(NodeOf(*resumed, "b").status, NodeStatus::kFailed);

  ASSERT_TRUE(Exec(app(), "DELETE FROM a WHERE id = 1000"));
  auto fixed = app().pipelines().Run({.pipeline = file.string(), .resume = resumed->id});
  ASSERT_TRUE(fixed) << fixed.error().ToText();
  EXPECT_EQ(fixed->status, RunStatus::kSucceeded) << fixed->error;
  EXPECT_EQ(NodeOf(*fixed, "a").status, NodeStatus::kSkipped);
  EXPECT_EQ(NodeOf(*fixed, "b").status, NodeStatus::kSucceeded);
  EXPECT_EQ(NodeOf(*fixed, "c").status, NodeStatus::kSucceeded);
  EXPECT_EQ(Scalar(app(), "SELECT total FROM c"), 100);

  auto again = app().pipelines().Run({.pipeline = file.string(), .resume = fixed->id});
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_FALSE(app().pipelines().Run({.pipeline = file.string(), .from = "b", .resume = "last"}));
  EXPECT_EQ(
      app().pipelines().Run({.pipeline = file.string(), .resume = "no-such-run"}).error().code,
      ErrorCode::kNotFound);
}

TEST_F(PipelineRun, FileSources) {
  std::filesystem::create_directories(test_.dir() / "in");
  ASSERT_TRUE(Exec(app(), "COPY (SELECT * FROM src WHERE id <= 50) TO '" +
                              (test_.dir() / "in" / "a.parquet").string() + "'"));
  ASSERT_TRUE(Exec(app(), "COPY (SELECT * FROM src WHERE id > 50) TO '" +
                              (test_.dir() / "in" / "b.parquet").string() + "'"));
  ASSERT_TRUE(Exec(
      app(), "COPY (SELECT * FROM src) TO '" + (test_.dir() / "all.csv").string() + "' (HEADER)"));
  const auto file = Write(R"(
name = "p"
[nodes.from_folder]
folder = "in"
pattern = "*.parquet"
[nodes.from_csv]
file = "all.csv"
)");
  auto r = Run(file);
  EXPECT_EQ(r.status, RunStatus::kSucceeded) << r.error;
  EXPECT_EQ(NodeOf(r, "from_folder").rows_written, 100);
  EXPECT_EQ(NodeOf(r, "from_csv").rows_written, 100);
}

TEST_F(PipelineRun, UnknownPipeline) {
  auto r = app().pipelines().Run({"nope", false, "", ""});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kNotFound);
  auto list = app().pipelines().List();
  ASSERT_TRUE(list);
  ASSERT_FALSE(list->empty());
  EXPECT_EQ(list->front().name, "thelook");
}

}  // namespace
}  // namespace sagaz::pipelines
