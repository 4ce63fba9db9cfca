// EncryptOrder: the trader's side. Secrets come from OrderSecrets (HKDF of the key seed and
// the nonce); proof nonces come from the Rng.
#include <array>

#include "order_statement.h"
#include "phantompool/crypto/ctime.h"
#include "phantompool/crypto/elgamal.h"
#include "phantompool/crypto/pedersen.h"
#include "phantompool/crypto/sigma_codec.h"
#include "phantompool/order/encrypted_order.h"

namespace phantompool::order {
namespace {

using crypto::Point;
using crypto::Scalar;
using crypto::sigma::Published;

constexpr uint64_t kChunkMask = 0xffff;

struct Opening {
  uint64_t value;
  Scalar blinding;
};

EncryptedValue EncryptValue(ValueSlot slot, uint64_t value, const Point& pk,
                            const OrderSecrets& secrets) {
  EncryptedValue out;
  for (size_t j = 0; j < kLimbsPerValue; ++j) {
    const Scalar limb = Scalar::FromU64((value >> (16 * j)) & kChunkMask);
    out.limbs.push_back(EncryptedLimb{
        Published(crypto::ElGamalEncrypt(pk, limb, secrets.LimbRandomness(slot, j))),
        Published(crypto::PedersenCommit(limb, secrets.LimbBlinding(slot, j))), std::nullopt});
  }
  return out;
}

// Chunk commitments of a derived quantity q with blinding t_q: chunks 0..2 take free
// blindings; chunk 3's is solved so that Σ 2^16j·K_j equals q·G + t_q·H exactly.
std::array<Opening, kChunksPerAux> ChunkOpenings(AuxSlot slot, const Opening& q,
                                                 const OrderSecrets& secrets) {
  std::array<Opening, kChunksPerAux> out;
  Scalar rest = q.blinding;
  Scalar weight = Scalar::One();
  const Scalar radix = Scalar::FromU64(uint64_t{1} << 16);
  for (size_t j = 0; j + 1 < kChunksPerAux; ++j) {
    out[j] = {(q.value >> (16 * j)) & kChunkMask, secrets.ChunkBlinding(slot, j)};
    rest -= weight * out[j].blinding;
    weight *= radix;
  }
  out[kChunksPerAux - 1] = {q.value >> 48, rest * weight.Invert()};
  return out;
}

// Whether an order can be proven at all is decided on the plain values, with branches; the
// outcome is public (an order is sent or not), so these checks run on a declassified copy
// (crypto/ctime.h) and everything after them on the secret originals, branch-free.
Status CheckProvable(const Order& order, const PairSpec& pair, uint64_t available) {
  Order copy = order;
  crypto::DeclassifyValue(copy.size);
  crypto::DeclassifyValue(copy.limit_price);
  crypto::DeclassifyValue(copy.min_fill);
  crypto::DeclassifyValue(available);
  PP_RETURN_IF_ERROR(ValidateOrder(copy, pair).WithFieldPrefix("order"));
  const uint64_t obligation = *Obligation(copy, pair);
  if (obligation > available) {
    return Status::InsufficientFunds("order", "the obligation exceeds the available balance");
  }
  return Status::Ok();
}

// Obligation() without its overflow branches: CheckProvable has established that none of
// these products overflows.
uint64_t ObligationOf(const Order& order, const PairSpec& pair, uint64_t price) {
  if (order.side == Side::kSell) return order.size * pair.base_lot();
  const uint64_t ticks = order.type == OrderType::kLimit ? price : pair.market_buy_collar();
  return order.size * ticks * pair.quote_per_tick();
}

}  // namespace

Result<EncryptedOrder> EncryptOrder(const Order& order, const PairSpec& pair,
                                    const Point& joint_public_key, const BalanceOpening& balance,
                                    const TraderKey& key, crypto::Rng& rng) {
  PP_RETURN_IF_ERROR(CheckProvable(order, pair, balance.available));
  const OrderSecrets secrets(key, order.nonce);
  const bool limit = order.type == OrderType::kLimit;  // public: the type is metadata
  const bool limit_buy = limit && order.side == Side::kBuy;
  const uint64_t price = limit ? *order.limit_price : 0;
  const uint64_t obligation = ObligationOf(order, pair, price);

  EncryptedOrder out;
  out.pair = order.pair;
  out.user_id = order.user_id;
  out.nonce = order.nonce;
  out.side = order.side;
  out.type = order.type;
  out.validity = order.validity;
  out.expiry = order.expiry;
  out.size = EncryptValue(ValueSlot::kSize, order.size, joint_public_key, secrets);
  if (limit) out.price = EncryptValue(ValueSlot::kPrice, price, joint_public_key, secrets);
  out.min_fill = EncryptValue(ValueSlot::kMinFill, order.min_fill, joint_public_key, secrets);

  const Scalar t_size = secrets.ValueBlinding(ValueSlot::kSize);
  const Scalar t_min_fill = secrets.ValueBlinding(ValueSlot::kMinFill);
  const Scalar t_price = secrets.ValueBlinding(ValueSlot::kPrice);
  const Scalar size_scalar = Scalar::FromU64(order.size);
  const Scalar price_scalar = Scalar::FromU64(price);
  if (limit_buy) {
    out.product = ProductCommitment{
        Published(crypto::PedersenCommit(size_scalar * price_scalar, secrets.ProductBlinding())),
        std::nullopt};
  }

  // The derived quantities, each with its opening.
  const Scalar t_obligation = ObligationBlinding(order, pair, key);
  auto opening_of = [&](AuxSlot slot) -> Opening {
    switch (slot) {
      case AuxSlot::kSizeMinusMinFill:
        return {order.size - order.min_fill, t_size - t_min_fill};
      case AuxSlot::kSizeMinusMinOrder:
        return {order.size - pair.min_order_size(), t_size};
      case AuxSlot::kMaxOrderMinusSize:
        return {pair.max_order_size() - order.size, -t_size};
      case AuxSlot::kRemainder:
        return {balance.available - obligation, balance.blinding - t_obligation};
      case AuxSlot::kPriceMinusOne:
        return {price - 1, t_price};
    }
    return {0, Scalar()};
  };
  std::vector<Opening> range_openings;
  auto add_limbs = [&](ValueSlot slot, uint64_t value) {
    for (size_t j = 0; j < kLimbsPerValue; ++j) {
      range_openings.push_back({(value >> (16 * j)) & kChunkMask, secrets.LimbBlinding(slot, j)});
    }
  };
  add_limbs(ValueSlot::kSize, order.size);
  add_limbs(ValueSlot::kMinFill, order.min_fill);
  if (limit) add_limbs(ValueSlot::kPrice, price);
  for (AuxSlot slot : internal::AuxSlotsFor(order.type)) {
    const auto chunks = ChunkOpenings(slot, opening_of(slot), secrets);
    std::array<Point, kChunksPerAux> commitments;
    for (size_t j = 0; j < kChunksPerAux; ++j) {
      commitments[j] =
          Published(crypto::PedersenCommit(Scalar::FromU64(chunks[j].value), chunks[j].blinding));
      range_openings.push_back(chunks[j]);
    }
    out.aux_chunks.push_back(commitments);
  }
  while (range_openings.size() < kRangeSlots) range_openings.push_back({0, Scalar::One()});

  // The available-balance commitment the verifier will hold: A = available·G + a·H.
  const Point available_commitment =
      Published(crypto::PedersenCommit(Scalar::FromU64(balance.available), balance.blinding));
  crypto::Transcript t =
      internal::BindOrderStatement(out, pair, joint_public_key, available_commitment);

  auto prove_value = [&](ValueSlot slot, uint64_t value, EncryptedValue& v) -> Status {
    for (size_t j = 0; j < kLimbsPerValue; ++j) {
      auto& limb = v.limbs[j];
      PP_ASSIGN_OR_RETURN(limb.equality_proof,
                          crypto::CiphertextCommitmentEqualityProof::Prove(
                              t, joint_public_key, limb.ciphertext, limb.commitment,
                              Scalar::FromU64((value >> (16 * j)) & kChunkMask),
                              secrets.LimbRandomness(slot, j), secrets.LimbBlinding(slot, j), rng));
    }
    return Status::Ok();
  };
  PP_RETURN_IF_ERROR(prove_value(ValueSlot::kSize, order.size, out.size));
  if (limit) PP_RETURN_IF_ERROR(prove_value(ValueSlot::kPrice, price, *out.price));
  PP_RETURN_IF_ERROR(prove_value(ValueSlot::kMinFill, order.min_fill, out.min_fill));
  if (limit_buy) {
    PP_ASSIGN_OR_RETURN(out.product->proof, crypto::ProductProof::Prove(
                                                t, out.size.Commitment(), out.price->Commitment(),
                                                out.product->commitment, size_scalar, t_size,
                                                t_price, secrets.ProductBlinding(), rng));
  }

  for (size_t i = 0; i < kRangeProofs; ++i) {
    std::vector<uint64_t> values;
    std::vector<Scalar> blindings;
    for (size_t k = i * kSlotsPerRangeProof; k < (i + 1) * kSlotsPerRangeProof; ++k) {
      values.push_back(range_openings[k].value);
      blindings.push_back(range_openings[k].blinding);
    }
    crypto::Transcript range_t = internal::RangeTranscript(t, i);
    PP_ASSIGN_OR_RETURN(auto proof,
                        crypto::RangeProof::Prove(range_t, values, blindings, kRangeBits, rng));
    out.range_proofs.push_back(std::move(proof));
  }
  out.signature = key.Sign(kOrderSignatureDomain, out.SignedBytes());
  return out;
}

}  // namespace phantompool::order
