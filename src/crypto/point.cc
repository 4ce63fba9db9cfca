#include "phantompool/crypto/point.h"

#include <sodium.h>

#include <algorithm>

#include "edwards.h"
#include "edwards_ifma.h"
#include "phantompool/crypto/ctime.h"
#include "phantompool/crypto/rng.h"

namespace phantompool::crypto {

Point::Point() {
  decaf_255_point_copy(p_, decaf_255_point_identity);
}

Point Point::Base() {
  Point r;
  decaf_255_point_copy(r.p_, decaf_255_point_base);
  return r;
}

Result<Point> Point::Decode(std::span<const uint8_t> bytes, std::string_view field,
                            IdentityPolicy identity) {
  if (bytes.size() != kPointBytes) {
    return Status::InvalidArgument(std::string(field),
                                   "point must be 32 bytes, got " + std::to_string(bytes.size()));
  }
  Point r;
  // libdecaf rejects every non-canonical encoding (RFC 9496 §4.3.1); allow_identity only
  // controls the all-zero encoding, which we check ourselves for a clearer error.
  if (decaf_255_point_decode(r.p_, bytes.data(), DECAF_TRUE) != DECAF_SUCCESS) {
    return Status::InvalidArgument(std::string(field), "non-canonical point encoding");
  }
  if (identity == IdentityPolicy::kForbid && r.IsIdentity()) {
    return Status::InvalidArgument(std::string(field), "identity point is not allowed here");
  }
  // Canonical bytes decode to one point only, so they are its encoding.
  std::copy(bytes.begin(), bytes.end(), r.encoding_.begin());
  r.encoded_ = true;
  return r;
}

Result<std::vector<Point>> Point::DecodeBatch(
    std::span<const std::array<uint8_t, kPointBytes>> encodings,
    const std::function<std::string(size_t)>& field, IdentityPolicy identity) {
  std::vector<Point> out(encodings.size());
  size_t i = 0;
  if (edwards::UseIfma()) {
    // A last group of two or more runs in the vector too, its empty lanes repeating its last
    // encoding (their results are dropped): one vector costs less than two single decodes.
    while (i + 2 <= encodings.size()) {
      const size_t used = std::min<size_t>(8, encodings.size() - i);
      const uint8_t* lanes[8];
      for (size_t l = 0; l < 8; ++l) lanes[l] = encodings[i + std::min(l, used - 1)].data();
      edwards::Extended points[8];
      bool ok[8];
      edwards::DecodeRistretto8(lanes, points, ok);
      for (size_t l = 0; l < used; ++l) {
        Point& p = out[i + l];
        // The identity's one encoding is 32 zero bytes.
        const bool zero = std::all_of(encodings[i + l].begin(), encodings[i + l].end(),
                                      [](uint8_t b) { return b == 0; });
        if (!ok[l] || (identity == IdentityPolicy::kForbid && zero)) {
          // Decode says why, in its own words.
          return Decode(encodings[i + l], field(i + l), identity).status();
        }
        p = edwards::ToPoint(points[l]);
        p.encoding_ = encodings[i + l];
        p.encoded_ = true;
      }
      i += used;
    }
  }
  for (; i < encodings.size(); ++i) {
    PP_ASSIGN_OR_RETURN(out[i], Decode(encodings[i], field(i), identity));
  }
  return out;
}

Point Point::FromUniformBytes(std::span<const uint8_t, 64> bytes) {
  Point r;
  decaf_255_point_from_hash_uniform(r.p_, bytes.data());
  return r;
}

Point Point::HashToGroup(std::string_view label) {
  EnsureSodium();
  std::array<uint8_t, crypto_hash_sha512_BYTES> digest;
  crypto_hash_sha512(digest.data(), reinterpret_cast<const uint8_t*>(label.data()), label.size());
  return FromUniformBytes(std::span<const uint8_t, 64>(digest));
}

std::array<uint8_t, kPointBytes> Point::Encode() const {
  if (encoded_) return encoding_;
  std::array<uint8_t, kPointBytes> out;
  decaf_255_point_encode(out.data(), p_);
  return out;
}

void Point::KeepEncoding() {
  if (encoded_) return;
  decaf_255_point_encode(encoding_.data(), p_);
  encoded_ = true;
}

void Point::KeepEncodings(std::span<Point> points) {
  size_t i = 0;
  if (edwards::UseIfma()) {
    for (; i + 8 <= points.size(); i += 8) {
      edwards::Extended lanes[8];
      uint8_t* out[8];
      for (size_t l = 0; l < 8; ++l) {
        lanes[l] = edwards::FromPoint(points[i + l]);
        out[l] = points[i + l].encoding_.data();
      }
      edwards::EncodeRistretto8(lanes, out);
      for (size_t l = 0; l < 8; ++l) points[i + l].encoded_ = true;
    }
  }
  for (; i < points.size(); ++i) points[i].KeepEncoding();
}

Point Point::operator+(const Point& o) const {
  Point r;
  decaf_255_point_add(r.p_, p_, o.p_);
  return r;
}
Point& Point::operator+=(const Point& o) {
  encoded_ = false;
  decaf_255_point_add(p_, p_, o.p_);
  return *this;
}
Point Point::operator-(const Point& o) const {
  Point r;
  decaf_255_point_sub(r.p_, p_, o.p_);
  return r;
}
Point Point::operator-() const {
  Point r;
  decaf_255_point_negate(r.p_, p_);
  return r;
}
Point Point::Double() const {
  Point r;
  decaf_255_point_double(r.p_, p_);
  return r;
}

Point Point::operator*(const Scalar& k) const {
  Point r;
  decaf_255_point_scalarmul(r.p_, p_, k.raw());
  return r;
}

Point Point::MulBase(const Scalar& k) {
  Point r;
  decaf_255_precomputed_scalarmul(r.p_, decaf_255_precomputed_base, k.raw());
  return r;
}

Point Point::MulBaseAndPointVartime(const Scalar& a, const Scalar& b, const Point& p) {
  Point r;
  decaf_255_base_double_scalarmul_non_secret(r.p_, a.raw(), p.p_, b.raw());
  return r;
}

Result<std::array<uint8_t, kPointBytes>> Point::EncodeSecretProduct(const Scalar& k,
                                                                    const Point& p) {
  EnsureSodium();
  const auto pb = p.Encode();  // p is public
  const auto kb = k.ToBytes();
  std::array<uint8_t, kPointBytes> out;
  int rc = crypto_scalarmult_ristretto255(out.data(), kb.data(), pb.data());
  // Whether k·P is the identity is public (it happens only for k = 0 or P = identity, which
  // the caller never passes); the value is not.
  DeclassifyValue(rc);
  if (rc != 0) {
    sodium_memzero(const_cast<uint8_t*>(kb.data()), kb.size());
    return Status::InvalidArgument("point", "the product is the identity");
  }
  sodium_memzero(const_cast<uint8_t*>(kb.data()), kb.size());
  return out;
}

bool Point::IsIdentity() const {
  return decaf_255_point_eq(p_, decaf_255_point_identity) != 0;
}

bool operator==(const Point& a, const Point& b) {
  return decaf_255_point_eq(a.p_, b.p_) != 0;
}

Point Point::Select(bool condition, const Point& if_true, const Point& if_false) {
  // decaf_255_point_cond_sel(out, a, b, pick_b) is a constant-time select.
  Point r;
  decaf_255_point_cond_sel(r.p_, if_false.p_, if_true.p_, static_cast<decaf_word_t>(condition));
  return r;
}

}  // namespace phantompool::crypto
