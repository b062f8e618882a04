// Database, connections, prepared statements, appenders, transactions and the query watchdog.
#include <algorithm>

#include "core/log.hpp"
#include "db/internal/duckdb_util.hpp"
#include "db/internal/task_threads.hpp"

namespace sagaz::db {
namespace {

struct ConfigDeleter {
  void operator()(_duckdb_config* c) const {
    duckdb_config cfg = c;
    duckdb_destroy_config(&cfg);
  }
};

}  // namespace

// ---- Database
// -------------------------------------------------------------------------------------------

void DatabaseDeleter::operator()(_duckdb_database* d) const {
  duckdb_database db = d;
  duckdb_close(&db);
}

Database::Database(_duckdb_database* db, std::filesystem::path path)
    : db_(db), path_(std::move(path)) {}

Result<Database> Database::Open(const std::filesystem::path& path, const DatabaseOptions& options) {
  duckdb_config raw_config = nullptr;
  if (duckdb_create_config(&raw_config) == DuckDBError) {
    return Fail(ErrorCode::kInternal, "cannot create DuckDB config");
  }
  std::unique_ptr<_duckdb_config, ConfigDeleter> config(raw_config);
  auto set = [&](const char* name, const std::string& value) -> Status {
    if (duckdb_set_config(config.get(), name, value.c_str()) == DuckDBError) {
      return Fail(ErrorCode::kInvalidArgument,
                  std::string("invalid DuckDB setting ") + name + "='" + value + "'");
    }
    return Ok();
  };
  // DuckDB starts no threads of its own: TaskThreads runs its tasks beside the query's caller.
  const int threads = options.threads > 0
                          ? options.threads
                          : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  SAGAZ_TRY(set("threads", std::to_string(threads)));
  SAGAZ_TRY(set("external_threads", std::to_string(threads)));
  if (!options.memory_limit.empty()) SAGAZ_TRY(set("memory_limit", options.memory_limit));
  if (options.read_only) SAGAZ_TRY(set("access_mode", "READ_ONLY"));
  if (!options.allow_extension_install) {
    SAGAZ_TRY(set("autoinstall_known_extensions", "false"));
    SAGAZ_TRY(set("allow_community_extensions", "false"));
  }

  const bool memory = path.empty() || path == ":memory:";
  if (!memory && path.has_parent_path()) {
    std::error_code ec;
    std::filesystem::create_directories(path.parent_path(), ec);
    if (ec) {
      return Fail(ErrorCode::kIo,
                  "cannot create " + path.parent_path().string() + ": " + ec.message());
    }
  }
  duckdb_database db = nullptr;
  char* error = nullptr;
  const std::string p = memory ? std::string(":memory:") : path.string();
  if (duckdb_open_ext(p.c_str(), &db, config.get(), &error) == DuckDBError) {
    std::string msg = error ? error : "unknown error";
    duckdb_free(error);
    ErrorCode code =
        msg.find("lock") != std::string::npos ? ErrorCode::kFailedPrecondition : ErrorCode::kIo;
    return Fail(Error(code, "cannot open database " + p + ": " + msg));
  }
  Database out(db, memory ? std::filesystem::path() : path);
  out.threads_.reset(new internal::TaskThreads(db, threads - 1));
  return out;
}

void TaskThreadsDeleter::operator()(internal::TaskThreads* t) const { delete t; }

Result<Connection> Database::Connect() {
  duckdb_connection conn = nullptr;
  if (duckdb_connect(db_.get(), &conn) == DuckDBError) {
    return Fail(ErrorCode::kInternal, "cannot connect to the database");
  }
  return Connection(conn);
}

// ---- Connection
// -----------------------------------------------------------------------------------------

void ConnectionDeleter::operator()(_duckdb_connection* c) const {
  duckdb_connection conn = c;
  duckdb_disconnect(&conn);
}

Connection::Connection(_duckdb_connection* conn) : conn_(conn) {}

Result<QueryResult> Connection::Query(std::string_view sql) {
  const std::string text(sql);
  duckdb_result result;
  duckdb_state state = duckdb_query(conn_.get(), text.c_str(), &result);
  return internal::Wrap(result, state);
}

void Connection::AfterCommit(std::function<void()> fn) {
  if (in_transaction_) {
    after_commit_.push_back(std::move(fn));
  } else {
    fn();
  }
}

Result<QueryResult> Connection::Stream(std::string_view sql) {
  auto prepared = SAGAZ_TRY(Prepare(sql));
  return prepared.ExecuteStreaming();
}

Status Connection::Execute(std::string_view sql) {
  SAGAZ_TRY(Query(sql));
  return Ok();
}

Result<PreparedStatement> Connection::Prepare(std::string_view sql) {
  const std::string text(sql);
  duckdb_prepared_statement stmt = nullptr;
  if (duckdb_prepare(conn_.get(), text.c_str(), &stmt) == DuckDBError) {
    const char* msg = duckdb_prepare_error(stmt);
    Error err(ErrorCode::kInvalidArgument, msg ? msg : "cannot prepare statement");
    duckdb_destroy_prepare(&stmt);
    return Fail(std::move(err));
  }
  return PreparedStatement(stmt, conn_.get());
}

Result<QueryResult> Connection::Query(std::string_view sql, std::span<const Param> params) {
  auto stmt = SAGAZ_TRY(Prepare(sql));
  SAGAZ_TRY(stmt.BindAll(params));
  return stmt.Execute();
}

Result<Appender> Connection::CreateAppender(std::string_view schema, std::string_view table) {
  const std::string s(schema), t(table);
  duckdb_appender appender = nullptr;
  if (duckdb_appender_create(conn_.get(), s.empty() ? nullptr : s.c_str(), t.c_str(), &appender) ==
      DuckDBError) {
    const char* msg = duckdb_appender_error(appender);
    Error err(ErrorCode::kNotFound,
              std::string("cannot append to ") + t + ": " + (msg ? msg : "?"));
    duckdb_appender_destroy(&appender);
    return Fail(std::move(err));
  }
  return Appender(appender);
}

Result<size_t> Connection::CountStatements(std::string_view sql) {
  const std::string text(sql);
  duckdb_extracted_statements extracted = nullptr;
  idx_t n = duckdb_extract_statements(conn_.get(), text.c_str(), &extracted);
  Result<size_t> out = n;
  if (n == 0) {
    const char* msg = duckdb_extract_statements_error(extracted);
    if (msg) out = Fail(ErrorCode::kInvalidArgument, msg);
  }
  duckdb_destroy_extracted(&extracted);
  return out;
}

void Connection::Interrupt() { duckdb_interrupt(conn_.get()); }

Progress Connection::GetProgress() {
  auto p = duckdb_query_progress(conn_.get());
  return Progress{p.percentage, p.rows_processed, p.total_rows_to_process};
}

Status Connection::EnableProgress() {
  if (progress_enabled_) return Ok();
  auto st = Execute("SET enable_progress_bar = true; SET enable_progress_bar_print = false;");
  // A connection made after the configuration was locked (more at once than the pool keeps
  // warm) reports no progress, and works otherwise.
  if (!st && st.error().message.find("locked") != std::string::npos) return Ok();
  SAGAZ_TRY(std::move(st));
  progress_enabled_ = true;
  return Ok();
}

// ---- PreparedStatement
// ----------------------------------------------------------------------------------

void PreparedDeleter::operator()(_duckdb_prepared_statement* p) const {
  duckdb_prepared_statement stmt = p;
  duckdb_destroy_prepare(&stmt);
}

PreparedStatement::PreparedStatement(_duckdb_prepared_statement* stmt, _duckdb_connection* conn)
    : stmt_(stmt), conn_(conn) {}

size_t PreparedStatement::parameter_count() const { return duckdb_nparams(stmt_.get()); }

std::vector<Column> PreparedStatement::result_columns() const {
  std::vector<Column> out;
  idx_t n = duckdb_prepared_statement_column_count(stmt_.get());
  for (idx_t i = 0; i < n; ++i) {
    const char* name = duckdb_prepared_statement_column_name(stmt_.get(), i);
    internal::LogicalTypePtr type(duckdb_prepared_statement_column_logical_type(stmt_.get(), i));
    out.push_back(Column{name ? name : "", internal::Describe(type.get())});
    duckdb_free(const_cast<char*>(name));
  }
  return out;
}

Status PreparedStatement::Bind(size_t index, const Param& value) {
  duckdb_prepared_statement s = stmt_.get();
  const idx_t i = index;
  duckdb_state state = std::visit(
      [&](const auto& v) -> duckdb_state {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, std::nullptr_t>)
          return duckdb_bind_null(s, i);
        else if constexpr (std::is_same_v<T, bool>)
          return duckdb_bind_boolean(s, i, v);
        else if constexpr (std::is_same_v<T, int64_t>)
          return duckdb_bind_int64(s, i, v);
        else if constexpr (std::is_same_v<T, double>)
          return duckdb_bind_double(s, i, v);
        else if constexpr (std::is_same_v<T, std::string>)
          return duckdb_bind_varchar_length(s, i, v.data(), v.size());
        else if constexpr (std::is_same_v<T, Timestamp>)
          return duckdb_bind_timestamp(s, i, duckdb_timestamp{v.micros});
        else
          return duckdb_bind_date(s, i, duckdb_date{v.days});
      },
      value);
  if (state == DuckDBError) {
    return Fail(ErrorCode::kInvalidArgument, "cannot bind parameter " + std::to_string(index));
  }
  return Ok();
}

