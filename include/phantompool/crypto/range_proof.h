// Aggregated Bulletproofs range proofs (Bünz et al. 2018, §4.2–4.3), as dalek builds them:
// m values, each proven to lie in [0, 2^bits), in one proof of 2·log2(bits·m) + 4 points
// and 5 scalars (672 bytes for one 64-bit value).
//
// Commitments are V_j = values[j]·G + blindings[j]·H with G, H = PedersenGens::Default().
// The caller binds its statement context (pair, user, nonce, ...) into the transcript first;
// the proof then binds the protocol version, bits, m and every V_j itself.
//
// Verification is ONE multi-scalar multiplication: the t̂ polynomial check and the whole
// inner-product argument are folded into a single equation (dalek's "mega-check"), with
// the fixed generators' terms running on precomputed tables. Batch verification folds
// many proofs into one MSM with random weights.
//
// Wire form (no version byte: the enclosing object carries the version):
//   A, S, T1, T2 (points) | taux, mu, t_hat (scalars) | L[0..k) | R[0..k) | a, b (scalars)
// = 32·(2k + 9) bytes, k = log2(bits·m) ∈ [3, 12].
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "phantompool/common/result.h"
#include "phantompool/crypto/inner_product_proof.h"
#include "phantompool/crypto/point.h"
#include "phantompool/crypto/rng.h"
#include "phantompool/crypto/scalar.h"
#include "phantompool/crypto/transcript.h"

namespace phantompool::crypto {

inline constexpr size_t kRangeProofMinRounds = 3;   // 8 bits, 1 value
inline constexpr size_t kRangeProofMaxRounds = 12;  // 64 bits, 64 values
inline constexpr size_t kRangeProofMaxValues = 64;

// Serialised size for k inner-product rounds.
constexpr size_t RangeProofBytes(size_t rounds) {
  return 32 * (2 * rounds + 9);
}

// How a proof's transcript binds its commitments V_j.
enum class CommitmentBinding {
  // The proof absorbs every V_j itself (the default).
  kAppend,
  // The caller's transcript has already bound public values that determine every V_j
  // (an order's commitments, from which its range statements are derived by public
  // linear maps), so the proof does not absorb them again. Verification then needs no V_j
  // encodings: the verifier adds the V_j terms to one multi-scalar multiplication as
  // linear combinations of points it already has (VerificationBatch::AddRangeProof).
  kBoundByCaller,
};

class RangeProof {
 public:
  // Proves values[j] ∈ [0, 2^bits) for V_j = values[j]·G + blindings[j]·H.
  // bits ∈ {8, 16, 32, 64}; values.size() = m, a power of two, 1 ≤ m ≤ 64. A value out of
  // range is an error (a false statement cannot be proven). Constant time in the values,
  // the blindings and the randomness, except that whether some value is out of range is
  // revealed (it is the error).
  static Result<RangeProof> Prove(Transcript& t, std::span<const uint64_t> values,
                                  std::span<const Scalar> blindings, size_t bits, Rng& rng,
                                  CommitmentBinding binding = CommitmentBinding::kAppend);

  // Checks the proof for commitments V_j (one per proven value, m = commitments.size())
  // against the transcript in the state Prove saw. Error fields are relative to the proof
  // ("bits", "commitments", "L[3]", or empty when the equation fails), for the caller to
  // prefix; a well-formed proof that is false gives VerificationFailed.
  Status Verify(Transcript& t, std::span<const Point> commitments, size_t bits) const;

  std::vector<uint8_t> Serialize() const;
  // Strict: the length must be RangeProofBytes(k) for k ∈ [3, 12]; every point canonical
  // and not the identity, every scalar canonical. `field` prefixes every error
  // ("range_proof.L[3]: non-canonical point encoding").
  static Result<RangeProof> Parse(std::span<const uint8_t> bytes, std::string_view field);

  // log2(bits·m): what Verify checks against its statement.
  size_t rounds() const { return ipa_.rounds(); }

  using Encoding = InnerProductProof::Encoding;

  const Point& A() const { return points_[0]; }
  const Point& S() const { return points_[1]; }
  const Point& T1() const { return points_[2]; }
  const Point& T2() const { return points_[3]; }
  // Canonical encodings of A, S, T1, T2 (kept so that verification need not re-encode).
  const std::array<Encoding, 4>& PointBytes() const { return bytes_; }
  const Scalar& taux() const { return taux_; }
  const Scalar& mu() const { return mu_; }
  const Scalar& t_hat() const { return t_hat_; }
  const InnerProductProof& ipa() const { return ipa_; }

 private:
  // Tests reach the unchecked prover through this peer to show that a proof of an
  // out-of-range value, built by skipping the range check, does not verify.
  friend class RangeProofTestPeer;
  static Result<RangeProof> ProveImpl(Transcript& t, std::span<const uint64_t> values,
                                      std::span<const Scalar> blindings, size_t bits, Rng& rng,
                                      bool check_range, CommitmentBinding binding);

  RangeProof(const std::array<Point, 4>& points, const std::array<Encoding, 4>& bytes,
             const Scalar& taux, const Scalar& mu, const Scalar& t_hat, InnerProductProof ipa)
      : points_(points), bytes_(bytes), taux_(taux), mu_(mu), t_hat_(t_hat), ipa_(std::move(ipa)) {}

  std::array<Point, 4> points_;  // A, S, T1, T2
  std::array<Encoding, 4> bytes_;
  Scalar taux_, mu_, t_hat_;
  InnerProductProof ipa_;
};

// One proof in a batch: its transcript in the state Verify would see, and its statement.
struct RangeProofInstance {
  const RangeProof* proof;
  Transcript transcript;
  std::vector<Point> commitments;
  size_t bits;
};

// Verifies every instance in ONE multi-scalar multiplication: each proof's equation gets
// two independent random weights from rng, the generator terms are summed across proofs.
// On failure, re-verifies one by one and returns the first failing proof's Status with
// its index ("range_proofs[7].ipa.L[2]: ..."). Statement errors (wrong bits or round
// count) are reported the same way without running the MSM.
Status BatchVerifyRangeProofs(std::span<RangeProofInstance> instances, Rng& rng);

}  // namespace phantompool::crypto
