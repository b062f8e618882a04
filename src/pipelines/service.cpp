// PipelineService: finding pipeline files, running their DAG with a pool of threads, recording
// runs, and lineage.
#include <condition_variable>
#include <fstream>
#include <map>
#include <mutex>
#include <set>
#include <sstream>
#include <thread>

#include "catalog/catalog.hpp"
#include "core/ids.hpp"
#include "core/log.hpp"
#include "core/strings.hpp"
#include "db/db.hpp"
#include "pipelines/internal/node_run.hpp"
#include "pipelines/internal/resources.hpp"
#include "pipelines/pipelines.hpp"

namespace sagaz::pipelines {
namespace {

// Why a resumed run did not run a node: an earlier run finished it.
constexpr std::string_view kFinishedBy = "finished by run ";

// No primary keys: a run's rows are replaced while node transactions that began earlier are
// still open, which DuckDB's indexes would report as write-write conflicts.
constexpr std::string_view kMigrations[] = {
    "CREATE TABLE _sagaz.pipeline_runs(id VARCHAR NOT NULL, pipeline VARCHAR NOT NULL, "
    "job_id VARCHAR NOT NULL, status VARCHAR NOT NULL, full_refresh BOOLEAN NOT NULL, "
    "from_node VARCHAR NOT NULL, started_ms BIGINT NOT NULL, finished_ms BIGINT, "
    "elapsed_ms DOUBLE NOT NULL, error VARCHAR NOT NULL);"
    "CREATE TABLE _sagaz.pipeline_node_runs(run_id VARCHAR NOT NULL, seq INTEGER NOT NULL, "
    "node VARCHAR NOT NULL, status VARCHAR NOT NULL, strategy VARCHAR NOT NULL, "
    "rows_read BIGINT, rows_written BIGINT, rows_rejected BIGINT, rows_inserted BIGINT, "
    "rows_updated BIGINT, rows_deleted BIGINT, elapsed_ms DOUBLE, rss_delta_bytes BIGINT, "
    "duckdb_memory_bytes BIGINT, high_memory BOOLEAN, error VARCHAR NOT NULL);"
    "CREATE TABLE _sagaz.pipeline_issues(run_id VARCHAR NOT NULL, node VARCHAR NOT NULL, "
    "kind VARCHAR NOT NULL, name VARCHAR NOT NULL, parent VARCHAR NOT NULL, count BIGINT, "
    "dropped BOOLEAN, samples VARCHAR NOT NULL);",
};

std::string Iso(int64_t ms) { return ms ? Iso8601FromMs(ms) : std::string(); }

Result<NodeStatus> ParseNodeStatus(std::string_view s) {
  for (auto v : {NodeStatus::kPending, NodeStatus::kRunning, NodeStatus::kSucceeded,
                 NodeStatus::kFailed, NodeStatus::kSkipped}) {
    if (ToString(v) == s) return v;
  }
  return Fail(ErrorCode::kInternal, "unknown node status '" + std::string(s) + "'");
}

Result<RunStatus> ParseRunStatus(std::string_view s) {
  for (auto v : {RunStatus::kRunning, RunStatus::kSucceeded, RunStatus::kFailed}) {
    if (ToString(v) == s) return v;
  }
  return Fail(ErrorCode::kInternal, "unknown run status '" + std::string(s) + "'");
}

// Whole-word, case-insensitive occurrence of `word` in `text` (column names in a node's SQL).
bool Mentions(std::string_view text, std::string_view word) {
  const std::string t = ToLower(text), w = ToLower(word);
  auto ident = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; };
  for (size_t pos = t.find(w); pos != std::string::npos; pos = t.find(w, pos + 1)) {
    const bool left = pos == 0 || !ident(t[pos - 1]);
    const bool right = pos + w.size() >= t.size() || !ident(t[pos + w.size()]);
    if (left && right) return true;
  }
  return false;
}

Result<std::vector<std::string>> TableColumns(db::Connection& conn, const std::string& name) {
  const db::Param p[] = {name};
  auto r = SAGAZ_TRY(conn.Query(
      "SELECT column_name FROM duckdb_columns() WHERE schema_name = 'main' AND table_name = ? "
      "ORDER BY column_index",
      p));
  std::vector<std::string> out;
  for (auto& row : SAGAZ_TRY(r.FetchRows())) out.push_back(db::TextOf(row[0]));
  return out;
}

}  // namespace

