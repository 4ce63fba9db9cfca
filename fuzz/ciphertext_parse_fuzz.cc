// Fuzzes ElGamalCiphertext::Decode. A decode must never crash; whatever decodes must
// re-encode to exactly the input, have a non-identity R, and behave as a group element
// pair under the homomorphic operations.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>

#include "phantompool/crypto/elgamal.h"

using phantompool::crypto::ElGamalCiphertext;
using phantompool::crypto::Scalar;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::span<const uint8_t> bytes(data, size);
  auto ct = ElGamalCiphertext::Decode(bytes, "ct");
  if (!ct.ok()) {
    if (ct.status().field().rfind("ct", 0) != 0) std::abort();  // errors name the field
    return 0;
  }
  const auto again = ct->Encode();
  if (size != again.size() || !std::equal(again.begin(), again.end(), data)) std::abort();
  if (ct->R.IsIdentity()) std::abort();
  const ElGamalCiphertext doubled = *ct + *ct;
  if (!(doubled == *ct * Scalar::FromU64(2))) std::abort();
  if (!(doubled - *ct == *ct)) std::abort();
  return 0;
}
