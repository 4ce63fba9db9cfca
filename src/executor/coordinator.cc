#include "phantompool/executor/coordinator.h"

#include <algorithm>
#include <chrono>
#include <future>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>

#include "phantompool/auction/clear.h"
#include "phantompool/auction/session_draw.h"
#include "phantompool/auction/session_owners.h"
#include "phantompool/common/slices.h"
#include "phantompool/order/kem_statement.h"

namespace phantompool::executor {
namespace {

namespace th = crypto::threshold;
using store::Principal;

int64_t MsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                               start)
      .count();
}

Bytes32 ToBytes32(const store::Bytes& b) {
  Bytes32 out{};
  std::copy_n(b.begin(), std::min(b.size(), out.size()), out.begin());
  return out;
}

store::Bytes FromBytes32(const Bytes32& b) {
  return store::Bytes(b.begin(), b.end());
}

// The VRF shares a settled session combined, as stored in matching_sessions.vrf_proof: the
// concatenation of their serialisations (VrfShare::kSize bytes each).
store::Bytes SerializeVrfShares(std::span<const th::VrfShare> shares) {
  store::Bytes out;
  for (const th::VrfShare& s : shares) {
    const auto bytes = s.Serialize();
    out.insert(out.end(), bytes.begin(), bytes.end());
  }
  return out;
}

Result<std::vector<th::VrfShare>> ParseVrfShares(const store::Bytes& bytes) {
  if (bytes.empty() || bytes.size() % th::VrfShare::kSize != 0) {
    return Status::Corruption("matching_sessions.vrf_proof", "not a list of VRF shares");
  }
  std::vector<th::VrfShare> out;
  for (size_t at = 0; at < bytes.size(); at += th::VrfShare::kSize) {
    PP_ASSIGN_OR_RETURN(th::VrfShare s,
                        th::VrfShare::Parse(std::span(bytes).subspan(at, th::VrfShare::kSize)));
    out.push_back(s);
  }
  return out;
}

// `text` cut to at most `max` bytes on a UTF-8 character boundary (reasons carry executors'
// messages; the store bounds their length).
std::string Bounded(std::string text, size_t max) {
  if (text.size() <= max) return text;
  text.resize(max);
  while (!text.empty() && (static_cast<uint8_t>(text.back()) & 0xC0) == 0x80) text.pop_back();
  if (!text.empty() && static_cast<uint8_t>(text.back()) >= 0xC0) text.pop_back();
  return text;
}

// What the store's settlement will insist on, checked per order before the auction: an
// opening the pair cannot trade is excluded alone rather than failing the settlement.
Status CheckAgainstPair(const order::PairSpec& pair, order::OrderType type,
                        const order::OpenedOrder& o) {
  if (o.size < pair.min_order_size() || o.size > pair.max_order_size()) {
    return Status::VerificationFailed("opening.size", "outside the pair's order sizes");
  }
  if (o.min_fill > o.size) {
    return Status::VerificationFailed("opening.min_fill", "greater than the size");
  }
  if ((type == order::OrderType::kLimit) != o.price.has_value()) {
    return Status::VerificationFailed("opening.price",
                                      "required for limit orders, absent for market ones");
  }
  if (o.price && !pair.IsValidPrice(*o.price)) {
    return Status::VerificationFailed("opening.price", "not on the pair's price grid");
  }
  return Status::Ok();
}

struct BatchOrder {
  store::SessionOrder row;
  order::EncryptedOrder order;
  bool excluded = false;  // excluded earlier in this session
  bool carried = false;   // opened by an earlier session: no share is asked for it
  std::optional<store::OrderOpening> opening;  // known values (carried, or opened before)
};

}  // namespace

class Coordinator::Impl {
 public:
  Impl(store::Store& store, Transport& transport, CoordinatorConfig config)
      : store_(store), transport_(transport), config_(std::move(config)) {}

  Result<std::optional<SessionReport>> RunSession(int64_t pair_id);
  Status CheckExecutors();
  const CoordinatorConfig& config() const { return config_; }

 private:
  // executor_nodes.id by roster index, and the indices healthiest first.
  Result<std::map<uint32_t, int64_t>> ExecutorIds(std::vector<uint32_t>* preference);
  Result<order::PairSpec> Pair(int64_t pair_id);

