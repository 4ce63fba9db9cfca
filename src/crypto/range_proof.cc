// The range-proof prover.
//
// Constant time in the values, the blindings and the randomness: bits of the values pick
// generators through Point::Select, S is a constant-time MSM, T1/T2/V are fixed-base
// constant-time multiplications, and all vector arithmetic is libdecaf's constant-time
// scalar arithmetic. Only l(x), r(x) and the public outputs are declassified, after which
// the inner-product argument runs in variable time (see inner_product_proof.h).
#include "phantompool/crypto/range_proof.h"

#include <string>
#include <vector>

#include "phantompool/common/check.h"
#include "phantompool/crypto/bulletproof_gens.h"
#include "phantompool/crypto/ctime.h"
#include "phantompool/crypto/generators.h"
#include "phantompool/crypto/msm.h"
#include "phantompool/crypto/pedersen.h"
#include "range_proof_internal.h"

namespace phantompool::crypto {
namespace {

void Wipe(std::span<Scalar> v) {
  for (Scalar& s : v) decaf_255_scalar_destroy(s.raw());
}

std::vector<Scalar> RandomVector(size_t n, Rng& rng) {
  std::vector<Scalar> v(n);
  for (Scalar& s : v) s = Scalar::Random(rng);
  return v;
}

// values[j] < 2^bits for all j, without a branch per value: the answer is revealed anyway.
bool AllInRange(std::span<const uint64_t> values, size_t bits) {
  if (bits == 64) return true;
  uint64_t high = 0;
  for (uint64_t v : values) high |= v >> bits;
  DeclassifyValue(high);
  return high == 0;
}

}  // namespace

Result<RangeProof> RangeProof::Prove(Transcript& t, std::span<const uint64_t> values,
                                     std::span<const Scalar> blindings, size_t bits, Rng& rng,
                                     CommitmentBinding binding) {
  return ProveImpl(t, values, blindings, bits, rng, /*check_range=*/true, binding);
}

Result<RangeProof> RangeProof::ProveImpl(Transcript& t, std::span<const uint64_t> values,
                                         std::span<const Scalar> blindings, size_t bits, Rng& rng,
                                         bool check_range, CommitmentBinding binding) {
  namespace rpi = range_proof_internal;
  const size_t m = values.size();
  PP_RETURN_IF_ERROR(rpi::CheckShape(bits, m, "range_proof", "values"));
  if (blindings.size() != m) {
    return Status::InvalidArgument("range_proof.blindings", "need one blinding per value");
  }
  if (check_range && !AllInRange(values, bits)) {
    for (size_t j = 0; j < m; ++j) {
      if (bits < 64 && (values[j] >> bits) != 0) {
        return Status::InvalidArgument("range_proof.values[" + std::to_string(j) + "]",
                                       "value does not fit in " + std::to_string(bits) + " bits");
      }
    }
  }
  const size_t n = bits * m;
  const BulletproofGens& gens = BulletproofGens::Default();
  const auto g = gens.G(n);
  const auto h = gens.H(n);

  rpi::AppendDomain(t, bits, m);
  if (binding == CommitmentBinding::kAppend) {
    for (size_t j = 0; j < m; ++j) {
      Point v = Point::MulBase(Scalar::FromU64(values[j])) + MulH(blindings[j]);
      DeclassifyValue(v);  // the commitment is public
      t.AppendPoint("V", v);
    }
  }

  // a_L = the bits of the values, a_R = a_L - 1. A = α·H + Σ (a_L,i·G_i + a_R,i·H_i): each
  // term is G_i when the bit is 1 and -H_i when it is 0, picked in constant time.
  std::vector<Scalar> a_l(n);
  Scalar alpha = Scalar::Random(rng);
  Point a_commit = MulH(alpha);
  for (size_t j = 0; j < m; ++j) {
    for (size_t i = 0; i < bits; ++i) {
      const uint64_t bit = (values[j] >> i) & 1;
      a_l[j * bits + i] = Scalar::FromU64(bit);
      a_commit += Point::Select(bit != 0, g[j * bits + i], -h[j * bits + i]);
    }
  }
  // S = ρ·H + Σ (s_L,i·G_i + s_R,i·H_i) for random s_L, s_R: a constant-time MSM.
  std::vector<Scalar> s_l = RandomVector(n, rng);
  std::vector<Scalar> s_r = RandomVector(n, rng);
  Scalar rho = Scalar::Random(rng);
  Point s_commit;
  if (n <= BulletproofGens::kTableCapacity) {
    const Scalar* rho_ptr = &rho;
    const FixedBaseSpan spans[] = {{s_l, gens.GTables(n)},
                                   {s_r, gens.HTables(n)},
                                   {std::span<const Scalar>(rho_ptr, 1),
                                    std::span<const WnafTable>(&gens.PedersenHTable(), 1)}};
    s_commit = MultiScalarMulFixedConstTime(spans);
  } else {
    std::vector<Scalar> s_scalars;
    std::vector<Point> s_points;
    s_scalars.reserve(2 * n + 1);
    s_points.reserve(2 * n + 1);
    s_scalars.insert(s_scalars.end(), s_l.begin(), s_l.end());
    s_scalars.insert(s_scalars.end(), s_r.begin(), s_r.end());
    s_scalars.push_back(rho);
    s_points.insert(s_points.end(), g.begin(), g.end());
    s_points.insert(s_points.end(), h.begin(), h.end());
    s_points.push_back(PedersenGens::Default().H);
    s_commit = MultiScalarMulConstTime(s_scalars, s_points);
    Wipe(s_scalars);
  }
  DeclassifyValue(a_commit);
  DeclassifyValue(s_commit);
  // An identity A, S, T1 or T2 has negligible probability; the verifier refuses it.
  const Encoding a_bytes = a_commit.Encode();
  const Encoding s_bytes = s_commit.Encode();
  t.AppendMessage("A", a_bytes);
  t.AppendMessage("S", s_bytes);
  const Scalar y = t.ChallengeScalar("y");
  const Scalar z = t.ChallengeScalar("z");

  // l(X) = (a_L - z·1) + s_L·X
  // r(X) = y^n ∘ (a_R + z·1 + s_R·X) + Σ_j z^(2+j)·(0..0 || 2^bits || 0..0)
  // t(X) = <l(X), r(X)> = t0 + t1·X + t2·X²
  std::vector<Scalar> l0(n), r0(n), r1(n);
  Scalar t1, t2;
  {
    Scalar y_pow = Scalar::One();
    Scalar z_pow = z * z;  // z^(2+j)
    const Scalar one = Scalar::One();
    for (size_t j = 0; j < m; ++j) {
      Scalar two_pow = z_pow;  // z^(2+j)·2^i
      for (size_t i = 0; i < bits; ++i) {
        const size_t k = j * bits + i;
        l0[k] = a_l[k] - z;
        r0[k] = y_pow * (a_l[k] - one + z) + two_pow;
        r1[k] = y_pow * s_r[k];
        t1 += l0[k] * r1[k] + s_l[k] * r0[k];
        t2 += s_l[k] * r1[k];
        two_pow += two_pow;
        y_pow *= y;
      }
      z_pow *= z;
    }
  }
  Scalar tau1 = Scalar::Random(rng);
  Scalar tau2 = Scalar::Random(rng);
  Point t1_commit = Point::MulBase(t1) + MulH(tau1);
  Point t2_commit = Point::MulBase(t2) + MulH(tau2);
  DeclassifyValue(t1_commit);
  DeclassifyValue(t2_commit);
  const Encoding t1_bytes = t1_commit.Encode();
  const Encoding t2_bytes = t2_commit.Encode();
  t.AppendMessage("T1", t1_bytes);
  t.AppendMessage("T2", t2_bytes);
  const Scalar x = t.ChallengeScalar("x");

  Scalar taux = tau2 * x * x + tau1 * x;
  {
    Scalar z_pow = z * z;
    for (size_t j = 0; j < m; ++j) {
      taux += z_pow * blindings[j];
      z_pow *= z;
    }
  }
  const Scalar mu = alpha + rho * x;
  std::vector<Scalar> l(n), r(n);
  for (size_t k = 0; k < n; ++k) {
    l[k] = l0[k] + s_l[k] * x;
    r[k] = r0[k] + r1[k] * x;
  }
  // l(x), r(x), t̂, τx and μ are what the unoptimised protocol sends: uniformly blinded by
  // s_L, s_R, τ and α, ρ, so they reveal nothing about the values. From here on the
  // inner-product argument may run in variable time on them.
  Declassify(l.data(), l.size() * sizeof(Scalar));
  Declassify(r.data(), r.size() * sizeof(Scalar));
  const Scalar t_hat = InnerProduct(l, r);
  DeclassifyValue(taux);
  DeclassifyValue(mu);
  t.AppendScalar("taux", taux);
  t.AppendScalar("mu", mu);
  t.AppendScalar("t_hat", t_hat);
  const Scalar w = t.ChallengeScalar("w");

  // H'_i = y^-i·H_i, so that <r, H'> carries r's y^n factor.
  std::vector<Scalar> h_factors(n);
  const Scalar y_inv = y.Invert();
  Scalar y_inv_pow = Scalar::One();
  for (size_t k = 0; k < n; ++k) {
    h_factors[k] = y_inv_pow;
    y_inv_pow *= y_inv;
  }
  InnerProductProof ipa = InnerProductProof::Create(t, w, h_factors, std::move(l), std::move(r));

  Wipe(a_l);
  Wipe(s_l);
  Wipe(s_r);
  Wipe(l0);
  Wipe(r0);
  Wipe(r1);
  for (Scalar* secret : {&alpha, &rho, &tau1, &tau2, &t1, &t2}) Wipe(std::span<Scalar>(secret, 1));
  return RangeProof({a_commit, s_commit, t1_commit, t2_commit},
                    {a_bytes, s_bytes, t1_bytes, t2_bytes}, taux, mu, t_hat, std::move(ipa));
}

}  // namespace phantompool::crypto
