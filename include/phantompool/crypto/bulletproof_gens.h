// The Bulletproofs generators G_0..G_{n-1}, H_0..H_{n-1}, with the precomputed tables that
// make verification (and the prover's inner-product rounds) fast.
//
// G_i = HashToGroup("phantompool/generators/v1/bp-G/<i>"), H_i likewise with "bp-H": nobody
// knows a discrete-log relation between any of them, G and H. The capacity, 4096 of each,
// covers an aggregated proof of 64 values of 64 bits. Points and tables are built lazily in
// chunks of 64, each exactly once and thread-safely, so a process that verifies single
// 64-bit proofs pays for 64 of each, not 4096. tests/crypto pin a few encodings: changing a
// label breaks every stored proof.
#pragma once

#include <cstddef>
#include <memory>
#include <span>
#include <string_view>

#include "phantompool/crypto/msm.h"
#include "phantompool/crypto/point.h"
#include "phantompool/crypto/scalar.h"

namespace phantompool::crypto {

inline constexpr std::string_view kBulletproofGLabelPrefix = "phantompool/generators/v1/bp-G/";
inline constexpr std::string_view kBulletproofHLabelPrefix = "phantompool/generators/v1/bp-H/";

class BulletproofGens {
 public:
  static constexpr size_t kCapacity = 4096;
  // Generators beyond this index have no wNAF table (512 odd multiples, 60 KiB each) and
  // go through Pippenger as plain points: tables stay within 30 MiB for both families,
  // and at those sizes Pippenger's per-point cost is close to a table's anyway.
  static constexpr size_t kTableCapacity = 256;

  static const BulletproofGens& Default();

  // The first n generators; n ≤ kCapacity (a programmer error otherwise).
  std::span<const Point> G(size_t n) const;
  std::span<const Point> H(size_t n) const;
  // Their wNAF tables; n ≤ kTableCapacity.
  std::span<const WnafTable> GTables(size_t n) const;
  std::span<const WnafTable> HTables(size_t n) const;

  // Tables for the Pedersen generators (PedersenGens::Default()).
  const WnafTable& PedersenGTable() const;
  const WnafTable& PedersenHTable() const;

  ~BulletproofGens();
  BulletproofGens(const BulletproofGens&) = delete;
  BulletproofGens& operator=(const BulletproofGens&) = delete;

 private:
  struct Family;
  struct Pedersen;
  BulletproofGens();

  std::unique_ptr<Family> g_;
  std::unique_ptr<Family> h_;
  std::unique_ptr<Pedersen> pedersen_;
};

}  // namespace phantompool::crypto
