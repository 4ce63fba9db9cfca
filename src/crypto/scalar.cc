#include "phantompool/crypto/scalar.h"

#include <sodium.h>

#include <vector>

#include "phantompool/common/check.h"

namespace phantompool::crypto {

Scalar::Scalar() {
  decaf_255_scalar_copy(s_, decaf_255_scalar_zero);
}

Scalar Scalar::One() {
  Scalar r;
  decaf_255_scalar_copy(r.s_, decaf_255_scalar_one);
  return r;
}

Scalar Scalar::FromU64(uint64_t v) {
  Scalar r;
  decaf_255_scalar_set_unsigned(r.s_, v);
  return r;
}

Result<Scalar> Scalar::FromCanonicalBytes(std::span<const uint8_t> bytes, std::string_view field) {
  if (bytes.size() != kScalarBytes) {
    return Status::InvalidArgument(std::string(field),
                                   "scalar must be 32 bytes, got " + std::to_string(bytes.size()));
  }
  Scalar r;
  if (decaf_255_scalar_decode(r.s_, bytes.data()) != DECAF_SUCCESS) {
    return Status::InvalidArgument(std::string(field),
                                   "non-canonical scalar (not below the group order)");
  }
  return r;
}

Scalar Scalar::FromUniformBytes(std::span<const uint8_t, 64> bytes) {
  Scalar r;
  decaf_255_scalar_decode_long(r.s_, bytes.data(), bytes.size());
  return r;
}

Scalar Scalar::Random(Rng& rng) {
  std::array<uint8_t, 64> wide;
  rng.Fill(wide);
  Scalar r = FromUniformBytes(wide);
  sodium_memzero(wide.data(), wide.size());
  return r;
}

std::array<uint8_t, kScalarBytes> Scalar::ToBytes() const {
  std::array<uint8_t, kScalarBytes> out;
  decaf_255_scalar_encode(out.data(), s_);
  return out;
}

Scalar Scalar::operator+(const Scalar& o) const {
  Scalar r;
  decaf_255_scalar_add(r.s_, s_, o.s_);
  return r;
}
Scalar Scalar::operator-(const Scalar& o) const {
  Scalar r;
  decaf_255_scalar_sub(r.s_, s_, o.s_);
  return r;
}
Scalar Scalar::operator*(const Scalar& o) const {
  Scalar r;
  decaf_255_scalar_mul(r.s_, s_, o.s_);
  return r;
}
Scalar Scalar::operator-() const {
  return Scalar() - *this;
}

Scalar Scalar::Invert() const {
  Scalar r;
  PP_CHECK(decaf_255_scalar_invert(r.s_, s_) == DECAF_SUCCESS);
  return r;
}

bool Scalar::IsZero() const {
  return decaf_255_scalar_eq(s_, decaf_255_scalar_zero) != 0;
}

bool operator==(const Scalar& a, const Scalar& b) {
  return decaf_255_scalar_eq(a.s_, b.s_) != 0;
}

void Scalar::BatchInvert(std::span<Scalar> scalars) {
  if (scalars.empty()) return;
  std::vector<Scalar> prefix(scalars.size());
  Scalar acc = One();
  for (size_t i = 0; i < scalars.size(); ++i) {
    prefix[i] = acc;
    acc *= scalars[i];
  }
  Scalar inv = acc.Invert();
  for (size_t i = scalars.size(); i-- > 0;) {
    Scalar next = inv * scalars[i];
    scalars[i] = inv * prefix[i];
    inv = next;
  }
}

Scalar InnerProduct(std::span<const Scalar> a, std::span<const Scalar> b) {
  PP_CHECK(a.size() == b.size());
  Scalar r;
  for (size_t i = 0; i < a.size(); ++i) r += a[i] * b[i];
  return r;
}

}  // namespace phantompool::crypto
