#include "app/app.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include "agents/agents.hpp"
#include "app/internal/feedback_jobs.hpp"
#include "app/internal/forecast_job.hpp"
#include "app/internal/ingest_job.hpp"
#include "app/internal/pipeline_job.hpp"
#include "app/internal/report_jobs.hpp"
#include "app/internal/workflow_job.hpp"
#include "app/internal/workflow_steps.hpp"
#include "app/jobs.hpp"
#include "ask/ask.hpp"
#include "auth/auth.hpp"
#include "catalog/catalog.hpp"
#include "core/crash.hpp"
#include "core/ids.hpp"
#include "core/log.hpp"
#include "core/strings.hpp"
#include "dashboards/dashboards.hpp"
#include "db/collect.hpp"
#include "db/db.hpp"
#include "exports/exports.hpp"
#include "feedback/feedback.hpp"
#include "forecast/service.hpp"
#include "ingest/ingest.hpp"
#include "jobs/jobs.hpp"
#include "jobs/schedules.hpp"
#include "knowledge/knowledge.hpp"
#include "llm/llm.hpp"
#include "models/manager.hpp"
#include "observability/metrics.hpp"
#include "observability/usage.hpp"
#include "pipelines/pipelines.hpp"
#include "prompts/prompts.hpp"
#include "reports/reports.hpp"
#include "sql/query.hpp"
#include "stats/service.hpp"
#include "webhooks/webhooks.hpp"
#include "wire/feedback.hpp"
#include "wire/json.hpp"
#include "wire/stats.hpp"
#include "workflows/steps.hpp"
#include "workflows/workflows.hpp"

namespace sagaz {

namespace {

// Makes the data directory and everything in it private to this user (directories 0700, files
// 0600): data written by an older version, or copied in, may be readable by others. Returns how
// many entries were changed.
int64_t TightenPermissions(const std::filesystem::path& dir) {
  namespace fs = std::filesystem;
  int64_t changed = 0;
  auto tighten = [&](const fs::path& path, bool directory) {
    struct stat st {};
    if (::lstat(path.c_str(), &st) != 0 || S_ISLNK(st.st_mode) || (st.st_mode & 077) == 0) return;
    if (::chmod(path.c_str(), directory ? 0700 : 0600) == 0) ++changed;
  };
  tighten(dir, true);
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::end(it);
       it.increment(ec)) {
    tighten(it->path(), it->is_directory(ec));
  }
  return changed;
}

}  // namespace

App::App(Config config) : config_(std::move(config)) {
  char host[256] = "localhost";
  gethostname(host, sizeof host - 1);
  instance_ = std::string(host) + ":" + std::to_string(getpid());
}

App::~App() {
  StopScheduler();
  StopWorkers();
  if (models_) llm::SetLocalFactory({});
}

