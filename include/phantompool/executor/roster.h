// The roster: who the executors are and who coordinates them. Operators agree on it out of
// band; every executor and the coordinator load the same file, and its hash names every
// DKG run it takes part in (crypto/threshold/dkg_config.h).
//
//   {"format": "phantompool-roster", "version": 1, "threshold": 3,
//    "coordinator": "<hex 64: Ed25519 ‖ X25519 public key>",
//    "executors": [{"index": 1, "public_key": "<hex 64>", "endpoint": "http://127.0.0.1:7101"},
//                  ...]}
// Indices run 1..n without gaps; keys are distinct; 1 ≤ threshold ≤ n ≤ 32. The coordinator
// entry may be absent until `phantompool coordinator init` adds it.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "phantompool/common/result.h"
#include "phantompool/crypto/threshold/participant_key.h"
#include "phantompool/net/http.h"

namespace phantompool::executor {

using crypto::threshold::ParticipantPublicKey;

struct RosterEntry {
  uint32_t index = 0;
  ParticipantPublicKey public_key;
  net::Url endpoint;
};

class Roster {
 public:
  static Result<Roster> Parse(std::string_view text);
  // As Parse, without Validate(): a roster still being assembled by `executor init` (gaps,
  // fewer executors than the threshold).
  static Result<Roster> ParseDraft(std::string_view text);
  static Result<Roster> Load(const std::string& path);
  std::string ToJson() const;
  // Writes atomically (temporary file, rename).
  Status Save(const std::string& path) const;

  // An empty roster of `threshold`-of-`participants` to fill in (indices are added by Put).
  static Roster Empty(uint32_t threshold);
  // Adds or replaces the executor at entry.index.
  void Put(RosterEntry entry);
  void SetCoordinator(const ParticipantPublicKey& key) { coordinator_ = key; }
  // Gaps, duplicates and parameter errors, named; what Parse checks, for a roster being
  // assembled.
  Status Validate() const;

  uint32_t threshold() const { return threshold_; }
  uint32_t participants() const { return static_cast<uint32_t>(executors_.size()); }
  const std::vector<RosterEntry>& executors() const { return executors_; }
  // index in 1..n (PP_CHECK).
  const RosterEntry& executor(uint32_t index) const;
  const std::optional<ParticipantPublicKey>& coordinator() const { return coordinator_; }
  // The executors' keys in index order: a DKG's roster.
  std::vector<ParticipantPublicKey> Keys() const;

 private:
  uint32_t threshold_ = 0;
  std::optional<ParticipantPublicKey> coordinator_;
  std::vector<RosterEntry> executors_;  // sorted by index
};

}  // namespace phantompool::executor
