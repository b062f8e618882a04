// The hot loops of the statistics engine, written once with Highway and compiled for several
// instruction sets (SSE4, AVX2, AVX-512); the best one the CPU supports is chosen at run time.
// Each function works on one block of values; callers split large inputs into blocks (see
// parallel.hpp) and merge the partial results in block order, so results never depend on the
// thread count.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace sagaz::stats::internal {

// A compensated sum: the exact sum of what was added is hi + lo up to rounding of lo (TwoSum).
struct CompensatedSum {
  double hi = 0;
  double lo = 0;
  void Add(double x);                     // TwoSum, branch-free
  void Add(const CompensatedSum& other);  // merges another partial sum
  double Value() const { return hi + lo; }
};

// Pass one over raw doubles with an optional validity bitmask (`valid` points at the word of the
// block's first row; blocks start at multiples of 64 rows).
struct ScanResult {
  int64_t valid = 0;  // non-NULL rows
  int64_t nan = 0;
  int64_t pos_inf = 0;
  int64_t neg_inf = 0;
  int64_t finite = 0;
  double min = 0;      // over finite values; +inf when none
  double max = 0;      // -inf when none
  CompensatedSum sum;  // of finite values
};
void ScanF64(const double* x, size_t n, const uint64_t* valid, ScanResult* out);

// Copies the valid finite values (and ±inf when `keep_inf`) of a block to `out`, in order; returns
// how many. `limit` is how many there are (from ScanF64): nothing is written at or past
// out[limit], so blocks can be compacted side by side in parallel.
size_t CompactF64(const double* x, size_t n, const uint64_t* valid, bool keep_inf, double* out,
                  size_t limit);

// Central sums of d = (x − center) · scale over values inside [lower, upper] (every value when
// the bounds are ±inf). Σd² is compensated; Σd corrects the two-pass variance.
struct CentralResult {
  int64_t count = 0;
  CompensatedSum s1;
  CompensatedSum s2;
  double s3 = 0;
  double s4 = 0;
};
void CentralF64(const double* x, size_t n, double center, double scale, double lower, double upper,
                bool higher, CentralResult* out);

// Counts of values below, equal to and inside two bounds a <= b, with the compensated sum of the
// values strictly inside (a, b).
struct RangeResult {
  int64_t below = 0;   // x < a
  int64_t at_a = 0;    // x == a
  int64_t inside = 0;  // a < x < b
  int64_t at_b = 0;    // x == b (0 when a == b)
  int64_t above = 0;   // x > b
  CompensatedSum inside_sum;
};
void RangeF64(const double* x, size_t n, double a, double b, RangeResult* out);

// The selection pass. For each bracket g (closed intervals [lo[g], hi[g]], ascending and
// disjoint) counts the values below lo[g] and copies the values inside the bracket.
struct Brackets {
  std::vector<double> lo, hi;
};
struct BracketResult {
  std::vector<int64_t> below;               // per bracket: values < lo
  std::vector<std::vector<double>> inside;  // per bracket: values in [lo, hi]
};
void BracketF64(const double* x, size_t n, const Brackets& plan, BracketResult* out);

// out[i] = |x[i] − center|.
void AbsDevF64(const double* x, size_t n, double center, double* out);

// The name of the instruction set chosen at run time ("AVX2", ...), for benchmarks and logs.
const char* SimdTarget();

}  // namespace sagaz::stats::internal