std::string_view ToString(NodeStatus s) {
  switch (s) {
    case NodeStatus::kPending:
      return "pending";
    case NodeStatus::kRunning:
      return "running";
    case NodeStatus::kSucceeded:
      return "succeeded";
    case NodeStatus::kFailed:
      return "failed";
    case NodeStatus::kSkipped:
      return "skipped";
  }
  return "pending";
}

std::string_view ToString(RunStatus s) {
  switch (s) {
    case RunStatus::kRunning:
      return "running";
    case RunStatus::kSucceeded:
      return "succeeded";
    case RunStatus::kFailed:
      return "failed";
  }
  return "running";
}

std::optional<std::string_view> EmbeddedPipeline(std::string_view name) {
  if (name == "thelook") return internal::ThelookToml();
  return std::nullopt;
}

std::vector<std::string> EmbeddedPipelineNames() { return {"thelook"}; }

Result<std::unique_ptr<PipelineService>> PipelineService::Open(db::ConnectionPool& pool,
                                                               catalog::Catalog& catalog,
                                                               PipelinesConfig config,
                                                               std::filesystem::path dir) {
  auto conn = SAGAZ_TRY(pool.Acquire());
  SAGAZ_TRY(db::ApplyMigrations(*conn, "pipelines", kMigrations));
  return std::unique_ptr<PipelineService>(
      new PipelineService(pool, catalog, std::move(config), std::move(dir)));
}

Result<Pipeline> PipelineService::Load(std::string_view name_or_path) {
  namespace fs = std::filesystem;
  fs::path file;
  if (name_or_path.ends_with(".toml") || name_or_path.find('/') != std::string_view::npos) {
    file = fs::path(name_or_path);
  } else {
    if (auto st = catalog::ValidateName(name_or_path); !st) {
      return Fail(Error(ErrorCode::kInvalidArgument,
                        "'" + std::string(name_or_path) + "' is not a pipeline name")
                      .With("pipeline", std::string(name_or_path)));
    }
    file = dir_ / (std::string(name_or_path) + ".toml");
    if (!fs::exists(file)) {
      if (auto text = EmbeddedPipeline(name_or_path)) {
        return ParsePipeline(*text, "embedded:" + std::string(name_or_path), dir_);
      }
      return Fail(Error(ErrorCode::kNotFound, "no pipeline '" + std::string(name_or_path) +
                                                  "' (looked in " + dir_.string() +
                                                  " and the shipped ones: thelook)")
                      .With("pipeline", std::string(name_or_path)));
    }
  }
  std::ifstream in(file);
  if (!in) {
    return Fail(Error(ErrorCode::kNotFound, "cannot read pipeline file " + file.string())
                    .With("path", file.string()));
  }
  std::stringstream ss;
  ss << in.rdbuf();
  return ParsePipeline(ss.str(), file.string(), file.parent_path());
}

