#include "phantompool/crypto/sigma_codec.h"

#include <sodium.h>

#include "phantompool/crypto/generators.h"
#include "phantompool/crypto/msm.h"

namespace phantompool::crypto::sigma {

Status ProofReader::Open(size_t expected_size) {
  if (bytes_.size() != expected_size) {
    return Status::InvalidArgument(proof_, "must be " + std::to_string(expected_size) +
                                               " bytes, got " + std::to_string(bytes_.size()));
  }
  if (bytes_[0] != kWireVersion) {
    return Status::InvalidArgument(proof_ + ".version",
                                   "unsupported version " + std::to_string(bytes_[0]));
  }
  pos_ = 1;
  return Status::Ok();
}

std::string ProofReader::Field(std::string_view element) const {
  return proof_ + "." + std::string(element);
}

Result<Point> ProofReader::ReadPoint(std::string_view element) {
  PP_CHECK(pos_ + kPointBytes <= bytes_.size());
  auto p =
      Point::Decode(bytes_.subspan(pos_, kPointBytes), Field(element), IdentityPolicy::kForbid);
  pos_ += kPointBytes;
  return p;
}

std::array<uint8_t, kPointBytes> ProofReader::ReadPointEncoding() {
  PP_CHECK(pos_ + kPointBytes <= bytes_.size());
  std::array<uint8_t, kPointBytes> out;
  std::copy_n(bytes_.begin() + static_cast<std::ptrdiff_t>(pos_), kPointBytes, out.begin());
  pos_ += kPointBytes;
  return out;
}

Result<Scalar> ProofReader::ReadScalar(std::string_view element) {
  PP_CHECK(pos_ + kScalarBytes <= bytes_.size());
  auto s = Scalar::FromCanonicalBytes(bytes_.subspan(pos_, kScalarBytes), Field(element));
  pos_ += kScalarBytes;
  return s;
}

Status RequireNonIdentity(const Point& p, std::string_view proof, std::string_view name) {
  if (p.IsIdentity()) {
    return Status::InvalidArgument(std::string(proof) + ".statement." + std::string(name),
                                   "identity point is not a valid statement here");
  }
  return Status::Ok();
}

void DeriveNonces(const Transcript& t, std::initializer_list<const Scalar*> witness, Rng& rng,
                  std::span<Scalar> nonces) {
  Transcript fork = t;
  for (const Scalar* w : witness) fork.AppendScalar("nonce.witness", *w);
  std::array<uint8_t, 64> fresh;
  rng.Fill(fresh);
  fork.AppendMessage("nonce.rng", fresh);
  for (Scalar& n : nonces) n = fork.ChallengeScalar("nonce");
  sodium_memzero(fresh.data(), fresh.size());
  sodium_memzero(static_cast<void*>(&fork), sizeof fork);
}

void Wipe(std::span<Scalar> secrets) {
  for (Scalar& s : secrets) decaf_255_scalar_destroy(s.raw());
}

void CombinedCheck::BeginEquation() {
  if (rng_ != nullptr) {
    weight_ = Scalar::Random(*rng_);
  } else if (equations_ == 0) {
    weight_ = Scalar::One();
  } else {
    weight_ = fork_.ChallengeScalar("verify.weight");
  }
  ++equations_;
}

void CombinedCheck::AddTerm(const Scalar& s, const Point& p) {
  scalars_.push_back(weight_ * s);
  points_.push_back(p);
}

void CombinedCheck::DrainInto(Scalar& g, Scalar& h, std::vector<Scalar>& scalars,
                              std::vector<Point>& points) {
  g += g_;
  h += h_;
  scalars.insert(scalars.end(), scalars_.begin(), scalars_.end());
  points.insert(points.end(), points_.begin(), points_.end());
  g_ = Scalar();
  h_ = Scalar();
  scalars_.clear();
  points_.clear();
}

bool CombinedCheck::Holds() const {
  const auto& gens = PedersenGens::Default();
  std::vector<Scalar> scalars;
  std::vector<Point> points;
  scalars.reserve(scalars_.size() + 2);
  points.reserve(points_.size() + 2);
  scalars.push_back(g_);
  points.push_back(gens.G);
  scalars.push_back(h_);
  points.push_back(gens.H);
  scalars.insert(scalars.end(), scalars_.begin(), scalars_.end());
  points.insert(points.end(), points_.begin(), points_.end());
  return MultiScalarMulVartime(scalars, points).IsIdentity();
}

}  // namespace phantompool::crypto::sigma
