// The running application: configuration, the database and every service, wired once and shared by
// the HTTP server and the CLI. Owns everything it creates; destroyed last.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "core/config.hpp"
#include "core/error.hpp"

namespace sagaz::db {
class Database;
class ConnectionPool;
class Watchdog;
}  // namespace sagaz::db
namespace sagaz::catalog {
class Catalog;
}
namespace sagaz::ingest {
class Ingestor;
}
namespace sagaz::sql {
class QueryService;
}
namespace sagaz::ask {
class AskService;
}
namespace sagaz::stats {
class StatsService;
}
namespace sagaz::knowledge {
class KnowledgeService;
}
namespace sagaz::prompts {
class PromptService;
}
namespace sagaz::auth {
class AuthService;
}
namespace sagaz::forecast {
class ForecastService;
}
namespace sagaz::jobs {
class Queue;
class EffectLog;
class Workers;
class Scheduler;
}  // namespace sagaz::jobs
namespace sagaz::pipelines {
class PipelineService;
}
namespace sagaz::feedback {
class FeedbackService;
}
namespace sagaz::observability {
class Registry;
class UsageLog;
}  // namespace sagaz::observability
namespace sagaz::dashboards {
class DashboardService;
}
namespace sagaz::exports {
class Exporter;
}
namespace sagaz::reports {
class ReportService;
}
namespace sagaz::webhooks {
class Sender;
}
namespace sagaz::workflows {
class StepRegistry;
class WorkflowService;
}  // namespace sagaz::workflows
namespace sagaz::agents {
class AgentService;
}
namespace sagaz::models {
class ModelManager;
}

namespace sagaz {

class App {
 public:
  // Opens data/sagaz.duckdb (creating the data directory) and the services. Fails with
  // kFailedPrecondition when another process holds the database.
  static Result<std::unique_ptr<App>> Open(const Config& config);
  ~App();

  const Config& config() const { return config_; }
  db::Database& database() { return *database_; }
  db::ConnectionPool& pool() { return *pool_; }
  db::Watchdog& watchdog() { return *watchdog_; }
  catalog::Catalog& catalog() { return *catalog_; }
  ingest::Ingestor& ingestor() { return *ingestor_; }
  sql::QueryService& query() { return *query_; }
  ask::AskService& ask() { return *ask_; }
  stats::StatsService& stats() { return *stats_; }
  knowledge::KnowledgeService& knowledge() { return *knowledge_; }
  // In-process GGUF models (llm.provider = local uses them through llm::MakeProvider).
  models::ModelManager& models() { return *models_; }
  prompts::PromptService& prompts() { return *prompts_; }
  auth::AuthService& auth() { return *auth_; }
  forecast::ForecastService& forecast() { return *forecast_; }
  dashboards::DashboardService& dashboards() { return *dashboards_; }
  exports::Exporter& exporter() { return *exporter_; }
  reports::ReportService& reports() { return *reports_; }
  // The one way out to a user's URL (webhooks.allow, webhooks.secret).
  const webhooks::Sender& webhooks() const { return *webhooks_; }
  jobs::Queue& jobs() { return *queue_; }
  jobs::Scheduler& scheduler() { return *scheduler_; }
  pipelines::PipelineService& pipelines() { return *pipelines_; }
  feedback::FeedbackService& feedback() { return *feedback_; }
  // Every capability as a workflow step and agent tool (app/internal/workflow_steps.hpp).
  const workflows::StepRegistry& steps() const { return *steps_; }
  workflows::WorkflowService& workflows() { return *workflows_; }
  agents::AgentService& agents() { return *agents_; }
  observability::Registry& metrics() { return *metrics_; }
  observability::UsageLog& usage() { return *usage_; }
  std::chrono::system_clock::time_point started_at() const { return started_at_; }
  // This process in job leases and logs: "host:pid".
  const std::string& instance() const { return instance_; }

  // Confines the database to the data directory for the rest of the process (sagaz serve, sagaz
  // worker): DuckDB may read files only under data/uploads (what ingest reads), and its settings
  // can no longer change. A query the SQL guard wrongly let through still cannot read a file or
  // attach a database. The CLI, which ingests files a person names, does not call this.
  Status RestrictFileAccess();

  // Runs jobs in `threads` background threads (sagaz serve, sagaz worker) until StopWorkers or
  // destruction. Running jobs are given back to the queue on stop.
  Status StartWorkers(int threads);
  void StopWorkers();
  size_t RunningJobs() const;

  // Submits the jobs of due schedules from a background thread (sagaz serve, sagaz worker) until
  // StopScheduler or destruction.
  void StartScheduler();
  void StopScheduler();

  // Removes what can be rebuilt or has expired: cached profiles, orphaned uploads, expired tokens,
  // finished jobs and usage records past their retention.
  struct Cleanup {
    int64_t profiles = 0;
    int64_t uploads = 0;
    uint64_t upload_bytes = 0;
    int64_t refresh_tokens = 0;
    int64_t jobs = 0;
    int64_t usage_records = 0;
  };
  Result<Cleanup> CleanUp();

 private:
  explicit App(Config config);
  Config config_;
  std::unique_ptr<db::Database> database_;
  std::unique_ptr<db::ConnectionPool> pool_;
  std::unique_ptr<db::Watchdog> watchdog_;
  std::unique_ptr<catalog::Catalog> catalog_;
  std::unique_ptr<ingest::Ingestor> ingestor_;
  std::unique_ptr<sql::QueryService> query_;
  std::unique_ptr<models::ModelManager> models_;  // before the services whose providers use it
  std::unique_ptr<ask::AskService> ask_;
  std::unique_ptr<stats::StatsService> stats_;
  std::unique_ptr<knowledge::KnowledgeService> knowledge_;
  std::unique_ptr<prompts::PromptService> prompts_;
  std::unique_ptr<auth::AuthService> auth_;
  std::unique_ptr<forecast::ForecastService> forecast_;
  std::unique_ptr<dashboards::DashboardService> dashboards_;
  std::unique_ptr<exports::Exporter> exporter_;
  std::unique_ptr<webhooks::Sender> webhooks_;
  std::unique_ptr<reports::ReportService> reports_;
  std::unique_ptr<jobs::Queue> queue_;
  std::unique_ptr<jobs::EffectLog> effects_;
  std::unique_ptr<jobs::Scheduler> scheduler_;
  std::unique_ptr<pipelines::PipelineService> pipelines_;
  std::unique_ptr<feedback::FeedbackService> feedback_;
  std::unique_ptr<workflows::StepRegistry> steps_;
  std::unique_ptr<workflows::WorkflowService> workflows_;
  std::unique_ptr<agents::AgentService> agents_;
  std::unique_ptr<observability::Registry> metrics_;
  std::unique_ptr<observability::UsageLog> usage_;
  std::unique_ptr<jobs::Workers> workers_;  // declared last: stopped first
  std::chrono::system_clock::time_point started_at_ = std::chrono::system_clock::now();
  std::string instance_;
};

// Sets up logging from the configuration: the console shows warnings (info and above when
// `verbose`), the file under data/ receives log.level and above.
Status InitLogging(const Config& config, bool verbose);

}  // namespace sagaz
