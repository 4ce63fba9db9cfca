// Fuzzes the parsers of the executors' responses: DecryptionShares and VrfShare. Parsing
// must never crash; whatever parses must re-serialise to exactly the input, and verifying
// it against a fixed key set (and fixed points R_j, as many as it has shares) must return a
// Status. Two or more valid-looking responses are also combined.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>
#include <vector>

#include "phantompool/crypto/threshold/decryption_share.h"
#include "phantompool/crypto/threshold/vrf.h"
#include "threshold_fixture.h"

namespace {

using namespace phantompool::crypto::threshold;
using phantompool::crypto::Point;

template <typename Bytes>
void CheckRoundTrip(const Bytes& again, std::span<const uint8_t> input) {
  if (again.size() != input.size() || !std::equal(again.begin(), again.end(), input.begin())) {
    std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::span<const uint8_t> bytes(data, size);
  const auto& f = fuzzing::FixedSetting();
  const PublicKeySet& keys = f.public_keys[0];
  if (auto r = DecryptionShares::Parse(bytes); r.ok()) {
    CheckRoundTrip(r->Serialize(), bytes);
    const size_t m = r->shares().size();
    if (m <= f.points.size()) {
      const std::span<const Point> R(f.points.data(), m);
      const uint8_t context[] = {'f', 'u', 'z', 'z'};
      (void)VerifyDecryptionShares(context, keys, r->index(), R, *r);
      // Combining one executor's response three times is refused, never a crash.
      const std::vector<DecryptionShares> three = {*r, *r, *r};
      (void)CombineShares(keys, three);
    }
  }
  if (auto v = VrfShare::Parse(bytes); v.ok()) {
    CheckRoundTrip(v->Serialize(), bytes);
    (void)VerifyVrfShare(keys, f.seed, *v);
    const std::vector<VrfShare> shares = {*v};
    (void)VerifyVrf(keys, f.seed, shares);
  }
  return 0;
}
