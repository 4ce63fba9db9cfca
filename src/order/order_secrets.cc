#include "phantompool/order/order_secrets.h"

#include <sodium.h>

#include <array>
#include <string>

#include "order_statement.h"
#include "phantompool/crypto/hkdf.h"

namespace phantompool::order {
namespace {

using crypto::Scalar;
using crypto::SecretScalar;

SecretScalar Derive(const TraderKey& key, const std::array<uint8_t, 32>& salt,
                    std::string_view label) {
  const std::string info = "phantompool/order-secrets/v2/" + std::string(label);
  std::array<uint8_t, 64> wide;
  crypto::HkdfSha256(key.ExposeSeed(), salt,
                     {reinterpret_cast<const uint8_t*>(info.data()), info.size()}, wide);
  SecretScalar s(Scalar::FromUniformBytes(wide));
  sodium_memzero(wide.data(), wide.size());
  return s;
}

}  // namespace

OrderBlindings DeriveOrderBlindings(const TraderKey& key, const crypto::Point& R) {
  const auto salt = R.Encode();
  return {Derive(key, salt, "size"), Derive(key, salt, "price"), Derive(key, salt, "min_fill"),
          Derive(key, salt, "product")};
}

Scalar ObligationBlinding(Side side, OrderType type, const PairSpec& pair,
                          const OrderBlindings& b) {
  const Scalar k = internal::ObligationFactor(side, type, pair);
  const bool limit_buy = side == Side::kBuy && type == OrderType::kLimit;
  return k * (limit_buy ? b.product.ExposeSecret() : b.size.ExposeSecret());
}

}  // namespace phantompool::order
