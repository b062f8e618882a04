// Hash grouping and grouped summaries.
#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>
#include <type_traits>
#include <unordered_map>
#include <vector>

#include "stats/internal/parallel.hpp"
#include "stats/internal/prepare.hpp"
#include "stats/stats.hpp"

namespace sagaz::stats {

struct StringHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

// 64-bit keys to dense ids: open addressing with linear probing in one flat array, kept at most
// half full. Written here because the node-based std::unordered_map costs a cache miss per lookup
// and Debian's Boost (1.74) predates unordered_flat_map; grouping a million rows is on Ask's hot
// path.
class FlatIds {
 public:
  // The id of `key`, or `fresh` (recorded for it) when it is new; `added` says which.
  uint32_t Find(uint64_t key, uint32_t fresh, bool& added) {
    if ((size_ + 1) * 2 > slots_.size()) Grow();
    const size_t mask = slots_.size() - 1;
    for (size_t i = Mix(key) & mask;; i = (i + 1) & mask) {
      Slot& s = slots_[i];
      if (s.id == kEmpty) {
        s = {key, fresh};
        ++size_;
        added = true;
        return fresh;
      }
      if (s.key == key) {
        added = false;
        return s.id;
      }
    }
  }

 private:
  static constexpr uint32_t kEmpty = UINT32_MAX;
  struct Slot {
    uint64_t key = 0;
    uint32_t id = kEmpty;
  };
  static size_t Mix(uint64_t k) {  // splitmix64's finalizer: timestamps and small ints spread well
    k ^= k >> 30;
    k *= 0xbf58476d1ce4e5b9ull;
    k ^= k >> 27;
    k *= 0x94d049bb133111ebull;
    return static_cast<size_t>(k ^ (k >> 31));
  }
  void Grow() {
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(std::max<size_t>(64, old.size() * 2), Slot{});
    const size_t mask = slots_.size() - 1;
    for (const Slot& s : old) {
      if (s.id == kEmpty) continue;
      size_t i = Mix(s.key) & mask;
      while (slots_[i].id != kEmpty) i = (i + 1) & mask;
      slots_[i] = s;
    }
  }
  std::vector<Slot> slots_;
  size_t size_ = 0;
};

struct Grouper::Impl {
  FlatIds ints;
  FlatIds doubles;  // by bit pattern, after folding -0 and NaN
  std::unordered_map<std::string, uint32_t, StringHash, std::equal_to<>> strings;
  std::optional<uint32_t> null_id;
  std::vector<Key> keys;
  // The integer keys by id, compactly, for AddInts' run checks (is_int false for other kinds).
  std::vector<int64_t> int_of_id;
  std::vector<uint8_t> is_int;
  uint32_t last = 0;  // id of the previous key

  uint32_t NewId(Key key) {
    int_of_id.push_back(key.i);
    is_int.push_back(key.kind == Key::Kind::kInt);
    keys.push_back(std::move(key));
    last = static_cast<uint32_t>(keys.size() - 1);
    return last;
  }

  uint32_t Null() {
    if (!null_id) return *(null_id = NewId({}));
    return last = *null_id;
  }

  // Ids of a chunk of keys: `matches(id, row)` says whether row's key is id's, `add(row)` finds or
  // adds it by hashing. A run that repeats an earlier run's order (one sensor's instants after
  // another's) is checked key against key, with no dependency from one row to the next; a run of
  // one key (rows sorted or clustered by it) likewise. Only the rest is hashed.
  template <class Matches, class Add>
  void AddRuns(size_t rows, const uint64_t* validity, uint32_t* ids, Matches&& matches, Add&& add) {
    auto valid = [&](size_t i) { return !validity || (validity[i >> 6] >> (i & 63)) & 1; };
    for (size_t i = 0; i < rows;) {
      if (!valid(i)) {
        ids[i++] = Null();
        continue;
      }
      if (const size_t n = keys.size()) {
        const auto next = static_cast<uint32_t>(last + 1 < n ? last + 1 : 0);
        const size_t limit = std::min(rows - i, n - next);
        size_t k = 0;
        for (; k < limit && valid(i + k) && matches(next + static_cast<uint32_t>(k), i + k); ++k)
          ids[i + k] = next + static_cast<uint32_t>(k);
        if (k) {
          last = next + static_cast<uint32_t>(k - 1);
          i += k;
          continue;
        }
        const uint32_t same = last;
        if (matches(same, i)) {
          for (; i < rows && valid(i) && matches(same, i); ++i) ids[i] = same;
          continue;
        }
      }
      ids[i] = add(i);
      ++i;
    }
  }

