// Block-parallel execution for the kernels. Inputs are cut into fixed blocks (kBlockRows rows, a
// multiple of 64 so validity words never straddle blocks); each block's partial result is stored
// in its own slot and merged in block order, so results are identical for any thread count.
#pragma once

#include <cstddef>
#include <functional>

namespace sagaz::stats::internal {

constexpr size_t kBlockRows = size_t{1} << 16;

inline size_t BlockCount(size_t rows) { return (rows + kBlockRows - 1) / kBlockRows; }

// How many threads to use for `rows` values: 1 below `threshold`, else min(cores, requested) with
// requested 0 meaning every core.
size_t ThreadsFor(size_t rows, int requested, size_t threshold);

// Runs fn(task) for every task in [0, tasks) on up to `threads` threads, the caller included, and
// returns when all have finished. A process-wide pool of (cores − 1) workers serves every caller.
// fn must not throw.
void ParallelFor(size_t tasks, size_t threads, const std::function<void(size_t)>& fn);

// ParallelFor over the blocks of `rows` rows: fn(block, begin, end).
void ForBlocks(size_t rows, size_t threads,
               const std::function<void(size_t block, size_t begin, size_t end)>& fn);

}  // namespace sagaz::stats::internal
