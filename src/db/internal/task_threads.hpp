// Threads that run DuckDB's tasks in place of its own pool. DuckDB is opened with as many
// "external" threads as it has threads, so it starts none of its own: the query's caller and these
// threads share its task queue. Being ours, each carries an alternate signal stack, so that a
// stack overflow in the engine (deep recursion on hostile input) still reaches the fatal-signal
// handler (core/crash.hpp), which records which jobs were running.
#pragma once

#include <thread>
#include <vector>

struct _duckdb_database;

namespace sagaz::db::internal {

// Owns `count` threads executing DuckDB's tasks until destroyed. Destroy before the database.
class TaskThreads {
 public:
  TaskThreads(_duckdb_database* db, int count);
  ~TaskThreads();
  TaskThreads(const TaskThreads&) = delete;
  TaskThreads& operator=(const TaskThreads&) = delete;

 private:
  void* state_ = nullptr;  // duckdb_task_state
  std::vector<std::thread> threads_;
};

}  // namespace sagaz::db::internal
