// S, the unit of every crypto figure: one constant-time variable-base scalar multiplication.
// It is sampled before every part and at the end of the run (harness_main.cc): the machine
// is shared, and one early sample once put S anywhere between 48 and 97 µs.
#include "harness.h"
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

}  // namespace
}  // namespace phantompool::bench
