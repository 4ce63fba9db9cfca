#include "order_statement.h"
#include "phantompool/order/encrypted_order.h"

namespace phantompool::order {

using crypto::Point;
using crypto::Scalar;

Point ObligationCommitment(const EncryptedOrder& order, const PairSpec& pair) {
  const Scalar k = internal::ObligationFactor(order.side(), order.type(), pair);
  const Point& c =
      order.product_commitment() ? *order.product_commitment() : order.size_commitment();
  return c * k;
}

Point AvailableBalanceCommitment(uint64_t ledger_balance, std::span<const Point> locked) {
  Point a = Point::MulBase(Scalar::FromU64(ledger_balance));
  for (const auto& c : locked) a -= c;
  return a;
}

}  // namespace phantompool::order
