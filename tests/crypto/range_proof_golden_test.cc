// Golden range proofs: bytes committed under tests/golden/ (with their statements) that
// must keep parsing and verifying forever. A change to the transcript, the generators, the
// wire form or the verification equation breaks them, and with them every stored proof.
// Regenerate only on a deliberate, versioned format change:
//   PP_WRITE_GOLDEN=1 ./crypto_range_proof_golden_test
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>

#include "phantompool/common/hex.h"
#include "phantompool/crypto/range_proof.h"
#include "range_proof_test_util.h"

namespace phantompool::crypto {
namespace {

struct Golden {
  std::string name;
  size_t bits;
  size_t m;
  uint64_t seed;
};

const Golden kGoldens[] = {
    {"range_proof_64x1", 64, 1, 101},
    {"range_proof_16x4", 16, 4, 102},
    {"range_proof_32x2", 32, 2, 103},
    {"range_proof_8x1", 8, 1, 104},
};

constexpr std::string_view kContext = "phantompool/golden/range-proof/v1";

std::string GoldenPath(const std::string& name) {
  return std::string(PP_SOURCE_DIR) + "/tests/golden/" + name + ".hex";
}

void Write(const Golden& g) {
  DeterministicRng rng(g.seed);
  const auto s = testing_util::MakeStatement(g.bits, g.m, rng);
  Transcript t = testing_util::ContextTranscript(kContext);
  auto proof = RangeProof::Prove(t, s.values, s.blindings, g.bits, rng);
  ASSERT_TRUE(proof.ok());
  std::vector<uint8_t> commitments;
  for (const Point& v : s.commitments) {
    const auto e = v.Encode();
    commitments.insert(commitments.end(), e.begin(), e.end());
  }
  std::ofstream out(GoldenPath(g.name));
  out << "bits " << g.bits << "\n";
  out << "commitments " << ToHex(commitments) << "\n";
  out << "proof " << ToHex(proof->Serialize()) << "\n";
}

std::map<std::string, std::string> Read(const std::string& name) {
  std::ifstream in(GoldenPath(name));
  std::map<std::string, std::string> fields;
  std::string key, value;
  while (in >> key >> value) fields[key] = value;
  return fields;
}

class RangeProofGoldenTest : public ::testing::TestWithParam<Golden> {};

TEST_P(RangeProofGoldenTest, KeepsVerifying) {
  const Golden& g = GetParam();
  if (std::getenv("PP_WRITE_GOLDEN") != nullptr) Write(g);
  auto fields = Read(g.name);
  ASSERT_EQ(fields.size(), 3u) << "missing or malformed " << GoldenPath(g.name);
  ASSERT_EQ(fields["bits"], std::to_string(g.bits));
  auto commitment_bytes = ParseHex(fields["commitments"], "commitments");
  auto proof_bytes = ParseHex(fields["proof"], "proof");
  ASSERT_TRUE(commitment_bytes.ok() && proof_bytes.ok());
  ASSERT_EQ(commitment_bytes->size(), 32 * g.m);
  std::vector<Point> commitments;
  for (size_t j = 0; j < g.m; ++j) {
    auto v = Point::Decode(std::span(*commitment_bytes).subspan(32 * j, 32), "V");
    ASSERT_TRUE(v.ok());
    commitments.push_back(*v);
  }
  auto proof = RangeProof::Parse(*proof_bytes, "range_proof");
  ASSERT_TRUE(proof.ok()) << proof.status().ToString();
  EXPECT_EQ(proof->Serialize(), *proof_bytes);  // Parse∘Serialize is the identity
  Transcript t = testing_util::ContextTranscript(kContext);
  EXPECT_TRUE(proof->Verify(t, commitments, g.bits).ok());
  // Batch verification accepts it too, and rejects it under another context.
  DeterministicRng rng(1);
  std::vector<RangeProofInstance> inst = {
      {&*proof, testing_util::ContextTranscript(kContext), commitments, g.bits}};
  EXPECT_TRUE(BatchVerifyRangeProofs(inst, rng).ok());
  inst[0].transcript = testing_util::ContextTranscript("another context");
  EXPECT_FALSE(BatchVerifyRangeProofs(inst, rng).ok());
}

INSTANTIATE_TEST_SUITE_P(All, RangeProofGoldenTest, ::testing::ValuesIn(kGoldens),
                         [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace phantompool::crypto
