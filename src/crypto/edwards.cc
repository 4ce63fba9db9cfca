#include "edwards.h"

#include <cstring>
#include <vector>

namespace phantompool::crypto::edwards {
namespace {

using u128 = unsigned __int128;
constexpr uint64_t kMask51 = (uint64_t{1} << 51) - 1;

// Bounds: Mul's inputs must be below 2^56 a limb (19·2^56·2^56, five times, stays below
// 2^128). Mul's output is below 2^52; Add of two such is below 2^53; Sub adds 8p, whose
// limbs are just below 2^54, so it takes a subtrahend below 2^54 and returns below
// 2^54 + the minuend. Every sequence below keeps Mul's inputs under 2^56.
constexpr uint64_t k8P[5] = {(uint64_t{1} << 54) - 152, (uint64_t{1} << 54) - 8,
                             (uint64_t{1} << 54) - 8, (uint64_t{1} << 54) - 8,
                             (uint64_t{1} << 54) - 8};

inline Fe FeAdd(const Fe& a, const Fe& b) {
  Fe r;
  for (int i = 0; i < 5; ++i) r.v[i] = a.v[i] + b.v[i];
  return r;
}

inline Fe FeSub(const Fe& a, const Fe& b) {
  Fe r;
  for (int i = 0; i < 5; ++i) r.v[i] = a.v[i] + k8P[i] - b.v[i];
  return r;
}

// Carries a product's five 128-bit column sums down to limbs below 2^52. The carries stay
// 128-bit: with inputs near 2^56 a limb, r0 >> 51 exceeds a word.
inline Fe Carry(u128 r0, u128 r1, u128 r2, u128 r3, u128 r4) {
  Fe r;
  r1 += r0 >> 51;
  r.v[0] = static_cast<uint64_t>(r0) & kMask51;
  r2 += r1 >> 51;
  r.v[1] = static_cast<uint64_t>(r1) & kMask51;
  r3 += r2 >> 51;
  r.v[2] = static_cast<uint64_t>(r2) & kMask51;
  r4 += r3 >> 51;
  r.v[3] = static_cast<uint64_t>(r3) & kMask51;
  const u128 carry = r4 >> 51;  // below 2^68
  r.v[4] = static_cast<uint64_t>(r4) & kMask51;
  const u128 c0 = r.v[0] + carry * 19;
  r.v[0] = static_cast<uint64_t>(c0) & kMask51;
  r.v[1] += static_cast<uint64_t>(c0 >> 51);
  return r;
}

inline Fe FeMul(const Fe& a, const Fe& b) {
  const uint64_t a0 = a.v[0], a1 = a.v[1], a2 = a.v[2], a3 = a.v[3], a4 = a.v[4];
  const uint64_t b0 = b.v[0], b1 = b.v[1], b2 = b.v[2], b3 = b.v[3], b4 = b.v[4];
  const uint64_t b1_19 = b1 * 19, b2_19 = b2 * 19, b3_19 = b3 * 19, b4_19 = b4 * 19;
  return Carry(
      (u128)a0 * b0 + (u128)a1 * b4_19 + (u128)a2 * b3_19 + (u128)a3 * b2_19 + (u128)a4 * b1_19,
      (u128)a0 * b1 + (u128)a1 * b0 + (u128)a2 * b4_19 + (u128)a3 * b3_19 + (u128)a4 * b2_19,
      (u128)a0 * b2 + (u128)a1 * b1 + (u128)a2 * b0 + (u128)a3 * b4_19 + (u128)a4 * b3_19,
      (u128)a0 * b3 + (u128)a1 * b2 + (u128)a2 * b1 + (u128)a3 * b0 + (u128)a4 * b4_19,
      (u128)a0 * b4 + (u128)a1 * b3 + (u128)a2 * b2 + (u128)a3 * b1 + (u128)a4 * b0);
}

// FeMul(a, a) with the symmetric products taken once.
inline Fe FeSquare(const Fe& a) {
  const uint64_t a0 = a.v[0], a1 = a.v[1], a2 = a.v[2], a3 = a.v[3], a4 = a.v[4];
  const uint64_t d0 = 2 * a0, d1 = 2 * a1, d2 = 2 * a2, d3 = 2 * a3;
  const uint64_t a3_19 = 19 * a3, a4_19 = 19 * a4;
  return Carry((u128)a0 * a0 + (u128)d1 * a4_19 + (u128)d2 * a3_19,
               (u128)d0 * a1 + (u128)d2 * a4_19 + (u128)a3 * a3_19,
               (u128)d0 * a2 + (u128)a1 * a1 + (u128)d3 * a4_19,
               (u128)d0 * a3 + (u128)d1 * a2 + (u128)a4 * a4_19,
               (u128)d0 * a4 + (u128)d1 * a3 + (u128)a2 * a2);
}

inline Fe FeSquareTimes(Fe a, int n) {
  for (int i = 0; i < n; ++i) a = FeSquare(a);
  return a;
}

// Limbs below 2^51 (up to a last carry of one into limb 1): what libdecaf's own
// arithmetic leaves, so that a point handed back to it is within its bounds.
Fe FeWeaklyReduce(Fe a) {
  for (int pass = 0; pass < 2; ++pass) {
    for (int i = 0; i < 4; ++i) {
      a.v[i + 1] += a.v[i] >> 51;
      a.v[i] &= kMask51;
    }
    const uint64_t carry = a.v[4] >> 51;
    a.v[4] &= kMask51;
    a.v[0] += carry * 19;
  }
  return a;
}

Fe FeFromDecaf(const gf_25519_s& g) {
  Fe r;
  static_assert(sizeof g.limb == sizeof r.v, "libdecaf's field is five 64-bit limbs here");
  std::memcpy(r.v, g.limb, sizeof r.v);
  return r;
}

void FeToDecaf(const Fe& a, gf_25519_s& g) {
  const Fe r = FeWeaklyReduce(a);
  std::memcpy(g.limb, r.v, sizeof r.v);
}

// a^(p−2) = 1/a (0 for 0), p − 2 = 2^255 − 21: 254 squarings and 11 multiplications
// (the usual chain through a^(2^k − 1)).
Fe FeInvert(const Fe& a) {
  const Fe a2 = FeSquare(a);
  const Fe a9 = FeMul(FeSquareTimes(a2, 2), a);
  const Fe a11 = FeMul(a9, a2);
  const Fe e5 = FeMul(FeSquare(a11), a9);  // a^(2^5 − 1)
  const Fe e10 = FeMul(FeSquareTimes(e5, 5), e5);
  const Fe e20 = FeMul(FeSquareTimes(e10, 10), e10);
  const Fe e40 = FeMul(FeSquareTimes(e20, 20), e20);
  const Fe e50 = FeMul(FeSquareTimes(e40, 10), e10);
  const Fe e100 = FeMul(FeSquareTimes(e50, 50), e50);
  const Fe e200 = FeMul(FeSquareTimes(e100, 100), e100);
  const Fe e250 = FeMul(FeSquareTimes(e200, 50), e50);
  return FeMul(FeSquareTimes(e250, 5), a11);  // a^(2^255 − 32 + 11)
}

constexpr Fe kTwoD = {{2 * 121665, 0, 0, 0, 0}};
constexpr Fe kZero = {{0, 0, 0, 0, 0}};
constexpr Fe kOne = {{1, 0, 0, 0, 0}};

// The addition with an affine point given as (y+x, y−x, 2dxy), a = −1 (Hisil–Wong–Carter–
// Dawson 2008, "madd-2008-hwcd-3"); `negate` adds −q = (−x, y): swap y±x and negate 2dxy.
inline Extended AddNiels(const Extended& p, const Niels& q, bool negate) {
  const Fe a = FeMul(FeSub(p.y, p.x), negate ? q.y_plus_x : q.y_minus_x);
  const Fe b = FeMul(FeAdd(p.y, p.x), negate ? q.y_minus_x : q.y_plus_x);
  const Fe c = FeMul(p.t, q.xy2d);
  const Fe d = FeAdd(p.z, p.z);
  const Fe e = FeSub(b, a);
  const Fe h = FeAdd(b, a);
  const Fe f = negate ? FeAdd(d, c) : FeSub(d, c);
  const Fe g = negate ? FeSub(d, c) : FeAdd(d, c);
  return Extended{FeMul(e, f), FeMul(g, h), FeMul(f, g), FeMul(e, h)};
}

}  // namespace

Extended FromPoint(const Point& p) {
  const decaf_255_point_s& r = *p.raw();
  return Extended{FeFromDecaf(*r.x), FeFromDecaf(*r.y), FeFromDecaf(*r.z), FeFromDecaf(*r.t)};
}

Point ToPoint(const Extended& p) {
  Point out;
  decaf_255_point_s& r = *out.raw();
  FeToDecaf(p.x, *r.x);
  FeToDecaf(p.y, *r.y);
  FeToDecaf(p.z, *r.z);
  FeToDecaf(p.t, *r.t);
  return out;
}

Extended Identity() {
  return Extended{kZero, kOne, kOne, kZero};
}

Extended Add(const Extended& p, const Niels& q) {
  return AddNiels(p, q, false);
}

Extended Sub(const Extended& p, const Niels& q) {
  return AddNiels(p, q, true);
}

// "add-2008-hwcd-3" with a = −1.
Extended Add(const Extended& p, const Extended& q) {
  const Fe a = FeMul(FeSub(p.y, p.x), FeSub(q.y, q.x));
  const Fe b = FeMul(FeAdd(p.y, p.x), FeAdd(q.y, q.x));
  const Fe c = FeMul(FeMul(p.t, kTwoD), q.t);
  const Fe zz = FeMul(p.z, q.z);
  const Fe d = FeAdd(zz, zz);
  const Fe e = FeSub(b, a);
  const Fe f = FeSub(d, c);
  const Fe g = FeAdd(d, c);
  const Fe h = FeAdd(b, a);
  return Extended{FeMul(e, f), FeMul(g, h), FeMul(f, g), FeMul(e, h)};
}

Niels Negate(const Niels& q) {
  return Niels{q.y_minus_x, q.y_plus_x, FeSub(kZero, q.xy2d)};
}

// "dbl-2008-hwcd" with a = −1.
namespace {

// The doubling formula's four factors; it reads x, y and z only, so a doubling that feeds
// another doubling skips t = e·h.
struct DoublingFactors {
  Fe e, f, g, h;
};

inline DoublingFactors Doubling(const Extended& p) {
  const Fe a = FeSquare(p.x);
  const Fe b = FeSquare(p.y);
  const Fe zz = FeSquare(p.z);
  const Fe c = FeAdd(zz, zz);
  const Fe e = FeSub(FeSub(FeSquare(FeAdd(p.x, p.y)), a), b);
  const Fe g = FeSub(b, a);
  const Fe f = FeSub(g, c);
  const Fe h = FeSub(kZero, FeAdd(a, b));
  return {e, f, g, h};
}

}  // namespace

Extended Double(const Extended& p) {
  const DoublingFactors d = Doubling(p);
  return Extended{FeMul(d.e, d.f), FeMul(d.g, d.h), FeMul(d.f, d.g), FeMul(d.e, d.h)};
}

Extended DoubleTimes(Extended p, int n) {
  for (int i = 1; i < n; ++i) {
    const DoublingFactors d = Doubling(p);
    p.x = FeMul(d.e, d.f);
    p.y = FeMul(d.g, d.h);
    p.z = FeMul(d.f, d.g);
  }
  return Double(p);
}

Extended FromNiels(const Niels& q) {
  // 2x = (y+x) − (y−x) and 2y = (y+x) + (y−x); scaled by z = 4: (4x : 4y : 4 : 4xy).
  const Fe x2 = FeSub(q.y_plus_x, q.y_minus_x);
  const Fe y2 = FeAdd(q.y_plus_x, q.y_minus_x);
  constexpr Fe kFour = {{4, 0, 0, 0, 0}};
  // Reduced, as every coordinate of an Extended must be below 2^54 a limb (Sub's bound).
  return Extended{FeWeaklyReduce(FeAdd(x2, x2)), FeWeaklyReduce(FeAdd(y2, y2)), kFour,
                  FeMul(x2, y2)};
}

void OddMultiplesToNiels(std::span<const Point> points, size_t count, std::span<Niels> out) {
  std::vector<Point> odd(points.size() * count);
  for (size_t i = 0; i < points.size(); ++i) {
    Point* table = &odd[i * count];
    table[0] = points[i];
    const Point twice = points[i].Double();
    for (size_t j = 1; j < count; ++j) table[j] = table[j - 1] + twice;
  }
  ToNiels(odd, out.first(odd.size()));
}

void ToNiels(std::span<const Point> points, std::span<Niels> out) {
  const size_t n = points.size();
  if (n == 0) return;
  // Montgomery's trick: prefix products of the z's, one inversion, then back.
  std::vector<Extended> ext(n);
  std::vector<Fe> prefix(n);
  for (size_t i = 0; i < n; ++i) {
    ext[i] = FromPoint(points[i]);
    prefix[i] = i == 0 ? ext[i].z : FeMul(prefix[i - 1], ext[i].z);
  }
  Fe inv = FeInvert(prefix[n - 1]);
  for (size_t i = n; i-- > 0;) {
    const Fe z_inv = i == 0 ? inv : FeMul(inv, prefix[i - 1]);
    if (i > 0) inv = FeMul(inv, ext[i].z);
    const Fe x = FeMul(ext[i].x, z_inv);
    const Fe y = FeMul(ext[i].y, z_inv);
    out[i] =
        Niels{FeWeaklyReduce(FeAdd(y, x)), FeWeaklyReduce(FeSub(y, x)), FeMul(FeMul(x, y), kTwoD)};
  }
}

}  // namespace phantompool::crypto::edwards
