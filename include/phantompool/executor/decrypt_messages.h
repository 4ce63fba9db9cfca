// What the coordinator and the executors say to each other when a session closes.
//
// DecryptRequest (coordinator → executor), signed with the coordinator's key:
//   the pair, session id and number, key epoch, the previous session (its number, VRF seed
//   and VRF shares — from which the executor recomputes the previous output itself), and
//   the frozen batch in ascending order id: each order either to decrypt (its KemStatement:
//   statement bytes and proof of knowledge of r) or carried over from an earlier session
//   (already opened; only its ciphertext hash, for the batch digest).
// DecryptResponse (executor → coordinator), signed with the executor's identity key:
//   its index, the session id, the batch digest it computed itself, its decryption shares of
//   every R to decrypt with the batched DLEQ proof, and its VRF share for the session's seed.
//
// Both are binary (a 10,000-order request is ~5 MB; hex JSON would double it and cost a
// parse) and strictly parsed: magic, version, exact lengths, trailing bytes refused, errors
// naming the field. The signatures cover every byte before them under their own domains.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "phantompool/common/result.h"
#include "phantompool/crypto/threshold/decryption_share.h"
#include "phantompool/crypto/threshold/participant_key.h"
#include "phantompool/crypto/threshold/vrf.h"
#include "phantompool/order/kem_statement.h"

namespace phantompool::executor {

using Bytes32 = std::array<uint8_t, 32>;
using crypto::threshold::ParticipantKey;
using crypto::threshold::ParticipantPublicKey;

inline constexpr std::string_view kDecryptRequestDomain = "phantompool/decrypt-request/v1";
inline constexpr std::string_view kDecryptResponseDomain = "phantompool/decrypt-response/v1";
inline constexpr size_t kMaxBatchOrders = 1'000'000;

// The session before: the executor recomputes its seed from its number, its batch digest
// and the output before it — a seed names its pair and session number, and at most one seed
// per (pair, session) can gather t VRF shares (each executor answers a session once) — and
// then recomputes its output from t valid shares. The coordinator can neither invent a
// previous output nor pass off an older one.
struct PreviousSession {
  uint64_t session_number = 0;
  Bytes32 previous_output{};  // the output of the session before it (zeros for session 1)
  Bytes32 batch_digest{};
  Bytes32 seed{};
  std::vector<crypto::threshold::VrfShare> vrf_shares;  // ≥ t valid ones
};

struct BatchItem {
  std::string order_id;                    // decimal encrypted_orders.id
  std::optional<order::KemStatement> kem;  // to decrypt
  Bytes32 ciphertext_hash{};               // always set (from kem when present)
};

struct DecryptRequest {
  std::string pair;
  uint64_t session_id = 0;
  uint64_t session_number = 0;
  uint32_t key_epoch = 0;
  int64_t closed_at_ms = 0;
  std::optional<PreviousSession> previous;  // absent for a pair's first session
  std::vector<BatchItem> batch;             // ascending order id

  // The bytes the signature covers, then the signature.
  std::vector<uint8_t> Serialize(const ParticipantKey& coordinator) const;
  // Parses and checks the signature against `coordinator`. Unauthenticated ("signature")
  // if it does not verify.
  static Result<DecryptRequest> Parse(std::span<const uint8_t> bytes,
                                      const ParticipantPublicKey& coordinator);

  // The batch digest over every item, in order (auction/session_draw.h).
  Bytes32 BatchDigest() const;
};

struct DecryptResponse {
  uint32_t index = 0;
  uint64_t session_id = 0;
  Bytes32 batch_digest{};
  std::optional<crypto::threshold::DecryptionShares> shares;  // absent when nothing to decrypt
  std::optional<crypto::threshold::VrfShare> vrf_share;       // always present once parsed
  crypto::threshold::Signature signature{};

  std::vector<uint8_t> Serialize(const ParticipantKey& executor);
  // Structure and the executor's signature; the shares' proofs are the coordinator's to
  // check against the key set.
  static Result<DecryptResponse> Parse(std::span<const uint8_t> bytes,
                                       const ParticipantPublicKey& executor);
};

}  // namespace phantompool::executor
