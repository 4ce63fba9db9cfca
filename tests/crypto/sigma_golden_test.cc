// Golden proofs: bytes produced once by this code base (DeterministicRng(2024)) and kept
// here verbatim. They must verify forever: a change to a transcript label, the framing,
// the wire format or a verification equation breaks these first. Never regenerate them to
// make this test pass; a deliberate format change gets a new version and new goldens.
#include <gtest/gtest.h>

#include <string_view>
#include <vector>

#include "phantompool/common/hex.h"
#include "phantompool/crypto/dleq_proof.h"
#include "phantompool/crypto/elgamal.h"
#include "phantompool/crypto/equality_proof.h"
#include "phantompool/crypto/opening_proof.h"
#include "phantompool/crypto/product_proof.h"

namespace phantompool::crypto {
namespace {

constexpr std::string_view kPk = "baeb6c818222b810bc538d7254a9e513f994553d70108ad000421caab53d606f";
constexpr std::string_view kCt =
    "fe66bc582efc98caa9e75d285212e193918d768584040ba9b0043b2f3c984b73"
    "58ae41fa3d6f2845c7c540afc82f77b7841da0e8d1447e0e208498232c12393e";
constexpr std::string_view kC = "c46f77bada174ece68c7337045339a15adc0dd7f7a49f8d0d5b228e7187fc542";
constexpr std::string_view kOpening =
    "01e8091463eee7cb8a9d2e886c518ee853f8537b9a8cf746eca98e6cfd602d99"
    "3f8ebc47d9656ba029c44a8e2dd086c79da99e643c2fcc660bd7214d219f3b82"
    "041342f5a2c822ea0469ff3cf6dbb170edbf609d3b8129d905a98a39366d0093"
    "05";
constexpr std::string_view kEquality =
    "0112869d831f2d4111bfd9f1d93a6b033cd5008f9e42b49fd5b1157421674282"
    "0986a159d4a1c88f2f86c9ec92df17a2f5f74b17edd603893c621ae6cdd1e515"
    "5008ae63947f892f35e2e26b82805894e013363109983918aa792a304f8f5ea8"
    "04350ebdbcad794dfc814c6fab27440597f28698b5114f2deb03aeb6b75aacae"
    "0ba314c9599e887877bb4b2e6af9d8fb5dc7c4f9739218da75979d6260f83b1f"
    "00ddaba79205abc441273aae9945fc289a40d48f88dbd9844ea14f1fc2d80b10"
    "08";
constexpr std::string_view kKeyShare =
    "4ada7aad5c8a95f023b3f911d998199bd4e42f86637dbe7fd97886e226335034";
constexpr std::string_view kR0 = "7a8bb93ab3270d31f10e77d2bb11409ad98e57d89b45f25d6193c8b9ebf5cd56";
constexpr std::string_view kD0 = "6454034b6d020c4e1fcc6aa3bc941b6b66c7ac0440813924632afe9d91774d12";
constexpr std::string_view kR1 = "4a9af6ffd4033ffc4bad3662fdf1f86cabf6239b42589cdc9ac815c1c949470c";
constexpr std::string_view kD1 = "20152cfd213f435c322b081c693a665b2ab50a645cf67971fb06ec7a8be3ea77";
constexpr std::string_view kR2 = "964ad703a6ba5c472b11506cad1064c5b57245aba180f1ee88f1ba76515f0638";
constexpr std::string_view kD2 = "50f8119401ec2f8794fa9daeb7e39dd4569daeaf477657862c02dc23e07dfa58";
constexpr std::string_view kDleq =
    "01c407a6840e080bd98e9ba619bd310e049ffd0c4219b478780c160417478476"
    "2baad62647c88b936e0c5b216adeeb8e4cc1ff04f9e3bd834b08b254413d9454"
    "5f62c70cf6df4b5c20f63724cb34f5bb97da31c21d8a5da0ede978f95ca7efad"
    "01";
constexpr std::string_view kBatchDleq =
    "019c602806917f7b67e869223cbef1e3ebc125c31d3a53b7130b459b02e16be7"
    "32a6dd93aa2032fa3d75d0e01375b0e65204f03ad5c0a4b42b2f59c94f8d8156"
    "301979d3a2e33e21ac41690bd7e284654676a2ae759aa6572403680593e547e1"
    "03";
constexpr std::string_view kCx = "be4187af51bbc3832c254e9141a1ea6dc3d807eddfedbaeaafd49aea266c335e";
constexpr std::string_view kCy = "f8229193d9106b1a1e193b44831a50a575628c258e41082c517b990dc7b72d74";
constexpr std::string_view kCz = "ce2ccd14020b6dc17a01ee36b3c0b153630798d2c8963fd4c163002472f53003";
constexpr std::string_view kProduct =
    "018a28ef5a3ad6161dd3a303adc7e0d6153e50483d0c83deddda201049775a08"
    "56a41da10ac7bb8503be058f1652d902f98f706d69bbe83c4a6b4f2e2aa62ca2"
    "7acb2767e7bfb25d0f18c5c57671c2b7cd5a725033d2ee65ef7d5ea55f844c47"
    "02b21bd5dc9c7907251613057ea4ad63a18ec9e59c866bc2e67232b91e969442"
    "0106338b46b34417381324746f74c01034853f829cbe5cea37f3b22ab5e852a1"
    "02";

Transcript GoldenTranscript() {
  Transcript t("phantompool/golden/v1");
  const uint8_t nonce[4] = {1, 2, 3, 4};
  AppendContext(t, ProofContext{"SOL/USDC", "golden-trader", nonce});
  return t;
}

std::vector<uint8_t> Bytes(std::string_view hex) {
  return ParseHex(hex, "golden").value();
}
Point P(std::string_view hex) {
  return Point::Decode(Bytes(hex), "golden").value();
}

TEST(SigmaGoldenTest, OpeningProof) {
  auto proof = OpeningProof::Parse(Bytes(kOpening));
  ASSERT_TRUE(proof.ok()) << proof.status().ToString();
  Transcript t = GoldenTranscript();
  EXPECT_TRUE(proof->Verify(t, P(kC)).ok());
  EXPECT_EQ(ToHex(proof->Serialize()), ToHex(Bytes(kOpening)));
}

TEST(SigmaGoldenTest, EqualityProof) {
  auto proof = CiphertextCommitmentEqualityProof::Parse(Bytes(kEquality));
  ASSERT_TRUE(proof.ok()) << proof.status().ToString();
  auto ct = ElGamalCiphertext::Decode(Bytes(kCt), "ct");
  ASSERT_TRUE(ct.ok());
  Transcript t = GoldenTranscript();
  EXPECT_TRUE(proof->Verify(t, P(kPk), *ct, P(kC)).ok());
}

TEST(SigmaGoldenTest, DleqProofs) {
  auto dleq = DleqProof::Parse(Bytes(kDleq));
  ASSERT_TRUE(dleq.ok()) << dleq.status().ToString();
  Transcript t = GoldenTranscript();
  EXPECT_TRUE(dleq->Verify(t, Point::Base(), P(kKeyShare), P(kR0), P(kD0)).ok());
  auto batch = BatchDleqProof::Parse(Bytes(kBatchDleq));
  ASSERT_TRUE(batch.ok()) << batch.status().ToString();
  const std::vector<Point> R = {P(kR0), P(kR1), P(kR2)};
  const std::vector<Point> D = {P(kD0), P(kD1), P(kD2)};
  Transcript tb = GoldenTranscript();
  EXPECT_TRUE(batch->Verify(tb, Point::Base(), P(kKeyShare), R, D).ok());
}

TEST(SigmaGoldenTest, ProductProof) {
  auto proof = ProductProof::Parse(Bytes(kProduct));
  ASSERT_TRUE(proof.ok()) << proof.status().ToString();
  Transcript t = GoldenTranscript();
  EXPECT_TRUE(proof->Verify(t, P(kCx), P(kCy), P(kCz)).ok());
}

}  // namespace
}  // namespace phantompool::crypto
