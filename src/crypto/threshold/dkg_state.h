// The state one DKG participant carries from round to round (internal). Each round object
// owns it through a unique_ptr and hands it on; it holds the participant's secrets (its
// identity key, its polynomial, the shares it received), all of which wipe themselves.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "phantompool/crypto/threshold/dkg.h"

namespace phantompool::crypto::threshold::internal {

struct DkgState {
  DkgState(DkgConfig c, uint32_t index, ParticipantKey k, SecretPolynomial p, DealingMessage d)
      : config(std::move(c)),
        self(index),
        key(std::move(k)),
        polynomial(std::move(p)),
        own_dealing(std::move(d)) {}

  DkgConfig config;
  uint32_t self;
  ParticipantKey key;
  SecretPolynomial polynomial;
  DealingMessage own_dealing;

  // Round 1: the one accepted dealing of every dealer still in the running, and the share
  // f_i(self) of each dealer whose share checked out (or, later, was revealed).
  std::map<uint32_t, DealingMessage> dealings;
  std::map<uint32_t, SecretScalar> shares;
  std::vector<ComplaintMessage> own_complaints;
  std::vector<EquivocationEvidence> equivocations;
  std::vector<Disqualification> disqualified;

  // Round 2: complaints by (dealer, accuser), and this participant's answers.
  std::map<std::pair<uint32_t, uint32_t>, ComplaintMessage> complaints;
  std::vector<ComplaintAnswer> own_answers;

  // Round 3: the tentative result.
  std::vector<uint32_t> qualified;
  std::optional<KeyShare> key_share;
  std::optional<PublicKeySet> keys;
  std::optional<ConfirmationMessage> own_confirmation;

  // Rejections of the latest Receive, and of all of them.
  std::vector<Rejection> rejected;
  std::vector<Rejection> all_rejected;

  void BeginReceive() { rejected.clear(); }
  void Reject(std::string message, uint32_t sender, Status reason) {
    rejected.push_back({message, sender, reason});
    all_rejected.push_back({std::move(message), sender, std::move(reason)});
  }
  bool IsDisqualified(uint32_t dealer) const {
    for (const auto& d : disqualified) {
      if (d.dealer == dealer) return true;
    }
    return false;
  }
  void Disqualify(uint32_t dealer, Status reason) {
    if (!IsDisqualified(dealer)) disqualified.push_back({dealer, std::move(reason)});
  }
  // Has an accepted dealing and has not been disqualified.
  bool IsCandidate(uint32_t dealer) const {
    return dealings.count(dealer) != 0 && !IsDisqualified(dealer);
  }
};

// The public result of a run with these qualified dealings (ascending by dealer, each
// verified): PK, every VK, and the hash every qualified participant signs — context, t, n,
// QUAL, each qualified dealing's body digest and commitments, PK and every VK.
Result<PublicKeySet> PublicResult(const DkgConfig& config,
                                  std::span<const DealingMessage* const> qualified);

}  // namespace phantompool::crypto::threshold::internal
