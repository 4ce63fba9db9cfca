// Threshold decryption shares of a closed batch.
//
// Orders are encrypted under the joint key PK = s·G with an ElGamal KEM: R = r·G and
// K = r·PK = s·R. For a batch with points R_1..R_m, executor i returns D_ij = s_i·R_j and
// ONE batched DLEQ proof (BatchDleqProof, statement B = G, P = VK_i, bases R_j, publics
// D_ij) that every D_ij uses the same s_i as its verification key. The proof's transcript
// binds the key set (its transcript hash), the caller's context (the coordinator passes a
// digest of the frozen batch) and i, so a response cannot be replayed for another batch,
// key or executor. Any t verified responses combine into K_j = Σ λ_i·D_ij = s·R_j.
//
// One proof covers the whole response, so a bad proof condemns the whole response: there
// is no per-share proof to find which D_ij is wrong, and there need not be — the combiner
// drops that executor's response and uses another executor's (VerifyDecryptionResponses
// names the bad ones).
//
// Wire format, version 1 (7 + 32·m + 97 bytes): kind (0x20) || version (1) || index (1)
// || m (u32 LE, 1..kMaxShares) || D_i1 .. D_im (32 each, canonical, not the identity)
// || proof (97, dleq_proof.h).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "phantompool/common/result.h"
#include "phantompool/crypto/dleq_proof.h"
#include "phantompool/crypto/point.h"
#include "phantompool/crypto/rng.h"
#include "phantompool/crypto/sigma_codec.h"
#include "phantompool/crypto/threshold/key_share.h"
#include "phantompool/crypto/threshold/public_key_set.h"

namespace phantompool::crypto::threshold {

inline constexpr std::string_view kDecryptionProtocol = "phantompool/threshold-decryption/v1";

class DecryptionShares {
 public:
  static constexpr uint8_t kKind = 0x20;
  static constexpr uint8_t kVersion = 1;
  static constexpr size_t kMaxShares = size_t{1} << 20;
  static constexpr size_t SizeFor(size_t m) { return 7 + 32 * m + BatchDleqProof::kSize; }

  uint32_t index() const { return index_; }
  std::span<const Point> shares() const { return shares_; }
  const BatchDleqProof& proof() const { return proof_; }

  std::vector<uint8_t> Serialize() const;
  // Structure only (errors name "decryption_shares.shares[17]" etc.); the proof is checked
  // by VerifyDecryptionShares.
  static Result<DecryptionShares> Parse(std::span<const uint8_t> bytes);

 private:
  friend Result<DecryptionShares> ProveDecryptionShares(std::span<const uint8_t>, const KeyShare&,
                                                        std::span<const Point>, Rng&);
  DecryptionShares(uint32_t index, std::vector<Point> shares, BatchDleqProof proof)
      : index_(index), shares_(std::move(shares)), proof_(proof) {}

  uint32_t index_;
  std::vector<Point> shares_;
  BatchDleqProof proof_;
};

// D_j = s_i·R_j for every j and the batched proof. Constant time in s_i. InvalidArgument
// on an empty or over-long batch or an identity R_j ("R[j]").
Result<DecryptionShares> ProveDecryptionShares(std::span<const uint8_t> context,
                                               const KeyShare& key, std::span<const Point> R,
                                               Rng& rng);

// The response of executor `index` for these R_j under this key set. InvalidArgument on a
// malformed statement (identity R_j, wrong count, index not in 1..n or not the response's
// own); VerificationFailed if the proof does not verify. Variable time (public data).
Status VerifyDecryptionShares(std::span<const uint8_t> context, const PublicKeySet& keys,
                              uint32_t index, std::span<const Point> R,
                              const DecryptionShares& shares);
// As VerifyDecryptionShares, but adds the proof's equations to `batch` (built on the
// verifier's Rng), for a caller that checks these with other proofs in one batch.Holds().
// (For decryption shares alone it does not pay: see docs/crypto-threshold.md.)
Status VerifyDecryptionSharesBatched(std::span<const uint8_t> context, const PublicKeySet& keys,
                                     uint32_t index, std::span<const Point> R,
                                     const DecryptionShares& shares, sigma::CombinedCheck& batch);

// Verifies several executors' responses, each against its own index, and names the bad
// ones: result[k] is the verdict on responses[k].
std::vector<Status> VerifyDecryptionResponses(std::span<const uint8_t> context,
                                              const PublicKeySet& keys, std::span<const Point> R,
                                              std::span<const DecryptionShares> responses);

// K_j = Σ_i λ_i·D_ij over t of the given responses (the cheapest quorum among them, see
// lagrange.h), which the caller has verified. Needs at least t responses with distinct
// indices of this key set, all of the same length; FailedPrecondition ("responses: 2 of
// the 3 needed") or InvalidArgument otherwise. Variable time: shares are public.
Result<std::vector<Point>> CombineShares(const PublicKeySet& keys,
                                         std::span<const DecryptionShares> responses);

}  // namespace phantompool::crypto::threshold