Status PreparedStatement::BindAll(std::span<const Param> values) {
  if (values.size() != parameter_count()) {
    return Fail(ErrorCode::kInvalidArgument,
                "statement takes " + std::to_string(parameter_count()) + " parameters, got " +
                    std::to_string(values.size()));
  }
  for (size_t i = 0; i < values.size(); ++i) SAGAZ_TRY(Bind(i + 1, values[i]));
  return Ok();
}

Result<QueryResult> PreparedStatement::Execute() {
  duckdb_result result;
  duckdb_state state = duckdb_execute_prepared(stmt_.get(), &result);
  return internal::Wrap(result, state);
}

Result<QueryResult> PreparedStatement::ExecuteStreaming() {
  duckdb_result result;
  duckdb_state state = duckdb_execute_prepared_streaming(stmt_.get(), &result);
  return internal::Wrap(result, state);
}

// ---- Appender
// -------------------------------------------------------------------------------------------

void AppenderDeleter::operator()(_duckdb_appender* a) const {
  duckdb_appender app = a;
  duckdb_appender_destroy(&app);  // flushes; errors here are lost, hence Close()
}

Appender::Appender(_duckdb_appender* appender) : appender_(appender) {}

Status Appender::Check(int state) {
  if (state == DuckDBError && !pending_) {
    const char* msg = duckdb_appender_error(appender_.get());
    pending_ = Error(ErrorCode::kInvalidArgument, msg ? msg : "append failed");
  }
  return Ok();
}

