// RAII C++ over DuckDB's C API. duckdb.h stays in db/*.cpp; callers see Sagaz types only.
//
//   auto db = SAGAZ_TRY(db::Database::Open("data/sagaz.duckdb", {}));
//   auto conn = SAGAZ_TRY(db.Connect());
//   auto result = SAGAZ_TRY(conn.Query("SELECT x FROM t"));
//   while (auto chunk = SAGAZ_TRY(result.Next())) {
//     auto x = chunk->column(0).Data<double>();      // zero-copy view of DuckDB's vector
//     auto valid = chunk->column(0).validity();
//   }
//
// Ownership: every class owns its DuckDB handle and is move-only. A Database outlives its
// Connections; a Connection outlives its results, prepared statements and appenders. Thread safety:
// a Database may be shared by threads; a Connection (and what it created) is used by one thread at
// a time, except Interrupt() and Progress(), which may be called from any thread. ConnectionPool is
// thread-safe.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <thread>
#include <type_traits>
#include <variant>
#include <vector>

#include "core/error.hpp"

// DuckDB's opaque C handle types (forward declarations of the tags duckdb.h defines).
struct _duckdb_database;
struct _duckdb_connection;
struct _duckdb_prepared_statement;
struct _duckdb_appender;
struct _duckdb_data_chunk;
struct _duckdb_vector;
struct _duckdb_logical_type;

namespace sagaz::db {

// Logical type ids, mirroring DUCKDB_TYPE_*.
enum class TypeId {
  kInvalid,
  kBoolean,
  kTinyInt,
  kSmallInt,
  kInteger,
  kBigInt,
  kUTinyInt,
  kUSmallInt,
  kUInteger,
  kUBigInt,
  kFloat,
  kDouble,
  kTimestamp,
  kDate,
  kTime,
  kInterval,
  kHugeInt,
  kUHugeInt,
  kVarchar,
  kBlob,
  kDecimal,
  kTimestampS,
  kTimestampMs,
  kTimestampNs,
  kEnum,
  kList,
  kStruct,
  kMap,
  kArray,
  kUuid,
  kUnion,
  kBit,
  kTimeTz,
  kTimestampTz,
  kBigNum,
  kNull,
  kOther,
};

struct LogicalType {
  TypeId id = TypeId::kInvalid;
  std::string name;                   // SQL spelling: "BIGINT", "DECIMAL(18,3)", "VARCHAR[]"
  uint8_t width = 0;                  // DECIMAL only
  uint8_t scale = 0;                  // DECIMAL only
  TypeId storage = TypeId::kInvalid;  // DECIMAL and ENUM: the integer type that stores the value

  bool IsNumeric() const;  // integers, floating point, decimal
  bool IsInteger() const;
  bool IsTemporal() const;  // date, time, timestamps
  bool IsText() const;      // VARCHAR, ENUM
  bool IsNested() const;    // LIST, STRUCT, MAP, ARRAY, UNION
};

struct Column {
  std::string name;
  LogicalType type;
};

// One cell for output (JSON, CLI tables). Dates and times are ISO-8601 text, DECIMAL is double,
// HUGEINT, UUID, INTERVAL, BLOB and nested values are text.
using Value = std::variant<std::monostate, bool, int64_t, uint64_t, double, std::string>;

// Validity bitmask of a vector: bit i of word i/64 set means row i is not NULL. All valid when bits
// is null.
class Validity {
 public:
  explicit Validity(const uint64_t* bits) : bits_(bits) {}
  bool AllValid() const { return bits_ == nullptr; }
  bool IsValid(size_t row) const { return !bits_ || (bits_[row >> 6] >> (row & 63)) & 1; }
  const uint64_t* bits() const { return bits_; }

 private:
  const uint64_t* bits_;
};

// A non-owning view of one column of a DataChunk; valid while the chunk lives.
class VectorView {
 public:
  VectorView(_duckdb_vector* vector, const LogicalType* type, size_t size)
      : vector_(vector), type_(type), size_(size) {}

  const LogicalType& type() const { return *type_; }
  size_t size() const { return size_; }
  // The first `rows` rows (a result cut at a row limit).
  VectorView Prefix(size_t rows) const {
    return VectorView(vector_, type_, rows < size_ ? rows : size_);
  }
  Validity validity() const;

