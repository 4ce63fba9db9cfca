#include "phantompool/order/order_secrets.h"

#include <sodium.h>

#include <array>
#include <string>

#include "phantompool/crypto/hkdf.h"

namespace phantompool::order {
namespace {

using crypto::Scalar;

constexpr std::string_view kInfoPrefix = "phantompool/order-secrets/v1/";

std::string ValueName(ValueSlot v) {
  switch (v) {
    case ValueSlot::kSize:
      return "size";
    case ValueSlot::kPrice:
      return "price";
    case ValueSlot::kMinFill:
      return "min_fill";
  }
  return "?";
}

}  // namespace

Scalar OrderSecrets::Derive(std::string_view label) const {
  const std::string info = std::string(kInfoPrefix) + std::string(label);
  std::array<uint8_t, 64> wide;
  crypto::HkdfSha256(key_.ExposeSeed(), nonce_,
                     {reinterpret_cast<const uint8_t*>(info.data()), info.size()}, wide);
  Scalar s = Scalar::FromUniformBytes(wide);
  sodium_memzero(wide.data(), wide.size());
  return s;
}

Scalar OrderSecrets::LimbBlinding(ValueSlot v, size_t limb) const {
  return Derive(ValueName(v) + "/limb/" + std::to_string(limb) + "/blinding");
}

Scalar OrderSecrets::LimbRandomness(ValueSlot v, size_t limb) const {
  return Derive(ValueName(v) + "/limb/" + std::to_string(limb) + "/elgamal");
}

Scalar OrderSecrets::ValueBlinding(ValueSlot v) const {
  Scalar total;
  Scalar weight = Scalar::One();
  const Scalar radix = Scalar::FromU64(uint64_t{1} << 16);
  for (size_t j = 0; j < 4; ++j) {
    total += weight * LimbBlinding(v, j);
    weight *= radix;
  }
  return total;
}

Scalar OrderSecrets::ProductBlinding() const {
  return Derive("product/blinding");
}

Scalar OrderSecrets::ChunkBlinding(AuxSlot a, size_t chunk) const {
  return Derive("aux/" + std::to_string(static_cast<int>(a)) + "/chunk/" + std::to_string(chunk));
}

Scalar ObligationBlinding(const Order& order, const PairSpec& pair, const TraderKey& key) {
  OrderSecrets secrets(key, order.nonce);
  if (order.side == Side::kSell) {
    return Scalar::FromU64(pair.base_lot()) * secrets.ValueBlinding(ValueSlot::kSize);
  }
  if (order.type == OrderType::kLimit) {
    return Scalar::FromU64(pair.quote_per_tick()) * secrets.ProductBlinding();
  }
  return Scalar::FromU64(pair.market_buy_collar()) * Scalar::FromU64(pair.quote_per_tick()) *
         secrets.ValueBlinding(ValueSlot::kSize);
}

}  // namespace phantompool::order
