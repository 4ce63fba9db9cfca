// Real encrypted orders for the store tests and the benchmark, cheaply: one order per kind
// is encrypted and proven (tens of milliseconds each) once per process, and copies of it
// differ in owner, nonce, validity and expiry. The store never verifies proofs (the server
// does, before it calls the store), so a copy is as good as a fresh order to it; its
// obligation commitment is the template's.
#pragma once

#include <atomic>
#include <map>
#include <mutex>

#include "phantompool/crypto/point.h"
#include "phantompool/crypto/rng.h"
#include "phantompool/order/encrypted_order.h"
#include "phantompool/order/trader_key.h"
#include "order_assembler.h"  // src/order: builds variants of a template (tests only)
#include "phantompool/store/records.h"

namespace phantompool::store::testing {

inline constexpr const char* kSol = "So11111111111111111111111111111111111111112";
inline constexpr const char* kUsdc = "EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v";
inline constexpr uint64_t kTemplatePrice = 15'000;  // ticks: 150.00 USDC per SOL

inline const order::PairSpec& SolUsdc() {
  static const order::PairSpec pair = order::FindBuiltinPair("SOL/USDC", "pair").value();
  return pair;
}

struct OrderKind {
  order::Side side = order::Side::kBuy;
  order::OrderType type = order::OrderType::kLimit;
  uint64_t size = 1'000;  // lots
  friend auto operator<=>(const OrderKind&, const OrderKind&) = default;
};

class OrderFactory {
 public:
  // A copy of the template of `kind` for `user_id`, with a fresh nonce.
  order::EncryptedOrder Make(int64_t user_id, OrderKind kind = {},
                             order::Validity validity = order::Validity::kGtc,
                             uint64_t expiry_seconds = 0, std::string pair = "") {
    const order::EncryptedOrder& t = Template(kind);
    // The template's statement with another owner, nonce, validity and expiry, re-signed:
    // its proofs no longer fit, which the store (it never verifies) cannot tell.
    order::OrderHeader h;
    h.pair = pair.empty() ? t.pair() : pair;
    h.user_id = std::to_string(user_id);
    h.side = t.side();
    h.type = t.type();
    h.validity = validity;
    h.expiry = expiry_seconds;
    h.key_epoch = t.key_epoch();
    h.size = t.size_commitment();
    h.price = t.price_commitment();
    h.min_fill = t.min_fill_commitment();
    h.product = t.product_commitment();
    h.remainder_high = t.remainder_high_commitment();
    h.kem = t.kem();
    const uint64_t n = next_nonce_++;
    h.nonce.fill(0);
    for (int i = 0; i < 8; ++i) h.nonce[i] = static_cast<uint8_t>(n >> (8 * i));
    h.nonce[31] = salt_;
    return order::EncryptedOrderAssembler::Assemble(h, t.kem_proof(), t.product_proof(),
                                                    t.range_proof(), TemplateKey());
  }

  static const order::TraderKey& TemplateKey() {
    static const order::TraderKey key = [] {
      crypto::DeterministicRng rng(4242);
      return order::TraderKey::Generate(rng);
    }();
    return key;
  }

  static Commitment Obligation(const order::EncryptedOrder& o) {
    const auto e = order::ObligationCommitment(o, SolUsdc()).Encode();
    Commitment c;
    std::copy(e.begin(), e.end(), c.begin());
    return c;
  }

  static const order::EncryptedOrder& Template(const OrderKind& kind) {
    static std::mutex mu;
    static std::map<OrderKind, order::EncryptedOrder> made;
    std::lock_guard<std::mutex> lock(mu);
    auto it = made.find(kind);
    if (it != made.end()) return it->second;
    crypto::DeterministicRng rng(4242 + kind.size);
    const order::TraderKey& key = TemplateKey();
    order::Order o;
    o.pair = "SOL/USDC";
    o.user_id = "1";
    o.side = kind.side;
    o.type = kind.type;
    o.size = kind.size;
    if (kind.type == order::OrderType::kLimit) o.limit_price = kTemplatePrice;
    o.nonce.fill(static_cast<uint8_t>(kind.size));
    const crypto::Point joint = crypto::Point::MulBase(crypto::Scalar::FromU64(99));
    const order::BalanceOpening opening{uint64_t{1} << 62, crypto::Scalar::Zero()};
    auto enc = order::EncryptOrder(o, SolUsdc(), joint, /*key_epoch=*/1, opening, key, rng);
    if (!enc.ok()) std::abort();  // the template is fixed: a failure is a bug in this file
    return made.emplace(kind, std::move(enc).value()).first->second;
  }

  explicit OrderFactory(uint8_t salt = 0) : salt_(salt) {}

 private:
  std::atomic<uint64_t> next_nonce_{1};
  uint8_t salt_;
};

}  // namespace phantompool::store::testing
