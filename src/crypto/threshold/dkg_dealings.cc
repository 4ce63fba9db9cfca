// DKG start and round 1: deal, then receive everyone's dealings and check this
// participant's shares.
#include <map>
#include <string>

#include "dkg_state.h"
#include "phantompool/common/check.h"
#include "phantompool/crypto/threshold/dkg.h"
#include "wire.h"

namespace phantompool::crypto::threshold {

using internal::DkgState;

Result<DkgRound1> DkgParticipant::Start(const DkgConfig& config, uint32_t index,
                                        const ParticipantKey& key, Rng& rng) {
  PP_RETURN_IF_ERROR(wire::CheckIndex(config.params(), index, "index"));
  if (!(key.public_key() == config.participant(index))) {
    return Status::InvalidArgument(
        "key", "is not the roster's key of participant " + std::to_string(index));
  }
  // The run keeps its own copy of the identity key, wiped when the run ends.
  PP_ASSIGN_OR_RETURN(ParticipantKey own_key, ParticipantKey::FromSeed(key.ExposeSeed(), "key"));
  SecretPolynomial polynomial = SecretPolynomial::Random(config.threshold(), rng);
  DealingMessage dealing = DealingMessage::Create(config, index, own_key, polynomial, rng);
  return DkgRound1(std::make_unique<DkgState>(config, index, std::move(own_key),
                                              std::move(polynomial), std::move(dealing)));
}

DkgRound1::DkgRound1(std::unique_ptr<DkgState> state) : state_(std::move(state)) {}
DkgRound1::DkgRound1(DkgRound1&&) noexcept = default;
DkgRound1& DkgRound1::operator=(DkgRound1&&) noexcept = default;
DkgRound1::~DkgRound1() = default;

const DealingMessage& DkgRound1::dealing() const {
  PP_CHECK(state_ != nullptr);  // not consumed by its Receive
  return state_->own_dealing;
}

Result<DkgRound2> DkgRound1::ReceiveDealings(std::span<const DealingMessage> dealings) && {
  PP_CHECK(state_ != nullptr);  // a consumed round cannot be run again
  std::unique_ptr<DkgState> state = std::move(state_);
  DkgState& s = *state;
  s.BeginReceive();
  const DkgConfig& config = s.config;

  // Every validly signed dealing, by dealer; one's own comes first whether or not the relay
  // echoes it back.
  std::map<uint32_t, std::vector<const DealingMessage*>> valid;
  valid[s.self].push_back(&s.own_dealing);
  for (size_t k = 0; k < dealings.size(); ++k) {
    const DealingMessage& d = dealings[k];
    const std::string name = wire::Indexed("dealings", k);
    if (Status st = d.Verify(config); !st.ok()) {
      s.Reject(name, d.dealer(), st);
      continue;
    }
    auto& list = valid[d.dealer()];
    bool seen = false;
    for (const DealingMessage* other : list) seen |= other->BodyDigest() == d.BodyDigest();
    if (seen) {
      const bool own_echo = d.dealer() == s.self;
      if (!own_echo) {
        s.Reject(name, d.dealer(),
                 Status::AlreadyExists(name,
                                       "duplicate of a dealing already received from "
                                       "participant " +
                                           std::to_string(d.dealer())));
      }
      continue;
    }
    list.push_back(&d);
  }

  for (uint32_t dealer = 1; dealer <= config.participants(); ++dealer) {
    auto it = valid.find(dealer);
    if (it == valid.end()) {
      s.Disqualify(dealer, Status::FailedPrecondition("dealings", "no valid dealing received"));
      continue;
    }
    if (it->second.size() > 1) {
      // Two different bodies signed by one dealer: it told different participants
      // different things. The pair is evidence anyone with the roster can check.
      s.equivocations.push_back({*it->second[0], *it->second[1]});
      s.Disqualify(dealer,
                   Status::VerificationFailed("dealings", "equivocated: signed " +
                                                              std::to_string(it->second.size()) +
                                                              " different dealings"));
      continue;
    }
    s.dealings.emplace(dealer, *it->second[0]);
  }

  for (const auto& [dealer, dealing] : s.dealings) {
    if (dealer == s.self) {
      s.shares.emplace(dealer, s.polynomial.Evaluate(s.self));
      continue;
    }
    std::optional<SecretScalar> share = dealing.OpenShare(config, s.self, s.key);
    if (!share) {
      s.own_complaints.push_back(ComplaintMessage::Create(config, s.key, s.self, dealer,
                                                          ComplaintReason::kShareDoesNotOpen));
    } else if (!ShareMatchesCommitments(*share, dealing.commitments(), s.self)) {
      s.own_complaints.push_back(ComplaintMessage::Create(
          config, s.key, s.self, dealer, ComplaintReason::kShareDoesNotMatchCommitments));
    } else {
      s.shares.emplace(dealer, std::move(*share));
    }
  }

  const uint32_t quorum = config.params().finality_quorum();
  if (s.dealings.size() < quorum) {
    return Status::FailedPrecondition(
        "dealings", "only " + std::to_string(s.dealings.size()) +
                        " dealers have a valid dealing; the run needs " + std::to_string(quorum) +
                        " qualified dealers to finish");
  }
  return DkgRound2(std::move(state));
}

DkgRound2::DkgRound2(std::unique_ptr<DkgState> state) : state_(std::move(state)) {}
DkgRound2::DkgRound2(DkgRound2&&) noexcept = default;
DkgRound2& DkgRound2::operator=(DkgRound2&&) noexcept = default;
DkgRound2::~DkgRound2() = default;

std::span<const ComplaintMessage> DkgRound2::complaints() const {
  PP_CHECK(state_ != nullptr);  // not consumed by its Receive
  return state_->own_complaints;
}
std::span<const Rejection> DkgRound2::rejected() const {
  PP_CHECK(state_ != nullptr);  // not consumed by its Receive
  return state_->rejected;
}
std::span<const EquivocationEvidence> DkgRound2::equivocations() const {
  PP_CHECK(state_ != nullptr);  // not consumed by its Receive
  return state_->equivocations;
}

}  // namespace phantompool::crypto::threshold
