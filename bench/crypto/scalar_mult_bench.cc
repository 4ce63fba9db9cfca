// S, the unit of every crypto figure: one constant-time variable-base scalar multiplication.
#include "harness.h"
#include "phantompool/crypto/point.h"

namespace phantompool::bench {
namespace {

using crypto::Point;
using crypto::Scalar;

PP_BENCH_PART("crypto", "00_scalar_mult", [](Figures& f) {
  crypto::DeterministicRng rng(42);
  Scalar k = Scalar::Random(rng);
  Point p = Point::MulBase(Scalar::Random(rng));
  const double s = MeasureNs([&] {
    p = p * k;
    DoNotOptimize(p);
  });
  f.SetReference("S", s);
  f.AddNs("scalar_mult_ns", s);
  f.AddNs("base_mult_ns", MeasureNs([&] { DoNotOptimize(Point::MulBase(k)); }));
});

}  // namespace
}  // namespace phantompool::bench