  store::Store& store_;
  Transport& transport_;
  CoordinatorConfig config_;
  // One call at a time: a Transport takes no concurrent calls to one executor.
  std::mutex mu_;
};

Result<order::PairSpec> Coordinator::Impl::Pair(int64_t pair_id) {
  PP_ASSIGN_OR_RETURN(auto pairs, store_.ListPairs(Principal::Service()));
  for (const store::TradingPair& p : pairs) {
    if (p.id == pair_id) {
      if (!p.is_active) return Status::FailedPrecondition("trading_pairs.is_active", "inactive");
      return p.spec;
    }
  }
  return Status::NotFound("trading_pairs.id", "no pair " + std::to_string(pair_id));
}

// executor_nodes.id of every executor of the roster, which must hold the current epoch's
// verification keys: a store that names other keys is another pool.
Result<std::map<uint32_t, int64_t>> Coordinator::Impl::ExecutorIds(
    std::vector<uint32_t>* preference) {
  PP_ASSIGN_OR_RETURN(auto nodes, store_.ListExecutors(Principal::Service()));
  // Online first, then degraded, then the rest; fewer invalid answers (lies weigh more than
  // absences), then fewer missed ones; then by index.
  std::stable_sort(nodes.begin(), nodes.end(), [](const auto& a, const auto& b) {
    auto rank = [](store::ExecutorStatus s) {
      return s == store::ExecutorStatus::kOnline     ? 0
             : s == store::ExecutorStatus::kDegraded ? 1
                                                     : 2;
    };
    if (rank(a.status) != rank(b.status)) return rank(a.status) < rank(b.status);
    if (a.invalid_responses != b.invalid_responses) {
      return a.invalid_responses < b.invalid_responses;
    }
    if (a.missed_responses != b.missed_responses) return a.missed_responses < b.missed_responses;
    return a.node_index < b.node_index;
  });
  std::map<uint32_t, int64_t> ids;
  for (const store::ExecutorNode& n : nodes) {
    const uint32_t index = static_cast<uint32_t>(n.node_index);
    if (index == 0 || index > config_.roster.participants()) continue;
    const auto vk = config_.keys.verification_key(index).Encode();
    const auto sk = config_.roster.executor(index).public_key.signing;
    if (n.key_epoch != config_.key_epoch ||
        !std::equal(vk.begin(), vk.end(), n.share_public_key.begin(), n.share_public_key.end()) ||
        !std::equal(sk.begin(), sk.end(), n.signing_key.begin(), n.signing_key.end())) {
      return Status::FailedPrecondition(
          "executor_nodes", "executor " + std::to_string(index) +
                                " in the store is not the one of this coordinator's key epoch " +
                                std::to_string(config_.key_epoch) + ": run `phantompool dkg`");
    }
    ids[index] = n.id;
    preference->push_back(index);
  }
  if (ids.size() != config_.roster.participants()) {
    return Status::FailedPrecondition("executor_nodes",
                                      "the store does not list every executor of the roster");
  }
  return ids;
}

