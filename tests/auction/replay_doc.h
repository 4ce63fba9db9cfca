// Replay documents for the tests: a valid session (version, pair, session, vrf, orders) with
// its batch digest and seed computed and real VRF material from the test executors
// (tools/vrf_executors.h), so that each test can change one thing.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "phantompool/auction/replay_json.h"
#include "phantompool/common/hex.h"
#include "tools/vrf_executors.h"

namespace phantompool::auction::testing {

struct DocOrder {
  std::string json;  // the order object; "ciphertext_hash" is added from `hash`
  std::string id;
  uint8_t hash = 0;  // the ciphertext hash is 32 bytes of this value
};

inline std::string HashHex(uint8_t b) {
  return ToHex(std::vector<uint8_t>(32, b));
}

struct ReplayDoc {
  std::string pair = "\"SOL/USDC\"";
  std::string symbol = "SOL/USDC";
  uint64_t session = 7;
  std::string session_extra;  // e.g. ", \"now\": 50"
  std::string reference = "\"reference_price\": 10000, \"reference_from_session\": 6";
  Digest32 previous{};
  std::vector<DocOrder> orders;
  std::string top_extra;  // e.g. ", \"extra\": 1"
  bool seal = true;       // compute batch_digest and seed (else zeros)
  // The VRF material of the seed, unless a test gives its own (hex, JSON array, hex).
  std::optional<std::string> key_set, shares, output;

  std::string Text() const {
    Digest32 d{}, s{};
    if (seal) {
      BatchDigest real;
      for (const DocOrder& o : orders) {
        Digest32 h;
        h.fill(o.hash);
        real.Add(o.id, h);
      }
      d = real.Finish();
      s = VrfSeed(symbol, session, previous, d);
    }
    const VrfExecutors::Material m = VrfExecutors::Shared().Draw(s);
    std::string share_list;
    for (const auto& sh : m.shares) {
      share_list += share_list.empty() ? "\"" : ", \"";
      share_list += ToHex(sh) + "\"";
    }
    std::string text = "{\"version\": 2, \"pair\": " + pair +
                       ", \"session\": {\"number\": " + std::to_string(session) + ", " + reference +
                       session_extra + "}, \"vrf\": {\"previous_output\": \"" + ToHex(previous) +
                       "\", \"batch_digest\": \"" + ToHex(d) + "\", \"seed\": \"" + ToHex(s) +
                       "\", \"public_key_set\": \"" + key_set.value_or(ToHex(m.key_set)) +
                       "\", \"shares\": [" + shares.value_or(share_list) + "], \"output\": \"" +
                       output.value_or(ToHex(m.output)) + "\"}, \"orders\": [";
    for (size_t i = 0; i < orders.size(); ++i) {
      std::string o = orders[i].json;
      if (!o.empty() && o.back() == '}') {
        o.insert(o.size() - 1, ", \"ciphertext_hash\": \"" + HashHex(orders[i].hash) + "\"");
      }
      text += (i ? ", " : "") + o;
    }
    return text + "]" + top_extra + "}";
  }
};

inline DocOrder LimitOrder(const std::string& id, const std::string& owner, const char* side,
                           uint64_t price, uint64_t size, uint8_t hash) {
  return {"{\"id\": \"" + id + "\", \"owner\": \"" + owner + "\", \"side\": \"" + side +
              "\", \"type\": \"limit\", \"price\": " + std::to_string(price) +
              ", \"size\": " + std::to_string(size) + "}",
          id, hash};
}

// A sell of 5 at 10000 and a buy of 7 at 10100: the smallest batch that crosses.
inline ReplayDoc TwoOrders() {
  ReplayDoc d;
  d.orders = {LimitOrder("a", "u", "sell", 10000, 5, 1), LimitOrder("b", "v", "buy", 10100, 7, 2)};
  return d;
}

}  // namespace phantompool::auction::testing
