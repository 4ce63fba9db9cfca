// Golden threshold objects: one whole 3-of-5 run (dealings, a complaint and its answer,
// confirmations, the key set, the key shares), decryption responses and VRF shares, as bytes
// made once with DeterministicRng and committed in tests/golden/threshold_v1.txt. They must
// keep parsing and verifying forever: a change to a label, the framing, a wire format, the
// key derivation or an equation breaks them first. Never regenerate them to make this test
// pass; a deliberate format change gets a new version and a new file:
//   PP_WRITE_GOLDEN=1 ./crypto_threshold_golden_test
// (which also refreshes the fuzz seeds under fuzz/corpus/threshold_*/).
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "phantompool/common/hex.h"
#include "phantompool/crypto/threshold/decryption_share.h"
#include "phantompool/crypto/threshold/dkg.h"
#include "phantompool/crypto/threshold/vrf.h"
#include "threshold_test_util.h"

namespace phantompool::crypto::threshold {
namespace {

constexpr std::string_view kSession = "golden-threshold-v1";
const std::vector<uint8_t> kDecryptionContext = {'g', 'o', 'l', 'd', 'e', 'n'};

std::string Path() {
  return std::string(PP_SOURCE_DIR) + "/tests/golden/threshold_v1.txt";
}

using Fields = std::map<std::string, std::string>;

Fields Read() {
  std::ifstream in(Path());
  Fields fields;
  std::string key, value;
  while (in >> key >> value) fields[key] = value;
  return fields;
}

std::vector<uint8_t> Bytes(const Fields& f, const std::string& key) {
  auto it = f.find(key);
  EXPECT_NE(it, f.end()) << key;
  if (it == f.end()) return {};
  return ParseHex(it->second, key).value();
}

std::string Key(std::string_view name, uint32_t i) {
  return std::string(name) + "_" + std::to_string(i);
}

void WriteSeed(const std::string& target, const std::string& name, std::span<const uint8_t> b) {
  const auto dir = std::filesystem::path(PP_SOURCE_DIR) / "fuzz" / "corpus" / target;
  std::filesystem::create_directories(dir);
  std::ofstream out(dir / name, std::ios::binary);
  out.write(reinterpret_cast<const char*>(b.data()), static_cast<std::streamsize>(b.size()));
}

void Write() {
  testing::DkgHarness h(3, 5, 2026, kSession);
  h.Start();
  h.ReceiveDealings();
  // A false complaint (3 against 1), answered by dealer 1: pins both formats.
  h.complaints.push_back(ComplaintMessage::Create(h.config(), h.roster.key(3), 3, 1,
                                                  ComplaintReason::kShareDoesNotMatchCommitments));
  h.Finish();
  for (uint32_t i = 1; i <= 5; ++i) ASSERT_TRUE(h.final(i));
  std::ofstream out(Path());
  auto put = [&](const std::string& key, std::span<const uint8_t> b) {
    out << key << " " << ToHex(b) << "\n";
  };
  put("context_id", h.config().context_id());
  for (uint32_t i = 1; i <= 5; ++i) {
    put(Key("seed", i), h.roster.key(i).ExposeSeed());
    put(Key("public_key", i), h.roster.key(i).public_key().Serialize());
  }
  for (uint32_t i = 1; i <= 5; ++i) put(Key("dealing", i), h.dealings[i - 1].Serialize());
  put("complaint", h.complaints.at(0).Serialize());
  put("answer", h.answers.at(0).Serialize());
  for (uint32_t i = 1; i <= 5; ++i) put(Key("confirmation", i), h.confirmations[i - 1].Serialize());
  const PublicKeySet& keys = h.result(1).public_keys();
  put("public_key_set", keys.Serialize());
  for (uint32_t i = 1; i <= 5; ++i) {
    put(Key("key_share", i), h.result(i).key_share().SerializeSecret().ExposeSecret());
  }

  DeterministicRng rng(2027);
  std::vector<Point> R;
  std::vector<uint8_t> r_bytes;
  for (int j = 0; j < 3; ++j) {
    R.push_back(Point::MulBase(Scalar::Random(rng)));
    const auto e = R.back().Encode();
    r_bytes.insert(r_bytes.end(), e.begin(), e.end());
  }
  put("decryption_context", kDecryptionContext);
  put("decryption_R", r_bytes);
  std::vector<DecryptionShares> responses;
  for (uint32_t i : {1u, 2u, 4u}) {
    responses.push_back(
        ProveDecryptionShares(kDecryptionContext, h.result(i).key_share(), R, rng).value());
    put(Key("decryption_shares", i), responses.back().Serialize());
  }
  std::vector<uint8_t> k_bytes;
  const std::vector<Point> K = CombineShares(keys, responses).value();
  for (const Point& k : K) {
    const auto e = k.Encode();
    k_bytes.insert(k_bytes.end(), e.begin(), e.end());
  }
  put("decryption_K", k_bytes);

  std::array<uint8_t, 32> seed;
  rng.Fill(seed);
  put("vrf_seed", seed);
  std::vector<VrfShare> vrf;
  for (uint32_t i : {2u, 3u, 5u}) {
    vrf.push_back(ProveVrfShare(h.result(i).key_share(), seed, rng).value());
    put(Key("vrf_share", i), vrf.back().Serialize());
  }
  put("vrf_output", VerifyVrf(keys, seed, vrf)->value);

  // The same objects seed the fuzzers.
  WriteSeed("threshold_dkg_message_parse", "dealing", h.dealings[0].Serialize());
  WriteSeed("threshold_dkg_message_parse", "complaint", h.complaints[0].Serialize());
  WriteSeed("threshold_dkg_message_parse", "answer", h.answers[0].Serialize());
  WriteSeed("threshold_dkg_message_parse", "confirmation", h.confirmations[0].Serialize());
  WriteSeed("threshold_key_parse", "public_key_set", keys.Serialize());
  WriteSeed("threshold_key_parse", "key_share",
            h.result(1).key_share().SerializeSecret().ExposeSecret());
  WriteSeed("threshold_key_parse", "participant_key", h.roster.key(1).public_key().Serialize());
  WriteSeed("threshold_share_parse", "decryption_shares", responses[0].Serialize());
  WriteSeed("threshold_share_parse", "vrf_share", vrf[0].Serialize());
}

TEST(ThresholdGoldenTest, WholeRunStillVerifies) {
  if (std::getenv("PP_WRITE_GOLDEN") != nullptr) Write();
  const Fields f = Read();
  ASSERT_FALSE(f.empty()) << "missing " << Path();

  // Identity keys: the seed still derives the same public keys.
  std::vector<ParticipantKey> participants;
  std::vector<ParticipantPublicKey> roster;
  for (uint32_t i = 1; i <= 5; ++i) {
    participants.push_back(ParticipantKey::FromSeed(Bytes(f, Key("seed", i)), "seed").value());
    auto pk = ParticipantPublicKey::Parse(Bytes(f, Key("public_key", i)));
    ASSERT_TRUE(pk.ok());
    EXPECT_EQ(participants.back().public_key(), *pk) << i;
    roster.push_back(*pk);
  }
  auto config = DkgConfig::Create(testing::SessionId(kSession), 3, roster);
  ASSERT_TRUE(config.ok());
  EXPECT_EQ(ToHex(config->context_id()), ToHex(Bytes(f, "context_id")));

  // Every message parses to the same bytes and verifies for this run.
  std::vector<DealingMessage> dealings;
  for (uint32_t i = 1; i <= 5; ++i) {
    const auto b = Bytes(f, Key("dealing", i));
    auto d = DealingMessage::Parse(b);
    ASSERT_TRUE(d.ok()) << d.status().ToString();
    EXPECT_EQ(d->Serialize(), b);
    EXPECT_TRUE(d->Verify(*config).ok()) << i;
    dealings.push_back(*d);
  }
  auto complaint = ComplaintMessage::Parse(Bytes(f, "complaint"));
  ASSERT_TRUE(complaint.ok());
  EXPECT_TRUE(complaint->Verify(*config).ok());
  auto answer = ComplaintAnswer::Parse(Bytes(f, "answer"));
  ASSERT_TRUE(answer.ok());
  EXPECT_TRUE(answer->Verify(*config).ok());
  EXPECT_EQ(answer->dealer(), complaint->dealer());
  EXPECT_EQ(answer->accuser(), complaint->accuser());
  EXPECT_TRUE(
      Point::MulBase(answer->revealed_share()) ==
      EvaluateCommitmentsVartime(dealings[answer->dealer() - 1].commitments(), answer->accuser()));
  std::vector<ConfirmationMessage> confirmations;
  for (uint32_t i = 1; i <= 5; ++i) {
    auto c = ConfirmationMessage::Parse(Bytes(f, Key("confirmation", i)));
    ASSERT_TRUE(c.ok());
    confirmations.push_back(*c);
  }

  // The key set: recomputed from the dealings, and confirmed by every participant.
  const auto pks_bytes = Bytes(f, "public_key_set");
  auto keys = PublicKeySet::Parse(pks_bytes);
  ASSERT_TRUE(keys.ok()) << keys.status().ToString();
  EXPECT_EQ(keys->Serialize(), pks_bytes);
  auto recomputed = PublicKeysFromDealings(*config, dealings);
  ASSERT_TRUE(recomputed.ok());
  EXPECT_EQ(*recomputed, *keys);
  EXPECT_TRUE(VerifyDkgConfirmations(*config, *keys, confirmations).ok());

  // Each key share is the sum of the shares sealed to its holder, and matches its VK.
  std::vector<KeyShare> shares;
  for (uint32_t j = 1; j <= 5; ++j) {
    const auto b = Bytes(f, Key("key_share", j));
    auto share = KeyShare::Parse(b);
    ASSERT_TRUE(share.ok());
    EXPECT_TRUE(share->CheckAgainst(*keys).ok()) << j;
    Scalar sum;
    for (const DealingMessage& d : dealings) {
      auto part = d.OpenShare(*config, j, participants[j - 1]);
      ASSERT_TRUE(part.has_value());
      sum += part->ExposeSecret();
    }
    EXPECT_TRUE(sum == share->share().ExposeSecret()) << j;
    shares.push_back(std::move(share).value());
  }

  // Decryption responses verify and combine to the stored K = s·R.
  const auto r_bytes = Bytes(f, "decryption_R");
  std::vector<Point> R;
  for (size_t off = 0; off < r_bytes.size(); off += 32) {
    R.push_back(Point::Decode(std::span(r_bytes).subspan(off, 32), "R").value());
  }
  const auto context = Bytes(f, "decryption_context");
  std::vector<DecryptionShares> responses;
  for (uint32_t i : {1u, 2u, 4u}) {
    auto r = DecryptionShares::Parse(Bytes(f, Key("decryption_shares", i)));
    ASSERT_TRUE(r.ok());
    EXPECT_TRUE(VerifyDecryptionShares(context, *keys, i, R, *r).ok()) << i;
    responses.push_back(std::move(r).value());
  }
  auto K = CombineShares(*keys, responses);
  ASSERT_TRUE(K.ok());
  const Scalar s = testing::ReconstructSecretForTesting({&shares[2], &shares[3], &shares[4]});
  const auto k_bytes = Bytes(f, "decryption_K");
  for (size_t j = 0; j < R.size(); ++j) {
    EXPECT_EQ(ToHex((*K)[j].Encode()), ToHex(std::span(k_bytes).subspan(32 * j, 32)));
    EXPECT_TRUE((*K)[j] == R[j] * s);
  }

  // The VRF shares verify to the stored output.
  const auto seed_bytes = Bytes(f, "vrf_seed");
  ASSERT_EQ(seed_bytes.size(), 32u);
  const std::span<const uint8_t, 32> seed(seed_bytes.data(), 32);
  std::vector<VrfShare> vrf;
  for (uint32_t i : {2u, 3u, 5u}) {
    auto v = VrfShare::Parse(Bytes(f, Key("vrf_share", i)));
    ASSERT_TRUE(v.ok());
    vrf.push_back(*v);
  }
  auto out = VerifyVrf(*keys, seed, vrf);
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(ToHex(out->value), ToHex(Bytes(f, "vrf_output")));
  EXPECT_TRUE(out->gamma == VrfBase(seed) * s);
}

}  // namespace
}  // namespace phantompool::crypto::threshold
