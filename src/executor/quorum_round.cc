#include "phantompool/executor/quorum_round.h"

#include <chrono>
#include <deque>
#include <future>
#include <map>
#include <thread>

#include "phantompool/auction/session_draw.h"
#include "phantompool/common/slices.h"
#include "phantompool/crypto/threshold/decryption_share.h"

namespace phantompool::executor {
namespace {

namespace th = crypto::threshold;

// An executor's response checked: its signature, session, digest, decryption shares and
// VRF share. Fills v.valid / v.reason / v.parsed.
void CheckResponse(const Roster& roster, const th::PublicKeySet& keys, uint32_t index,
                   const DecryptRequest& req, const Bytes32& digest, const Bytes32& seed,
                   std::span<const crypto::Point> R, ExecutorVerdict& v) {
  auto parsed = DecryptResponse::Parse(v.response, roster.executor(index).public_key);
  if (!parsed.ok()) {
    v.reason = "malformed or unsigned response: " + parsed.status().ToString();
    return;
  }
  if (parsed->index != index || parsed->session_id != req.session_id) {
    v.reason = "answers for another executor or session";
    return;
  }
  if (parsed->batch_digest != digest) {
    v.reason = "computed another batch digest";
    return;
  }
  if (parsed->shares.has_value() != !R.empty()) {
    v.reason = "decryption shares missing or unexpected";
    return;
  }
  if (parsed->shares) {
    const Status s = th::VerifyDecryptionShares(seed, keys, index, R, *parsed->shares);
    if (!s.ok()) {
      v.reason = "decryption shares do not verify: " + s.ToString();
      return;
    }
  }
  const Status vs = th::VerifyVrfShare(keys, seed, *parsed->vrf_share);
  if (!vs.ok()) {
    v.reason = "VRF share does not verify: " + vs.ToString();
    return;
  }
  v.valid = true;
  v.parsed = std::move(parsed).value();
}

// One executor asked and its answer checked (runs on its own thread: checking the shares
// of a large batch is real work, and the others' answers are checked meanwhile).
ExecutorVerdict AskAndCheck(Transport& transport, const Roster& roster,
                            const th::PublicKeySet& keys, uint32_t index,
                            const std::vector<uint8_t>& request, const DecryptRequest& req,
                            const Bytes32& digest, const Bytes32& seed,
                            std::span<const crypto::Point> R, std::chrono::milliseconds deadline) {
  ExecutorVerdict v;
  v.index = index;
  v.asked = true;
  const auto start = std::chrono::steady_clock::now();
  auto answer = transport.Decrypt(index, request, deadline);
  v.latency_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                     std::chrono::steady_clock::now() - start)
                     .count();
  if (!answer.ok()) {
    const bool down = answer.status().code() == StatusCode::kUnavailable;
    v.reason = std::string(down ? "unavailable: " : "refused: ") + answer.status().ToString();
    return v;
  }
  v.response = std::move(answer).value();
  CheckResponse(roster, keys, index, req, digest, seed, R, v);
  return v;
}

// Every order opened and checked, the batch cut into one slice per core: each order's
// result depends on that order alone (order_open.h), so the slices are independent; each
// slice still checks its commitments in one multi-scalar multiplication.
std::vector<Result<order::OpenedOrder>> OpenInParallel(
    std::span<const order::EncryptedOrder* const> orders, const order::PairSpec& pair,
    std::span<const crypto::Point> K, const crypto::Point& joint) {
  auto parts = MapSlices(orders.size(), 1024, [&](size_t begin, size_t end) {
    return order::OpenEncryptedOrders(orders.subspan(begin, end - begin), pair,
                                      K.subspan(begin, end - begin), joint);
  });
  std::vector<Result<order::OpenedOrder>> out;
  out.reserve(orders.size());
  for (auto& part : parts) {
    for (auto& r : part) out.push_back(std::move(r));
  }
  return out;
}

}  // namespace