Appender& Appender::Append(std::nullptr_t) {
  (void)Check(duckdb_append_null(appender_.get()));
  return *this;
}
Appender& Appender::Append(bool v) {
  (void)Check(duckdb_append_bool(appender_.get(), v));
  return *this;
}
Appender& Appender::Append(int32_t v) {
  (void)Check(duckdb_append_int32(appender_.get(), v));
  return *this;
}
Appender& Appender::Append(int64_t v) {
  (void)Check(duckdb_append_int64(appender_.get(), v));
  return *this;
}
Appender& Appender::Append(double v) {
  (void)Check(duckdb_append_double(appender_.get(), v));
  return *this;
}
Appender& Appender::Append(std::string_view v) {
  (void)Check(duckdb_append_varchar_length(appender_.get(), v.data(), v.size()));
  return *this;
}
Appender& Appender::Append(Timestamp v) {
  (void)Check(duckdb_append_timestamp(appender_.get(), duckdb_timestamp{v.micros}));
  return *this;
}
Appender& Appender::Append(Date v) {
  (void)Check(duckdb_append_date(appender_.get(), duckdb_date{v.days}));
  return *this;
}

Status Appender::EndRow() {
  if (pending_) return Fail(*std::exchange(pending_, std::nullopt));
  if (duckdb_appender_end_row(appender_.get()) == DuckDBError) {
    const char* msg = duckdb_appender_error(appender_.get());
    return Fail(ErrorCode::kInvalidArgument, msg ? msg : "cannot end row");
  }
  return Ok();
}

Status Appender::Flush() {
  if (duckdb_appender_flush(appender_.get()) == DuckDBError) {
    const char* msg = duckdb_appender_error(appender_.get());
    return Fail(ErrorCode::kInvalidArgument, msg ? msg : "cannot flush appender");
  }
  return Ok();
}

Status Appender::Close() {
  if (duckdb_appender_close(appender_.get()) == DuckDBError) {
    const char* msg = duckdb_appender_error(appender_.get());
    return Fail(ErrorCode::kInvalidArgument, msg ? msg : "cannot close appender");
  }
  return Ok();
}

// ---- ConnectionPool
// -------------------------------------------------------------------------------------

Result<ConnectionPool::Lease> ConnectionPool::Acquire() {
  {
    std::lock_guard lock(mu_);
    if (!idle_.empty()) {
      auto conn = std::move(idle_.back());
      idle_.pop_back();
      return Lease(this, std::move(conn));
    }
  }
  auto conn = SAGAZ_TRY(db_.Connect());
  return Lease(this, std::make_unique<Connection>(std::move(conn)));
}

void ConnectionPool::Release(std::unique_ptr<Connection> conn) {
  // A connection left inside a transaction (a bug elsewhere) must not leak it to the next user.
  if (conn->in_transaction()) (void)conn->Execute("ROLLBACK");
  std::lock_guard lock(mu_);
  if (idle_.size() < max_idle_) idle_.push_back(std::move(conn));
}

ConnectionPool::Lease::~Lease() {
  if (pool_ && conn_) pool_->Release(std::move(conn_));
}

// ---- Transaction
// ----------------------------------------------------------------------------------------

