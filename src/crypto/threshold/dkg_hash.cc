#include "dkg_hash.h"

#include <sodium.h>

namespace phantompool::crypto::threshold::internal {

Transcript ProofOfKnowledgeTranscript(const ContextId& context, uint32_t dealer,
                                      std::span<const Point> commitments) {
  Transcript t(kDkgProtocol);
  t.AppendMessage("dom-sep", "phantompool/dkg/v1/proof-of-knowledge");
  t.AppendMessage("context", context);
  t.AppendU64("dealer", dealer);
  t.AppendU64("threshold", commitments.size());
  for (const Point& c : commitments) t.AppendPoint("C", c);
  return t;
}

Digest Blake2b256(std::span<const uint8_t> bytes) {
  EnsureSodium();
  Digest out;
  crypto_generichash(out.data(), out.size(), bytes.data(), bytes.size(), nullptr, 0);
  return out;
}

}  // namespace phantompool::crypto::threshold::internal
