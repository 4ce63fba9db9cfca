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

// The generators a round's L and R are taken over: the original G_t/H_t (through their
// precomputed tables, or plain points beyond the tables) until the prover folds them once,
// then the folded points (docs/crypto-rangeproof.md, "Folding once").
struct RoundBases {
  std::span<const WnafTable> g_tables, h_tables;  // the original generators, tabulated
  std::span<const Point> g_points, h_points;      // otherwise: plain points
  bool tabulated = false;
};

// One round's L or R over the bases. With n_cur the current vector length, base index t
// belongs to current index t mod n_cur. G_t takes part when that index lies in the half
// `g_half` (0 low, 1 high), H_t when it lies in the other half; g_sc/h_sc hold the scalars
// at those t (the rest is ignored).
Point RoundCommitment(const RoundBases& bases, const Scalar& q_scalar, std::span<const Scalar> g_sc,
                      std::span<const Scalar> h_sc, size_t n_cur, int g_half) {
  const BulletproofGens& gens = BulletproofGens::Default();
  const size_t n = g_sc.size();
  const size_t half = n_cur / 2;
  const size_t g_off = g_half == 1 ? half : 0;
  const size_t h_off = g_half == 1 ? 0 : half;
  if (bases.tabulated) {
    std::vector<FixedBaseSpan> spans;
    spans.reserve(2 * (n / n_cur) + 1);
    for (size_t block = 0; block < n; block += n_cur) {
      spans.push_back(
          {g_sc.subspan(block + g_off, half), bases.g_tables.subspan(block + g_off, half)});
      spans.push_back(
          {h_sc.subspan(block + h_off, half), bases.h_tables.subspan(block + h_off, half)});
    }
    spans.push_back({std::span<const Scalar>(&q_scalar, 1),
                     std::span<const WnafTable>(&gens.PedersenGTable(), 1)});
    return MultiScalarMulFixedVartime(spans, {}, {});
  }
  std::vector<Scalar> scalars;
  std::vector<Point> points;
  scalars.reserve(n + 1);
  points.reserve(n + 1);
  for (size_t block = 0; block < n; block += n_cur) {
    for (size_t i = 0; i < half; ++i) {
      scalars.push_back(g_sc[block + g_off + i]);
      points.push_back(bases.g_points[block + g_off + i]);
      scalars.push_back(h_sc[block + h_off + i]);
      points.push_back(bases.h_points[block + h_off + i]);
    }
  }
  const FixedBaseSpan q_span{std::span<const Scalar>(&q_scalar, 1),
                             std::span<const WnafTable>(&gens.PedersenGTable(), 1)};
  return MultiScalarMulFixedVartime({&q_span, 1}, scalars, points);
}

// The folded generator of each current index k < n_cur: Σ over t ≡ k (mod n_cur) of
// factor[t]·base_t, through the original generators' tables.
std::vector<Point> Fold(std::span<const WnafTable> tables, std::span<const Scalar> factor,
                        size_t n_cur) {
  const size_t n = factor.size();
  std::vector<Point> out;
  out.reserve(n_cur);
  std::vector<FixedBaseSpan> spans;
  for (size_t k = 0; k < n_cur; ++k) {
    spans.clear();
    for (size_t t = k; t < n; t += n_cur) {
      spans.push_back({factor.subspan(t, 1), tables.subspan(t, 1)});
    }
    out.push_back(MultiScalarMulFixedVartime(spans, {}, {}));
  }
  return out;
}

// When the prover folds the generators into plain points: at n_cur = 16 for n ≥ 256. Each
// round over the original generators costs ~2n table terms (23 additions each); folding
// costs 2·n_cur doubling chains plus the same 2n terms once, after which each round costs
// 2·n_cur dynamic terms. For n = 256 that is 4 rounds over the tables, one fold and 4 cheap
// rounds: ~22% fewer additions than 8 rounds over the tables, and half the passes over their
// 32 MiB. For n ≤ 64 the doubling chains cost more than they save.
constexpr size_t kFoldAt = 16;
constexpr size_t kFoldFromN = 256;

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

  // g[t], h[t]: the factor on base G_t / H_t in the current folded one.
  const BulletproofGens& gens = BulletproofGens::Default();
  RoundBases bases;
  if (n <= BulletproofGens::kTableCapacity) {
    bases.g_tables = gens.GTables(n);
    bases.h_tables = gens.HTables(n);
    bases.tabulated = true;
  } else {
    bases.g_points = gens.G(n);
    bases.h_points = gens.H(n);
  }
  std::vector<Point> folded_g, folded_h;
  std::vector<Scalar> g(n, Scalar::One());
  std::vector<Scalar> h(h_factors.begin(), h_factors.end());
  std::vector<Scalar> g_sc(n);
  std::vector<Scalar> h_sc(n);
  size_t n_base = n;  // how many base points the factors run over
  InnerProductProof proof;
  for (size_t n_cur = n; n_cur > 1; n_cur /= 2) {
    if (bases.tabulated && n >= kFoldFromN && n_cur == kFoldAt) {
      folded_g = Fold(bases.g_tables, g, n_cur);
      folded_h = Fold(bases.h_tables, h, n_cur);
      bases = RoundBases{{}, {}, folded_g, folded_h, false};
      n_base = n_cur;
      g.assign(n_cur, Scalar::One());
      h.assign(n_cur, Scalar::One());
      g_sc.resize(n_cur);
      h_sc.resize(n_cur);
    }
    const size_t half = n_cur / 2;
    Scalar c_l;
    Scalar c_r;
    for (size_t i = 0; i < half; ++i) {
      c_l += a[i] * b[half + i];
      c_r += a[half + i] * b[i];
    }
    // L = <a_lo, G_hi> + <b_hi, H'_lo> + c_L·Q.
    for (size_t block = 0; block < n_base; block += n_cur) {
      for (size_t i = 0; i < half; ++i) {
        g_sc[block + half + i] = a[i] * g[block + half + i];
        h_sc[block + i] = b[half + i] * h[block + i];
      }
    }
    const Point l = RoundCommitment(bases, c_l * q, g_sc, h_sc, n_cur, 1);
    // R = <a_hi, G_lo> + <b_lo, H'_hi> + c_R·Q.
    for (size_t block = 0; block < n_base; block += n_cur) {
      for (size_t i = 0; i < half; ++i) {
        g_sc[block + i] = a[half + i] * g[block + i];
        h_sc[block + half + i] = b[i] * h[block + half + i];
      }
    }
    const Point r = RoundCommitment(bases, c_r * q, g_sc, h_sc, n_cur, 0);
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
    for (size_t block = 0; block < n_base; block += n_cur) {
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
  // The k squares are prepared factors (scalar.h): one Montgomery product per entry.
  std::vector<ScalarFactor> u_sq;
  u_sq.reserve(k);
  for (const Scalar& x : out.u_sq) u_sq.emplace_back(x);
  out.s.resize(n);
  out.s[0] = s0;
  for (size_t i = 1; i < n; ++i) {
    const size_t p = 63 - static_cast<size_t>(__builtin_clzll(i));
    out.s[i] = out.s[i - (size_t{1} << p)] * u_sq[k - 1 - p];
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