Result<std::optional<SessionReport>> Coordinator::Impl::RunSession(int64_t pair_id) {
  std::lock_guard<std::mutex> lock(mu_);
  const Principal service = Principal::Service();
  const auto started = std::chrono::steady_clock::now();
  SessionReport report;
  report.pair_id = pair_id;
  PP_ASSIGN_OR_RETURN(order::PairSpec pair, Pair(pair_id));
  report.pair = pair.symbol();
  std::vector<uint32_t> healthiest;
  PP_ASSIGN_OR_RETURN(auto executor_ids, ExecutorIds(&healthiest));

  // 1. Freeze: resume the pair's frozen session if one waits for its quorum (or was left by
  // a crash), else freeze the waiting orders. Expired GTT orders leave the book first.
  auto phase = std::chrono::steady_clock::now();
  PP_ASSIGN_OR_RETURN(std::optional<store::MatchingSession> session,
                      store_.LatestSession(service, pair_id, store::SessionStatus::kFrozen));
  if (!session) {
    PP_RETURN_IF_ERROR(store_.CleanupExpiredOrders(service).status());
    std::vector<int64_t> assigned;
    for (const auto& [index, id] : executor_ids) assigned.push_back(id);
    // The seed hashes the frozen batch, unknown until frozen: a provisional value that
    // RecordSessionDraw replaces before any executor is asked.
    auto created = store_.CreateMatchingSession(service, pair_id, store::Bytes(32, 0), assigned);
    if (!created.ok()) {
      if (created.status().code() == StatusCode::kFailedPrecondition &&
          created.status().field() == "encrypted_orders") {
        return std::optional<SessionReport>();  // nothing waits
      }
      return created.status();
    }
    PP_ASSIGN_OR_RETURN(store::MatchingSession fresh,
                        store_.GetSession(service, created->session_id));
    session = std::move(fresh);
  }
  report.session_id = session->id;
  report.session_number = session->session_number;

  // 2. The batch: every order frozen into the session, ascending id — also those excluded
  // by an earlier attempt, so the batch (and its digest) is what the draw was made on.
  PP_ASSIGN_OR_RETURN(auto rows, store_.ListSessionOrders(service, session->id));
  PP_ASSIGN_OR_RETURN(auto excluded_rows, store_.ListExcludedOrders(service, session->id));
  PP_ASSIGN_OR_RETURN(auto openings, store_.ListSessionOpenings(service, session->id));
  std::set<int64_t> excluded_ids;
  for (const auto& e : excluded_rows) excluded_ids.insert(e.order_id);
  std::map<int64_t, store::OrderOpening> opening_of;
  for (auto& o : openings) opening_of.emplace(o.order_id, std::move(o));
  // Every order was verified whole at intake, and nothing here reads its product and range
  // proofs: they are length-checked, not decoded (the rest of the parse is as strict).
  // One slice per core.
  auto parsed = MapSlices(rows.size(), 512, [&](size_t begin, size_t end) {
    std::vector<Result<order::EncryptedOrder>> out;
    out.reserve(end - begin);
    for (size_t i = begin; i < end; ++i) {
      out.push_back(order::EncryptedOrder::ParseWithoutOrderProofs(rows[i].encrypted_order));
    }
    return out;
  });
  std::vector<BatchOrder> batch;
  batch.reserve(rows.size());
  size_t at = 0;
  for (auto& slice : parsed) {
    for (auto& order : slice) {
      store::SessionOrder& row = rows[at++];
      if (!order.ok()) {
        return order.status().WithFieldPrefix("encrypted_orders[" + std::to_string(row.id) + "]");
      }
      batch.push_back(BatchOrder{std::move(row), std::move(order).value()});
    }
  }
  for (BatchOrder& b : batch) {
    b.excluded = excluded_ids.count(b.row.id) > 0;
    auto it = opening_of.find(b.row.id);
    if (it != opening_of.end()) {
      b.carried = it->second.session_id != session->id;
      b.opening = it->second;
    }
  }
  report.orders = batch.size();

  // 3. The request: the previous session of the VRF chain, the batch, and the draw.
  DecryptRequest request;
  request.pair = pair.symbol();
  request.session_id = static_cast<uint64_t>(session->id);
  request.session_number = static_cast<uint64_t>(session->session_number);
  request.key_epoch = config_.key_epoch;
  request.closed_at_ms = session->created_at / 1000;
  Bytes32 previous_output{};
  std::optional<uint64_t> last_price;
  if (session->session_number > 1) {
    PP_ASSIGN_OR_RETURN(auto prev,
                        store_.LatestSession(service, pair_id, store::SessionStatus::kSettled));
    if (!prev || prev->session_number + 1 != session->session_number ||
        prev->batch_digest.size() != 32 || prev->previous_vrf_output.size() != 32 ||
        prev->vrf_output.size() != 32) {
      return Status::FailedPrecondition(
          "matching_sessions.session_number",
          "session " + std::to_string(session->session_number - 1) + " of " + pair.symbol() +
              " was not settled by a coordinator: the executors chain each session's draw to "
              "the one before");
    }
    PreviousSession p;
    p.session_number = static_cast<uint64_t>(prev->session_number);
    p.previous_output = ToBytes32(prev->previous_vrf_output);
    p.batch_digest = ToBytes32(prev->batch_digest);
    p.seed = ToBytes32(prev->vrf_seed);
    PP_ASSIGN_OR_RETURN(p.vrf_shares, ParseVrfShares(prev->vrf_proof));
    request.previous = std::move(p);
    previous_output = ToBytes32(prev->vrf_output);
    last_price = prev->clearing_price;
  }
  // Each item copies its order's statement and hashes its ciphertext: one slice per core.
  auto items = MapSlices(batch.size(), 512, [&](size_t begin, size_t end) {
    std::vector<BatchItem> out(end - begin);
    for (size_t i = begin; i < end; ++i) {
      BatchItem& item = out[i - begin];
      item.order_id = std::to_string(batch[i].row.id);
      if (batch[i].carried) {
        item.ciphertext_hash = batch[i].order.CiphertextHash();
      } else {
        item.kem = order::KemStatement::From(batch[i].order);
        item.ciphertext_hash = item.kem->CiphertextHash();
      }
    }
    return out;
  });
  request.batch.reserve(batch.size());
  for (auto& slice : items) {
    for (BatchItem& item : slice) request.batch.push_back(std::move(item));
  }
  std::vector<const order::EncryptedOrder*> to_decrypt;
  std::vector<size_t> decrypt_pos;  // batch position of each item to decrypt
  for (size_t i = 0; i < batch.size(); ++i) {
    if (!batch[i].carried) {
      to_decrypt.push_back(&batch[i].order);
      decrypt_pos.push_back(i);
    }
  }
  const Bytes32 digest = request.BatchDigest();
  const Bytes32 seed =
      auction::VrfSeed(pair.symbol(), request.session_number, previous_output, digest);
  PP_RETURN_IF_ERROR(store_.RecordSessionDraw(
      service, store::SessionDraw{session->id, config_.key_epoch, FromBytes32(digest),
                                  FromBytes32(seed), FromBytes32(previous_output)}));
  report.freeze_ms = MsSince(phase);

  // 4. The quorum, reusing the valid responses of earlier attempts of this session.
  phase = std::chrono::steady_clock::now();
  QuorumRoundOptions options = config_.round;
  if (options.preference.empty()) options.preference = healthiest;
  options.earlier.clear();
  PP_ASSIGN_OR_RETURN(auto stored, store_.ListQuorumResponses(service, session->id));
  for (const auto& s : stored) {
    if (s.record.valid && s.record.response) {
      options.earlier[static_cast<uint32_t>(s.record.node_index)] = *s.record.response;
    }
  }
  PP_ASSIGN_OR_RETURN(QuorumRound round,
                      GatherQuorumRound(transport_, config_.roster, config_.keys, config_.key,
                                        request, previous_output, to_decrypt, pair, options));
  std::vector<store::QuorumResponseRecord> records;
  const std::set<uint32_t> combined(round.quorum.begin(), round.quorum.end());
  for (const ExecutorVerdict& v : round.verdicts) {
    ExecutorReport er{v.index, v.asked, v.valid, v.reason, v.latency_ms};
    report.executors.push_back(er);
    if (!v.asked && v.response.empty()) continue;
    store::QuorumResponseRecord r;
    r.node_index = static_cast<int32_t>(v.index);
    r.asked = v.asked;
    r.valid = v.valid;
    r.combined = combined.count(v.index) > 0;
    r.reason = Bounded(v.reason, 4096);
    r.latency_ms = v.latency_ms;
    if (!v.response.empty()) r.response = store::Bytes(v.response.begin(), v.response.end());
    records.push_back(std::move(r));
  }
  if (!records.empty()) {
    PP_RETURN_IF_ERROR(store_.RecordQuorumAttempt(service, session->id, records).status());
  }
  report.quorum_ms = MsSince(phase);
  if (!round.complete) {
    // The session waits, frozen, its orders locked: the executors that answered will not
    // answer for these ciphertexts again, so failing it would strand its orders. The next
    // call resumes it with the valid responses gathered so far.
    report.settled = false;
    report.failure_reason = "waiting for the quorum: " + round.shortfall;
    report.total_ms = MsSince(started);
    return std::optional<SessionReport>(std::move(report));
  }

  // 5. Every opened order checked alone; the ones that do not open are excluded alone.
  phase = std::chrono::steady_clock::now();
  std::vector<store::OrderOpening> new_openings;
  std::vector<store::ExcludedOrder> new_excluded;
  for (size_t k = 0; k < decrypt_pos.size(); ++k) {
    BatchOrder& b = batch[decrypt_pos[k]];
    if (b.excluded || b.opening) continue;  // recorded by an earlier attempt
    Status bad = round.opened[k].status();
    if (bad.ok()) bad = CheckAgainstPair(pair, b.row.order_type, *round.opened[k]);
    if (!bad.ok()) {
      const auto k_bytes = round.shared_points[k].Encode();
      std::string reason = Bounded("does not open: " + bad.ToString(), 1024);
      new_excluded.push_back(store::ExcludedOrder{b.row.id, session->id, std::move(reason),
                                                  store::Bytes(k_bytes.begin(), k_bytes.end())});
      b.excluded = true;
      continue;
    }
    const order::OpenedOrder& o = *round.opened[k];
    b.opening = store::OrderOpening{b.row.id, session->id, o.size,
                                    o.price,  o.min_fill,  store::Bytes(o.opening)};
    new_openings.push_back(*b.opening);
  }
  if (!new_openings.empty() || !new_excluded.empty()) {
    PP_RETURN_IF_ERROR(
        store_.RecordSessionOpenings(service, session->id, new_openings, new_excluded));
  }

  // 6. The auction, on what is left of each order for this session.
  std::vector<auction::Order> inputs;
  auction::SessionOwners owners;  // cleared on per-session pseudonyms (session_owners.h)
  std::vector<const BatchOrder*> in_auction;
  std::vector<uint64_t> filled_before;
  for (const BatchOrder& b : batch) {
    if (b.excluded) continue;
    if (!b.opening) return Status::Internal("coordinator", "an order of the batch has no opening");
    uint64_t before = 0;
    if (b.carried) {
      PP_ASSIGN_OR_RETURN(store::OrderRecord rec, store_.GetOrder(service, b.row.id));
      before = rec.filled_amount.value_or(0);
      if (before >= b.opening->size) {
        return Status::Corruption("encrypted_orders.filled_amount", "nothing of it is open");
      }
    }
    auction::Order a;
    a.id = std::to_string(b.row.id);
    a.owner = owners.Of(b.order.user_id());
    a.side = b.row.side;
    a.type = b.row.order_type;
    a.size = b.opening->size - before;
    a.price = b.opening->limit_price;
    a.min_fill = std::min(b.opening->min_fill, a.size);
    a.validity = b.row.validity;
    if (b.row.validity == order::Validity::kGtt) a.expiry = b.order.expiry();
    inputs.push_back(std::move(a));
    in_auction.push_back(&b);
    filled_before.push_back(before);
  }
  auction::SessionInputs si;
  si.reference_price = auction::ReferencePrice(pair, last_price);
  si.vrf_output = round.vrf.value;
  si.now = static_cast<uint64_t>(session->created_at / 1'000'000);
  PP_ASSIGN_OR_RETURN(auction::AuctionResult result, auction::Clear(inputs, pair, si));
  report.clear_ms = MsSince(phase);

  // 7. Settlement, in one store transaction.
  phase = std::chrono::steady_clock::now();
  store::Settlement settlement;
  settlement.session_id = session->id;
  settlement.clearing_price = result.clearing_price.value_or(si.reference_price);
  settlement.price_rule = result.rule;
  settlement.vrf_output = store::Bytes(round.vrf.value.begin(), round.vrf.value.end());
  settlement.vrf_proof = SerializeVrfShares(round.vrf_shares);
  settlement.fee_user_id = config_.fee_user_id;
  for (const auction::Trade& t : result.trades) {
    settlement.trades.push_back(
        store::TradeInput{in_auction[t.buy]->row.id, in_auction[t.sell]->row.id, t.size});
  }
  for (size_t i = 0; i < in_auction.size(); ++i) {
    const store::OrderOpening& o = *in_auction[i]->opening;
    settlement.fills.push_back(
        store::FillInput{o.order_id, o.size, o.limit_price, o.min_fill, result.orders[i].filled});
  }
  PP_RETURN_IF_ERROR(store_.SettleSession(service, settlement));
  report.settle_ms = MsSince(phase);

  report.settled = true;
  report.excluded = excluded_ids.size() + new_excluded.size();
  report.trades = result.trades.size();
  report.clearing_price = result.clearing_price;
  report.volume = result.volume;
  report.total_ms = MsSince(started);
  return std::optional<SessionReport>(std::move(report));
}

