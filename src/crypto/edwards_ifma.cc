#include "edwards_ifma.h"

#include <immintrin.h>

#include <algorithm>
#include <atomic>
#include <vector>

namespace phantompool::crypto::edwards {
namespace {

std::atomic<bool> ifma_allowed{true};

}  // namespace

bool HaveIfma() {
  static const bool have = [] {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq") &&
           __builtin_cpu_supports("avx512ifma");
  }();
  return have;
}

void AllowIfma(bool allowed) {
  ifma_allowed = allowed;
}

bool IfmaAllowed() {
  return ifma_allowed;
}

// Everything below runs only after HaveIfma() said yes.
#if defined(__clang__)
#pragma clang attribute push(__attribute__((target("avx512f,avx512dq,avx512ifma"))), \
                             apply_to = function)
#else
#pragma GCC push_options
#pragma GCC target("avx512f,avx512dq,avx512ifma")
// GCC 12's own shift intrinsics start from a deliberately undefined vector
// (_mm512_undefined_epi32), which -Wuninitialized reports once inlined here.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

namespace {

using V = __m512i;

struct Fe8 {
  V v[5];
};
struct Extended8 {
  Fe8 x, y, z, t;
};
struct Niels8 {
  Fe8 y_plus_x, y_minus_x, xy2d;
};

constexpr uint64_t kMask51 = (uint64_t{1} << 51) - 1;

inline V Splat(uint64_t x) {
  return _mm512_set1_epi64(static_cast<long long>(x));
}

inline V Add64(V a, V b) {
  return _mm512_add_epi64(a, b);
}

inline V Times19(V c) {
  return Add64(Add64(_mm512_slli_epi64(c, 4), _mm512_slli_epi64(c, 1)), c);
}

// Limbs below 2^63 in, limbs at most 2^51 out (the value unchanged mod p): one carry pass,
// the top carry folded back as 19 (2^255 ≡ 19), and one more carry out of limb 0.
inline Fe8 Carry(Fe8 a) {
  const V mask = Splat(kMask51);
  for (int i = 0; i < 4; ++i) {
    const V c = _mm512_srli_epi64(a.v[i], 51);
    a.v[i] = _mm512_and_si512(a.v[i], mask);
    a.v[i + 1] = Add64(a.v[i + 1], c);
  }
  const V top = _mm512_srli_epi64(a.v[4], 51);
  a.v[4] = _mm512_and_si512(a.v[4], mask);
  a.v[0] = Add64(a.v[0], Times19(top));
  const V c0 = _mm512_srli_epi64(a.v[0], 51);
  a.v[0] = _mm512_and_si512(a.v[0], mask);
  a.v[1] = Add64(a.v[1], c0);
  return a;
}

inline Fe8 FeAdd(const Fe8& a, const Fe8& b) {
  Fe8 r;
  for (int i = 0; i < 5; ++i) r.v[i] = Add64(a.v[i], b.v[i]);
  return Carry(r);
}

// a − b as a + 2p − b: b's limbs (carried, at most 2^51) never exceed 2p's.
inline Fe8 FeSub(const Fe8& a, const Fe8& b) {
  const V two_p0 = Splat((uint64_t{1} << 52) - 38);
  const V two_p = Splat((uint64_t{1} << 52) - 2);
  Fe8 r;
  r.v[0] = _mm512_sub_epi64(Add64(a.v[0], two_p0), b.v[0]);
  for (int i = 1; i < 5; ++i) r.v[i] = _mm512_sub_epi64(Add64(a.v[i], two_p), b.v[i]);
  return Carry(r);
}

// Limb products split at bit 52 by IFMA: a_i·b_j = lo + 2^52·hi = lo + 2^51·(2·hi), so lo
// goes to column i+j and 2·hi to column i+j+1 (radix 2^51); columns 5..9 fold back times
// 19. Each column sums at most 15·2^52 < 2^56, and 19 times that stays below 2^61.
inline Fe8 FoldColumns(const V (&lo)[9], const V (&hi)[9]) {
  V col[10];
  col[0] = lo[0];
  for (int k = 1; k < 9; ++k) col[k] = Add64(lo[k], _mm512_slli_epi64(hi[k - 1], 1));
  col[9] = _mm512_slli_epi64(hi[8], 1);
  Fe8 r;
  for (int k = 0; k < 5; ++k) r.v[k] = Add64(col[k], Times19(col[k + 5]));
  return Carry(r);
}

inline Fe8 FeMul(const Fe8& a, const Fe8& b) {
  V lo[9], hi[9];
  for (int k = 0; k < 9; ++k) lo[k] = hi[k] = _mm512_setzero_si512();
  for (int i = 0; i < 5; ++i) {
    for (int j = 0; j < 5; ++j) {
      lo[i + j] = _mm512_madd52lo_epu64(lo[i + j], a.v[i], b.v[j]);
      hi[i + j] = _mm512_madd52hi_epu64(hi[i + j], a.v[i], b.v[j]);
    }
  }
  return FoldColumns(lo, hi);
}

// a² with the symmetric products taken once and doubled afterwards. (Doubling an operand
// instead would be cheaper, but a carried limb may be exactly 2^51, and 2^52 is beyond the
// 52 bits IFMA reads.)
inline Fe8 FeSquare(const Fe8& a) {
  V lo[9], hi[9], lo2[9], hi2[9];
  for (int k = 0; k < 9; ++k) lo[k] = hi[k] = lo2[k] = hi2[k] = _mm512_setzero_si512();
  for (int i = 0; i < 5; ++i) {
    lo[2 * i] = _mm512_madd52lo_epu64(lo[2 * i], a.v[i], a.v[i]);
    hi[2 * i] = _mm512_madd52hi_epu64(hi[2 * i], a.v[i], a.v[i]);
    for (int j = i + 1; j < 5; ++j) {
      lo2[i + j] = _mm512_madd52lo_epu64(lo2[i + j], a.v[i], a.v[j]);
      hi2[i + j] = _mm512_madd52hi_epu64(hi2[i + j], a.v[i], a.v[j]);
    }
  }
  for (int k = 1; k < 8; ++k) {
    lo[k] = Add64(lo[k], _mm512_slli_epi64(lo2[k], 1));
    hi[k] = Add64(hi[k], _mm512_slli_epi64(hi2[k], 1));
  }
  return FoldColumns(lo, hi);
}

inline Fe8 FeSquareTimes(Fe8 a, int n) {
  for (int i = 0; i < n; ++i) a = FeSquare(a);
  return a;
}

inline Fe8 FeConstant(const uint64_t (&limbs)[5]) {
  Fe8 r;
  for (int i = 0; i < 5; ++i) r.v[i] = Splat(limbs[i]);
  return r;
}

// The same formulas as edwards.cc ("dbl-2008-hwcd" and "madd-2008-hwcd-3", a = −1).
struct Doubled {
  Fe8 e, f, g, h;
};

inline Doubled DoublingFactors(const Extended8& p) {
  const Fe8 a = FeSquare(p.x);
  const Fe8 b = FeSquare(p.y);
  const Fe8 zz = FeSquare(p.z);
  const Fe8 c = FeAdd(zz, zz);
  const Fe8 e = FeSub(FeSub(FeSquare(FeAdd(p.x, p.y)), a), b);
  const Fe8 g = FeSub(b, a);
  const Fe8 f = FeSub(g, c);
  Fe8 zero;
  for (V& v : zero.v) v = _mm512_setzero_si512();
  const Fe8 h = FeSub(zero, FeAdd(a, b));
  return {e, f, g, h};
}

inline Extended8 DoubleTimes(Extended8 p, int n) {
  for (int i = 1; i < n; ++i) {
    const Doubled d = DoublingFactors(p);
    p.x = FeMul(d.e, d.f);
    p.y = FeMul(d.g, d.h);
    p.z = FeMul(d.f, d.g);
  }
  const Doubled d = DoublingFactors(p);
  return {FeMul(d.e, d.f), FeMul(d.g, d.h), FeMul(d.f, d.g), FeMul(d.e, d.h)};
}

inline Extended8 AddNiels(const Extended8& p, const Niels8& q) {
  const Fe8 a = FeMul(FeSub(p.y, p.x), q.y_minus_x);
  const Fe8 b = FeMul(FeAdd(p.y, p.x), q.y_plus_x);
  const Fe8 c = FeMul(p.t, q.xy2d);
  const Fe8 d = FeAdd(p.z, p.z);
  const Fe8 e = FeSub(b, a);
  const Fe8 h = FeAdd(b, a);
  const Fe8 f = FeSub(d, c);
  const Fe8 g = FeAdd(d, c);
  return {FeMul(e, f), FeMul(g, h), FeMul(f, g), FeMul(e, h)};
}

inline Extended8 FromNiels(const Niels8& q) {
  // 2x = (y+x) − (y−x), 2y = (y+x) + (y−x); scaled by z = 4: (4x : 4y : 4 : 4xy).
  const Fe8 x2 = FeSub(q.y_plus_x, q.y_minus_x);
  const Fe8 y2 = FeAdd(q.y_plus_x, q.y_minus_x);
  Fe8 four;
  four.v[0] = Splat(4);
  for (int i = 1; i < 5; ++i) four.v[i] = _mm512_setzero_si512();
  return {FeAdd(x2, x2), FeAdd(y2, y2), four, FeMul(x2, y2)};
}

// All-ones if a == b, else zero, by arithmetic only.
inline uint64_t EqualMask(uint32_t a, uint32_t b) {
  const uint64_t diff = static_cast<uint64_t>(a ^ b);
  return uint64_t{0} - ((diff - 1) >> 63);
}

constexpr int kNielsVectors = 15;
static_assert(sizeof(Niels8) == kNielsVectors * sizeof(V));

// digit·P in every lane for an odd digit in [−31, 31]: all 16 entries are read and masked,
// then the entry or its negation (y±x swapped, −2dxy) is kept through a mask.
inline Niels8 Lookup(const Niels8* table, int8_t digit) {
  const uint32_t negative = static_cast<uint8_t>(digit) >> 7;
  const uint32_t magnitude =
      static_cast<uint8_t>((digit ^ -static_cast<int8_t>(negative)) + negative);
  const uint32_t index = magnitude >> 1;
  Niels8 r;
  V* acc = reinterpret_cast<V*>(&r);
  for (int w = 0; w < kNielsVectors; ++w) acc[w] = _mm512_setzero_si512();
  for (uint32_t j = 0; j < kLadderTable; ++j) {
    const V mask = Splat(EqualMask(index, j));
    const V* entry = reinterpret_cast<const V*>(&table[j]);
    // acc | (entry & mask)
    for (int w = 0; w < kNielsVectors; ++w)
      acc[w] = _mm512_ternarylogic_epi64(acc[w], entry[w], mask, 0xF8);
  }
  const V neg = Splat(EqualMask(negative, 1));
  Fe8 zero;
  for (V& v : zero.v) v = _mm512_setzero_si512();
  const Fe8 minus_xy2d = FeSub(zero, r.xy2d);
  Niels8 out;
  for (int i = 0; i < 5; ++i) {
    // neg ? b : a
    out.y_plus_x.v[i] = _mm512_ternarylogic_epi64(neg, r.y_minus_x.v[i], r.y_plus_x.v[i], 0xCA);
    out.y_minus_x.v[i] = _mm512_ternarylogic_epi64(neg, r.y_plus_x.v[i], r.y_minus_x.v[i], 0xCA);
    out.xy2d.v[i] = _mm512_ternarylogic_epi64(neg, minus_xy2d.v[i], r.xy2d.v[i], 0xCA);
  }
  return out;
}

// Lanes l < count read ops[l]'s entry (negated where the op says so), the others the
// identity (1, 1, 0), whose addition changes nothing.
inline Niels8 GatherNiels(const StrausOp* ops, size_t count) {
  static const Niels kIdentity = {{{1, 0, 0, 0, 0}}, {{1, 0, 0, 0, 0}}, {{0, 0, 0, 0, 0}}};
  alignas(64) uint64_t address[8];
  __mmask8 negative = 0;
  for (size_t l = 0; l < 8; ++l) {
    const Niels* p = l < count ? ops[l].point : &kIdentity;
    address[l] = reinterpret_cast<uintptr_t>(p);
    if (l < count && ops[l].negative) negative = static_cast<__mmask8>(negative | (1u << l));
  }
  const V index = _mm512_load_si512(address);
  Niels8 q;
  V* words = reinterpret_cast<V*>(&q);
  for (int w = 0; w < kNielsVectors; ++w) {
    words[w] = _mm512_i64gather_epi64(index, reinterpret_cast<const void*>(8 * w), 1);
  }
  q.y_plus_x = Carry(q.y_plus_x);
  q.y_minus_x = Carry(q.y_minus_x);
  q.xy2d = Carry(q.xy2d);
  Fe8 zero;
  for (V& v : zero.v) v = _mm512_setzero_si512();
  const Fe8 minus_xy2d = FeSub(zero, q.xy2d);
  Niels8 out;
  for (int i = 0; i < 5; ++i) {
    out.y_plus_x.v[i] = _mm512_mask_blend_epi64(negative, q.y_plus_x.v[i], q.y_minus_x.v[i]);
    out.y_minus_x.v[i] = _mm512_mask_blend_epi64(negative, q.y_minus_x.v[i], q.y_plus_x.v[i]);
    out.xy2d.v[i] = _mm512_mask_blend_epi64(negative, q.xy2d.v[i], minus_xy2d.v[i]);
  }
  return out;
}

void ToLanes(const Extended8& acc, Extended out[8]) {
  alignas(64) uint64_t lanes[8];
  const Fe8* coords[4] = {&acc.x, &acc.y, &acc.z, &acc.t};
  for (int c = 0; c < 4; ++c) {
    for (int i = 0; i < 5; ++i) {
      _mm512_store_si512(lanes, coords[c]->v[i]);
      for (int l = 0; l < 8; ++l) {
        Fe* fe[4] = {&out[l].x, &out[l].y, &out[l].z, &out[l].t};
        fe[c]->v[i] = lanes[l];
      }
    }
  }
}

Extended8 Identity8() {
  Extended8 r;
  for (Fe8* c : {&r.x, &r.y, &r.z, &r.t}) {
    for (V& v : c->v) v = _mm512_setzero_si512();
  }
  r.y.v[0] = Splat(1);
  r.z.v[0] = Splat(1);
  return r;
}

// p + q for two points in extended coordinates ("add-2008-hwcd-3", a = −1, as edwards.cc).
inline Extended8 AddFull(const Extended8& p, const Extended8& q) {
  Fe8 two_d;
  two_d.v[0] = Splat(2 * 121665);
  for (int i = 1; i < 5; ++i) two_d.v[i] = _mm512_setzero_si512();
  const Fe8 a = FeMul(FeSub(p.y, p.x), FeSub(q.y, q.x));
  const Fe8 b = FeMul(FeAdd(p.y, p.x), FeAdd(q.y, q.x));
  const Fe8 c = FeMul(FeMul(p.t, two_d), q.t);
  const Fe8 zz = FeMul(p.z, q.z);
  const Fe8 d = FeAdd(zz, zz);
  const Fe8 e = FeSub(b, a);
  const Fe8 f = FeSub(d, c);
  const Fe8 g = FeAdd(d, c);
  const Fe8 h = FeAdd(b, a);
  return {FeMul(e, f), FeMul(g, h), FeMul(f, g), FeMul(e, h)};
}

constexpr int kExtendedWords = 20;
static_assert(sizeof(Extended) == kExtendedWords * sizeof(uint64_t));

// Lane l reads the Extended at byte address index[l] (its limbs are carried: they come
// from this file's arithmetic or are the identity).
inline Extended8 GatherExtended(V index) {
  Extended8 r;
  V* words = reinterpret_cast<V*>(&r);
  for (int w = 0; w < kExtendedWords; ++w) {
    words[w] = _mm512_i64gather_epi64(index, reinterpret_cast<const void*>(8 * w), 1);
  }
  return r;
}

inline void ScatterExtended(V index, const Extended8& p) {
  const V* words = reinterpret_cast<const V*>(&p);
  for (int w = 0; w < kExtendedWords; ++w) {
    _mm512_i64scatter_epi64(reinterpret_cast<void*>(8 * w), index, words[w], 1);
  }
}

// The canonical value (below p) of a carried element: add 19, see whether that reaches
// 2^255 (then a ≥ p), and add 19 again minus 2^255 if so.
inline Fe8 Canonical(const Fe8& in) {
  const Fe8 a = Carry(Carry(in));
  const V mask = Splat(kMask51);
  V q = _mm512_srli_epi64(Add64(a.v[0], Splat(19)), 51);
  for (int i = 1; i < 5; ++i) q = _mm512_srli_epi64(Add64(a.v[i], q), 51);
  Fe8 r;
  V carry = _mm512_mullo_epi64(q, Splat(19));
  for (int i = 0; i < 5; ++i) {
    const V t = Add64(a.v[i], carry);
    r.v[i] = _mm512_and_si512(t, mask);
    carry = _mm512_srli_epi64(t, 51);
  }
  return r;  // the carry out of limb 4 is the 2^255 dropped
}

inline __mmask8 IsZero(const Fe8& a) {
  const Fe8 c = Canonical(a);
  V any = c.v[0];
  for (int i = 1; i < 5; ++i) any = _mm512_or_si512(any, c.v[i]);
  return _mm512_cmpeq_epi64_mask(any, _mm512_setzero_si512());
}

inline __mmask8 Equal(const Fe8& a, const Fe8& b) {
  return IsZero(FeSub(a, b));
}

// The low bit of the canonical value: RFC 9496's IS_NEGATIVE.
inline __mmask8 IsNegative(const Fe8& a) {
  const Fe8 c = Canonical(a);
  return _mm512_test_epi64_mask(c.v[0], Splat(1));
}

inline Fe8 Select(__mmask8 pick_b, const Fe8& a, const Fe8& b) {
  Fe8 r;
  for (int i = 0; i < 5; ++i) r.v[i] = _mm512_mask_blend_epi64(pick_b, a.v[i], b.v[i]);
  return r;
}

inline Fe8 Negate(const Fe8& a) {
  Fe8 zero;
  for (V& v : zero.v) v = _mm512_setzero_si512();
  return FeSub(zero, a);
}

// a^((p−5)/8), the chain libdecaf's gf_isr uses (so that the square root it picks, and with
// it the decoded representative, is the same).
inline Fe8 PowP58(const Fe8& x) {
  Fe8 l0 = FeSquare(x);
  Fe8 l1 = FeMul(l0, x);
  l0 = FeSquare(l1);
  l1 = FeMul(l0, x);
  l0 = FeSquareTimes(l1, 3);
  Fe8 l2 = FeMul(l0, l1);
  l0 = FeSquareTimes(l2, 6);
  l1 = FeMul(l2, l0);
  l2 = FeSquare(l1);
  l0 = FeMul(l2, x);
  l2 = FeSquareTimes(l0, 12);
  l0 = FeMul(l2, l1);
  l2 = FeSquareTimes(l0, 25);
  Fe8 l3 = FeMul(l2, l0);
  l2 = FeSquareTimes(l3, 25);
  l1 = FeMul(l2, l0);
  l2 = FeSquareTimes(l1, 50);
  l0 = FeMul(l2, l3);
  l2 = FeSquareTimes(l0, 125);
  l3 = FeMul(l2, l0);
  l2 = FeSquareTimes(l3, 2);
  return FeMul(l2, x);
}

// √−1 and libdecaf's RISTRETTO_FACTOR (−1/√(a−d) for ristretto255's a = −1, d), radix 2^51.
constexpr uint64_t kSqrtMinusOne[5] = {0x61b274a0ea0b0, 0xd5a5fc8f189d, 0x7ef5e9cbd0c60,
                                       0x78595a6804c9e, 0x2b8324804fc1d};
constexpr uint64_t kRistrettoFactor[5] = {0x702557fa2bf03, 0x514b7d1a82cc6, 0x7f89efd8b43a7,
                                          0x1aef49ec23700, 0x79376fa30500};

}  // namespace