Result<std::vector<PipelineSummary>> PipelineService::List() {
  std::set<std::string> names;
  for (const auto& n : EmbeddedPipelineNames()) names.insert(n);
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(dir_, ec)) {
    if (e.path().extension() == ".toml") names.insert(e.path().stem().string());
  }
  std::vector<PipelineSummary> out;
  for (const auto& name : names) {
    PipelineSummary s;
    s.name = name;
    auto p = Load(name);
    if (!p) {
      s.description = "cannot be loaded: " + p.error().message;
      s.origin = (dir_ / (name + ".toml")).string();
    } else {
      s.description = p->description;
      s.schedule = p->schedule;
      s.time_zone = p->time_zone;
      s.schedules = p->schedules;
      s.origin = p->origin;
      s.nodes = p->nodes.size();
    }
    auto runs = SAGAZ_TRY(Runs(name, 1));
    if (!runs.empty()) {
      s.last_run = std::move(runs[0]);
      s.last_run->nodes.clear();
    }
    out.push_back(std::move(s));
  }
  return out;
}

Status PipelineService::SaveRun(const RunReport& r) {
  auto conn = SAGAZ_TRY(pool_.Acquire());
  auto tx = SAGAZ_TRY(db::Transaction::Begin(*conn));
  for (const char* table : {"pipeline_runs", "pipeline_node_runs", "pipeline_issues"}) {
    const db::Param p[] = {r.id};
    SAGAZ_TRY(conn->Query(
        std::string("DELETE FROM _sagaz.") + table +
            (std::string_view(table) == "pipeline_runs" ? " WHERE id = ?" : " WHERE run_id = ?"),
        p));
  }
  const db::Param run[] = {
      r.id,           r.pipeline,
      r.job_id,       std::string(ToString(r.status)),
      r.full_refresh, r.from,
      r.started_ms,   r.finished_ms ? db::Param(r.finished_ms) : db::Param(nullptr),
      r.elapsed_ms,   r.error};
  SAGAZ_TRY(
      conn->Query("INSERT INTO _sagaz.pipeline_runs VALUES (?, ?, ?, ?, ?, ?, "
                  "?, ?, ?, ?)",
                  run));
  int64_t seq = 0;
  for (const auto& n : r.nodes) {
    const db::Param p[] = {r.id,
                           seq++,
                           n.node,
                           std::string(ToString(n.status)),
                           n.strategy,
                           n.rows_read,
                           n.rows_written,
                           n.rows_rejected,
                           n.rows_inserted,
                           n.rows_updated,
                           n.rows_deleted,
                           n.elapsed_ms,
                           n.rss_delta_bytes,
                           n.duckdb_memory_bytes,
                           n.high_memory,
                           n.error};
    SAGAZ_TRY(conn->Query(
        "INSERT INTO _sagaz.pipeline_node_runs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
        "?, ?, ?)",
        p));
    for (const auto& f : n.failures) {
      const db::Param q[] = {r.id, n.node,  "rule", f.rule,
                             "",   f.count, false,  Join(f.samples, "\n")};
      SAGAZ_TRY(
          conn->Query("INSERT INTO _sagaz.pipeline_issues VALUES (?, ?, ?, ?, ?, ?, ?, ?)", q));
    }
    for (const auto& o : n.orphans) {
      const db::Param q[] = {r.id,     n.node,  "orphan",  o.column,
                             o.parent, o.count, o.dropped, Join(o.samples, "\n")};
      SAGAZ_TRY(
          conn->Query("INSERT INTO _sagaz.pipeline_issues VALUES (?, ?, ?, ?, ?, ?, ?, ?)", q));
    }
  }
  return tx.Commit();
}

