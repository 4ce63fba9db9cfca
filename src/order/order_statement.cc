#include "order_statement.h"

#include <sodium.h>

#include <array>
#include <string>

#include "phantompool/common/byte_io.h"
#include "phantompool/crypto/hkdf.h"

namespace phantompool::order::internal {

using crypto::Point;
using crypto::Scalar;

namespace {

// Length-prefixed context, so that no two (pair, user, nonce) triples hash alike.
std::vector<uint8_t> ContextBytes(std::string_view label, std::string_view pair,
                                  std::string_view user_id, const Nonce& nonce) {
  ByteWriter w;
  w.String(label);
  w.String(pair);
  w.String(user_id);
  w.Bytes(nonce);
  return std::move(w).Take();
}

}  // namespace

Scalar ObligationFactor(Side side, OrderType type, const PairSpec& pair) {
  if (side == Side::kSell) return Scalar::FromU64(pair.base_lot());
  if (type == OrderType::kLimit) {
    return Scalar::FromU64(pair.tick_size()) * Scalar::FromU64(pair.quote_per_tick());
  }
  return Scalar::FromU64(pair.market_buy_collar()) * Scalar::FromU64(pair.quote_per_tick());
}

crypto::Transcript KemTranscript(std::span<const uint8_t> statement_bytes,
                                 const Point& joint_public_key, uint32_t key_epoch) {
  crypto::Transcript t(kKemProtocol);
  t.AppendPoint("joint_public_key", joint_public_key);
  t.AppendU64("key_epoch", key_epoch);
  t.AppendMessage("order.statement", statement_bytes);
  return t;
}

crypto::Transcript OrderTranscript(std::span<const uint8_t> statement_bytes, const PairSpec& pair,
                                   const Point& joint_public_key,
                                   const Point& available_commitment) {
  crypto::Transcript t(kOrderProtocol);
  t.AppendMessage("order.statement", statement_bytes);
  const PairFields& f = pair.fields();
  t.AppendMessage("pair.symbol", f.symbol);
  t.AppendU64("pair.base_lot", f.base_lot);
  t.AppendU64("pair.quote_per_tick", f.quote_per_tick);
  t.AppendU64("pair.tick_size", f.tick_size);
  t.AppendU64("pair.min_price", f.min_price);
  t.AppendU64("pair.max_price", f.max_price);
  t.AppendU64("pair.market_buy_collar", f.market_buy_collar);
  t.AppendU64("pair.min_order_size", f.min_order_size);
  t.AppendU64("pair.max_order_size", f.max_order_size);
  t.AppendPoint("joint_public_key", joint_public_key);
  t.AppendPoint("available_commitment", available_commitment);
  return t;
}

crypto::SecretBytes KemKey(std::span<const uint8_t, 32> shared, const Point& R,
                           const Point& joint_public_key, uint32_t key_epoch, std::string_view pair,
                           std::string_view user_id, const Nonce& nonce) {
  std::array<uint8_t, 64> ikm;
  const auto r = R.Encode();
  std::copy(shared.begin(), shared.end(), ikm.begin());
  std::copy(r.begin(), r.end(), ikm.begin() + 32);
  std::vector<uint8_t> info = ContextBytes("phantompool/order-kem/v2/key", pair, user_id, nonce);
  const auto pk = joint_public_key.Encode();
  info.insert(info.end(), pk.begin(), pk.end());
  for (int i = 0; i < 4; ++i) info.push_back(static_cast<uint8_t>(key_epoch >> (8 * i)));
  static constexpr std::string_view kSalt = "phantompool/order-kem/v2";
  crypto::SecretBytes key(crypto::kAeadKeyBytes);
  crypto::HkdfSha256(ikm, {reinterpret_cast<const uint8_t*>(kSalt.data()), kSalt.size()}, info,
                     key.ExposeSecretMutable());
  sodium_memzero(ikm.data(), ikm.size());
  return key;
}

crypto::SecretBytes TraderWrapPad(const TraderKey& key, const Point& R, std::string_view pair,
                                  std::string_view user_id, const Nonce& nonce) {
  const auto salt = R.Encode();
  const std::vector<uint8_t> info =
      ContextBytes("phantompool/order-kem/v2/trader-wrap", pair, user_id, nonce);
  crypto::SecretBytes pad(kTraderWrapBytes);
  crypto::HkdfSha256(key.ExposeSeed(), salt, info, pad.ExposeSecretMutable());
  return pad;
}

void AddRangeCommitments(const EncryptedOrder& order, const PairSpec& pair,
                         const Point& available_commitment, std::span<const Scalar> w,
                         crypto::VerificationBatch& batch) {
  // Σ_j w_j·V_j, collected per point so that each point enters the MSM once.
  const Scalar k = ObligationFactor(order.side(), order.type(), pair);
  const Scalar two32 = Scalar::FromU64(uint64_t{1} << 32);
  Scalar on_size = w[kSizeAboveMin] - w[kSizeBelowMax] + w[kSizeAboveMinFill];
  const Scalar on_min_fill = w[kMinFill] - w[kSizeAboveMinFill];
  Scalar on_g = w[kSizeBelowMax] * Scalar::FromU64(pair.max_order_size()) -
                w[kSizeAboveMin] * Scalar::FromU64(pair.min_order_size());
  // Remainder low = A − k·C_obl − 2^32·C_rem_hi.
  const Scalar& w_low = w[kRemainderLow];
  if (order.product_commitment()) {
    batch.AddRawTerm(-(w_low * k), *order.product_commitment());
  } else {
    on_size -= w_low * k;
  }
  batch.AddRawTerm(w_low, available_commitment);
  batch.AddRawTerm(w[kRemainderHigh] - w_low * two32, order.remainder_high_commitment());
  batch.AddRawTerm(on_size, order.size_commitment());
  batch.AddRawTerm(on_min_fill, order.min_fill_commitment());
  if (order.price_commitment()) {
    const uint64_t tick = pair.tick_size();
    batch.AddRawTerm(w[kPriceAboveMin] - w[kPriceBelowMax], *order.price_commitment());
    on_g += w[kPriceBelowMax] * Scalar::FromU64(pair.max_price() / tick) -
            w[kPriceAboveMin] * Scalar::FromU64(pair.min_price() / tick);
  } else {
    batch.AddRawH(w[kPriceAboveMin] + w[kPriceBelowMax]);  // two commitments to 0, blinding 1
  }
  batch.AddRawG(on_g);
}

}  // namespace phantompool::order::internal
