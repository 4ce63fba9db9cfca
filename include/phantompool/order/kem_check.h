// The check an executor runs itself before it releases a decryption share of any order's R.
//
// Releasing s_i·R for an R opens whatever order carries R, whatever its context, so the
// checks that stop the quorum from being a decryption oracle must run where the share is
// computed, not only at the server's intake. An order's R is usable only with the order's
// Schnorr proof of knowledge of r, which binds the joint key, its epoch and the order's
// whole statement (user, pair, nonce, commitments, ciphertext): a ciphertext copied into
// another order carries a proof that does not verify there (docs/order.md).
#pragma once

#include <span>
#include <vector>

#include "phantompool/common/result.h"
#include "phantompool/crypto/point.h"
#include "phantompool/order/kem_statement.h"

namespace phantompool::order {

// One Status per order: its proof of knowledge of r under (joint key, epoch), all checked
// in one multi-scalar multiplication (bisected on failure to name every bad order), and
// refused if another order of the batch carries the same R. Errors name "orders[i].…".
std::vector<Status> VerifyKemProofs(std::span<const KemStatement* const> orders,
                                    const crypto::Point& joint_public_key, uint32_t key_epoch);

}  // namespace phantompool::order