Result<RunReport> PipelineService::Run(const RunRequest& request, const ProgressFn& progress,
                                       const CancelFn& cancelled) {
  const Pipeline p = SAGAZ_TRY(Load(request.pipeline));
  const auto deps = Dependencies(p);
  const size_t n = p.nodes.size();
  // Which nodes run: all, `from` and everything downstream of it, or what a resumed run left.
  std::vector<bool> selected(n, request.from.empty());
  std::optional<RunReport> resumed;
  if (!request.resume.empty()) {
    if (!request.from.empty()) {
      return Fail(Error(ErrorCode::kInvalidArgument, "a run either resumes or starts from a node")
                      .With("field", "resume"));
    }
    resumed = SAGAZ_TRY(CheckResumable(p, request.resume));
    std::map<std::string, const NodeReport*, std::less<>> before;
    for (const auto& nr : resumed->nodes) before[nr.node] = &nr;
    for (size_t i = 0; i < n; ++i) {
      const auto it = before.find(p.nodes[i].name);
      // A node the earlier run did not select was skipped without a reason, and one an even
      // earlier run finished says so: both stay out.
      const bool finished =
          it != before.end() &&
          (it->second->status == NodeStatus::kSucceeded ||
           (it->second->status == NodeStatus::kSkipped &&
            (it->second->error.empty() || it->second->error.starts_with(kFinishedBy))));
      selected[i] = !finished;
    }
    for (size_t i = 0; i < n; ++i) {  // topological order: parents come first
      for (size_t d : deps[i]) {
        if (selected[d]) selected[i] = true;
      }
    }
  } else if (!request.from.empty()) {
    size_t start = n;
    for (size_t i = 0; i < n; ++i) {
      if (p.nodes[i].name == request.from) start = i;
    }
    if (start == n) {
      return Fail(Error(ErrorCode::kNotFound,
                        "pipeline '" + p.name + "' has no node '" + request.from + "'")
                      .With("node", request.from));
    }
    selected[start] = true;
    for (size_t i = start + 1; i < n; ++i) {  // topological order: parents come first
      for (size_t d : deps[i]) {
        if (selected[d]) selected[i] = true;
      }
    }
  }

  RunReport report;
  report.id = NewUuid();
  report.pipeline = p.name;
  report.job_id = request.job_id;
  report.full_refresh = resumed ? resumed->full_refresh : request.full_refresh;
  report.from = request.from;
  report.started_ms = NowMs();
  report.started_at = Iso(report.started_ms);
  for (size_t i = 0; i < n; ++i) {
    NodeReport nr;
    nr.node = p.nodes[i].name;
    nr.strategy = std::string(ToString(p.nodes[i].strategy));
    nr.status = selected[i] ? NodeStatus::kPending : NodeStatus::kSkipped;
    if (resumed && !selected[i]) nr.error = std::string(kFinishedBy) + resumed->id;
    report.nodes.push_back(std::move(nr));
  }
  SAGAZ_TRY(SaveRun(report));
  log::Info("pipeline run started", {{"pipeline", p.name}, {"run", report.id}});

  Stopwatch watch;
  internal::NodeContext ctx{p, catalog_, config_, report.full_refresh};
  std::mutex mu;
  std::condition_variable cv;
  size_t running = 0, finished = 0;
  const size_t total = static_cast<size_t>(std::count(selected.begin(), selected.end(), true));
  std::vector<bool> done(n, false);
  for (size_t i = 0; i < n; ++i) done[i] = !selected[i];
  bool stop = false;
  auto tell = [&](std::string_view message) {
    if (progress) progress(finished, total, message);
  };

  // Picks the next node whose parents are done (n when none is ready), skipping nodes below a
  // failure or after a cancellation. Called with `mu` held.
  auto pick = [&]() -> size_t {
    for (bool again = true; again;) {
      again = false;
      for (size_t i = 0; i < n; ++i) {
        if (done[i] || report.nodes[i].status != NodeStatus::kPending) continue;
        bool ready = true, blocked = false;
        for (size_t d : deps[i]) {
          if (!done[d]) ready = false;
          if (selected[d] && report.nodes[d].status != NodeStatus::kSucceeded) blocked = true;
        }
        if (!ready) continue;
        if (!blocked && !stop) return i;
        report.nodes[i].status = NodeStatus::kSkipped;
        report.nodes[i].error = stop ? "the run was cancelled" : "an input node failed";
        done[i] = true;
        ++finished;
        again = true;
      }
    }
    return n;
  };

  auto work = [&]() {
    std::unique_lock lock(mu);
    while (true) {
      if (!stop && cancelled && cancelled()) stop = true;
      const size_t i = pick();
      if (i == n) {
        if (finished >= total || running == 0) {
          cv.notify_all();
          return;
        }
        cv.wait(lock);
        continue;
      }
      report.nodes[i].status = NodeStatus::kRunning;
      ++running;
      tell("running " + p.nodes[i].name);
      NodeReport local = report.nodes[i];
      lock.unlock();
      Status st = Ok();
      try {
        auto conn = pool_.Acquire();
        if (!conn) {
          st = Fail(conn.error());
        } else {
          st = internal::RunNode(**conn, ctx, p.nodes[i], local);
        }
      } catch (const std::exception& e) {
        st = Fail(ErrorCode::kInternal, std::string("unexpected exception: ") + e.what());
      }
      if (!st) {
        local.status = NodeStatus::kFailed;
        local.error = st.error().message;
        log::Warn("pipeline node failed",
                  {{"pipeline", p.name}, {"node", local.node}, {"error", local.error}});
      }
      lock.lock();
      report.nodes[i] = std::move(local);
      done[i] = true;
      ++finished;
      --running;
      if (auto saved = SaveRun(report); !saved) {
        log::Warn("cannot record pipeline progress", {{"error", saved.error().message}});
      }
      tell(std::string(ToString(report.nodes[i].status)) + " " + p.nodes[i].name);
      cv.notify_all();
    }
  };
  const size_t threads =
      std::min<size_t>(std::max(config_.parallelism, 1), std::max<size_t>(total, 1));
  std::vector<std::thread> pool;
  for (size_t t = 1; t < threads; ++t) pool.emplace_back(work);
  work();
  for (auto& t : pool) t.join();

  report.elapsed_ms = watch.ElapsedMs();
  report.finished_ms = NowMs();
  report.finished_at = Iso(report.finished_ms);
  std::vector<std::string> failed;
  for (const auto& nr : report.nodes) {
    if (nr.status == NodeStatus::kFailed) failed.push_back(nr.node);
  }
  report.status = failed.empty() && !stop ? RunStatus::kSucceeded : RunStatus::kFailed;
  if (stop) {
    report.error = "the run was cancelled";
  } else if (!failed.empty()) {
    report.error = "failed nodes: " + Join(failed, ", ");
  }
  SAGAZ_TRY(SaveRun(report));
  log::Info("pipeline run finished", {{"pipeline", p.name},
                                      {"run", report.id},
                                      {"status", std::string(ToString(report.status))},
                                      {"ms", FormatDouble(report.elapsed_ms)}});
  return report;
}

