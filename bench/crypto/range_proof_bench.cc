// Bulletproofs range proofs and the MSMs under them. Figures are per call; AddNs prints
// each as a multiple of S (one constant-time variable-base scalar multiplication).
#include <string>
#include <vector>

#include "harness.h"
#include "phantompool/crypto/bulletproof_gens.h"
#include "phantompool/crypto/generators.h"
#include "phantompool/crypto/msm.h"
#include "phantompool/crypto/range_proof.h"

namespace phantompool::bench {
namespace {

using crypto::BulletproofGens;
using crypto::DeterministicRng;
using crypto::Point;
using crypto::RangeProof;
using crypto::RangeProofInstance;
using crypto::Scalar;
using crypto::Transcript;

struct Fixture {
  std::vector<uint64_t> values;
  std::vector<Scalar> blindings;
  std::vector<Point> commitments;
};

Fixture MakeFixture(size_t m, DeterministicRng& rng) {
  Fixture f;
  for (size_t j = 0; j < m; ++j) {
    f.values.push_back(0x0123456789abcdefULL * (j + 1));
    f.blindings.push_back(Scalar::Random(rng));
    f.commitments.push_back(Point::MulBase(Scalar::FromU64(f.values.back())) +
                            crypto::PedersenGens::Default().H * f.blindings.back());
  }
  return f;
}

Transcript BenchTranscript() {
  Transcript t("phantompool/bench/range-proof");
  t.AppendMessage("context", "bench");
  return t;
}

RangeProof Prove(const Fixture& f, DeterministicRng& rng) {
  Transcript t = BenchTranscript();
  return RangeProof::Prove(t, f.values, f.blindings, 64, rng).value();
}

void MsmFigures(Figures& f, DeterministicRng& rng) {
  for (size_t n : {size_t{64}, size_t{147}, size_t{300}, size_t{512}, size_t{1088}, size_t{4096}}) {
    std::vector<Scalar> s(n);
    std::vector<Point> p(n);
    for (size_t i = 0; i < n; ++i) {
      s[i] = Scalar::Random(rng);
      p[i] = Point::MulBase(Scalar::Random(rng));
    }
    const std::string suffix = std::to_string(n) + "_ns";
    f.AddNs("msm_straus_" + suffix,
            MeasureNs([&] { DoNotOptimize(crypto::StrausMultiScalarMulVartime(s, p)); }));
    f.AddNs("msm_pippenger_" + suffix,
            MeasureNs([&] { DoNotOptimize(crypto::PippengerMultiScalarMulVartime(s, p)); }));
    if (n == 64) {
      f.AddNs("msm_const_time_" + suffix,
              MeasureNs([&] { DoNotOptimize(crypto::MultiScalarMulConstTime(s, p)); }));
    }
  }
  // 128 fixed-base terms with the Bulletproofs generators' tables.
  const auto& gens = BulletproofGens::Default();
  std::vector<Scalar> g(64), h(64);
  for (auto& x : g) x = Scalar::Random(rng);
  for (auto& x : h) x = Scalar::Random(rng);
  const crypto::FixedBaseSpan spans[] = {{g, gens.GTables(64)}, {h, gens.HTables(64)}};
  f.AddNs("msm_fixed_128_ns",
          MeasureNs([&] { DoNotOptimize(crypto::MultiScalarMulFixedVartime(spans, {}, {})); }));
}

PP_BENCH_PART("crypto", "20_range_proof", [](Figures& f) {
  DeterministicRng rng(20);
  const Fixture one = MakeFixture(1, rng);
  const Fixture four = MakeFixture(4, rng);
  // Build the generators and their tables outside the measurements (a server does this
  // once at start-up).
  BulletproofGens::Default().GTables(256);
  BulletproofGens::Default().HTables(256);

  f.AddNs("range64_prove_ns", MeasureNs([&] { DoNotOptimize(Prove(one, rng)); }, 1.0));
  const RangeProof proof = Prove(one, rng);
  f.AddNs("range64_verify_ns", MeasureNs([&] {
            Transcript t = BenchTranscript();
            DoNotOptimize(proof.Verify(t, one.commitments, 64).ok());
          }));
  const auto bytes = proof.Serialize();
  f.Add("range64_proof_bytes", static_cast<double>(bytes.size()), "bytes");
  f.AddNs("range64_parse_ns",
          MeasureNs([&] { DoNotOptimize(RangeProof::Parse(bytes, "range_proof").ok()); }));

  f.AddNs("range64x4_prove_ns", MeasureNs([&] { DoNotOptimize(Prove(four, rng)); }, 1.0));
  const RangeProof proof4 = Prove(four, rng);
  f.AddNs("range64x4_verify_ns", MeasureNs([&] {
            Transcript t = BenchTranscript();
            DoNotOptimize(proof4.Verify(t, four.commitments, 64).ok());
          }));

  constexpr size_t kBatch = 64;
  std::vector<Fixture> fixtures;
  std::vector<RangeProof> proofs;
  for (size_t i = 0; i < kBatch; ++i) {
    fixtures.push_back(MakeFixture(1, rng));
    proofs.push_back(Prove(fixtures.back(), rng));
  }
  const double batch_ns = MeasureNs(
      [&] {
        std::vector<RangeProofInstance> instances;
        instances.reserve(kBatch);
        for (size_t i = 0; i < kBatch; ++i) {
          instances.push_back({&proofs[i], BenchTranscript(), fixtures[i].commitments, 64});
        }
        DoNotOptimize(crypto::BatchVerifyRangeProofs(instances, rng).ok());
      },
      1.0);
  f.AddNs("range64_batch64_verify_ns_per_proof", batch_ns / kBatch);

  MsmFigures(f, rng);
});

}  // namespace
}  // namespace phantompool::bench