Result<Transaction> Transaction::Begin(Connection& conn) {
  if (conn.in_transaction_) return Fail(ErrorCode::kInternal, "a transaction is already open");
  SAGAZ_TRY(conn.Execute("BEGIN TRANSACTION"));
  conn.in_transaction_ = true;
  return Transaction(&conn);
}

Transaction::~Transaction() {
  if (!conn_) return;
  (void)conn_->Execute("ROLLBACK");
  conn_->in_transaction_ = false;
  conn_->after_commit_.clear();
}

Status Transaction::Commit() {
  Connection* conn = std::exchange(conn_, nullptr);
  if (!conn) return Fail(ErrorCode::kInternal, "transaction already finished");
  auto st = conn->Execute("COMMIT");
  if (!st) (void)conn->Execute("ROLLBACK");
  conn->in_transaction_ = false;
  auto after = std::exchange(conn->after_commit_, {});
  if (!st) return st;
  for (auto& fn : after) fn();
  return Ok();
}

// ---- Watchdog
// -------------------------------------------------------------------------------------------

Watchdog::Watchdog(std::chrono::milliseconds reinterrupt)
    : reinterrupt_(reinterrupt), thread_([this] { Run(); }) {}

Watchdog::~Watchdog() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

Watchdog::Guard Watchdog::Watch(Connection& conn, std::chrono::milliseconds timeout) {
  uint64_t id;
  {
    std::lock_guard lock(mu_);
    id = next_id_++;
    entries_.push_back(Entry{id, std::chrono::steady_clock::now() + timeout, &conn});
  }
  cv_.notify_all();
  return Guard(this, id);
}

Watchdog::Guard::~Guard() {
  if (!dog_) return;
  std::lock_guard lock(dog_->mu_);
  std::erase_if(dog_->entries_, [&](const Entry& e) { return e.id == id_; });
}

bool Watchdog::Guard::Expired() const {
  if (!dog_) return false;
  std::lock_guard lock(dog_->mu_);
  for (const auto& e : dog_->entries_) {
    if (e.id == id_) return e.fired;
  }
  return false;
}

void Watchdog::Run() {
  std::unique_lock lock(mu_);
  while (!stop_) {
    auto now = std::chrono::steady_clock::now();
    auto next = std::chrono::steady_clock::time_point::max();
    for (auto& e : entries_) {
      const auto due = e.deadline + reinterrupt_ * (e.overruns + (e.fired ? 1 : 0));
      if (due > now) {
        next = std::min(next, due);
        continue;
      }
      // Interrupt while holding the lock: the Guard (and so the connection) cannot go away
      // meanwhile.
      e.conn->Interrupt();
      if (e.fired) {
        if (e.overruns++ == 0) {
          overruns_.fetch_add(1, std::memory_order_relaxed);
          log::Warn("a query did not stop after its interrupt; interrupting it again until it does",
                    {{"every_ms", std::to_string(reinterrupt_.count())}});
        }
      }
      e.fired = true;
      next = std::min(next, now + reinterrupt_);
    }
    if (next == std::chrono::steady_clock::time_point::max()) {
      cv_.wait(lock);
    } else {
      cv_.wait_until(lock, next);
    }
  }
}

}  // namespace sagaz::db

namespace sagaz::db {

Status ApplyMigrations(Connection& conn, std::string_view component,
                       std::span<const std::string_view> steps) {
  SAGAZ_TRY(
      conn.Execute("CREATE SCHEMA IF NOT EXISTS _sagaz;"
                   "CREATE TABLE IF NOT EXISTS _sagaz.migrations(component VARCHAR NOT NULL, "
                   "version INTEGER NOT NULL,"
                   " applied_at TIMESTAMP NOT NULL DEFAULT current_timestamp::TIMESTAMP)"));
  const Param name{std::string(component)};
  auto result = SAGAZ_TRY(conn.Query(
      "SELECT coalesce(max(version), 0) FROM _sagaz.migrations WHERE component = ?", {&name, 1}));
  auto current = SAGAZ_TRY(result.FetchScalar());
  const int64_t applied = std::holds_alternative<int64_t>(current) ? std::get<int64_t>(current) : 0;
  for (size_t i = static_cast<size_t>(applied); i < steps.size(); ++i) {
    auto tx = SAGAZ_TRY(Transaction::Begin(conn));
    auto st = conn.Execute(steps[i]);
    if (!st) {
      return Fail(Error(ErrorCode::kInternal, "migration " + std::string(component) + " #" +
                                                  std::to_string(i + 1) +
                                                  " failed: " + st.error().message));
    }
    const Param params[] = {std::string(component), static_cast<int64_t>(i + 1)};
    SAGAZ_TRY(
        conn.Query("INSERT INTO _sagaz.migrations(component, version) VALUES (?, ?)", params));
    SAGAZ_TRY(tx.Commit());
  }
  return Ok();
}

}  // namespace sagaz::db
