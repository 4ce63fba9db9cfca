// DKG rounds 2 and 3: collect complaints, answer those against oneself, and settle them.
#include <string>

#include "dkg_state.h"
#include "phantompool/common/check.h"
#include "phantompool/crypto/threshold/dkg.h"
#include "wire.h"

namespace phantompool::crypto::threshold {

using internal::DkgState;

namespace internal {
// Computes QUAL, the key share, PK, the VKs and the transcript hash, and signs the key set
// (dkg_result.cc).
Status FinishRound3(DkgState& s);
}  // namespace internal

Result<DkgRound3> DkgRound2::ReceiveComplaints(std::span<const ComplaintMessage> complaints) && {
  PP_CHECK(state_ != nullptr);
  std::unique_ptr<DkgState> state = std::move(state_);
  DkgState& s = *state;
  s.BeginReceive();
  for (const ComplaintMessage& c : s.own_complaints)
    s.complaints.emplace(std::pair(c.dealer(), s.self), c);

  for (size_t k = 0; k < complaints.size(); ++k) {
    const ComplaintMessage& c = complaints[k];
    const std::string name = wire::Indexed("complaints", k);
    if (Status st = c.Verify(s.config); !st.ok()) {
      s.Reject(name, c.accuser(), st);
      continue;
    }
    const auto key = std::pair(c.dealer(), c.accuser());
    if (auto it = s.complaints.find(key); it != s.complaints.end()) {
      const bool own_echo = c.accuser() == s.self && it->second.Serialize() == c.Serialize();
      if (!own_echo) {
        s.Reject(name, c.accuser(),
                 Status::AlreadyExists(name, "participant " + std::to_string(c.accuser()) +
                                                 " already complained about participant " +
                                                 std::to_string(c.dealer())));
      }
      continue;
    }
    if (!s.IsCandidate(c.dealer())) {
      s.Reject(name, c.accuser(),
               Status::FailedPrecondition(name, "participant " + std::to_string(c.dealer()) +
                                                    " is already out of the running"));
      continue;
    }
    s.complaints.emplace(key, c);
  }

  // Answer every complaint against this participant by revealing the accuser's share. An
  // honest dealer's revealed share always matches its commitments, so a false complaint
  // costs it nothing but the publication of a share the accuser already had.
  for (const auto& [key, complaint] : s.complaints) {
    if (key.first != s.self) continue;
    s.own_answers.push_back(ComplaintAnswer::Create(s.config, s.key, s.self, key.second,
                                                    s.polynomial.Evaluate(key.second)));
  }
  return DkgRound3(std::move(state));
}

DkgRound3::DkgRound3(std::unique_ptr<DkgState> state) : state_(std::move(state)) {}
DkgRound3::DkgRound3(DkgRound3&&) noexcept = default;
DkgRound3& DkgRound3::operator=(DkgRound3&&) noexcept = default;
DkgRound3::~DkgRound3() = default;

std::span<const ComplaintAnswer> DkgRound3::answers() const {
  PP_CHECK(state_ != nullptr);  // not consumed by its Receive
  return state_->own_answers;
}
std::span<const Rejection> DkgRound3::rejected() const {
  PP_CHECK(state_ != nullptr);  // not consumed by its Receive
  return state_->rejected;
}

Result<DkgRound4> DkgRound3::ReceiveAnswers(std::span<const ComplaintAnswer> answers) && {
  PP_CHECK(state_ != nullptr);
  std::unique_ptr<DkgState> state = std::move(state_);
  DkgState& s = *state;
  s.BeginReceive();

  std::map<std::pair<uint32_t, uint32_t>, ComplaintAnswer> received;
  for (const ComplaintAnswer& a : s.own_answers)
    received.emplace(std::pair(s.self, a.accuser()), a);
  for (size_t k = 0; k < answers.size(); ++k) {
    const ComplaintAnswer& a = answers[k];
    const std::string name = wire::Indexed("answers", k);
    if (Status st = a.Verify(s.config); !st.ok()) {
      s.Reject(name, a.dealer(), st);
      continue;
    }
    const auto key = std::pair(a.dealer(), a.accuser());
    if (s.complaints.count(key) == 0) {
      s.Reject(name, a.dealer(),
               Status::FailedPrecondition(name, "answers no complaint this participant received"));
      continue;
    }
    if (auto it = received.find(key); it != received.end()) {
      if (it->second.Serialize() == a.Serialize()) {
        if (a.dealer() != s.self) {
          s.Reject(name, a.dealer(), Status::AlreadyExists(name, "duplicate answer"));
        }
      } else if (!(it->second.revealed_share() == a.revealed_share())) {
        // Two signed answers revealing different shares: the dealer equivocated.
        s.Disqualify(a.dealer(), Status::VerificationFailed(name,
                                                            "revealed two different shares for "
                                                            "participant " +
                                                                std::to_string(a.accuser())));
      }
      continue;
    }
    received.emplace(key, a);
  }

  for (const auto& [key, complaint] : s.complaints) {
    const auto [dealer, accuser] = key;
    if (!s.IsCandidate(dealer)) continue;
    auto it = received.find(key);
    if (it == received.end()) {
      s.Disqualify(dealer, Status::FailedPrecondition(
                               "complaints", "complaint by participant " + std::to_string(accuser) +
                                                 " upheld: the dealer did not answer it"));
      continue;
    }
    // The revealed share is public: checking it needs no care for timing.
    const Scalar& revealed = it->second.revealed_share();
    const Point expected = EvaluateCommitmentsVartime(s.dealings.at(dealer).commitments(), accuser);
    if (!(Point::MulBase(revealed) == expected)) {
      s.Disqualify(dealer, Status::VerificationFailed(
                               "answers", "complaint by participant " + std::to_string(accuser) +
                                              " upheld: the revealed share does not match the "
                                              "commitments"));
      continue;
    }
    // The complaint is rejected; the accuser takes the revealed share as its own.
    if (accuser == s.self) s.shares.insert_or_assign(dealer, SecretScalar(revealed));
  }

  PP_RETURN_IF_ERROR(internal::FinishRound3(s));
  return DkgRound4(std::move(state));
}

}  // namespace phantompool::crypto::threshold
