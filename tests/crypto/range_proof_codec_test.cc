// The wire form: exact lengths, canonical encodings, no identity, and every corruption of
// a valid proof rejected by Parse or by Verify.
#include <gtest/gtest.h>

#include "phantompool/crypto/range_proof.h"
#include "range_proof_test_util.h"

namespace phantompool::crypto {
namespace {

using testing_util::ContextTranscript;
using testing_util::MakeStatement;

struct Fixture {
  testing_util::Statement statement;
  size_t bits;
  std::vector<uint8_t> bytes;
};

Fixture MakeFixture(size_t bits, size_t m, uint64_t seed) {
  DeterministicRng rng(seed);
  Fixture f{MakeStatement(bits, m, rng), bits, {}};
  Transcript t = ContextTranscript("codec");
  f.bytes = RangeProof::Prove(t, f.statement.values, f.statement.blindings, bits, rng)
                .value()
                .Serialize();
  return f;
}

// True if the bytes are rejected: by Parse, or by Verify for the fixture's statement.
bool Rejected(const Fixture& f, std::span<const uint8_t> bytes) {
  auto proof = RangeProof::Parse(bytes, "range_proof");
  if (!proof.ok()) {
    EXPECT_EQ(proof.status().code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(proof.status().field().rfind("range_proof", 0), 0u) << proof.status().ToString();
    return true;
  }
  Transcript t = ContextTranscript("codec");
  return !proof->Verify(t, f.statement.commitments, f.bits).ok();
}

TEST(RangeProofCodecTest, RoundTrip) {
  for (auto [bits, m] : {std::pair<size_t, size_t>{8, 1}, {64, 1}, {16, 4}}) {
    const Fixture f = MakeFixture(bits, m, 1);
    EXPECT_EQ(f.bytes.size(), RangeProofBytes(__builtin_ctzll(bits * m)));
    auto proof = RangeProof::Parse(f.bytes, "range_proof");
    ASSERT_TRUE(proof.ok()) << proof.status().ToString();
    EXPECT_EQ(proof->Serialize(), f.bytes);
    EXPECT_FALSE(Rejected(f, f.bytes));
  }
}

TEST(RangeProofCodecTest, EveryBitFlipOfASmallProofIsRejected) {
  const Fixture f = MakeFixture(8, 1, 2);  // 480 bytes
  std::vector<uint8_t> bytes = f.bytes;
  for (size_t i = 0; i < bytes.size(); ++i) {
    for (int bit = 0; bit < 8; ++bit) {
      bytes[i] ^= static_cast<uint8_t>(1 << bit);
      EXPECT_TRUE(Rejected(f, bytes)) << "byte " << i << " bit " << bit;
      bytes[i] ^= static_cast<uint8_t>(1 << bit);
    }
    bytes[i] ^= 0xff;
    EXPECT_TRUE(Rejected(f, bytes)) << "byte " << i << " inverted";
    bytes[i] ^= 0xff;
  }
}

TEST(RangeProofCodecTest, EveryByteOfA64BitProofMatters) {
  const Fixture f = MakeFixture(64, 1, 3);  // 672 bytes
  std::vector<uint8_t> bytes = f.bytes;
  for (size_t i = 0; i < bytes.size(); ++i) {
    for (int bit : {static_cast<int>(i % 8), static_cast<int>((i + 3) % 8), 7}) {
      const uint8_t mask = static_cast<uint8_t>(1 << bit);
      bytes[i] ^= mask;
      EXPECT_TRUE(Rejected(f, bytes)) << "byte " << i << " bit " << bit;
      bytes[i] ^= mask;
    }
  }
}

TEST(RangeProofCodecTest, OnlyExactLengthsParse) {
  const Fixture f = MakeFixture(64, 1, 4);
  std::vector<uint8_t> bytes(RangeProofBytes(kRangeProofMaxRounds) + 64);
  for (size_t len = 0; len <= bytes.size(); ++len) {
    bool valid_length = false;
    for (size_t k = kRangeProofMinRounds; k <= kRangeProofMaxRounds; ++k) {
      valid_length |= len == RangeProofBytes(k);
    }
    if (valid_length) continue;
    auto r = RangeProof::Parse(std::span(bytes).first(len), "range_proof");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().field(), "range_proof");
  }
  // Too few rounds (k = 2) and too many (k = 13) are not lengths either.
  EXPECT_FALSE(RangeProof::Parse(std::vector<uint8_t>(RangeProofBytes(2)), "p").ok());
  EXPECT_FALSE(RangeProof::Parse(std::vector<uint8_t>(RangeProofBytes(13)), "p").ok());
  // Trailing or missing bytes around a valid proof.
  std::vector<uint8_t> longer = f.bytes;
  longer.push_back(0);
  EXPECT_FALSE(RangeProof::Parse(longer, "range_proof").ok());
  EXPECT_FALSE(RangeProof::Parse(std::span(f.bytes).first(f.bytes.size() - 1), "p").ok());
}

TEST(RangeProofCodecTest, FewerRoundsParseButDoNotMatchTheStatement) {
  // Dropping one L and one R gives a well-formed 5-round proof: Verify must refuse it for
  // a 64-bit statement by its round count.
  const Fixture f = MakeFixture(64, 1, 5);
  std::vector<uint8_t> shorter(f.bytes.begin(), f.bytes.begin() + 32 * 12);  // A..t_hat, L0..4
  shorter.insert(shorter.end(), f.bytes.begin() + 32 * 13, f.bytes.begin() + 32 * 18);
  shorter.insert(shorter.end(), f.bytes.end() - 64, f.bytes.end());
  ASSERT_EQ(shorter.size(), RangeProofBytes(5));
  auto proof = RangeProof::Parse(shorter, "range_proof");
  ASSERT_TRUE(proof.ok()) << proof.status().ToString();
  Transcript t = ContextTranscript("codec");
  const Status s = proof->Verify(t, f.statement.commitments, 64);
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
}

TEST(RangeProofCodecTest, ErrorsNameTheField) {
  const Fixture f = MakeFixture(64, 1, 6);
  auto with = [&](size_t offset, std::span<const uint8_t> patch) {
    std::vector<uint8_t> b = f.bytes;
    std::copy(patch.begin(), patch.end(), b.begin() + offset);
    return RangeProof::Parse(b, "range_proof").status();
  };
  const std::vector<uint8_t> zero(32, 0);
  std::vector<uint8_t> non_canonical_point(32, 0xff);
  non_canonical_point[31] = 0x7f;
  // ℓ itself: the smallest non-canonical scalar.
  const std::vector<uint8_t> order = {0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58,
                                      0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14,
                                      0,    0,    0,    0,    0,    0,    0,    0,
                                      0,    0,    0,    0,    0,    0,    0,    0x10};
  EXPECT_EQ(with(0, zero).field(), "range_proof.A");
  EXPECT_EQ(with(0, zero).message(), "identity point is not allowed here");
  EXPECT_EQ(with(96, zero).field(), "range_proof.T2");
  EXPECT_EQ(with(32 * 7 + 32 * 3, non_canonical_point).field(), "range_proof.L[3]");
  EXPECT_EQ(with(32 * 7 + 32 * 3, non_canonical_point).message(), "non-canonical point encoding");
  EXPECT_EQ(with(32 * 13 + 32 * 5, zero).field(), "range_proof.R[5]");
  EXPECT_EQ(with(128, order).field(), "range_proof.taux");
  EXPECT_EQ(with(160, order).field(), "range_proof.mu");
  EXPECT_EQ(with(192, order).field(), "range_proof.t_hat");
  EXPECT_EQ(with(640, order).field(), "range_proof.b");
  EXPECT_EQ(with(608, order).code(), StatusCode::kInvalidArgument);
  // The field prefix is the caller's.
  EXPECT_EQ(RangeProof::Parse(std::vector<uint8_t>(10), "order.range_proof").status().field(),
            "order.range_proof");
}

}  // namespace
}  // namespace phantompool::crypto
