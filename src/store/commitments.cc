#include "commitments.h"

#include <algorithm>

namespace phantompool::store::internal {

using crypto::IdentityPolicy;
using crypto::Point;

Commitment EncodePoint(const Point& p) {
  Commitment out;
  const auto e = p.Encode();
  std::copy(e.begin(), e.end(), out.begin());
  return out;
}

Commitment BalanceCommitment(uint64_t balance) {
  return EncodePoint(Point::MulBase(crypto::Scalar::FromU64(balance)));
}

Result<Point> DecodeStored(const Commitment& c, std::string_view field) {
  auto p = Point::Decode(c, field, IdentityPolicy::kAllow);
  if (!p.ok()) return Status::Corruption(std::string(field), "stored commitment does not decode");
  return p;
}

Result<Point> DecodeInput(const Commitment& c, std::string_view field) {
  return Point::Decode(c, field, IdentityPolicy::kAllow);
}

Result<Commitment> LockedCommitment(const Commitment& balance, const Commitment& available) {
  PP_ASSIGN_OR_RETURN(Point b, DecodeStored(balance, "user_balances.balance_commitment"));
  PP_ASSIGN_OR_RETURN(Point a, DecodeStored(available, "user_balances.available_commitment"));
  return EncodePoint(b - a);
}

}  // namespace phantompool::store::internal
