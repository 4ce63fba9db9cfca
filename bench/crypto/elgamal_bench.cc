// ElGamal, Pedersen and the sigma proofs. Every time is also printed in units of S (one
// constant-time variable-base scalar multiplication, set by 00_scalar_mult).
#include <chrono>
#include <vector>

#include "harness.h"
#include "phantompool/crypto/dleq_proof.h"
#include "phantompool/crypto/elgamal.h"
#include "phantompool/crypto/equality_proof.h"
#include "phantompool/crypto/limb_table.h"
#include "phantompool/crypto/opening_proof.h"
#include "phantompool/crypto/pedersen.h"
#include "phantompool/crypto/product_proof.h"

namespace phantompool::bench {
namespace {

using namespace phantompool::crypto;

constexpr size_t kBatchShares = 16;

// Times one prove and one verify of a proof, each on a fresh transcript.
template <typename ProveFn, typename VerifyFn>
void ProveAndVerify(Figures& f, const std::string& name, ProveFn prove, VerifyFn verify) {
  auto proof = prove();
  f.AddNs(name + "_prove_ns", MeasureNs([&] { DoNotOptimize(prove()); }));
  f.AddNs(name + "_verify_ns", MeasureNs([&] {
            const bool ok = verify(proof).ok();
            DoNotOptimize(ok);
          }));
}

void ElGamalPart(Figures& f) {
  DeterministicRng rng(10);
  const SecretScalar sk = SecretScalar::Random(rng);
  const Point pk = Point::MulBase(sk.ExposeSecret());

  {
    const auto start = std::chrono::steady_clock::now();
    auto table = LimbTable::BuildUncached();
    const auto end = std::chrono::steady_clock::now();
    DoNotOptimize(table->Lookup(Point::Base()));
    f.Add("limb_table_build_ms", std::chrono::duration<double, std::milli>(end - start).count(),
          "ms");
  }
  (void)LimbTable::Get();  // built here, outside the timed lookups

  const Scalar v = Scalar::FromU64(54321);
  const Scalar r = Scalar::Random(rng);
  const Scalar t = Scalar::Random(rng);
  const ElGamalCiphertext ct = ElGamalEncrypt(pk, v, r);
  const Point C = PedersenCommit(v, t);
  f.AddNs("elgamal_encrypt_ns", MeasureNs([&] { DoNotOptimize(ElGamalEncrypt(pk, v, r)); }));
  f.AddNs("pedersen_commit_ns", MeasureNs([&] { DoNotOptimize(PedersenCommit(v, t)); }));
  f.AddNs("elgamal_limb_decrypt_ns", MeasureNs([&] {
            auto limb = DecryptLimb(ct, sk);
            DoNotOptimize(limb.ok());
          }));
  f.AddNs("limb_table_lookup_ns", MeasureNs([&] {
            DoNotOptimize(LimbTable::Get().Lookup(ct.M));  // a miss: the worst case
          }));

  ProveAndVerify(
      f, "opening",
      [&] {
        Transcript tr("bench/v1");
        return *OpeningProof::Prove(tr, C, v, t, rng);
      },
      [&](const OpeningProof& p) {
        Transcript tr("bench/v1");
        return p.Verify(tr, C);
      });
  ProveAndVerify(
      f, "equality",
      [&] {
        Transcript tr("bench/v1");
        return *CiphertextCommitmentEqualityProof::Prove(tr, pk, ct, C, v, r, t, rng);
      },
      [&](const CiphertextCommitmentEqualityProof& p) {
        Transcript tr("bench/v1");
        return p.Verify(tr, pk, ct, C);
      });

  {
    // An order's twelve limb proofs, chained on one transcript, verified with one MSM.
    constexpr size_t kLimbProofs = 12;
    std::vector<ElGamalCiphertext> cts;
    std::vector<Point> commitments;
    std::vector<CiphertextCommitmentEqualityProof> proofs;
    Transcript tp("bench/v1");
    for (size_t i = 0; i < kLimbProofs; ++i) {
      const Scalar vi = Scalar::FromU64(i * 4096), ri = Scalar::Random(rng);
      const Scalar ti = Scalar::Random(rng);
      cts.push_back(ElGamalEncrypt(pk, vi, ri));
      commitments.push_back(PedersenCommit(vi, ti));
      proofs.push_back(*CiphertextCommitmentEqualityProof::Prove(
          tp, pk, cts.back(), commitments.back(), vi, ri, ti, rng));
    }
    const double batch_ns = MeasureNs([&] {
      sigma::CombinedCheck batch(rng);
      Transcript tv("bench/v1");
      for (size_t i = 0; i < kLimbProofs; ++i) {
        (void)proofs[i].VerifyBatched(tv, pk, cts[i], commitments[i], batch);
      }
      DoNotOptimize(batch.Holds());
    });
    f.AddNs("equality_verify_batched_12_ns_per_proof", batch_ns / kLimbProofs);
  }

  const SecretScalar x = SecretScalar::Random(rng);
  const Point X = Point::MulBase(x.ExposeSecret());
  const Point D = ct.R * x.ExposeSecret();
  ProveAndVerify(
      f, "dleq",
      [&] {
        Transcript tr("bench/v1");
        return *DleqProof::Prove(tr, Point::Base(), X, ct.R, D, x, rng);
      },
      [&](const DleqProof& p) {
        Transcript tr("bench/v1");
        return p.Verify(tr, Point::Base(), X, ct.R, D);
      });

  std::vector<Point> R, Ds;
  for (size_t i = 0; i < kBatchShares; ++i) {
    R.push_back(ElGamalEncrypt(pk, Scalar::FromU64(i), Scalar::Random(rng)).R);
    Ds.push_back(R.back() * x.ExposeSecret());
  }
  ProveAndVerify(
      f, "batch_dleq_16",
      [&] {
        Transcript tr("bench/v1");
        return *BatchDleqProof::Prove(tr, Point::Base(), X, R, Ds, x, rng);
      },
      [&](const BatchDleqProof& p) {
        Transcript tr("bench/v1");
        return p.Verify(tr, Point::Base(), X, R, Ds);
      });

  const Scalar px = Scalar::FromU64(1500), py = Scalar::FromU64(20000);
  const Scalar tx = Scalar::Random(rng), ty = Scalar::Random(rng), tz = Scalar::Random(rng);
  const Point Cx = PedersenCommit(px, tx), Cy = PedersenCommit(py, ty);
  const Point Cz = PedersenCommit(px * py, tz);
  ProveAndVerify(
      f, "product",
      [&] {
        Transcript tr("bench/v1");
        return *ProductProof::Prove(tr, Cx, Cy, Cz, px, tx, ty, tz, rng);
      },
      [&](const ProductProof& p) {
        Transcript tr("bench/v1");
        return p.Verify(tr, Cx, Cy, Cz);
      });
}

PP_BENCH_PART("crypto", "10_elgamal", ElGamalPart);

}  // namespace
}  // namespace phantompool::bench
