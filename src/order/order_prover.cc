// EncryptOrder: the trader's side. r, the AEAD nonce, the remainder's blinding and every
// proof nonce come from the Rng; the commitments' blindings from the key seed and R.
#include <sodium.h>

#include <array>

#include "order_assembler.h"
#include "order_statement.h"
#include "phantompool/common/byte_io.h"
#include "phantompool/crypto/ctime.h"
#include "phantompool/crypto/pedersen.h"
#include "phantompool/crypto/sigma_codec.h"
#include "phantompool/order/encrypted_order.h"
#include "phantompool/order/order_secrets.h"

namespace phantompool::order {
namespace {

using crypto::Point;
using crypto::Scalar;
using crypto::SecretScalar;
using crypto::sigma::Published;

constexpr uint64_t kLow32 = 0xffffffffULL;

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
  if (*Obligation(copy, pair) > available) {
    return Status::InsufficientFunds("order", "the obligation exceeds the available balance");
  }
  return Status::Ok();
}

// The opening the quorum decrypts (encrypted_order.h: kOpeningBytes), written without a
// branch on the values.
crypto::SecretBytes OpeningBytes(uint32_t size, uint32_t price_units, uint32_t min_fill,
                                 const OrderBlindings& b, bool has_price) {
  crypto::SecretBytes out(kOpeningBytes);
  auto bytes = out.ExposeSecretMutable();
  size_t pos = 0;
  bytes[pos++] = kOpeningVersion;
  for (uint32_t v : {size, price_units, min_fill}) {
    for (int i = 0; i < 4; ++i) bytes[pos++] = static_cast<uint8_t>(v >> (8 * i));
  }
  const Scalar zero;
  for (const Scalar* t : {&b.size.ExposeSecret(), has_price ? &b.price.ExposeSecret() : &zero,
                          &b.min_fill.ExposeSecret()}) {
    const auto tb = t->ToBytes();
    std::copy(tb.begin(), tb.end(), bytes.begin() + static_cast<std::ptrdiff_t>(pos));
    pos += tb.size();
  }
  return out;
}

}  // namespace

