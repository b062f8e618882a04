#include "app/app.hpp"

#include "ask/ask.hpp"
#include "catalog/catalog.hpp"
#include "core/log.hpp"
#include "db/db.hpp"
#include "ingest/ingest.hpp"
#include "sql/query.hpp"
#include "stats/service.hpp"

namespace sagaz {

App::App(Config config) : config_(std::move(config)) {}
App::~App() = default;

Result<std::unique_ptr<App>> App::Open(const Config& config) {
  std::unique_ptr<App> app(new App(config));
  std::error_code ec;
  std::filesystem::create_directories(config.DataDir(), ec);
  if (ec) {
    return Fail(ErrorCode::kIo,
                "cannot create data directory " + config.DataDir().string() + ": " + ec.message());
  }
  db::DatabaseOptions options;
  options.threads = config.duckdb.threads;
  options.memory_limit = config.duckdb.memory_limit;
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
  app->query_ =
      std::make_unique<sql::QueryService>(*app->pool_, *app->catalog_, *app->watchdog_, config.sql);
  app->ask_ = std::make_unique<ask::AskService>(*app->pool_, *app->catalog_, *app->query_,
                                                config.ask, config.llm);
  app->stats_ = std::make_unique<stats::StatsService>(*app->pool_, *app->catalog_, *app->watchdog_,
                                                      config.stats, config.sql);
  return app;
}

Status InitLogging(const Config& config, bool verbose) {
  log::Options options;
  options.console_level =
      verbose ? SAGAZ_TRY(log::ParseLevel(config.log.level)) : log::Level::kWarn;
  options.file_level = SAGAZ_TRY(log::ParseLevel(config.log.level));
  if (!config.log.file.empty()) options.file = config.DataPath(config.log.file);
  options.max_size_bytes = static_cast<size_t>(config.log.max_size_mb) << 20;
  options.max_files = static_cast<size_t>(config.log.max_files);
  return log::Init(options);
}

}  // namespace sagaz
