// The executor's side of the relayed DKG: one round per request, the run's state held in
// memory between requests (a restarted executor has lost the run, and the operator starts a
// new one with a new session id). At the end the key share is sealed to disk under the
// executor's passphrase, with the public key set beside it, before it is used.
#include <nlohmann/json.hpp>

#include "executor_state.h"
#include "phantompool/common/file_io.h"
#include "phantompool/common/hex.h"
#include "phantompool/executor/dkg_relay.h"
#include "phantompool/executor/sealed_file.h"

namespace phantompool::executor {
namespace {

namespace th = crypto::threshold;

template <typename Message>
Result<std::vector<Message>> ParseAll(const std::vector<std::vector<uint8_t>>& raw,
                                      std::string_view field) {
  std::vector<Message> out;
  for (size_t i = 0; i < raw.size(); ++i) {
    // A message that does not parse is dropped here; the DKG records what it rejects among
    // those that do (a relay cannot make a participant accept anything it would not).
    auto m = Message::Parse(raw[i]);
    if (m.ok()) out.push_back(std::move(m).value());
    (void)field;
  }
  return out;
}

template <typename Message>
std::vector<std::vector<uint8_t>> SerializeAll(std::span<const Message> messages) {
  std::vector<std::vector<uint8_t>> out;
  for (const auto& m : messages) out.emplace_back(m.Serialize().begin(), m.Serialize().end());
  return out;
}

Status OutOfOrder(std::string_view step) {
  return Status::FailedPrecondition(
      "dkg.step", "'" + std::string(step) + "' is not the next step of a DKG run here");
}

}  // namespace

Status ExecutorNode::State::Install(uint32_t epoch, const th::DkgResult& result) {
  // The key it replaces is retired first: its public set still checks the VRF shares of
  // the last session made under it. A crash between the two writes leaves the current set
  // in both files, which is harmless.
  std::vector<RetiredKeySet> retired;
  if (const auto current = Key()) {
    retired = current->retired;
    if (current->epoch != epoch) retired.push_back(RetiredKeySet{current->epoch, current->keys});
    PP_RETURN_IF_ERROR(SaveRetiredKeySets(options.paths, retired));
  }
  const crypto::SecretBytes secret = result.key_share().SerializeSecret();
  PP_RETURN_IF_ERROR(WriteSealedFile(options.paths.key_share(), kKeySharePurpose,
                                     secret.ExposeSecret(), passphrase, rng));
  nlohmann::ordered_json j;
  j["epoch"] = epoch;
  j["public_key_set"] = ToHex(result.public_keys().Serialize());
  nlohmann::ordered_json confirmations = nlohmann::ordered_json::array();
  for (const auto& c : result.confirmations()) confirmations.push_back(ToHex(c.Serialize()));
  j["confirmations"] = confirmations;
  PP_RETURN_IF_ERROR(WriteFileAtomically(options.paths.key_set(), j.dump(2) + "\n", 0644));
  PP_RETURN_IF_ERROR(log->RecordKeyInstalled(epoch, options.clock()));
  auto installed = std::make_shared<const InstalledKey>(
      InstalledKey{epoch, KeyShare::Parse(secret.ExposeSecret()).value(), result.public_keys(),
                   std::move(retired)});
  std::lock_guard<std::mutex> lock(key_mu);
  key = std::move(installed);
  return Status::Ok();
}

Result<std::vector<uint8_t>> ExecutorNode::State::Dkg(std::string_view step,
                                                      std::span<const uint8_t> bytes) {
  PP_ASSIGN_OR_RETURN(ParticipantPublicKey coordinator, Coordinator());
  PP_ASSIGN_OR_RETURN(DkgRelayRequest req, DkgRelayRequest::Parse(step, bytes, coordinator));
  if (step == "start") {
    if (const auto current = Key(); current && !req.force) {
      return Status::FailedPrecondition("dkg.force",
                                        "this executor already holds the key of epoch " +
                                            std::to_string(current->epoch) +
                                            ": a new DKG on a live pool is refused unless forced");
    }
    if (req.key_epoch == 0) return Status::InvalidArgument("dkg.key_epoch", "epochs count from 1");
    PP_ASSIGN_OR_RETURN(
        auto config, th::DkgConfig::Create({reinterpret_cast<const uint8_t*>(req.session_id.data()),
                                            req.session_id.size()},
                                           options.roster.threshold(), options.roster.Keys()));
    PP_ASSIGN_OR_RETURN(auto r1, th::DkgParticipant::Start(config, options.index, *identity, rng));
    dkg.emplace();
    dkg->epoch = req.key_epoch;
    dkg->session_id = req.session_id;
    dkg->config = std::move(config);
    std::vector<std::vector<uint8_t>> out = {r1.dealing().Serialize()};
    dkg->r1 = std::move(r1);
    return SerializeMessageList(out);
  }
  if (!dkg || req.key_epoch != dkg->epoch || req.session_id != dkg->session_id) {
    return OutOfOrder(step);
  }
  if (step == "dealings") {
    if (!dkg->r1) return OutOfOrder(step);
    PP_ASSIGN_OR_RETURN(auto dealings, ParseAll<th::DealingMessage>(req.messages, "dealings"));
    auto r2 = std::move(*dkg->r1).ReceiveDealings(dealings);
    dkg->r1.reset();
    if (!r2.ok()) {
      dkg.reset();
      return r2.status();
    }
    auto out = SerializeAll<th::ComplaintMessage>(r2->complaints());
    dkg->r2 = std::move(r2).value();
    return SerializeMessageList(out);
  }
  if (step == "complaints") {
    if (!dkg->r2) return OutOfOrder(step);
    PP_ASSIGN_OR_RETURN(auto complaints,
                        ParseAll<th::ComplaintMessage>(req.messages, "complaints"));
    auto r3 = std::move(*dkg->r2).ReceiveComplaints(complaints);
    dkg->r2.reset();
    if (!r3.ok()) {
      dkg.reset();
      return r3.status();
    }
    auto out = SerializeAll<th::ComplaintAnswer>(r3->answers());
    dkg->r3 = std::move(r3).value();
    return SerializeMessageList(out);
  }
  if (step == "answers") {
    if (!dkg->r3) return OutOfOrder(step);
    PP_ASSIGN_OR_RETURN(auto answers, ParseAll<th::ComplaintAnswer>(req.messages, "answers"));
    auto r4 = std::move(*dkg->r3).ReceiveAnswers(answers);
    dkg->r3.reset();
    if (!r4.ok()) {
      dkg.reset();
      return r4.status();
    }
    const auto& c = r4->confirmation().Serialize();
    std::vector<std::vector<uint8_t>> out = {std::vector<uint8_t>(c.begin(), c.end())};
    dkg->r4 = std::move(r4).value();
    return SerializeMessageList(out);
  }
  if (step == "confirmations") {
    if (!dkg->r4) return OutOfOrder(step);
    PP_ASSIGN_OR_RETURN(auto confirmations,
                        ParseAll<th::ConfirmationMessage>(req.messages, "confirmations"));
    auto result = std::move(*dkg->r4).ReceiveConfirmations(confirmations);
    const uint32_t epoch = dkg->epoch;
    dkg.reset();
    if (!result.ok()) return result.status();
    PP_RETURN_IF_ERROR(Install(epoch, *result));
    std::vector<std::vector<uint8_t>> out = {result->public_keys().Serialize()};
    return SerializeMessageList(out);
  }
  return Status::NotFound("dkg.step", "unknown step '" + std::string(step) + "'");
}

}  // namespace phantompool::executor
