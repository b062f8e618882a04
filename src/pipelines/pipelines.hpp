// Metric pipelines: TOML files of nodes (sources and SQL over DuckDB), each producing a dataset of
// the catalog, run as a DAG with load strategies, validation in one aggregate pass, referential
// checks, per-node figures and lineage.
//
//   pipelines::PipelineService service(pool, catalog, config.pipelines,
//   config.DataPath("pipelines")); auto report = SAGAZ_TRY(service.Run({.pipeline = "thelook"},
//   progress));
//
// A node runs in one transaction: it stages its rows in a temporary table, checks them, and writes
// its target with its strategy; any failure rolls back, leaving the target as it was. Nodes whose
// inputs are done run side by side (pipelines.parallelism). Runs are recorded in _sagaz tables.
//
// Thread-safe: every call takes its own pooled connections.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/config.hpp"
#include "core/error.hpp"

namespace sagaz::db {
class ConnectionPool;
}
namespace sagaz::catalog {
class Catalog;
}

namespace sagaz::pipelines {

// How a node writes its target.
enum class Strategy {
  kFull,    // replace the target with the node's rows
  kAppend,  // insert rows newer than max(watermark) already in the target
  kWindow,  // re-read the last window_days of the source (by watermark) and merge them by key
  kUpsert,  // merge by key, writing only rows whose values changed (IS DISTINCT FROM)
};
std::string_view ToString(Strategy s);

enum class RuleKind { kNotNull, kUnique, kRange, kAllowed, kRegex, kRowCount, kPredicate };
std::string_view ToString(RuleKind k);

// One validation rule of a node, checked on its staged rows before anything is written.
struct Rule {
  RuleKind kind = RuleKind::kNotNull;
  std::string name;                  // for reports: "not_null(order_id)" unless given
  std::vector<std::string> columns;  // not_null, unique (together), range, allowed, regex: one
  std::optional<double> min, max;    // range (inclusive) and row_count
  std::vector<std::string> values;   // allowed
  std::string pattern;               // regex (full match)
  std::string predicate;             // SQL boolean expression every row must satisfy
};

enum class OrphanAction { kDrop, kFail };

// Rows of the node whose `column` has no match in `parent`.`parent_column` are orphans.
struct Reference {
  std::string column;
  std::string parent;  // a node or dataset
  std::string parent_column;
  OrphanAction on_orphan = OrphanAction::kDrop;
};

enum class SourceKind { kSql, kDataset, kFile, kFolder };

struct Node {
  std::string name;  // the target dataset's name
  std::string description;
  std::vector<std::pair<std::string, std::string>> column_docs;  // column -> description
  SourceKind source = SourceKind::kSql;
  std::string sql;      // kSql: a SELECT over `inputs`
  std::string dataset;  // kDataset
  std::string path;     // kFile: a file; kFolder: a directory (absolute once loaded)
  std::string pattern;  // kFolder: glob of file names, "*.parquet"
  std::string format;   // kFile/kFolder: parquet, csv, json (default: from the extension)
  std::vector<std::string> inputs;  // nodes or datasets the node reads (kSql); derived otherwise
  Strategy strategy = Strategy::kFull;
  std::vector<std::string> key;
  std::string watermark;  // column of creation time: append, window
  int64_t window_days = 0;
  bool delete_missing = false;  // upsert: also delete target rows whose key is gone
  std::vector<Rule> rules;
  std::vector<Reference> references;
};

// A further scheduled run of a pipeline ([[schedules]] in its file), beside the incremental run of
// `schedule`: e.g. a weekly full refresh, or a frequent run from one node.
struct ExtraSchedule {
  std::string name;  // unique in the pipeline; the scheduler's schedule is "pipeline:NAME:name"
  std::string cron;  // five fields, in the pipeline's time zone
  bool full_refresh = false;
  std::string from;  // a node of the pipeline, or empty: every node
};

struct Pipeline {
  std::string name;
  std::string description;
  std::string schedule;   // cron expression (five fields), empty when run by hand only
  std::string time_zone;  // of the schedules ("UTC" unless given)
  std::vector<ExtraSchedule> schedules;
  std::string origin;       // "embedded" or the file it was read from
  std::vector<Node> nodes;  // in topological order
};

// Parses a pipeline file. `base_dir` resolves relative file paths. Errors name the node and key;
// a cycle among nodes is an error naming it ("a -> b -> a").
Result<Pipeline> ParsePipeline(std::string_view toml_text, std::string_view origin,
                               const std::filesystem::path& base_dir);

// Edges among nodes of the pipeline: for each node, the names of its inputs that are nodes.
std::vector<std::vector<size_t>> Dependencies(const Pipeline& p);

struct RuleFailure {
  std::string rule;
  int64_t count = 0;                 // offending rows (for row_count: the row count)
  std::vector<std::string> samples;  // offending rows as JSON objects
};

struct OrphanReport {
  std::string column;
  std::string parent;
  int64_t count = 0;
  std::vector<std::string> samples;
  bool dropped = false;
};

enum class NodeStatus { kPending, kRunning, kSucceeded, kFailed, kSkipped };
std::string_view ToString(NodeStatus s);

struct NodeReport {
  std::string node;
  NodeStatus status = NodeStatus::kPending;
  std::string strategy;
  int64_t rows_read = 0;
  int64_t rows_written = 0;  // inserted + updated + deleted
  int64_t rows_rejected = 0;
  int64_t rows_inserted = 0, rows_updated = 0, rows_deleted = 0;
  double elapsed_ms = 0;
  int64_t rss_delta_bytes = 0;
  int64_t duckdb_memory_bytes = 0;
  bool high_memory = false;
  std::string error;
  std::vector<RuleFailure> failures;
  std::vector<OrphanReport> orphans;
};

enum class RunStatus { kRunning, kSucceeded, kFailed };
std::string_view ToString(RunStatus s);

struct RunReport {
  std::string id;
  std::string pipeline;
  std::string job_id;
  RunStatus status = RunStatus::kRunning;
  bool full_refresh = false;
  std::string from;
  std::string started_at, finished_at;      // ISO-8601 UTC
  int64_t started_ms = 0, finished_ms = 0;  // the same, as milliseconds since the epoch
  double elapsed_ms = 0;
  std::string error;
  std::vector<NodeReport> nodes;
};

struct RunRequest {
  std::string pipeline;       // a name (data/pipelines/NAME.toml or embedded) or a path to a .toml
  bool full_refresh = false;  // rebuild every target from all of its source
  std::string from;           // run only this node and what depends on it
  std::string job_id;
  // A failed or interrupted run of the same pipeline (its id, or "last" for the latest run): runs
  // only the nodes it did not finish (and what depends on them), with its full_refresh. Nodes run
  // atomically and loads are idempotent, so what the earlier run finished is kept as it is.
  std::string resume;
};

struct PipelineSummary {
  std::string name;
  std::string description;
  std::string schedule;
  std::string time_zone;
  std::vector<ExtraSchedule> schedules;
  std::string origin;
  size_t nodes = 0;
  std::optional<RunReport> last_run;  // without per-node details
};

struct LineageNode {
  std::string id;    // dataset or node name
  std::string kind;  // "source" (a dataset or file read from outside) or "node"
  std::string strategy;
  std::string description;
  std::string sql;
  std::vector<std::string> reads;   // columns read from inputs (as found in the SQL)
  std::vector<std::string> writes;  // columns of the target
  std::vector<std::string> rules;
  std::optional<NodeReport> last_run;
};

struct LineageEdge {
  std::string from, to;
};

struct Lineage {
  std::string pipeline;
  std::vector<LineageNode> nodes;
  std::vector<LineageEdge> edges;
};

// Called as nodes start and finish: (finished nodes, all nodes, what happened).
using ProgressFn = std::function<void(size_t done, size_t total, std::string_view message)>;
// True when the run should stop (checked between nodes).
using CancelFn = std::function<bool()>;

class PipelineService {
 public:
  // Creates the run tables if needed. `dir`: where pipeline files live (data/pipelines).
  static Result<std::unique_ptr<PipelineService>> Open(db::ConnectionPool& pool,
                                                       catalog::Catalog& catalog,
                                                       PipelinesConfig config,
                                                       std::filesystem::path dir);

