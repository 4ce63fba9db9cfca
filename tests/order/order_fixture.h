// Shared set-up for the order tests: a pair, a joint key whose secret the test holds (so it
// can play the whole executor quorum), a trader with a balance.
#pragma once

#include "phantompool/crypto/pedersen.h"
#include "phantompool/crypto/secret_scalar.h"
#include "phantompool/order/encrypted_order.h"
#include "phantompool/order/order_open.h"
#include "phantompool/order/pair_spec.h"

namespace phantompool::order::testing {

inline constexpr uint32_t kEpoch = 1;

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

inline Order WithKind(Order o, Side side, OrderType type) {
  o.side = side;
  o.type = type;
  if (type == OrderType::kMarket) o.limit_price.reset();
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
    return OrderStatement{&pair, pk, kEpoch, AvailableCommitment(), key.public_key()};
  }
  Result<EncryptedOrder> Encrypt(const Order& o) {
    return EncryptOrder(o, pair, pk, kEpoch, balance, key, rng);
  }
  // What the quorum's combined shares give: K = s·R.
  crypto::Point SharedPoint(const EncryptedOrder& o) const { return o.kem().R * sk.ExposeSecret(); }
  Result<OpenedOrder> Open(const EncryptedOrder& o) const {
    return OpenEncryptedOrder(o, pair, SharedPoint(o), pk);
  }

  crypto::DeterministicRng rng;
  TraderKey key;
  crypto::SecretScalar sk;
  crypto::Point pk;
  BalanceOpening balance;
  PairSpec pair;
};

// The order's bytes with the signature replaced by the trader's signature of the rest: what
// a trader who tampers with its own order can always send.
inline std::vector<uint8_t> Resigned(std::vector<uint8_t> bytes, const TraderKey& key) {
  const size_t body = bytes.size() - kSignatureBytes;
  const Signature sig = key.Sign(kOrderSignatureDomain, {bytes.data(), body});
  std::copy(sig.begin(), sig.end(), bytes.begin() + static_cast<std::ptrdiff_t>(body));
  return bytes;
}

}  // namespace phantompool::order::testing
