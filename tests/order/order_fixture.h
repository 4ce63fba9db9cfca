// Shared set-up for the order tests: a pair, a joint key, a trader with a balance.
#pragma once

#include "phantompool/crypto/pedersen.h"
#include "phantompool/crypto/secret_scalar.h"
#include "phantompool/order/encrypted_order.h"
#include "phantompool/order/pair_spec.h"

namespace phantompool::order::testing {

inline PairSpec TestPair() {
  PairFields f = FindBuiltinPair("SOL/USDC", "pair").value().fields();
  f.max_order_size = 1'000'000;
  return PairSpec::Create(f).value();
}

inline Nonce NonceOf(uint8_t tag) {
  Nonce n{};
  n.fill(tag);
  return n;
}

inline Order LimitBuy(uint64_t size, uint64_t price, uint8_t nonce_tag = 1) {
  Order o;
  o.pair = "SOL/USDC";
  o.user_id = "trader-1";
  o.side = Side::kBuy;
  o.type = OrderType::kLimit;
  o.size = size;
  o.limit_price = price;
  o.min_fill = size / 2;
  o.nonce = NonceOf(nonce_tag);
  return o;
}

// A trader with a fixed key, the executors' key and an available balance committed with
// a known blinding; Statement() is what the server would hold.
struct Trader {
  explicit Trader(uint64_t seed, uint64_t available)
      : rng(seed),
        key(TraderKey::Generate(rng)),
        sk(crypto::SecretScalar::Random(rng)),
        pk(crypto::Point::MulBase(sk.ExposeSecret())),
        balance{available, crypto::Scalar::Random(rng)},
        pair(TestPair()) {}

  crypto::Point AvailableCommitment() const {
    return crypto::PedersenCommit(crypto::Scalar::FromU64(balance.available), balance.blinding);
  }
  OrderStatement Statement() const {
    return OrderStatement{&pair, pk, AvailableCommitment(), key.public_key()};
  }
  Result<EncryptedOrder> Encrypt(const Order& o) {
    return EncryptOrder(o, pair, pk, balance, key, rng);
  }

  crypto::DeterministicRng rng;
  TraderKey key;
  crypto::SecretScalar sk;
  crypto::Point pk;
  BalanceOpening balance;
  PairSpec pair;
};

}  // namespace phantompool::order::testing
