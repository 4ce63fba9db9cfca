#include "phantompool/executor/executor_node.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <nlohmann/json.hpp>

#include "executor_state.h"
#include "phantompool/auction/session_draw.h"
#include "phantompool/common/file_io.h"
#include "phantompool/common/hex.h"
#include "phantompool/executor/decrypt_messages.h"
#include "phantompool/executor/sealed_file.h"
#include "phantompool/order/kem_check.h"

namespace phantompool::executor {

using crypto::threshold::KeyShare;
using crypto::threshold::PublicKeySet;

int64_t SystemClockMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

namespace {

Result<InstalledKey> LoadKey(const ExecutorPaths& paths, const crypto::SecretBytes& passphrase,
                             uint32_t index) {
  PP_ASSIGN_OR_RETURN(crypto::SecretBytes secret,
                      ReadSealedFile(paths.key_share(), kKeySharePurpose, passphrase));
  PP_ASSIGN_OR_RETURN(KeyShare share, KeyShare::Parse(secret.ExposeSecret()));
  PP_ASSIGN_OR_RETURN(std::string text, ReadTextFile(paths.key_set(), "key_set"));
  const auto j = nlohmann::json::parse(text, nullptr, false);
  if (!j.is_object() || !j.contains("epoch") || !j.contains("public_key_set") ||
      !j["epoch"].is_number_unsigned() || !j["public_key_set"].is_string()) {
    return Status::Corruption("key_set", "malformed " + paths.key_set());
  }
  PP_ASSIGN_OR_RETURN(auto set_bytes,
                      ParseHex(j["public_key_set"].get<std::string>(), "key_set.public_key_set"));
  PP_ASSIGN_OR_RETURN(PublicKeySet keys, PublicKeySet::Parse(set_bytes));
  PP_RETURN_IF_ERROR(share.CheckAgainst(keys));
  if (share.index() != index) {
    return Status::Corruption("key_share", "belongs to executor " + std::to_string(share.index()));
  }
  PP_ASSIGN_OR_RETURN(auto retired, LoadRetiredKeySets(paths));
  return InstalledKey{static_cast<uint32_t>(j["epoch"].get<uint64_t>()), std::move(share),
                      std::move(keys), std::move(retired)};
}

Status Refuse(std::string field, std::string why) {
  return Status::FailedPrecondition(std::move(field), std::move(why));
}

}  // namespace

Result<std::unique_ptr<ExecutorNode>> ExecutorNode::Open(ExecutorNodeOptions options,
                                                         crypto::SecretBytes passphrase) {
  auto state = std::make_unique<State>();
  if (options.index == 0 || options.index > options.roster.participants()) {
    return Status::InvalidArgument("index", "not in the roster");
  }
  PP_ASSIGN_OR_RETURN(crypto::SecretBytes seed,
                      ReadSealedFile(options.paths.identity(), kIdentityPurpose, passphrase));
  PP_ASSIGN_OR_RETURN(auto identity, ParticipantKey::FromSeed(seed.ExposeSecret(), "identity"));
  if (!(identity.public_key() == options.roster.executor(options.index).public_key)) {
    return Status::FailedPrecondition(
        "identity", "this identity is not the roster's executor " + std::to_string(options.index));
  }
  state->identity = std::move(identity);
  PP_ASSIGN_OR_RETURN(state->log, AnswerLog::Open(options.paths.answers()));
  if (::access(options.paths.key_share().c_str(), F_OK) == 0) {
    PP_ASSIGN_OR_RETURN(auto key, LoadKey(options.paths, passphrase, options.index));
    state->key = std::make_shared<const InstalledKey>(std::move(key));
  }
  if (options.pairs.empty()) {
    for (const auto& p : order::BuiltinPairs()) options.pairs.push_back(p);
  }
  state->options = std::move(options);
  state->passphrase = std::move(passphrase);
  return std::unique_ptr<ExecutorNode>(new ExecutorNode(std::move(state)));
}

ExecutorNode::ExecutorNode(std::unique_ptr<State> state) : state_(std::move(state)) {}
ExecutorNode::~ExecutorNode() = default;

uint32_t ExecutorNode::index() const {
  return state_->options.index;
}

ExecutorHealth ExecutorNode::Health() const {
  ExecutorHealth h;
  h.index = state_->options.index;
  if (const auto key = state_->Key()) {
    h.has_key = true;
    h.key_epoch = key->epoch;
  }
  h.answered = state_->log->answered();
  h.now_ms = state_->options.clock();
  return h;
}

Result<std::vector<uint8_t>> ExecutorNode::Decrypt(std::span<const uint8_t> request) {
  std::lock_guard<std::mutex> lock(state_->decrypt_mu);
  return state_->Decrypt(request);
}

Result<std::vector<uint8_t>> ExecutorNode::DkgStep(std::string_view step,
                                                   std::span<const uint8_t> request) {
  std::lock_guard<std::mutex> lock(state_->dkg_mu);
  return state_->Dkg(step, request);
}

Result<std::vector<uint8_t>> ExecutorNode::State::Decrypt(std::span<const uint8_t> bytes) {
  PP_ASSIGN_OR_RETURN(ParticipantPublicKey coordinator, Coordinator());
  PP_ASSIGN_OR_RETURN(DecryptRequest req, DecryptRequest::Parse(bytes, coordinator));
  const std::shared_ptr<const InstalledKey> installed = Key();
  if (!installed) return Refuse("key_share", "no key share yet: run the DKG first");
  if (req.key_epoch != installed->epoch) {
    return Refuse("request.key_epoch",
                  "this executor holds the key of epoch " + std::to_string(installed->epoch));
  }
  const order::PairSpec* pair = FindPair(req.pair);
  if (pair == nullptr) return Status::InvalidArgument("request.pair", "unknown pair");
  const int64_t now = options.clock();
  const std::optional<PairRecord> rec = log->Pair(req.pair);

  // Sessions of a pair only move forward. The last one answered may be asked again, for
  // the same draw only: a coordinator that crashed after the answers left and before it
  // recorded them re-asks, and the shares it gets are the ones it already had.
  if (rec && req.session_number < rec->last_session) {
    return Refuse("request.session_number", "session " + std::to_string(req.session_number) +
                                                " of " + req.pair +
                                                " is before the last one answered (" +
                                                std::to_string(rec->last_session) + ")");
  }
  const bool again = rec && req.session_number == rec->last_session;
  // Answered again under a key installed since, the same seed would give a second VRF
  // output, and a coordinator could pick which one the next session chains on.
  if (again && log->key_installed_ms() > rec->last_answer_ms) {
    return Refuse("request.session_number",
                  "session " + std::to_string(req.session_number) + " of " + req.pair +
                      " was answered under an earlier key and is not answered under this one");
  }
  // The previous output, recomputed from the previous session's shares.
  auction::Digest32 previous_output{};
  if (req.session_number == 1) {
    if (req.previous) {
      return Status::InvalidArgument("request.previous", "a pair's first session has none");
    }
  } else {
    if (!req.previous || req.previous->session_number + 1 != req.session_number) {
      return Status::InvalidArgument("request.previous", "must be the session just before");
    }
    const PreviousSession& prev = *req.previous;
    if (auction::VrfSeed(req.pair, prev.session_number, prev.previous_output, prev.batch_digest) !=
        prev.seed) {
      return Status::VerificationFailed(
          "request.previous.seed",
          "is not the seed of session " + std::to_string(prev.session_number) + " of " + req.pair);
    }
    if (rec && rec->last_session == req.previous->session_number &&
        rec->last_seed != req.previous->seed) {
      return Status::VerificationFailed("request.previous.seed",
                                        "not the seed this executor answered for that session");
    }
    // Under the current key, or — the first session after a forced DKG — under a key this
    // executor held before (its own record). Shares valid under a key set are a genuine
    // quorum's output for that seed whichever epoch it was, and a seed is answered under one
    // epoch only (a re-ask after a new key is refused above).
    auto out =
        crypto::threshold::VerifyVrf(installed->keys, req.previous->seed, req.previous->vrf_shares);
    for (auto it = installed->retired.rbegin(); !out.ok() && it != installed->retired.rend();
         ++it) {
      auto older =
          crypto::threshold::VerifyVrf(it->keys, req.previous->seed, req.previous->vrf_shares);
      if (older.ok()) out = std::move(older);
    }
    if (!out.ok()) return out.status().WithFieldPrefix("request.previous");
    previous_output = out->value;
  }
  const Bytes32 digest = req.BatchDigest();
  const Bytes32 seed = auction::VrfSeed(req.pair, req.session_number, previous_output, digest);
  if (again && seed != rec->last_seed) {
    return Refuse("request.session_number",
                  "session " + std::to_string(req.session_number) + " of " + req.pair +
                      " was answered for another draw: a session is answered once");
  }
  // The schedule, on this executor's own clock.
  const int64_t since = rec ? rec->last_answer_ms : log->key_installed_ms();
  const int64_t period = pair->batch_period_ms();
  const bool full = req.batch.size() >= pair->batch_max_orders();
  if (!again && !full && now - since < period - period / 10) {
    return Refuse("request.session_number",
                  "the session is still open: " + std::to_string(now - since) + " ms of the " +
                      std::to_string(period) + " ms batch period of " + req.pair +
                      " have passed on this executor's clock, and the batch holds " +
                      std::to_string(req.batch.size()) + " of " +
                      std::to_string(pair->batch_max_orders()) + " orders");
  }
  // The batch: ascending ids, this pair, valid proofs of knowledge, R never released.
  std::vector<const order::KemStatement*> kems;
  std::vector<Bytes32> released;
  std::vector<crypto::Point> points;
  int64_t previous_id = -1;
  for (size_t i = 0; i < req.batch.size(); ++i) {
    const BatchItem& item = req.batch[i];
    const std::string field = "request.batch[" + std::to_string(i) + "]";
    int64_t id = 0;
    try {
      size_t used = 0;
      id = std::stoll(item.order_id, &used);
      if (used != item.order_id.size() || id <= 0) throw std::invalid_argument("id");
    } catch (const std::exception&) {
      return Status::InvalidArgument(field + ".order_id", "must be a positive decimal id");
    }
    if (id <= previous_id) {
      return Status::InvalidArgument(field + ".order_id", "ids must be strictly ascending");
    }
    previous_id = id;
    if (!item.kem) continue;
    if (item.kem->pair() != req.pair) {
      return Status::InvalidArgument(field, "order " + item.order_id + " is for another pair");
    }
    const Bytes32 r = item.kem->REncoding();
    if (again) {
      if (!std::binary_search(rec->last_released.begin(), rec->last_released.end(), r)) {
        return Refuse(field, "order " + item.order_id +
                                 " was not decrypted when this session was first answered");
      }
    } else if (log->Answered(r)) {
      return Refuse(field, "a share for the R of order " + item.order_id +
                               " was already released: an order is opened once");
    }
    kems.push_back(&*item.kem);
    released.push_back(r);
    points.push_back(item.kem->R());
  }
  const auto verdicts =
      order::VerifyKemProofs(kems, installed->keys.public_key(), installed->epoch);
  for (size_t k = 0; k < verdicts.size(); ++k) {
    if (!verdicts[k].ok()) {
      return Status::VerificationFailed(
          verdicts[k].field(), verdicts[k].message() +
                                   " — refused: an order whose proof of knowledge of r does "
                                   "not verify could carry someone else's ciphertext");
    }
  }
  DecryptResponse resp;
  resp.index = options.index;
  resp.session_id = req.session_id;
  resp.batch_digest = digest;
  if (!points.empty()) {
    PP_ASSIGN_OR_RETURN(
        auto shares, crypto::threshold::ProveDecryptionShares(seed, installed->share, points, rng));
    resp.shares = std::move(shares);
  }
  PP_ASSIGN_OR_RETURN(auto vrf, crypto::threshold::ProveVrfShare(installed->share, seed, rng));
  resp.vrf_share = vrf;
  // Durable before anything leaves: a crash after this never answers the same R twice.
  if (!again) PP_RETURN_IF_ERROR(log->Record(req.pair, req.session_number, seed, now, released));
  return resp.Serialize(*identity);
}

}  // namespace phantompool::executor
