#include "commitments.h"

#include <algorithm>

#include "phantompool/crypto/point.h"
#include "phantompool/crypto/scalar.h"
#include "sql.h"

namespace phantompool::store::internal {
namespace {

using crypto::IdentityPolicy;
using crypto::Point;

Point Stored(const Commitment& c) {
  auto p = Point::Decode(c, "stored commitment", IdentityPolicy::kAllow);
  if (!p.ok()) Fail(Status::Corruption("user_balances", "stored commitment does not decode"));
  return std::move(p).value();
}

Point Decode(const Commitment& c, std::string_view field, bool may_be_identity) {
  auto p =
      Point::Decode(c, field, may_be_identity ? IdentityPolicy::kAllow : IdentityPolicy::kForbid);
  if (!p.ok()) Fail(p.status());
  return std::move(p).value();
}

Commitment Encode(const Point& p) {
  Commitment out;
  const auto e = p.Encode();
  std::copy(e.begin(), e.end(), out.begin());
  return out;
}

}  // namespace

Commitment IdentityCommitment() {
  return Commitment{};
}

Commitment BalanceCommitment(uint64_t balance) {
  return Encode(Point::MulBase(crypto::Scalar::FromU64(balance)));
}

Commitment AddCommitments(const Commitment& a, const Commitment& b, std::string_view b_field,
                          bool b_may_be_identity) {
  return Encode(Stored(a) + Decode(b, b_field, b_may_be_identity));
}

Commitment SubCommitments(const Commitment& a, const Commitment& b, std::string_view b_field,
                          bool b_may_be_identity) {
  return Encode(Stored(a) - Decode(b, b_field, b_may_be_identity));
}

}  // namespace phantompool::store::internal
