#include "phantompool/order/withdrawal_proof.h"

#include "phantompool/crypto/ctime.h"
#include "phantompool/crypto/pedersen.h"

namespace phantompool::order {
namespace {

using crypto::Point;
using crypto::Scalar;

crypto::Transcript Bind(const WithdrawalStatement& s) {
  crypto::Transcript t("phantompool/withdrawal/v1");
  t.AppendMessage("user_id", s.user_id);
  t.AppendMessage("token", s.token);
  t.AppendU64("amount", s.amount);
  t.AppendMessage("reference", s.reference);
  t.AppendPoint("available_commitment", s.available_commitment);
  return t;
}

// A − amount·G: what must commit to a non-negative value.
Point Remaining(const WithdrawalStatement& s) {
  return s.available_commitment - Point::MulBase(Scalar::FromU64(s.amount));
}

}  // namespace

Result<WithdrawalProof> WithdrawalProof::Prove(const WithdrawalStatement& statement,
                                               const BalanceOpening& balance, crypto::Rng& rng) {
  // Whether the withdrawal is possible is the outcome the trader sees anyway (it is sent
  // or not): decided on a declassified copy.
  uint64_t available = balance.available;
  crypto::DeclassifyValue(available);
  if (statement.amount > available) {
    return Status::InsufficientFunds("amount", "exceeds the available balance");
  }
  crypto::Transcript t = Bind(statement);
  const uint64_t value[] = {balance.available - statement.amount};
  const Scalar blinding[] = {balance.blinding};
  PP_ASSIGN_OR_RETURN(auto proof, crypto::RangeProof::Prove(t, value, blinding, 64, rng));
  return WithdrawalProof(std::move(proof));
}

Status WithdrawalProof::Verify(const WithdrawalStatement& statement) const {
  crypto::Transcript t = Bind(statement);
  const Point v[] = {Remaining(statement)};
  const Status s = proof_.Verify(t, v, 64);
  if (s.ok()) return s;
  return Status::VerificationFailed("withdrawal_proof",
                                    "does not show that the available balance covers the amount");
}

Result<WithdrawalProof> WithdrawalProof::Parse(std::span<const uint8_t> bytes,
                                               std::string_view field) {
  if (bytes.size() != kSize) {
    return Status::InvalidArgument(std::string(field),
                                   "must be " + std::to_string(kSize) + " bytes");
  }
  PP_ASSIGN_OR_RETURN(auto proof, crypto::RangeProof::Parse(bytes, field));
  return WithdrawalProof(std::move(proof));
}

}  // namespace phantompool::order
