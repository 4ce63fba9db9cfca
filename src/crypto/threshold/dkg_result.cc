// DKG rounds 3 (end) and 4: the result, its hash, and the confirmations that make it final.
#include <algorithm>
#include <bit>
#include <string>

#include "dkg_state.h"
#include "phantompool/common/check.h"
#include "phantompool/crypto/sigma_codec.h"
#include "phantompool/crypto/threshold/dkg.h"
#include "wire.h"

namespace phantompool::crypto::threshold {

using internal::DkgState;

namespace {

std::string JoinIndices(const std::vector<uint32_t>& indices) {
  std::string out;
  for (uint32_t i : indices) out += (out.empty() ? "" : ", ") + std::to_string(i);
  return out;
}

}  // namespace

namespace internal {

Result<PublicKeySet> PublicResult(const DkgConfig& config,
                                  std::span<const DealingMessage* const> qualified) {
  // A_k = Σ_{i ∈ QUAL} C_ik: the commitments of the joint polynomial. PK = A_0 and
  // VK_j = Σ_k j^k·A_k, computable by anyone from the public transcript.
  std::vector<Point> joint(config.threshold());
  uint32_t mask = 0;
  for (const DealingMessage* d : qualified) {
    mask |= uint32_t{1} << (d->dealer() - 1);
    for (size_t k = 0; k < joint.size(); ++k) joint[k] += d->commitments()[k];
  }
  std::vector<Point> vks;
  for (uint32_t j = 1; j <= config.participants(); ++j) {
    vks.push_back(EvaluateCommitmentsVartime(joint, j));
  }
  Transcript t(kDkgProtocol);
  t.AppendMessage("dom-sep", "phantompool/dkg/v1/result");
  t.AppendMessage("context", config.context_id());
  t.AppendU64("threshold", config.threshold());
  t.AppendU64("participants", config.participants());
  t.AppendU64("qualified", mask);
  for (const DealingMessage* d : qualified) {
    t.AppendU64("dealer", d->dealer());
    t.AppendMessage("dealing", d->BodyDigest());
    for (const Point& c : d->commitments()) t.AppendPoint("C", c);
  }
  t.AppendPoint("public_key", joint[0]);
  for (const Point& vk : vks) t.AppendPoint("VK", vk);
  TranscriptHash hash;
  t.ChallengeBytes("result-hash", hash);
  // An identity PK or VK would need a dealer to cancel honest commitments it cannot know:
  // refused rather than trusted.
  return PublicKeySet::Create(config.params(), mask, hash, joint[0], std::move(vks));
}

Status FinishRound3(DkgState& s) {
  const DkgConfig& config = s.config;
  for (const auto& [dealer, dealing] : s.dealings) {
    if (!s.IsDisqualified(dealer)) s.qualified.push_back(dealer);
  }
  const uint32_t quorum = config.params().finality_quorum();
  if (s.qualified.size() < quorum) {
    return Status::FailedPrecondition(
        "qualified", "only " + std::to_string(s.qualified.size()) + " dealers qualified (" +
                         JoinIndices(s.qualified) + "); the run needs " + std::to_string(quorum) +
                         " to be final");
  }

  // s_self = Σ_{i ∈ QUAL} f_i(self): every qualified dealer's share checked out or was
  // revealed (a dealer whose complaint was upheld is not qualified).
  std::vector<const SecretScalar*> mine;
  for (uint32_t dealer : s.qualified) {
    auto it = s.shares.find(dealer);
    PP_CHECK(it != s.shares.end());
    mine.push_back(&it->second);
  }
  SecretScalar share = SumShares(mine);

  std::vector<const DealingMessage*> dealings;
  for (uint32_t dealer : s.qualified) dealings.push_back(&s.dealings.at(dealer));
  PP_ASSIGN_OR_RETURN(PublicKeySet keys, PublicResult(config, dealings));
  // Every summand matched its dealer's commitments, so the sum matches VK_self.
  PP_CHECK(sigma::Published(Point::MulBase(share.ExposeSecret())) == keys.verification_key(s.self));
  PP_ASSIGN_OR_RETURN(
      KeyShare key_share,
      KeyShare::Create(config.params(), s.self, keys.transcript_hash(), std::move(share)));
  // The confirmation signs the fingerprint of the whole key set, which covers the
  // transcript hash: anyone holding the set can check it against the signatures.
  s.own_confirmation.emplace(
      ConfirmationMessage::Create(config, s.key, s.self, keys.Fingerprint()));
  s.keys.emplace(std::move(keys));
  s.key_share.emplace(std::move(key_share));
  return Status::Ok();
}

}  // namespace internal

DkgRound4::DkgRound4(std::unique_ptr<DkgState> state) : state_(std::move(state)) {}
DkgRound4::DkgRound4(DkgRound4&&) noexcept = default;
DkgRound4& DkgRound4::operator=(DkgRound4&&) noexcept = default;
DkgRound4::~DkgRound4() = default;

const ConfirmationMessage& DkgRound4::confirmation() const {
  PP_CHECK(state_ != nullptr);  // not consumed by its Receive
  return *state_->own_confirmation;
}
std::span<const Rejection> DkgRound4::rejected() const {
  PP_CHECK(state_ != nullptr);  // not consumed by its Receive
  return state_->rejected;
}
std::span<const Disqualification> DkgRound4::disqualified() const {
  PP_CHECK(state_ != nullptr);  // not consumed by its Receive
  return state_->disqualified;
}
const PublicKeySet& DkgRound4::tentative_keys() const {
  PP_CHECK(state_ != nullptr);  // not consumed by its Receive
  return *state_->keys;
}

Result<DkgResult> DkgRound4::ReceiveConfirmations(
    std::span<const ConfirmationMessage> confirmations) && {
  PP_CHECK(state_ != nullptr);
  std::unique_ptr<DkgState> state = std::move(state_);
  DkgState& s = *state;
  s.BeginReceive();
  const Digest mine = s.keys->Fingerprint();

  std::map<uint32_t, ConfirmationMessage> confirmed;
  confirmed.emplace(s.self, *s.own_confirmation);
  std::vector<uint32_t> dissent;
  for (size_t k = 0; k < confirmations.size(); ++k) {
    const ConfirmationMessage& c = confirmations[k];
    const std::string name = wire::Indexed("confirmations", k);
    if (Status st = c.Verify(s.config); !st.ok()) {
      s.Reject(name, c.signer(), st);
      continue;
    }
    if (c.result_hash() != mine) {
      // The relay did not show everyone the same messages (or the signer is dishonest).
      dissent.push_back(c.signer());
      s.Reject(name, c.signer(),
               Status::VerificationFailed(name, "participant " + std::to_string(c.signer()) +
                                                    " confirmed a different result"));
      continue;
    }
    if (confirmed.count(c.signer()) != 0) {
      if (c.signer() != s.self) {
        s.Reject(name, c.signer(), Status::AlreadyExists(name, "duplicate confirmation"));
      }
      continue;
    }
    confirmed.emplace(c.signer(), c);
  }

  std::vector<uint32_t> missing;
  std::vector<ConfirmationMessage> final_confirmations;
  for (uint32_t q : s.qualified) {
    auto it = confirmed.find(q);
    if (it == confirmed.end()) {
      missing.push_back(q);
    } else {
      final_confirmations.push_back(it->second);
    }
  }
  if (!missing.empty()) {
    std::string why =
        "not final: participant(s) " + JoinIndices(missing) + " did not confirm this result";
    if (!dissent.empty()) why += "; " + JoinIndices(dissent) + " confirmed a different one";
    return Status::FailedPrecondition("confirmations", why);
  }
  return DkgResult(std::move(*s.key_share), std::move(*s.keys), std::move(final_confirmations),
                   std::move(s.disqualified), std::move(s.all_rejected));
}

Result<PublicKeySet> PublicKeysFromDealings(const DkgConfig& config,
                                            std::span<const DealingMessage> qualified) {
  if (qualified.size() < config.threshold()) {
    return Status::InvalidArgument("dealings", "fewer qualified dealings than the threshold");
  }
  std::vector<const DealingMessage*> sorted;
  uint32_t seen = 0;
  for (size_t k = 0; k < qualified.size(); ++k) {
    const std::string name = wire::Indexed("dealings", k);
    if (Status st = qualified[k].Verify(config); !st.ok()) return st.WithFieldPrefix(name);
    const uint32_t bit = uint32_t{1} << (qualified[k].dealer() - 1);
    if (seen & bit) return Status::InvalidArgument(name, "a second dealing of the same dealer");
    seen |= bit;
    sorted.push_back(&qualified[k]);
  }
  std::sort(sorted.begin(), sorted.end(), [](const DealingMessage* a, const DealingMessage* b) {
    return a->dealer() < b->dealer();
  });
  return internal::PublicResult(config, sorted);
}

Status VerifyDkgConfirmations(const DkgConfig& config, const PublicKeySet& keys,
                              std::span<const ConfirmationMessage> confirmations) {
  if (!(keys.params() == config.params())) {
    return Status::InvalidArgument("public_key_set", "has other parameters than this run");
  }
  const uint32_t quorum = config.params().finality_quorum();
  if (static_cast<uint32_t>(std::popcount(keys.qualified_mask())) < quorum) {
    return Status::FailedPrecondition(
        "public_key_set.qualified",
        "fewer than " + std::to_string(quorum) + " qualified dealers: never final");
  }
  uint32_t signed_mask = 0;
  for (size_t k = 0; k < confirmations.size(); ++k) {
    const ConfirmationMessage& c = confirmations[k];
    const std::string name = wire::Indexed("confirmations", k);
    if (Status st = c.Verify(config); !st.ok()) return st.WithFieldPrefix(name);
    if (c.result_hash() != keys.Fingerprint()) {
      return Status::VerificationFailed(name, "confirms another result");
    }
    signed_mask |= uint32_t{1} << (c.signer() - 1);
  }
  for (uint32_t i = 1; i <= config.participants(); ++i) {
    if (keys.IsQualified(i) && (signed_mask & (uint32_t{1} << (i - 1))) == 0) {
      return Status::FailedPrecondition(
          "confirmations", "qualified participant " + std::to_string(i) + " did not confirm");
    }
  }
  return Status::Ok();
}

}  // namespace phantompool::crypto::threshold