Status Coordinator::Impl::CheckExecutors() {
  std::lock_guard<std::mutex> lock(mu_);
  PP_ASSIGN_OR_RETURN(auto nodes, store_.ListExecutors(Principal::Service()));
  std::map<uint32_t, int64_t> ids;
  for (const auto& n : nodes) ids[static_cast<uint32_t>(n.node_index)] = n.id;
  uint32_t ready = 0;
  // Every executor at once (the transport allows concurrent calls to different executors):
  // one that accepts connections and never answers costs the check one deadline, not one
  // per executor, and the sessions waiting on this mutex no longer than that.
  const std::chrono::milliseconds deadline{2'000};
  struct Probe {
    Result<ExecutorHealth> health;
    int64_t elapsed_ms;
  };
  std::vector<std::future<Probe>> probes;
  for (const RosterEntry& e : config_.roster.executors()) {
    probes.push_back(std::async(std::launch::async, [this, index = e.index, deadline] {
      const auto start = std::chrono::steady_clock::now();
      auto health = transport_.Health(index, deadline);
      return Probe{std::move(health), MsSince(start)};
    }));
  }
  for (size_t k = 0; k < probes.size(); ++k) {
    const RosterEntry& e = config_.roster.executors()[k];
    Probe probe = probes[k].get();
    auto& health = probe.health;
    store::HealthUpdate h;
    h.component = "executor-" + std::to_string(e.index);
    h.response_time_ms = static_cast<int32_t>(std::min<int64_t>(probe.elapsed_ms, INT32_MAX));
    nlohmann::json details;
    auto id = ids.find(e.index);
    if (!health.ok()) {
      h.status = store::HealthStatus::kOffline;
      h.health_score = 0;
      details["error"] = health.status().ToString();
      if (id != ids.end()) {
        PP_RETURN_IF_ERROR(store_.MarkExecutorUnreachable(Principal::Service(), id->second));
      }
    } else {
      // Reachable but without the current key, it cannot answer: degraded.
      const bool current = health->has_key && health->key_epoch == config_.key_epoch;
      h.status = current ? store::HealthStatus::kHealthy : store::HealthStatus::kDegraded;
      h.health_score = current ? 10000 : 5000;
      details = {{"has_key", health->has_key},
                 {"key_epoch", health->key_epoch},
                 {"answered", health->answered}};
      if (current) ++ready;
      if (id != ids.end()) {
        PP_RETURN_IF_ERROR(store_.Heartbeat(
            Principal::Executor(id->second),
            current ? store::ExecutorStatus::kOnline : store::ExecutorStatus::kDegraded));
      }
    }
    h.details_json = details.dump();
    PP_RETURN_IF_ERROR(store_.UpdateSystemHealth(Principal::Service(), h));
  }
  store::HealthUpdate q;
  q.component = "executor_quorum";
  const uint32_t n = config_.roster.participants(), t = config_.keys.threshold();
  q.status = ready == n   ? store::HealthStatus::kHealthy
             : ready >= t ? store::HealthStatus::kDegraded
                          : store::HealthStatus::kUnhealthy;
  q.health_score = static_cast<int32_t>(10000 * ready / std::max<uint32_t>(n, 1));
  q.details_json = nlohmann::json{{"ready", ready}, {"threshold", t}, {"participants", n}}.dump();
  return store_.UpdateSystemHealth(Principal::Service(), q);
}

Coordinator::Coordinator(store::Store& store, Transport& transport, CoordinatorConfig config)
    : impl_(std::make_unique<Impl>(store, transport, std::move(config))) {}
Coordinator::~Coordinator() = default;

Result<std::optional<SessionReport>> Coordinator::RunSession(int64_t pair_id) {
  return impl_->RunSession(pair_id);
}

Status Coordinator::CheckExecutors() {
  return impl_->CheckExecutors();
}

const CoordinatorConfig& Coordinator::config() const {
  return impl_->config();
}

}  // namespace phantompool::executor