Result<std::unique_ptr<App>> App::Open(const Config& config) {
  std::unique_ptr<App> app(new App(config));
  for (const auto& warning : config.warnings) log::Warn(warning);
  std::error_code ec;
  std::filesystem::create_directories(config.DataDir(), ec);
  if (ec) {
    return Fail(ErrorCode::kIo,
                "cannot create data directory " + config.DataDir().string() + ": " + ec.message());
  }
  if (const int64_t changed = TightenPermissions(config.DataDir()); changed > 0) {
    log::Warn("made the data directory private to this user (directories 0700, files 0600)",
              {{"dir", config.DataDir().string()}, {"entries", std::to_string(changed)}});
  }
  db::DatabaseOptions options;
  options.threads = config.duckdb.threads;
  options.memory_limit = config.duckdb.memory_limit;
  if (options.memory_limit.empty()) {
    // DuckDB's default (80% of RAM) leaves no room for the statistics engine's columns, which live
    // outside DuckDB's limit: half of the RAM for DuckDB.
    const int64_t pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGE_SIZE);
    if (pages > 0 && page > 0) {
      options.memory_limit = std::to_string((pages / 2) * page / (1 << 20)) + "MB";
    }
  }
  auto database = db::Database::Open(config.DataPath("sagaz.duckdb"), options);
  if (!database) {
    if (database.error().code == ErrorCode::kFailedPrecondition) {
      return Fail(Error(ErrorCode::kFailedPrecondition,
                        "the data directory " + config.DataDir().string() +
                            " is in use by another Sagaz process (is `sagaz serve` running?)")
                      .With("cause", database.error().message));
    }
    return Fail(std::move(database).error());
  }
  app->database_ = std::make_unique<db::Database>(std::move(*database));
  app->pool_ = std::make_unique<db::ConnectionPool>(*app->database_,
                                                    static_cast<size_t>(config.server.threads) + 2);
  app->watchdog_ = std::make_unique<db::Watchdog>();
  app->catalog_ = SAGAZ_TRY(catalog::Catalog::Open(*app->pool_));
  app->ingestor_ = std::make_unique<ingest::Ingestor>(*app->pool_, *app->catalog_, config.ingest);
  SAGAZ_TRY(app->ingestor_->CleanUp());
  {
    auto conn = SAGAZ_TRY(app->pool_->Acquire());
    SAGAZ_TRY(sql::PrepareGuard(*conn));
    SAGAZ_TRY(db::RegisterCollector(*conn));
  }
  app->query_ =
      std::make_unique<sql::QueryService>(*app->pool_, *app->catalog_, *app->watchdog_, config.sql);
  {
    models::ManagerOptions m;
    m.folder = config.DataPath(config.models.dir);
    for (const auto& p : config.models.paths) m.paths.emplace_back(p);
    m.keep_alive = std::chrono::seconds(config.models.keep_alive_s);
    m.ram_budget_bytes = static_cast<uint64_t>(config.models.ram_budget_mb) << 20;
    m.queue_depth = config.models.queue_depth;
    m.load.context = config.models.context;
    m.load.threads = config.models.threads;
    app->models_ = std::make_unique<models::ModelManager>(std::move(m));
    models::ModelManager* manager = app->models_.get();
    llm::SetLocalFactory(
        [manager](const std::string& model) { return models::MakeLocalProvider(*manager, model); });
  }
  app->ask_ = SAGAZ_TRY(
      ask::AskService::Open(*app->pool_, *app->catalog_, *app->query_, config.ask, config.llm));
  app->stats_ = std::make_unique<stats::StatsService>(*app->pool_, *app->catalog_, *app->watchdog_,
                                                      config.stats, config.sql);
  app->knowledge_ =
      SAGAZ_TRY(knowledge::KnowledgeService::Open(config.DataPath("index/knowledge"), config));
  app->prompts_ = SAGAZ_TRY(prompts::PromptService::Open(*app->pool_, config.llm));
  app->auth_ =
      SAGAZ_TRY(auth::AuthService::Open(*app->pool_, config.auth, config.DataPath("secrets")));
  app->forecast_ = std::make_unique<forecast::ForecastService>(
      *app->pool_, *app->catalog_, config.DataPath("models/forecast"), config.forecast);
  app->dashboards_ = SAGAZ_TRY(dashboards::DashboardService::Open(
      *app->pool_, *app->catalog_, *app->query_, *app->ask_, *app->stats_,
      [](std::string_view json) -> Result<stats::StatsRequest> {
        return wire::ParseStatsRequest(SAGAZ_TRY(wire::ParseBody(json)));
      }));
  app->exporter_ = std::make_unique<exports::Exporter>(
      *app->pool_, *app->query_, *app->watchdog_, config.DataPath("uploads") / "exports",
      std::chrono::milliseconds(config.sql.timeout_ms));
  app->webhooks_ = std::make_unique<webhooks::Sender>(config.webhooks);
  app->reports_ =
      SAGAZ_TRY(reports::ReportService::Open(*app->pool_, *app->dashboards_, *app->exporter_,
                                             *app->webhooks_, config.DataDir(), config.reports));
  app->queue_ = SAGAZ_TRY(jobs::OpenEmbeddedQueue(*app->pool_, config.jobs));
  SAGAZ_TRY(jobs::FailCrashedJobs(*app->queue_, config.DataPath(jobs::kCrashMarker)));
  app->queue_->SetRetryCheck(std::string(app_jobs::kIngest), internal::IngestRetryCheck(*app));
  app->queue_->SetRetryCheck(std::string(app_jobs::kKnowledgeIndex),
                             internal::IngestRetryCheck(*app));
  app->queue_->SetRetryCheck(std::string(app_jobs::kFeedbackImport),
                             internal::IngestRetryCheck(*app));
  // Uploads a crash left behind, and files of jobs purged since the last start.
  const auto orphans = SAGAZ_TRY(internal::RemoveOrphanedUploads(*app, /*at_startup=*/true));
  if (orphans.files > 0) {
    log::Info("removed uploads no job needs",
              {{"files", std::to_string(orphans.files)}, {"bytes", std::to_string(orphans.bytes)}});
  }
  app->effects_ = SAGAZ_TRY(jobs::EffectLog::Open(*app->pool_));
  app->pipelines_ = SAGAZ_TRY(pipelines::PipelineService::Open(
      *app->pool_, *app->catalog_, config.pipelines, config.DataPath("pipelines")));
  app->scheduler_ = SAGAZ_TRY(jobs::Scheduler::Open(*app->pool_, *app->queue_, config.jobs));
  internal::AllowPipelineSchedules(*app->scheduler_, *app);
  internal::AllowReportSchedules(*app->scheduler_, *app);
  std::shared_ptr<llm::Provider> feedback_llm;
  if (config.feedback.engine == ask::Engine::kLlm) {
    auto provider = llm::MakeProvider(config.llm);
    if (provider) {
      feedback_llm = std::move(*provider);
    } else {
      log::Warn(
          "feedback.engine is llm but no model is configured (llm.base_url): comments are "
          "classified without a model",
          {{"error", provider.error().message}});
    }
  }
  app->feedback_ = SAGAZ_TRY(feedback::FeedbackService::Open(
      *app->pool_, config.feedback,
      feedback::ModelStorage{config.DataPath("models/feedback"), wire::FeedbackModelCodec()},
      std::move(feedback_llm)));
  app->steps_ = std::make_unique<workflows::StepRegistry>();
  internal::RegisterWorkflowSteps(*app->steps_, *app);
  app->workflows_ = SAGAZ_TRY(workflows::WorkflowService::Open(*app->pool_, *app->steps_,
                                                               config.DataDir(), config.workflows));
  internal::AllowWorkflowSchedules(*app->scheduler_, *app);
  if (auto examples = internal::DeclareWorkflowExamples(*app); !examples) {
    log::Warn("the shipped workflow examples could not be declared",
              {{"error", examples.error().message}});
  }
  app->agents_ = SAGAZ_TRY(agents::AgentService::Open(*app->pool_, *app->steps_, config));
  app->metrics_ = std::make_unique<observability::Registry>();
  app->usage_ = SAGAZ_TRY(observability::UsageLog::Open(*app->pool_));
  return app;
}

