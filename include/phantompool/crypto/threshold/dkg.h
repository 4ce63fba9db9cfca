// Distributed key generation without a dealer: Pedersen's "joint Feldman" DKG with
// complaints (JF-DKG), for n participants of whom any t can later decrypt or evaluate the
// VRF together. docs/crypto-threshold.md has the protocol, why its known key bias does not
// matter for PhantomPool's uses, and why a relay can stand in for a broadcast channel.
//
// The rounds are a chain of types (dalek's habit): each round's object is the only way to
// the next, and Receive* consumes it, so a round can be neither skipped, repeated nor run
// out of order.
//
//   DkgParticipant::Start            → DkgRound1  publish dealing()
//   DkgRound1::ReceiveDealings       → DkgRound2  publish complaints()     (often none)
//   DkgRound2::ReceiveComplaints     → DkgRound3  publish answers()        (often none)
//   DkgRound3::ReceiveAnswers        → DkgRound4  publish confirmation()
//   DkgRound4::ReceiveConfirmations  → DkgResult  final: KeyShare + PublicKeySet
//
// Each Receive takes every message of that round that the relay delivered — including this
// participant's own, which may or may not come back — in any order. A message that is
// malformed for this run (wrong context, bad signature, bad proof, a sender outside the
// roster, a duplicate, an answer to no complaint, ...) is not fatal: it is recorded in
// rejected() with the reason and otherwise ignored. A Receive fails only when the run can
// no longer finish: fewer qualified dealers than ThresholdParams::finality_quorum(), or,
// at the end, a qualified participant that did not confirm the same result.
//
// Nothing here does I/O, keeps a clock or starts a thread: the executor module moves the
// messages and decides when a round's deadline has passed.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "phantompool/common/result.h"
#include "phantompool/crypto/rng.h"
#include "phantompool/crypto/threshold/dealing.h"
#include "phantompool/crypto/threshold/dkg_config.h"
#include "phantompool/crypto/threshold/dkg_messages.h"
#include "phantompool/crypto/threshold/key_share.h"
#include "phantompool/crypto/threshold/participant_key.h"
#include "phantompool/crypto/threshold/public_key_set.h"

namespace phantompool::crypto::threshold {

namespace internal {
struct DkgState;
}  // namespace internal

// A delivered message that this participant did not accept.
struct Rejection {
  std::string message;  // which input: "dealings[3]", "complaints[0]", ...
  uint32_t sender = 0;  // the index it claims to come from (0 if it did not parse that far)
  Status reason;
};

// A dealer left out of QUAL, and why ("no valid dealing", "equivocated", "complaint by 2
// upheld: no answer", ...).
struct Disqualification {
  uint32_t dealer = 0;
  Status reason;
};

// Two different dealings, both validly signed by one dealer: proof of equivocation that
// anyone holding the roster can check.
struct EquivocationEvidence {
  DealingMessage first;
  DealingMessage second;
};

class DkgRound1;
class DkgRound2;
class DkgRound3;
class DkgRound4;
class DkgResult;

class DkgParticipant {
 public:
  // Participant `index` (1..n) with its identity `key` (the roster's key for it, else
  // InvalidArgument) draws its polynomial from `rng` and makes its dealing. The key is
  // copied into the run's state, which wipes it at the end.
  static Result<DkgRound1> Start(const DkgConfig& config, uint32_t index, const ParticipantKey& key,
                                 Rng& rng);
};

class DkgRound1 {
 public:
  DkgRound1(DkgRound1&&) noexcept;
  DkgRound1& operator=(DkgRound1&&) noexcept;
  ~DkgRound1();

  const DealingMessage& dealing() const;
  // Verifies every dealing; a dealer with two different signed dealings is disqualified
  // (evidence kept); for each other dealer, opens and checks the share sealed to this
  // participant and complains if it does not open or match the commitments.
  Result<DkgRound2> ReceiveDealings(std::span<const DealingMessage> dealings) &&;

 private:
  friend class DkgParticipant;
  explicit DkgRound1(std::unique_ptr<internal::DkgState> state);
  std::unique_ptr<internal::DkgState> state_;
};

class DkgRound2 {
 public:
  DkgRound2(DkgRound2&&) noexcept;
  DkgRound2& operator=(DkgRound2&&) noexcept;
  ~DkgRound2();

