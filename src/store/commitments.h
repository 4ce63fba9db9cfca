// Commitment arithmetic for balances: the only place the store does group operations.
//
// available_commitment = balance·G − Σ obligation commitments of the open orders: the point
// the trader's solvency and withdrawal proofs are checked against. balance_commitment
// commits to the plaintext custody balance with blinding 0 (balance·G): the server knows the
// balance anyway, and anyone holding it can recompute the commitment. Every point that comes
// from outside is decoded strictly; one that comes from the database and does not decode is
// Corruption.
#pragma once

#include <string_view>

#include "phantompool/crypto/point.h"
#include "phantompool/store/records.h"

namespace phantompool::store::internal {

// The encoding of the identity: 32 zero bytes.
inline Commitment IdentityCommitment() {
  return Commitment{};
}
// balance·G.
Commitment BalanceCommitment(uint64_t balance);
Commitment EncodePoint(const crypto::Point& p);
// A stored commitment (identity allowed); Corruption naming `field` if it does not decode.
Result<crypto::Point> DecodeStored(const Commitment& c, std::string_view field);
// A commitment handed in by a caller (identity allowed); InvalidArgument naming `field`.
Result<crypto::Point> DecodeInput(const Commitment& c, std::string_view field);
// balance_commitment − available_commitment: what the open orders lock.
Result<Commitment> LockedCommitment(const Commitment& balance, const Commitment& available);

}  // namespace phantompool::store::internal