Status App::RestrictFileAccess() {
  const auto uploads = config_.DataPath("uploads");
  std::error_code ec;
  std::filesystem::create_directories(uploads, ec);
  auto conn = SAGAZ_TRY(pool_->Acquire());
  // Session settings cannot change once the configuration is locked: the connections the pool
  // keeps get progress reporting (for jobs) now.
  {
    std::vector<db::ConnectionPool::Lease> warm;
    for (size_t i = 0; i < pool_->max_idle(); ++i) {
      warm.push_back(SAGAZ_TRY(pool_->Acquire()));
      SAGAZ_TRY(warm.back()->EnableProgress());
    }
  }
  // The order matters: allowed_directories cannot change once external access is off.
  // Pipeline files may read exports kept under data/pipelines.
  const auto pipelines = config_.DataPath("pipelines");
  std::filesystem::create_directories(pipelines, ec);
  return conn->Execute(
      "SET allowed_directories = [" +
      QuoteLiteral(std::filesystem::absolute(uploads).lexically_normal().string() + "/") + ", " +
      QuoteLiteral(std::filesystem::absolute(pipelines).lexically_normal().string() + "/") +
      "]; SET enable_external_access = false; SET lock_configuration = true");
}

Status App::StartWorkers(int threads) {
  if (workers_ || threads <= 0) return Ok();
  SAGAZ_TRY(crash::InstallHandler(config_.DataPath(jobs::kCrashMarker)));
  workers_ = std::make_unique<jobs::Workers>(*queue_, *effects_, config_.jobs, instance_);
  internal::RegisterIngestJob(*workers_, *this);
  internal::RegisterKnowledgeIndexJob(*workers_, *this);
  internal::RegisterForecastJob(*workers_, *this);
  internal::RegisterPipelineJob(*workers_, *this);
  internal::RegisterFeedbackJobs(*workers_, *this);
  internal::RegisterReportJobs(*workers_, *this);
  internal::RegisterWorkflowJob(*workers_, *this);
  auto& durations = metrics_->AddHistogram(
      "sagaz_job_duration_seconds",
      "Time of job attempts, by kind and the state they left the job in.", {"kind", "state"},
      {0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300, 1800, 3600});
  auto& failures = metrics_->AddCounter("sagaz_job_failures_total",
                                        "Failed job attempts (retried or not), by kind.", {"kind"});
  workers_->OnOutcome([&durations, &failures](const jobs::AttemptOutcome& o) {
    durations.Observe({o.kind, std::string(jobs::ToString(o.state))}, o.seconds);
    if (o.state == jobs::State::kFailed || o.state == jobs::State::kDead ||
        o.state == jobs::State::kQueued) {
      failures.Inc({o.kind});
    }
  });
  workers_->Start(threads);
  return Ok();
}

