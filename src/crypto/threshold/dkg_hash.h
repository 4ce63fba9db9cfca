// Hashes of the DKG (internal): the transcript that binds a dealer's proof of knowledge, and
// BLAKE2b-256 digests of message bodies.
#pragma once

#include <cstdint>
#include <span>

#include "phantompool/crypto/point.h"
#include "phantompool/crypto/threshold/dkg_config.h"
#include "phantompool/crypto/transcript.h"

namespace phantompool::crypto::threshold::internal {

// The transcript a dealer's proof of knowledge of a_0 runs on: the context id, the dealer's
// index and all of its commitments, so the proof is only valid for this dealer, this run and
// this polynomial.
Transcript ProofOfKnowledgeTranscript(const ContextId& context, uint32_t dealer,
                                      std::span<const Point> commitments);

// BLAKE2b-256 of `bytes`.
Digest Blake2b256(std::span<const uint8_t> bytes);

}  // namespace phantompool::crypto::threshold::internal
