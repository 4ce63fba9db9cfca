#include "phantompool/executor/dkg_runner.h"

#include <future>
#include <map>

#include "phantompool/crypto/threshold/dkg_messages.h"
#include "phantompool/executor/dkg_relay.h"

namespace phantompool::executor {
namespace {

namespace th = crypto::threshold;

// What the operator reads of a round's complaints and answers (each one signed by its
// sender and checked by every executor; the relay only reports them). Nothing for the
// other rounds, or for a message the executors will reject themselves.
std::optional<std::string> Describe(std::string_view step, std::span<const uint8_t> message) {
  if (step == "dealings") {
    auto c = th::ComplaintMessage::Parse(message);
    if (!c.ok()) return std::nullopt;
    return "executor " + std::to_string(c->accuser()) + " complains about dealer " +
           std::to_string(c->dealer()) + ": " +
           (c->reason() == th::ComplaintReason::kShareDoesNotOpen
                ? "its share does not open"
                : "its share does not match its commitments");
  }
  if (step == "complaints") {
    auto a = th::ComplaintAnswer::Parse(message);
    if (!a.ok()) return std::nullopt;
    return "dealer " + std::to_string(a->dealer()) + " answers executor " +
           std::to_string(a->accuser()) + "'s complaint by revealing the share";
  }
  return std::nullopt;
}

}  // namespace

Result<DkgRunResult> RunDkg(Transport& transport, const Roster& roster,
                            const crypto::threshold::ParticipantKey& coordinator,
                            const DkgRunOptions& options) {
  auto say = [&](const std::string& line) {
    if (options.progress) options.progress(line);
  };
  std::vector<uint32_t> live;
  for (const auto& e : roster.executors()) live.push_back(e.index);
  std::vector<uint32_t> finished;
  std::vector<std::string> dropped;
  std::vector<std::vector<uint8_t>> broadcast;  // the previous round's messages, for everyone
  std::map<uint32_t, std::vector<uint8_t>> final_sets;
  for (std::string_view step : kDkgSteps) {
    DkgRelayRequest req;
    req.key_epoch = options.key_epoch;
    req.force = options.force;
    req.session_id = options.session_id;
    req.messages = broadcast;
    const std::vector<uint8_t> body = req.Serialize(step, coordinator);
    std::map<uint32_t, std::future<Result<std::vector<uint8_t>>>> pending;
    for (uint32_t index : live) {
      pending[index] = std::async(std::launch::async, [&, index] {
        return transport.DkgStep(index, step, body, options.round_deadline);
      });
    }
    std::vector<uint32_t> still;
    std::vector<std::vector<uint8_t>> next;
    for (auto& [index, f] : pending) {
      auto answer = f.get();
      if (answer.ok()) {
        auto messages = ParseMessageList(*answer, "dkg_response");
        if (messages.ok()) {
          still.push_back(index);
          if (step == "confirmations") {
            if (messages->size() == 1) final_sets[index] = (*messages)[0];
          } else {
            for (auto& m : *messages) {
              if (auto line = Describe(step, m)) say("dkg: " + *line);
              next.push_back(std::move(m));
            }
          }
          continue;
        }
        answer = messages.status();
      }
      dropped.push_back("executor " + std::to_string(index) + " at " + std::string(step) + ": " +
                        answer.status().ToString());
      say("dkg: executor " + std::to_string(index) + " dropped at " + std::string(step) + ": " +
          answer.status().ToString());
    }
    live = std::move(still);
    broadcast = std::move(next);
    say("dkg: " + std::string(step) + " done, " + std::to_string(live.size()) + " executors, " +
        std::to_string(broadcast.size()) + " messages");
    if (live.size() < roster.threshold()) {
      return Status::Unavailable(
          "dkg", "only " + std::to_string(live.size()) + " executors are still in the run after " +
                     std::string(step) + "; " + std::to_string(roster.threshold()) + " are needed");
    }
  }
  // Every executor that finished must hold the same key set.
  std::optional<crypto::threshold::PublicKeySet> agreed;
  for (const auto& [index, bytes] : final_sets) {
    auto keys = crypto::threshold::PublicKeySet::Parse(bytes);
    if (!keys.ok()) return keys.status().WithFieldPrefix("executor " + std::to_string(index));
    if (agreed && !(*agreed == *keys)) {
      return Status::Corruption("dkg", "executors finished with different key sets");
    }
    agreed = std::move(keys).value();
    finished.push_back(index);
  }
  if (!agreed) return Status::Unavailable("dkg", "no executor finished the run");
  std::vector<uint32_t> disqualified;
  for (const auto& e : roster.executors()) {
    if ((agreed->qualified_mask() >> (e.index - 1) & 1) == 0) {
      disqualified.push_back(e.index);
      say("dkg: dealer " + std::to_string(e.index) +
          " disqualified: its polynomial is not part of the joint key");
    }
  }
  return DkgRunResult{std::move(*agreed), std::move(finished), std::move(dropped),
                      std::move(disqualified)};
}

}  // namespace phantompool::executor