  Result<std::vector<PipelineSummary>> List();
  Result<Pipeline> Load(std::string_view name_or_path);
  // Runs a pipeline; a failed node fails the run (nodes that depend on it are skipped, the others
  // still run). The report is returned even when the run failed (status kFailed).
  Result<RunReport> Run(const RunRequest& request, const ProgressFn& progress = {},
                        const CancelFn& cancelled = {});
  Result<std::vector<RunReport>> Runs(std::string_view pipeline, size_t limit);
  Result<RunReport> GetRun(std::string_view run_id);
  // The latest run that `job_id` started and did not finish (the job's process died, or it
  // failed), to resume when the job runs again.
  Result<std::optional<RunReport>> UnfinishedRunOfJob(std::string_view pipeline,
                                                      std::string_view job_id);
  // The run `run_id` ("last": the latest) of `p` if it can be resumed: not found, of another
  // pipeline or succeeded are errors.
  Result<RunReport> CheckResumable(const Pipeline& p, std::string_view run_id);
  Result<Lineage> GetLineage(std::string_view pipeline);

 private:
  PipelineService(db::ConnectionPool& pool, catalog::Catalog& catalog, PipelinesConfig config,
                  std::filesystem::path dir)
      : pool_(pool), catalog_(catalog), config_(std::move(config)), dir_(std::move(dir)) {}
  Status SaveRun(const RunReport& report);
  db::ConnectionPool& pool_;
  catalog::Catalog& catalog_;
  PipelinesConfig config_;
  std::filesystem::path dir_;
};

// The shipped pipelines, by name (thelook).
std::optional<std::string_view> EmbeddedPipeline(std::string_view name);
std::vector<std::string> EmbeddedPipelineNames();

}  // namespace sagaz::pipelines
