// The replay format: one session in, its result out, both JSON (docs/auction.md, "Replay").
//
// This is what `phantompool auction --input FILE` reads and prints, and what an auditor
// feeds back to re-run a session. The input carries everything the result depends on and
// what makes the draw verifiable: the pair's parameters, the session number, the reference
// price with the session it comes from, the orders with their ciphertext hashes, and the
// VRF material (previous output, batch digest, seed, the executors' public key set, their
// VRF shares and the combined output). The output is a deterministic function of the input
// (orders sorted by id, trades in priority order, fixed key order), so two runs anywhere
// produce the same bytes.
//
// Parsing is strict and one pass (SAX: no document tree, linear in the input): unknown or
// duplicate keys, missing fields, wrong types, negative, fractional or exponent numbers,
// integers beyond their range and malformed hex are rejected with the field's path
// ("orders[2].price", "pair.tick_size", "vrf.seed"); text that is not JSON as "input".
#pragma once

#include <array>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "phantompool/auction/auction_result.h"
#include "phantompool/auction/clear.h"
#include "phantompool/auction/order.h"
#include "phantompool/auction/session_draw.h"
#include "phantompool/common/result.h"
#include "phantompool/order/pair_spec.h"

namespace phantompool::auction {

inline constexpr uint64_t kReplayFormatVersion = 2;

// The threshold VRF's public material for one session (wire bytes of
// crypto::threshold::PublicKeySet and VrfShare, see docs/auction.md).
struct VrfMaterial {
  Digest32 previous_output{};  // the previous session's output; zeros for a pair's first
  Digest32 batch_digest{};     // as claimed: recomputed from the orders
  Digest32 seed{};             // as claimed: recomputed from the above
  std::vector<uint8_t> public_key_set;
  std::vector<std::vector<uint8_t>> shares;
  Digest32 output{};  // the combined output: SessionInputs::vrf_output
};

struct ReplayInput {
  order::PairSpec pair;
  uint64_t session_number = 0;  // >= 1
  // The session whose clearing price is the reference price; nullopt: the pair's listing
  // reference (no session of the pair has traded yet).
  std::optional<uint64_t> reference_from_session;
  SessionInputs session;  // reference price, vrf_output (= vrf.output), now
  VrfMaterial vrf;
  std::vector<Order> orders;                // in frozen-batch order
  std::vector<Digest32> ciphertext_hashes;  // parallel to orders
};

// What VerifyReplayInputs established. Each flag is true only if that check was run and
// passed.
struct ReplayChecks {
  bool batch_digest = false;  // recomputed from the orders' ids and ciphertext hashes
  bool seed = false;          // recomputed from pair, session, previous output and digest
  bool vrf_output = false;    // every share verified against the key set, combined, equal
};

Result<ReplayInput> ParseReplayInput(std::string_view text);

// Checks the session fields that chain sessions (InvalidArgument), recomputes the batch
// digest and the seed and compares them with the input's, then verifies every VRF share
// (its DLEQ proof against the key set, on that seed), combines them and compares the result
// with vrf.output. A key set or share that does not parse is InvalidArgument naming it; a
// mismatch or a share that does not verify is VerificationFailed naming "vrf.batch_digest",
// "vrf.seed", "vrf.shares[i]", "vrf.shares" (fewer than t valid) or "vrf.output".
Result<ReplayChecks> VerifyReplayInputs(const ReplayInput& input);

// The result document (two-space indented, trailing newline), written in pieces to `out`
// as it is produced: nothing of the size of the output is held in memory. Returns false if
// a write failed.
bool WriteReplayOutput(const ReplayInput& input, const ReplayChecks& checks,
                       const AuctionResult& result, std::FILE* out);
// The same document as a string.
std::string FormatReplayOutput(const ReplayInput& input, const ReplayChecks& checks,
                               const AuctionResult& result);

// {"error":{"code":"invalid_argument","field":"orders[2].price","message":"..."}}
std::string FormatErrorJson(const Status& status);

}  // namespace phantompool::auction
