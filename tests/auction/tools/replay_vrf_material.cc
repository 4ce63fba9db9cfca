// replay_vrf_material FILE...: gives replay inputs real threshold-VRF material (test-only).
//
// For each file it reads the sealed vrf.seed (tests/auction/tools/replay_draw.py seals it
// first), has the test executors (vrf_executors.h) draw on it, and writes vrf.public_key_set,
// vrf.shares and vrf.output into the file by textual replacement, so the file's layout stays
// as written. The golden files are made so:
//
//   tests/auction/tools/replay_draw.py seal tests/auction/golden/*.input.json
//   build/bin/replay_vrf_material tests/auction/golden/*.input.json
//
// then the error_draw_* and error_vrf_* inputs are altered by hand (they test the checks).
#include <fstream>
#include <iostream>
#include <regex>
#include <sstream>
#include <string>

#include "phantompool/common/hex.h"
#include "vrf_executors.h"

int main(int argc, char** argv) {
  using phantompool::ToHex;
  const auto& executors = phantompool::auction::testing::VrfExecutors::Shared();
  for (int a = 1; a < argc; ++a) {
    const std::string path = argv[a];
    std::ifstream in(path, std::ios::binary);
    std::ostringstream buf;
    buf << in.rdbuf();
    std::string text = buf.str();
    std::smatch m;
    if (!std::regex_search(text, m, std::regex("\"seed\": \"([0-9a-f]{64})\""))) {
      std::cerr << path << ": no sealed vrf.seed\n";
      return 1;
    }
    auto bytes = phantompool::ParseHexExact(m[1].str(), 32, "seed");
    phantompool::auction::Digest32 seed;
    std::copy(bytes->begin(), bytes->end(), seed.begin());
    const auto material = executors.Draw(seed);
    std::string shares;
    for (const auto& s : material.shares)
      shares += (shares.empty() ? "\"" : ", \"") + ToHex(s) + "\"";
    text = std::regex_replace(text, std::regex("\"public_key_set\": \"[0-9a-zA-Z]*\""),
                              "\"public_key_set\": \"" + ToHex(material.key_set) + "\"");
    text = std::regex_replace(text, std::regex("\"shares\": \\[[^\\]]*\\]"),
                              "\"shares\": [" + shares + "]");
    text = std::regex_replace(text, std::regex("\"output\": \"[0-9a-f]*\""),
                              "\"output\": \"" + ToHex(material.output) + "\"");
    std::ofstream(path, std::ios::binary) << text;
  }
  return 0;
}
