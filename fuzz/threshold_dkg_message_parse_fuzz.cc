// Fuzzes the parsers of the DKG's four messages. Each input goes to all four (the kind byte
// lets at most one accept it). Parsing must never crash; whatever parses must re-serialise
// to exactly the input (one encoding per message), and verifying it against a fixed run
// must return a Status; a dealing that verifies is also opened by its recipient.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>

#include "phantompool/crypto/threshold/dealing.h"
#include "phantompool/crypto/threshold/dkg_messages.h"
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
  const DkgConfig& config = f.config[0];
  int parsed = 0;
  if (auto d = DealingMessage::Parse(bytes); d.ok()) {
    ++parsed;
    CheckRoundTrip(d->Serialize(), bytes);
    if (d->Verify(config).ok()) {
      (void)d->OpenShare(config, 1, f.keys[0]);
    }
  }
  if (auto c = ComplaintMessage::Parse(bytes); c.ok()) {
    ++parsed;
    CheckRoundTrip(c->Serialize(), bytes);
    (void)c->Verify(config);
  }
  if (auto a = ComplaintAnswer::Parse(bytes); a.ok()) {
    ++parsed;
    CheckRoundTrip(a->Serialize(), bytes);
    (void)a->Verify(config);
  }
  if (auto c = ConfirmationMessage::Parse(bytes); c.ok()) {
    ++parsed;
    CheckRoundTrip(c->Serialize(), bytes);
    (void)c->Verify(config);
  }
  if (parsed > 1) std::abort();  // the kind byte makes the formats disjoint
  return 0;
}
