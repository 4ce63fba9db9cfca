#include "phantompool/crypto/verification_batch.h"

#include <sodium.h>

#include <algorithm>
#include <cstring>
#include <unordered_map>

#include "range_proof_internal.h"

namespace phantompool::crypto {

namespace rpi = range_proof_internal;

namespace {

bool SameRepresentation(const Point& a, const Point& b) {
  const decaf_255_point_s& p = *a.raw();
  const decaf_255_point_s& q = *b.raw();
  // The limbs only: the coordinates' alignment padding is not part of the value.
  return std::memcmp(p.x->limb, q.x->limb, sizeof p.x->limb) == 0 &&
         std::memcmp(p.y->limb, q.y->limb, sizeof p.y->limb) == 0 &&
         std::memcmp(p.z->limb, q.z->limb, sizeof p.z->limb) == 0 &&
         std::memcmp(p.t->limb, q.t->limb, sizeof p.t->limb) == 0;
}

// Terms whose points are copies of one Point — an order's commitment that two of its proofs
// name (the product proof and the range proof's V_j both use the size and price
// commitments) — become one term, so that the MSM pays for each such point once. Only
// bitwise-equal representations are merged: those are certainly one point, while two
// representations of one point are merely left as two terms. Keeps the first occurrence's
// place.
void MergeRepeatedPoints(std::vector<Scalar>& scalars, std::vector<Point>& points) {
  std::unordered_multimap<uint64_t, size_t> seen;
  seen.reserve(points.size());
  size_t kept = 0;
  for (size_t i = 0; i < points.size(); ++i) {
    uint64_t key = 0;
    std::memcpy(&key, points[i].raw()->x->limb, sizeof key);
    bool merged = false;
    for (auto [it, end] = seen.equal_range(key); it != end; ++it) {
      if (SameRepresentation(points[it->second], points[i])) {
        scalars[it->second] += scalars[i];
        merged = true;
        break;
      }
    }
    if (merged) continue;
    if (kept != i) {
      scalars[kept] = scalars[i];
      points[kept] = points[i];
    }
    seen.emplace(key, kept);
    ++kept;
  }
  scalars.resize(kept);
  points.resize(kept);
}

}  // namespace

// Weights: BLAKE2b-512 keyed by a fresh system secret over a running hash of everything
// mixed in so far and a counter, reduced modulo ℓ (64 bytes: the bias is 2^-259).
class VerificationBatch::WeightRng final : public Rng {
 public:
  WeightRng() {
    SystemRng system;
    system.Fill(key_);
    crypto_generichash_blake2b_init(&running_, nullptr, 0, 64);
    static constexpr std::string_view kLabel = "phantompool/verification-batch/v1";
    crypto_generichash_blake2b_update(&running_, reinterpret_cast<const uint8_t*>(kLabel.data()),
                                      kLabel.size());
  }
  ~WeightRng() override { sodium_memzero(key_.data(), key_.size()); }

  void Mix(std::span<const uint8_t> bytes) {
    uint8_t len[8];
    for (int i = 0; i < 8; ++i) len[i] = static_cast<uint8_t>(uint64_t{bytes.size()} >> (8 * i));
    crypto_generichash_blake2b_update(&running_, len, sizeof len);
    crypto_generichash_blake2b_update(&running_, bytes.data(), bytes.size());
  }

  void Fill(std::span<uint8_t> out) override {
    // A snapshot of the running hash, then counter-mode blocks under the secret key.
    crypto_generichash_blake2b_state snapshot = running_;
    std::array<uint8_t, 64> state;
    crypto_generichash_blake2b_final(&snapshot, state.data(), state.size());
    size_t done = 0;
    while (done < out.size()) {
      std::array<uint8_t, 72> block;
      std::copy(state.begin(), state.end(), block.begin());
      for (int i = 0; i < 8; ++i) block[64 + i] = static_cast<uint8_t>(counter_ >> (8 * i));
      ++counter_;
      std::array<uint8_t, 64> chunk;
      crypto_generichash_blake2b(chunk.data(), chunk.size(), block.data(), block.size(),
                                 key_.data(), key_.size());
      const size_t take = std::min(chunk.size(), out.size() - done);
      std::copy_n(chunk.begin(), take, out.begin() + static_cast<std::ptrdiff_t>(done));
      done += take;
    }
  }