void App::StopWorkers() {
  if (workers_) workers_->Stop();
}

size_t App::RunningJobs() const { return workers_ ? workers_->Running() : 0; }

// Pipeline files' schedules are declared here, by the processes that run the scheduler (serve,
// worker), not by every command that opens the data directory.
void App::StartScheduler() {
  if (auto declared = internal::DeclarePipelineSchedules(*this); !declared) {
    log::Err("the schedules of the pipeline files could not be declared",
             {{"error", declared.error().message}});
  }
  scheduler_->Start();
}

void App::StopScheduler() {
  if (scheduler_) scheduler_->Stop();
}

Result<App::Cleanup> App::CleanUp() {
  Cleanup out;
  out.profiles = static_cast<int64_t>(catalog_->ClearCaches());
  out.jobs = SAGAZ_TRY(queue_->Purge(NowMs() - config_.jobs.retention_days * 86'400'000));
  auto orphans = SAGAZ_TRY(internal::RemoveOrphanedUploads(*this, /*at_startup=*/false));
  out.uploads = orphans.files;
  out.upload_bytes = orphans.bytes;
  out.refresh_tokens = SAGAZ_TRY(auth_->PurgeExpiredTokens());
  out.usage_records = SAGAZ_TRY(usage_->Purge(config_.observability.usage_retention_days));
  log::Info("cache cleanup", {{"profiles", std::to_string(out.profiles)},
                              {"uploads", std::to_string(out.uploads)},
                              {"refresh_tokens", std::to_string(out.refresh_tokens)},
                              {"jobs", std::to_string(out.jobs)},
                              {"usage_records", std::to_string(out.usage_records)}});
  return out;
}

Status InitLogging(const Config& config, bool verbose) {
  log::Options options;
  options.console_level = verbose ? config.log.level : log::Level::kWarn;
  options.file_level = config.log.level;
  if (!config.log.file.empty()) options.file = config.DataPath(config.log.file);
  options.max_size_bytes = static_cast<size_t>(config.log.max_size_mb) << 20;
  options.max_files = static_cast<size_t>(config.log.max_files);
  return log::Init(options);
}

}  // namespace sagaz
