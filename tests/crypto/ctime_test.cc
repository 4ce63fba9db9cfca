// The constant-time check. Run under valgrind (ctest: crypto_ctime):
//   valgrind --error-exitcode=1 --track-origins=yes crypto_ctime_test
// Every secret input is marked undefined with Classify(); memcheck then reports any branch
// or memory index that depends on it, so a clean run means no secret-dependent control
// flow or table lookup in the code exercised here. Only values a protocol publishes (a
// proof, a ciphertext, a decrypted limb) are declassified, and only once they are output.
//
// `crypto_ctime_test --leaky` runs a deliberately leaky function instead (one branch on a
// secret bit): valgrind must report it (ctest: crypto_ctime_detects_leak, WILL_FAIL), which
// shows the check can fail at all.
#include "phantompool/crypto/ctime.h"

#include <cstdio>
#include <cstring>
#include <vector>

#include "phantompool/crypto/dleq_proof.h"
#include "phantompool/crypto/elgamal.h"
#include "phantompool/crypto/equality_proof.h"
#include "phantompool/crypto/opening_proof.h"
#include "phantompool/crypto/pedersen.h"
#include "phantompool/crypto/product_proof.h"
#include "phantompool/crypto/range_proof.h"
#include "phantompool/crypto/secret_scalar.h"

namespace phantompool::crypto {
namespace {

// Randomness is as secret as the witness: its output is classified too.
class ClassifyingRng final : public Rng {
 public:
  explicit ClassifyingRng(uint64_t seed) : inner_(seed) {}
  void Fill(std::span<uint8_t> out) override {
    inner_.Fill(out);
    Classify(out.data(), out.size());
  }

