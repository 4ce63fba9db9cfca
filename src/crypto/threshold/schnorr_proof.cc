#include "phantompool/crypto/threshold/schnorr_proof.h"

#include <string>

namespace phantompool::crypto::threshold {
namespace {

constexpr std::string_view kName = "schnorr_proof";

void AppendStatement(Transcript& t, const Point& X) {
  t.AppendMessage("dom-sep", SchnorrProof::kDomain);
  t.AppendPoint("X", X);
}

}  // namespace

Result<SchnorrProof> SchnorrProof::Prove(Transcript& t, const Point& X, const SecretScalar& x,
                                         Rng& rng) {
  PP_RETURN_IF_ERROR(sigma::RequireNonIdentity(X, kName, "X"));
  const Scalar& xs = x.ExposeSecret();
  if (!(sigma::Published(Point::MulBase(xs)) == X)) {
    return Status::InvalidArgument(std::string(kName) + ".witness", "x does not fit X");
  }
  AppendStatement(t, X);
  Scalar k;
  sigma::DeriveNonces(t, {&xs}, rng, std::span<Scalar>(&k, 1));
  SchnorrProof proof;
  proof.A_ = sigma::Published(Point::MulBase(k));
  t.AppendPoint("A", proof.A_);
  const Scalar c = t.ChallengeScalar("c");
  proof.z_ = sigma::Published(k + c * xs);
  t.AppendScalar("z", proof.z_);
  sigma::Wipe(std::span<Scalar>(&k, 1));
  return proof;
}

Status SchnorrProof::Verify(Transcript& t, const Point& X) const {
  PP_RETURN_IF_ERROR(sigma::RequireNonIdentity(X, kName, "X"));
  AppendStatement(t, X);
  PP_RETURN_IF_ERROR(t.ValidateAndAppendPoint("A", A_));
  const Scalar c = t.ChallengeScalar("c");
  t.AppendScalar("z", z_);
  // z·G − c·X = A, one double-base multiplication.
  if (!(Point::MulBaseAndPointVartime(z_, -c, X) == A_)) {
    return Status::VerificationFailed(std::string(kName), "does not verify");
  }
  return Status::Ok();
}

std::array<uint8_t, SchnorrProof::kSize> SchnorrProof::Serialize() const {
  return sigma::ProofWriter<kSize>().Put(A_).Put(z_).Finish();
}

Result<SchnorrProof> SchnorrProof::Parse(std::span<const uint8_t> bytes, std::string_view field) {
  sigma::ProofReader in(bytes, field);
  PP_RETURN_IF_ERROR(in.Open(kSize));
  SchnorrProof proof;
  PP_ASSIGN_OR_RETURN(proof.A_, in.ReadPoint("A"));
  PP_ASSIGN_OR_RETURN(proof.z_, in.ReadScalar("z"));
  return proof;
}

}  // namespace phantompool::crypto::threshold
