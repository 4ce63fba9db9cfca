#include "phantompool/crypto/inner_product_proof.h"

#include <string>
#include <utility>

#include "phantompool/common/check.h"
#include "phantompool/crypto/bulletproof_gens.h"
#include "phantompool/crypto/generators.h"
#include "phantompool/crypto/msm.h"

namespace phantompool::crypto {
namespace {

bool IsPowerOfTwo(size_t n) {
  return n != 0 && (n & (n - 1)) == 0;
}

// One round's L or R over the original generators. With n_cur the current vector length,
// original index t belongs to current index t mod n_cur. G_t takes part when that index
// lies in the half `g_half` (0 low, 1 high), H_t when it lies in the other half;
// g_sc/h_sc hold the scalars at those t (the rest is ignored).
Point RoundCommitment(const Scalar& q_scalar, std::span<const Scalar> g_sc,
                      std::span<const Scalar> h_sc, size_t n_cur, int g_half) {
  const BulletproofGens& gens = BulletproofGens::Default();
  const size_t n = g_sc.size();
  const size_t half = n_cur / 2;
  const size_t g_off = g_half == 1 ? half : 0;
  const size_t h_off = g_half == 1 ? 0 : half;
  if (n <= BulletproofGens::kTableCapacity) {
    const auto g_tables = gens.GTables(n);
    const auto h_tables = gens.HTables(n);
    std::vector<FixedBaseSpan> spans;
    spans.reserve(2 * (n / n_cur) + 1);
    for (size_t block = 0; block < n; block += n_cur) {
      spans.push_back({g_sc.subspan(block + g_off, half), g_tables.subspan(block + g_off, half)});
      spans.push_back({h_sc.subspan(block + h_off, half), h_tables.subspan(block + h_off, half)});
    }
    spans.push_back({std::span<const Scalar>(&q_scalar, 1),
                     std::span<const WnafTable>(&gens.PedersenGTable(), 1)});
    return MultiScalarMulFixedVartime(spans, {}, {});
  }
  // Beyond the tables: Pippenger over the plain points.
  const auto g_points = gens.G(n);
  const auto h_points = gens.H(n);
  std::vector<Scalar> scalars;
  std::vector<Point> points;
  scalars.reserve(n + 1);
  points.reserve(n + 1);
  for (size_t block = 0; block < n; block += n_cur) {
    for (size_t i = 0; i < half; ++i) {
      scalars.push_back(g_sc[block + g_off + i]);
      points.push_back(g_points[block + g_off + i]);
      scalars.push_back(h_sc[block + h_off + i]);
      points.push_back(h_points[block + h_off + i]);
    }
  }
  scalars.push_back(q_scalar);
  points.push_back(PedersenGens::Default().G);
  return MultiScalarMulVartime(scalars, points);
}

}  // namespace

void AppendInnerProductDomain(Transcript& t, size_t n) {
  t.AppendMessage("dom-sep", "phantompool/ipa/v1");
  t.AppendU64("n", n);
}

InnerProductProof InnerProductProof::Create(Transcript& t, const Scalar& q,
                                            std::span<const Scalar> h_factors,
                                            std::vector<Scalar> a, std::vector<Scalar> b) {
  const size_t n = a.size();
  PP_CHECK(IsPowerOfTwo(n) && n <= BulletproofGens::kCapacity);
  PP_CHECK(b.size() == n && h_factors.size() == n);
  AppendInnerProductDomain(t, n);

  // g[t], h[t]: the factor on original generator G_t / H_t in the current folded one.
  std::vector<Scalar> g(n, Scalar::One());
  std::vector<Scalar> h(h_factors.begin(), h_factors.end());
  std::vector<Scalar> g_sc(n);
  std::vector<Scalar> h_sc(n);
  InnerProductProof proof;
  for (size_t n_cur = n; n_cur > 1; n_cur /= 2) {
    const size_t half = n_cur / 2;
    Scalar c_l;
    Scalar c_r;
    for (size_t i = 0; i < half; ++i) {
      c_l += a[i] * b[half + i];
      c_r += a[half + i] * b[i];
    }
    // L = <a_lo, G_hi> + <b_hi, H'_lo> + c_L·Q.
    for (size_t block = 0; block < n; block += n_cur) {
      for (size_t i = 0; i < half; ++i) {
        g_sc[block + half + i] = a[i] * g[block + half + i];
        h_sc[block + i] = b[half + i] * h[block + i];
      }
    }
    const Point l = RoundCommitment(c_l * q, g_sc, h_sc, n_cur, 1);
    // R = <a_hi, G_lo> + <b_lo, H'_hi> + c_R·Q.
    for (size_t block = 0; block < n; block += n_cur) {
      for (size_t i = 0; i < half; ++i) {
        g_sc[block + i] = a[half + i] * g[block + i];
        h_sc[block + half + i] = b[i] * h[block + half + i];
      }
    }
    const Point r = RoundCommitment(c_r * q, g_sc, h_sc, n_cur, 0);
    // An identity L or R has negligible probability for an honest prover; the verifier
    // refuses it, so the transcript step is the same checked one.
    proof.l_.push_back(l);
    proof.r_.push_back(r);
    proof.l_bytes_.push_back(l.Encode());
    proof.r_bytes_.push_back(r.Encode());
    t.AppendMessage("L", proof.l_bytes_.back());
    t.AppendMessage("R", proof.r_bytes_.back());
    const Scalar u = t.ChallengeScalar("u");
    const Scalar u_inv = u.Invert();
    for (size_t i = 0; i < half; ++i) {
      a[i] = a[i] * u + a[half + i] * u_inv;
      b[i] = b[i] * u_inv + b[half + i] * u;
    }
    for (size_t block = 0; block < n; block += n_cur) {
      for (size_t i = 0; i < half; ++i) {
        g[block + i] *= u_inv;
        h[block + i] *= u;
        g[block + half + i] *= u;
        h[block + half + i] *= u_inv;
      }
    }
  }
  proof.a_ = a[0];
  proof.b_ = b[0];
  return proof;
}

InnerProductProof InnerProductProof::FromParts(std::vector<Point> l, std::vector<Point> r,
                                               const Scalar& a, const Scalar& b) {
  std::vector<Encoding> l_bytes, r_bytes;
  for (const Point& p : l) l_bytes.push_back(p.Encode());
  for (const Point& p : r) r_bytes.push_back(p.Encode());
  return FromDecoded(std::move(l), std::move(r), std::move(l_bytes), std::move(r_bytes), a, b);
}

InnerProductProof InnerProductProof::FromDecoded(std::vector<Point> l, std::vector<Point> r,
                                                 std::vector<Encoding> l_bytes,
                                                 std::vector<Encoding> r_bytes, const Scalar& a,
                                                 const Scalar& b) {
  PP_CHECK(l.size() == r.size() && l_bytes.size() == l.size() && r_bytes.size() == r.size());
  InnerProductProof proof;
  proof.l_ = std::move(l);
  proof.r_ = std::move(r);
  proof.l_bytes_ = std::move(l_bytes);
  proof.r_bytes_ = std::move(r_bytes);
  proof.a_ = a;
  proof.b_ = b;
  return proof;
}

Result<std::vector<Scalar>> InnerProductProof::ReplayChallenges(size_t n, Transcript& t) const {
  const size_t k = rounds();
  if (k >= 64 || n != (size_t{1} << k)) {
    return Status::InvalidArgument("ipa", "round count does not match the vector length");
  }
  AppendInnerProductDomain(t, n);
  std::vector<Scalar> u(k);
  for (size_t j = 0; j < k; ++j) {
    auto indexed = [j](const char* name) {
      return std::string(name).append("[").append(std::to_string(j)).append("]");
    };
    // As Transcript::ValidateAndAppendPoint, with the index in the error.
    if (l_[j].IsIdentity()) return Status::VerificationFailed(indexed("L"), "identity point");
    if (r_[j].IsIdentity()) return Status::VerificationFailed(indexed("R"), "identity point");
    t.AppendMessage("L", l_bytes_[j]);
    t.AppendMessage("R", r_bytes_[j]);
    u[j] = t.ChallengeScalar("u");
    if (u[j].IsZero()) return Status::VerificationFailed(indexed("u"), "zero challenge");
  }
  return u;
}

InnerProductProof::VerificationScalars InnerProductProof::ScalarsFromChallenges(
    std::span<const Scalar> u, std::span<const Scalar> u_inv) {
  PP_CHECK(u.size() == u_inv.size() && u.size() < 32);
  const size_t k = u.size();
  const size_t n = size_t{1} << k;
  VerificationScalars out;
  out.u_sq.resize(k);
  out.u_inv_sq.resize(k);
  Scalar s0 = Scalar::One();
  for (size_t j = 0; j < k; ++j) {
    out.u_sq[j] = u[j] * u[j];
    out.u_inv_sq[j] = u_inv[j] * u_inv[j];
    s0 *= u_inv[j];
  }
  // s[i] = Π_j u_j^(+1 if bit (k-1-j) of i is set, else -1): adding the highest bit p of i
  // to i - 2^p turns u_(k-1-p)^-1 into u_(k-1-p), one multiplication per entry.
  out.s.resize(n);
  out.s[0] = s0;
  for (size_t i = 1; i < n; ++i) {
    const size_t p = 63 - static_cast<size_t>(__builtin_clzll(i));
    out.s[i] = out.s[i - (size_t{1} << p)] * out.u_sq[k - 1 - p];
  }
  return out;
}

Result<InnerProductProof::VerificationScalars> InnerProductProof::ComputeVerificationScalars(
    size_t n, Transcript& t) const {
  PP_ASSIGN_OR_RETURN(std::vector<Scalar> u, ReplayChallenges(n, t));
  std::vector<Scalar> u_inv = u;
  Scalar::BatchInvert(u_inv);
  return ScalarsFromChallenges(u, u_inv);
}

Status InnerProductProof::Verify(size_t n, Transcript& t, const Point& p, const Scalar& q,
                                 std::span<const Scalar> h_factors) const {
  if (h_factors.size() != n || n > BulletproofGens::kCapacity) {
    return Status::InvalidArgument("ipa", "vector length out of range");
  }
  PP_ASSIGN_OR_RETURN(VerificationScalars v, ComputeVerificationScalars(n, t));
  // a·<s, G> + b·<s^-1 ∘ h_factors, H> + ab·q·B - Σ (u² L + u^-2 R) must equal P.
  std::vector<Scalar> scalars;
  std::vector<Point> points;
  const auto g = BulletproofGens::Default().G(n);
  const auto h = BulletproofGens::Default().H(n);
  for (size_t i = 0; i < n; ++i) {
    scalars.push_back(a_ * v.s[i]);
    points.push_back(g[i]);
    scalars.push_back(b_ * v.s[n - 1 - i] * h_factors[i]);
    points.push_back(h[i]);
  }
  scalars.push_back(a_ * b_ * q);
  points.push_back(PedersenGens::Default().G);
  for (size_t j = 0; j < rounds(); ++j) {
    scalars.push_back(-v.u_sq[j]);
    points.push_back(l_[j]);
    scalars.push_back(-v.u_inv_sq[j]);
    points.push_back(r_[j]);
  }
  if (!(MultiScalarMulVartime(scalars, points) == p)) {
    return Status::VerificationFailed("ipa", "inner-product argument does not verify");
  }
  return Status::Ok();
}

}  // namespace phantompool::crypto
