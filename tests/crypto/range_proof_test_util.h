// Helpers shared by the range-proof tests: statements with a bound context, and the
// unchecked prover (through the peer class RangeProof befriends).
#pragma once

#include <string>
#include <vector>

#include "phantompool/crypto/bulletproof_gens.h"
#include "phantompool/crypto/generators.h"
#include "phantompool/crypto/range_proof.h"

namespace phantompool::crypto {

class RangeProofTestPeer {
 public:
  // Proves without checking the range: for a value ≥ 2^bits the result is a proof of a
  // false statement, which must not verify.
  static Result<RangeProof> ProveUnchecked(Transcript& t, std::span<const uint64_t> values,
                                           std::span<const Scalar> blindings, size_t bits, Rng& rng,
                                           CommitmentBinding binding = CommitmentBinding::kAppend) {
    return RangeProof::ProveImpl(t, values, blindings, bits, rng, /*check_range=*/false, binding);
  }
};

namespace testing_util {

inline Transcript ContextTranscript(std::string_view context) {
  Transcript t("phantompool/test/range-proof");
  t.AppendMessage("context", context);
  return t;
}

inline Point Commit(uint64_t value, const Scalar& blinding) {
  return Point::MulBase(Scalar::FromU64(value)) + PedersenGens::Default().H * blinding;
}

// m random values below 2^bits (the top of the range included when m > 1), their
// blindings and commitments.
struct Statement {
  std::vector<uint64_t> values;
  std::vector<Scalar> blindings;
  std::vector<Point> commitments;
};

inline Statement MakeStatement(size_t bits, size_t m, Rng& rng) {
  Statement s;
  for (size_t j = 0; j < m; ++j) {
    std::array<uint8_t, 8> b;
    rng.Fill(b);
    uint64_t v = 0;
    for (int i = 0; i < 8; ++i) v |= static_cast<uint64_t>(b[i]) << (8 * i);
    if (bits < 64) v &= (uint64_t{1} << bits) - 1;
    if (j == 1) v = bits == 64 ? UINT64_MAX : (uint64_t{1} << bits) - 1;  // the maximum
    if (j == 2) v = 0;
    s.values.push_back(v);
    s.blindings.push_back(Scalar::Random(rng));
    s.commitments.push_back(Commit(v, s.blindings.back()));
  }
  return s;
}

}  // namespace testing_util
}  // namespace phantompool::crypto
