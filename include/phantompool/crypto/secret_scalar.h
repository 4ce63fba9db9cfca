// SecretScalar: a scalar that must not leak — a key share, a blinding factor, an opening.
//
// It wipes itself on destruction, compares only in constant time, has no printing, and its
// value is reachable only through ExposeSecret(), so every use is greppable.
#pragma once

#include "phantompool/crypto/scalar.h"

namespace phantompool::crypto {

class SecretScalar {
 public:
  SecretScalar() = default;
  explicit SecretScalar(const Scalar& value) : value_(value) {}
  static SecretScalar Random(Rng& rng) { return SecretScalar(Scalar::Random(rng)); }

  SecretScalar(const SecretScalar&) = default;
  SecretScalar& operator=(const SecretScalar&) = default;
  SecretScalar(SecretScalar&& o) noexcept : value_(o.value_) { o.Wipe(); }
  SecretScalar& operator=(SecretScalar&& o) noexcept {
    value_ = o.value_;
    o.Wipe();
    return *this;
  }
  ~SecretScalar() { Wipe(); }

  const Scalar& ExposeSecret() const { return value_; }

  bool ConstantTimeEquals(const SecretScalar& o) const { return value_ == o.value_; }

 private:
  void Wipe() { decaf_255_scalar_destroy(value_.raw()); }

  Scalar value_;
};

}  // namespace phantompool::crypto
