#include "phantompool/crypto/schnorr_proof.h"

namespace phantompool::crypto {
namespace {

constexpr std::string_view kName = "schnorr_proof";

void AppendStatement(Transcript& t, const Point& R) {
  t.AppendMessage("dom-sep", SchnorrProof::kDomain);
  t.AppendPoint("X", R);
}

}  // namespace

Result<SchnorrProof> SchnorrProof::Prove(Transcript& t, const Point& R, const SecretScalar& r,
                                         Rng& rng) {
  PP_RETURN_IF_ERROR(sigma::RequireNonIdentity(R, kName, "X"));
  if (!(sigma::Published(Point::MulBase(r.ExposeSecret())) == R)) {
    return Status::InvalidArgument(std::string(kName) + ".witness", "x does not fit X");
  }
  AppendStatement(t, R);
  std::array<Scalar, 1> k;
  sigma::DeriveNonces(t, {&r.ExposeSecret()}, rng, k);
  const Point A = sigma::Published(Point::MulBase(k[0]));
  t.AppendPoint("A", A);
  const Scalar c = t.ChallengeScalar("c");
  const Scalar z = sigma::Published(k[0] + c * r.ExposeSecret());
  t.AppendScalar("z", z);
  sigma::Wipe(k);
  return SchnorrProof(A, z);
}

Result<Scalar> SchnorrProof::Absorb(Transcript& t, const Point& R) const {
  PP_RETURN_IF_ERROR(sigma::RequireNonIdentity(R, kName, "X"));
  AppendStatement(t, R);
  PP_RETURN_IF_ERROR(t.ValidateAndAppendPoint("A", A_));
  const Scalar c = t.ChallengeScalar("c");
  t.AppendScalar("z", z_);
  return c;
}

void SchnorrProof::AddEquations(const Scalar& c, const Point& R,
                                sigma::CombinedCheck& check) const {
  // z·G − A − c·R = 0
  check.BeginEquation();
  check.AddG(z_);
  check.AddTerm(-Scalar::One(), A_);
  check.AddTerm(-c, R);
}

Status SchnorrProof::Verify(Transcript& t, const Point& R) const {
  PP_ASSIGN_OR_RETURN(const Scalar c, Absorb(t, R));
  if (!(Point::MulBaseAndPointVartime(z_, -c, R) == A_)) {
    return Status::VerificationFailed(std::string(kName), "does not verify");
  }
  return Status::Ok();
}

Status SchnorrProof::VerifyBatched(Transcript& t, const Point& R,
                                   sigma::CombinedCheck& batch) const {
  PP_ASSIGN_OR_RETURN(const Scalar c, Absorb(t, R));
  AddEquations(c, R, batch);
  return Status::Ok();
}

std::array<uint8_t, SchnorrProof::kSize> SchnorrProof::Serialize() const {
  return sigma::ProofWriter<kSize>().Put(A_).Put(z_).Finish();
}

Result<SchnorrProof> SchnorrProof::Parse(std::span<const uint8_t> bytes, std::string_view field) {
  sigma::ProofReader in(bytes, field);
  PP_RETURN_IF_ERROR(in.Open(kSize));
  PP_ASSIGN_OR_RETURN(Point A, in.ReadPoint("A"));
  PP_ASSIGN_OR_RETURN(Scalar z, in.ReadScalar("z"));
  return SchnorrProof(A, z);
}

Result<std::vector<SchnorrProof>> SchnorrProof::ParseBatch(
    std::span<const std::span<const uint8_t>> proofs,
    const std::function<std::string(size_t)>& field) {
  std::vector<std::array<uint8_t, kPointBytes>> commitments(proofs.size());
  std::vector<Scalar> responses(proofs.size());
  for (size_t i = 0; i < proofs.size(); ++i) {
    sigma::ProofReader in(proofs[i], field(i));
    PP_RETURN_IF_ERROR(in.Open(kSize));
    commitments[i] = in.ReadPointEncoding();
    PP_ASSIGN_OR_RETURN(responses[i], in.ReadScalar("z"));
  }
  PP_ASSIGN_OR_RETURN(std::vector<Point> A, Point::DecodeBatch(commitments, [&](size_t i) {
                        return sigma::ProofReader(proofs[i], field(i)).Field("A");
                      }));
  std::vector<SchnorrProof> out;
  out.reserve(proofs.size());
  for (size_t i = 0; i < proofs.size(); ++i) out.push_back(SchnorrProof(A[i], responses[i]));
  return out;
}

}  // namespace phantompool::crypto