void DecodeRistretto8(const uint8_t* const encodings[8], Extended out[8], bool ok[8]) {
  // The bytes, lane by lane: canonical (below p, so bit 255 clear) and non-negative (even).
  alignas(64) uint64_t limbs[5][8];
  __mmask8 valid = 0;
  for (int l = 0; l < 8; ++l) {
    uint64_t w[4];
    for (int k = 0; k < 4; ++k) {
      w[k] = 0;
      for (int b = 0; b < 8; ++b) w[k] |= uint64_t{encodings[l][8 * k + b]} << (8 * b);
    }
    // value < p = 2^255 − 19, word by word from the top (p's words: 2^63 − 1, then two of
    // all ones, then 2^64 − 19). Public data: the encodings arrived from outside.
    bool below_p;
    if (w[3] != 0x7fffffffffffffffULL) {
      below_p = w[3] < 0x7fffffffffffffffULL;
    } else if (w[2] != ~uint64_t{0} || w[1] != ~uint64_t{0}) {
      below_p = true;
    } else {
      below_p = w[0] < 0xffffffffffffffedULL;
    }
    if (below_p && (w[0] & 1) == 0) valid = static_cast<__mmask8>(valid | (1u << l));
    limbs[0][l] = w[0] & kMask51;
    limbs[1][l] = ((w[0] >> 51) | (w[1] << 13)) & kMask51;
    limbs[2][l] = ((w[1] >> 38) | (w[2] << 26)) & kMask51;
    limbs[3][l] = ((w[2] >> 25) | (w[3] << 39)) & kMask51;
    limbs[4][l] = (w[3] >> 12) & kMask51;
  }
  Fe8 s;
  for (int i = 0; i < 5; ++i) s.v[i] = _mm512_load_si512(limbs[i]);

  Fe8 one, zero;
  for (int i = 0; i < 5; ++i) one.v[i] = zero.v[i] = _mm512_setzero_si512();
  one.v[0] = Splat(1);
  const Fe8 sqrt_m1 = FeConstant(kSqrtMinusOne);
  const Fe8 factor = FeConstant(kRistrettoFactor);
  Fe8 four_d;  // 4·121665, libdecaf's −4·TWISTED_D times the −1 folded into s2 below
  four_d.v[0] = Splat(4 * 121665);
  for (int i = 1; i < 5; ++i) four_d.v[i] = _mm512_setzero_si512();

  const Fe8 ss = FeSquare(s);
  const Fe8 s2 = Negate(ss);        // libdecaf's s2 = −s² on its twisted curve
  const Fe8 den = FeSub(one, s2);   // 1 + s²
  const Fe8 ynum = FeAdd(one, s2);  // 1 − s²
  const Fe8 den2 = FeSquare(den);
  const Fe8 num = FeAdd(den2, FeMul(ss, four_d));  // den² + 4·d·s²
  const Fe8 radicand = FeMul(num, den2);
  // isr = 1/√radicand when it is a square: r = radicand^((p−5)/8), r²·radicand ∈ {±1, ±i}.
  const Fe8 r = PowP58(radicand);
  const Fe8 check = FeMul(FeSquare(r), radicand);
  const __mmask8 is_one = Equal(check, one);
  const __mmask8 is_minus_one = IsZero(FeAdd(check, one));
  const __mmask8 is_i = Equal(check, sqrt_m1);
  const Fe8 isr = Select(static_cast<__mmask8>(~(is_one | is_i)), r, FeMul(r, sqrt_m1));
  valid = static_cast<__mmask8>(valid & (is_one | is_minus_one));

  const Fe8 t0 = FeMul(isr, den);
  const Fe8 y = FeMul(t0, ynum);
  const Fe8 s_isr_den = FeMul(t0, s);
  const Fe8 t1 = FeAdd(s_isr_den, s_isr_den);  // 2·s·isr·den
  Fe8 x = FeMul(FeMul(t1, isr), num);
  x = Select(IsNegative(FeMul(t1, factor)), x, Negate(x));
  valid = static_cast<__mmask8>(valid & ~IsZero(y));
  valid = static_cast<__mmask8>(valid & ~IsNegative(FeMul(FeMul(x, y), factor)));
  x = FeMul(x, sqrt_m1);

  Extended8 p;
  p.x = x;
  p.y = y;
  p.z = one;
  p.t = FeMul(x, y);
  ToLanes(p, out);
  for (int l = 0; l < 8; ++l) ok[l] = (valid >> l) & 1;
}

