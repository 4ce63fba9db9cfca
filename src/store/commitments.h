// Commitment arithmetic for balances: the only place the store does group operations.
//
// locked_commitment is the sum of the open orders' obligation commitments, and
// available_commitment = balance_commitment - locked_commitment, the point the trader's
// solvency proof is checked against. balance_commitment commits to the plaintext custody
// balance with blinding 0 (balance·G): the server knows the balance anyway, and anyone
// holding it can recompute the commitment. Every input point is decoded strictly.
#pragma once

#include <string_view>

#include "phantompool/store/records.h"

namespace phantompool::store::internal {

// The encoding of the identity: 32 zero bytes.
Commitment IdentityCommitment();
// balance·G.
Commitment BalanceCommitment(uint64_t balance);
// a + b and a - b; each operand decoded strictly (identity allowed for stored sums, not for
// an order's obligation: `b_field` names b in the error). Throws StoreError.
Commitment AddCommitments(const Commitment& a, const Commitment& b, std::string_view b_field,
                          bool b_may_be_identity = false);
Commitment SubCommitments(const Commitment& a, const Commitment& b, std::string_view b_field,
                          bool b_may_be_identity = false);

}  // namespace phantompool::store::internal
