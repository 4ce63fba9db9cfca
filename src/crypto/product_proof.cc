#include "phantompool/crypto/product_proof.h"

#include "phantompool/crypto/pedersen.h"

namespace phantompool::crypto {
namespace {

constexpr std::string_view kName = "product_proof";

Status CheckStatement(const Point& Cx, const Point& Cy, const Point& Cz) {
  PP_RETURN_IF_ERROR(sigma::RequireNonIdentity(Cx, kName, "Cx"));
  PP_RETURN_IF_ERROR(sigma::RequireNonIdentity(Cy, kName, "Cy"));
  return sigma::RequireNonIdentity(Cz, kName, "Cz");
}

void AppendStatement(Transcript& t, const Point& Cx, const Point& Cy, const Point& Cz) {
  t.AppendMessage("dom-sep", ProductProof::kDomain);
  t.AppendPoint("Cx", Cx);
  t.AppendPoint("Cy", Cy);
  t.AppendPoint("Cz", Cz);
}

}  // namespace

Result<ProductProof> ProductProof::Prove(Transcript& t, const Point& Cx, const Point& Cy,
                                         const Point& Cz, const Scalar& x, const Scalar& tx,
                                         const Scalar& ty, const Scalar& tz, Rng& rng) {
  PP_RETURN_IF_ERROR(CheckStatement(Cx, Cy, Cz));
  Scalar t_prime = tz - x * ty;
  const bool x_fits = sigma::Published(PedersenCommit(x, tx)) == Cx;
  const bool z_fits = sigma::Published(Cy * x + MulH(t_prime)) == Cz;
  if (!x_fits || !z_fits) {
    return Status::InvalidArgument(std::string(kName) + ".witness",
                                   "Cx and Cz do not commit to x and x·y");
  }
  AppendStatement(t, Cx, Cy, Cz);
  std::array<Scalar, 3> k;  // k_x, k_tx, k_t'
  sigma::DeriveNonces(t, {&x, &tx, &t_prime}, rng, k);
  ProductProof proof;
  proof.A1_ = sigma::Published(PedersenCommit(k[0], k[1]));
  proof.A2_ = sigma::Published(Cy * k[0] + MulH(k[2]));
  t.AppendPoint("A1", proof.A1_);
  t.AppendPoint("A2", proof.A2_);
  const Scalar c = t.ChallengeScalar("c");
  proof.z_x_ = sigma::Published(k[0] + c * x);
  proof.z_tx_ = sigma::Published(k[1] + c * tx);
  proof.z_tp_ = sigma::Published(k[2] + c * t_prime);
  t.AppendScalar("z_x", proof.z_x_);
  t.AppendScalar("z_tx", proof.z_tx_);
  t.AppendScalar("z_t'", proof.z_tp_);
  sigma::Wipe(k);
  sigma::Wipe(std::span<Scalar>(&t_prime, 1));
  return proof;
}

Result<Scalar> ProductProof::Absorb(Transcript& t, const Point& Cx, const Point& Cy,
                                    const Point& Cz) const {
  PP_RETURN_IF_ERROR(CheckStatement(Cx, Cy, Cz));
  AppendStatement(t, Cx, Cy, Cz);
  PP_RETURN_IF_ERROR(t.ValidateAndAppendPoint("A1", A1_));
  PP_RETURN_IF_ERROR(t.ValidateAndAppendPoint("A2", A2_));
  const Scalar c = t.ChallengeScalar("c");
  t.AppendScalar("z_x", z_x_);
  t.AppendScalar("z_tx", z_tx_);
  t.AppendScalar("z_t'", z_tp_);
  return c;
}

void ProductProof::AddEquations(const Scalar& c, const Point& Cx, const Point& Cy, const Point& Cz,
                                sigma::CombinedCheck& check) const {
  const Scalar minus_one = -Scalar::One();
  // z_x·G + z_tx·H − A1 − c·Cx = 0
  check.BeginEquation();
  check.AddG(z_x_);
  check.AddH(z_tx_);
  check.AddTerm(minus_one, A1_);
  check.AddTerm(-c, Cx);
  // z_x·Cy + z_t'·H − A2 − c·Cz = 0
  check.BeginEquation();
  check.AddTerm(z_x_, Cy);
  check.AddH(z_tp_);
  check.AddTerm(minus_one, A2_);
  check.AddTerm(-c, Cz);
}

Status ProductProof::Verify(Transcript& t, const Point& Cx, const Point& Cy,
                            const Point& Cz) const {
  PP_ASSIGN_OR_RETURN(const Scalar c, Absorb(t, Cx, Cy, Cz));
  sigma::CombinedCheck check(t);
  AddEquations(c, Cx, Cy, Cz, check);
  if (!check.Holds()) return Status::VerificationFailed(std::string(kName), "does not verify");
  return Status::Ok();
}

Status ProductProof::VerifyBatched(Transcript& t, const Point& Cx, const Point& Cy, const Point& Cz,
                                   sigma::CombinedCheck& batch) const {
  PP_ASSIGN_OR_RETURN(const Scalar c, Absorb(t, Cx, Cy, Cz));
  AddEquations(c, Cx, Cy, Cz, batch);
  return Status::Ok();
}

std::array<uint8_t, ProductProof::kSize> ProductProof::Serialize() const {
  return sigma::ProofWriter<kSize>().Put(A1_).Put(A2_).Put(z_x_).Put(z_tx_).Put(z_tp_).Finish();
}

Result<ProductProof> ProductProof::Parse(std::span<const uint8_t> bytes, std::string_view field) {
  sigma::ProofReader in(bytes, field);
  PP_RETURN_IF_ERROR(in.Open(kSize));
  ProductProof proof;
  PP_ASSIGN_OR_RETURN(proof.A1_, in.ReadPoint("A1"));
  PP_ASSIGN_OR_RETURN(proof.A2_, in.ReadPoint("A2"));
  PP_ASSIGN_OR_RETURN(proof.z_x_, in.ReadScalar("z_x"));
  PP_ASSIGN_OR_RETURN(proof.z_tx_, in.ReadScalar("z_tx"));
  PP_ASSIGN_OR_RETURN(proof.z_tp_, in.ReadScalar("z_t'"));
  return proof;
}

}  // namespace phantompool::crypto