void EncodeRistretto8(const Extended in[8], uint8_t* const out[8]) {
  Extended8 p;
  {
    alignas(64) uint64_t lanes[8];
    Fe8* coords[4] = {&p.x, &p.y, &p.z, &p.t};
    for (int c = 0; c < 4; ++c) {
      for (int i = 0; i < 5; ++i) {
        for (int l = 0; l < 8; ++l) {
          const Fe* fe[4] = {&in[l].x, &in[l].y, &in[l].z, &in[l].t};
          lanes[l] = fe[c]->v[i];
        }
        coords[c]->v[i] = _mm512_load_si512(lanes);
      }
      *coords[c] = Carry(*coords[c]);
    }
  }
  Fe8 one;
  for (int i = 0; i < 5; ++i) one.v[i] = _mm512_setzero_si512();
  one.v[0] = Splat(1);
  const Fe8 sqrt_m1 = FeConstant(kSqrtMinusOne);
  const Fe8 factor = FeConstant(kRistrettoFactor);
  Fe8 d_plus_one;  // libdecaf's TWISTED_D + 1 = 121666
  d_plus_one.v[0] = Splat(121666);
  for (int i = 1; i < 5; ++i) d_plus_one.v[i] = _mm512_setzero_si512();

  const Fe8 num = FeMul(FeAdd(p.z, p.y), FeSub(p.z, p.y));
  const Fe8 den = FeMul(p.x, p.y);
  // isr = 1/√(num·(a − d)·den²) with a − d written −121666, libdecaf's root (as in decoding).
  const Fe8 radicand = Negate(FeMul(FeMul(FeSquare(den), num), d_plus_one));
  const Fe8 r = PowP58(radicand);
  const Fe8 check = FeMul(FeSquare(r), radicand);
  const __mmask8 qr = static_cast<__mmask8>(Equal(check, one) | Equal(check, sqrt_m1));
  const Fe8 isr = Select(static_cast<__mmask8>(~qr), r, FeMul(r, sqrt_m1));
  Fe8 iden = FeMul(FeMul(den, isr), factor);
  Fe8 inum = FeMul(num, isr);
  // Rotate when iden·inum·i·t²·(d + 1) is negative.
  const __mmask8 rotate =
      IsNegative(FeMul(FeMul(FeMul(FeMul(FeMul(inum, iden), sqrt_m1), p.t), p.t), d_plus_one));
  const Fe8 swapped_num = Select(rotate, inum, iden);
  iden = Select(rotate, iden, inum);
  inum = swapped_num;
  const Fe8 fac = Select(rotate, p.y, FeMul(p.x, sqrt_m1));
  const Fe8 imi = FeMul(factor, sqrt_m1);
  const Fe8 iden_imi = FeMul(imi, iden);
  const __mmask8 neg_x = IsNegative(FeMul(FeMul(imi, inum), p.t));
  inum = Select(static_cast<__mmask8>(neg_x ^ rotate), inum, Negate(inum));
  Fe8 s = FeMul(FeMul(FeAdd(FeMul(inum, p.z), one), fac), iden_imi);
  s = Canonical(Select(IsNegative(s), s, Negate(s)));

  alignas(64) uint64_t limbs[5][8];
  for (int i = 0; i < 5; ++i) _mm512_store_si512(limbs[i], s.v[i]);
  for (int l = 0; l < 8; ++l) {
    // Five 51-bit limbs into 32 little-endian bytes.
    const uint64_t w[4] = {
        limbs[0][l] | (limbs[1][l] << 51), (limbs[1][l] >> 13) | (limbs[2][l] << 38),
        (limbs[2][l] >> 26) | (limbs[3][l] << 25), (limbs[3][l] >> 39) | (limbs[4][l] << 12)};
    for (int k = 0; k < 4; ++k) {
      for (int b = 0; b < 8; ++b) out[l][8 * k + b] = static_cast<uint8_t>(w[k] >> (8 * b));
    }
  }
}

