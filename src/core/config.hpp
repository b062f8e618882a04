// Effective configuration: built-in defaults, overridden by sagaz.toml, overridden by SAGAZ_*
// environment variables, overridden by command-line flags. Every key is declared once (config.cpp)
// with its default and documentation; `sagaz config` and sagaz.example.toml are generated from that
// declaration.
//
// A key that takes one of a fixed set of names holds the enum of the module that defines the set
// (auth::Role, sql::Policy, log::Level, ask::Engine, llm::ProviderKind), checked when the
// configuration loads. Those headers are header-only apart from their parsers, so core links
// nothing above it.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "ask/engine.hpp"
#include "auth/role.hpp"
#include "core/error.hpp"
#include "core/log.hpp"
#include "llm/provider_kind.hpp"
#include "sql/policy.hpp"

namespace sagaz {

struct ServerConfig {
  std::string host = "127.0.0.1";
  int port = 8080;
  int threads = 64;          // requests served at once
  int64_t max_body_mb = 16;  // JSON request bodies
  std::vector<std::string> cors_origins;
  int read_timeout_s = 30;
  int write_timeout_s = 30;
  int keep_alive_s = 5;
  int header_timeout_s = 10;
  int max_connections = 768;
  int max_connections_per_address = 256;
};

struct DataConfig {
  std::string dir = "data";
};

struct IngestConfig {
  int64_t max_upload_mb = 2048;
  int64_t sample_rows = 20480;
  double max_reject_ratio = 0.1;
  int64_t max_columns = 2000;  // wider files are refused before DuckDB reads them
  bool keep_uploads = false;
};

struct SqlConfig {
  int64_t row_limit = 10000;
  int64_t timeout_ms = 30000;
  sql::Policy policy = sql::Policy::kStandard;
};

struct StatsConfig {
  int threads = 0;                 // statistics kernels; 0: every core
  int64_t max_rows = 100'000'000;  // rows one request may read into memory
  int64_t max_groups = 10'000;     // distinct group_by keys one request may return
};

struct DuckdbConfig {
  int threads = 0;           // 0: all cores
  std::string memory_limit;  // empty: half of the RAM
};

struct LlmConfig {
  llm::ProviderKind provider = llm::ProviderKind::kOpenAi;
  std::string
      base_url;  // OpenAI-compatible endpoint, e.g. http://127.0.0.1:11434/v1; empty: no model
  std::string model;
  std::string api_key;  // secret; usually from SAGAZ_LLM_API_KEY
  int64_t timeout_ms = 30000;
  int64_t connect_timeout_ms = 3000;
  int64_t stall_ms = 10000;           // a streamed reply silent this long has failed
  int64_t insight_timeout_ms = 8000;  // budget of the written insight; the builtin text after it
  int max_retries = 2;
  int sql_attempts = 3;  // NL→SQL tries, feeding errors back to the model
};

// In-process GGUF models (src/models) and their residency.
struct ModelsConfig {
  std::string dir = "models";      // relative to data.dir
  std::vector<std::string> paths;  // more GGUF files, anywhere
  int64_t keep_alive_s = 300;      // a model idle this long is unloaded
  int64_t ram_budget_mb = 0;       // 0: 75% of the RAM
  int queue_depth = 8;             // requests waiting per model; more get 429
  int context = 4096;              // tokens of a loaded model's context
  int threads = 0;                 // 0: every core
};

struct AskConfig {
  ask::Engine engine = ask::Engine::kBuiltin;
  sql::Policy policy = sql::Policy::kStrict;  // strict: statistics by Sagaz's engine
  int64_t max_rows = 5'000'000;               // rows read into the statistics engine for one answer
  // Links Ask may join along besides the ones the data verifies: "orders.product_id ->
  // products.id" (ask/relationships.hpp).
  std::vector<std::string> relationships;
};

struct KnowledgeConfig {
  int64_t max_document_mb = 256;  // one document (upload or file) at most
  int64_t chunk_chars = 1200;     // target chunk size, bytes of UTF-8
  int64_t chunk_overlap = 150;    // text repeated from the previous chunk of a section
  int64_t max_pages = 20000;      // PDF pages read at most
  int64_t top_k = 5;              // passages an answer is given by default
};

struct AuthConfig {
  std::string jwt_secret;             // secret; empty: generated once into data/secrets/jwt.key
  int64_t access_ttl_s = 900;         // lifetime of an access token
  int64_t refresh_ttl_s = 2'592'000;  // lifetime of a refresh token (30 days)
  // Role of requests without a token: none (they get 401) or viewer.
  std::optional<auth::Role> anonymous_role;
  int max_failed_logins = 5;  // per account within failed_login_window_s, then 429
  int max_failed_logins_per_address = 20;
  int64_t failed_login_window_s = 900;
};

struct JobsConfig {
  int workers = 2;            // job threads inside `sagaz serve`; 0: only `sagaz worker` runs jobs
  int max_attempts = 3;       // tries before a job is dead-lettered
  int64_t backoff_ms = 2000;  // first retry delay; doubles with each attempt
  int64_t max_backoff_ms = 300'000;
  int64_t lease_ms = 30'000;             // a running job's lease; renewed by heartbeats every third
  std::vector<std::string> concurrency;  // per-kind limits, "ingest=1"
  int64_t async_ingest_mb = 64;          // uploads larger than this become jobs
  int64_t retention_days = 30;           // finished jobs kept this long
  int64_t schedule_tick_ms = 1000;       // how often the scheduler looks for due occurrences
  int64_t schedule_grace_ms = 60'000;    // an occurrence later than this is missed (policy)
  bool schedule_seconds = false;         // six-field cron with seconds (tests and demos)
};

// Defaults of forecast training runs (a request may override each).
struct ForecastConfig {
  int min_train_days = 500;      // training days of the first walk-forward fit
  int retrain_every_days = 250;  // test block length: the model is refitted this often
  int trees = 200;               // forest size or boosting rounds
  int max_depth = 0;             // 0: 6 for random forests, 3 for boosted trees
  double learning_rate = 0.05;   // boosted trees
  int threads = 2;               // XGBoost threads, and tickers trained at once
  int search_budget = 0;         // parameter candidates searched per training window; 0: none
};

// Metric pipelines (src/pipelines).
struct PipelinesConfig {
  int parallelism = 2;            // nodes of one run executed side by side
  int64_t high_memory_mb = 1024;  // a node past this (RSS delta or DuckDB memory) is flagged
  int64_t sample_rows = 5;        // offending rows shown per failed rule or orphan check
};

// Customer comments (src/feedback).
struct FeedbackConfig {
  int64_t max_batch = 10'000;       // comments in one JSON request
  int64_t max_text_chars = 10'000;  // characters of one comment
  int64_t max_item_errors = 1000;   // per-item errors listed in a report (all are counted)
  std::string taxonomy;             // TSV file of tags; empty: the builtin commerce taxonomy
  double neutral_threshold = 0.2;   // builtin: |score| under it is neutral
  int64_t report_cache_s = 60;      // the public report is recomputed at most this often
  int64_t report_days = 30;         // days of comments the public report covers
  std::vector<std::string> public_sources;  // sources in the public report; empty: all
  // Who classifies new comments: builtin (no model: the active trained version, else the builtin
  // classifier) or llm (the configured model, falling back to the former).
  ask::Engine engine = ask::Engine::kBuiltin;
  int64_t llm_batch = 20;          // comments per prompt
  int64_t llm_timeout_ms = 60000;  // per prompt
};

// Scheduled reports and alerts (src/reports).
struct ReportsConfig {
  std::string dir = "reports";          // folder deliveries, relative to data.dir
  int64_t webhook_timeout_ms = 10'000;  // time a webhook has to answer a delivery
};

// Outgoing webhooks of reports, alerts and workflow steps (src/webhooks).
struct WebhooksConfig {
  // URL prefixes webhooks may be sent to ("https://hooks.example.com/", "http://127.0.0.1:9000/");
  // empty: no webhook is allowed. Also read from the deprecated reports.webhook_allow and
  // workflows.webhook_allow (their entries are added here).
  std::vector<std::string> allow;
  // Key of the HMAC-SHA256 signature of every body (X-Sagaz-Signature); empty: unsigned.
  std::string secret;
};

// Dashboards embedded in other sites (signed iframe tokens).
struct DashboardsConfig {
  int64_t embed_ttl_s = 3600;  // default lifetime of an embed token
  int64_t embed_max_ttl_s = 30 * 86'400;
  // Origins allowed to frame embedded dashboards (CSP frame-ancestors); empty: none.
  std::vector<std::string> frame_ancestors;
};

// Workflows and agents (src/workflows, src/agents).
struct WorkflowsConfig {
  int parallelism = 2;                 // steps of one run executed side by side
  int64_t step_timeout_ms = 600'000;   // per attempt, when a step sets no timeout_ms
  int64_t artifact_kb = 64;            // outputs larger than this are stored as files (artifacts)
  int agent_max_steps = 8;             // tool calls an agent may make in one run
  int64_t agent_max_tokens = 16'000;   // model tokens one agent run may use
  int64_t agent_timeout_ms = 120'000;  // one agent run at most
};

struct ObservabilityConfig {
  bool metrics_public = true;  // GET /metrics without a token
  int64_t usage_retention_days = 90;
};

struct LogConfig {
  log::Level level = log::Level::kInfo;
  std::string file = "logs/sagaz.log";  // relative to data.dir; empty disables the file
  int max_size_mb = 50;
  int max_files = 5;
};

struct Config {
  ServerConfig server;
  DataConfig data;
  IngestConfig ingest;
  SqlConfig sql;
  StatsConfig stats;
  DuckdbConfig duckdb;
  LlmConfig llm;
  ModelsConfig models;
  AskConfig ask;
  KnowledgeConfig knowledge;
  AuthConfig auth;
  JobsConfig jobs;
  ForecastConfig forecast;
  PipelinesConfig pipelines;
  FeedbackConfig feedback;
  ReportsConfig reports;
  WebhooksConfig webhooks;
  DashboardsConfig dashboards;
  WorkflowsConfig workflows;
  ObservabilityConfig observability;
  LogConfig log;

