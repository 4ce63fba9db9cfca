#include "phantompool/crypto/elgamal.h"

#include <gtest/gtest.h>

#include <vector>

#include "phantompool/crypto/limb_table.h"
#include "phantompool/crypto/rng.h"

namespace phantompool::crypto {
namespace {

struct KeyPair {
  SecretScalar sk;
  Point pk;
};

KeyPair NewKey(Rng& rng) {
  SecretScalar sk = SecretScalar::Random(rng);
  const Point pk = Point::MulBase(sk.ExposeSecret());
  return {sk, pk};
}

TEST(ElGamalTest, LimbsSplitAndJoin) {
  for (uint64_t v :
       std::initializer_list<uint64_t>{0, 1, 65535, 65536, 0x0123456789abcdefull, ~uint64_t{0}}) {
    const auto limbs = SplitLimbs(v);
    EXPECT_EQ(JoinLimbs(limbs), v);
  }
  const auto limbs = SplitLimbs(0x0004000300020001ull);
  EXPECT_EQ(limbs[0], 1);
  EXPECT_EQ(limbs[1], 2);
  EXPECT_EQ(limbs[2], 3);
  EXPECT_EQ(limbs[3], 4);
}

TEST(ElGamalTest, EncryptDecryptLimbEdgeValues) {
  DeterministicRng rng(10);
  const KeyPair key = NewKey(rng);
  for (uint64_t v : {0, 1, 2, 255, 256, 65534, 65535}) {
    const auto ct = ElGamalEncrypt(key.pk, Scalar::FromU64(v), Scalar::Random(rng));
    EXPECT_TRUE(ElGamalDecryptToPoint(ct, key.sk) == Point::MulBase(Scalar::FromU64(v)));
    auto limb = DecryptLimb(ct, key.sk);
    ASSERT_TRUE(limb.ok()) << v;
    EXPECT_EQ(*limb, v);
  }
}

TEST(ElGamalTest, WrongKeyDoesNotDecrypt) {
  DeterministicRng rng(11);
  const KeyPair key = NewKey(rng);
  const KeyPair other = NewKey(rng);
  const auto ct = ElGamalEncrypt(key.pk, Scalar::FromU64(7), Scalar::Random(rng));
  EXPECT_FALSE(DecryptLimb(ct, other.sk).ok());
}

TEST(ElGamalTest, OutOfTableValueIsAnError) {
  DeterministicRng rng(12);
  const KeyPair key = NewKey(rng);
  for (uint64_t v : {uint64_t{65536}, uint64_t{1} << 40}) {
    const auto ct = ElGamalEncrypt(key.pk, Scalar::FromU64(v), Scalar::Random(rng));
    auto limb = DecryptLimb(ct, key.sk);
    ASSERT_FALSE(limb.ok());
    EXPECT_EQ(limb.status().code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(limb.status().field(), "limb");
  }
  // −1 wraps to ℓ − 1: far outside the table.
  const auto ct = ElGamalEncrypt(key.pk, -Scalar::One(), Scalar::Random(rng));
  EXPECT_FALSE(DecryptLimb(ct, key.sk).ok());
}

TEST(ElGamalTest, HomomorphicAddition) {
  DeterministicRng rng(13);
  const KeyPair key = NewKey(rng);
  const Scalar r1 = Scalar::Random(rng), r2 = Scalar::Random(rng);
  const auto a = ElGamalEncrypt(key.pk, Scalar::FromU64(40000), r1);
  const auto b = ElGamalEncrypt(key.pk, Scalar::FromU64(25535), r2);
  const auto sum = a + b;
  EXPECT_TRUE(sum == ElGamalEncrypt(key.pk, Scalar::FromU64(65535), r1 + r2));
  EXPECT_EQ(*DecryptLimb(sum, key.sk), 65535);
  EXPECT_EQ(*DecryptLimb(a - b, key.sk), 40000 - 25535);
  EXPECT_EQ(*DecryptLimb(b * Scalar::FromU64(2), key.sk), 2 * 25535);
}

TEST(ElGamalTest, FullU64ThroughLimbs) {
  DeterministicRng rng(14);
  const KeyPair key = NewKey(rng);
  for (uint64_t v :
       std::initializer_list<uint64_t>{0, 123456789, 0xffff0000ffff0000ull, ~uint64_t{0}}) {
    const auto limbs = SplitLimbs(v);
    std::array<ElGamalCiphertext, kLimbsPerU64> cts;
    std::vector<Scalar> rs;
    for (size_t i = 0; i < kLimbsPerU64; ++i) {
      rs.push_back(Scalar::Random(rng));
      cts[i] = ElGamalEncrypt(key.pk, Scalar::FromU64(limbs[i]), rs[i]);
    }
    auto decrypted = DecryptU64(cts, key.sk);
    ASSERT_TRUE(decrypted.ok());
    EXPECT_EQ(*decrypted, v);
    // The weighted sum of the limb ciphertexts encrypts v itself.
    Scalar r_total;
    for (size_t i = 0; i < kLimbsPerU64; ++i) {
      r_total += Scalar::FromU64(uint64_t{1} << (16 * i)) * rs[i];
    }
    EXPECT_TRUE(CombineLimbCiphertextsVartime(cts) ==
                ElGamalEncrypt(key.pk, Scalar::FromU64(v), r_total));
  }
}

TEST(ElGamalTest, DecryptU64NamesTheBadLimb) {
  DeterministicRng rng(15);
  const KeyPair key = NewKey(rng);
  std::array<ElGamalCiphertext, kLimbsPerU64> cts;
  for (size_t i = 0; i < kLimbsPerU64; ++i) {
    cts[i] = ElGamalEncrypt(key.pk, Scalar::FromU64(i == 2 ? 70000 : 1), Scalar::Random(rng));
  }
  auto decrypted = DecryptU64(cts, key.sk);
  ASSERT_FALSE(decrypted.ok());
  EXPECT_EQ(decrypted.status().field(), "limbs[2].limb");
}

// Shamir 3-of-5: shares s_j = f(j) of a degree-2 polynomial with f(0) = sk. Each executor
// publishes D_j = s_j·R; any three combine with Lagrange coefficients at 0 into sk·R.
Scalar LagrangeAtZero(const std::vector<uint64_t>& indices, size_t which) {
  Scalar num = Scalar::One(), den = Scalar::One();
  const Scalar xj = Scalar::FromU64(indices[which]);
  for (size_t m = 0; m < indices.size(); ++m) {
    if (m == which) continue;
    const Scalar xm = Scalar::FromU64(indices[m]);
    num *= xm;
    den *= xm - xj;
  }
  return num * den.Invert();
}

TEST(ElGamalTest, ThresholdDecryptionWithLagrange) {
  DeterministicRng rng(16);
  const std::array<Scalar, 3> coeffs = {Scalar::Random(rng), Scalar::Random(rng),
                                        Scalar::Random(rng)};
  const SecretScalar sk(coeffs[0]);
  const Point pk = Point::MulBase(sk.ExposeSecret());
  std::array<Scalar, 6> share;  // share[j] = f(j), j = 1..5
  for (uint64_t j = 1; j <= 5; ++j) {
    const Scalar x = Scalar::FromU64(j);
    share[j] = coeffs[0] + coeffs[1] * x + coeffs[2] * x * x;
  }
  const uint16_t value = 54321;
  const auto ct = ElGamalEncrypt(pk, Scalar::FromU64(value), Scalar::Random(rng));
  const Point sk_R = ct.R * sk.ExposeSecret();
  const std::vector<std::vector<uint64_t>> quorums = {{1, 2, 3}, {1, 3, 5}, {2, 4, 5}, {3, 4, 5}};
  for (const auto& q : quorums) {
    Point combined;
    for (size_t i = 0; i < q.size(); ++i) {
      const Point d = ct.R * share[q[i]];  // executor q[i]'s decryption share
      combined += d * LagrangeAtZero(q, i);
    }
    EXPECT_TRUE(combined == sk_R);
    auto limb = RecoverLimb(CombineDecryption(ct, combined));
    ASSERT_TRUE(limb.ok());
    EXPECT_EQ(*limb, value);
  }
  // Two shares are not enough: their Lagrange combination is not sk·R.
  const std::vector<uint64_t> pair = {1, 2};
  Point two;
  for (size_t i = 0; i < 2; ++i) two += ct.R * share[pair[i]] * LagrangeAtZero(pair, i);
  EXPECT_FALSE(two == sk_R);
}

TEST(ElGamalTest, EncodeDecodeStrict) {
  DeterministicRng rng(17);
  const KeyPair key = NewKey(rng);
  const auto ct = ElGamalEncrypt(key.pk, Scalar::FromU64(9), Scalar::Random(rng));
  const auto bytes = ct.Encode();
  auto back = ElGamalCiphertext::Decode(bytes, "order.size.limbs[0]");
  ASSERT_TRUE(back.ok());
  EXPECT_TRUE(*back == ct);
  // Wrong lengths.
  EXPECT_FALSE(ElGamalCiphertext::Decode(std::span(bytes).first(63), "ct").ok());
  std::vector<uint8_t> longer(bytes.begin(), bytes.end());
  longer.push_back(0);
  EXPECT_FALSE(ElGamalCiphertext::Decode(longer, "ct").ok());
  // Identity R is refused; identity M is allowed.
  auto zero_r = bytes;
  std::fill(zero_r.begin(), zero_r.begin() + 32, 0);
  auto r = ElGamalCiphertext::Decode(zero_r, "ct");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().field(), "ct.R");
  auto zero_m = bytes;
  std::fill(zero_m.begin() + 32, zero_m.end(), 0);
  EXPECT_TRUE(ElGamalCiphertext::Decode(zero_m, "ct").ok());
  // A non-canonical M names M.
  auto bad_m = bytes;
  std::fill(bad_m.begin() + 32, bad_m.end(), 0xff);
  auto m = ElGamalCiphertext::Decode(bad_m, "ct");
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.status().field(), "ct.M");
}

}  // namespace
}  // namespace phantompool::crypto
