#include "phantompool/crypto/limb_table.h"

#include <algorithm>
#include <cstring>
#include <string>
#include <system_error>
#include <thread>

#include "phantompool/common/check.h"

namespace phantompool::crypto {
namespace {

constexpr unsigned kMaxBuildThreads = 4;

// Bytes 8..15 of an encoding: the low bit of byte 0 is always 0 (s is non-negative), and
// the all-zero identity encoding is told apart by the occupancy marker, not by the key.
uint64_t KeyOf(std::span<const uint8_t, kPointBytes> encoding) {
  uint64_t key;
  std::memcpy(&key, encoding.data() + 8, sizeof key);
  return key;
}

size_t SlotOf(uint64_t key, size_t slot_bits) {
  // Fibonacci hashing: the multiply spreads any structure in the key over the top bits.
  return static_cast<size_t>((key * 0x9E3779B97F4A7C15ull) >> (64 - slot_bits));
}

// Encodes v·G for v in [begin, end) into out[begin..end).
void EncodeRange(size_t begin, size_t end, std::vector<std::array<uint8_t, kPointBytes>>& out) {
  const Point g = Point::Base();
  Point p = Point::MulBase(Scalar::FromU64(begin));
  for (size_t v = begin; v < end; ++v) {
    out[v] = p.Encode();
    p += g;
  }
}

}  // namespace

LimbTable::LimbTable() : keys_(kSlots, 0), value_plus_one_(kSlots, 0), encodings_(kEntries) {
  const unsigned hw = std::max(1u, std::thread::hardware_concurrency());
  const unsigned threads = std::min(kMaxBuildThreads, hw);
  std::vector<std::thread> workers;
  for (unsigned t = 1; t < threads; ++t) {
    const size_t begin = kEntries * t / threads, end = kEntries * (t + 1) / threads;
    try {
      workers.emplace_back(EncodeRange, begin, end, std::ref(encodings_));
    } catch (const std::system_error&) {
      EncodeRange(begin, end, encodings_);  // no thread to be had: do the share here
    }
  }
  EncodeRange(0, kEntries / threads, encodings_);
  for (auto& w : workers) w.join();
  for (size_t v = 0; v < kEntries; ++v) Insert(static_cast<uint16_t>(v));
}

void LimbTable::Insert(uint16_t v) {
  const uint64_t key = KeyOf(encodings_[v]);
  size_t slot = SlotOf(key, kSlotBits);
  while (value_plus_one_[slot] != 0) slot = (slot + 1) & (kSlots - 1);
  keys_[slot] = key;
  value_plus_one_[slot] = static_cast<uint32_t>(v) + 1;
}

const LimbTable& LimbTable::Get() {
  static const LimbTable* const table = new LimbTable();  // never destroyed: used at exit too
  return *table;
}

std::unique_ptr<const LimbTable> LimbTable::BuildUncached() {
  return std::unique_ptr<const LimbTable>(new LimbTable());
}

std::optional<uint16_t> LimbTable::LookupEncoding(
    std::span<const uint8_t, kPointBytes> encoding) const {
  const uint64_t key = KeyOf(encoding);
  // Load ½ keeps probe runs short; an empty slot ends the search.
  for (size_t slot = SlotOf(key, kSlotBits);; slot = (slot + 1) & (kSlots - 1)) {
    const uint32_t stored = value_plus_one_[slot];
    if (stored == 0) return std::nullopt;
    if (keys_[slot] != key) continue;
    const uint16_t v = static_cast<uint16_t>(stored - 1);
    if (std::equal(encoding.begin(), encoding.end(), encodings_[v].begin())) return v;
  }
}

std::optional<uint16_t> LimbTable::Lookup(const Point& p) const {
  const auto encoding = p.Encode();
  return LookupEncoding(encoding);
}

Result<uint16_t> RecoverLimb(const Point& v_G) {
  const auto v = LimbTable::Get().Lookup(v_G);
  if (!v) {
    return Status::InvalidArgument("limb", "decrypts to a value outside [0, 2^16)");
  }
  return *v;
}

Result<uint16_t> DecryptLimb(const ElGamalCiphertext& ct, const SecretScalar& sk) {
  return RecoverLimb(ElGamalDecryptToPoint(ct, sk));
}

Result<uint64_t> DecryptU64(std::span<const ElGamalCiphertext, kLimbsPerU64> limbs,
                            const SecretScalar& sk) {
  std::array<uint16_t, kLimbsPerU64> values;
  for (size_t i = 0; i < kLimbsPerU64; ++i) {
    auto v = DecryptLimb(limbs[i], sk);
    if (!v.ok()) return v.status().WithFieldPrefix("limbs[" + std::to_string(i) + "]");
    values[i] = *v;
  }
  return JoinLimbs(values);
}

}  // namespace phantompool::crypto
