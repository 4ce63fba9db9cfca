// Fuzzes the sigma-proof parsers: the first byte picks the proof type, the rest is the
// encoding. A parse must never crash; whatever parses must re-serialise to exactly the
// input (one encoding per proof), and verifying it against a fixed statement must return
// a Status, not crash.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>
#include <vector>

#include "phantompool/crypto/dleq_proof.h"
#include "phantompool/crypto/elgamal.h"
#include "phantompool/crypto/equality_proof.h"
#include "phantompool/crypto/opening_proof.h"
#include "phantompool/crypto/pedersen.h"
#include "phantompool/crypto/product_proof.h"

namespace {

using namespace phantompool::crypto;

struct Statement {
  Point pk, C, Cy, Cz, B2, P2;
  ElGamalCiphertext ct;
  std::vector<Point> bases, publics;
};

const Statement& FixedStatement() {
  static const Statement s = [] {
    DeterministicRng rng(1);
    Statement st;
    st.pk = Point::MulBase(Scalar::Random(rng));
    st.C = PedersenCommit(Scalar::FromU64(5), Scalar::Random(rng));
    st.Cy = PedersenCommit(Scalar::FromU64(6), Scalar::Random(rng));
    st.Cz = PedersenCommit(Scalar::FromU64(30), Scalar::Random(rng));
    st.ct = ElGamalEncrypt(st.pk, Scalar::FromU64(5), Scalar::Random(rng));
    st.B2 = Point::MulBase(Scalar::Random(rng));
    st.P2 = Point::MulBase(Scalar::Random(rng));
    st.bases = {st.B2, st.ct.R};
    st.publics = {st.P2, st.pk};
    return st;
  }();
  return s;
}

template <typename Proof>
void CheckRoundTrip(const Proof& proof, std::span<const uint8_t> input) {
  const auto again = proof.Serialize();
  if (again.size() != input.size() || !std::equal(again.begin(), again.end(), input.begin())) {
    std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  const std::span<const uint8_t> bytes(data + 1, size - 1);
  const Statement& st = FixedStatement();
  Transcript t("phantompool/fuzz/v1");
  switch (data[0] % 5) {
    case 0:
      if (auto p = OpeningProof::Parse(bytes); p.ok()) {
        CheckRoundTrip(*p, bytes);
        (void)p->Verify(t, st.C);
      }
      break;
    case 1:
      if (auto p = CiphertextCommitmentEqualityProof::Parse(bytes); p.ok()) {
        CheckRoundTrip(*p, bytes);
        (void)p->Verify(t, st.pk, st.ct, st.C);
      }
      break;
    case 2:
      if (auto p = DleqProof::Parse(bytes); p.ok()) {
        CheckRoundTrip(*p, bytes);
        (void)p->Verify(t, Point::Base(), st.pk, st.B2, st.P2);
      }
      break;
    case 3:
      if (auto p = BatchDleqProof::Parse(bytes); p.ok()) {
        CheckRoundTrip(*p, bytes);
        (void)p->Verify(t, Point::Base(), st.pk, st.bases, st.publics);
      }
      break;
    case 4:
      if (auto p = ProductProof::Parse(bytes); p.ok()) {
        CheckRoundTrip(*p, bytes);
        (void)p->Verify(t, st.C, st.Cy, st.Cz);
      }
      break;
  }
  return 0;
}
