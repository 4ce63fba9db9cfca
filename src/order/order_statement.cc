#include "order_statement.h"

#include "phantompool/common/check.h"
#include "phantompool/crypto/generators.h"

namespace phantompool::order::internal {

using crypto::Point;
using crypto::Scalar;

std::vector<AuxSlot> AuxSlotsFor(OrderType type) {
  std::vector<AuxSlot> slots = {AuxSlot::kSizeMinusMinFill, AuxSlot::kSizeMinusMinOrder,
                                AuxSlot::kMaxOrderMinusSize, AuxSlot::kRemainder};
  if (type == OrderType::kLimit) slots.push_back(AuxSlot::kPriceMinusOne);
  return slots;
}

Point Recombine(std::span<const Point> chunks) {
  // Horner from the most significant chunk: 16 doublings per step are cheaper than a
  // scalar multiplication by 2^16j.
  Point acc;
  for (size_t j = chunks.size(); j-- > 0;) {
    for (int i = 0; i < 16; ++i) acc = acc.Double();
    acc += chunks[j];
  }
  return acc;
}

crypto::Transcript BindOrderStatement(const EncryptedOrder& order, const PairSpec& pair,
                                      const Point& joint_public_key,
                                      const Point& available_commitment) {
  crypto::Transcript t(kOrderProtocol);
  crypto::AppendContext(t, {order.pair, order.user_id, order.nonce});
  t.AppendU64("version", order.version);
  t.AppendU64("side", static_cast<uint64_t>(order.side));
  t.AppendU64("type", static_cast<uint64_t>(order.type));
  t.AppendU64("validity", static_cast<uint64_t>(order.validity));
  t.AppendU64("expiry", order.expiry);
  t.AppendMessage("pair.name", pair.symbol());
  t.AppendU64("pair.base_lot", pair.base_lot());
  t.AppendU64("pair.quote_per_tick", pair.quote_per_tick());
  t.AppendU64("pair.min_order_size", pair.min_order_size());
  t.AppendU64("pair.max_order_size", pair.max_order_size());
  t.AppendU64("pair.market_buy_collar", pair.market_buy_collar());
  t.AppendPoint("joint_public_key", joint_public_key);
  t.AppendPoint("available_commitment", available_commitment);
  auto bind_value = [&t](std::string_view name, const EncryptedValue& v) {
    for (const auto& limb : v.limbs) {
      t.AppendMessage(name, limb.ciphertext.Encode());
      t.AppendPoint(name, limb.commitment);
    }
  };
  bind_value("size", order.size);
  if (order.price) bind_value("price", *order.price);
  bind_value("min_fill", order.min_fill);
  if (order.product) t.AppendPoint("product", order.product->commitment);
  for (const auto& chunks : order.aux_chunks) {
    for (const auto& c : chunks) t.AppendPoint("aux", c);
  }
  return t;
}

Point AuxTarget(AuxSlot slot, const EncryptedOrder& order, const PairSpec& pair,
                const Point& available_commitment) {
  const Point size = order.size.Commitment();
  switch (slot) {
    case AuxSlot::kSizeMinusMinFill:
      return size - order.min_fill.Commitment();
    case AuxSlot::kSizeMinusMinOrder:
      return size - Point::MulBase(Scalar::FromU64(pair.min_order_size()));
    case AuxSlot::kMaxOrderMinusSize:
      return Point::MulBase(Scalar::FromU64(pair.max_order_size())) - size;
    case AuxSlot::kRemainder:
      return available_commitment - ObligationCommitment(order, pair);
    case AuxSlot::kPriceMinusOne:
      PP_CHECK(order.price.has_value());
      return order.price->Commitment() - Point::Base();
  }
  PP_CHECK(false);
}

std::vector<Point> RangeCommitments(const EncryptedOrder& order) {
  std::vector<Point> out;
  out.reserve(kRangeSlots);
  for (const auto& limb : order.size.limbs) out.push_back(limb.commitment);
  for (const auto& limb : order.min_fill.limbs) out.push_back(limb.commitment);
  if (order.price) {
    for (const auto& limb : order.price->limbs) out.push_back(limb.commitment);
  }
  for (const auto& chunks : order.aux_chunks) out.insert(out.end(), chunks.begin(), chunks.end());
  PP_CHECK(out.size() <= kRangeSlots);
  while (out.size() < kRangeSlots) out.push_back(crypto::PedersenGens::Default().H);
  return out;
}

crypto::Transcript RangeTranscript(const crypto::Transcript& order_transcript, size_t index) {
  crypto::Transcript t = order_transcript;
  t.AppendU64("range_proof_index", index);
  return t;
}

}  // namespace phantompool::order::internal

namespace phantompool::order {

using crypto::Point;
using crypto::Scalar;

Point EncryptedValue::Commitment() const {
  std::vector<Point> c;
  for (const auto& limb : limbs) c.push_back(limb.commitment);
  return internal::Recombine(c);
}

Point ObligationCommitment(const EncryptedOrder& order, const PairSpec& pair) {
  const Point size = order.size.Commitment();
  if (order.side == Side::kSell) return size * Scalar::FromU64(pair.base_lot());
  if (order.type == OrderType::kLimit) {
    PP_CHECK(order.product.has_value());
    return order.product->commitment * Scalar::FromU64(pair.quote_per_tick());
  }
  return size * (Scalar::FromU64(pair.market_buy_collar()) * Scalar::FromU64(pair.quote_per_tick()));
}

Point AvailableBalanceCommitment(uint64_t ledger_balance, std::span<const Point> locked) {
  Point a = Point::MulBase(Scalar::FromU64(ledger_balance));
  for (const auto& c : locked) a -= c;
  return a;
}

}  // namespace phantompool::order
