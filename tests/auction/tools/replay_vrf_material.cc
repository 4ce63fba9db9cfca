// replay_vrf_material FILE...: gives golden replay inputs real threshold-VRF material.
//
// Test-only. Runs one honest 3-of-5 distributed key generation among five executors whose
// randomness comes from a DeterministicRng (so the material is the same on every run), then
// for each replay input reads its vrf.seed (tests/auction/tools/replay_draw.py seals it
// first), has executors 1, 3 and 4 prove their VRF shares on it, combines them with
// VerifyVrf, and writes vrf.public_key_set, vrf.shares and vrf.output into the file
// (textual replacement: the file's layout stays as written). Inputs named error_vrf_* get
// the material and are then altered by the caller (they test the check).
#include <cstdio>
#include <fstream>
#include <iostream>
#include <optional>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "phantompool/common/hex.h"
#include "phantompool/crypto/rng.h"
#include "phantompool/crypto/threshold/dkg.h"
#include "phantompool/crypto/threshold/vrf.h"

namespace {

using namespace phantompool;
using namespace phantompool::crypto::threshold;

template <typename T>
T Must(Result<T> r, const char* what) {
  if (!r.ok()) {
    std::cerr << what << ": " << r.status().ToString() << "\n";
    std::exit(1);
  }
  return std::move(r).value();
}

// An honest run: every message delivered to everyone.
std::vector<DkgResult> RunDkg(uint32_t t, uint32_t n) {
  crypto::DeterministicRng rng(20261201);
  std::vector<ParticipantKey> keys;
  std::vector<ParticipantPublicKey> publics;
  for (uint32_t i = 0; i < n; ++i) {
    keys.push_back(ParticipantKey::Generate(rng));
    publics.push_back(keys.back().public_key());
  }
  const std::string session = "phantompool-golden-replay-executors";
  const DkgConfig config =
      Must(DkgConfig::Create(std::vector<uint8_t>(session.begin(), session.end()), t, publics),
           "config");
  std::vector<DkgRound1> r1;
  std::vector<DealingMessage> dealings;
  for (uint32_t i = 1; i <= n; ++i) {
    r1.push_back(Must(DkgParticipant::Start(config, i, keys[i - 1], rng), "start"));
    dealings.push_back(r1.back().dealing());
  }
  std::vector<DkgRound2> r2;
  std::vector<ComplaintMessage> complaints;
  for (auto& r : r1) {
    r2.push_back(Must(std::move(r).ReceiveDealings(dealings), "dealings"));
    for (const auto& c : r2.back().complaints()) complaints.push_back(c);
  }
  std::vector<DkgRound3> r3;
  std::vector<ComplaintAnswer> answers;
  for (auto& r : r2) {
    r3.push_back(Must(std::move(r).ReceiveComplaints(complaints), "complaints"));
    for (const auto& a : r3.back().answers()) answers.push_back(a);
  }
  std::vector<DkgRound4> r4;
  std::vector<ConfirmationMessage> confirmations;
  for (auto& r : r3) {
    r4.push_back(Must(std::move(r).ReceiveAnswers(answers), "answers"));
    confirmations.push_back(r4.back().confirmation());
  }
  std::vector<DkgResult> results;
  for (auto& r : r4)
    results.push_back(Must(std::move(r).ReceiveConfirmations(confirmations), "confirm"));
  return results;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

int main(int argc, char** argv) {
  const std::vector<DkgResult> executors = RunDkg(3, 5);
  const PublicKeySet& keys = executors[0].public_keys();
  crypto::DeterministicRng rng(42);
  for (int a = 1; a < argc; ++a) {
    const std::string path = argv[a];
    std::string text = ReadFile(path);
    std::smatch m;
    if (!std::regex_search(text, m, std::regex("\"seed\": \"([0-9a-f]{64})\""))) {
      std::cerr << path << ": no sealed vrf.seed\n";
      return 1;
    }
    const auto seed_bytes = Must(ParseHexExact(m[1].str(), 32, "seed"), "seed");
    std::array<uint8_t, 32> seed;
    std::copy(seed_bytes.begin(), seed_bytes.end(), seed.begin());
    std::vector<VrfShare> shares;
    std::string shares_json;
    for (uint32_t i : {1u, 3u, 4u}) {
      shares.push_back(Must(ProveVrfShare(executors[i - 1].key_share(), seed, rng), "share"));
      const auto bytes = shares.back().Serialize();
      shares_json += (shares_json.empty() ? "\"" : ", \"") + ToHex(bytes) + "\"";
    }
    const VrfOutput out = Must(VerifyVrf(keys, seed, shares), "verify");
    text = std::regex_replace(text, std::regex("\"public_key_set\": \"[0-9a-zA-Z]*\""),
                              "\"public_key_set\": \"" + ToHex(keys.Serialize()) + "\"");
    text = std::regex_replace(text, std::regex("\"shares\": \\[[^\\]]*\\]"),
                              "\"shares\": [" + shares_json + "]");
    text = std::regex_replace(text, std::regex("\"output\": \"[0-9a-f]*\""),
                              "\"output\": \"" + ToHex(out.value) + "\"");
    std::ofstream(path, std::ios::binary) << text;
  }
  return 0;
}
