#include "phantompool/crypto/product_proof.h"

#include <gtest/gtest.h>

#include "phantompool/crypto/pedersen.h"
#include "sigma_test_util.h"

namespace phantompool::crypto {
namespace {

using testing::ContextTranscript;

struct Fixture {
  Scalar x, y, tx, ty, tz;
  Point Cx, Cy, Cz;
};

Fixture Make(Rng& rng, uint64_t x = 1500, uint64_t y = 20000, uint64_t z_offset = 0) {
  Fixture f;
  f.x = Scalar::FromU64(x);
  f.y = Scalar::FromU64(y);
  f.tx = Scalar::Random(rng);
  f.ty = Scalar::Random(rng);
  f.tz = Scalar::Random(rng);
  f.Cx = PedersenCommit(f.x, f.tx);
  f.Cy = PedersenCommit(f.y, f.ty);
  f.Cz = PedersenCommit(f.x * f.y + Scalar::FromU64(z_offset), f.tz);
  return f;
}

Result<ProductProof> ProveFor(const Fixture& f, Rng& rng) {
  Transcript t = ContextTranscript();
  return ProductProof::Prove(t, f.Cx, f.Cy, f.Cz, f.x, f.tx, f.ty, f.tz, rng);
}

Status VerifyFor(const ProductProof& p, const Fixture& f) {
  Transcript t = ContextTranscript();
  return p.Verify(t, f.Cx, f.Cy, f.Cz);
}

TEST(ProductProofTest, HonestProofVerifies) {
  DeterministicRng rng(400);
  for (auto [x, y] :
       {std::pair<uint64_t, uint64_t>{1500, 20000}, {0, 5}, {7, 0}, {~uint64_t{0}, ~uint64_t{0}}}) {
    const Fixture f = Make(rng, x, y);
    Transcript tp = ContextTranscript();
    auto proof = ProductProof::Prove(tp, f.Cx, f.Cy, f.Cz, f.x, f.tx, f.ty, f.tz, rng);
    ASSERT_TRUE(proof.ok()) << proof.status().ToString();
    Transcript tv = ContextTranscript();
    EXPECT_TRUE(proof->Verify(tv, f.Cx, f.Cy, f.Cz).ok());
    testing::ExpectTranscriptsInStep(tp, tv);
    auto parsed = ProductProof::Parse(proof->Serialize());
    ASSERT_TRUE(parsed.ok());
    EXPECT_TRUE(VerifyFor(*parsed, f).ok());
    EXPECT_EQ(proof->Serialize().size(), 161u);
  }
}

TEST(ProductProofTest, ProductOffByOneCannotBeProven) {
  DeterministicRng rng(401);
  const Fixture f = Make(rng, 1500, 20000, /*z_offset=*/1);
  auto proof = ProveFor(f, rng);
  ASSERT_FALSE(proof.ok());
  EXPECT_EQ(proof.status().field(), "product_proof.witness");
}

TEST(ProductProofTest, ProofDoesNotTransferToAnotherStatement) {
  DeterministicRng rng(402);
  const Fixture f = Make(rng);
  auto proof = ProveFor(f, rng);
  ASSERT_TRUE(proof.ok());
  // Cz one unit off (x·y + 1 with the same blinding).
  Fixture off = f;
  off.Cz = f.Cz + Point::Base();
  EXPECT_EQ(VerifyFor(*proof, off).code(), StatusCode::kVerificationFailed);
  // Another y.
  Fixture other_y = f;
  other_y.Cy = PedersenCommit(f.y + Scalar::One(), f.ty);
  EXPECT_EQ(VerifyFor(*proof, other_y).code(), StatusCode::kVerificationFailed);
  // x and y swapped: x·y = y·x, but the proof is about the x inside Cx.
  Fixture swapped = f;
  std::swap(swapped.Cx, swapped.Cy);
  EXPECT_FALSE(VerifyFor(*proof, swapped).ok());
}

TEST(ProductProofTest, BoundToItsContext) {
  DeterministicRng rng(403);
  const Fixture f = Make(rng);
  auto proof = ProveFor(f, rng);
  ASSERT_TRUE(proof.ok());
  Transcript tv = ContextTranscript("SOL/USDC", "trader-1", 99);
  EXPECT_EQ(proof->Verify(tv, f.Cx, f.Cy, f.Cz).code(), StatusCode::kVerificationFailed);
}

TEST(ProductProofTest, EveryByteFlipIsRejected) {
  DeterministicRng rng(404);
  const Fixture f = Make(rng);
  const auto bytes = ProveFor(f, rng)->Serialize();
  testing::ExpectEveryByteFlipRejected<ProductProof::kSize>(
      bytes, [&](std::span<const uint8_t> b) -> Status {
        PP_ASSIGN_OR_RETURN(ProductProof p, ProductProof::Parse(b));
        return VerifyFor(p, f);
      });
}

TEST(ProductProofTest, ParseAndStatementErrorsNameTheField) {
  DeterministicRng rng(405);
  const Fixture f = Make(rng);
  auto proof = ProveFor(f, rng);
  ASSERT_TRUE(proof.ok());
  auto bytes = proof->Serialize();
  std::fill(bytes.begin() + 129, bytes.end(), 0xff);
  EXPECT_EQ(ProductProof::Parse(bytes).status().field(), "product_proof.z_t'");
  Fixture no_cy = f;
  no_cy.Cy = Point::Identity();
  EXPECT_EQ(VerifyFor(*proof, no_cy).field(), "product_proof.statement.Cy");
}

TEST(ProductProofTest, BatchedVerification) {
  DeterministicRng rng(406);
  const Fixture f = Make(rng);
  auto proof = ProveFor(f, rng);
  ASSERT_TRUE(proof.ok());
  for (bool off : {false, true}) {
    DeterministicRng verifier_rng(2);
    sigma::CombinedCheck batch(verifier_rng);
    Transcript t = ContextTranscript();
    const Point Cz = off ? f.Cz + Point::Base() : f.Cz;
    ASSERT_TRUE(proof->VerifyBatched(t, f.Cx, f.Cy, Cz, batch).ok());
    EXPECT_EQ(batch.Holds(), !off);
  }
}

}  // namespace
}  // namespace phantompool::crypto
