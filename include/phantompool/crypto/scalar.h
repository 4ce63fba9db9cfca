// Scalar: an integer modulo ℓ = 2^252 + 27742317777372353535851937790883648493, the order of
// ristretto255. Arithmetic is libdecaf's and runs in constant time. Scalars may be public
// (challenges, proof responses) or transient secrets; long-lived secrets belong in
// SecretScalar, which wipes itself.
#pragma once

#include <decaf/point_255.h>

#include <array>
#include <cstdint>
#include <span>
#include <string_view>

#include "phantompool/common/result.h"
#include "phantompool/crypto/rng.h"

namespace phantompool::crypto {

inline constexpr size_t kScalarBytes = 32;

class Scalar {
 public:
  Scalar();  // zero

  static Scalar Zero() { return Scalar(); }
  static Scalar One();
  static Scalar FromU64(uint64_t v);
  // Strict decoding of 32 little-endian bytes: values ≥ ℓ are rejected, not reduced.
  static Result<Scalar> FromCanonicalBytes(std::span<const uint8_t> bytes, std::string_view field);
  // Reduces 64 uniform bytes modulo ℓ (bias < 2^-250): hash outputs, randomness.
  static Scalar FromUniformBytes(std::span<const uint8_t, 64> bytes);
  static Scalar Random(Rng& rng);

  std::array<uint8_t, kScalarBytes> ToBytes() const;

  Scalar operator+(const Scalar& o) const;
  Scalar operator-(const Scalar& o) const;
  Scalar operator*(const Scalar& o) const;
  Scalar operator-() const;
  Scalar& operator+=(const Scalar& o) { return *this = *this + o; }
  Scalar& operator-=(const Scalar& o) { return *this = *this - o; }
  Scalar& operator*=(const Scalar& o) { return *this = *this * o; }

  // Constant time. Aborts on zero: callers establish non-zero (challenges are hashes;
  // Lagrange denominators come from distinct indices).
  Scalar Invert() const;
  bool IsZero() const;
  // Constant-time comparison.
  friend bool operator==(const Scalar& a, const Scalar& b);

  // Inverts every element in place with one inversion (Montgomery's trick). Vartime in the
  // count only; aborts if any element is zero.
  static void BatchInvert(std::span<Scalar> scalars);

  const decaf_255_scalar_s* raw() const { return s_; }
  decaf_255_scalar_s* raw() { return s_; }

 private:
  decaf_255_scalar_t s_;
};

// Σ a_i·b_i.
Scalar InnerProduct(std::span<const Scalar> a, std::span<const Scalar> b);

// A multiplier prepared for many products. Scalar * Scalar is two Montgomery products (the
// second undoes the first's factor 2^-256); a factor keeps k·2^256 mod ℓ, so x * factor is
// one. Products and sums of factors stay factors, so a running power (y^-i) costs one product
// a step too. For the verifier's hot loops over public values; preparing costs one product.
class ScalarFactor {
 public:
  ScalarFactor() = default;  // zero
  explicit ScalarFactor(const Scalar& k);
  Scalar ToScalar() const;

  ScalarFactor operator*(const ScalarFactor& o) const;
  ScalarFactor operator+(const ScalarFactor& o) const;
  ScalarFactor& operator*=(const ScalarFactor& o) { return *this = *this * o; }
  ScalarFactor& operator+=(const ScalarFactor& o) { return *this = *this + o; }
  friend Scalar operator*(const Scalar& x, const ScalarFactor& f);

 private:
  std::array<uint64_t, 4> m_{};  // k·2^256 mod ℓ
};

}  // namespace phantompool::crypto
