// Large buffers, recycled between requests.
//
// A statistics request over 10M rows needs buffers of 80 MB. glibc serves allocations that large
// with a fresh mmap every time (its mmap threshold is at most 32 MiB), so each request took some
// 20,000 page faults and had the kernel zero 80 MB per buffer: at 10M rows that cost more than
// reading and computing together (issue 14: 1M rows in 10 ms, 10M in 240). Buffers from here are
// mapped with transparent huge pages and, when released, kept for the next request of a similar
// size, up to a bound on the bytes kept. glibc's tunables cannot express this (the threshold
// ceiling is fixed), and swapping the process allocator (jemalloc) would change DuckDB's memory
// behaviour too; this is the one place large scratch memory comes from.
//
// Thread-safe.
#pragma once

#include <cstddef>
#include <memory>

namespace sagaz {

// Returns a buffer to the pool (or unmaps it, or frees a small one).
struct BufferRelease {
  void operator()(std::byte* data) const;
};
using Buffer = std::unique_ptr<std::byte[], BufferRelease>;

// At least `bytes` bytes, 64-byte aligned, contents unspecified. Small requests (under 1 MiB) come
// from malloc like any other allocation. Throws std::bad_alloc when memory is exhausted.
Buffer AcquireBuffer(size_t bytes);

// How many bytes released buffers may keep mapped for reuse (default 512 MiB; 0 keeps none).
void SetBufferRetention(size_t bytes);

// Bytes kept for reuse now, for metrics.
size_t RetainedBufferBytes();

// An allocator for standard containers whose large allocations come from AcquireBuffer.
template <class T>
struct RecyclingAllocator {
  using value_type = T;
  RecyclingAllocator() = default;
  template <class U>
  RecyclingAllocator(const RecyclingAllocator<U>&) {}
  T* allocate(size_t n) { return reinterpret_cast<T*>(AcquireBuffer(n * sizeof(T)).release()); }
  void deallocate(T* p, size_t) { BufferRelease()(reinterpret_cast<std::byte*>(p)); }
  template <class U>
  bool operator==(const RecyclingAllocator<U>&) const {
    return true;
  }
};

}  // namespace sagaz
