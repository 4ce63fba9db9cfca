// The coordinator: closes a pair's batch and carries it to settlement. It holds no key
// share and decrypts nothing by itself; it freezes the batch in the store, asks the quorum
// (quorum_round.h), checks every opened order against what the trader proved, runs the
// auction and settles in one store transaction — or, when fewer than t executors answer
// correctly, leaves the session frozen with every order locked until they do (failing it
// would strand its orders: an executor answers for an R once; docs/executor.md, step 4).
//
// One coordinator per pair at a time: the server holds the pair's lease
// (Store::TryLeasePair) while it runs sessions. Nothing here assumes it is the only process
// on the database.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "phantompool/common/result.h"
#include "phantompool/crypto/secret_bytes.h"
#include "phantompool/crypto/threshold/participant_key.h"
#include "phantompool/crypto/threshold/public_key_set.h"
#include "phantompool/executor/quorum_round.h"
#include "phantompool/executor/roster.h"
#include "phantompool/executor/transport.h"
#include "phantompool/store/store.h"

namespace phantompool::executor {

// The coordinator's directory (docs/executor.md, "Setting up"):
//   coordinator.sealed  its identity key, sealed under a passphrase (`coordinator init`)
//   coordinator.json    {"fee_user_id": N[, "deadline_ms": M]} (`coordinator init
//                       --fee-user-id`, or by hand)
//   roster.json         the roster the DKG ran with (`phantompool dkg` copies it here)
//   key_set.json        {"epoch": N, "public_key_set": "<hex>"} (`phantompool dkg`)
struct CoordinatorPaths {
  std::string dir;
  std::string identity() const { return dir + "/coordinator.sealed"; }
  std::string config() const { return dir + "/coordinator.json"; }
  std::string roster() const { return dir + "/roster.json"; }
  std::string key_set() const { return dir + "/key_set.json"; }
};

// What the coordinator needs, as `phantompool coordinator init` and `phantompool dkg` leave
// it in the coordinator's directory.
struct CoordinatorConfig {
  CoordinatorConfig(Roster roster_in, uint32_t key_epoch_in,
                    crypto::threshold::PublicKeySet keys_in,
                    crypto::threshold::ParticipantKey key_in, int64_t fee_user_id_in)
      : roster(std::move(roster_in)),
        key_epoch(key_epoch_in),
        keys(std::move(keys_in)),
        key(std::move(key_in)),
        fee_user_id(fee_user_id_in) {}

  Roster roster;
  uint32_t key_epoch = 0;
  crypto::threshold::PublicKeySet keys;   // the current key epoch's joint and verification keys
  crypto::threshold::ParticipantKey key;  // the coordinator's identity key
  int64_t fee_user_id = 0;                // whose balances receive every fee
  QuorumRoundOptions round;
};

// Loads the coordinator directory: sealed identity key (passphrase), roster and key set.
Result<CoordinatorConfig> LoadCoordinatorConfig(const std::string& dir,
                                                const crypto::SecretBytes& passphrase);
// key_set.json, atomically.
Status SaveCoordinatorKeySet(const std::string& dir, uint32_t epoch,
                             const crypto::threshold::PublicKeySet& keys);
Result<std::pair<uint32_t, crypto::threshold::PublicKeySet>> LoadCoordinatorKeySet(
    const std::string& path);
// A DKG's outcome in the store (Store::RecordKeySet): the key set of `epoch`, and every
// executor of the roster with its verification key, signing key and endpoint.
Status RecordKeySetInStore(store::Store& store, uint32_t epoch,
                           const crypto::threshold::PublicKeySet& keys, const Roster& roster);

struct ExecutorReport {
  uint32_t index = 0;
  bool asked = false, valid = false;
  std::string reason;
  int64_t latency_ms = 0;
};

struct SessionReport {
  int64_t session_id = 0, session_number = 0, pair_id = 0;
  std::string pair;
  bool settled = false;        // false: failed, orders back on the book
  std::string failure_reason;  // when !settled
  size_t orders = 0, excluded = 0, trades = 0;
  std::optional<uint64_t> clearing_price;  // ticks
  uint64_t volume = 0;                     // lots
  std::vector<ExecutorReport> executors;
  // Where the time went, milliseconds.
  int64_t freeze_ms = 0, quorum_ms = 0, clear_ms = 0, settle_ms = 0, total_ms = 0;
};

// Thread-safe: RunSession and CheckExecutors run one at a time (the Transport takes no
// concurrent calls to one executor), whichever pairs they are for.
class Coordinator {
 public:
  Coordinator(store::Store& store, Transport& transport, CoordinatorConfig config);
  ~Coordinator();
  Coordinator(const Coordinator&) = delete;
  Coordinator& operator=(const Coordinator&) = delete;

  // Closes the pair's batch now (the caller holds the pair's lease, Store::TryLeasePair).
  // nullopt when no order waits. A round that gathers fewer than t valid responses leaves
  // the session frozen, its orders locked (report.settled = false, with why): the next call
  // resumes it, reusing the valid responses it has. That is a normal outcome, not an error.
  // Errors are the store's or a broken invariant (docs/executor.md).
  Result<std::optional<SessionReport>> RunSession(int64_t pair_id);

  // Asks every executor for its health, records heartbeats (for those that answer, as
  // themselves) and system_health rows ("executor-<i>" each, and "executor_quorum").
  Status CheckExecutors();

  const CoordinatorConfig& config() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace phantompool::executor
