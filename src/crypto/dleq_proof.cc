#include "phantompool/crypto/dleq_proof.h"

#include <optional>
#include <string>
#include <vector>

#include "phantompool/crypto/msm.h"

namespace phantompool::crypto {
namespace {

constexpr std::string_view kName = "dleq_proof";
constexpr std::string_view kBatchName = "batch_dleq_proof";

std::string Indexed(std::string_view name, size_t i) {
  return std::string(name) + "[" + std::to_string(i) + "]";
}

// The rounds shared by both proofs, once the statement is in the transcript: prove that
// log_B1(x·B1) = log_B2(x·B2) = x.
void ProveRounds(Transcript& t, const Point& B1, const Point& B2, const Scalar& x, Rng& rng,
                 Point& A1, Point& A2, Scalar& z) {
  Scalar k;
  sigma::DeriveNonces(t, {&x}, rng, std::span<Scalar>(&k, 1));
  A1 = sigma::Published(B1 * k);
  A2 = sigma::Published(B2 * k);
  t.AppendPoint("A1", A1);
  t.AppendPoint("A2", A2);
  const Scalar c = t.ChallengeScalar("c");
  // A response is a published output: chained proofs absorb it into the transcript.
  z = sigma::Published(k + c * x);
  t.AppendScalar("z", z);
  sigma::Wipe(std::span<Scalar>(&k, 1));
}

// Absorbs the prover's messages and returns the challenge.
Result<Scalar> VerifierRounds(Transcript& t, const Point& A1, const Point& A2, const Scalar& z) {
  PP_RETURN_IF_ERROR(t.ValidateAndAppendPoint("A1", A1));
  PP_RETURN_IF_ERROR(t.ValidateAndAppendPoint("A2", A2));
  const Scalar c = t.ChallengeScalar("c");
  t.AppendScalar("z", z);
  return c;
}

Status CheckBatchStatement(const Point& B, const Point& P, std::span<const Point> bases,
                           std::span<const Point> publics) {
  if (bases.empty() || bases.size() != publics.size()) {
    return Status::InvalidArgument(std::string(kBatchName) + ".statement",
                                   "needs as many public points as bases, at least one");
  }
  PP_RETURN_IF_ERROR(sigma::RequireNonIdentity(B, kBatchName, "B"));
  PP_RETURN_IF_ERROR(sigma::RequireNonIdentity(P, kBatchName, "P"));
  for (size_t i = 0; i < bases.size(); ++i) {
    PP_RETURN_IF_ERROR(sigma::RequireNonIdentity(bases[i], kBatchName, Indexed("bases", i)));
    PP_RETURN_IF_ERROR(sigma::RequireNonIdentity(publics[i], kBatchName, Indexed("publics", i)));
  }
  return Status::Ok();
}

// Appends the batch statement and squeezes one folding weight per pair.
std::vector<Scalar> AppendBatchStatement(Transcript& t, const Point& B, const Point& P,
                                         std::span<const Point> bases,
                                         std::span<const Point> publics) {
  t.AppendMessage("dom-sep", BatchDleqProof::kDomain);
  t.AppendPoint("B", B);
  t.AppendPoint("P", P);
  t.AppendU64("n", bases.size());
  for (size_t i = 0; i < bases.size(); ++i) {
    t.AppendPoint("B2", bases[i]);
    t.AppendPoint("P2", publics[i]);
  }
  std::vector<Scalar> w(bases.size());
  for (Scalar& wi : w) wi = t.ChallengeScalar("w");
  return w;
}

}  // namespace

Result<DleqProof> DleqProof::Prove(Transcript& t, const Point& B1, const Point& P1, const Point& B2,
                                   const Point& P2, const SecretScalar& x, Rng& rng) {
  PP_RETURN_IF_ERROR(sigma::RequireNonIdentity(B1, kName, "B1"));
  PP_RETURN_IF_ERROR(sigma::RequireNonIdentity(P1, kName, "P1"));
  PP_RETURN_IF_ERROR(sigma::RequireNonIdentity(B2, kName, "B2"));
  PP_RETURN_IF_ERROR(sigma::RequireNonIdentity(P2, kName, "P2"));
  const Scalar& xs = x.ExposeSecret();
  const bool fits1 = sigma::Published(B1 * xs) == P1;
  const bool fits2 = sigma::Published(B2 * xs) == P2;
  if (!fits1 || !fits2) {
    return Status::InvalidArgument(std::string(kName) + ".witness", "x does not fit P1 and P2");
  }
  t.AppendMessage("dom-sep", kDomain);
  t.AppendPoint("B1", B1);
  t.AppendPoint("P1", P1);
  t.AppendPoint("B2", B2);
  t.AppendPoint("P2", P2);
  DleqProof proof;
  ProveRounds(t, B1, B2, xs, rng, proof.A1_, proof.A2_, proof.z_);
  return proof;
}

Result<Scalar> DleqProof::Absorb(Transcript& t, const Point& B1, const Point& P1, const Point& B2,
                                 const Point& P2) const {
  PP_RETURN_IF_ERROR(sigma::RequireNonIdentity(B1, kName, "B1"));
  PP_RETURN_IF_ERROR(sigma::RequireNonIdentity(P1, kName, "P1"));
  PP_RETURN_IF_ERROR(sigma::RequireNonIdentity(B2, kName, "B2"));
  PP_RETURN_IF_ERROR(sigma::RequireNonIdentity(P2, kName, "P2"));
  t.AppendMessage("dom-sep", kDomain);
  t.AppendPoint("B1", B1);
  t.AppendPoint("P1", P1);
  t.AppendPoint("B2", B2);
  t.AppendPoint("P2", P2);
  return VerifierRounds(t, A1_, A2_, z_);
}

void DleqProof::AddEquations(const Scalar& c, const Point& B1, const Point& P1, const Point& B2,
                             const Point& P2, sigma::CombinedCheck& check) const {
  const Scalar minus_one = -Scalar::One();
  // z·B1 − A1 − c·P1 = 0 and z·B2 − A2 − c·P2 = 0
  check.BeginEquation();
  check.AddTerm(z_, B1);
  check.AddTerm(minus_one, A1_);
  check.AddTerm(-c, P1);
  check.BeginEquation();
  check.AddTerm(z_, B2);
  check.AddTerm(minus_one, A2_);
  check.AddTerm(-c, P2);
}

Status DleqProof::Verify(Transcript& t, const Point& B1, const Point& P1, const Point& B2,
                         const Point& P2) const {
  PP_ASSIGN_OR_RETURN(const Scalar c, Absorb(t, B1, P1, B2, P2));
  sigma::CombinedCheck check(t);
  AddEquations(c, B1, P1, B2, P2, check);
  if (!check.Holds()) return Status::VerificationFailed(std::string(kName), "does not verify");
  return Status::Ok();
}

Status DleqProof::VerifyBatched(Transcript& t, const Point& B1, const Point& P1, const Point& B2,
                                const Point& P2, sigma::CombinedCheck& batch) const {
  PP_ASSIGN_OR_RETURN(const Scalar c, Absorb(t, B1, P1, B2, P2));
  AddEquations(c, B1, P1, B2, P2, batch);
  return Status::Ok();
}

std::array<uint8_t, DleqProof::kSize> DleqProof::Serialize() const {
  return sigma::ProofWriter<kSize>().Put(A1_).Put(A2_).Put(z_).Finish();
}

Result<DleqProof> DleqProof::Parse(std::span<const uint8_t> bytes, std::string_view field) {
  sigma::ProofReader in(bytes, field);
  PP_RETURN_IF_ERROR(in.Open(kSize));
  DleqProof proof;
  PP_ASSIGN_OR_RETURN(proof.A1_, in.ReadPoint("A1"));
  PP_ASSIGN_OR_RETURN(proof.A2_, in.ReadPoint("A2"));
  PP_ASSIGN_OR_RETURN(proof.z_, in.ReadScalar("z"));
  return proof;
}

Result<BatchDleqProof> BatchDleqProof::Prove(Transcript& t, const Point& B, const Point& P,
                                             std::span<const Point> bases,
                                             std::span<const Point> publics, const SecretScalar& x,
                                             Rng& rng) {
  PP_RETURN_IF_ERROR(CheckBatchStatement(B, P, bases, publics));
  // The statement is public: the folding may run in variable time.
  Transcript probe = t;
  const std::vector<Scalar> w = AppendBatchStatement(probe, B, P, bases, publics);
  const Point folded_base = MultiScalarMulVartime(w, bases);
  const Point folded_public = MultiScalarMulVartime(w, publics);
  const Scalar& xs = x.ExposeSecret();
  const bool fits_key = sigma::Published(B * xs) == P;
  const bool fits_batch = sigma::Published(folded_base * xs) == folded_public;
  if (!fits_key || !fits_batch) {
    return Status::InvalidArgument(std::string(kBatchName) + ".witness",
                                   "x does not fit every public point");
  }
  t = probe;
  DleqProof inner;
  ProveRounds(t, B, folded_base, xs, rng, inner.A1_, inner.A2_, inner.z_);
  return BatchDleqProof(inner);
}

Result<BatchDleqProof> BatchDleqProof::ProveAndComputePublics(Transcript& t, const Point& B,
                                                              const Point& P,
                                                              std::span<const Point> bases,
                                                              const SecretScalar& x, Rng& rng,
                                                              std::vector<Point>& publics) {
  const Scalar& xs = x.ExposeSecret();
  publics = MulEachConstTime(xs, bases);
  for (Point& p : publics) p = sigma::Published(p);
  Point::KeepEncodings(publics);  // for the transcript here and the wire after
  PP_RETURN_IF_ERROR(CheckBatchStatement(B, P, bases, publics));
  if (!(sigma::Published(B * xs) == P)) {
    return Status::InvalidArgument(std::string(kBatchName) + ".witness", "x does not fit P");
  }
  const std::vector<Scalar> w = AppendBatchStatement(t, B, P, bases, publics);
  const Point folded_base = MultiScalarMulVartime(w, bases);
  DleqProof inner;
  ProveRounds(t, B, folded_base, xs, rng, inner.A1_, inner.A2_, inner.z_);
  return BatchDleqProof(inner);
}

Status BatchDleqProof::AddEquations(Transcript& t, const Point& B, const Point& P,
                                    std::span<const Point> bases, std::span<const Point> publics,
                                    sigma::CombinedCheck* batch) const {
  PP_RETURN_IF_ERROR(CheckBatchStatement(B, P, bases, publics));
  const std::vector<Scalar> w = AppendBatchStatement(t, B, P, bases, publics);
  const DleqProof& p = inner_;
  PP_ASSIGN_OR_RETURN(const Scalar c, VerifierRounds(t, p.A1_, p.A2_, p.z_));
  std::optional<sigma::CombinedCheck> own;
  if (batch == nullptr) own.emplace(t);
  sigma::CombinedCheck& check = batch != nullptr ? *batch : *own;
  const Scalar minus_one = -Scalar::One();
  const Scalar minus_c = -c;
  // z·B − A1 − c·P = 0
  check.BeginEquation();
  check.AddTerm(p.z_, B);
  check.AddTerm(minus_one, p.A1_);
  check.AddTerm(minus_c, P);
  // z·B' − A2 − c·P' = 0 with B', P' expanded into their terms: one MSM in all.
  check.BeginEquation();
  check.AddTerm(minus_one, p.A2_);
  for (size_t i = 0; i < bases.size(); ++i) {
    check.AddTerm(p.z_ * w[i], bases[i]);
    check.AddTerm(minus_c * w[i], publics[i]);
  }
  if (own && !own->Holds()) {
    return Status::VerificationFailed(std::string(kBatchName), "does not verify");
  }
  return Status::Ok();
}

Status BatchDleqProof::Verify(Transcript& t, const Point& B, const Point& P,
                              std::span<const Point> bases, std::span<const Point> publics) const {
  return AddEquations(t, B, P, bases, publics, nullptr);
}

Status BatchDleqProof::VerifyBatched(Transcript& t, const Point& B, const Point& P,
                                     std::span<const Point> bases, std::span<const Point> publics,
                                     sigma::CombinedCheck& batch) const {
  return AddEquations(t, B, P, bases, publics, &batch);
}

std::array<uint8_t, BatchDleqProof::kSize> BatchDleqProof::Serialize() const {
  return inner_.Serialize();
}

Result<BatchDleqProof> BatchDleqProof::Parse(std::span<const uint8_t> bytes,
                                             std::string_view field) {
  PP_ASSIGN_OR_RETURN(DleqProof inner, DleqProof::Parse(bytes, field));
  return BatchDleqProof(inner);
}

}  // namespace phantompool::crypto