  // Zero-copy view of the values, for fixed-width types. T must match the storage type exactly
  // (double for DOUBLE, int64_t for BIGINT and TIMESTAMP micros, int32_t for DATE days, ...); a
  // mismatch is a programming error and returns an empty span.
  template <class T>
  std::span<const T> Data() const {
    if (!StorageMatches(sizeof(T), std::is_floating_point_v<T>, std::is_signed_v<T>)) return {};
    return {static_cast<const T*>(RawData()), size_};
  }

  // VARCHAR or BLOB bytes of every row (out.size() == size(); NULL rows give empty views), in one
  // pass over the chunk.
  void GetStrings(std::span<std::string_view> out) const;
  // Any type, converted for output. Slower than Data(); fine for result sets sent to people.
  Value GetValue(size_t row) const;

 private:
  const void* RawData() const;
  bool StorageMatches(size_t size, bool floating, bool is_signed) const;

  _duckdb_vector* vector_;
  const LogicalType* type_;
  size_t size_;
};

struct ChunkDeleter {
  void operator()(_duckdb_data_chunk* chunk) const;
};

// A batch of up to 2048 rows of a result.
class DataChunk {
 public:
  DataChunk(_duckdb_data_chunk* chunk, const std::vector<Column>* columns);
  size_t size() const { return size_; }
  size_t column_count() const { return columns_->size(); }
  VectorView column(size_t index) const;

 private:
  std::unique_ptr<_duckdb_data_chunk, ChunkDeleter> chunk_;
  const std::vector<Column>* columns_;
  size_t size_;
};

// The materialized result of a query, read chunk by chunk. Bound large results with LIMIT in SQL.
class QueryResult {
 public:
  struct Impl;
  explicit QueryResult(std::unique_ptr<Impl> impl);
  QueryResult(QueryResult&&) noexcept;
  QueryResult& operator=(QueryResult&&) noexcept;
  ~QueryResult();

  const std::vector<Column>& columns() const;
  // The next chunk, or nullopt at the end.
  Result<std::optional<DataChunk>> Next();
  // Rows inserted, updated or deleted by a DML statement.
  int64_t rows_changed() const;
  // Rows of the whole result, known before the first chunk is read (for reserving); nullopt for a
  // streamed result.
  std::optional<size_t> row_count() const;
  // Reads every remaining row as Values (up to max_rows); for small results.
  Result<std::vector<std::vector<Value>>> FetchRows(size_t max_rows = SIZE_MAX);
  // The first column of the first row, or a monostate Value when there is no row.
  Result<Value> FetchScalar();

 private:
  std::unique_ptr<Impl> impl_;
};

// A value bound to a prepared statement parameter.
struct Timestamp {
  int64_t micros = 0;  // since 1970-01-01 00:00:00 UTC
};
struct Date {
  int32_t days = 0;  // since 1970-01-01
};
using Param = std::variant<std::nullptr_t, bool, int64_t, double, std::string, Timestamp, Date>;

struct PreparedDeleter {
  void operator()(_duckdb_prepared_statement* p) const;
};

class PreparedStatement {
 public:
  PreparedStatement(_duckdb_prepared_statement* stmt, _duckdb_connection* conn);
  size_t parameter_count() const;
  // Columns the statement will return, known before it runs.
  std::vector<Column> result_columns() const;

  // Binds parameter `index` (1-based, as in DuckDB).
  Status Bind(size_t index, const Param& value);
  // Binds all parameters in order.
  Status BindAll(std::span<const Param> values);
  Result<QueryResult> Execute();
  // A streamed result (see Connection::Stream); it may outlive this statement.
  Result<QueryResult> ExecuteStreaming();

 private:
  std::unique_ptr<_duckdb_prepared_statement, PreparedDeleter> stmt_;
  _duckdb_connection* conn_;
};

struct AppenderDeleter {
  void operator()(_duckdb_appender* a) const;
};

// Fast bulk insert into one table. Append values column by column, then EndRow(). Close() flushes;
// the destructor flushes too but cannot report errors, so call Close().
class Appender {
 public:
  explicit Appender(_duckdb_appender* appender);
  Appender& Append(std::nullptr_t);
  Appender& Append(bool v);
  Appender& Append(int32_t v);
  Appender& Append(int64_t v);
  Appender& Append(double v);
  Appender& Append(std::string_view v);
  Appender& Append(const char* v) { return Append(std::string_view(v)); }
  Appender& Append(Timestamp v);
  Appender& Append(Date v);
  template <class T>
  Appender& Append(const std::optional<T>& v) {
    return v ? Append(*v) : Append(nullptr);
  }
  Status EndRow();
  Status Flush();
  Status Close();

