// Shared machinery of the sigma proofs (opening, equality, DLEQ, product):
//  - the wire format: a version byte, then fixed-size points and scalars, parsed strictly
//    with errors that name the proof and the element ("equality_proof.z_v: ...");
//  - hedged nonce derivation for provers;
//  - the verifier's combined check of several equations in one multi-scalar mult.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "phantompool/common/check.h"
#include "phantompool/common/result.h"
#include "phantompool/crypto/ctime.h"
#include "phantompool/crypto/point.h"
#include "phantompool/crypto/rng.h"
#include "phantompool/crypto/scalar.h"
#include "phantompool/crypto/transcript.h"

namespace phantompool::crypto::sigma {

// The first byte of every serialised sigma proof. A new wire format gets a new number;
// parsers refuse every other value.
inline constexpr uint8_t kWireVersion = 1;

constexpr size_t ProofSize(size_t points, size_t scalars) {
  return 1 + points * kPointBytes + scalars * kScalarBytes;
}

// Fills a fixed-size proof encoding: the version byte, then elements in order.
template <size_t N>
class ProofWriter {
 public:
  ProofWriter() { out_[0] = kWireVersion; }
  ProofWriter& Put(const Point& p) { return PutBytes(p.Encode()); }
  ProofWriter& Put(const Scalar& s) { return PutBytes(s.ToBytes()); }
  std::array<uint8_t, N> Finish() const {
    PP_CHECK(pos_ == N);
    return out_;
  }

 private:
  ProofWriter& PutBytes(const std::array<uint8_t, 32>& b) {
    PP_CHECK(pos_ + b.size() <= N);
    std::copy(b.begin(), b.end(), out_.begin() + pos_);
    pos_ += b.size();
    return *this;
  }
  std::array<uint8_t, N> out_{};
  size_t pos_ = 1;
};

// Reads a proof encoding of exactly `expected_size` bytes. Open() checks the length and
// the version byte; each element read names "<proof>.<element>" in its error.
class ProofReader {
 public:
  ProofReader(std::span<const uint8_t> bytes, std::string_view proof)
      : bytes_(bytes), proof_(proof) {}

  Status Open(size_t expected_size);
  // Canonical, and never the identity: every point of a sigma proof is a commitment
  // k·B + ... with uniform k, which is the identity with probability 2^-252.
  Result<Point> ReadPoint(std::string_view element);
  // Canonical (< ℓ).
  Result<Scalar> ReadScalar(std::string_view element);
  // A point's 32 bytes, not yet decoded, for a caller that decodes many proofs' points in
  // one batch (Point::DecodeBatch, with Field(element) and ReadPoint's rules).
  std::array<uint8_t, kPointBytes> ReadPointEncoding();
  std::string Field(std::string_view element) const;

 private:
  std::span<const uint8_t> bytes_;
  std::string proof_;
  size_t pos_ = 1;
};

// Marks a value computed from secrets as public for the constant-time check
// (tests/crypto/ctime_test.cc), as libsecp256k1 declassifies a signature's R: the prover's
// commitments, which the proof publishes, and the statement the prover recomputes from its
// witness, which equals the public statement whenever the witness fits (and otherwise
// Prove returns an error and publishes nothing). From here on the value may meet
// variable-time code (encoding, comparison). Outside valgrind this is a no-op.
template <typename T>
T Published(T value) {
  DeclassifyValue(value);
  return value;
}

// Fails with InvalidArgument on "<proof>.statement.<name>" if a statement point is the
// identity where no honest statement has it.
Status RequireNonIdentity(const Point& p, std::string_view proof, std::string_view name);

// The prover's nonces. A fork of the transcript, which already holds the domain label,
// the caller's context and the full statement, absorbs the witness and 64 fresh bytes
// from `rng`, and then squeezes one scalar per nonce. With a good RNG the nonces are
// uniform; with a broken or repeating one they still never repeat across different
// statements or witnesses (a repeated nonce with two challenges reveals the witness).
// The fork is wiped afterwards. Constant time in the witness.
void DeriveNonces(const Transcript& t, std::initializer_list<const Scalar*> witness, Rng& rng,
                  std::span<Scalar> nonces);

// Overwrites transient secrets (nonces, derived witnesses) once a prover is done with them.
void Wipe(std::span<Scalar> secrets);

// Verification equations Σ s_j·P_j = 0, each scaled by its own weight and all checked at
// once with one variable-time multi-scalar multiplication.
//
// Two ways to weigh them:
//  - CombinedCheck(transcript), for one proof: equation 0 gets weight 1, the others weights
//    squeezed from a fork of the transcript taken after the whole proof was absorbed. A
//    false equation cancels the others with probability 1/ℓ per try, since the weights
//    are random-oracle outputs of everything the prover sent.
//  - CombinedCheck(rng), to batch many proofs (each proof's VerifyBatched() adds its
//    equations): every equation gets a weight drawn from the verifier's own randomness,
//    which no prover sees, so no set of false equations from any number of proofs can
//    cancel except with probability 1/ℓ. Holds() once at the end checks them all.
// The generators G and H, shared by every equation, are accumulated into one term each;
// all other terms are kept as given.
class CombinedCheck {
 public:
  explicit CombinedCheck(const Transcript& t) : fork_(t), rng_(nullptr) {}
  explicit CombinedCheck(Rng& rng) : fork_("phantompool/unused/v1"), rng_(&rng) {}

  // Starts the next equation; the terms that follow get its weight.
  void BeginEquation();
  void AddG(const Scalar& s) { g_ += weight_ * s; }
  void AddH(const Scalar& s) { h_ += weight_ * s; }
  void AddTerm(const Scalar& s, const Point& p);

  // True iff Σ over all equations of weight·Σ s_j·P_j is the identity.
  bool Holds() const;
  // Adds the accumulated (weighted) terms to the given sums and empties this check:
  // VerificationBatch folds them into its one multi-scalar multiplication.
  void DrainInto(Scalar& g, Scalar& h, std::vector<Scalar>& scalars, std::vector<Point>& points);
  size_t equations() const { return equations_; }

 private:
  Transcript fork_;
  Rng* rng_;
  Scalar weight_;
  size_t equations_ = 0;
  Scalar g_, h_;
  std::vector<Scalar> scalars_;
  std::vector<Point> points_;
};

}  // namespace phantompool::crypto::sigma