  // This participant's complaints, to publish (empty when every share checked out).
  std::span<const ComplaintMessage> complaints() const;
  std::span<const Rejection> rejected() const;
  std::span<const EquivocationEvidence> equivocations() const;
  // Records every valid complaint against a dealer still in the running; this
  // participant answers those against itself.
  Result<DkgRound3> ReceiveComplaints(std::span<const ComplaintMessage> complaints) &&;

 private:
  friend class DkgRound1;
  explicit DkgRound2(std::unique_ptr<internal::DkgState> state);
  std::unique_ptr<internal::DkgState> state_;
};

class DkgRound3 {
 public:
  DkgRound3(DkgRound3&&) noexcept;
  DkgRound3& operator=(DkgRound3&&) noexcept;
  ~DkgRound3();

  // Answers to the complaints against this participant, to publish.
  std::span<const ComplaintAnswer> answers() const;
  std::span<const Rejection> rejected() const;
  // Settles every complaint: a revealed share that matches the commitments rejects it,
  // anything else disqualifies the dealer. Then computes QUAL, this participant's share,
  // PK, every VK and the transcript hash, and signs the key set's fingerprint.
  Result<DkgRound4> ReceiveAnswers(std::span<const ComplaintAnswer> answers) &&;

 private:
  friend class DkgRound2;
  explicit DkgRound3(std::unique_ptr<internal::DkgState> state);
  std::unique_ptr<internal::DkgState> state_;
};

class DkgRound4 {
 public:
  DkgRound4(DkgRound4&&) noexcept;
  DkgRound4& operator=(DkgRound4&&) noexcept;
  ~DkgRound4();

  // This participant's signature over its key set's fingerprint, to publish.
  const ConfirmationMessage& confirmation() const;
  std::span<const Rejection> rejected() const;
  std::span<const Disqualification> disqualified() const;
  // The result as this participant sees it; not final until confirmed.
  const PublicKeySet& tentative_keys() const;
  // Final iff every qualified participant signed the fingerprint of this participant's
  // key set.
  // FailedPrecondition naming who is missing or signed another key set otherwise.
  Result<DkgResult> ReceiveConfirmations(std::span<const ConfirmationMessage> confirmations) &&;

 private:
  friend class DkgRound3;
  explicit DkgRound4(std::unique_ptr<internal::DkgState> state);
  std::unique_ptr<internal::DkgState> state_;
};

// A final DKG result: every qualified participant signed its key set.
class DkgResult {
 public:
  const KeyShare& key_share() const { return key_share_; }
  const PublicKeySet& public_keys() const { return public_keys_; }
  // One per qualified participant, by index: with the roster, anyone can check that the
  // key set is final (VerifyDkgConfirmations).
  std::span<const ConfirmationMessage> confirmations() const { return confirmations_; }
  std::span<const Disqualification> disqualified() const { return disqualified_; }
  std::span<const Rejection> rejected() const { return rejected_; }

 private:
  friend class DkgRound4;
  DkgResult(KeyShare share, PublicKeySet keys, std::vector<ConfirmationMessage> confirmations,
            std::vector<Disqualification> disqualified, std::vector<Rejection> rejected)
      : key_share_(std::move(share)),
        public_keys_(std::move(keys)),
        confirmations_(std::move(confirmations)),
        disqualified_(std::move(disqualified)),
        rejected_(std::move(rejected)) {}

  KeyShare key_share_;
  PublicKeySet public_keys_;
  std::vector<ConfirmationMessage> confirmations_;
  std::vector<Disqualification> disqualified_;
  std::vector<Rejection> rejected_;
};

// For an auditor: the public key set that a run with exactly these qualified dealings
// produces (PK = Σ C_i0, VK_j = Σ_i Σ_k j^k·C_ik, the transcript hash), recomputed from the
// public transcript alone. Each dealing must verify for this run, one per dealer;
// InvalidArgument ("dealings[k]") otherwise or with fewer than t of them.
Result<PublicKeySet> PublicKeysFromDealings(const DkgConfig& config,
                                            std::span<const DealingMessage> qualified);

// For the coordinator or an auditor: the key set is final for this run — it has at least
// finality_quorum() qualified dealers, and every one of them signed its fingerprint.
Status VerifyDkgConfirmations(const DkgConfig& config, const PublicKeySet& keys,
                              std::span<const ConfirmationMessage> confirmations);

}  // namespace phantompool::crypto::threshold
