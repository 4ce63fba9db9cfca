// S, the unit of every crypto figure: one constant-time variable-base scalar multiplication.
// It is sampled before every part and at the end of the run (harness_main.cc): the machine
// is shared, and one early sample once put S anywhere between 48 and 97 µs.
#include "harness.h"
#include "phantompool/crypto/msm.h"
#include "phantompool/crypto/point.h"

namespace phantompool::bench {
namespace {

using crypto::Point;
using crypto::Scalar;

double MeasureScalarMult() {
  crypto::DeterministicRng rng(42);
  Scalar k = Scalar::Random(rng);
  Point p = Point::MulBase(Scalar::Random(rng));
  return MeasureNs(
      [&] {
        p = p * k;
        DoNotOptimize(p);
      },
      0.2);
}

const bool kReference =
    RegisterReference("crypto", Reference{"S", "scalar_mult_ns", MeasureScalarMult});

PP_BENCH_PART("crypto", "00_base_mult", [](Figures& f) {
  crypto::DeterministicRng rng(43);
  const Scalar k = Scalar::Random(rng);
  f.AddNs("base_mult_ns", MeasureNs([&] { DoNotOptimize(Point::MulBase(k)); }));
});

// One secret scalar times a batch of points (an executor's decryption shares), per point.
PP_BENCH_PART("crypto", "01_mul_each", [](Figures& f) {
  crypto::DeterministicRng rng(44);
  const Scalar k = Scalar::Random(rng);
  std::vector<Point> points;
  for (int i = 0; i < 1024; ++i) points.push_back(Point::MulBase(Scalar::Random(rng)));
  f.AddNs("mul_each_ns_per_point",
          MeasureNs([&] { DoNotOptimize(crypto::MulEachConstTime(k, points)); }) / 1024);
});

// Decoding: one encoding, and a batch of 1,024 (eight per vector with IFMA), per point.
PP_BENCH_PART("crypto", "02_decode", [](Figures& f) {
  crypto::DeterministicRng rng(45);
  std::vector<std::array<uint8_t, 32>> encodings;
  for (int i = 0; i < 1024; ++i) encodings.push_back(Point::MulBase(Scalar::Random(rng)).Encode());
  f.AddNs("point_decode_ns", MeasureNs([&] { DoNotOptimize(Point::Decode(encodings[7], "p")); }));
  const auto field = [](size_t) { return std::string("p"); };
  f.AddNs("point_decode_batch_ns_per_point",
          MeasureNs([&] { DoNotOptimize(Point::DecodeBatch(encodings, field)); }) / 1024);
});

}  // namespace
}  // namespace phantompool::bench
