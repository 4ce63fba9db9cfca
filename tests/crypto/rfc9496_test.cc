// RFC 9496 (ristretto255) test vectors, Appendix A, each also checked against libsodium's
// independent implementation. The vectors are the RFC's, as carried by libsodium's
// test/default/core_ristretto255.c (A.2, the A.3 inputs) and gtank/ristretto255's
// ristretto255_test.go (A.1, A.2, A.3 outputs); the A.3 convergence set, from a third
// transcription, is confirmed by libsodium computing the same output for all four.
#include <gtest/gtest.h>
#include <sodium.h>

#include <string>
#include <vector>

#include "edwards.h"
#include "edwards_ifma.h"
#include "phantompool/common/hex.h"
#include "phantompool/crypto/msm.h"
#include "phantompool/crypto/point.h"
#include "phantompool/crypto/rng.h"
#include "phantompool/crypto/scalar.h"

namespace phantompool::crypto {
namespace {

std::vector<uint8_t> Hex(std::string_view h) {
  return ParseHex(h, "vector").value();
}

// A.1: encodings of 0·B, 1·B, ..., 15·B.
const char* const kMultiples[16] = {
    "0000000000000000000000000000000000000000000000000000000000000000",
    "e2f2ae0a6abc4e71a884a961c500515f58e30b6aa582dd8db6a65945e08d2d76",
    "6a493210f7499cd17fecb510ae0cea23a110e8d5b901f8acadd3095c73a3b919",
    "94741f5d5d52755ece4f23f044ee27d5d1ea1e2bd196b462166b16152a9d0259",
    "da80862773358b466ffadfe0b3293ab3d9fd53c5ea6c955358f568322daf6a57",
    "e882b131016b52c1d3337080187cf768423efccbb517bb495ab812c4160ff44e",
    "f64746d3c92b13050ed8d80236a7f0007c3b3f962f5ba793d19a601ebb1df403",
    "44f53520926ec81fbd5a387845beb7df85a96a24ece18738bdcfa6a7822a176d",
    "903293d8f2287ebe10e2374dc1a53e0bc887e592699f02d077d5263cdd55601c",
    "02622ace8f7303a31cafc63f8fc48fdc16e1c8c8d234b2f0d6685282a9076031",
    "20706fd788b2720a1ed2a5dad4952b01f413bcf0e7564de8cdc816689e2db95f",
    "bce83f8ba5dd2fa572864c24ba1810f9522bc6004afe95877ac73241cafdab42",
    "e4549ee16b9aa03099ca208c67adafcafa4c3f3e4e5303de6026e3ca8ff84460",
    "aa52e000df2e16f55fb1032fc33bc42742dad6bd5a8fc0be0167436c5948501f",
    "46376b80f409b29dc2b5f6f0c52591990896e5716f41477cd30085ab7f10301e",
    "e0c418f7c8d9c4cdd7395b93ea124f3ad99021bb681dfc3302a9d99a2e53e64e",
};

// A.2: invalid encodings, every one of which a decoder must reject.
const char* const kBadEncodings[] = {
    // Non-canonical field encodings.
    "00ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
    "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
    "f3ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
    "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
    // Negative field elements.
    "0100000000000000000000000000000000000000000000000000000000000000",
    "01ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
    "ed57ffd8c914fb201471d1c3d245ce3c746fcbe63a3679d51b6a516ebebe0e20",
    "c34c4e1826e5d403b78e246e88aa051c36ccf0aafebffe137d148a2bf9104562",
    "c940e5a4404157cfb1628b108db051a8d439e1a421394ec4ebccb9ec92a8ac78",
    "47cfc5497c53dc8e61c91d17fd626ffb1c49e2bca94eed052281b510b1117a24",
    "f1c6165d33367351b0da8f6e4511010c68174a03b6581212c71c0e1d026c3c72",
    "87260f7a2f12495118360f02c26a470f450dadf34a413d21042b43b9d93e1309",
    // Non-square x^2.
    "26948d35ca62e643e26a83177332e6b6afeb9d08e4268b650f1f5bbd8d81d371",
    "4eac077a713c57b4f4397629a4145982c661f48044dd3f96427d40b147d9742f",
    "de6a7b00deadc788eb6b6c8d20c0ae96c2f2019078fa604fee5b87d6e989ad7b",
    "bcab477be20861e01e4a0e295284146a510150d9817763caf1a6f4b422d67042",
    "2a292df7e32cababbd9de088d1d1abec9fc0440f637ed2fba145094dc14bea08",
    "f4a9e534fc0d216c44b218fa0c42d99635a0127ee2e53c712f70609649fdff22",
    "8268436f8c4126196cf64b3c7ddbda90746a378625f9813dd9b8457077256731",
    "2810e5cbc2cc4d4eece54f61c6f69758e289aa7ab440b3cbeaa21995c2f4232b",
    // Negative xy value.
    "3eb858e78f5a7254d8c9731174a94f76755fd3941c0ac93735c07ba14579630e",
    "a45fdc55c76448c049a1ab33f17023edfb2be3581e9c7aade8a6125215e04220",
    "d483fe813c6ba647ebbfd3ec41adca1c6130c2beeee9d9bf065c8d151c5f396e",
    "8a2e1d30050198c65a54483123960ccc38aef6848e1ec8f5f780e8523769ba32",
    "32888462f8b486c68ad7dd9610be5192bbeaf3b443951ac1a8118419d9fa097b",
    "227142501b9d4355ccba290404bde41575b037693cef1f438c47f8fbf35d1165",
    "5c37cc491da847cfeb9281d407efc41e15144c876e0170b499a96a22ed31e01e",
    "445425117cb8c90edcbc7c1cc0e74f747f2c1efa5630a967c64f287792a48a4b",
    // s = -1, which causes y = 0.
    "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
};

// A.3: element derivation. Input: SHA-512 of each label (the 64 uniform bytes, also
// spelled out below as the RFC gives them); output: the encoded element.
struct HashVector {
  const char* label;
  const char* uniform;
  const char* element;
};
const HashVector kHashVectors[] = {
    {"Ristretto is traditionally a short shot of espresso coffee",
     "5d1be09e3d0c82fc538112490e35701979d99e06ca3e2b5b54bffe8b4dc772c1"
     "4d98b696a1bbfb5ca32c436cc61c16563790306c79eaca7705668b47dffe5bb6",
     "3066f82a1a747d45120d1740f14358531a8f04bbffe6a819f86dfe50f44a0a46"},
    {"made with the normal amount of ground coffee but extracted with",
     "f116b34b8f17ceb56e8732a60d913dd10cce47a6d53bee9204be8b44f6678b27"
     "0102a56902e2488c46120e9276cfe54638286b9e4b3cdb470b542d46c2068d38",
     "f26e5b6f7d362d2d2a94c5d0e7602cb4773c95a2e5c31a64f133189fa76ed61b"},
    {"about half the amount of water in the same amount of time",
     "8422e1bbdaab52938b81fd602effb6f89110e1e57208ad12d9ad767e2e25510c"
     "27140775f9337088b982d83d7fcf0b2fa1edffe51952cbe7365e95c86eaf325c",
     "006ccd2a9e6867e6a2c5cea83d3302cc9de128dd2a9a57dd8ee7b9d7ffe02826"},
    {"by using a finer grind.",
     "ac22415129b61427bf464e17baee8db65940c233b98afce8d17c57beeb7876c2"
     "150d15af1cb1fb824bbd14955f2b57d08d388aab431a391cfc33d5bafb5dbbaf",
     "f8f0c87cf237953c5890aec3998169005dae3eca1fbb04548c635953c817f92a"},
    {"This produces a concentrated shot of coffee per volume.",
     "165d697a1ef3d5cf3c38565beefcf88c0f282b8e7dbd28544c483432f1cec767"
     "5debea8ebb4e5fe7d6f6e5db15f15587ac4d4d4a1de7191e0c1ca6664abcc413",
     "ae81e7dedf20a497e10c304a765c1767a42d6e06029758d2d7e8ef7cc4c41179"},
    {"Just pulling a normal shot short will produce a weaker shot",
     "a836e6c9a9ca9f1e8d486273ad56a78c70cf18f0ce10abb1c7172ddd605d7fd2"
     "979854f47ae1ccf204a33102095b4200e5befc0465accc263175485f0e17ea5c",
     "e2705652ff9f5e44d3e841bf1c251cf7dddb77d140870d1ab2ed64f1a9ce8628"},
    {"and is not a Ristretto as some believe.",
     "2cdc11eaeb95daf01189417cdddbf95952993aa9cb9c640eb5058d09702c7462"
     "2c9965a697a3b345ec24ee56335b556e677b30e6f90ac77d781064f866a3c982",
     "80bd07262511cdde4863f8a7434cef696750681cb9510eea557088f76d9e5065"},
};

// A.3, closing set: four inputs that exercise the map's edge cases (field elements ≥ p,
// bit 255 set in a half, which the map ignores) and all derive the same element.
const char* const kConvergenceInputs[4] = {
    "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"
    "1200000000000000000000000000000000000000000000000000000000000000",
    "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"
    "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
    "0000000000000000000000000000000000000000000000000000000000000080"
    "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
    "0000000000000000000000000000000000000000000000000000000000000000"
    "1200000000000000000000000000000000000000000000000000000000000080",
};
const char* const kConvergenceOutput =
    "304282791023b73128d277bdcb5c7746ef2eac08dde9f2983379cb8e5ef0517f";

class Rfc9496Test : public ::testing::Test {
 protected:
  void SetUp() override { EnsureSodium(); }
};

TEST_F(Rfc9496Test, SmallMultiplesOfTheBasePoint) {
  Point acc;
  for (uint64_t i = 0; i < 16; ++i) {
    const auto expect = Hex(kMultiples[i]);
    EXPECT_EQ(ToHex(acc.Encode()), kMultiples[i]) << i << "·B by addition";
    EXPECT_EQ(ToHex(Point::MulBase(Scalar::FromU64(i)).Encode()), kMultiples[i]) << i;
    EXPECT_EQ(ToHex((Point::Base() * Scalar::FromU64(i)).Encode()), kMultiples[i]) << i;
    // Decoding round-trips (the identity only where the caller allows it).
    auto decoded = Point::Decode(expect, "p", IdentityPolicy::kAllow);
    ASSERT_TRUE(decoded.ok()) << i;
    EXPECT_TRUE(*decoded == acc) << i;
    EXPECT_EQ(Point::Decode(expect, "p").ok(), i != 0) << i;
    // libsodium agrees: a valid encoding, and i·B from its own code.
    EXPECT_EQ(crypto_core_ristretto255_is_valid_point(expect.data()), 1) << i;
    if (i > 0) {
      std::array<uint8_t, 32> scalar{};
      scalar[0] = static_cast<uint8_t>(i);
      std::array<uint8_t, 32> theirs;
      ASSERT_EQ(crypto_scalarmult_ristretto255_base(theirs.data(), scalar.data()), 0);
      EXPECT_EQ(ToHex(theirs), kMultiples[i]) << i;
    }
    acc += Point::Base();
  }
}

TEST_F(Rfc9496Test, InvalidEncodingsAreRejected) {
  size_t count = 0;
  for (const char* hex : kBadEncodings) {
    const auto bytes = Hex(hex);
    ASSERT_EQ(bytes.size(), 32u);
    auto p = Point::Decode(bytes, "vector", IdentityPolicy::kAllow);
    EXPECT_FALSE(p.ok()) << hex;
    if (!p.ok()) {
      EXPECT_EQ(p.status().code(), StatusCode::kInvalidArgument);
      EXPECT_EQ(p.status().field(), "vector");
    }
    EXPECT_EQ(crypto_core_ristretto255_is_valid_point(bytes.data()), 0) << hex;
    ++count;
  }
  EXPECT_EQ(count, 29u);  // 4 + 8 + 8 + 8 + 1, the whole of A.2
}

TEST_F(Rfc9496Test, ElementDerivationFromUniformBytes) {
  for (const auto& v : kHashVectors) {
    const auto uniform = Hex(v.uniform);
    ASSERT_EQ(uniform.size(), 64u);
    // The 64 bytes are SHA-512(label).
    std::array<uint8_t, 64> digest;
    crypto_hash_sha512(digest.data(), reinterpret_cast<const uint8_t*>(v.label),
                       std::string_view(v.label).size());
    EXPECT_EQ(ToHex(digest), v.uniform);
    const Point p = Point::FromUniformBytes(std::span<const uint8_t, 64>(uniform.data(), 64));
    EXPECT_EQ(ToHex(p.Encode()), v.element) << v.label;
    EXPECT_EQ(ToHex(Point::HashToGroup(v.label).Encode()), v.element) << v.label;
    std::array<uint8_t, 32> theirs;
    ASSERT_EQ(crypto_core_ristretto255_from_hash(theirs.data(), uniform.data()), 0);
    EXPECT_EQ(ToHex(theirs), v.element) << v.label;
  }
}

TEST_F(Rfc9496Test, ElementDerivationEdgeCasesConverge) {
  for (const char* hex : kConvergenceInputs) {
    const auto uniform = Hex(hex);
    ASSERT_EQ(uniform.size(), 64u);
    const Point p = Point::FromUniformBytes(std::span<const uint8_t, 64>(uniform.data(), 64));
    EXPECT_EQ(ToHex(p.Encode()), kConvergenceOutput) << hex;
    std::array<uint8_t, 32> theirs;
    ASSERT_EQ(crypto_core_ristretto255_from_hash(theirs.data(), uniform.data()), 0);
    EXPECT_EQ(ToHex(theirs), kConvergenceOutput) << hex;
  }
}

TEST_F(Rfc9496Test, ScalarsAtOrAboveTheGroupOrderAreRejected) {
  // ℓ = 2^252 + 27742317777372353535851937790883648493, little-endian.
  const auto l = Hex("edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010");
  auto l_plus_one = l;
  l_plus_one[0] += 1;
  auto l_minus_one = l;
  l_minus_one[0] -= 1;
  const std::vector<uint8_t> all_ones(32, 0xff);
  for (const auto& bad : {l, l_plus_one, all_ones}) {
    auto s = Scalar::FromCanonicalBytes(bad, "s");
    ASSERT_FALSE(s.ok()) << ToHex(bad);
    EXPECT_EQ(s.status().code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(s.status().field(), "s");
  }
  // ℓ − 1 is the largest canonical scalar, and it is −1.
  auto top = Scalar::FromCanonicalBytes(l_minus_one, "s");
  ASSERT_TRUE(top.ok());
  EXPECT_TRUE(*top == -Scalar::One());
  // libsodium reduces ℓ to 0 and ℓ+1 to 1, the values a non-strict parser would accept.
  std::array<uint8_t, 64> wide{};
  std::copy(l_plus_one.begin(), l_plus_one.end(), wide.begin());
  std::array<uint8_t, 32> reduced;
  crypto_core_ristretto255_scalar_reduce(reduced.data(), wide.data());
  EXPECT_EQ(ToHex(reduced), ToHex(Scalar::One().ToBytes()));
  // Wrong lengths are rejected too.
  EXPECT_FALSE(Scalar::FromCanonicalBytes(std::vector<uint8_t>(31, 0), "s").ok());
  EXPECT_FALSE(Scalar::FromCanonicalBytes(std::vector<uint8_t>(33, 0), "s").ok());
}

TEST_F(Rfc9496Test, RandomPointsAndScalarsAgreeWithLibsodium) {
  DeterministicRng rng(9496);
  for (int i = 0; i < 64; ++i) {
    const Scalar a = Scalar::Random(rng);
    const Scalar b = Scalar::Random(rng);
    const auto ab = a.ToBytes();
    const auto bb = b.ToBytes();
    // Scalar arithmetic.
    std::array<uint8_t, 32> theirs;
    crypto_core_ristretto255_scalar_mul(theirs.data(), ab.data(), bb.data());
    EXPECT_EQ((a * b).ToBytes(), theirs);
    crypto_core_ristretto255_scalar_add(theirs.data(), ab.data(), bb.data());
    EXPECT_EQ((a + b).ToBytes(), theirs);
    crypto_core_ristretto255_scalar_sub(theirs.data(), ab.data(), bb.data());
    EXPECT_EQ((a - b).ToBytes(), theirs);
    crypto_core_ristretto255_scalar_invert(theirs.data(), ab.data());
    EXPECT_EQ(a.Invert().ToBytes(), theirs);
    // Uniform-bytes reduction.
    std::array<uint8_t, 64> wide;
    rng.Fill(wide);
    crypto_core_ristretto255_scalar_reduce(theirs.data(), wide.data());
    EXPECT_EQ(Scalar::FromUniformBytes(wide).ToBytes(), theirs);
    // A random point: decode, multiply, add.
    std::array<uint8_t, 64> h;
    rng.Fill(h);
    std::array<uint8_t, 32> p_bytes;
    ASSERT_EQ(crypto_core_ristretto255_from_hash(p_bytes.data(), h.data()), 0);
    EXPECT_EQ(Point::FromUniformBytes(h).Encode(), p_bytes);
    auto p = Point::Decode(p_bytes, "p");
    ASSERT_TRUE(p.ok());
    EXPECT_EQ(p->Encode(), p_bytes);
    ASSERT_EQ(crypto_scalarmult_ristretto255(theirs.data(), ab.data(), p_bytes.data()), 0);
    EXPECT_EQ((*p * a).Encode(), theirs);
    std::array<uint8_t, 32> q_bytes;
    ASSERT_EQ(crypto_scalarmult_ristretto255_base(q_bytes.data(), bb.data()), 0);
    EXPECT_EQ(Point::MulBase(b).Encode(), q_bytes);
    ASSERT_EQ(crypto_core_ristretto255_add(theirs.data(), p_bytes.data(), q_bytes.data()), 0);
    EXPECT_EQ((*p + Point::MulBase(b)).Encode(), theirs);
    ASSERT_EQ(crypto_core_ristretto255_sub(theirs.data(), p_bytes.data(), q_bytes.data()), 0);
    EXPECT_EQ((*p - Point::MulBase(b)).Encode(), theirs);
  }
}

TEST_F(Rfc9496Test, RandomByteStringsDecodeExactlyWhenLibsodiumAccepts) {
  // Most 32-byte strings are not encodings; both decoders must draw the same line, with
  // one known difference: libsodium 1.0.18 (Debian 12) ignores bit 255, so it accepts an
  // encoding with the top bit set as if it were clear. RFC 9496 §4.3.1 requires a
  // canonical field element (< p, so bit 255 is 0): we reject those, and check that the
  // same bytes with the bit cleared decode to the point libsodium saw.
  DeterministicRng rng(255);
  int valid = 0, top_bit_set = 0;
  for (int i = 0; i < 4000; ++i) {
    std::array<uint8_t, 32> b;
    rng.Fill(b);
    if (i % 2 == 0) b[0] &= 0xfe;  // half of them with an even s, to hit more valid points
    if (i % 4 == 0) b[31] &= 0x7f;
    const bool ours = Point::Decode(b, "p").ok();
    const bool theirs = crypto_core_ristretto255_is_valid_point(b.data()) == 1;
    if (b[31] & 0x80) {
      EXPECT_FALSE(ours) << ToHex(b);
      auto cleared = b;
      cleared[31] &= 0x7f;
      EXPECT_EQ(Point::Decode(cleared, "p").ok(), theirs) << ToHex(b);
      top_bit_set += theirs;
    } else {
      EXPECT_EQ(ours, theirs) << ToHex(b);
    }
    valid += ours;
  }
  EXPECT_GT(valid, 100);
  EXPECT_GT(top_bit_set, 0);
}

// DecodeBatch must draw exactly Decode's line, and give the same points, on both of its
// paths: eight lanes of AVX-512 IFMA (its own field arithmetic, its own canonicity check,
// libdecaf's formulas rewritten) and the one-by-one path elsewhere.
class BatchDecodeTest : public ::testing::TestWithParam<bool> {
 protected:
  void SetUp() override {
    EnsureSodium();
    if (GetParam() && !edwards::HaveIfma()) GTEST_SKIP() << "this CPU has no AVX-512 IFMA";
    edwards::AllowIfma(GetParam());
  }
  void TearDown() override { edwards::AllowIfma(true); }

  static std::string Field(size_t i) { return "v[" + std::to_string(i) + "]"; }

  static std::array<uint8_t, 32> Bytes(const char* hex) {
    std::array<uint8_t, 32> b;
    const auto v = Hex(hex);
    std::copy(v.begin(), v.end(), b.begin());
    return b;
  }

  // `candidate` at position `at` among valid encodings (the small multiples 1..11):
  // DecodeBatch's verdict and point, checked against Decode's.
  static void ExpectAgreement(const std::array<uint8_t, 32>& candidate, size_t at,
                              IdentityPolicy identity = IdentityPolicy::kForbid) {
    std::vector<std::array<uint8_t, 32>> batch;
    for (size_t k = 0; k < 11; ++k) batch.push_back(Bytes(kMultiples[1 + k]));
    batch[at] = candidate;
    const auto single = Point::Decode(candidate, Field(at), identity);
    const auto many = Point::DecodeBatch(batch, Field, identity);
    ASSERT_EQ(many.ok(), single.ok()) << ToHex(candidate);
    if (!single.ok()) {
      EXPECT_EQ(many.status().ToString(), single.status().ToString());
      return;
    }
    EXPECT_TRUE((*many)[at] == *single) << ToHex(candidate);
    // The point itself (not the bytes it keeps) encodes back to the candidate.
    EXPECT_EQ(((*many)[at] + Point::Identity()).Encode(), candidate);
  }
};

TEST_P(BatchDecodeTest, AgreesWithDecodeOnTheVectors) {
  std::vector<std::array<uint8_t, 32>> all;
  for (const char* hex : kMultiples) all.push_back(Bytes(hex));
  const auto many = Point::DecodeBatch(all, Field, IdentityPolicy::kAllow);
  ASSERT_TRUE(many.ok());
  for (size_t i = 0; i < all.size(); ++i) {
    EXPECT_TRUE((*many)[i] == Point::MulBase(Scalar::FromU64(i))) << i;
    EXPECT_EQ(((*many)[i] + Point::Identity()).Encode(), all[i]) << i;
  }
  // The identity where it is forbidden, in any lane, and where it is allowed.
  for (size_t at : {0, 3, 7, 8, 10}) ExpectAgreement(std::array<uint8_t, 32>{}, at);
  ExpectAgreement(std::array<uint8_t, 32>{}, 5, IdentityPolicy::kAllow);
  size_t at = 0;
  for (const char* hex : kBadEncodings) ExpectAgreement(Bytes(hex), at++ % 11);
}

// Every length from 0 to 17: full vectors, a last group of 2..7 in a padded vector (its
// empty lanes repeat its last encoding), and a last single point; a bad encoding in every
// position is refused with Decode's error for that position, and a bad one in no lane that
// counts is never reported.
TEST_P(BatchDecodeTest, AgreesWithDecodeForEveryLength) {
  for (size_t n = 0; n <= 17; ++n) {
    std::vector<std::array<uint8_t, 32>> batch;
    std::vector<Point> expected;
    for (size_t i = 0; i < n; ++i) {
      expected.push_back(Point::MulBase(Scalar::FromU64(3 * i + 1)));
      batch.push_back(expected.back().Encode());
    }
    const auto many = Point::DecodeBatch(batch, Field);
    ASSERT_TRUE(many.ok()) << n;
    ASSERT_EQ(many->size(), n);
    for (size_t i = 0; i < n; ++i) {
      EXPECT_TRUE((*many)[i] == expected[i]) << n << " " << i;
      EXPECT_EQ(((*many)[i] + Point::Identity()).Encode(), batch[i]) << n << " " << i;
    }
    for (size_t at = 0; at < n; ++at) {
      auto bad = batch;
      bad[at] = Bytes(kBadEncodings[(n + at) % std::size(kBadEncodings)]);
      const auto refused = Point::DecodeBatch(bad, Field);
      ASSERT_FALSE(refused.ok()) << n << " " << at;
      EXPECT_EQ(refused.status().ToString(), Point::Decode(bad[at], Field(at)).status().ToString());
    }
  }
}

TEST_P(BatchDecodeTest, AgreesWithDecodeAtTheFieldsEdges) {
  // p − 1 (even), p, p + 1, 2^255 − 1, 2^255 − 2, 2^255 alone; and the vectors with bit 255
  // set or made odd.
  auto make = [](uint8_t low, uint8_t mid, uint8_t top) {
    std::array<uint8_t, 32> b;
    b.fill(mid);
    b[0] = low;
    b[31] = top;
    return b;
  };
  std::vector<std::array<uint8_t, 32>> edges = {make(0xec, 0xff, 0x7f), make(0xed, 0xff, 0x7f),
                                                make(0xee, 0xff, 0x7f), make(0xff, 0xff, 0x7f),
                                                make(0xfe, 0xff, 0x7f), make(0x00, 0x00, 0x80)};
  for (const char* hex : kMultiples) {
    auto high = Bytes(hex);
    high[31] |= 0x80;
    edges.push_back(high);
    auto odd = Bytes(hex);
    odd[0] ^= 1;
    edges.push_back(odd);
  }
  for (size_t i = 0; i < edges.size(); ++i) ExpectAgreement(edges[i], i % 11);
}

TEST_P(BatchDecodeTest, AgreesWithDecodeOnRandomBytesAndPoints) {
  DeterministicRng rng(9496);
  int valid = 0;
  for (int i = 0; i < 3000; ++i) {
    std::array<uint8_t, 32> b;
    rng.Fill(b);
    if (i % 2 == 0) b[0] &= 0xfe;
    if (i % 3 != 0) b[31] &= 0x7f;
    ExpectAgreement(b, static_cast<size_t>(i) % 11);
    valid += Point::Decode(b, "p").ok();
  }
  EXPECT_GT(valid, 200);  // both square-root branches and both signs get exercised
  std::vector<std::array<uint8_t, 32>> points;
  std::vector<Point> expected;
  for (int i = 0; i < 1001; ++i) {
    expected.push_back(Point::MulBase(Scalar::Random(rng)));
    points.push_back(expected.back().Encode());
  }
  const auto many = Point::DecodeBatch(points, Field);
  ASSERT_TRUE(many.ok());
  for (size_t i = 0; i < points.size(); ++i) {
    EXPECT_TRUE((*many)[i] == expected[i]) << i;
    EXPECT_EQ(((*many)[i] + Point::Identity()).Encode(), points[i]) << i;
    EXPECT_EQ((*many)[i].Encode(), points[i]) << i;
  }
}

// KeepEncodings must give libdecaf's encoding of whatever representative a point holds:
// points made by libdecaf, by our own arithmetic (MSMs), by decoding, and the same elements
// written with another representative of their coset (plus 2- and 4-torsion).
TEST_P(BatchDecodeTest, BatchEncodingAgreesWithEncode) {
  DeterministicRng rng(2496);
  std::vector<Point> points = {Point::Identity(), Point::Base()};
  for (int i = 0; i < 300; ++i) {
    const Point a = Point::MulBase(Scalar::Random(rng));
    const Point b = Point::MulBase(Scalar::Random(rng));
    const std::array<Scalar, 2> k = {Scalar::Random(rng), Scalar::Random(rng)};
    const std::array<Point, 2> ab = {a, b};
    points.push_back(a);
    points.push_back(a + b);
    points.push_back(a.Double());
    points.push_back(MultiScalarMulVartime(k, ab));
    points.push_back(Point::Decode(a.Encode(), "p").value() - b);
  }
  // Other representatives: adding (0, −1) and (i, 0) of the internal curve changes the limbs
  // but not the element, and must not change the encoding.
  const edwards::Extended two_torsion = {
      {{0}},
      {{0x7ffffffffffec, 0x7ffffffffffff, 0x7ffffffffffff, 0x7ffffffffffff, 0x7ffffffffffff}},
      {{1}},
      {{0}}};
  const Point t2 = edwards::ToPoint(two_torsion);
  for (size_t i = 0; i < 64; ++i) points.push_back(points[i] + t2);
  std::vector<std::array<uint8_t, 32>> expected;
  for (const Point& p : points) expected.push_back((p + Point::Identity()).Encode());
  std::vector<Point> batch = points;
  Point::KeepEncodings(batch);
  for (size_t i = 0; i < points.size(); ++i) {
    EXPECT_EQ(batch[i].Encode(), expected[i]) << i;
    EXPECT_TRUE(batch[i] == points[i]) << i;
  }
}

INSTANTIATE_TEST_SUITE_P(Paths, BatchDecodeTest, ::testing::Values(false, true),
                         [](const auto& info) { return info.param ? "Ifma" : "OneByOne"; });

}  // namespace
}  // namespace phantompool::crypto