  // Where the file layer came from, if any, and where each key's value came from ("default",
  // "file", "env", "flag"); keys not listed are defaults.
  std::optional<std::filesystem::path> file;
  std::map<std::string, std::string, std::less<>> origin;
  // What a person should change in the configuration (deprecated keys set); logged at start-up.
  std::vector<std::string> warnings;

  std::filesystem::path DataDir() const { return data.dir; }
  // Resolves a path relative to the data directory.
  std::filesystem::path DataPath(const std::filesystem::path& relative) const;
};

// What LoadConfig reads. Overrides are "section.key" = "value" pairs from command-line flags.
struct ConfigSources {
  std::optional<std::filesystem::path>
      file;  // explicit --config; otherwise $SAGAZ_CONFIG or ./sagaz.toml
  bool use_environment = true;
  std::vector<std::pair<std::string, std::string>> overrides;
};

// Builds the effective configuration. Unknown keys, malformed values and out-of-range numbers are
// errors that name the key and where it came from.
Result<Config> LoadConfig(const ConfigSources& sources);

// One line of `sagaz config`: the key, its effective value (secrets masked), where it came from,
// its default and documentation.
struct ConfigEntry {
  std::string key;
  std::string value;
  std::string default_value;
  std::string source;  // "default", "file", "env", "flag"
  std::string doc;
  bool secret = false;
};

// Entries for every declared key, in declaration order.
std::vector<ConfigEntry> DescribeConfig(const Config& config);

// sagaz.example.toml: every key, commented, with its default.
std::string ExampleConfigToml();

// Name of the environment variable for a key: "server.port" -> "SAGAZ_SERVER_PORT".
std::string EnvVarName(std::string_view key);

}  // namespace sagaz