Result<RunReport> PipelineService::CheckResumable(const Pipeline& p, std::string_view run_id) {
  RunReport run;
  if (run_id == "last") {
    auto last = SAGAZ_TRY(Runs(p.name, 1));
    if (last.empty()) {
      return Fail(Error(ErrorCode::kNotFound, "pipeline '" + p.name + "' has no run to resume")
                      .With("field", "resume"));
    }
    run = std::move(last[0]);
  } else {
    run = SAGAZ_TRY(GetRun(run_id));
  }
  if (run.pipeline != p.name) {
    return Fail(Error(ErrorCode::kInvalidArgument,
                      "run " + run.id + " is a run of pipeline '" + run.pipeline + "'")
                    .With("field", "resume"));
  }
  if (run.status == RunStatus::kSucceeded) {
    return Fail(Error(ErrorCode::kFailedPrecondition,
                      "run " + run.id + " succeeded: there is nothing to resume")
                    .With("run", run.id));
  }
  return run;
}

Result<std::optional<RunReport>> PipelineService::UnfinishedRunOfJob(std::string_view pipeline,
                                                                     std::string_view job_id) {
  auto conn = SAGAZ_TRY(pool_.Acquire());
  const db::Param p[] = {std::string(pipeline), std::string(job_id)};
  auto r = SAGAZ_TRY(conn->Query(
      "SELECT id FROM _sagaz.pipeline_runs WHERE pipeline = ? AND job_id = ? AND status <> "
      "'succeeded' ORDER BY started_ms DESC LIMIT 1",
      p));
  const auto rows = SAGAZ_TRY(r.FetchRows());
  if (rows.empty()) return std::optional<RunReport>();
  return std::optional<RunReport>(SAGAZ_TRY(GetRun(db::TextOf(rows[0][0]))));
}

