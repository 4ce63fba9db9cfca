// What prover and verifier of an order compute identically: the transcript binding, the
// derived quantities' target commitments and the list of range-proof commitments.
// Internal to the order module.
#pragma once

#include <vector>

#include "phantompool/crypto/transcript.h"
#include "phantompool/order/encrypted_order.h"

namespace phantompool::order::internal {

inline constexpr std::string_view kOrderProtocol = "phantompool/order/v1";

// The aux slots an order of this type carries, in wire order.
std::vector<AuxSlot> AuxSlotsFor(OrderType type);

// Starts the order transcript and binds context, metadata, pair parameters, the joint
// key, A and every ciphertext and commitment (not the proofs).
crypto::Transcript BindOrderStatement(const EncryptedOrder& order, const PairSpec& pair,
                                      const crypto::Point& joint_public_key,
                                      const crypto::Point& available_commitment);

// The commitment each aux slot's chunks must recombine to, from public data only.
crypto::Point AuxTarget(AuxSlot slot, const EncryptedOrder& order, const PairSpec& pair,
                        const crypto::Point& available_commitment);

// Σ_j 2^(16j)·chunks[j].
crypto::Point Recombine(std::span<const crypto::Point> chunks);

// The 32 range-proof commitments: limbs of size, min fill, (price), then the aux chunks,
// padded with H (a commitment to 0 with blinding 1). Proof i takes [16i, 16i + 16).
std::vector<crypto::Point> RangeCommitments(const EncryptedOrder& order);

// The transcript of range proof i: a fork of the order transcript (after every other
// proof) with the proof's index bound, so the two proofs can be verified in one batch.
crypto::Transcript RangeTranscript(const crypto::Transcript& order_transcript, size_t index);

}  // namespace phantompool::order::internal
