// Range-proof verification as ONE multi-scalar multiplication.
//
// With challenges y, z, x, w, the inner-product challenges u_j and s_i = Π u_j^(±1), a
// proof is valid iff both
//   (IPA)  A + x·S - z·ΣG_i + Σ(z + y^-i·z^(2+j)·2^(i mod n))·H_i - μ·H + w·t̂·G
//          + Σ(u_j²·L_j + u_j^-2·R_j) = a·Σ s_i·G_i + b·Σ s_i^-1·y^-i·H_i + a·b·w·G
//   (t̂)    t̂·G + τx·H = Σ z^(2+j)·V_j + δ(y,z)·G + x·T1 + x²·T2
// hold. Weighting the first by u1 and the second by u2 and moving everything to one side
// gives a single MSM that must be the identity (dalek's "mega-check"). A single proof uses
// u1 = 1 and u2 drawn from a copy of its transcript after the whole proof is bound, so the
// caller's transcript ends in the same state as the prover's.
#include <string>

#include "phantompool/crypto/bulletproof_gens.h"
#include "phantompool/crypto/generators.h"
#include "phantompool/crypto/msm.h"
#include "phantompool/crypto/range_proof.h"
#include "range_proof_internal.h"

namespace phantompool::crypto {
namespace range_proof_internal {
namespace {

std::string Join(std::string_view field, std::string_view name) {
  if (field.empty()) return std::string(name);
  return std::string(field) + "." + std::string(name);
}

Status Prefixed(const Status& s, std::string_view field) {
  return field.empty() ? s : s.WithFieldPrefix(field);
}

// Transcript::ValidateAndAppendPoint with the encoding the proof already holds.
Status AppendProofPoint(Transcript& t, std::string_view label, const Point& p,
                        const RangeProof::Encoding& bytes, std::string_view field) {
  if (p.IsIdentity()) {
    return Status::VerificationFailed(Join(field, label), "identity point in proof");
  }
  t.AppendMessage(label, bytes);
  return Status::Ok();
}

}  // namespace

Status CheckShape(size_t bits, size_t m, std::string_view field, std::string_view count_name) {
  if (bits != 8 && bits != 16 && bits != 32 && bits != 64) {
    return Status::InvalidArgument(Join(field, "bits"), "must be 8, 16, 32 or 64");
  }
  if (m == 0 || m > kRangeProofMaxValues || (m & (m - 1)) != 0) {
    return Status::InvalidArgument(Join(field, count_name),
                                   "count must be a power of two from 1 to 64");
  }
  return Status::Ok();
}

void AppendDomain(Transcript& t, size_t bits, size_t m) {
  t.AppendMessage("dom-sep", "phantompool/range-proof/v1");
  t.AppendU64("n", bits);
  t.AppendU64("m", m);
}

Result<Challenges> Replay(const RangeProof& proof, Transcript& t,
                          std::span<const Point> commitments, size_t m, size_t bits,
                          std::string_view field) {
  PP_RETURN_IF_ERROR(CheckShape(bits, m, field, "commitments"));
  if (!commitments.empty() && commitments.size() != m) {
    return Status::InvalidArgument(Join(field, "commitments"), "one commitment per value");
  }
  const size_t n = bits * m;
  if ((size_t{1} << proof.rounds()) != n) {
    return Status::InvalidArgument(
        std::string(field),
        "proof has " + std::to_string(proof.rounds()) +
            " rounds, the statement needs log2(bits·m) = " + std::to_string(__builtin_ctzll(n)));
  }
  AppendDomain(t, bits, m);
  for (const Point& v : commitments) t.AppendPoint("V", v);
  PP_RETURN_IF_ERROR(AppendProofPoint(t, "A", proof.A(), proof.PointBytes()[0], field));
  PP_RETURN_IF_ERROR(AppendProofPoint(t, "S", proof.S(), proof.PointBytes()[1], field));
  Challenges ch;
  ch.y = t.ChallengeScalar("y");
  ch.z = t.ChallengeScalar("z");
  PP_RETURN_IF_ERROR(AppendProofPoint(t, "T1", proof.T1(), proof.PointBytes()[2], field));
  PP_RETURN_IF_ERROR(AppendProofPoint(t, "T2", proof.T2(), proof.PointBytes()[3], field));
  ch.x = t.ChallengeScalar("x");
  t.AppendScalar("taux", proof.taux());
  t.AppendScalar("mu", proof.mu());
  t.AppendScalar("t_hat", proof.t_hat());
  ch.w = t.ChallengeScalar("w");
  if (ch.y.IsZero()) return Status::VerificationFailed(std::string(field), "zero challenge y");
  auto u = proof.ipa().ReplayChallenges(n, t);
  if (!u.ok()) return Prefixed(u.status(), field);
  ch.u = std::move(u).value();
  return ch;
}

void FinishChallenges(std::span<Challenges> all) {
  std::vector<Scalar> inv;
  for (const Challenges& ch : all) {
    inv.push_back(ch.y);
    inv.insert(inv.end(), ch.u.begin(), ch.u.end());
  }
  Scalar::BatchInvert(inv);  // every element is non-zero: Replay checked
  size_t pos = 0;
  for (Challenges& ch : all) {
    ch.y_inv = inv[pos++];
    ch.ipa = InnerProductProof::ScalarsFromChallenges(
        ch.u, std::span<const Scalar>(inv).subspan(pos, ch.u.size()));
    pos += ch.u.size();
  }
}

std::vector<Scalar> CommitmentWeights(const Challenges& ch, size_t m, const Scalar& u2) {
  std::vector<Scalar> out;
  out.reserve(m);
  Scalar v_weight = u2 * ch.z * ch.z;
  for (size_t j = 0; j < m; ++j) {
    out.push_back(v_weight);
    v_weight *= ch.z;
  }
  return out;
}

void AddTerms(const RangeProof& proof, const Challenges& ch, std::span<const Point> commitments,
              size_t m, size_t bits, const Scalar& u1, const Scalar& u2, Accumulator& acc) {
  const size_t n = bits * m;
  const auto& s = ch.ipa.s;
  const Scalar& y = ch.y;
  const Scalar& z = ch.z;
  const Scalar zz = z * z;
  const Scalar& y_inv = ch.y_inv;

  // Generator terms: G_i gets -u1·z - (u1·a)·s_i;
  // H_i gets u1·z + y^-i·(u1·z^(2+j)·2^(i mod n) - (u1·b)·s_(n-1-i)).
  // The loop's multipliers are prepared factors (scalar.h): one Montgomery product each
  // instead of two, 4 per generator pair instead of 8.
  const Scalar u1_z = u1 * z;
  const ScalarFactor u1_a(u1 * proof.ipa().a());
  const ScalarFactor u1_b(u1 * proof.ipa().b());
  const ScalarFactor y_inv_factor(y_inv);
  ScalarFactor y_inv_pow(Scalar::One());
  ScalarFactor sum_y_inv;      // Σ_{i<n} y^-i, for δ below
  Scalar u1_zz_pow = u1 * zz;  // u1·z^(2+j)
  for (size_t j = 0; j < m; ++j) {
    Scalar two_term = u1_zz_pow;  // u1·z^(2+j)·2^i
    for (size_t i = 0; i < bits; ++i) {
      const size_t k = j * bits + i;
      acc.g[k] -= u1_z + s[k] * u1_a;
      acc.h[k] += u1_z + (two_term - s[n - 1 - k] * u1_b) * y_inv_pow;
      sum_y_inv += y_inv_pow;
      y_inv_pow *= y_inv_factor;
      two_term += two_term;
    }
    u1_zz_pow *= z;
  }
  // δ(y,z) = (z - z²)·Σ y^i - Σ_j z^(3+j)·(2^bits - 1), with Σ_{i<n} y^i = y^(n-1)·Σ y^-i
  // (y^(n-1) = y^n·y^-1 by squaring: n is a power of two).
  Scalar y_pow_n = y;
  for (size_t p = n; p > 1; p /= 2) y_pow_n *= y_pow_n;
  const Scalar sum_y = y_pow_n * y_inv * sum_y_inv.ToScalar();
  const Scalar ones = Scalar::FromU64(bits == 64 ? UINT64_MAX : (uint64_t{1} << bits) - 1);
  Scalar delta = (z - zz) * sum_y;
  Scalar z_pow = zz * z;  // z^(3+j)
  for (size_t j = 0; j < m; ++j) {
    delta -= z_pow * ones;
    z_pow *= z;
  }
  const Scalar& t_hat = proof.t_hat();
  acc.pedersen_g += u1 * ch.w * (t_hat - proof.ipa().a() * proof.ipa().b()) + u2 * (delta - t_hat);
  acc.pedersen_h -= u1 * proof.mu() + u2 * proof.taux();

  if (!commitments.empty()) {
    Scalar v_weight = u2 * zz;
    for (const Point& v : commitments) {
      acc.dyn_scalars.push_back(v_weight);
      acc.dyn_points.push_back(v);
      v_weight *= z;
    }
  }
  const Scalar u2_x = u2 * ch.x;
  const Scalar dyn[] = {u1, u1 * ch.x, u2_x, u2_x * ch.x};
  const Point* pts[] = {&proof.A(), &proof.S(), &proof.T1(), &proof.T2()};
  for (int i = 0; i < 4; ++i) {
    acc.dyn_scalars.push_back(dyn[i]);
    acc.dyn_points.push_back(*pts[i]);
  }
  for (size_t j = 0; j < proof.rounds(); ++j) {
    acc.dyn_scalars.push_back(u1 * ch.ipa.u_sq[j]);
    acc.dyn_points.push_back(proof.ipa().L()[j]);
    acc.dyn_scalars.push_back(u1 * ch.ipa.u_inv_sq[j]);
    acc.dyn_points.push_back(proof.ipa().R()[j]);
  }
}

Point Evaluate(const Accumulator& acc) {
  const BulletproofGens& gens = BulletproofGens::Default();
  const size_t n = acc.g.size();
  std::vector<FixedBaseSpan> fixed;
  fixed.push_back({std::span<const Scalar>(&acc.pedersen_g, 1),
                   std::span<const WnafTable>(&gens.PedersenGTable(), 1)});
  fixed.push_back({std::span<const Scalar>(&acc.pedersen_h, 1),
                   std::span<const WnafTable>(&gens.PedersenHTable(), 1)});
  if (n <= BulletproofGens::kTableCapacity) {
    fixed.push_back({acc.g, gens.GTables(n)});
    fixed.push_back({acc.h, gens.HTables(n)});
    return MultiScalarMulFixedVartime(fixed, acc.dyn_scalars, acc.dyn_points);
  }
  std::vector<Scalar> scalars = acc.dyn_scalars;
  std::vector<Point> points = acc.dyn_points;
  const auto g = gens.G(n);
  const auto h = gens.H(n);
  scalars.insert(scalars.end(), acc.g.begin(), acc.g.end());
  scalars.insert(scalars.end(), acc.h.begin(), acc.h.end());
  points.insert(points.end(), g.begin(), g.end());
  points.insert(points.end(), h.begin(), h.end());
  return MultiScalarMulFixedVartime(fixed, scalars, points);
}

Status VerifyAs(const RangeProof& proof, Transcript& t, std::span<const Point> commitments,
                size_t bits, std::string_view field) {
  // (Fields are relative to the proof: Verify reports "L[3]", the caller prefixes it.)
  PP_ASSIGN_OR_RETURN(Challenges ch,
                      Replay(proof, t, commitments, commitments.size(), bits, field));
  FinishChallenges(std::span(&ch, 1));
  // The t̂ check's weight: a challenge from a copy of the transcript that has bound the
  // whole proof, so a prover cannot choose the proof to cancel the two equations.
  Transcript weight_transcript = t;
  weight_transcript.AppendScalar("a", proof.ipa().a());
  weight_transcript.AppendScalar("b", proof.ipa().b());
  const Scalar u2 = weight_transcript.ChallengeScalar("verify-weight");
  Accumulator acc(bits * commitments.size());
  AddTerms(proof, ch, commitments, commitments.size(), bits, Scalar::One(), u2, acc);
  if (!Evaluate(acc).IsIdentity()) {
    return Status::VerificationFailed(std::string(field), "range proof does not verify");
  }
  return Status::Ok();
}

}  // namespace range_proof_internal

Status RangeProof::Verify(Transcript& t, std::span<const Point> commitments, size_t bits) const {
  return range_proof_internal::VerifyAs(*this, t, commitments, bits, "");
}

}  // namespace phantompool::crypto
