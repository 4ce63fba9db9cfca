// The replay parser on very wide or very long documents built from the fuzz input: a run of
// up to 200,000 keys (fresh, repeated or known) put inside the top-level object, the pair,
// the session, the vrf object or an order, or an orders array of up to 20,000 orders, with
// the key text and the values taken from the input. The parser must answer every document
// without crashing, and in time linear in it: the target sets libFuzzer's -timeout to 20 s
// (unless given), so a document that made parsing quadratic (the old DOM parser took 3.7 s
// for 50,000 keys) is reported as a finding.
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "phantompool/auction/replay_json.h"

namespace {

const char* const kPlaces[] = {"top", "pair", "session", "vrf", "order", "orders"};

std::string Hex(size_t bytes, char c) {
  return std::string(2 * bytes, c);
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int* argc, char*** argv) {
  for (int i = 1; i < *argc; ++i) {
    if (std::strncmp((*argv)[i], "-timeout=", 9) == 0) return 0;
  }
  static std::vector<char*> args;
  static char timeout[] = "-timeout=20";
  args.assign(*argv, *argv + *argc);
  args.insert(args.begin() + 1, timeout);
  args.push_back(nullptr);
  *argc += 1;
  *argv = args.data();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 4) return 0;
  const std::string_view place = kPlaces[data[0] % std::size(kPlaces)];
  const size_t count = (static_cast<size_t>(data[1]) << 8 | data[2]) * 3 + 1;  // <= 196,606
  const int mode = data[3] % 3;  // 0: fresh keys, 1: one key repeated, 2: known field names
  const std::string text(reinterpret_cast<const char*>(data + 4), size - 4);
  std::string key_stem;
  for (char c : text.substr(0, 16)) key_stem += (c == '"' || c == '\\' || c < 0x20) ? 'k' : c;

  std::string run;
  if (place == "orders") {
    for (size_t i = 0; i < count / 10; ++i) {
      run += (i ? "," : "") + std::string("{\"id\":\"o") + std::to_string(i) + "\",\"owner\":\"" +
             key_stem + "\",\"ciphertext_hash\":\"" + Hex(32, 'a') + "\",\"side\":\"" +
             (i % 2 ? "buy" : "sell") +
             "\",\"type\":\"limit\",\"price\":" + std::to_string(9000 + i % 2000) +
             ",\"size\":" + std::to_string(1 + i % 50) + "}";
    }
  } else {
    static const char* const kKnown[] = {"version", "symbol", "number", "seed", "size"};
    for (size_t i = 0; i < count; ++i) {
      std::string key = mode == 0   ? key_stem + std::to_string(i)
                        : mode == 1 ? key_stem
                                    : kKnown[i % std::size(kKnown)];
      run += (i ? ",\"" : "\"") + key + "\":" + std::to_string(i % 7);
    }
  }
  const std::string vrf = "{\"previous_output\":\"" + Hex(32, '0') + "\",\"batch_digest\":\"" +
                          Hex(32, '1') + "\",\"seed\":\"" + Hex(32, '2') +
                          "\",\"public_key_set\":\"00\",\"shares\":[],\"output\":\"" +
                          Hex(32, '3') + "\"";
  std::string doc = "{" + std::string(place == "top" ? run + "," : "") + "\"version\":2,";
  doc += place == "pair" ? "\"pair\":{" + run + "}," : "\"pair\":\"SOL/USDC\",";
  doc += "\"session\":{" + std::string(place == "session" ? run + "," : "") +
         "\"number\":2,\"reference_price\":10000,\"reference_from_session\":1},";
  doc += "\"vrf\":" + vrf + (place == "vrf" ? "," + run : "") + "},";
  doc += "\"orders\":[";
  if (place == "order") doc += "{" + run + "}";
  if (place == "orders") doc += run;
  doc += "]}";
  auto input = phantompool::auction::ParseReplayInput(doc);
  if (input.ok()) (void)phantompool::auction::VerifyReplayInputs(*input);
  return 0;
}
