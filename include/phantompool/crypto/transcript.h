// Transcript: Fiat–Shamir in the style of Merlin, over BLAKE2b-512 (libsodium).
//
// A transcript starts from a versioned protocol label, then absorbs labelled messages:
// every absorb is length-prefixed with its label, so no two different sequences of
// messages hash alike. Challenges are squeezed from a copy of the state and then absorbed
// back, so each challenge binds everything before it. Every proof binds the statement,
// the protocol version and a context (pair, user, nonce) so that it cannot be replayed
// elsewhere.
#pragma once

#include <sodium.h>

#include <cstdint>
#include <span>
#include <string_view>

#include "phantompool/common/result.h"
#include "phantompool/crypto/point.h"
#include "phantompool/crypto/scalar.h"

namespace phantompool::crypto {

class Transcript {
 public:
  // `protocol` is a versioned domain separator, e.g. "phantompool/range-proof/v1".
  explicit Transcript(std::string_view protocol);

  void AppendMessage(std::string_view label, std::span<const uint8_t> message);
  void AppendMessage(std::string_view label, std::string_view message);
  void AppendU64(std::string_view label, uint64_t value);
  void AppendScalar(std::string_view label, const Scalar& s);
  // Appends a point that may legitimately be the identity (e.g. a commitment to 0 with 0
  // blinding is impossible in practice, but statements from outside are checked here).
  void AppendPoint(std::string_view label, const Point& p);
  // Refuses the identity before it can poison a challenge (dalek's
  // validate_and_append_point): a prover-chosen identity would zero out terms.
  Status ValidateAndAppendPoint(std::string_view label, const Point& p);

  // A challenge scalar: 64 bytes squeezed, reduced modulo ℓ.
  Scalar ChallengeScalar(std::string_view label);
  void ChallengeBytes(std::string_view label, std::span<uint8_t> out);

 private:
  void Absorb(std::span<const uint8_t> bytes);
  void AbsorbFramed(std::string_view label, std::span<const uint8_t> message);

  crypto_generichash_blake2b_state state_;
};

// The context every order-related proof binds: which pair, which user, which nonce.
struct ProofContext {
  std::string_view pair;
  std::string_view user;
  std::span<const uint8_t> nonce;
};
void AppendContext(Transcript& t, const ProofContext& ctx);

}  // namespace phantompool::crypto