 private:
  std::array<uint8_t, 32> key_;
  crypto_generichash_blake2b_state running_;
  uint64_t counter_ = 0;
};

struct VerificationBatch::QueuedRangeProof {
  const RangeProof* proof;
  rpi::Challenges challenges;
  size_t m;
  size_t bits;
  Scalar u1, u2;
};

VerificationBatch::VerificationBatch()
    : weights_(std::make_unique<WeightRng>()),
      sigma_(std::make_unique<sigma::CombinedCheck>(*weights_)) {}

VerificationBatch::~VerificationBatch() = default;

void VerificationBatch::Mix(std::span<const uint8_t> bytes) {
  weights_->Mix(bytes);
}

void VerificationBatch::Mix(const Point& p) {
  // The representation's limbs, not the encoding (an inverse square root, ~4.5 µs): the
  // weights need only depend on the point deterministically, and the secret key already
  // makes them unpredictable.
  const decaf_255_point_s& r = *p.raw();
  for (const gf_25519_s* c : {r.x, r.y, r.z, r.t}) {
    weights_->Mix(
        std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(c->limb), sizeof c->limb));
  }
}

void VerificationBatch::BeginEquation() {
  weight_ = Scalar::Random(*weights_);
}
void VerificationBatch::AddG(const Scalar& s) {
  g_ += weight_ * s;
}
void VerificationBatch::AddH(const Scalar& s) {
  h_ += weight_ * s;
}
void VerificationBatch::AddTerm(const Scalar& s, const Point& p) {
  scalars_.push_back(weight_ * s);
  points_.push_back(p);
}
void VerificationBatch::AddRawG(const Scalar& s) {
  g_ += s;
}
void VerificationBatch::AddRawH(const Scalar& s) {
  h_ += s;
}
void VerificationBatch::AddRawTerm(const Scalar& s, const Point& p) {
  scalars_.push_back(s);
  points_.push_back(p);
}

Result<std::vector<Scalar>> VerificationBatch::AddRangeProof(const RangeProof& proof, Transcript& t,
                                                             size_t m, size_t bits,
                                                             const std::string& field) {
  PP_ASSIGN_OR_RETURN(rpi::Challenges ch, rpi::Replay(proof, t, {}, m, bits, field));
  // The replayed transcript, with the proof's final scalars, goes into the weights.
  Transcript fork = t;
  fork.AppendScalar("a", proof.ipa().a());
  fork.AppendScalar("b", proof.ipa().b());
  std::array<uint8_t, 32> digest;
  fork.ChallengeBytes("verification-batch.mix", digest);
  weights_->Mix(digest);
  QueuedRangeProof q{
      &proof, std::move(ch), m, bits, Scalar::Random(*weights_), Scalar::Random(*weights_)};
  std::vector<Scalar> v_weights = rpi::CommitmentWeights(q.challenges, m, q.u2);
  range_.push_back(std::move(q));
  return v_weights;
}

bool VerificationBatch::Holds() {
  size_t max_n = 0;
  std::vector<rpi::Challenges> challenges;
  challenges.reserve(range_.size());
  for (QueuedRangeProof& q : range_) {
    max_n = std::max(max_n, q.m * q.bits);
    challenges.push_back(std::move(q.challenges));
  }
  rpi::FinishChallenges(challenges);
  rpi::Accumulator acc(max_n);
  for (size_t i = 0; i < range_.size(); ++i) {
    const QueuedRangeProof& q = range_[i];
    rpi::AddTerms(*q.proof, challenges[i], {}, q.m, q.bits, q.u1, q.u2, acc);
  }
  range_.clear();
  sigma_->DrainInto(g_, h_, scalars_, points_);
  acc.pedersen_g += g_;
  acc.pedersen_h += h_;
  acc.dyn_scalars.insert(acc.dyn_scalars.end(), scalars_.begin(), scalars_.end());
  acc.dyn_points.insert(acc.dyn_points.end(), points_.begin(), points_.end());
  MergeRepeatedPoints(acc.dyn_scalars, acc.dyn_points);
  g_ = Scalar();
  h_ = Scalar();
  scalars_.clear();
  points_.clear();
  return rpi::Evaluate(acc).IsIdentity();
}

size_t VerificationBatch::range_proofs() const {
  return range_.size();
}

}  // namespace phantompool::crypto
