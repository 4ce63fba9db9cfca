// The constant-time check of the threshold code. Run under valgrind (ctest: threshold_ctime):
//   valgrind --error-exitcode=1 --track-origins=yes crypto_threshold_ctime_test
// Secrets are marked undefined (crypto::Classify): every Rng output (the dealers'
// polynomials, proof and box nonces) and every share a participant opens from a box (the
// box code classifies its plaintext). memcheck then reports any branch or memory index that
// depends on them. Covered: polynomial evaluation and commitments, the proof of knowledge,
// sealing shares, the recipient's share check, the share sum of a whole 3-of-5 DKG, key
// share storage, decryption shares and VRF shares. Only published values are declassified:
// commitments, proofs, boxes, the verdict of a share check, D_ij and Γ_i.
//
// `--leaky` branches on a bit of an evaluated share instead: valgrind must report it
// (ctest: threshold_ctime_detects_leak, WILL_FAIL), which shows the check is not blind here.
#include <cstdio>
#include <cstring>
#include <optional>
#include <vector>

#include "phantompool/crypto/ctime.h"
#include "phantompool/crypto/threshold/decryption_share.h"
#include "phantompool/crypto/threshold/dkg.h"
#include "phantompool/crypto/threshold/vrf.h"

namespace phantompool::crypto::threshold {
namespace {

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

int failures = 0;

void Expect(bool ok, const char* what) {
  std::printf("ctime: %-48s %s\n", what, ok ? "ok" : "FAILED");
  if (!ok) ++failures;
}

template <typename T>
bool Ok(const T& r) {
  bool ok = r.ok();
  DeclassifyValue(ok);
  return ok;
}

struct Setup {
  std::vector<ParticipantKey> keys;
  std::optional<DkgConfig> config;
};

Setup MakeSetup() {
  DeterministicRng pub(1);  // identity keys are not under test here
  Setup s;
  std::vector<ParticipantPublicKey> roster;
  for (int i = 0; i < 5; ++i) {
    s.keys.push_back(ParticipantKey::Generate(pub));
    roster.push_back(s.keys.back().public_key());
  }
  const std::vector<uint8_t> session = {'c', 't', 'i', 'm', 'e'};
  s.config.emplace(DkgConfig::Create(session, 3, roster).value());
  return s;
}

void PolynomialChecks(const Setup& s, Rng& sec) {
  const SecretPolynomial f = SecretPolynomial::Random(3, sec);
  const std::vector<Point> C = f.Commit();
  bool all = true;
  for (uint32_t j = 1; j <= 5; ++j) all &= ShareMatchesCommitments(f.Evaluate(j), C, j);
  Expect(all, "SecretPolynomial::Evaluate, Commit, share check");
  const SecretScalar a = f.Evaluate(1), b = f.Evaluate(2);
  const SecretScalar* parts[] = {&a, &b};
  const SecretScalar sum = SumShares(parts);
  bool same = sum.ConstantTimeEquals(SecretScalar(a.ExposeSecret() + b.ExposeSecret()));
  DeclassifyValue(same);
  Expect(same, "SumShares");
  const DealingMessage d = DealingMessage::Create(*s.config, 1, s.keys[0], f, sec);
  Expect(d.Verify(*s.config).ok(), "DealingMessage::Create (proof, boxes)");
  // The recipient's side: the opened share is classified by the box code.
  const auto share = d.OpenShare(*s.config, 2, s.keys[1]);
  Expect(share.has_value() && ShareMatchesCommitments(*share, d.commitments(), 2),
         "DealingMessage::OpenShare and share check");
}

// A whole honest 3-of-5 run; every participant draws from a classifying Rng.
std::vector<DkgResult> RunDkg(const Setup& s) {
  std::vector<ClassifyingRng> rngs;
  for (int i = 0; i < 5; ++i) rngs.emplace_back(100 + i);
  std::vector<DkgRound1> r1;
  std::vector<DealingMessage> dealings;
  for (uint32_t i = 1; i <= 5; ++i) {
    r1.push_back(DkgParticipant::Start(*s.config, i, s.keys[i - 1], rngs[i - 1]).value());
    dealings.push_back(r1.back().dealing());
  }
  std::vector<DkgRound2> r2;
  for (auto& r : r1) r2.push_back(std::move(r).ReceiveDealings(dealings).value());
  std::vector<DkgRound3> r3;
  for (auto& r : r2) r3.push_back(std::move(r).ReceiveComplaints({}).value());
  std::vector<DkgRound4> r4;
  std::vector<ConfirmationMessage> confirmations;
  for (auto& r : r3) {
    r4.push_back(std::move(r).ReceiveAnswers({}).value());
    confirmations.push_back(r4.back().confirmation());
  }
  std::vector<DkgResult> out;
  for (auto& r : r4) out.push_back(std::move(r).ReceiveConfirmations(confirmations).value());
  return out;
}

void DkgAndShareChecks(const Setup& s, Rng& sec) {
  const std::vector<DkgResult> results = RunDkg(s);
  Expect(results.size() == 5, "DKG 3 of 5 (all rounds)");
  const PublicKeySet& keys = results[0].public_keys();

  // Storage of a key share: serialise and parse back.
  const SecretBytes stored = results[0].key_share().SerializeSecret();
  auto parsed = KeyShare::Parse(stored.ExposeSecret());
  Expect(Ok(parsed) && parsed->CheckAgainst(keys).ok(), "KeyShare::SerializeSecret, Parse");

  DeterministicRng pub(2);
  std::vector<Point> R;
  for (int j = 0; j < 4; ++j) R.push_back(Point::MulBase(Scalar::Random(pub)));
  const uint8_t context[] = {'c', 't'};
  std::vector<DecryptionShares> responses;
  for (uint32_t i : {1u, 3u, 5u}) {
    auto r = ProveDecryptionShares(context, results[i - 1].key_share(), R, sec);
    if (!Ok(r)) break;
    responses.push_back(std::move(r).value());
  }
  bool ok = responses.size() == 3;
  for (const auto& r : responses) ok &= VerifyDecryptionShares(context, keys, r.index(), R, r).ok();
  ok &= CombineShares(keys, responses).ok();
  Expect(ok, "ProveDecryptionShares");

  std::array<uint8_t, 32> seed{};
  seed[0] = 9;
  std::vector<VrfShare> vrf;
  for (uint32_t i : {2u, 3u, 4u}) {
    auto v = ProveVrfShare(results[i - 1].key_share(), seed, sec);
    if (!Ok(v)) break;
    vrf.push_back(std::move(v).value());
  }
  Expect(vrf.size() == 3 && VerifyVrf(keys, seed, vrf).ok(), "ProveVrfShare");
}

// Deliberately variable time: branches on a bit of a secret share.
__attribute__((noinline)) int LeakyShareBranch(Rng& sec) {
  const SecretPolynomial f = SecretPolynomial::Random(2, sec);
  const auto bytes = f.Evaluate(3).ExposeSecret().ToBytes();
  volatile int sink = 0;
  if (bytes[0] & 1) {
    sink = sink + 1;
  } else {
    sink = sink + 2;
  }
  return sink;
}

}  // namespace
}  // namespace phantompool::crypto::threshold

int main(int argc, char** argv) {
  using namespace phantompool::crypto::threshold;
  using phantompool::crypto::RunningUnderValgrind;
  if (!RunningUnderValgrind()) {
    std::printf("ctime: not running under valgrind; the check only means something there\n");
  }
  ClassifyingRng sec(7);
  if (argc > 1 && std::strcmp(argv[1], "--leaky") == 0) {
    std::printf("ctime: leaky branch ran (%d)\n", LeakyShareBranch(sec) > 0 ? 1 : 0);
    return 0;
  }
  const Setup s = MakeSetup();
  PolynomialChecks(s, sec);
  DkgAndShareChecks(s, sec);
  std::printf("ctime: %d failed\n", failures);
  return failures == 0 ? 0 : 1;
}
