#include "db/internal/task_threads.hpp"

#include <duckdb.h>

#include "core/crash.hpp"

namespace sagaz::db::internal {

TaskThreads::TaskThreads(_duckdb_database* db, int count) {
  state_ = duckdb_create_task_state(db);
  for (int i = 0; i < count; ++i) {
    threads_.emplace_back([state = state_] {
      crash::AltStack alt;
      duckdb_execute_tasks_state(state);  // until duckdb_finish_execution
    });
  }
}

TaskThreads::~TaskThreads() {
  duckdb_finish_execution(state_);
  for (auto& t : threads_) t.join();
  duckdb_destroy_task_state(state_);
}

}  // namespace sagaz::db::internal