Extended PippengerLanes8(std::span<const Niels> points, std::span<const int16_t> digits,
                         size_t windows, int c) {
  static const Niels kIdentity = {{{1, 0, 0, 0, 0}}, {{1, 0, 0, 0, 0}}, {{0, 0, 0, 0, 0}}};
  const size_t n = points.size();
  const size_t per_lane = (n + 7) / 8;
  const size_t bucket_count = size_t{1} << (c - 1);
  const size_t stride = bucket_count + 1;  // the last bucket of a lane takes zero digits
  const Extended identity = Identity();
  std::vector<Extended> buckets(8 * stride);
  alignas(64) uint64_t lane_base[8];
  for (size_t l = 0; l < 8; ++l) lane_base[l] = reinterpret_cast<uintptr_t>(&buckets[l * stride]);
  const V base = _mm512_load_si512(lane_base);
  const V entry_bytes = Splat(sizeof(Extended));

  Extended8 acc = Identity8();
  for (size_t w = windows; w-- > 0;) {
    if (w + 1 != windows) acc = DoubleTimes(acc, c);
    std::fill(buckets.begin(), buckets.end(), identity);
    for (size_t i = 0; i < per_lane; ++i) {
      StrausOp ops[8];
      alignas(64) uint64_t slot[8];
      for (size_t l = 0; l < 8; ++l) {
        const size_t k = l * per_lane + i;
        const int d = k < n ? digits[k * windows + w] : 0;
        ops[l] = {d != 0 ? &points[k] : &kIdentity, 0, d < 0};
        slot[l] = d != 0 ? static_cast<uint64_t>(d > 0 ? d : -d) - 1 : bucket_count;
      }
      const V index = Add64(base, _mm512_mullo_epi64(_mm512_load_si512(slot), entry_bytes));
      ScatterExtended(index, AddNiels(GatherExtended(index), GatherNiels(ops, 8)));
    }
    // Σ (b+1)·bucket[b] in every lane, as a running sum from the top bucket down.
    Extended8 running = Identity8(), total = Identity8();
    for (size_t b = bucket_count; b-- > 0;) {
      const V index = Add64(base, Splat(b * sizeof(Extended)));
      running = AddFull(running, GatherExtended(index));
      total = AddFull(total, running);
    }
    acc = AddFull(acc, total);
  }
  Extended lanes[8];
  ToLanes(acc, lanes);
  Extended sum = lanes[0];
  for (int l = 1; l < 8; ++l) sum = Add(sum, lanes[l]);
  return sum;
}

