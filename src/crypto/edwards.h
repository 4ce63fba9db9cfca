// Field and point arithmetic of our own for the multi-scalar multiplications' inner loops,
// on libdecaf's internal representation of ristretto255.
//
// Why: libdecaf exposes points only in extended coordinates, so every addition of a
// precomputed table entry costs a full 9-multiplication addition and reads a 256-byte
// entry (four 64-byte-aligned coordinates). A table entry kept in affine "Niels" form
// (y+x, y−x, 2d·x·y; z = 1) is added with 7 multiplications and is 120 bytes, so the
// generator tables of a verification (1,024 of them, 256 entries each) take less than half
// the cache. Measured in docs/crypto-rangeproof.md.
//
// libdecaf 1.0's ristretto255 points are (X : Y : Z : T) on −x² + y² = 1 + d·x²·y² with
// d = 121665, X·Y = Z·T, each coordinate five 51-bit limbs of a number modulo 2^255 − 19
// (tests/crypto/edwards_test.cc checks this against libdecaf on random points, so a
// libdecaf that changed it fails there first).
//
// Every operation is straight-line arithmetic on its inputs (no branch, no index depends on
// a value), so the constant-time MSM uses Add and Double on secret-dependent points too;
// Sub and ToNiels are for public data only (Sub branches on which formula to use).
#pragma once

#include <cstdint>
#include <span>

#include "phantompool/crypto/edwards_niels.h"
#include "phantompool/crypto/point.h"

namespace phantompool::crypto::edwards {

// Fe's limbs may exceed 51 bits between operations (the bounds are in edwards.cc); a
// multiplication's output is below 2^52 a limb.

// A point in extended coordinates.
struct Extended {
  Fe x, y, z, t;
};

Extended FromPoint(const Point& p);
Point ToPoint(const Extended& p);
Extended Identity();

// p + q and p − q.
Extended Add(const Extended& p, const Niels& q);
Extended Sub(const Extended& p, const Niels& q);
// −q, computed the same way for every q.
Niels Negate(const Niels& q);
// p + q for two points in extended coordinates (9 multiplications).
Extended Add(const Extended& p, const Extended& q);
Extended Double(const Extended& p);
// 2^n·p for n ≥ 1: the doublings before the last skip t (one multiplication each).
Extended DoubleTimes(Extended p, int n);
// The point an entry stands for, in extended coordinates (one multiplication).
Extended FromNiels(const Niels& q);

// Each point in affine Niels form, with one field inversion for all of them.
void ToNiels(std::span<const Point> points, std::span<Niels> out);
// For each point P, its `count` odd multiples P, 3P, ..., (2·count − 1)P in Niels form:
// out[i·count + j] = (2j+1)·points[i]. Public points only (a table may take any time).
void OddMultiplesToNiels(std::span<const Point> points, size_t count, std::span<Niels> out);

}  // namespace phantompool::crypto::edwards
