// A closing session's batch for the executor and threshold suites: `n` real orders of the
// order module's format, encrypted to the quorum's joint key with a fresh r and a valid proof
// of knowledge of r each, and the signed-to-be DecryptRequest that lists them. To build
// 10,000 in seconds they share one template's range and product proofs (kem_reseal.h:
// nothing on this path verifies those, intake did).
#pragma once

#include <chrono>
#include <iostream>
#include <string>
#include <vector>

#include "kem_reseal.h"
#include "phantompool/crypto/pedersen.h"
#include "phantompool/crypto/rng.h"
#include "phantompool/executor/decrypt_messages.h"
#include "phantompool/order/kem_statement.h"
#include "phantompool/order/order.h"
#include "phantompool/order/pair_spec.h"

namespace phantompool::bench {

struct DecryptBatchFixture {
  order::PairSpec pair;
  std::vector<order::EncryptedOrder> orders;
  executor::DecryptRequest request;  // session 1 of SOL/USDC, every order to decrypt

  std::vector<const order::EncryptedOrder*> Pointers() const {
    std::vector<const order::EncryptedOrder*> out;
    for (const auto& o : orders) out.push_back(&o);
    return out;
  }
  std::vector<const order::KemStatement*> Kems() const {
    std::vector<const order::KemStatement*> out;
    for (const auto& item : request.batch) out.push_back(&*item.kem);
    return out;
  }
};

inline DecryptBatchFixture MakeDecryptBatch(const crypto::Point& joint, uint32_t epoch, size_t n,
                                            crypto::Rng& rng) {
  using crypto::Scalar;
  DecryptBatchFixture b{order::FindBuiltinPair("SOL/USDC", "pair").value(), {}, {}};
  const auto trader = order::TraderKey::Generate(rng);
  order::Order o;
  o.pair = "SOL/USDC";
  o.user_id = "7";
  o.side = order::Side::kSell;  // a sell: no product commitment to borrow
  o.size = 10;
  o.limit_price = 15'000;
  auto tmpl = order::EncryptOrder(o, b.pair, joint, epoch, {uint64_t{1} << 62, Scalar::Zero()},
                                  trader, rng);
  PP_CHECK(tmpl.ok());
  const auto start = std::chrono::steady_clock::now();
  b.orders.reserve(n);
  const uint64_t price_units = 15'000 / b.pair.tick_size();
  for (uint64_t k = 1; k <= n; ++k) {
    const uint64_t size = 10 + k % 90;
    order::OrderHeader h;
    h.pair = tmpl->pair();
    h.user_id = tmpl->user_id();
    for (int i = 0; i < 8; ++i) h.nonce[i] = static_cast<uint8_t>(k >> (8 * i));
    h.side = tmpl->side();
    h.type = tmpl->type();
    h.validity = order::Validity::kGtc;
    const Scalar ts = Scalar::Random(rng), tp = Scalar::Random(rng), tm = Scalar::Random(rng);
    h.size = crypto::PedersenCommit(Scalar::FromU64(size), ts);
    h.price = crypto::PedersenCommit(Scalar::FromU64(price_units), tp);
    h.min_fill = crypto::PedersenCommit(Scalar::Zero(), tm);
    h.product = tmpl->product_commitment();
    h.remainder_high = tmpl->remainder_high_commitment();
    const order::EncryptedOrder sealed =
        SealUnderFreshKem(h, size, price_units, {ts, tp, tm}, joint, epoch, *tmpl, trader, rng);
    // As the coordinator holds a frozen batch: read back from the stored bytes.
    auto stored = order::EncryptedOrder::ParseWithoutOrderProofs(sealed.Serialize());
    PP_CHECK(stored.ok());
    b.orders.push_back(std::move(stored).value());
  }
  std::cout << "(built " << n << " orders in "
            << std::chrono::duration_cast<std::chrono::milliseconds>(
                   std::chrono::steady_clock::now() - start)
                   .count()
            << " ms)\n";
  b.request.pair = "SOL/USDC";
  b.request.session_id = 1;
  b.request.session_number = 1;
  b.request.key_epoch = epoch;
  b.request.closed_at_ms = 1;
  for (size_t i = 0; i < n; ++i) {
    executor::BatchItem item;
    item.order_id = std::to_string(i + 1);
    item.kem = order::KemStatement::From(b.orders[i]);
    item.ciphertext_hash = item.kem->CiphertextHash();
    b.request.batch.push_back(std::move(item));
  }
  return b;
}

}  // namespace phantompool::bench