  // Real data comes in runs: a key repeats the previous row's (rows sorted or clustered by the
  // key), or follows the order of an earlier run (one sensor's instants after another's). Both
  // are answered by comparing two keys, without hashing.
  template <class Same>
  std::optional<uint32_t> Predict(Same&& same) {
    if (keys.empty()) return std::nullopt;
    if (same(keys[last])) return last;
    const uint32_t next = last + 1 < keys.size() ? last + 1 : 0;
    if (same(keys[next])) return last = next;
    return std::nullopt;
  }
};

Grouper::Grouper() : impl_(std::make_unique<Impl>()) {}
Grouper::~Grouper() = default;
Grouper::Grouper(Grouper&&) noexcept = default;
Grouper& Grouper::operator=(Grouper&&) noexcept = default;

uint32_t Grouper::AddInt(int64_t key) {
  if (auto id =
          impl_->Predict([&](const Key& k) { return k.kind == Key::Kind::kInt && k.i == key; }))
    return *id;
  bool added;
  const auto next = static_cast<uint32_t>(impl_->keys.size());
  const uint32_t id = impl_->ints.Find(static_cast<uint64_t>(key), next, added);
  if (added) return impl_->NewId({Key::Kind::kInt, key, 0, {}});
  return impl_->last = id;
}

uint32_t Grouper::AddDouble(double key) {
  if (key == 0) key = 0;  // -0 joins +0
  if (std::isnan(key)) key = std::numeric_limits<double>::quiet_NaN();
  const auto bits = std::bit_cast<uint64_t>(key);
  if (auto id = impl_->Predict([&](const Key& k) {
        return k.kind == Key::Kind::kDouble && std::bit_cast<uint64_t>(k.d) == bits;
      }))
    return *id;
  bool added;
  const auto next = static_cast<uint32_t>(impl_->keys.size());
  const uint32_t id = impl_->doubles.Find(bits, next, added);
  if (added) return impl_->NewId({Key::Kind::kDouble, 0, key, {}});
  return impl_->last = id;
}

uint32_t Grouper::AddString(std::string_view key) {
  if (auto id =
          impl_->Predict([&](const Key& k) { return k.kind == Key::Kind::kString && k.s == key; }))
    return *id;
  if (auto it = impl_->strings.find(key); it != impl_->strings.end())
    return impl_->last = it->second;
  const uint32_t id = impl_->NewId({Key::Kind::kString, 0, 0, std::string(key)});
  impl_->strings.emplace(std::string(key), id);
  return id;
}

uint32_t Grouper::AddNull() { return impl_->Null(); }

void Grouper::AddInts(const int64_t* keys, size_t rows, const uint64_t* validity, uint32_t* ids) {
  Impl& m = *impl_;
  m.AddRuns(
      rows, validity, ids,
      [&](uint32_t id, size_t row) { return m.is_int[id] && m.int_of_id[id] == keys[row]; },
      [&](size_t row) { return AddInt(keys[row]); });
}

void Grouper::AddStrings(const std::string_view* keys, size_t rows, const uint64_t* validity,
                         uint32_t* ids) {
  Impl& m = *impl_;
  m.AddRuns(
      rows, validity, ids,
      [&](uint32_t id, size_t row) {
        const Key& k = m.keys[id];
        return k.kind == Key::Kind::kString && k.s == keys[row];
      },
      [&](size_t row) { return AddString(keys[row]); });
}

size_t Grouper::size() const { return impl_->keys.size(); }

const Grouper::Key& Grouper::key(uint32_t id) const { return impl_->keys.at(id); }

Result<std::vector<Summary>> SummarizeGroups(const ColumnView& values,
                                             std::span<const uint32_t> group_of_row,
                                             size_t group_count, const SummaryOptions& options) {
  SAGAZ_TRY(Validate(options));
  if (group_of_row.size() != values.size) {
    return Fail(ErrorCode::kInvalidArgument, "group ids and values have different lengths");
  }
  const size_t n = values.size;
  struct Counts {
    int64_t rows = 0, nulls = 0, nan = 0, pos_inf = 0, neg_inf = 0, used = 0;
    __int128 sum = 0;
  };
  std::vector<Counts> counts(group_count);
  std::vector<size_t> offset(group_count + 1, 0);
  std::vector<double> sorted;
  // Counting sort of the used values by group: count, then scatter. One loop per storage type
  // (no per-row type dispatch).
  auto scatter = [&](const auto* data) -> Status {
    constexpr bool integral = std::is_integral_v<std::remove_cvref_t<decltype(*data)>>;
    auto used = [&](size_t i, uint32_t g, double* x) {
      Counts& c = counts[g];
      if (!values.IsValid(i)) {
        ++c.nulls;
        return false;
      }
      *x = static_cast<double>(data[i]);
      if (std::isnan(*x)) {
        ++c.nan;
        return false;
      }
      if (std::isinf(*x)) {
        ++(*x > 0 ? c.pos_inf : c.neg_inf);
        if (!options.include_infinite) return false;
      }
      return true;
    };
    for (size_t i = 0; i < n; ++i) {
      const uint32_t g = group_of_row[i];
      if (g >= group_count) {
        return Fail(Error(ErrorCode::kInvalidArgument, "group id out of range")
                        .With("row", std::to_string(i)));
      }
      ++counts[g].rows;
      double x;
      if (!used(i, g, &x)) continue;
      ++counts[g].used;
      if constexpr (integral) counts[g].sum += data[i];
    }
    for (size_t g = 0; g < group_count; ++g) offset[g + 1] = offset[g] + counts[g].used;
    sorted.resize(offset[group_count]);
    std::vector<size_t> cursor(offset.begin(), offset.end() - 1);
    std::vector<Counts> scratch(group_count);  // `used` counts again; discarded
    std::swap(scratch, counts);
    for (size_t i = 0; i < n; ++i) {
      double x;
      const uint32_t g = group_of_row[i];
      if (used(i, g, &x)) sorted[cursor[g]++] = x;
    }
    std::swap(scratch, counts);
    return Ok();
  };
  switch (values.type) {
    case NumericType::kFloat64:
      SAGAZ_TRY(scatter(static_cast<const double*>(values.data)));
      break;
    case NumericType::kFloat32:
      SAGAZ_TRY(scatter(static_cast<const float*>(values.data)));
      break;
    case NumericType::kInt32:
      SAGAZ_TRY(scatter(static_cast<const int32_t*>(values.data)));
      break;
    case NumericType::kInt64:
      SAGAZ_TRY(scatter(static_cast<const int64_t*>(values.data)));
      break;
  }
  const bool integral = values.type == NumericType::kInt32 || values.type == NumericType::kInt64;
  std::vector<Summary> out(group_count);
  const size_t threads = internal::ThreadsFor(n, options.threads, options.parallel_threshold);
  internal::ParallelFor(group_count, threads, [&](size_t g) {
    std::vector<double> mine(sorted.begin() + static_cast<ptrdiff_t>(offset[g]),
                             sorted.begin() + static_cast<ptrdiff_t>(offset[g + 1]));
    internal::Prepared p = internal::PrepareOwned(std::move(mine), options.include_infinite, 1);
    const Counts& c = counts[g];
    p.rows = c.rows;
    p.nulls = c.nulls;
    p.nan = c.nan;
    p.pos_inf = c.pos_inf;
    p.neg_inf = c.neg_inf;
    if (integral) p.exact_sum = c.sum;
    out[g] = internal::SummarizePrepared(p, options, 1);
  });
  return out;
}

namespace {

struct GroupSum {
  double hi = 0, lo = 0;  // a compensated sum: hi + lo
  int64_t count = 0;
};

// Sums and counts of finite values per group, for one storage type (one loop, no per-row
// dispatch). Knuth's TwoSum keeps each sum exact to the last bits, without branches.
template <class T>
void AccumulateGroups(const T* data, const ColumnView& values, std::span<const uint32_t> group,
                      size_t begin, size_t end, std::vector<GroupSum>& sums) {
  for (size_t i = begin; i < end; ++i) {
    if (values.validity && !values.IsValid(i)) continue;
    const auto x = static_cast<double>(data[i]);
    if (!std::isfinite(x)) continue;
    GroupSum& g = sums[group[i]];
    const double s = g.hi + x;
    const double back = s - g.hi;
    g.lo += (g.hi - (s - back)) + (x - back);
    g.hi = s;
    ++g.count;
  }
}

}  // namespace

Result<GroupMeans> MeanByGroup(const ColumnView& values, std::span<const uint32_t> group_of_row,
                               size_t group_count) {
  if (group_of_row.size() != values.size) {
    return Fail(ErrorCode::kInvalidArgument, "group ids and values have different lengths");
  }
  uint32_t top = 0;  // a vectorized pass; the offending row is looked for only on failure
  for (uint32_t g : group_of_row) top = std::max(top, g);
  if (!group_of_row.empty() && top >= group_count) {
    const auto at = std::find_if(group_of_row.begin(), group_of_row.end(),
                                 [&](uint32_t g) { return g >= group_count; });
    return Fail(Error(ErrorCode::kInvalidArgument, "group id out of range")
                    .With("row", std::to_string(at - group_of_row.begin())));
  }
  // Large inputs are cut into a fixed number of ranges summed side by side and merged in order,
  // so the result does not depend on the thread count.
  const size_t n = group_of_row.size();
  const size_t parts = n >= (size_t{1} << 18) ? 4 : 1;
  std::vector<std::vector<GroupSum>> partial(parts, std::vector<GroupSum>(group_count));
  const size_t threads = internal::ThreadsFor(n, 0, size_t{1} << 18);
  internal::ParallelFor(parts, threads, [&](size_t part) {
    const size_t begin = n * part / parts, end = n * (part + 1) / parts;
    auto& sums = partial[part];
    switch (values.type) {
      case NumericType::kFloat64:
        AccumulateGroups(static_cast<const double*>(values.data), values, group_of_row, begin, end,
                         sums);
        break;
      case NumericType::kFloat32:
        AccumulateGroups(static_cast<const float*>(values.data), values, group_of_row, begin, end,
                         sums);
        break;
      case NumericType::kInt32:
        AccumulateGroups(static_cast<const int32_t*>(values.data), values, group_of_row, begin, end,
                         sums);
        break;
      case NumericType::kInt64:
        AccumulateGroups(static_cast<const int64_t*>(values.data), values, group_of_row, begin, end,
                         sums);
        break;
    }
  });
  std::vector<GroupSum>& sums = partial[0];
  for (size_t part = 1; part < parts; ++part) {
    for (size_t g = 0; g < group_count; ++g) {
      GroupSum& a = sums[g];
      const GroupSum& b = partial[part][g];
      const double t = a.hi + b.hi, back = t - a.hi;
      a.lo += b.lo + ((a.hi - (t - back)) + (b.hi - back));
      a.hi = t;
      a.count += b.count;
    }
  }
  GroupMeans out;
  out.mean.resize(group_count);
  out.count.resize(group_count);
  for (size_t g = 0; g < group_count; ++g) {
    out.count[g] = sums[g].count;
    if (sums[g].count) out.mean[g] = (sums[g].hi + sums[g].lo) / static_cast<double>(sums[g].count);
  }
  return out;
}

}  // namespace sagaz::stats
