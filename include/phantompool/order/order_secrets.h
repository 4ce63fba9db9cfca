// The secrets of one order — every commitment blinding and ElGamal randomness — derived
// with HKDF-SHA-256 from the trader's key seed (ikm) and the order nonce (salt), each under
// its own label (info). Nothing random needs to be stored: a trader who keeps only the key
// recovers every opening, in particular the blinding of the obligations it has locked,
// which it needs to open its available-balance commitment for the next order.
#pragma once

#include <string_view>

#include "phantompool/crypto/scalar.h"
#include "phantompool/order/order.h"
#include "phantompool/order/trader_key.h"

namespace phantompool::order {

// The encrypted values of an order, in wire order.
enum class ValueSlot : uint8_t { kSize = 0, kPrice = 1, kMinFill = 2 };
// The derived non-negative quantities whose 16-bit chunks the range proof covers.
enum class AuxSlot : uint8_t {
  kSizeMinusMinFill = 0,   // min_fill ≤ size
  kSizeMinusMinOrder = 1,  // size ≥ pair.min_order_size()
  kMaxOrderMinusSize = 2,  // size ≤ pair.max_order_size()
  kRemainder = 3,          // available − obligation ≥ 0 (solvency)
  kPriceMinusOne = 4,      // price ≥ 1 tick (limit orders)
};

class OrderSecrets {
 public:
  OrderSecrets(const TraderKey& key, const Nonce& nonce) : key_(key), nonce_(nonce) {}

  crypto::Scalar LimbBlinding(ValueSlot v, size_t limb) const;
  crypto::Scalar LimbRandomness(ValueSlot v, size_t limb) const;
  // Σ_j 2^(16j)·LimbBlinding(v, j): the blinding of the value's commitment.
  crypto::Scalar ValueBlinding(ValueSlot v) const;
  crypto::Scalar ProductBlinding() const;
  // Free blindings of chunks 0..2; chunk 3 is solved so the chunks recombine (see prover).
  crypto::Scalar ChunkBlinding(AuxSlot a, size_t chunk) const;

 private:
  crypto::Scalar Derive(std::string_view label) const;

  const TraderKey& key_;
  Nonce nonce_;
};

// The blinding of the order's obligation commitment (what it locks), known to the trader:
// sell base_lot·t_size; limit buy quote_per_tick·t_product; market buy
// market_buy_collar·quote_per_tick·t_size.
crypto::Scalar ObligationBlinding(const Order& order, const PairSpec& pair, const TraderKey& key);

}  // namespace phantompool::order