 private:
  Status Check(int state);
  std::unique_ptr<_duckdb_appender, AppenderDeleter> appender_;
  std::optional<Error> pending_;  // first error from Append, reported by EndRow
};

struct Progress {
  double percentage = -1;  // -1 when unknown
  uint64_t rows_processed = 0;
  uint64_t total_rows = 0;
};

struct ConnectionDeleter {
  void operator()(_duckdb_connection* c) const;
};

class Connection {
 public:
  explicit Connection(_duckdb_connection* conn);

  Result<QueryResult> Query(std::string_view sql);
  // One statement whose result is produced while it is read, chunk by chunk, instead of being
  // materialized first: large scans skip a full copy. The connection runs nothing else until the
  // result is destroyed.
  Result<QueryResult> Stream(std::string_view sql);
  // Runs one or more statements and discards their results.
  Status Execute(std::string_view sql);
  Result<PreparedStatement> Prepare(std::string_view sql);
  // Prepares, binds and runs in one call.
  Result<QueryResult> Query(std::string_view sql, std::span<const Param> params);
  Result<Appender> CreateAppender(std::string_view schema, std::string_view table);
  // How many statements `sql` holds (parsing only; nothing is bound or run).
  Result<size_t> CountStatements(std::string_view sql);

  // Runs `fn` once what this connection writes now is committed: at once outside a Transaction,
  // after its Commit inside one (never, if it rolls back). For caches of what was written.
  void AfterCommit(std::function<void()> fn);
  // Whether a Transaction is open on this connection (transactions are begun only through it).
  bool in_transaction() const { return in_transaction_; }

  // Asks the running query to stop; it fails with ErrorCode::kCancelled. Any thread.
  void Interrupt();
  // Progress of the running query. Any thread. Requires EnableProgress() (a session setting, so
  // a connection made after the database's configuration was locked has none: percentage -1).
  Progress GetProgress();
  Status EnableProgress();

  _duckdb_connection* handle() const { return conn_.get(); }

 private:
  friend class Transaction;
  std::unique_ptr<_duckdb_connection, ConnectionDeleter> conn_;
  bool in_transaction_ = false;
  bool progress_enabled_ = false;
  std::vector<std::function<void()>> after_commit_;  // while in_transaction_
};

struct DatabaseOptions {
  int threads = 0;           // 0: DuckDB's default (all cores)
  std::string memory_limit;  // empty: DuckDB's default
  bool read_only = false;
  bool allow_extension_install = false;  // never fetch extensions from the network
};

struct DatabaseDeleter {
  void operator()(_duckdb_database* d) const;
};
namespace internal {
class TaskThreads;
}
struct TaskThreadsDeleter {
  void operator()(internal::TaskThreads* t) const;
};

class Database {
 public:
  // Opens (creating if needed) a database file, or an in-memory database for ":memory:" or "".
  static Result<Database> Open(const std::filesystem::path& path, const DatabaseOptions& options);
  Database(Database&&) noexcept = default;
  Database& operator=(Database&&) = delete;  // the old database's threads would outlive it
  Result<Connection> Connect();
  const std::filesystem::path& path() const { return path_; }

 private:
  Database(_duckdb_database* db, std::filesystem::path path);
  std::unique_ptr<_duckdb_database, DatabaseDeleter> db_;
  // DuckDB's worker threads are ours (internal/task_threads.hpp); declared after db_ so that they
  // stop before it closes.
  std::unique_ptr<internal::TaskThreads, TaskThreadsDeleter> threads_;
  std::filesystem::path path_;
};

// Reuses connections across requests. Thread-safe; Acquire never blocks (it opens a new connection
// when none is idle); at most `max_idle` are kept.
class ConnectionPool {
 public:
  class Lease {
   public:
    Lease(ConnectionPool* pool, std::unique_ptr<Connection> conn)
        : pool_(pool), conn_(std::move(conn)) {}
    Lease(Lease&&) noexcept = default;
    Lease& operator=(Lease&&) noexcept = default;
    ~Lease();
    Connection& operator*() const { return *conn_; }
    Connection* operator->() const { return conn_.get(); }

