// Batch verification: many range proofs, one multi-scalar multiplication.
//
// Proof k's two equations get independent random weights u1_k, u2_k from the caller's
// Rng; the weighted terms are summed, so the G_i/H_i and Pedersen G/H scalars of every
// proof merge into one set of fixed-base terms and only each proof's own points (V, A, S,
// T1, T2, L, R) remain per proof, for Pippenger. If the sum is not the identity, some
// proof is invalid (a valid batch never fails; an invalid one passes with probability
// ~2^-252), and the proofs are re-verified one by one to name it.
#include <algorithm>
#include <string>

#include "phantompool/crypto/range_proof.h"
#include "range_proof_internal.h"

namespace phantompool::crypto {

Status BatchVerifyRangeProofs(std::span<RangeProofInstance> instances, Rng& rng) {
  namespace rpi = range_proof_internal;
  if (instances.empty()) return Status::Ok();
  auto field_of = [](size_t i) { return "range_proofs[" + std::to_string(i) + "]"; };

  // Replay on copies: the originals stay untouched for the one-by-one pass.
  std::vector<rpi::Challenges> challenges;
  std::vector<Transcript> replayed;
  challenges.reserve(instances.size());
  replayed.reserve(instances.size());
  size_t max_n = 0;
  for (size_t i = 0; i < instances.size(); ++i) {
    RangeProofInstance& inst = instances[i];
    if (inst.proof == nullptr) return Status::InvalidArgument(field_of(i), "missing proof");
    Transcript t = inst.transcript;
    PP_ASSIGN_OR_RETURN(rpi::Challenges ch,
                        rpi::Replay(*inst.proof, t, inst.commitments, inst.commitments.size(),
                                    inst.bits, field_of(i)));
    challenges.push_back(std::move(ch));
    replayed.push_back(t);
    max_n = std::max(max_n, inst.bits * inst.commitments.size());
  }

  rpi::FinishChallenges(challenges);
  rpi::Accumulator acc(max_n);
  for (size_t i = 0; i < instances.size(); ++i) {
    const RangeProofInstance& inst = instances[i];
    const Scalar u1 = Scalar::Random(rng);
    const Scalar u2 = Scalar::Random(rng);
    rpi::AddTerms(*inst.proof, challenges[i], inst.commitments, inst.commitments.size(), inst.bits,
                  u1, u2, acc);
  }
  if (rpi::Evaluate(acc).IsIdentity()) {
    // Leave each transcript where Verify would have left it.
    for (size_t i = 0; i < instances.size(); ++i) instances[i].transcript = replayed[i];
    return Status::Ok();
  }
  for (size_t i = 0; i < instances.size(); ++i) {
    Transcript t = instances[i].transcript;
    Status s = rpi::VerifyAs(*instances[i].proof, t, instances[i].commitments, instances[i].bits,
                             field_of(i));
    if (!s.ok()) return s;
  }
  return Status::VerificationFailed("range_proofs", "batch does not verify");
}

}  // namespace phantompool::crypto
