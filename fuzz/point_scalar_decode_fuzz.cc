// Fuzzes the strict decoders of the group layer and checks them against libsodium:
//  - Point::Decode accepts exactly the canonical ristretto255 encodings (libsodium's
//    crypto_core_ristretto255_is_valid_point, which in 1.0.18 ignores bit 255, so inputs
//    with that bit set must be rejected by us), and what it accepts re-encodes to the input;
//  - Scalar::FromCanonicalBytes accepts exactly the values below ℓ (those that libsodium's
//    reduction leaves unchanged), and what it accepts re-encodes to the input.
#include <sodium.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <span>

#include "phantompool/crypto/point.h"
#include "phantompool/crypto/rng.h"
#include "phantompool/crypto/scalar.h"

using phantompool::crypto::IdentityPolicy;
using phantompool::crypto::Point;
using phantompool::crypto::Scalar;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  phantompool::crypto::EnsureSodium();
  const std::span<const uint8_t> bytes(data, size);
  auto p = Point::Decode(bytes, "p", IdentityPolicy::kAllow);
  auto s = Scalar::FromCanonicalBytes(bytes, "s");
  if (size != 32) {
    if (p.ok() || s.ok()) std::abort();  // wrong lengths never decode
    return 0;
  }
  // Points.
  const bool top_bit = (data[31] & 0x80) != 0;
  const bool theirs = crypto_core_ristretto255_is_valid_point(data) == 1;
  if (p.ok()) {
    if (top_bit || !theirs) std::abort();
    const auto again = p->Encode();
    if (std::memcmp(again.data(), data, 32) != 0) std::abort();
    // The group law agrees with libsodium on this point.
    std::array<uint8_t, 32> sum;
    if (crypto_core_ristretto255_add(sum.data(), data, data) != 0) std::abort();
    if ((*p + *p).Encode() != sum) std::abort();
    if (Point::Decode(bytes, "p").ok() == p->IsIdentity()) std::abort();  // identity policy
  } else if (theirs && !top_bit) {
    std::abort();
  }
  // Scalars.
  std::array<uint8_t, 64> wide{};
  std::memcpy(wide.data(), data, 32);
  std::array<uint8_t, 32> reduced;
  crypto_core_ristretto255_scalar_reduce(reduced.data(), wide.data());
  const bool canonical = std::memcmp(reduced.data(), data, 32) == 0;
  if (s.ok() != canonical) std::abort();
  if (s.ok() && std::memcmp(s->ToBytes().data(), data, 32) != 0) std::abort();
  return 0;
}