Result<std::vector<RunReport>> PipelineService::Runs(std::string_view pipeline, size_t limit) {
  auto conn = SAGAZ_TRY(pool_.Acquire());
  const db::Param p[] = {std::string(pipeline), static_cast<int64_t>(limit)};
  auto r = SAGAZ_TRY(conn->Query(
      "SELECT id FROM _sagaz.pipeline_runs WHERE pipeline = ? ORDER BY started_ms DESC, id "
      "LIMIT ?",
      p));
  std::vector<RunReport> out;
  for (auto& row : SAGAZ_TRY(r.FetchRows())) out.push_back(SAGAZ_TRY(GetRun(db::TextOf(row[0]))));
  return out;
}

Result<RunReport> PipelineService::GetRun(std::string_view run_id) {
  auto conn = SAGAZ_TRY(pool_.Acquire());
  const db::Param id[] = {std::string(run_id)};
  auto r = SAGAZ_TRY(conn->Query(
      "SELECT id, pipeline, job_id, status, full_refresh, from_node, started_ms, finished_ms, "
      "elapsed_ms, error FROM _sagaz.pipeline_runs WHERE id = ?",
      id));
  auto rows = SAGAZ_TRY(r.FetchRows(1));
  if (rows.empty()) {
    return Fail(Error(ErrorCode::kNotFound, "no pipeline run '" + std::string(run_id) + "'")
                    .With("run", std::string(run_id)));
  }
  const auto& row = rows[0];
  RunReport rep;
  rep.id = db::TextOf(row[0]);
  rep.pipeline = db::TextOf(row[1]);
  rep.job_id = db::TextOf(row[2]);
  rep.status = SAGAZ_TRY(ParseRunStatus(db::TextOf(row[3])));
  rep.full_refresh = std::holds_alternative<bool>(row[4]) && std::get<bool>(row[4]);
  rep.from = db::TextOf(row[5]);
  rep.started_ms = db::IntOf(row[6]);
  rep.finished_ms = db::IntOf(row[7]);
  rep.started_at = Iso(rep.started_ms);
  rep.finished_at = Iso(rep.finished_ms);
  rep.elapsed_ms = db::DoubleOf(row[8]).value_or(0);
  rep.error = db::TextOf(row[9]);
  auto nr = SAGAZ_TRY(conn->Query(
      "SELECT node, status, strategy, rows_read, rows_written, rows_rejected, rows_inserted, "
      "rows_updated, rows_deleted, elapsed_ms, rss_delta_bytes, duckdb_memory_bytes, "
      "high_memory, error FROM _sagaz.pipeline_node_runs WHERE run_id = ? ORDER BY seq",
      id));
  std::map<std::string, size_t> index;
  for (auto& n : SAGAZ_TRY(nr.FetchRows())) {
    NodeReport x;
    x.node = db::TextOf(n[0]);
    x.status = SAGAZ_TRY(ParseNodeStatus(db::TextOf(n[1])));
    x.strategy = db::TextOf(n[2]);
    x.rows_read = db::IntOf(n[3]);
    x.rows_written = db::IntOf(n[4]);
    x.rows_rejected = db::IntOf(n[5]);
    x.rows_inserted = db::IntOf(n[6]);
    x.rows_updated = db::IntOf(n[7]);
    x.rows_deleted = db::IntOf(n[8]);
    x.elapsed_ms = db::DoubleOf(n[9]).value_or(0);
    x.rss_delta_bytes = db::IntOf(n[10]);
    x.duckdb_memory_bytes = db::IntOf(n[11]);
    x.high_memory = std::holds_alternative<bool>(n[12]) && std::get<bool>(n[12]);
    x.error = db::TextOf(n[13]);
    index[x.node] = rep.nodes.size();
    rep.nodes.push_back(std::move(x));
  }
  auto ir = SAGAZ_TRY(conn->Query(
      "SELECT node, kind, name, parent, count, dropped, samples FROM _sagaz.pipeline_issues "
      "WHERE run_id = ?",
      id));
  for (auto& i : SAGAZ_TRY(ir.FetchRows())) {
    auto it = index.find(db::TextOf(i[0]));
    if (it == index.end()) continue;
    auto& node = rep.nodes[it->second];
    std::vector<std::string> samples;
    for (auto s : Split(db::TextOf(i[6]), '\n')) {
      if (!s.empty()) samples.emplace_back(s);
    }
    if (db::TextOf(i[1]) == "rule") {
      node.failures.push_back({db::TextOf(i[2]), db::IntOf(i[4]), std::move(samples)});
    } else {
      node.orphans.push_back({db::TextOf(i[2]), db::TextOf(i[3]), db::IntOf(i[4]),
                              std::move(samples),
                              std::holds_alternative<bool>(i[5]) && std::get<bool>(i[5])});
    }
  }
  return rep;
}

