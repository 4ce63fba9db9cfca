// VerificationBatch: the verification equations of many proofs — range proofs, sigma proofs
// and any linear relation between public points — checked with ONE multi-scalar
// multiplication.
//
// Every equation Σ s_j·P_j = 0 is multiplied by a random weight and the weighted sums are
// added; the total is the identity when every equation holds, and otherwise with
// probability about 2^-250 per try. The weights must be unpredictable to whoever made the
// proofs, so no caller can pass them in: they are drawn inside the batch from a fresh
// 32-byte key taken from the operating system's CSPRNG, hashed together with everything
// the caller mixed into the batch so far (Mix: the proofs' wire bytes and statements) and
// with the transcript of each range proof. A prover who cannot see the key cannot choose
// proofs whose errors cancel; were the system RNG ever to repeat, the weights would still
// depend on the proofs themselves, as Fiat–Shamir challenges do.
//
// The G_i/H_i generator terms of all range proofs merge into one set of fixed-base terms,
// and G and H (Pedersen) into one term each; every other point is one dynamic term.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "phantompool/common/result.h"
#include "phantompool/crypto/point.h"
#include "phantompool/crypto/range_proof.h"
#include "phantompool/crypto/rng.h"
#include "phantompool/crypto/scalar.h"
#include "phantompool/crypto/sigma_codec.h"
#include "phantompool/crypto/transcript.h"

namespace phantompool::crypto {

class VerificationBatch {
 public:
  VerificationBatch();
  ~VerificationBatch();
  VerificationBatch(const VerificationBatch&) = delete;
  VerificationBatch& operator=(const VerificationBatch&) = delete;

  // Binds public data (a proof's wire bytes, its statement) into the weights drawn after.
  void Mix(std::span<const uint8_t> bytes);
  void Mix(const Point& p);

  // Sigma proofs add their equations here (their VerifyBatched methods).
  sigma::CombinedCheck& sigma() { return *sigma_; }

  // An equation of the caller's own: BeginEquation() draws a weight; the terms that follow
  // are multiplied by it.
  void BeginEquation();
  void AddG(const Scalar& s);
  void AddH(const Scalar& s);
  void AddTerm(const Scalar& s, const Point& p);

  // Queues a range proof over m values of `bits` bits whose commitments the caller's
  // transcript has bound (CommitmentBinding::kBoundByCaller). Replays `t` (left where
  // Verify would leave it) and returns, for each j, the scalar w_j by which V_j enters the
  // equation: the caller must add w_j·V_j for every j (AddRawTerm, AddRawG, AddRawH), as
  // the linear combination of points V_j stands for. Errors name `field`.
  Result<std::vector<Scalar>> AddRangeProof(const RangeProof& proof, Transcript& t, size_t m,
                                            size_t bits, const std::string& field);
  // Terms already multiplied by their weight (the w_j above).
  void AddRawG(const Scalar& s);
  void AddRawH(const Scalar& s);
  void AddRawTerm(const Scalar& s, const Point& p);

  // Evaluates the one multi-scalar multiplication: true iff every equation holds.
  bool Holds();

  size_t range_proofs() const;

 private:
  class WeightRng;
  struct QueuedRangeProof;

  std::unique_ptr<WeightRng> weights_;
  std::unique_ptr<sigma::CombinedCheck> sigma_;
  std::vector<QueuedRangeProof> range_;
  Scalar weight_;
  Scalar g_, h_;
  std::vector<Scalar> scalars_;
  std::vector<Point> points_;
};

}  // namespace phantompool::crypto
