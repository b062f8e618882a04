// Column views and owned columns.
#include <algorithm>
#include <cstring>

#include "stats/stats.hpp"

namespace sagaz::stats {
namespace {

size_t Width(NumericType type) {
  return type == NumericType::kFloat64 || type == NumericType::kInt64 ? 8 : 4;
}

}  // namespace

double ColumnView::At(size_t row) const {
  switch (type) {
    case NumericType::kFloat64:
      return static_cast<const double*>(data)[row];
    case NumericType::kFloat32:
      return static_cast<const float*>(data)[row];
    case NumericType::kInt32:
      return static_cast<const int32_t*>(data)[row];
    case NumericType::kInt64:
      return static_cast<double>(static_cast<const int64_t*>(data)[row]);
  }
  return 0;
}

void NumericColumn::Grow(size_t bytes) {
  if (bytes <= capacity_bytes_) return;
  const size_t rounded = (bytes + 7) / 8 * 8;
  Buffer bigger = AcquireBuffer(rounded);
  if (size_ > 0) std::memcpy(bigger.get(), storage_.get(), size_ * Width(type_));
  storage_ = std::move(bigger);
  capacity_bytes_ = rounded;
}

void NumericColumn::Reserve(size_t rows) { Grow(rows * Width(type_)); }

void* NumericColumn::PrepareAppend(size_t rows) {
  const size_t bytes = (size_ + rows) * Width(type_);
  if (bytes > capacity_bytes_) Grow(std::max(bytes, 2 * capacity_bytes_));
  return reinterpret_cast<char*>(storage_.get()) + size_ * Width(type_);
}

void NumericColumn::CommitAppend(size_t rows, const uint64_t* validity) {
  AppendValidity(rows, validity);
  size_ += rows;
}

void NumericColumn::Append(const void* values, size_t rows, const uint64_t* validity) {
  if (rows == 0) return;
  std::memcpy(PrepareAppend(rows), values, rows * Width(type_));
  CommitAppend(rows, validity);
}

void NumericColumn::AppendValue(double value) {
  void* dst = PrepareAppend(1);
  switch (type_) {
    case NumericType::kFloat64:
      std::memcpy(dst, &value, 8);
      break;
    case NumericType::kFloat32: {
      const float f = static_cast<float>(value);
      std::memcpy(dst, &f, 4);
      break;
    }
    case NumericType::kInt32: {
      const int32_t i = static_cast<int32_t>(value);
      std::memcpy(dst, &i, 4);
      break;
    }
    case NumericType::kInt64: {
      const int64_t i = static_cast<int64_t>(value);
      std::memcpy(dst, &i, 8);
      break;
    }
  }
  CommitAppend(1, nullptr);
}

void NumericColumn::AppendNull() {
  std::memset(PrepareAppend(1), 0, Width(type_));
  const uint64_t none = 0;
  CommitAppend(1, &none);
}

void NumericColumn::AppendValidity(size_t rows, const uint64_t* validity) {
  if (!validity && validity_.empty()) return;  // still all valid
  if (validity_.empty()) validity_.assign((size_ + 63) / 64, ~uint64_t{0});
  validity_.resize((size_ + rows + 63) / 64, ~uint64_t{0});
  if (!validity) {
    for (size_t i = 0; i < rows; ++i) {
      const size_t r = size_ + i;
      validity_[r >> 6] |= uint64_t{1} << (r & 63);
    }
    return;
  }
  if ((size_ & 63) == 0) {  // word-aligned: copy whole words (DuckDB chunks are 2048 rows)
    const size_t words = (rows + 63) / 64;
    std::memcpy(validity_.data() + size_ / 64, validity, words * 8);
    return;
  }
  for (size_t i = 0; i < rows; ++i) {
    const size_t r = size_ + i;
    const uint64_t bit = uint64_t{1} << (r & 63);
    if ((validity[i >> 6] >> (i & 63)) & 1) {
      validity_[r >> 6] |= bit;
    } else {
      validity_[r >> 6] &= ~bit;
    }
  }
}

ColumnView NumericColumn::view() const {
  ColumnView v;
  v.type = type_;
  v.data = storage_.get();
  v.size = size_;
  v.validity = validity_.empty() ? nullptr : validity_.data();
  return v;
}

}  // namespace sagaz::stats
