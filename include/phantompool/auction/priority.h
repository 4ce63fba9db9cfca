// The VRF-drawn priority among orders at the same price.
//
// Time priority would let the fastest trader win at the marginal price; PhantomPool has
// none. Instead, once a batch has closed and the executor quorum has produced the
// session's VRF output, every order gets a 64-bit rank
//
//   k    = BLAKE2b-128(message = "PhantomPool/auction/priority/v1", key = vrf_output)
//   rank = SipHash-2-4_k(order id bytes), read as a little-endian uint64
//
// Owners get a rank the same way, under their own label. At the marginal price the lots
// that pro-rata rounding leaves over go one each to the owners first in rank order, then,
// within an owner, to its orders first in rank order (then by id or owner bytes, only if
// two ranks collide). The ranks are a pseudo-random permutation that no one can predict
// before the VRF output exists, and an auditor recomputes them from public data.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

namespace phantompool::auction {

// A keyed 64-bit hash of strings, keyed by BLAKE2b(label, key = vrf_output).
class KeyedStringHash {
 public:
  KeyedStringHash(const std::array<uint8_t, 32>& vrf_output, std::string_view label);
  uint64_t operator()(std::string_view text) const;

 private:
  std::array<uint8_t, 16> key_;
};

inline constexpr std::string_view kPriorityLabel = "PhantomPool/auction/priority/v1";
inline constexpr std::string_view kOwnerPriorityLabel = "PhantomPool/auction/owner-priority/v1";

// The priority rank of an order id under a session's VRF output.
class PriorityRanks {
 public:
  explicit PriorityRanks(const std::array<uint8_t, 32>& vrf_output)
      : hash_(vrf_output, kPriorityLabel) {}
  uint64_t RankOf(std::string_view order_id) const { return hash_(order_id); }

 private:
  KeyedStringHash hash_;
};

// The rank of an owner under a session's VRF output.
class OwnerRanks {
 public:
  explicit OwnerRanks(const std::array<uint8_t, 32>& vrf_output)
      : hash_(vrf_output, kOwnerPriorityLabel) {}
  uint64_t RankOf(std::string_view owner) const { return hash_(owner); }

 private:
  KeyedStringHash hash_;
};

}  // namespace phantompool::auction
