// WithdrawalProof: a trader's proof that withdrawing `amount` of a token leaves every open
// (and frozen) order of its in that token covered.
//
// The store knows the plaintext balance but not what open orders have locked (their
// obligations are commitments). A = balance·G − Σ locked commits to what is available;
// the trader, who knows A's opening, proves with one 64-bit range proof that
// A − amount·G commits to a value in [0, 2^64): available − amount ≥ 0. The store then
// debits only if A is still the user's available commitment (compare-and-set under the
// balance row's lock), so no order can be locked in between. The transcript binds user,
// token, amount, the withdrawal's idempotency reference and A: a proof cannot be reused for
// another withdrawal.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "phantompool/common/result.h"
#include "phantompool/crypto/point.h"
#include "phantompool/crypto/range_proof.h"
#include "phantompool/crypto/rng.h"
#include "phantompool/order/encrypted_order.h"

namespace phantompool::order {

struct WithdrawalStatement {
  std::string_view user_id;
  std::string_view token;
  uint64_t amount = 0;
  std::string_view reference;          // the withdrawal's idempotency key
  crypto::Point available_commitment;  // A, as the store holds it
};

class WithdrawalProof {
 public:
  static constexpr size_t kSize = crypto::RangeProofBytes(6);  // one 64-bit value

  // Fails (InsufficientFunds) if amount exceeds the available balance: a false statement
  // cannot be proven. Constant time in the balance opening.
  static Result<WithdrawalProof> Prove(const WithdrawalStatement& statement,
                                       const BalanceOpening& balance, crypto::Rng& rng);
  Status Verify(const WithdrawalStatement& statement) const;

  std::vector<uint8_t> Serialize() const { return proof_.Serialize(); }
  static Result<WithdrawalProof> Parse(std::span<const uint8_t> bytes,
                                       std::string_view field = "withdrawal_proof");

 private:
  explicit WithdrawalProof(crypto::RangeProof proof) : proof_(std::move(proof)) {}
  crypto::RangeProof proof_;
};

}  // namespace phantompool::order
