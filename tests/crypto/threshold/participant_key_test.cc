// Identity keys: derivation, signatures with domains, sealed boxes, strict public keys.
#include "phantompool/crypto/threshold/participant_key.h"

#include <gtest/gtest.h>
#include <sodium.h>

namespace phantompool::crypto::threshold {
namespace {

std::span<const uint8_t> Bytes(std::string_view s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

TEST(ParticipantKeyTest, SeedDeterminesBothKeys) {
  DeterministicRng rng(1);
  const ParticipantKey a = ParticipantKey::Generate(rng);
  auto b = ParticipantKey::FromSeed(a.ExposeSeed(), "seed");
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(a.public_key(), b->public_key());
  EXPECT_NE(a.public_key().signing, a.public_key().box);
  EXPECT_EQ(ParticipantKey::FromSeed(std::vector<uint8_t>(31), "seed").status().field(), "seed");
  const ParticipantKey c = ParticipantKey::Generate(rng);
  EXPECT_NE(a.public_key(), c.public_key());
}

TEST(ParticipantKeyTest, SignaturesAreBoundToTheirDomain) {
  DeterministicRng rng(2);
  const ParticipantKey k = ParticipantKey::Generate(rng);
  const Signature sig = k.Sign("phantompool/test/a", Bytes("message"));
  EXPECT_TRUE(
      VerifyParticipantSignature(k.public_key(), "phantompool/test/a", Bytes("message"), sig, "s")
          .ok());
  EXPECT_EQ(
      VerifyParticipantSignature(k.public_key(), "phantompool/test/b", Bytes("message"), sig, "s")
          .code(),
      StatusCode::kVerificationFailed);
  EXPECT_FALSE(
      VerifyParticipantSignature(k.public_key(), "phantompool/test/a", Bytes("messagf"), sig, "s")
          .ok());
  // domain || 0 || message: moving a byte across the separator changes the signed bytes.
  EXPECT_FALSE(
      VerifyParticipantSignature(k.public_key(), "phantompool/test/am", Bytes("essage"), sig, "s")
          .ok());
}

TEST(ParticipantKeyTest, BoxesOpenOnlyForTheRecipientFromTheSender) {
  DeterministicRng rng(3);
  const ParticipantKey alice = ParticipantKey::Generate(rng);
  const ParticipantKey bob = ParticipantKey::Generate(rng);
  const ParticipantKey eve = ParticipantKey::Generate(rng);
  const std::vector<uint8_t> secret(32, 0x42);
  const auto box = alice.Seal(bob.public_key(), secret, rng);
  ASSERT_EQ(box.size(), secret.size() + kBoxOverheadBytes);
  auto opened = bob.Open(alice.public_key(), box);
  ASSERT_TRUE(opened.has_value());
  EXPECT_TRUE(std::equal(secret.begin(), secret.end(), opened->ExposeSecret().begin()));
  EXPECT_FALSE(eve.Open(alice.public_key(), box).has_value());
  EXPECT_FALSE(bob.Open(eve.public_key(), box).has_value());
  auto flipped = box;
  flipped[30] ^= 1;
  EXPECT_FALSE(bob.Open(alice.public_key(), flipped).has_value());
  EXPECT_FALSE(bob.Open(alice.public_key(), std::span(box).first(10)).has_value());
  // Fresh randomness, fresh nonce: the same plaintext seals differently.
  EXPECT_NE(box, alice.Seal(bob.public_key(), secret, rng));
}

TEST(ParticipantPublicKeyTest, StrictParsing) {
  DeterministicRng rng(4);
  const ParticipantKey k = ParticipantKey::Generate(rng);
  const auto bytes = k.public_key().Serialize();
  auto parsed = ParticipantPublicKey::Parse(bytes);
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(*parsed, k.public_key());
  EXPECT_EQ(ParticipantPublicKey::Parse(std::span(bytes).first(63)).status().field(),
            "participant_key");
  auto bad = bytes;
  bad.fill(0);  // the Ed25519 identity: small order
  EXPECT_EQ(ParticipantPublicKey::Parse(bad).status().field(), "participant_key.signing");
  bad = bytes;
  std::fill(bad.begin() + 32, bad.end(), 0);
  EXPECT_EQ(ParticipantPublicKey::Parse(bad).status().field(), "participant_key.box");
  bad = bytes;
  bad[32] = 1;  // u = 1: a point of order 4 on Curve25519
  std::fill(bad.begin() + 33, bad.end(), 0);
  EXPECT_EQ(ParticipantPublicKey::Parse(bad, "key").status().field(), "key.box");
}

}  // namespace
}  // namespace phantompool::crypto::threshold
