// The inputs of a session's random draw: the digest of the frozen batch and the VRF seed.
//
// The executors' threshold VRF is evaluated on a seed that commits to everything the
// operator could otherwise choose after seeing the batch:
//
//   batch_digest = BLAKE2b-256(frame("PhantomPool/auction/batch-digest/v1")
//                              || for each order of the frozen batch, in batch order:
//                                   frame(order id) || ciphertext hash (32 bytes)
//                              || u64le(number of orders))
//   seed = BLAKE2b-256(frame("PhantomPool/auction/vrf-seed/v1") || frame(pair symbol)
//                      || u64le(session number) || previous session's VRF output (32 bytes)
//                      || batch_digest)
//
// where frame(x) = u32le(byte length of x) || x, so no two inputs share an encoding. The
// previous output chains the sessions of a pair (the pair's first session uses 32 zero
// bytes); the digest fixes the batch, so the operator can neither re-draw (the output is
// unique for a seed) nor swap orders in after seeing the draw. The auction module defines
// both because it sits below the executor module, which computes them too; an auditor
// recomputes them from the replay file (docs/auction.md, section 11, with test vectors).
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string_view>

namespace phantompool::auction {

using Digest32 = std::array<uint8_t, 32>;

inline constexpr std::string_view kBatchDigestLabel = "PhantomPool/auction/batch-digest/v1";
inline constexpr std::string_view kVrfSeedLabel = "PhantomPool/auction/vrf-seed/v1";

// The batch digest, computed incrementally (a million-order batch needs no copy of its ids).
class BatchDigest {
 public:
  BatchDigest();
  BatchDigest(const BatchDigest&) = delete;
  BatchDigest& operator=(const BatchDigest&) = delete;

  // The next order of the frozen batch. Ids are at most 2^32 - 1 bytes (batch validation
  // allows 64).
  void Add(std::string_view order_id, const Digest32& ciphertext_hash);
  Digest32 Finish();  // once

 private:
  alignas(64) unsigned char state_[384];  // libsodium's crypto_generichash_state
  uint64_t count_ = 0;
  bool finished_ = false;
};

Digest32 VrfSeed(std::string_view pair_symbol, uint64_t session_number,
                 const Digest32& previous_vrf_output, const Digest32& batch_digest);

}  // namespace phantompool::auction
