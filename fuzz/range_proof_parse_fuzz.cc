// Fuzzes RangeProof::Parse: it must never crash; whatever parses must re-serialise to
// exactly the input (one encoding per proof), and verifying it against fixed commitments
// must return a Status, not crash. The statement's shape follows the parsed round count
// (bits·m = 2^k), so Verify runs its whole equation; a mismatched shape is tried as well.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>
#include <string>
#include <vector>

#include "phantompool/crypto/range_proof.h"

namespace {

using namespace phantompool::crypto;

// V_j = HashToGroup("phantompool/fuzz/range-proof/V/<j>"): fixed, and nobody knows openings.
const std::vector<Point>& FixedCommitments() {
  static const std::vector<Point> v = [] {
    std::vector<Point> out;
    for (size_t j = 0; j < kRangeProofMaxValues; ++j) {
      out.push_back(Point::HashToGroup("phantompool/fuzz/range-proof/V/" + std::to_string(j)));
    }
    return out;
  }();
  return v;
}

Transcript FuzzTranscript() {
  Transcript t("phantompool/fuzz/range-proof");
  t.AppendMessage("context", "fuzz");
  return t;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto proof = RangeProof::Parse(std::span<const uint8_t>(data, size), "range_proof");
  if (!proof.ok()) return 0;
  const std::vector<uint8_t> again = proof->Serialize();
  if (again.size() != size || !std::equal(again.begin(), again.end(), data)) std::abort();

  // Verification costs grow with 2^k; past 256 generators a fuzz iteration would be slow
  // without reaching any code the smaller shapes do not.
  const size_t n = size_t{1} << proof->rounds();
  if (n > 256) return 0;
  const size_t bits = n >= 64 ? 64 : n;
  const size_t m = n / bits;
  const auto commitments = std::span(FixedCommitments()).first(m);
  Transcript t = FuzzTranscript();
  // Nobody can open the fixed commitments: a valid proof here would be a forgery.
  if (proof->Verify(t, commitments, bits).ok()) std::abort();
  Transcript t2 = FuzzTranscript();
  (void)proof->Verify(t2, std::span(FixedCommitments()).first(1), 8);
  return 0;
}
