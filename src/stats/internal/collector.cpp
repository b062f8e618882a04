#include "stats/internal/collector.hpp"

#include <bit>
#include <cstring>

#include "stats/reader.hpp"

namespace sagaz::stats::internal {
namespace {

size_t WidthOf(NumericType type) {
  return type == NumericType::kFloat64 || type == NumericType::kInt64 ? 8 : 4;
}

// ORs (or, with `clear`, and-nots) the bits of `rows` increasing row ids into `words`, with one
// atomic operation per word touched.
void MarkRows(std::atomic<uint64_t>* words, std::span<const int64_t> rows,
              const std::vector<size_t>& which, bool clear) {
  size_t word = SIZE_MAX;
  uint64_t mask = 0;
  auto flush = [&] {
    if (word == SIZE_MAX || mask == 0) return;
    if (clear) {
      words[word].fetch_and(~mask, std::memory_order_relaxed);
    } else {
      words[word].fetch_or(mask, std::memory_order_relaxed);
    }
  };
  for (size_t i : which) {
    const auto r = static_cast<size_t>(rows[i]);
    if (r / 64 != word) {
      flush();
      word = r / 64;
      mask = 0;
    }
    mask |= uint64_t{1} << (r % 64);
  }
  flush();
}

// Sets the bits of rows [first, first + count): whole words at once, atomics only at the ends.
void MarkRange(std::atomic<uint64_t>* words, size_t first, size_t count) {
  size_t r = first;
  const size_t end = first + count;
  while (r < end) {
    const size_t word = r / 64, bit = r % 64;
    const size_t take = std::min<size_t>(64 - bit, end - r);
    const uint64_t mask = take == 64 ? ~uint64_t{0} : ((uint64_t{1} << take) - 1) << bit;
    if (mask == ~uint64_t{0}) {
      words[word].store(mask, std::memory_order_relaxed);  // the whole word is this chunk's
    } else {
      words[word].fetch_or(mask, std::memory_order_relaxed);
    }
    r += take;
  }
}

}  // namespace

struct DenseCollector::Target {
  NumericColumn column;
  char* base = nullptr;  // room for `capacity` values
  size_t width = 8;
  std::unique_ptr<std::atomic<uint64_t>[]> validity;  // all ones until a NULL clears its bit
  std::atomic<bool> any_null{false};
};

DenseCollector::DenseCollector(std::vector<CollectedSpec> specs, size_t capacity)
    : specs_(std::move(specs)), capacity_(capacity) {
  const size_t words = (capacity_ + 63) / 64;
  present_ = std::make_unique<std::atomic<uint64_t>[]>(words);
  for (size_t w = 0; w < words; ++w) present_[w].store(0, std::memory_order_relaxed);
  for (const auto& spec : specs_) {
    auto t = std::make_unique<Target>();
    const NumericType type = spec.time ? NumericType::kFloat64 : StorageFor(spec.column.type);
    t->column = NumericColumn(type);
    t->width = WidthOf(type);
    t->column.Reserve(capacity_);
    t->base = static_cast<char*>(t->column.PrepareAppend(capacity_));
    t->validity = std::make_unique<std::atomic<uint64_t>[]>(words);
    for (size_t w = 0; w < words; ++w)
      t->validity[w].store(~uint64_t{0}, std::memory_order_relaxed);
    targets_.push_back(std::move(t));
  }
}

DenseCollector::~DenseCollector() = default;

Status DenseCollector::Accept(size_t column, std::span<const int64_t> rowids,
                              const db::VectorView& values) {
  const size_t n = rowids.size();
  if (n == 0) return Ok();
  Target& t = *targets_[column];
  for (int64_t r : {rowids.front(), rowids.back()}) {
    if (r < 0 || static_cast<size_t>(r) >= capacity_) {
      return Fail(ErrorCode::kFailedPrecondition, "row ids beyond the table's row count");
    }
  }
  const bool increasing = std::is_sorted(rowids.begin(), rowids.end());
  if (!increasing) {
    for (int64_t r : rowids) {
      if (r < 0 || static_cast<size_t>(r) >= capacity_) {
        return Fail(ErrorCode::kFailedPrecondition, "row ids beyond the table's row count");
      }
    }
  }
  // Values the kernels take as they are (DOUBLE, FLOAT, INTEGER, BIGINT) are copied from DuckDB's
  // vector; others are converted as the ordinary reader does, into a small per-thread column.
  ColumnView v;
  const db::TypeId id = values.type().id;
  if (!specs_[column].time && (id == db::TypeId::kDouble || id == db::TypeId::kFloat ||
                               id == db::TypeId::kInteger || id == db::TypeId::kBigInt)) {
    v.type = t.column.type();
    v.data = id == db::TypeId::kDouble    ? static_cast<const void*>(values.Data<double>().data())
             : id == db::TypeId::kFloat   ? static_cast<const void*>(values.Data<float>().data())
             : id == db::TypeId::kInteger ? static_cast<const void*>(values.Data<int32_t>().data())
                                          : static_cast<const void*>(values.Data<int64_t>().data());
    v.size = n;
    v.validity = values.validity().bits();
  } else {
    thread_local NumericColumn scratch[4] = {
        NumericColumn(NumericType::kFloat64), NumericColumn(NumericType::kFloat32),
        NumericColumn(NumericType::kInt32), NumericColumn(NumericType::kInt64)};
    NumericColumn& s = scratch[static_cast<size_t>(t.column.type())];
    s.Clear();
    if (specs_[column].time) {
      AppendTime(s, values);
    } else {
      AppendNumeric(s, values);
    }
    v = s.view();
  }
  const auto* from = static_cast<const char*>(v.data);
  const bool contiguous =
      increasing && static_cast<size_t>(rowids.back() - rowids.front()) == n - 1;
  if (contiguous) {
    std::memcpy(t.base + static_cast<size_t>(rowids.front()) * t.width, from, n * t.width);
  } else {
    for (size_t i = 0; i < n; ++i) {
      std::memcpy(t.base + static_cast<size_t>(rowids[i]) * t.width, from + i * t.width, t.width);
    }
  }
  thread_local std::vector<size_t> rows;
  rows.clear();
  if (v.validity) {
    for (size_t i = 0; i < n; ++i) {
      if (!v.IsValid(i)) rows.push_back(i);
    }
    if (!rows.empty()) {
      t.any_null.store(true, std::memory_order_relaxed);
      if (!increasing)
        std::sort(rows.begin(), rows.end(),
                  [&](size_t a, size_t b) { return rowids[a] < rowids[b]; });
      MarkRows(t.validity.get(), rowids, rows, /*clear=*/true);
    }
  }
  if (column == 0) {
    if (contiguous) {
      MarkRange(present_.get(), static_cast<size_t>(rowids.front()), n);
    } else {
      rows.resize(n);
      for (size_t i = 0; i < n; ++i) rows[i] = i;
      if (!increasing) {
        std::sort(rows.begin(), rows.end(),
                  [&](size_t a, size_t b) { return rowids[a] < rowids[b]; });
      }
      MarkRows(present_.get(), rowids, rows, /*clear=*/false);
    }
  }
  return Ok();
}

std::vector<NumericColumn> DenseCollector::Finish() {
  const size_t words = (capacity_ + 63) / 64;
  size_t present = 0;
  for (size_t w = 0; w < words; ++w) present += std::popcount(present_[w].load());
  std::vector<NumericColumn> out;
  for (auto& tp : targets_) {
    Target& t = *tp;
    std::vector<uint64_t> validity;
    const bool nulls = t.any_null.load();
    if (present == capacity_) {
      if (nulls) {
        validity.resize(words);
        for (size_t w = 0; w < words; ++w) validity[w] = t.validity[w].load();
      }
      t.column.CommitAppend(capacity_, nulls ? validity.data() : nullptr);
      out.push_back(std::move(t.column));
      continue;
    }
    // Squeeze out the rows that never arrived, run by run, in row order.
    if (nulls) validity.assign((present + 63) / 64, 0);
    size_t to = 0;
    for (size_t w = 0; w < words; ++w) {
      uint64_t bits = present_[w].load();
      const uint64_t valid = t.validity[w].load();
      while (bits) {
        const int start = std::countr_zero(bits);
        const int run = std::countr_one(bits >> start);
        const size_t from = w * 64 + static_cast<size_t>(start);
        if (from != to) {
          std::memmove(t.base + to * t.width, t.base + from * t.width,
                       static_cast<size_t>(run) * t.width);
        }
        if (nulls) {
          for (int k = 0; k < run; ++k) {
            if ((valid >> (start + k)) & 1)
              validity[(to + k) / 64] |= uint64_t{1} << ((to + k) % 64);
          }
        }
        to += static_cast<size_t>(run);
        bits = run == 64 ? 0 : bits & ~(((uint64_t{1} << run) - 1) << start);
      }
    }
    t.column.CommitAppend(present, nulls ? validity.data() : nullptr);
    out.push_back(std::move(t.column));
  }
  return out;
}

}  // namespace sagaz::stats::internal
