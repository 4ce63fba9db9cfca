#include "phantompool/crypto/opening_proof.h"

#include "phantompool/crypto/pedersen.h"

namespace phantompool::crypto {
namespace {

constexpr std::string_view kName = "opening_proof";

void AppendStatement(Transcript& t, const Point& C) {
  t.AppendMessage("dom-sep", OpeningProof::kDomain);
  t.AppendPoint("C", C);
}

}  // namespace

Result<OpeningProof> OpeningProof::Prove(Transcript& t, const Point& C, const Scalar& value,
                                         const Scalar& blinding, Rng& rng) {
  PP_RETURN_IF_ERROR(sigma::RequireNonIdentity(C, kName, "C"));
  // A prover that emits a proof for a witness that does not fit is a bug in the caller;
  // say so instead of handing out a proof that will never verify.
  if (!(sigma::Published(PedersenCommit(value, blinding)) == C)) {
    return Status::InvalidArgument(std::string(kName) + ".witness", "does not open C");
  }
  AppendStatement(t, C);
  std::array<Scalar, 2> k;
  sigma::DeriveNonces(t, {&value, &blinding}, rng, k);
  const Point A = sigma::Published(PedersenCommit(k[0], k[1]));
  t.AppendPoint("A", A);
  const Scalar c = t.ChallengeScalar("c");
  const Scalar z_v = sigma::Published(k[0] + c * value);
  const Scalar z_t = sigma::Published(k[1] + c * blinding);
  t.AppendScalar("z_v", z_v);
  t.AppendScalar("z_t", z_t);
  sigma::Wipe(k);
  return OpeningProof(A, z_v, z_t);
}

Result<Scalar> OpeningProof::Absorb(Transcript& t, const Point& C) const {
  PP_RETURN_IF_ERROR(sigma::RequireNonIdentity(C, kName, "C"));
  AppendStatement(t, C);
  PP_RETURN_IF_ERROR(t.ValidateAndAppendPoint("A", A_));
  const Scalar c = t.ChallengeScalar("c");
  t.AppendScalar("z_v", z_v_);
  t.AppendScalar("z_t", z_t_);
  return c;
}

void OpeningProof::AddEquations(const Scalar& c, const Point& C,
                                sigma::CombinedCheck& check) const {
  // z_v·G + z_t·H − A − c·C = 0
  check.BeginEquation();
  check.AddG(z_v_);
  check.AddH(z_t_);
  check.AddTerm(-Scalar::One(), A_);
  check.AddTerm(-c, C);
}

Status OpeningProof::Verify(Transcript& t, const Point& C) const {
  PP_ASSIGN_OR_RETURN(const Scalar c, Absorb(t, C));
  sigma::CombinedCheck check(t);
  AddEquations(c, C, check);
  if (!check.Holds()) return Status::VerificationFailed(std::string(kName), "does not verify");
  return Status::Ok();
}

Status OpeningProof::VerifyBatched(Transcript& t, const Point& C,
                                   sigma::CombinedCheck& batch) const {
  PP_ASSIGN_OR_RETURN(const Scalar c, Absorb(t, C));
  AddEquations(c, C, batch);
  return Status::Ok();
}

std::array<uint8_t, OpeningProof::kSize> OpeningProof::Serialize() const {
  return sigma::ProofWriter<kSize>().Put(A_).Put(z_v_).Put(z_t_).Finish();
}

Result<OpeningProof> OpeningProof::Parse(std::span<const uint8_t> bytes, std::string_view field) {
  sigma::ProofReader in(bytes, field);
  PP_RETURN_IF_ERROR(in.Open(kSize));
  PP_ASSIGN_OR_RETURN(Point A, in.ReadPoint("A"));
  PP_ASSIGN_OR_RETURN(Scalar z_v, in.ReadScalar("z_v"));
  PP_ASSIGN_OR_RETURN(Scalar z_t, in.ReadScalar("z_t"));
  return OpeningProof(A, z_v, z_t);
}

}  // namespace phantompool::crypto
