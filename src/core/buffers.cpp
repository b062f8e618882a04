#include "core/buffers.hpp"

#include <sys/mman.h>

#include <cstdlib>
#include <map>
#include <mutex>
#include <new>

namespace sagaz {
namespace {

constexpr size_t kHeader = 64;              // before every buffer: its mapping's size and kind
constexpr size_t kLarge = size_t{1} << 20;  // from here on, mapped and recycled
constexpr size_t kHugePage = size_t{2} << 20;

struct Header {
  size_t mapped;  // 0: from malloc
};

class Pool {
 public:
  std::byte* Acquire(size_t bytes) {
    if (bytes + kHeader < kLarge) {
      void* p = std::aligned_alloc(kHeader, RoundUp(bytes + kHeader, kHeader));
      if (!p) throw std::bad_alloc();
      return Stamp(static_cast<std::byte*>(p), 0);
    }
    const size_t size = RoundUp(bytes + kHeader, kHugePage);
    {
      std::lock_guard lock(mu_);
      // The smallest kept mapping that fits, unless it is more than twice what is needed.
      auto it = free_.lower_bound(size);
      if (it != free_.end() && it->first <= 2 * size) {
        std::byte* base = it->second;
        retained_ -= it->first;
        free_.erase(it);
        return base + kHeader;
      }
    }
    void* p = mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) throw std::bad_alloc();
    madvise(p, size, MADV_HUGEPAGE);  // 40 faults for 80 MB instead of 20,000
    return Stamp(static_cast<std::byte*>(p), size);
  }

  void Release(std::byte* data) {
    if (!data) return;
    std::byte* base = data - kHeader;
    const size_t mapped = reinterpret_cast<const Header*>(base)->mapped;
    if (mapped == 0) {
      std::free(base);
      return;
    }
    {
      std::lock_guard lock(mu_);
      if (retained_ + mapped <= retention_) {
        retained_ += mapped;
        free_.emplace(mapped, base);
        return;
      }
    }
    munmap(base, mapped);
  }

  void SetRetention(size_t bytes) {
    std::multimap<size_t, std::byte*> dropped;
    {
      std::lock_guard lock(mu_);
      retention_ = bytes;
      while (retained_ > retention_ && !free_.empty()) {
        auto largest = std::prev(free_.end());
        retained_ -= largest->first;
        dropped.insert(*largest);
        free_.erase(largest);
      }
    }
    for (const auto& [size, base] : dropped) munmap(base, size);
  }

  size_t Retained() {
    std::lock_guard lock(mu_);
    return retained_;
  }

 private:
  static size_t RoundUp(size_t n, size_t to) { return (n + to - 1) / to * to; }
  static std::byte* Stamp(std::byte* base, size_t mapped) {
    reinterpret_cast<Header*>(base)->mapped = mapped;
    return base + kHeader;
  }

  std::mutex mu_;
  std::multimap<size_t, std::byte*> free_;  // guarded by mu_: kept mappings by size
  size_t retained_ = 0;                     // guarded by mu_
  size_t retention_ = size_t{512} << 20;    // guarded by mu_
};

Pool& ThePool() {
  static Pool* pool = new Pool();  // never destroyed: buffers may be released during exit
  return *pool;
}

}  // namespace

void BufferRelease::operator()(std::byte* data) const { ThePool().Release(data); }

Buffer AcquireBuffer(size_t bytes) { return Buffer(ThePool().Acquire(bytes)); }

void SetBufferRetention(size_t bytes) { ThePool().SetRetention(bytes); }

size_t RetainedBufferBytes() { return ThePool().Retained(); }

}  // namespace sagaz
