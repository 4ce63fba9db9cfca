#include "phantompool/crypto/pedersen.h"

#include <cstdlib>
#include <memory>
#include <vector>

#include "phantompool/common/check.h"
#include "phantompool/crypto/generators.h"
#include "phantompool/crypto/msm.h"

namespace phantompool::crypto {
namespace {

// libdecaf's precomputed-table type is opaque: its size and alignment are exported as
// variables, so the table lives in aligned heap memory that is never freed (built once).
const decaf_255_precomputed_s* PrecomputedH() {
  static const decaf_255_precomputed_s* table = [] {
    const size_t align = decaf_255_alignof_precomputed_s < alignof(std::max_align_t)
                             ? alignof(std::max_align_t)
                             : decaf_255_alignof_precomputed_s;
    const size_t size = (decaf_255_sizeof_precomputed_s + align - 1) / align * align;
    void* memory = std::aligned_alloc(align, size);
    PP_CHECK(memory != nullptr);
    auto* t = static_cast<decaf_255_precomputed_s*>(memory);
    decaf_255_precompute(t, PedersenGens::Default().H.raw());
    return t;
  }();
  return table;
}

// 2^(16·i) for limb i.
Scalar LimbWeight(size_t i) {
  return Scalar::FromU64(uint64_t{1} << (16 * i));
}

}  // namespace

Point MulH(const Scalar& t) {
  Point r;
  decaf_255_precomputed_scalarmul(r.raw(), PrecomputedH(), t.raw());
  return r;
}

Point PedersenCommit(const Scalar& value, const Scalar& blinding) {
  return Point::MulBase(value) + MulH(blinding);
}

Point CombineLimbCommitmentsVartime(std::span<const Point> limb_commitments) {
  PP_CHECK(limb_commitments.size() <= 4);
  std::vector<Scalar> weights;
  for (size_t i = 0; i < limb_commitments.size(); ++i) weights.push_back(LimbWeight(i));
  return MultiScalarMulVartime(weights, limb_commitments);
}

Scalar CombineLimbBlindings(std::span<const Scalar> limb_blindings) {
  PP_CHECK(limb_blindings.size() <= 4);
  Scalar acc;
  for (size_t i = 0; i < limb_blindings.size(); ++i) acc += LimbWeight(i) * limb_blindings[i];
  return acc;
}

}  // namespace phantompool::crypto