Result<EncryptedOrder> EncryptOrder(const Order& order, const PairSpec& pair,
                                    const Point& joint_public_key, uint32_t key_epoch,
                                    const BalanceOpening& balance, const TraderKey& key,
                                    crypto::Rng& rng) {
  PP_RETURN_IF_ERROR(CheckProvable(order, pair, balance.available));
  if (joint_public_key.IsIdentity()) {
    return Status::InvalidArgument("joint_public_key", "must not be the identity");
  }
  // Public from here on: the type and side are metadata.
  const bool limit = order.type == OrderType::kLimit;
  const bool limit_buy = limit && order.side == Side::kBuy;
  // CheckProvable established the bounds: every value below fits 32 bits, nothing wraps.
  const uint64_t tick = pair.tick_size();
  const uint64_t price_units = limit ? *order.limit_price / tick : 0;
  // Obligation() without its range checks (CheckProvable ran them): branch-free on the
  // secret size and price, which the pair's factory bounds below 2^63 when multiplied.
  const uint64_t per_lot = order.side == Side::kSell ? pair.base_lot()
                           : limit                   ? price_units * tick * pair.quote_per_tick()
                                   : pair.market_buy_collar() * pair.quote_per_tick();
  const uint64_t obligation = order.size * per_lot;
  const uint64_t remainder = balance.available - obligation;

  // The KEM: R = r·G is public, K = r·PK is the secret the quorum recomputes.
  const SecretScalar r = SecretScalar::Random(rng);
  OrderHeader h;
  h.kem.R = Published(Point::MulBase(r.ExposeSecret()));
  PP_ASSIGN_OR_RETURN(auto shared, Point::EncodeSecretProduct(r.ExposeSecret(), joint_public_key));
  h.kem.nonce = Published(crypto::RandomAeadNonce(rng));

  const OrderBlindings b = DeriveOrderBlindings(key, h.kem.R);
  const Scalar& t_size = b.size.ExposeSecret();
  const Scalar& t_price = b.price.ExposeSecret();
  const Scalar& t_min = b.min_fill.ExposeSecret();
  const SecretScalar t_high = SecretScalar::Random(rng);
  const Scalar size_s = Scalar::FromU64(order.size);
  const Scalar price_s = Scalar::FromU64(price_units);

  h.pair = order.pair;
  h.user_id = order.user_id;
  h.nonce = order.nonce;
  h.side = order.side;
  h.type = order.type;
  h.validity = order.validity;
  h.expiry = order.expiry;
  h.key_epoch = key_epoch;
  h.size = Published(crypto::PedersenCommit(size_s, t_size));
  if (limit) h.price = Published(crypto::PedersenCommit(price_s, t_price));
  h.min_fill = Published(crypto::PedersenCommit(Scalar::FromU64(order.min_fill), t_min));
  if (limit_buy) {
    h.product = Published(crypto::PedersenCommit(size_s * price_s, b.product.ExposeSecret()));
  }
  h.remainder_high =
      Published(crypto::PedersenCommit(Scalar::FromU64(remainder >> 32), t_high.ExposeSecret()));

  // The opening, sealed under the KEM key with everything before the ciphertext as
  // associated data; the same key wrapped for the trader.
  {
    const crypto::SecretBytes kem_key = internal::KemKey(
        shared, h.kem.R, joint_public_key, key_epoch, order.pair, order.user_id, order.nonce);
    const crypto::SecretBytes opening =
        OpeningBytes(static_cast<uint32_t>(order.size), static_cast<uint32_t>(price_units),
                     static_cast<uint32_t>(order.min_fill), b, limit);
    h.kem.ciphertext = crypto::AeadSeal(
        kem_key, h.kem.nonce, EncryptedOrderAssembler::AssociatedData(h), opening.ExposeSecret());
    const crypto::SecretBytes pad =
        internal::TraderWrapPad(key, h.kem.R, order.pair, order.user_id, order.nonce);
    for (size_t i = 0; i < kTraderWrapBytes; ++i) {
      h.kem.trader_wrap[i] = kem_key.ExposeSecret()[i] ^ pad.ExposeSecret()[i];
    }
    crypto::Declassify(h.kem.ciphertext.data(), h.kem.ciphertext.size());
    crypto::DeclassifyValue(h.kem.trader_wrap);
    sodium_memzero(shared.data(), shared.size());
  }
  const std::vector<uint8_t> statement = EncryptedOrderAssembler::StatementBytes(h, nullptr);

  crypto::Transcript kem_t = internal::KemTranscript(statement, joint_public_key, key_epoch);
  PP_ASSIGN_OR_RETURN(auto kem_proof, crypto::SchnorrProof::Prove(kem_t, h.kem.R, r, rng));

  const Point available_commitment =
      Published(crypto::PedersenCommit(Scalar::FromU64(balance.available), balance.blinding));
  crypto::Transcript t =
      internal::OrderTranscript(statement, pair, joint_public_key, available_commitment);
  std::optional<crypto::ProductProof> product_proof;
  if (limit_buy) {
    PP_ASSIGN_OR_RETURN(product_proof,
                        crypto::ProductProof::Prove(t, h.size, *h.price, *h.product, size_s, t_size,
                                                    t_price, b.product.ExposeSecret(), rng));
  }

  using internal::RangeSlot;
  Scalar t_remainder = balance.blinding - ObligationBlinding(order.side, order.type, pair, b);
  const Scalar two32 = Scalar::FromU64(uint64_t{1} << 32);
  const uint64_t min_units = pair.min_price() / tick;
  const uint64_t max_units = pair.max_price() / tick;
  std::array<uint64_t, kRangeValues> values{};
  std::array<Scalar, kRangeValues> blindings;
  values[RangeSlot::kSizeAboveMin] = order.size - pair.min_order_size();
  blindings[RangeSlot::kSizeAboveMin] = t_size;
  values[RangeSlot::kSizeBelowMax] = pair.max_order_size() - order.size;
  blindings[RangeSlot::kSizeBelowMax] = -t_size;
  values[RangeSlot::kMinFill] = order.min_fill;
  blindings[RangeSlot::kMinFill] = t_min;
  values[RangeSlot::kSizeAboveMinFill] = order.size - order.min_fill;
  blindings[RangeSlot::kSizeAboveMinFill] = t_size - t_min;
  if (limit) {
    values[RangeSlot::kPriceAboveMin] = price_units - min_units;
    blindings[RangeSlot::kPriceAboveMin] = t_price;
    values[RangeSlot::kPriceBelowMax] = max_units - price_units;
    blindings[RangeSlot::kPriceBelowMax] = -t_price;
  } else {
    // Commitments to 0 with blinding 1 (that is, H): market orders have no price to bound.
    blindings[RangeSlot::kPriceAboveMin] = Scalar::One();
    blindings[RangeSlot::kPriceBelowMax] = Scalar::One();
  }
  values[RangeSlot::kRemainderLow] = remainder & kLow32;
  blindings[RangeSlot::kRemainderLow] = t_remainder - two32 * t_high.ExposeSecret();
  values[RangeSlot::kRemainderHigh] = remainder >> 32;
  blindings[RangeSlot::kRemainderHigh] = t_high.ExposeSecret();
  auto range = crypto::RangeProof::Prove(t, values, blindings, kRangeBits, rng,
                                         crypto::CommitmentBinding::kBoundByCaller);
  crypto::sigma::Wipe(blindings);
  crypto::sigma::Wipe(std::span<Scalar>(&t_remainder, 1));
  sodium_memzero(values.data(), sizeof values);
  if (!range.ok()) return range.status();
  return EncryptedOrderAssembler::Assemble(h, kem_proof, product_proof, *range, key);
}

}  // namespace phantompool::order
