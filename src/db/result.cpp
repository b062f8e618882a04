// Results, chunks and vectors.
#include "db/internal/duckdb_util.hpp"

namespace sagaz::db {

struct QueryResult::Impl {
  duckdb_result result{};
  std::vector<Column> columns;
  bool done = false;

  Impl() = default;
  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;
  // duckdb_destroy_result must run even for failed queries; Wrap only builds an Impl for successful
  // ones, and destroys failed results itself.
  ~Impl() { duckdb_destroy_result(&result); }
};

QueryResult::QueryResult(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
QueryResult::QueryResult(QueryResult&&) noexcept = default;
QueryResult& QueryResult::operator=(QueryResult&&) noexcept = default;
QueryResult::~QueryResult() = default;

const std::vector<Column>& QueryResult::columns() const { return impl_->columns; }

std::optional<size_t> QueryResult::row_count() const {
  if (duckdb_result_is_streaming(impl_->result)) return std::nullopt;
  return static_cast<size_t>(duckdb_row_count(&impl_->result));
}

int64_t QueryResult::rows_changed() const {
  return static_cast<int64_t>(duckdb_rows_changed(&impl_->result));
}

Result<std::optional<DataChunk>> QueryResult::Next() {
  if (impl_->done) return std::optional<DataChunk>{};
  duckdb_data_chunk chunk = duckdb_fetch_chunk(impl_->result);
  if (!chunk) {
    impl_->done = true;
    // duckdb_fetch_chunk returns null both at the end and on error; the result holds the error.
    if (const char* err = duckdb_result_error(&impl_->result)) {
      return Fail(internal::ToError(duckdb_result_error_type(&impl_->result), err));
    }
    return std::optional<DataChunk>{};
  }
  if (duckdb_data_chunk_get_size(chunk) == 0) {
    duckdb_destroy_data_chunk(&chunk);
    impl_->done = true;
    return std::optional<DataChunk>{};
  }
  return std::optional<DataChunk>(DataChunk(chunk, &impl_->columns));
}

Result<std::vector<std::vector<Value>>> QueryResult::FetchRows(size_t max_rows) {
  std::vector<std::vector<Value>> rows;
  while (rows.size() < max_rows) {
    auto chunk = SAGAZ_TRY(Next());
    if (!chunk) break;
    for (size_t r = 0; r < chunk->size() && rows.size() < max_rows; ++r) {
      std::vector<Value> row;
      row.reserve(chunk->column_count());
      for (size_t c = 0; c < chunk->column_count(); ++c)
        row.push_back(chunk->column(c).GetValue(r));
      rows.push_back(std::move(row));
    }
  }
  return rows;
}

Result<Value> QueryResult::FetchScalar() {
  auto rows = SAGAZ_TRY(FetchRows(1));
  if (rows.empty() || rows[0].empty()) return Value{};
  return rows[0][0];
}

void ChunkDeleter::operator()(_duckdb_data_chunk* chunk) const {
  duckdb_data_chunk c = chunk;
  duckdb_destroy_data_chunk(&c);
}

DataChunk::DataChunk(_duckdb_data_chunk* chunk, const std::vector<Column>* columns)
    : chunk_(chunk), columns_(columns), size_(duckdb_data_chunk_get_size(chunk)) {}

VectorView DataChunk::column(size_t index) const {
  return VectorView(duckdb_data_chunk_get_vector(chunk_.get(), index), &(*columns_)[index].type,
                    size_);
}

Validity VectorView::validity() const { return Validity(duckdb_vector_get_validity(vector_)); }

const void* VectorView::RawData() const { return duckdb_vector_get_data(vector_); }

bool VectorView::StorageMatches(size_t size, bool floating, bool is_signed) const {
  TypeId id = type_->storage != TypeId::kInvalid ? type_->storage : type_->id;
  switch (id) {
    case TypeId::kBoolean:
    case TypeId::kUTinyInt:
      return size == 1 && !floating && !is_signed;
    case TypeId::kTinyInt:
      return size == 1 && !floating && is_signed;
    case TypeId::kSmallInt:
      return size == 2 && !floating && is_signed;
    case TypeId::kUSmallInt:
      return size == 2 && !floating && !is_signed;
    case TypeId::kInteger:
    case TypeId::kDate:
      return size == 4 && !floating && is_signed;
    case TypeId::kUInteger:
      return size == 4 && !floating && !is_signed;
    case TypeId::kBigInt:
    case TypeId::kTimestamp:
    case TypeId::kTimestampS:
    case TypeId::kTimestampMs:
    case TypeId::kTimestampNs:
    case TypeId::kTimestampTz:
    case TypeId::kTime:
      return size == 8 && !floating && is_signed;
    case TypeId::kUBigInt:
      return size == 8 && !floating && !is_signed;
    case TypeId::kFloat:
      return size == 4 && floating;
    case TypeId::kDouble:
      return size == 8 && floating;
    default:
      return false;
  }
}

void VectorView::GetStrings(std::span<std::string_view> out) const {
  const auto* data = static_cast<const duckdb_string_t*>(duckdb_vector_get_data(vector_));
  const Validity valid = validity();
  for (size_t i = 0; i < out.size() && i < size_; ++i) {
    if (!valid.IsValid(i)) {
      out[i] = {};
      continue;
    }
    // duckdb.h's layout of duckdb_string_t: up to 12 bytes inline, else a pointer.
    const duckdb_string_t& s = data[i];
    const uint32_t length = s.value.inlined.length;
    out[i] = length <= 12 ? std::string_view(s.value.inlined.inlined, length)
                          : std::string_view(s.value.pointer.ptr, length);
  }
}

Value VectorView::GetValue(size_t row) const {
  internal::LogicalTypePtr type(duckdb_vector_get_column_type(vector_));
  return internal::ReadValue(vector_, type.get(), row);
}

namespace internal {

Result<QueryResult> Wrap(duckdb_result& result, duckdb_state state) {
  if (state == DuckDBError) {
    Error err = ToError(duckdb_result_error_type(&result), duckdb_result_error(&result));
    duckdb_destroy_result(&result);
    return Fail(std::move(err));
  }
  auto impl = std::make_unique<QueryResult::Impl>();
  impl->result = result;
  const idx_t n = duckdb_column_count(&impl->result);
  impl->columns.reserve(n);
  for (idx_t i = 0; i < n; ++i) {
    LogicalTypePtr type(duckdb_column_logical_type(&impl->result, i));
    impl->columns.push_back(Column{duckdb_column_name(&impl->result, i), Describe(type.get())});
  }
  return QueryResult(std::move(impl));
}

}  // namespace internal
}  // namespace sagaz::db