Extended StrausLanes8(std::span<const StrausOp> sorted, const uint32_t* start, size_t top) {
  Extended8 acc = Identity8();
  int doublings = 0;  // owed to acc: positions without an addition run them back to back
  for (size_t pos = top; pos-- > 0;) {
    if (pos + 1 != top) ++doublings;
    const uint32_t end = start[pos + 1];
    if (start[pos] == end) continue;
    if (doublings > 0) acc = DoubleTimes(acc, doublings);
    doublings = 0;
    for (uint32_t k = start[pos]; k < end; k += 8) {
      acc = AddNiels(acc, GatherNiels(&sorted[k], std::min<size_t>(8, end - k)));
    }
  }
  if (doublings > 0) acc = DoubleTimes(acc, doublings);
  Extended lanes[8];
  ToLanes(acc, lanes);
  Extended sum = lanes[0];
  for (int l = 1; l < 8; ++l) sum = Add(sum, lanes[l]);
  return sum;
}

void OddDigitLadder8(std::span<const int8_t, kLadderDigits> digits, const Niels* const tables[8],
                     Extended out[8]) {
  // Lane l of entry j is tables[l][j]; limbs carried on the way in (IFMA reads 52 bits).
  Niels8 table[kLadderTable];
  alignas(64) uint64_t lanes[8];
  for (int j = 0; j < kLadderTable; ++j) {
    Fe8* coords[3] = {&table[j].y_plus_x, &table[j].y_minus_x, &table[j].xy2d};
    for (int c = 0; c < 3; ++c) {
      for (int i = 0; i < 5; ++i) {
        for (int l = 0; l < 8; ++l) {
          const Fe* fe[3] = {&tables[l][j].y_plus_x, &tables[l][j].y_minus_x, &tables[l][j].xy2d};
          lanes[l] = fe[c]->v[i];
        }
        coords[c]->v[i] = _mm512_load_si512(lanes);
      }
      *coords[c] = Carry(*coords[c]);
    }
  }
  Extended8 acc = FromNiels(Lookup(table, digits[kLadderDigits - 1]));
  for (int d = kLadderDigits - 1; d-- > 0;) {
    acc = DoubleTimes(acc, 5);
    acc = AddNiels(acc, Lookup(table, digits[d]));
  }
  ToLanes(acc, out);
}

#if defined(__clang__)
#pragma clang attribute pop
#else
#pragma GCC diagnostic pop
#pragma GCC pop_options
#endif

}  // namespace phantompool::crypto::edwards