Result<Lineage> PipelineService::GetLineage(std::string_view name) {
  const Pipeline p = SAGAZ_TRY(Load(name));
  Lineage out;
  out.pipeline = p.name;
  auto runs = SAGAZ_TRY(Runs(p.name, 1));
  auto conn = SAGAZ_TRY(pool_.Acquire());
  std::set<std::string> nodes, sources;
  for (const auto& n : p.nodes) nodes.insert(n.name);
  for (const auto& n : p.nodes) {
    std::vector<std::string> ins = n.inputs;
    for (const auto& r : n.references) ins.push_back(r.parent);
    if (n.source == SourceKind::kFile || n.source == SourceKind::kFolder) {
      const std::string id = n.source == SourceKind::kFile ? n.path : n.path + "/" + n.pattern;
      if (sources.insert(id).second) {
        out.nodes.push_back({id, "source", "", "files read by " + n.name, "", {}, {}, {}, {}});
      }
      out.edges.push_back({id, n.name});
    }
    for (const auto& in : std::set<std::string>(ins.begin(), ins.end())) {
      if (!nodes.contains(in) && sources.insert(in).second) {
        LineageNode s{in, "source", "", "dataset", "", {}, {}, {}, {}};
        s.writes = SAGAZ_TRY(TableColumns(*conn, in));
        out.nodes.push_back(std::move(s));
      }
      out.edges.push_back({in, n.name});
    }
  }
  for (const auto& n : p.nodes) {
    LineageNode ln;
    ln.id = n.name;
    ln.kind = "node";
    ln.strategy = std::string(ToString(n.strategy));
    ln.description = n.description;
    ln.sql = internal::SourceSql(n);
    for (const auto& r : n.rules) ln.rules.push_back(r.name);
    ln.writes = SAGAZ_TRY(TableColumns(*conn, n.name));
    std::set<std::string> reads;
    for (const auto& in : n.inputs) {
      for (const auto& c : SAGAZ_TRY(TableColumns(*conn, in))) {
        if (n.source != SourceKind::kSql || Mentions(n.sql, c)) reads.insert(in + "." + c);
      }
    }
    ln.reads.assign(reads.begin(), reads.end());
    if (!runs.empty()) {
      for (const auto& nr : runs[0].nodes) {
        if (nr.node == n.name) ln.last_run = nr;
      }
    }
    out.nodes.push_back(std::move(ln));
  }
  return out;
}

}  // namespace sagaz::pipelines
