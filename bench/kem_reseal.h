// Benchmark orders in bulk: a template order's range and product proofs reused under a
// fresh KEM, so 10,000 orders cost seconds rather than ten minutes (nothing on the session
// path verifies those two proofs: intake did). Shared by bench/executor and bench/e2e.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "order_assembler.h"
#include "order_statement.h"
#include "phantompool/common/check.h"
#include "phantompool/crypto/aead.h"
#include "phantompool/crypto/rng.h"
#include "phantompool/crypto/schnorr_proof.h"
#include "phantompool/crypto/secret_scalar.h"
#include "phantompool/order/encrypted_order.h"
#include "phantompool/order/order_secrets.h"

namespace phantompool::bench {

// `h` with every commitment set; its KEM gets a fresh r (R = r·G) and AEAD nonce, the
// opening of (size, price in tick units, min fill 0) under `blindings` (size, price, min
// fill) is sealed to `joint`, and a valid proof of knowledge of r is made.
inline order::EncryptedOrder SealUnderFreshKem(order::OrderHeader h, uint64_t size,
                                               uint64_t price_units,
                                               const std::array<crypto::Scalar, 3>& blindings,
                                               const crypto::Point& joint, uint32_t epoch,
                                               const order::EncryptedOrder& tmpl,
                                               const order::TraderKey& key, crypto::Rng& rng) {
  const crypto::Scalar r = crypto::Scalar::Random(rng);
  h.key_epoch = epoch;
  h.kem.R = crypto::Point::MulBase(r);
  h.kem.nonce = crypto::RandomAeadNonce(rng);
  std::vector<uint8_t> opening{order::kOpeningVersion};
  for (uint64_t v : {size, price_units, uint64_t{0}}) {
    for (int i = 0; i < 4; ++i) opening.push_back(static_cast<uint8_t>(v >> (8 * i)));
  }
  for (const crypto::Scalar& t : blindings) {
    const auto bytes = t.ToBytes();
    opening.insert(opening.end(), bytes.begin(), bytes.end());
  }
  const auto shared = (joint * r).Encode();
  const crypto::SecretBytes kem_key =
      order::internal::KemKey(shared, h.kem.R, joint, epoch, h.pair, h.user_id, h.nonce);
  h.kem.ciphertext = crypto::AeadSeal(kem_key, h.kem.nonce,
                                      order::EncryptedOrderAssembler::AssociatedData(h), opening);
  const auto statement = order::EncryptedOrderAssembler::StatementBytes(h, nullptr);
  crypto::Transcript kt = order::internal::KemTranscript(statement, joint, epoch);
  auto proof = crypto::SchnorrProof::Prove(kt, h.kem.R, crypto::SecretScalar(r), rng);
  PP_CHECK(proof.ok());
  return order::EncryptedOrderAssembler::Assemble(h, *proof, tmpl.product_proof(),
                                                  tmpl.range_proof(), key);
}

}  // namespace phantompool::bench
