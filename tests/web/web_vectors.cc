// Test vectors for the dashboard's JavaScript (web/test/crypto_vectors.test.mjs), computed by
// the C++ that the server and the executors run: batch digests and VRF seeds
// (auction/session_draw.h), a threshold VRF over a fresh 3-of-5 DKG with all five shares
// (crypto/threshold/vrf.h), and request signatures (api/request_signature.h). Prints one
// JSON document on stdout. Deterministic: the same bytes on every run.
#include <iostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "phantompool/api/request_signature.h"
#include "phantompool/auction/session_draw.h"
#include "phantompool/common/hex.h"
#include "phantompool/crypto/threshold/vrf.h"
#include "phantompool/order/trader_key.h"
#include "threshold_test_util.h"

namespace phantompool {
namespace {

using crypto::threshold::testing::SharedHonestDkg;
using json = nlohmann::json;

std::array<uint8_t, 32> Fill(uint8_t base) {
  std::array<uint8_t, 32> out;
  for (size_t i = 0; i < out.size(); ++i) out[i] = static_cast<uint8_t>(base + 7 * i);
  return out;
}

json DrawVectors() {
  json out = json::array();
  for (int n : {0, 1, 3, 17}) {
    auction::BatchDigest digest;
    json orders = json::array();
    for (int k = 0; k < n; ++k) {
      const std::string id = std::to_string(1000 + 37 * k);
      const auto hash = Fill(static_cast<uint8_t>(k * 11 + 1));
      digest.Add(id, hash);
      orders.push_back({{"order_id", 1000 + 37 * k}, {"ciphertext_hash", ToHex(hash)}});
    }
    const auto d = digest.Finish();
    const auto previous = n == 0 ? std::array<uint8_t, 32>{} : Fill(static_cast<uint8_t>(n));
    // Above 2^32 (both words of the u64), below 2^53 (exact as a JSON number).
    const uint64_t number = n == 17 ? 0x0010203040506070ull : static_cast<uint64_t>(n + 1);
    const std::string pair = n == 3 ? "ETH/USDC" : "SOL/USDC";
    out.push_back({{"orders", orders},
                   {"batch_digest", ToHex(d)},
                   {"pair", pair},
                   {"session_number", number},
                   {"previous_vrf_output", ToHex(previous)},
                   {"vrf_seed", ToHex(auction::VrfSeed(pair, number, previous, d))}});
  }
  return out;
}

json VrfVectors() {
  const auto& dkg = SharedHonestDkg();
  const auto& keys = dkg.result(1).public_keys();
  json out = json::array();
  crypto::DeterministicRng rng(42);
  for (uint8_t tag : {1, 2}) {
    const auto seed = Fill(tag);
    std::vector<crypto::threshold::VrfShare> shares;
    std::string concatenated;
    json list = json::array();
    for (uint32_t i = 1; i <= 5; ++i) {
      shares.push_back(
          crypto::threshold::ProveVrfShare(dkg.result(i).key_share(), seed, rng).value());
      list.push_back(ToHex(shares.back().Serialize()));
    }
    const auto output = crypto::threshold::VerifyVrf(keys, seed, shares).value();
    out.push_back({{"public_key_set", ToHex(keys.Serialize())},
                   {"seed", ToHex(seed)},
                   {"shares", list},
                   {"vrf_output", ToHex(output.value)}});
  }
  return out;
}

json SignatureVectors() {
  json out = json::array();
  const auto seed = Fill(9);
  const auto key = order::TraderKey::FromSeed(seed, "seed").value();
  struct Case {
    const char* method;
    const char* target;
    const char* body;
  };
  for (const Case& c : {Case{"GET", "/v1/orders", ""}, Case{"GET", "/v1/stream?after_id=12", ""},
                        Case{"POST", "/v1/deposits", "{\"token\":\"USDC\",\"amount\":5}"}}) {
    api::RequestAuth auth;
    auth.user_id = 7;
    auth.timestamp_ms = 1'764'547'200'123;
    for (size_t i = 0; i < auth.nonce.size(); ++i) auth.nonce[i] = static_cast<uint8_t>(i);
    const std::string msg = api::RequestSigningString(c.method, c.target, c.body, auth);
    const auto sig = key.Sign(api::kRequestSignatureDomain,
                              {reinterpret_cast<const uint8_t*>(msg.data()), msg.size()});
    out.push_back({{"seed", ToHex(seed)},
                   {"public_key", ToHex(key.public_key())},
                   {"method", c.method},
                   {"target", c.target},
                   {"body", c.body},
                   {"user_id", auth.user_id},
                   {"timestamp_ms", auth.timestamp_ms},
                   {"nonce", ToHex(auth.nonce)},
                   {"signing_string", msg},
                   {"signature", ToHex(sig)}});
  }
  return out;
}

}  // namespace
}  // namespace phantompool

int main() {
  using namespace phantompool;
  nlohmann::json doc = {{"draws", DrawVectors()},
                        {"vrf", VrfVectors()},
                        {"request_signatures", SignatureVectors()}};
  std::cout << doc.dump(1) << "\n";
  return 0;
}
