// Highway implementations of the hot loops (see simd.hpp). This file is compiled once per
// instruction set through hwy/foreach_target.h; HWY_DYNAMIC_DISPATCH picks the best at run time.
// The module is built with -ffp-contract=off so every target rounds alike.
#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "stats/internal/simd.cpp"
#include <hwy/foreach_target.h>  // IWYU pragma: keep
// foreach_target.h must come first: it re-includes this file once per target.
#include <hwy/highway.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "stats/internal/simd.hpp"

HWY_BEFORE_NAMESPACE();
namespace sagaz::stats::internal {
namespace HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

using D = hn::ScalableTag<double>;
using DI = hn::RebindToSigned<D>;
using V = hn::Vec<D>;
using VI = hn::Vec<DI>;
using M = hn::Mask<D>;

constexpr double kInf = std::numeric_limits<double>::infinity();

// Error-free accumulation in every lane: s + c carries the exact running sum (Knuth's TwoSum).
HWY_INLINE void TwoSumAdd(V& s, V& c, const V x) {
  const V t = hn::Add(s, x);
  const V bp = hn::Sub(t, s);
  const V err = hn::Add(hn::Sub(s, hn::Sub(t, bp)), hn::Sub(x, bp));
  s = t;
  c = hn::Add(c, err);
}

// Lane-wise values into a scalar compensated sum, in lane order (deterministic).
HWY_INLINE void MergeLanes(const D d, const V s, const V c, CompensatedSum* out) {
  HWY_ALIGN double ls[hn::MaxLanes(D())];
  HWY_ALIGN double lc[hn::MaxLanes(D())];
  hn::Store(s, d, ls);
  hn::Store(c, d, lc);
  for (size_t i = 0; i < hn::Lanes(d); ++i) {
    out->Add(ls[i]);
    out->lo += lc[i];
  }
}

HWY_INLINE int64_t SumCounts(const DI di, const VI v) {
  return hn::GetLane(hn::SumOfLanes(di, v));  // CountMask subtracts -1 per true lane
}

HWY_INLINE VI CountMask(const D d, const DI di, VI acc, const M m) {
  return hn::Sub(acc, hn::BitCast(di, hn::VecFromMask(d, m)));
}

// The mask of lanes [k, k+N) of a 64-row validity word.
HWY_INLINE M WordMask(const D d, uint64_t word, size_t k) {
  const uint8_t bits = static_cast<uint8_t>(word >> k);
  return hn::LoadMaskBits(d, &bits);
}

// Scalar handling of a non-finite or invalid lane, shared by the vector and tail loops.
HWY_INLINE void CountSpecial(double v, ScanResult* out) {
  if (std::isnan(v)) {
    ++out->nan;
  } else if (v > 0) {
    ++out->pos_inf;
  } else {
    ++out->neg_inf;
  }
}

void ScanF64Impl(const double* HWY_RESTRICT x, size_t n, const uint64_t* HWY_RESTRICT valid,
                 ScanResult* out) {
  const D d;
  const DI di;
  const size_t N = hn::Lanes(d);
  V s0 = hn::Zero(d), c0 = hn::Zero(d), s1 = hn::Zero(d), c1 = hn::Zero(d);
  V vmin = hn::Set(d, kInf), vmax = hn::Set(d, -kInf);
  const V inf = hn::Set(d, kInf), ninf = hn::Set(d, -kInf);
  VI finite = hn::Zero(di);
  ScanResult r;
  const size_t words = n / 64;
  for (size_t w = 0; w < words; ++w) {
    const uint64_t word = valid ? valid[w] : ~uint64_t{0};
    const double* p = x + w * 64;
    r.valid += __builtin_popcountll(word);
    if (word == ~uint64_t{0}) {
      for (size_t k = 0; k < 64; k += 2 * N) {
        const V a = hn::LoadU(d, p + k);
        const V b = hn::LoadU(d, p + k + N);
        const M fa = hn::IsFinite(a);
        const M fb = hn::IsFinite(b);
        if (HWY_UNLIKELY(!hn::AllTrue(d, fa) || !hn::AllTrue(d, fb))) {
          for (size_t i = 0; i < 2 * N; ++i)
            if (!std::isfinite(p[k + i])) CountSpecial(p[k + i], &r);
        }
        finite = CountMask(d, di, CountMask(d, di, finite, fa), fb);
        TwoSumAdd(s0, c0, hn::IfThenElseZero(fa, a));
        TwoSumAdd(s1, c1, hn::IfThenElseZero(fb, b));
        vmin = hn::Min(vmin, hn::Min(hn::IfThenElse(fa, a, inf), hn::IfThenElse(fb, b, inf)));
        vmax = hn::Max(vmax, hn::Max(hn::IfThenElse(fa, a, ninf), hn::IfThenElse(fb, b, ninf)));
      }
    } else if (word != 0) {
      for (size_t k = 0; k < 64; k += N) {
        const V a = hn::LoadU(d, p + k);
        const M m = WordMask(d, word, k);
        const M fa = hn::And(m, hn::IsFinite(a));
        if (HWY_UNLIKELY(!hn::AllFalse(d, hn::AndNot(fa, m)))) {
          for (size_t i = 0; i < N; ++i) {
            if ((word >> (k + i)) & 1 && !std::isfinite(p[k + i])) CountSpecial(p[k + i], &r);
          }
        }
        finite = CountMask(d, di, finite, fa);
        TwoSumAdd(s0, c0, hn::IfThenElseZero(fa, a));
        vmin = hn::Min(vmin, hn::IfThenElse(fa, a, inf));
        vmax = hn::Max(vmax, hn::IfThenElse(fa, a, ninf));
      }
    }
  }
  r.finite = SumCounts(di, finite);
  MergeLanes(d, s0, c0, &r.sum);
  MergeLanes(d, s1, c1, &r.sum);
  r.min = hn::GetLane(hn::MinOfLanes(d, vmin));
  r.max = hn::GetLane(hn::MaxOfLanes(d, vmax));
  // The tail (< 64 rows) of the last block.
  for (size_t i = words * 64; i < n; ++i) {
    if (valid && !((valid[i >> 6] >> (i & 63)) & 1)) continue;
    ++r.valid;
    const double v = x[i];
    if (!std::isfinite(v)) {
      CountSpecial(v, &r);
      continue;
    }
    ++r.finite;
    r.sum.Add(v);
    r.min = std::min(r.min, v);
    r.max = std::max(r.max, v);
  }
  *out = r;
}

size_t CompactF64Impl(const double* HWY_RESTRICT x, size_t n, const uint64_t* HWY_RESTRICT valid,
                      bool keep_inf, double* HWY_RESTRICT out, size_t limit) {
  const D d;
  const size_t N = hn::Lanes(d);
  size_t count = 0;
  const size_t words = n / 64;
  auto keep = [&](const V v) { return keep_inf ? hn::Not(hn::IsNaN(v)) : hn::IsFinite(v); };
  for (size_t w = 0; w < words; ++w) {
    const uint64_t word = valid ? valid[w] : ~uint64_t{0};
    if (word == 0) continue;
    const double* p = x + w * 64;
    for (size_t k = 0; k < 64; k += N) {
      const V a = hn::LoadU(d, p + k);
      M m = keep(a);
      if (word != ~uint64_t{0}) m = hn::And(m, WordMask(d, word, k));
      if (hn::AllTrue(d, m)) {
        hn::StoreU(a, d, out + count);
        count += N;
      } else if (count + N <= limit) {
        count += hn::CompressStore(a, m, d, out + count);  // writes N lanes
      } else {
        HWY_ALIGN double lanes[hn::MaxLanes(D())];
        const size_t kept = hn::CompressStore(a, m, d, lanes);
        for (size_t i = 0; i < kept; ++i) out[count + i] = lanes[i];
        count += kept;
      }
    }
  }
  for (size_t i = words * 64; i < n; ++i) {
    if (valid && !((valid[i >> 6] >> (i & 63)) & 1)) continue;
    const double v = x[i];
    if (std::isnan(v) || (!keep_inf && std::isinf(v))) continue;
    out[count++] = v;
  }
  return count;
}

void CentralF64Impl(const double* HWY_RESTRICT x, size_t n, double center, double scale,
                    double lower, double upper, bool higher, CentralResult* out) {
  const D d;
  const DI di;
  const size_t N = hn::Lanes(d);
  const V vc = hn::Set(d, center), vs = hn::Set(d, scale);
  const V vlo = hn::Set(d, lower), vhi = hn::Set(d, upper);
  const bool bounded = lower > -kInf || upper < kInf;
  V s1 = hn::Zero(d), c1 = hn::Zero(d), s2 = hn::Zero(d), c2 = hn::Zero(d);
  V s3 = hn::Zero(d), s4 = hn::Zero(d);
  VI cnt = hn::Zero(di);
  size_t i = 0;
  CentralResult r;
  if (n >= N) {
    for (; i + N <= n; i += N) {
      const V v = hn::LoadU(d, x + i);
      V dv = hn::Mul(hn::Sub(v, vc), vs);
      if (bounded) {
        const M in = hn::And(hn::Ge(v, vlo), hn::Le(v, vhi));
        cnt = CountMask(d, di, cnt, in);
        dv = hn::IfThenElseZero(in, dv);
      }
      const V d2 = hn::Mul(dv, dv);
      TwoSumAdd(s1, c1, dv);
      TwoSumAdd(s2, c2, d2);
      if (higher) {
        s3 = hn::Add(s3, hn::Mul(d2, dv));
        s4 = hn::Add(s4, hn::Mul(d2, d2));
      }
    }
  }
  r.count = bounded ? SumCounts(di, cnt) : static_cast<int64_t>(i);
  MergeLanes(d, s1, c1, &r.s1);
  MergeLanes(d, s2, c2, &r.s2);
  if (higher) {
    HWY_ALIGN double l3[hn::MaxLanes(D())];
    HWY_ALIGN double l4[hn::MaxLanes(D())];
    hn::Store(s3, d, l3);
    hn::Store(s4, d, l4);
    for (size_t k = 0; k < N; ++k) {
      r.s3 += l3[k];
      r.s4 += l4[k];
    }
  }
  for (; i < n; ++i) {
    const double v = x[i];
    if (bounded && !(v >= lower && v <= upper)) continue;
    if (bounded) ++r.count;
    const double dv = (v - center) * scale;
    const double d2 = dv * dv;
    r.s1.Add(dv);
    r.s2.Add(d2);
    if (higher) {
      r.s3 += d2 * dv;
      r.s4 += d2 * d2;
    }
  }
  if (!bounded) r.count = static_cast<int64_t>(n);
  *out = r;
}

void RangeF64Impl(const double* HWY_RESTRICT x, size_t n, double a, double b, RangeResult* out) {
  const D d;
  const DI di;
  const size_t N = hn::Lanes(d);
  const V va = hn::Set(d, a), vb = hn::Set(d, b);
  const bool same = a == b;
  VI below = hn::Zero(di), at_a = hn::Zero(di), at_b = hn::Zero(di), above = hn::Zero(di),
     inside = hn::Zero(di);
  V s = hn::Zero(d), c = hn::Zero(d);
  size_t i = 0;
  for (; i + N <= n; i += N) {
    const V v = hn::LoadU(d, x + i);
    below = CountMask(d, di, below, hn::Lt(v, va));
    at_a = CountMask(d, di, at_a, hn::Eq(v, va));
    above = CountMask(d, di, above, hn::Gt(v, vb));
    const M in = hn::And(hn::Gt(v, va), hn::Lt(v, vb));
    inside = CountMask(d, di, inside, in);
    if (!same) at_b = CountMask(d, di, at_b, hn::Eq(v, vb));
    TwoSumAdd(s, c, hn::IfThenElseZero(in, v));
  }
  RangeResult r;
  r.below = SumCounts(di, below);
  r.at_a = SumCounts(di, at_a);
  r.at_b = SumCounts(di, at_b);
  r.above = SumCounts(di, above);
  r.inside = SumCounts(di, inside);
  MergeLanes(d, s, c, &r.inside_sum);
  for (; i < n; ++i) {
    const double v = x[i];
    if (v < a) ++r.below;
    if (v == a) ++r.at_a;
    if (v > b) ++r.above;
    if (!same && v == b) ++r.at_b;
    if (v > a && v < b) {
      ++r.inside;
      r.inside_sum.Add(v);
    }
  }
  *out = r;
}

// Brackets from the last 64-value word's selection bits, in order.
HWY_INLINE void TakeSelected(const double* HWY_RESTRICT x, uint64_t word, const double* lo,
                             size_t groups, BracketResult* out) {
  while (word) {
    const double v = x[__builtin_ctzll(word)];
    size_t g = 0;
    for (size_t h = 1; h < groups; ++h) g += v >= lo[h];  // branch-free: brackets are sorted
    out->inside[g].push_back(v);
    word &= word - 1;
  }
}

// The common case (up to four brackets: quartiles, a few quantiles): one loop per 64 values with
// every bound in a register; the count below a bracket and its selection share one comparison.
template <size_t G>
void BracketFixed(const double* HWY_RESTRICT x, size_t words, const double* lo, const double* hi,
                  BracketResult* out) {
  const D d;
  const DI di;
  const size_t N = hn::Lanes(d);
  V vlo[G], vhi[G];
  VI below[G];
  for (size_t g = 0; g < G; ++g) {
    vlo[g] = hn::Set(d, lo[g]);
    vhi[g] = hn::Set(d, hi[g]);
    below[g] = hn::Zero(di);
  }
  for (size_t w = 0; w < words; ++w) {
    const double* p = x + w * 64;
    uint64_t word = 0;
    for (size_t k = 0; k < 64; k += N) {
      const V v = hn::LoadU(d, p + k);
      M in;
      for (size_t g = 0; g < G; ++g) {
        const M lt = hn::Lt(v, vlo[g]);
        below[g] = CountMask(d, di, below[g], lt);
        const M inside = hn::AndNot(lt, hn::Le(v, vhi[g]));
        in = g == 0 ? inside : hn::Or(in, inside);
      }
      uint8_t bits[8] = {0};
      hn::StoreMaskBits(d, in, bits);
      word |= static_cast<uint64_t>(bits[0]) << k;
    }
    TakeSelected(p, word, lo, G, out);
  }
  for (size_t g = 0; g < G; ++g) out->below[g] += SumCounts(di, below[g]);
}

void BracketF64Impl(const double* HWY_RESTRICT x, size_t n, const Brackets& plan,
                    BracketResult* out) {
  const D d;
  const DI di;
  const size_t N = hn::Lanes(d);
  const size_t groups = plan.lo.size();
  out->below.assign(groups, 0);
  out->inside.assign(groups, {});
  const double* lo = plan.lo.data();
  const double* hi = plan.hi.data();
  const size_t vec_end = n - n % 64;
  switch (groups) {
    case 1:
      BracketFixed<1>(x, vec_end / 64, lo, hi, out);
      break;
    case 2:
      BracketFixed<2>(x, vec_end / 64, lo, hi, out);
      break;
    case 3:
      BracketFixed<3>(x, vec_end / 64, lo, hi, out);
      break;
    case 4:
      BracketFixed<4>(x, vec_end / 64, lo, hi, out);
      break;
    default: {
      // Any number of brackets: group-outer counting over chunks that stay in L1.
      constexpr size_t kChunk = 1024;  // a multiple of 64
      for (size_t begin = 0; begin < vec_end; begin += kChunk) {
        const size_t end = std::min(begin + kChunk, vec_end);
        for (size_t g = 0; g < groups; ++g) {
          const V p = hn::Set(d, lo[g]);
          VI c0 = hn::Zero(di), c1 = hn::Zero(di);
          for (size_t i = begin; i < end; i += 2 * N) {
            c0 = CountMask(d, di, c0, hn::Lt(hn::LoadU(d, x + i), p));
            c1 = CountMask(d, di, c1, hn::Lt(hn::LoadU(d, x + i + N), p));
          }
          out->below[g] += SumCounts(di, hn::Add(c0, c1));
        }
        for (size_t base = begin; base < end; base += 64) {
          uint64_t word = 0;
          for (size_t k = 0; k < 64; k += N) {
            const V v = hn::LoadU(d, x + base + k);
            M in = hn::And(hn::Ge(v, hn::Set(d, lo[0])), hn::Le(v, hn::Set(d, hi[0])));
            for (size_t g = 1; g < groups; ++g) {
              in = hn::Or(in, hn::And(hn::Ge(v, hn::Set(d, lo[g])), hn::Le(v, hn::Set(d, hi[g]))));
            }
            uint8_t bits[8] = {0};
            hn::StoreMaskBits(d, in, bits);
            word |= static_cast<uint64_t>(bits[0]) << k;
          }
          TakeSelected(x + base, word, lo, groups, out);
        }
      }
    }
  }
  for (size_t i = vec_end; i < n; ++i) {
    const double v = x[i];
    for (size_t g = 0; g < groups; ++g) {
      out->below[g] += v < lo[g];
      if (v >= lo[g] && v <= hi[g]) out->inside[g].push_back(v);
    }
  }
}

void AbsDevF64Impl(const double* HWY_RESTRICT x, size_t n, double center,
                   double* HWY_RESTRICT out) {
  const D d;
  const size_t N = hn::Lanes(d);
  const V c = hn::Set(d, center);
  size_t i = 0;
  for (; i + N <= n; i += N) hn::StoreU(hn::Abs(hn::Sub(hn::LoadU(d, x + i), c)), d, out + i);
  for (; i < n; ++i) out[i] = std::abs(x[i] - center);
}

}  // namespace HWY_NAMESPACE
}  // namespace sagaz::stats::internal
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace sagaz::stats::internal {

HWY_EXPORT(ScanF64Impl);
HWY_EXPORT(CompactF64Impl);
HWY_EXPORT(CentralF64Impl);
HWY_EXPORT(RangeF64Impl);
HWY_EXPORT(BracketF64Impl);
HWY_EXPORT(AbsDevF64Impl);

void CompensatedSum::Add(double x) {
  const double t = hi + x;
  const double bp = t - hi;
  lo += (hi - (t - bp)) + (x - bp);
  hi = t;
}

void CompensatedSum::Add(const CompensatedSum& other) {
  Add(other.hi);
  lo += other.lo;
}

void ScanF64(const double* x, size_t n, const uint64_t* valid, ScanResult* out) {
  HWY_DYNAMIC_DISPATCH(ScanF64Impl)(x, n, valid, out);
}
size_t CompactF64(const double* x, size_t n, const uint64_t* valid, bool keep_inf, double* out,
                  size_t limit) {
  return HWY_DYNAMIC_DISPATCH(CompactF64Impl)(x, n, valid, keep_inf, out, limit);
}
void CentralF64(const double* x, size_t n, double center, double scale, double lower, double upper,
                bool higher, CentralResult* out) {
  HWY_DYNAMIC_DISPATCH(CentralF64Impl)(x, n, center, scale, lower, upper, higher, out);
}
void RangeF64(const double* x, size_t n, double a, double b, RangeResult* out) {
  HWY_DYNAMIC_DISPATCH(RangeF64Impl)(x, n, a, b, out);
}
void BracketF64(const double* x, size_t n, const Brackets& plan, BracketResult* out) {
  HWY_DYNAMIC_DISPATCH(BracketF64Impl)(x, n, plan, out);
}
void AbsDevF64(const double* x, size_t n, double center, double* out) {
  HWY_DYNAMIC_DISPATCH(AbsDevF64Impl)(x, n, center, out);
}

const char* SimdTarget() {
  const int64_t targets = hwy::SupportedTargets() & HWY_TARGETS;
  return hwy::TargetName(targets & -targets);
}

}  // namespace sagaz::stats::internal
#endif  // HWY_ONCE