 private:
  DeterministicRng inner_;
};

Scalar Secret(const Scalar& s) {
  Scalar copy = s;
  ClassifyValue(copy);
  return copy;
}

template <typename T>
void Publish(const T& value) {
  DeclassifyValue(value);
}

int failures = 0;

void Expect(bool ok, const char* what) {
  std::printf("ctime: %-40s %s\n", what, ok ? "ok" : "FAILED");
  if (!ok) ++failures;
}

void RunChecks() {
  DeterministicRng pub(1);  // public randomness: statements, keys of others
  ClassifyingRng sec(2);    // secret randomness: nonces, blindings
  const Point P = Point::MulBase(Scalar::Random(pub));
  const Point pk = Point::MulBase(Scalar::Random(pub));

  // Group operations.
  const Scalar k = Secret(Scalar::Random(pub));
  Point r1 = P * k;
  Publish(r1);
  Point r2 = Point::MulBase(k);
  Publish(r2);
  Point r3 = Point::Select(Secret(Scalar::One()) == Scalar::One(), P, r2);
  Publish(r3);
  Expect(!r1.IsIdentity() && !r2.IsIdentity(), "scalar mult, MulBase, Select");

  // Pedersen and ElGamal.
  const Scalar v = Secret(Scalar::FromU64(40000));
  const Scalar t = Scalar::Random(sec);
  const Scalar r = Scalar::Random(sec);
  Point C = PedersenCommit(v, t);
  Publish(C);
  ElGamalCiphertext ct = ElGamalEncrypt(pk, v, r);
  Publish(ct);
  Expect(!C.IsIdentity() && !ct.R.IsIdentity(), "PedersenCommit, ElGamalEncrypt");

  // Decryption: constant time in the key; the decrypted point is public afterwards.
  const SecretScalar sk(Secret(Scalar::Random(pub)));
  const Point sk_pub = Point::MulBase(sk.ExposeSecret());
  Publish(sk_pub);
  ElGamalCiphertext mine = ElGamalEncrypt(sk_pub, Scalar::FromU64(7), Scalar::Random(pub));
  Publish(mine);
  Point vG = ElGamalDecryptToPoint(mine, sk);
  Publish(vG);
  Expect(vG == Point::MulBase(Scalar::FromU64(7)), "ElGamalDecryptToPoint");

  // SecretScalar comparison.
  const SecretScalar a(Secret(Scalar::FromU64(5)));
  const SecretScalar b(Secret(Scalar::FromU64(6)));
  bool same = a.ConstantTimeEquals(b);
  Publish(same);
  Expect(!same, "SecretScalar::ConstantTimeEquals");

  // Sigma provers: witness and randomness secret, the proof public.
  {
    Transcript tp("phantompool/ctime/v1");
    auto proof = OpeningProof::Prove(tp, C, v, t, sec);
    bool ok = proof.ok();
    if (ok) {
      auto bytes = proof->Serialize();
      Publish(bytes);
      Transcript tv("phantompool/ctime/v1");
      ok = OpeningProof::Parse(bytes)->Verify(tv, C).ok();
    }
    Expect(ok, "OpeningProof::Prove");
  }
  {
    Transcript tp("phantompool/ctime/v1");
    auto proof = CiphertextCommitmentEqualityProof::Prove(tp, pk, ct, C, v, r, t, sec);
    bool ok = proof.ok();
    if (ok) {
      auto bytes = proof->Serialize();
      Publish(bytes);
      Transcript tv("phantompool/ctime/v1");
      ok = CiphertextCommitmentEqualityProof::Parse(bytes)->Verify(tv, pk, ct, C).ok();
    }
    Expect(ok, "CiphertextCommitmentEqualityProof::Prove");
  }
  {
    // An executor's decryption shares D_i = x·R_i against its key share X = x·G.
    const SecretScalar x(Secret(Scalar::Random(pub)));
    Point X = Point::MulBase(x.ExposeSecret());
    Publish(X);
    std::vector<Point> R, D;
    for (int i = 0; i < 3; ++i) {
      R.push_back(Point::MulBase(Scalar::Random(pub)));
      D.push_back(R.back() * x.ExposeSecret());
      Publish(D.back());
    }
    Transcript tp("phantompool/ctime/v1");
    auto dleq = DleqProof::Prove(tp, Point::Base(), X, R[0], D[0], x, sec);
    bool ok = dleq.ok();
    if (ok) {
      auto bytes = dleq->Serialize();
      Publish(bytes);
      Transcript tv("phantompool/ctime/v1");
      ok = DleqProof::Parse(bytes)->Verify(tv, Point::Base(), X, R[0], D[0]).ok();
    }
    Expect(ok, "DleqProof::Prove");
    Transcript tb("phantompool/ctime/v1");
    auto batch = BatchDleqProof::Prove(tb, Point::Base(), X, R, D, x, sec);
    ok = batch.ok();
    if (ok) {
      auto bytes = batch->Serialize();
      Publish(bytes);
      Transcript tv("phantompool/ctime/v1");
      ok = BatchDleqProof::Parse(bytes)->Verify(tv, Point::Base(), X, R, D).ok();
    }
    Expect(ok, "BatchDleqProof::Prove");
  }
  {
    const Scalar x = Secret(Scalar::FromU64(1500));
    const Scalar y = Secret(Scalar::FromU64(20000));
    const Scalar tx = Scalar::Random(sec), ty = Scalar::Random(sec), tz = Scalar::Random(sec);
    Point Cx = PedersenCommit(x, tx), Cy = PedersenCommit(y, ty), Cz = PedersenCommit(x * y, tz);
    Publish(Cx);
    Publish(Cy);
    Publish(Cz);
    Transcript tp("phantompool/ctime/v1");
    auto proof = ProductProof::Prove(tp, Cx, Cy, Cz, x, tx, ty, tz, sec);
    bool ok = proof.ok();
    if (ok) {
      auto bytes = proof->Serialize();
      Publish(bytes);
      Transcript tv("phantompool/ctime/v1");
      ok = ProductProof::Parse(bytes)->Verify(tv, Cx, Cy, Cz).ok();
    }
    Expect(ok, "ProductProof::Prove");
  }
  {
    // A 64-bit range proof of one secret value.
    std::vector<uint64_t> values = {0x0123456789abcdefull};
    Classify(values.data(), values.size() * sizeof(uint64_t));
    std::vector<Scalar> blindings = {Scalar::Random(sec)};
    Point V = PedersenCommit(Scalar::FromU64(0x0123456789abcdefull), blindings[0]);
    Publish(V);
    Transcript tp("phantompool/ctime/v1");
    auto proof = RangeProof::Prove(tp, values, blindings, 64, sec);
    bool ok = proof.ok();
    if (ok) {
      auto bytes = proof->Serialize();
      Declassify(bytes.data(), bytes.size());
      Transcript tv("phantompool/ctime/v1");
      auto parsed = RangeProof::Parse(bytes, "range_proof");
      ok = parsed.ok() && parsed->Verify(tv, std::span<const Point>(&V, 1), 64).ok();
    }
    Expect(ok, "RangeProof::Prove (64-bit)");
  }
}

// A deliberately variable-time function: it branches on a secret bit. Under valgrind
// this must be reported (the WILL_FAIL test); if it is not, the check is blind.
__attribute__((noinline)) int LeakyBranch(const uint8_t* secret) {
  volatile int sink = 0;
  if (secret[0] & 1) {
    sink = sink + 1;
  } else {
    sink = sink + 2;
  }
  return sink;
}

}  // namespace
}  // namespace phantompool::crypto

int main(int argc, char** argv) {
  using namespace phantompool::crypto;
  const bool leaky = argc > 1 && std::strcmp(argv[1], "--leaky") == 0;
  if (!RunningUnderValgrind()) {
    std::printf("ctime: not running under valgrind; the check only means something there\n");
    // Still exercise the code so the binary is known to work.
  }
  if (leaky) {
    uint8_t secret[1] = {0x5b};
    Classify(secret, sizeof secret);
    const int r = LeakyBranch(secret);
    std::printf("ctime: leaky branch ran (%d)\n", r > 0 ? 1 : 0);
    return 0;
  }
  RunChecks();
  std::printf("ctime: %d failed\n", failures);
  return failures == 0 ? 0 : 1;
}
