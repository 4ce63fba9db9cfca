#include "phantompool/crypto/equality_proof.h"

#include "phantompool/crypto/pedersen.h"

namespace phantompool::crypto {
namespace {

constexpr std::string_view kName = "equality_proof";

Status CheckStatement(const Point& pk, const ElGamalCiphertext& ct, const Point& C) {
  PP_RETURN_IF_ERROR(sigma::RequireNonIdentity(pk, kName, "PK"));
  PP_RETURN_IF_ERROR(sigma::RequireNonIdentity(ct.R, kName, "ct.R"));
  return sigma::RequireNonIdentity(C, kName, "C");
}

void AppendStatement(Transcript& t, const Point& pk, const ElGamalCiphertext& ct, const Point& C) {
  t.AppendMessage("dom-sep", CiphertextCommitmentEqualityProof::kDomain);
  t.AppendPoint("PK", pk);
  t.AppendPoint("ct.R", ct.R);
  t.AppendPoint("ct.M", ct.M);
  t.AppendPoint("C", C);
}

}  // namespace

Result<CiphertextCommitmentEqualityProof> CiphertextCommitmentEqualityProof::Prove(
    Transcript& t, const Point& pk, const ElGamalCiphertext& ct, const Point& C,
    const Scalar& value, const Scalar& r, const Scalar& blinding, Rng& rng) {
  PP_RETURN_IF_ERROR(CheckStatement(pk, ct, C));
  const bool ct_fits = sigma::Published(ElGamalEncrypt(pk, value, r)) == ct;
  const bool c_fits = sigma::Published(PedersenCommit(value, blinding)) == C;
  if (!ct_fits || !c_fits) {
    return Status::InvalidArgument(std::string(kName) + ".witness",
                                   "does not fit the ciphertext and commitment");
  }
  AppendStatement(t, pk, ct, C);
  std::array<Scalar, 3> k;  // k_v, k_r, k_t
  sigma::DeriveNonces(t, {&value, &r, &blinding}, rng, k);
  CiphertextCommitmentEqualityProof proof;
  const Point kvG = Point::MulBase(k[0]);
  proof.A_R_ = sigma::Published(Point::MulBase(k[1]));
  proof.A_M_ = sigma::Published(kvG + pk * k[1]);
  proof.A_C_ = sigma::Published(kvG + MulH(k[2]));
  t.AppendPoint("A_R", proof.A_R_);
  t.AppendPoint("A_M", proof.A_M_);
  t.AppendPoint("A_C", proof.A_C_);
  const Scalar c = t.ChallengeScalar("c");
  proof.z_v_ = sigma::Published(k[0] + c * value);
  proof.z_r_ = sigma::Published(k[1] + c * r);
  proof.z_t_ = sigma::Published(k[2] + c * blinding);
  t.AppendScalar("z_v", proof.z_v_);
  t.AppendScalar("z_r", proof.z_r_);
  t.AppendScalar("z_t", proof.z_t_);
  sigma::Wipe(k);
  return proof;
}

Result<Scalar> CiphertextCommitmentEqualityProof::Absorb(Transcript& t, const Point& pk,
                                                         const ElGamalCiphertext& ct,
                                                         const Point& C) const {
  PP_RETURN_IF_ERROR(CheckStatement(pk, ct, C));
  AppendStatement(t, pk, ct, C);
  PP_RETURN_IF_ERROR(t.ValidateAndAppendPoint("A_R", A_R_));
  PP_RETURN_IF_ERROR(t.ValidateAndAppendPoint("A_M", A_M_));
  PP_RETURN_IF_ERROR(t.ValidateAndAppendPoint("A_C", A_C_));
  const Scalar c = t.ChallengeScalar("c");
  t.AppendScalar("z_v", z_v_);
  t.AppendScalar("z_r", z_r_);
  t.AppendScalar("z_t", z_t_);
  return c;
}

void CiphertextCommitmentEqualityProof::AddEquations(const Scalar& c, const Point& pk,
                                                     const ElGamalCiphertext& ct, const Point& C,
                                                     sigma::CombinedCheck& check) const {
  const Scalar minus_one = -Scalar::One();
  const Scalar minus_c = -c;
  // z_r·G − A_R − c·R = 0
  check.BeginEquation();
  check.AddG(z_r_);
  check.AddTerm(minus_one, A_R_);
  check.AddTerm(minus_c, ct.R);
  // z_v·G + z_r·PK − A_M − c·M = 0
  check.BeginEquation();
  check.AddG(z_v_);
  check.AddTerm(z_r_, pk);
  check.AddTerm(minus_one, A_M_);
  check.AddTerm(minus_c, ct.M);
  // z_v·G + z_t·H − A_C − c·C = 0
  check.BeginEquation();
  check.AddG(z_v_);
  check.AddH(z_t_);
  check.AddTerm(minus_one, A_C_);
  check.AddTerm(minus_c, C);
}

Status CiphertextCommitmentEqualityProof::Verify(Transcript& t, const Point& pk,
                                                 const ElGamalCiphertext& ct,
                                                 const Point& C) const {
  PP_ASSIGN_OR_RETURN(const Scalar c, Absorb(t, pk, ct, C));
  sigma::CombinedCheck check(t);
  AddEquations(c, pk, ct, C, check);
  if (!check.Holds()) return Status::VerificationFailed(std::string(kName), "does not verify");
  return Status::Ok();
}

Status CiphertextCommitmentEqualityProof::VerifyBatched(Transcript& t, const Point& pk,
                                                        const ElGamalCiphertext& ct, const Point& C,
                                                        sigma::CombinedCheck& batch) const {
  PP_ASSIGN_OR_RETURN(const Scalar c, Absorb(t, pk, ct, C));
  AddEquations(c, pk, ct, C, batch);
  return Status::Ok();
}

std::array<uint8_t, CiphertextCommitmentEqualityProof::kSize>
CiphertextCommitmentEqualityProof::Serialize() const {
  return sigma::ProofWriter<kSize>()
      .Put(A_R_)
      .Put(A_M_)
      .Put(A_C_)
      .Put(z_v_)
      .Put(z_r_)
      .Put(z_t_)
      .Finish();
}

Result<CiphertextCommitmentEqualityProof> CiphertextCommitmentEqualityProof::Parse(
    std::span<const uint8_t> bytes, std::string_view field) {
  sigma::ProofReader in(bytes, field);
  PP_RETURN_IF_ERROR(in.Open(kSize));
  CiphertextCommitmentEqualityProof proof;
  PP_ASSIGN_OR_RETURN(proof.A_R_, in.ReadPoint("A_R"));
  PP_ASSIGN_OR_RETURN(proof.A_M_, in.ReadPoint("A_M"));
  PP_ASSIGN_OR_RETURN(proof.A_C_, in.ReadPoint("A_C"));
  PP_ASSIGN_OR_RETURN(proof.z_v_, in.ReadScalar("z_v"));
  PP_ASSIGN_OR_RETURN(proof.z_r_, in.ReadScalar("z_r"));
  PP_ASSIGN_OR_RETURN(proof.z_t_, in.ReadScalar("z_t"));
  return proof;
}

}  // namespace phantompool::crypto
