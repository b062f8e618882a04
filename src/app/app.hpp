// The running application: configuration, the database and every service, wired once and shared by
// the HTTP server and the CLI. Owns everything it creates; destroyed last.
#pragma once

#include <memory>

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
  catalog::Catalog& catalog() { return *catalog_; }
  ingest::Ingestor& ingestor() { return *ingestor_; }
  sql::QueryService& query() { return *query_; }
  ask::AskService& ask() { return *ask_; }
  stats::StatsService& stats() { return *stats_; }

 private:
  explicit App(Config config);
  Config config_;
  std::unique_ptr<db::Database> database_;
  std::unique_ptr<db::ConnectionPool> pool_;
  std::unique_ptr<db::Watchdog> watchdog_;
  std::unique_ptr<catalog::Catalog> catalog_;
  std::unique_ptr<ingest::Ingestor> ingestor_;
  std::unique_ptr<sql::QueryService> query_;
  std::unique_ptr<ask::AskService> ask_;
  std::unique_ptr<stats::StatsService> stats_;
};

// Sets up logging from the configuration: the console shows warnings (info and above when
// `verbose`), the file under data/ receives log.level and above.
Status InitLogging(const Config& config, bool verbose);

}  // namespace sagaz
