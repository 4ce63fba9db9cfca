// VerifyReplayInputs: what an auditor can recompute about a session's draw from the replay
// file alone, checked before anything is cleared (docs/auction.md, section 11): the batch
// digest, the seed, and the VRF output from the executors' shares and key set.
#include <algorithm>
#include <string>
#include <vector>

#include "phantompool/auction/replay_json.h"
#include "phantompool/common/check.h"
#include "phantompool/common/hex.h"
#include "phantompool/crypto/threshold/public_key_set.h"
#include "phantompool/crypto/threshold/vrf.h"

namespace phantompool::auction {

Result<ReplayChecks> VerifyReplayInputs(const ReplayInput& in) {
  if (in.session_number == 0) {
    return Status::InvalidArgument("session.number", "must be at least 1");
  }
  if (in.reference_from_session && *in.reference_from_session >= in.session_number) {
    return Status::InvalidArgument("session.reference_from_session",
                                   "must be an earlier session than session.number");
  }
  const bool first = in.session_number == 1;
  if (first && std::any_of(in.vrf.previous_output.begin(), in.vrf.previous_output.end(),
                           [](uint8_t b) { return b != 0; })) {
    return Status::InvalidArgument("vrf.previous_output",
                                   "a pair's first session has no previous output: it must be "
                                   "32 zero bytes");
  }
  PP_CHECK(in.session.vrf_output == in.vrf.output &&
           in.orders.size() == in.ciphertext_hashes.size());

  ReplayChecks checks;
  BatchDigest digest;
  for (size_t i = 0; i < in.orders.size(); ++i)
    digest.Add(in.orders[i].id, in.ciphertext_hashes[i]);
  const Digest32 batch_digest = digest.Finish();
  if (batch_digest != in.vrf.batch_digest) {
    return Status::VerificationFailed(
        "vrf.batch_digest", "does not match the orders' ids and ciphertext hashes (recomputed " +
                                ToHex(batch_digest) + ")");
  }
  checks.batch_digest = true;
  const Digest32 seed =
      VrfSeed(in.pair.symbol(), in.session_number, in.vrf.previous_output, batch_digest);
  if (seed != in.vrf.seed) {
    return Status::VerificationFailed(
        "vrf.seed",
        "does not match the pair, session number, previous output and batch digest "
        "(recomputed " +
            ToHex(seed) + ")");
  }
  checks.seed = true;
  // The output: every share verified against the executors' key set (the joint key and each
  // executor's verification key, on one polynomial: PublicKeySet::Parse checks it) with its
  // DLEQ proof on this seed, at least t of them, combined, and compared with the file's.
  auto keys = crypto::threshold::PublicKeySet::Parse(in.vrf.public_key_set);
  if (!keys.ok()) {
    return Status::InvalidArgument("vrf.public_key_set", keys.status().message());
  }
  std::vector<crypto::threshold::VrfShare> shares;
  for (size_t i = 0; i < in.vrf.shares.size(); ++i) {
    auto share = crypto::threshold::VrfShare::Parse(in.vrf.shares[i]);
    if (!share.ok()) {
      return Status::InvalidArgument("vrf.shares[" + std::to_string(i) + "]",
                                     share.status().message());
    }
    shares.push_back(std::move(share).value());
  }
  auto out = crypto::threshold::VerifyVrf(*keys, seed, shares);
  if (!out.ok()) return Status::VerificationFailed("vrf.shares", out.status().message());
  // A coordinator records the valid shares it combined; an invalid one is not a slip.
  if (!out->rejected.empty()) {
    const auto& r = out->rejected.front();
    return Status::VerificationFailed("vrf.shares[" + std::to_string(r.position) + "]",
                                      "does not verify: " + r.reason.message());
  }
  if (out->value != in.vrf.output) {
    return Status::VerificationFailed(
        "vrf.output",
        "is not the combination of the executors' shares (which give " + ToHex(out->value) + ")");
  }
  checks.vrf_output = true;
  return checks;
}

}  // namespace phantompool::auction
