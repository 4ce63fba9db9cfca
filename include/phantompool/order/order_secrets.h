// The blindings of one order's commitments, derived with HKDF-SHA-256 from the trader's
// key seed (ikm) and the order's KEM point R (salt), each under its own label. R = r·G with
// r fresh from the Rng for every order, so the blindings of two orders are unrelated even
// when a client retries with the same nonce and other values; and a trader who keeps only
// its key recomputes them from the R stored with each order (docs/order.md, "Secrets").
// The opening's values it recovers with the same key through the order's trader wrap
// (order_open.h, RecoverOwnOpening).
#pragma once

#include "phantompool/crypto/point.h"
#include "phantompool/crypto/scalar.h"
#include "phantompool/crypto/secret_scalar.h"
#include "phantompool/order/order.h"
#include "phantompool/order/pair_spec.h"
#include "phantompool/order/trader_key.h"

namespace phantompool::order {

struct OrderBlindings {
  crypto::SecretScalar size;
  crypto::SecretScalar price;  // unused (zero) for market orders
  crypto::SecretScalar min_fill;
  crypto::SecretScalar product;  // limit buys: the blinding of C_product
};

OrderBlindings DeriveOrderBlindings(const TraderKey& key, const crypto::Point& R);

// The blinding of the order's obligation commitment (what it locks), known to the trader:
// sell base_lot·t_size; limit buy tick_size·quote_per_tick·t_product; market buy
// market_buy_collar·quote_per_tick·t_size. A's blinding is minus the sum of these over the
// trader's open orders in the token (encrypted_order.h, AvailableBalanceCommitment).
crypto::Scalar ObligationBlinding(Side side, OrderType type, const PairSpec& pair,
                                  const OrderBlindings& blindings);

}  // namespace phantompool::order
