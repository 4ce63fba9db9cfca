// Point: an element of the ristretto255 group (RFC 9496) through libdecaf.
//
// Decoding is strict: exactly 32 bytes, canonical encodings only, and the identity is
// refused unless the caller says it is allowed there. Operator* is constant time; anything
// named ...Vartime runs in time that depends on its inputs and takes public data only.
#pragma once

#include <decaf/point_255.h>

#include <array>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "phantompool/common/result.h"
#include "phantompool/crypto/scalar.h"

namespace phantompool::crypto {

inline constexpr size_t kPointBytes = 32;

enum class IdentityPolicy { kForbid, kAllow };

class Point {
 public:
  Point();  // the identity

  static Point Identity() { return Point(); }
  // The ristretto255 base point, G in every PhantomPool formula.
  static Point Base();
  static Result<Point> Decode(std::span<const uint8_t> bytes, std::string_view field,
                              IdentityPolicy identity = IdentityPolicy::kForbid);
  // Decode for many encodings at once — eight per vector where the CPU has AVX-512 IFMA
  // (edwards_ifma.h), one by one elsewhere — with the same rules and results. A failure is
  // Decode's own error for the first encoding that fails, named field(i).
  static Result<std::vector<Point>> DecodeBatch(
      std::span<const std::array<uint8_t, kPointBytes>> encodings,
      const std::function<std::string(size_t)>& field,
      IdentityPolicy identity = IdentityPolicy::kForbid);
  // RFC 9496 element derivation from 64 uniform bytes (the one-way map, applied twice).
  static Point FromUniformBytes(std::span<const uint8_t, 64> bytes);
  // FromUniformBytes(SHA-512(label)): nobody knows the discrete log of the result.
  static Point HashToGroup(std::string_view label);

  // The canonical encoding: the bytes a point was decoded from (or kept by KeepEncoding),
  // else computed (an inverse square root). Transcripts re-absorb every statement point, so
  // a point that arrived as bytes is not encoded again.
  std::array<uint8_t, kPointBytes> Encode() const;
  // Computes the encoding once and keeps it, for a point that will be encoded again (a
  // proof's public output goes into its transcript and then onto the wire).
  void KeepEncoding();
  // KeepEncoding for many public points at once (eight per vector with AVX-512 IFMA).
  static void KeepEncodings(std::span<Point> points);

  Point operator+(const Point& o) const;
  Point operator-(const Point& o) const;
  Point operator-() const;
  Point& operator+=(const Point& o);
  Point& operator-=(const Point& o) { return *this = *this - o; }
  Point Double() const;

  // Constant-time variable-base scalar multiplication.
  Point operator*(const Scalar& k) const;
  // Constant-time k·G through libdecaf's precomputed table for the base point.
  static Point MulBase(const Scalar& k);
  // The canonical encoding of k·P with k secret, in constant time end to end: libsodium's
  // ristretto255 scalar multiplication, whose output is the encoding. (libdecaf's encoder is
  // constant time by design, but its Debian build shows a branch on the encoded value under
  // the valgrind check; a shared secret such as a KEM's k·PK must not meet it.)
  // InvalidArgument if the product is the identity.
  static Result<std::array<uint8_t, kPointBytes>> EncodeSecretProduct(const Scalar& k,
                                                                      const Point& p);

  // a·G + b·P, variable time: public scalars only.
  static Point MulBaseAndPointVartime(const Scalar& a, const Scalar& b, const Point& p);

  bool IsIdentity() const;
  // Constant-time equality of group elements.
  friend bool operator==(const Point& a, const Point& b);

  // Constant-time select: returns `if_true` when `condition` is true, else `if_false`.
  static Point Select(bool condition, const Point& if_true, const Point& if_false);

  const decaf_255_point_s* raw() const { return p_; }
  // For writing the point: a kept encoding no longer holds.
  decaf_255_point_s* raw() {
    encoded_ = false;
    return p_;
  }

 private:
  decaf_255_point_t p_;
  std::array<uint8_t, kPointBytes> encoding_{};
  bool encoded_ = false;
};

inline Point operator*(const Scalar& k, const Point& p) {
  return p * k;
}

}  // namespace phantompool::crypto
