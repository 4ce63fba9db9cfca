// Fuzzes the parsers of what a DKG leaves behind: PublicKeySet, KeyShare and
// ParticipantPublicKey. Parsing must never crash; whatever parses must re-serialise to
// exactly the input, and a parsed key share checks against a fixed key set to a Status.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>

#include "threshold_fixture.h"

namespace {

using namespace phantompool::crypto::threshold;

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
  if (auto keys = PublicKeySet::Parse(bytes); keys.ok()) {
    CheckRoundTrip(keys->Serialize(), bytes);
    (void)keys->Fingerprint();
    // A set that parsed is consistent: PK interpolates from any t of its keys.
    (void)f.shares[0].CheckAgainst(*keys);
  }
  if (auto share = KeyShare::Parse(bytes); share.ok()) {
    const phantompool::crypto::SecretBytes again = share->SerializeSecret();
    CheckRoundTrip(again.ExposeSecret(), bytes);
    (void)share->CheckAgainst(f.public_keys[0]);
  }
  if (auto key = ParticipantPublicKey::Parse(bytes); key.ok()) {
    CheckRoundTrip(key->Serialize(), bytes);
  }
  return 0;
}
