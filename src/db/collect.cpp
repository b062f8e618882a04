#include "db/collect.hpp"

#include <atomic>
#include <map>
#include <mutex>
#include <shared_mutex>

#include "core/strings.hpp"
#include "db/internal/duckdb_util.hpp"

namespace sagaz::db {
namespace {

constexpr const char* kName = "_sagaz_collect";

// The Collect calls running now, by token: the aggregate finds its call's sink and types here.
struct Call {
  ColumnSink* sink;
  const std::vector<Column>* columns;
  std::mutex error_mu;
  std::optional<Error> error;  // guarded by error_mu: the first failure
};

class Calls {
 public:
  int64_t Add(Call* call) {
    std::unique_lock lock(mu_);
    const int64_t token = next_++;
    calls_[token] = call;
    return token;
  }
  void Remove(int64_t token) {
    std::unique_lock lock(mu_);
    calls_.erase(token);
  }
  Call* Find(int64_t token) {
    std::shared_lock lock(mu_);
    auto it = calls_.find(token);
    return it == calls_.end() ? nullptr : it->second;
  }

 private:
  std::shared_mutex mu_;
  std::map<int64_t, Call*> calls_;  // guarded by mu_
  int64_t next_ = 1;                // guarded by mu_
};

Calls& TheCalls() {
  static Calls* calls = new Calls();  // never destroyed: DuckDB threads may outlive statics
  return *calls;
}

// The aggregate keeps no state of its own: the sink is the state.
idx_t StateSize(duckdb_function_info) { return 1; }
void Init(duckdb_function_info, duckdb_aggregate_state) {}
void Combine(duckdb_function_info, duckdb_aggregate_state*, duckdb_aggregate_state*, idx_t) {}
void Finalize(duckdb_function_info, duckdb_aggregate_state*, duckdb_vector result, idx_t count,
              idx_t offset) {
  auto* out = static_cast<int64_t*>(duckdb_vector_get_data(result));
  for (idx_t i = 0; i < count; ++i) out[offset + i] = 0;
}

// A C callback: nothing may escape it.
void Update(duckdb_function_info info, duckdb_data_chunk input, duckdb_aggregate_state*) {
  const idx_t rows = duckdb_data_chunk_get_size(input);
  if (rows == 0) return;
  const auto* token =
      static_cast<const int64_t*>(duckdb_vector_get_data(duckdb_data_chunk_get_vector(input, 0)));
  Call* call = TheCalls().Find(token[0]);
  if (!call) {
    duckdb_aggregate_function_set_error(info, "_sagaz_collect runs only inside db::Collect");
    return;
  }
  const auto* rowids =
      static_cast<const int64_t*>(duckdb_vector_get_data(duckdb_data_chunk_get_vector(input, 1)));
  const auto* column =
      static_cast<const int32_t*>(duckdb_vector_get_data(duckdb_data_chunk_get_vector(input, 2)));
  const auto index = static_cast<size_t>(column[0]);
  if (index >= call->columns->size()) {
    duckdb_aggregate_function_set_error(info, "_sagaz_collect: no such column");
    return;
  }
  const VectorView values(duckdb_data_chunk_get_vector(input, 3), &(*call->columns)[index].type,
                          rows);
  Status st = CatchAll([&]() -> Status {
    return call->sink->Accept(index, std::span<const int64_t>(rowids, rows), values);
  });
  if (!st) {
    std::lock_guard lock(call->error_mu);
    if (!call->error) call->error = std::move(st).error();
    duckdb_aggregate_function_set_error(info, call->error->message.c_str());
  }
}

}  // namespace

Status RegisterCollector(Connection& conn) {
  // Registered functions live in the database instance; tests open several Apps on one instance,
  // and the probe below tells "already there" from a failure only if two registrations do not
  // interleave.
  static std::mutex mu;
  std::lock_guard lock(mu);
  duckdb_aggregate_function fn = duckdb_create_aggregate_function();
  duckdb_aggregate_function_set_name(fn, kName);
  internal::LogicalTypePtr bigint(duckdb_create_logical_type(DUCKDB_TYPE_BIGINT));
  internal::LogicalTypePtr integer(duckdb_create_logical_type(DUCKDB_TYPE_INTEGER));
  internal::LogicalTypePtr any(duckdb_create_logical_type(DUCKDB_TYPE_ANY));
  duckdb_aggregate_function_add_parameter(fn, bigint.get());   // token
  duckdb_aggregate_function_add_parameter(fn, bigint.get());   // row id
  duckdb_aggregate_function_add_parameter(fn, integer.get());  // column index
  duckdb_aggregate_function_add_parameter(fn, any.get());      // the values
  duckdb_aggregate_function_set_return_type(fn, bigint.get());
  duckdb_aggregate_function_set_functions(fn, StateSize, Init, Update, Combine, Finalize);
  const duckdb_state state = duckdb_register_aggregate_function(conn.handle(), fn);
  duckdb_destroy_aggregate_function(&fn);
  if (state == DuckDBError) {
    // Already there (another App on the same database instance registered it).
    auto probe = conn.Query("SELECT count(*) FROM duckdb_functions() WHERE function_name = '" +
                            std::string(kName) + "'");
    if (probe) {
      auto n = probe->FetchScalar();
      if (n && std::holds_alternative<int64_t>(*n) && std::get<int64_t>(*n) > 0) return Ok();
    }
    return Fail(ErrorCode::kInternal, "cannot register the collecting aggregate");
  }
  return Ok();
}

Status Collect(Connection& conn, std::string_view source_sql, std::string_view rowid_column,
               const std::vector<Column>& columns, ColumnSink& sink) {
  Call call{&sink, &columns, {}, {}};
  const int64_t token = TheCalls().Add(&call);
  std::string sql = "SELECT ";
  for (size_t i = 0; i < columns.size(); ++i) {
    if (i) sql += ", ";
    sql += std::string(kName) + "(" + std::to_string(token) + "::BIGINT, " +
           QuoteIdent(rowid_column) + "::BIGINT, " + std::to_string(i) + "::INTEGER, " +
           QuoteIdent(columns[i].name) + ")";
  }
  sql += " FROM (" + std::string(source_sql) + ") AS _sagaz_source";
  auto result = conn.Query(sql);
  TheCalls().Remove(token);
  if (call.error) return Fail(std::move(*call.error));
  if (!result) return Fail(std::move(result).error());
  return Ok();
}

}  // namespace sagaz::db