   private:
    ConnectionPool* pool_;
    std::unique_ptr<Connection> conn_;
  };

  ConnectionPool(Database& db, size_t max_idle) : db_(db), max_idle_(max_idle) {}
  Result<Lease> Acquire();
  // How many idle connections the pool keeps.
  size_t max_idle() const { return max_idle_; }

 private:
  void Release(std::unique_ptr<Connection> conn);
  Database& db_;
  size_t max_idle_;
  std::mutex mu_;
  std::vector<std::unique_ptr<Connection>> idle_;  // guarded by mu_
};

// Rolls back unless Commit() succeeded. The only way a transaction is begun on a Connection.
class Transaction {
 public:
  static Result<Transaction> Begin(Connection& conn);
  Transaction(Transaction&& other) noexcept : conn_(std::exchange(other.conn_, nullptr)) {}
  Transaction& operator=(Transaction&&) = delete;
  ~Transaction();
  Status Commit();

 private:
  explicit Transaction(Connection* conn) : conn_(conn) {}
  Connection* conn_;
};

// Interrupts queries that run past their deadline. One background thread serves every connection.
// DuckDB checks for an interrupt between chunks, so one long call inside a chunk (a function over
// huge values) can outlive it: such a query is interrupted again every `reinterrupt` (a second by
// default) and reported (a warning and Overruns()) until it stops. Thread-safe.
class Watchdog {
 public:
  explicit Watchdog(std::chrono::milliseconds reinterrupt = std::chrono::seconds(1));
  ~Watchdog();
  Watchdog(const Watchdog&) = delete;
  Watchdog& operator=(const Watchdog&) = delete;

  // While the returned guard lives, `conn` is interrupted once `timeout` has passed. Expired()
  // tells whether that happened (to report a timeout rather than a cancellation).
  class Guard {
   public:
    Guard(Watchdog* dog, uint64_t id) : dog_(dog), id_(id) {}
    Guard(Guard&& o) noexcept : dog_(std::exchange(o.dog_, nullptr)), id_(o.id_) {}
    Guard& operator=(Guard&&) = delete;
    ~Guard();
    bool Expired() const;

   private:
    Watchdog* dog_;
    uint64_t id_;
  };
  Guard Watch(Connection& conn, std::chrono::milliseconds timeout);
  // Queries that were still running `reinterrupt` after their interrupt, since start.
  uint64_t Overruns() const { return overruns_.load(std::memory_order_relaxed); }

 private:
  struct Entry {
    uint64_t id;
    std::chrono::steady_clock::time_point deadline;
    Connection* conn;
    bool fired = false;
    int overruns = 0;  // re-interrupts after the first, each `reinterrupt_` apart
  };
  void Run();

  const std::chrono::milliseconds reinterrupt_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<Entry> entries_;  // guarded by mu_
  uint64_t next_id_ = 1;        // guarded by mu_
  bool stop_ = false;           // guarded by mu_
  std::atomic<uint64_t> overruns_{0};
  std::thread thread_;
};

// Brings a component's tables up to date: runs the steps after the last recorded version, each in
// its own transaction, and records them in _sagaz.migrations. Steps are append-only: never edit a
// released one.
Status ApplyMigrations(Connection& conn, std::string_view component,
                       std::span<const std::string_view> steps);

// Reading small results: a Value as text (empty for NULL or non-text), as an integer (`fallback`
// for NULL or non-numbers; doubles are truncated), as a double (nullopt for NULL or non-numbers).
std::string TextOf(const Value& v);
int64_t IntOf(const Value& v, int64_t fallback = 0);
std::optional<double> DoubleOf(const Value& v);

// Text helpers for DuckDB values.
std::string FormatDate(int32_t days);
std::string FormatTimestamp(int64_t micros);
std::string_view ToString(TypeId id);
// The version of the linked libduckdb, e.g. "v1.4.4".
std::string LibraryVersion();

}  // namespace sagaz::db