Result<QuorumRound> GatherQuorumRound(Transport& transport, const Roster& roster,
                                      const th::PublicKeySet& keys,
                                      const th::ParticipantKey& coordinator,
                                      const DecryptRequest& request, const Bytes32& previous_output,
                                      std::span<const order::EncryptedOrder* const> orders,
                                      const order::PairSpec& pair,
                                      const QuorumRoundOptions& options) {
  QuorumRound round;
  round.batch_digest = request.BatchDigest();
  round.seed =
      auction::VrfSeed(request.pair, request.session_number, previous_output, round.batch_digest);
  std::vector<crypto::Point> R;
  for (const auto& item : request.batch) {
    if (item.kem) R.push_back(item.kem->R());
  }
  if (R.size() != orders.size()) {
    return Status::InvalidArgument("orders", "one order per item to decrypt");
  }
  const std::vector<uint8_t> bytes = request.Serialize(coordinator);
  round.verdicts.resize(roster.participants());
  for (uint32_t i = 1; i <= roster.participants(); ++i) round.verdicts[i - 1].index = i;
  const uint32_t t = keys.threshold();
  // Earlier valid responses first: their executors are not asked again.
  for (const auto& [index, response] : options.earlier) {
    if (index == 0 || index > roster.participants()) {
      return Status::InvalidArgument("options.earlier", "names no executor of the roster");
    }
    ExecutorVerdict& v = round.verdicts[index - 1];
    v.response = response;
    CheckResponse(roster, keys, index, request, round.batch_digest, round.seed, R, v);
    if (v.valid && round.quorum.size() < t) round.quorum.push_back(index);
  }
  std::deque<uint32_t> queue;
  for (uint32_t index : options.preference) {
    if (!options.earlier.count(index) &&
        std::find(queue.begin(), queue.end(), index) == queue.end()) {
      queue.push_back(index);
    }
  }
  for (const auto& e : roster.executors()) {
    if (!options.earlier.count(e.index) &&
        std::find(queue.begin(), queue.end(), e.index) == queue.end()) {
      queue.push_back(e.index);
    }
  }
  std::map<uint32_t, std::future<ExecutorVerdict>> running;
  auto launch = [&] {
    const uint32_t index = queue.front();
    queue.pop_front();
    running[index] = std::async(std::launch::async, [&, index] {
      return AskAndCheck(transport, roster, keys, index, bytes, request, round.batch_digest,
                         round.seed, R, options.deadline);
    });
  };
  while (round.quorum.size() + running.size() < t && !queue.empty()) launch();
  while (!running.empty() && round.quorum.size() < t) {
    for (auto it = running.begin(); it != running.end();) {
      if (it->second.wait_for(std::chrono::milliseconds(2)) != std::future_status::ready) {
        ++it;
        continue;
      }
      ExecutorVerdict v = it->second.get();
      const uint32_t index = v.index;
      it = running.erase(it);
      if (v.valid && round.quorum.size() < t) round.quorum.push_back(index);
      const bool failed = !v.valid;
      round.verdicts[index - 1] = std::move(v);
      // A failure: turn to the next executor at once.
      if (failed && !queue.empty() && round.quorum.size() + running.size() < t) launch();
    }
  }
  // Answers still on their way are not waited for (their executors get no verdict).
  for (auto& [index, f] : running) f.wait();
  if (round.quorum.size() < t) {
    std::string why;
    for (const auto& v : round.verdicts) {
      if ((v.asked || !v.response.empty()) && !v.valid) {
        why += "; executor " + std::to_string(v.index) + " " + v.reason;
      }
    }
    round.shortfall = std::to_string(round.quorum.size()) + " of the " + std::to_string(t) +
                      " valid responses needed" + why;
    return round;
  }
  round.complete = true;
  std::vector<th::DecryptionShares> shares;
  for (uint32_t index : round.quorum) {
    const auto& p = *round.verdicts[index - 1].parsed;
    if (p.shares) shares.push_back(*p.shares);
    round.vrf_shares.push_back(*p.vrf_share);
  }
  if (!R.empty()) {
    PP_ASSIGN_OR_RETURN(round.shared_points, th::CombineShares(keys, shares));
    round.opened = OpenInParallel(orders, pair, round.shared_points, keys.public_key());
  }
  PP_ASSIGN_OR_RETURN(round.vrf, th::VerifyVrf(keys, round.seed, round.vrf_shares));
  return round;
}

Result<QuorumRound> RunQuorumRound(Transport& transport, const Roster& roster,
                                   const th::PublicKeySet& keys,
                                   const th::ParticipantKey& coordinator,
                                   const DecryptRequest& request, const Bytes32& previous_output,
                                   std::span<const order::EncryptedOrder* const> orders,
                                   const order::PairSpec& pair, const QuorumRoundOptions& options) {
  PP_ASSIGN_OR_RETURN(QuorumRound round,
                      GatherQuorumRound(transport, roster, keys, coordinator, request,
                                        previous_output, orders, pair, options));
  if (!round.complete) return Status::Unavailable("executors", round.shortfall);
  return round;
}

}  // namespace phantompool::executor
