// A malicious prover: builds orders exactly as EncryptOrder does, but skips every check, so
// that it can state what is false (a size above the maximum, an insolvent obligation, a
// wrapped remainder), lie in its ciphertext, or reuse someone else's KEM. Like the range
// proof's test peer, it reaches the unchecked range prover; everything it builds is signed
// by the trader, so only the proofs stand between it and acceptance.
#pragma once

#include <functional>
#include <optional>

#include "order_assembler.h"
#include "order_fixture.h"
#include "order_statement.h"
#include "phantompool/crypto/pedersen.h"
#include "phantompool/crypto/sigma_codec.h"
#include "phantompool/order/order_secrets.h"
#include "range_proof_test_util.h"

namespace phantompool::order::testing {

struct Forgery {
  Order order;              // any values at all
  uint64_t available = 0;   // A's value as the forger believes it (opens A with `blinding`)
  crypto::Scalar blinding;  // A's blinding
  // The eight range values (proof order); default: the true quantities, wrapping mod 2^64.
  std::optional<std::array<uint64_t, kRangeValues>> range_values;
  // Replaces C_rem_hi's value (default: the true high half).
  std::optional<uint64_t> remainder_high;
  // The plaintext put in the ciphertext (default: the true opening).
  std::optional<std::vector<uint8_t>> opening;
  // Someone else's KEM and proof of knowledge, copied in.
  std::optional<std::pair<OrderKem, crypto::SchnorrProof>> copied_kem;
};

inline EncryptedOrder Forge(const Forgery& f, Trader& trader) {
  using crypto::Point;
  using crypto::Scalar;
  const PairSpec& pair = trader.pair;
  const Order& o = f.order;
  const bool limit = o.type == OrderType::kLimit;
  const bool limit_buy = limit && o.side == Side::kBuy;
  const uint64_t tick = pair.tick_size();
  const uint64_t price_units = limit ? *o.limit_price / tick : 0;
  uint64_t obligation = 0;
  if (o.side == Side::kSell) {
    obligation = o.size * pair.base_lot();
  } else {
    obligation =
        o.size * (limit ? price_units * tick : pair.market_buy_collar()) * pair.quote_per_tick();
  }
  const uint64_t remainder = f.available - obligation;  // wraps when insolvent
  const uint64_t high = f.remainder_high.value_or(remainder >> 32);

  const crypto::SecretScalar r = crypto::SecretScalar::Random(trader.rng);
  OrderHeader h;
  h.kem.R = Point::MulBase(r.ExposeSecret());
  h.kem.nonce = crypto::RandomAeadNonce(trader.rng);
  const OrderBlindings b = DeriveOrderBlindings(trader.key, h.kem.R);
  const Scalar& ts = b.size.ExposeSecret();
  const Scalar& tp = b.price.ExposeSecret();
  const Scalar& tm = b.min_fill.ExposeSecret();
  const Scalar t_high = Scalar::Random(trader.rng);
  h.pair = o.pair;
  h.user_id = o.user_id;
  h.nonce = o.nonce;
  h.side = o.side;
  h.type = o.type;
  h.validity = o.validity;
  h.expiry = o.expiry;
  h.key_epoch = kEpoch;
  const Scalar size_s = Scalar::FromU64(o.size);
  const Scalar price_s = Scalar::FromU64(price_units);
  h.size = crypto::PedersenCommit(size_s, ts);
  if (limit) h.price = crypto::PedersenCommit(price_s, tp);
  h.min_fill = crypto::PedersenCommit(Scalar::FromU64(o.min_fill), tm);
  if (limit_buy) h.product = crypto::PedersenCommit(size_s * price_s, b.product.ExposeSecret());
  h.remainder_high = crypto::PedersenCommit(Scalar::FromU64(high), t_high);

  const auto shared = (h.kem.R * trader.sk.ExposeSecret()).Encode();
  const crypto::SecretBytes kem_key =
      internal::KemKey(shared, h.kem.R, trader.pk, kEpoch, o.pair, o.user_id, o.nonce);
  std::vector<uint8_t> opening = f.opening.value_or(std::vector<uint8_t>{});
  if (!f.opening) {
    opening.push_back(kOpeningVersion);
    for (uint64_t v : {o.size, price_units, o.min_fill}) {
      for (int i = 0; i < 4; ++i) opening.push_back(static_cast<uint8_t>(v >> (8 * i)));
    }
    for (const Scalar* t : {&ts, limit ? &tp : nullptr, &tm}) {
      const auto bytes = t ? t->ToBytes() : std::array<uint8_t, 32>{};
      opening.insert(opening.end(), bytes.begin(), bytes.end());
    }
  }
  std::optional<crypto::SchnorrProof> kem_proof;
  if (f.copied_kem) {
    h.kem = f.copied_kem->first;
    kem_proof = f.copied_kem->second;
  } else {
    h.kem.ciphertext =
        crypto::AeadSeal(kem_key, h.kem.nonce, EncryptedOrderAssembler::AssociatedData(h), opening);
    const crypto::SecretBytes pad =
        internal::TraderWrapPad(trader.key, h.kem.R, o.pair, o.user_id, o.nonce);
    for (size_t i = 0; i < kTraderWrapBytes; ++i) {
      h.kem.trader_wrap[i] = kem_key.ExposeSecret()[i] ^ pad.ExposeSecret()[i];
    }
  }
  const std::vector<uint8_t> statement = EncryptedOrderAssembler::StatementBytes(h, nullptr);
  if (!kem_proof) {
    crypto::Transcript kt = internal::KemTranscript(statement, trader.pk, kEpoch);
    kem_proof = crypto::SchnorrProof::Prove(kt, h.kem.R, r, trader.rng).value();
  }
  const Point a = crypto::PedersenCommit(Scalar::FromU64(f.available), f.blinding);
  crypto::Transcript t = internal::OrderTranscript(statement, pair, trader.pk, a);
  std::optional<crypto::ProductProof> product;
  if (limit_buy) {
    product = crypto::ProductProof::Prove(t, h.size, *h.price, *h.product, size_s, ts, tp,
                                          b.product.ExposeSecret(), trader.rng)
                  .value();
  }
  const uint64_t min_units = pair.min_price() / tick;
  const uint64_t max_units = pair.max_price() / tick;
  std::array<uint64_t, kRangeValues> values = {o.size - pair.min_order_size(),
                                               pair.max_order_size() - o.size,
                                               o.min_fill,
                                               o.size - o.min_fill,
                                               limit ? price_units - min_units : 0,
                                               limit ? max_units - price_units : 0,
                                               remainder & 0xffffffffULL,
                                               high};
  if (f.range_values) values = *f.range_values;
  const Scalar t_rem = f.blinding - ObligationBlinding(o.side, o.type, pair, b);
  const std::array<Scalar, kRangeValues> blindings = {
      ts,
      -ts,
      tm,
      ts - tm,
      limit ? tp : Scalar::One(),
      limit ? -tp : Scalar::One(),
      t_rem - Scalar::FromU64(uint64_t{1} << 32) * t_high,
      t_high};
  auto range = crypto::RangeProofTestPeer::ProveUnchecked(
      t, values, blindings, kRangeBits, trader.rng, crypto::CommitmentBinding::kBoundByCaller);
  return EncryptedOrderAssembler::Assemble(h, *kem_proof, product, range.value(), trader.key);
}

}  // namespace phantompool::order::testing
