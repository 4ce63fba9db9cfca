// LimbTable: the discrete logs of v·G for every 16-bit limb v, so that a decrypted limb
// (v·G, public once the quorum has decrypted it) maps back to v with one encoding and
// one probe.
//
// The table is built once, lazily and thread-safely, on first use: 65,536 points
// v·G = (v−1)·G + G, each encoded (the dominant cost, one inverse square root each), the
// work split across up to four threads. Encodings are keyed by 64 of their bits in a flat
// open-addressing table at load ½ (no per-entry allocation, one cache line per probe);
// a hit is confirmed against the full stored encoding, so a lookup is exact. Lookups
// are variable time: only decrypted (public) points go in.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <vector>

#include "phantompool/common/result.h"
#include "phantompool/crypto/elgamal.h"
#include "phantompool/crypto/point.h"
#include "phantompool/crypto/secret_scalar.h"

namespace phantompool::crypto {

class LimbTable {
 public:
  static constexpr size_t kEntries = size_t{1} << kLimbBits;

  // The process-wide table, built on the first call.
  static const LimbTable& Get();
  // A fresh table, not shared: for the benchmark that times the build. Use Get().
  static std::unique_ptr<const LimbTable> BuildUncached();

  // v if p = v·G for some v in [0, 2^16), else nothing. Variable time.
  std::optional<uint16_t> Lookup(const Point& p) const;
  std::optional<uint16_t> LookupEncoding(std::span<const uint8_t, kPointBytes> encoding) const;

  LimbTable(const LimbTable&) = delete;
  LimbTable& operator=(const LimbTable&) = delete;

 private:
  LimbTable();
  void Insert(uint16_t v);

  static constexpr size_t kSlotBits = kLimbBits + 1;
  static constexpr size_t kSlots = size_t{1} << kSlotBits;

  // Slot i holds key_[i] (64 bits of an encoding) and value_plus_one_[i] (0 = empty).
  std::vector<uint64_t> keys_;
  std::vector<uint32_t> value_plus_one_;
  // encodings_[v] = Encode(v·G): confirms a hit and rules out key collisions.
  std::vector<std::array<uint8_t, kPointBytes>> encodings_;
};

// The limb v from its decryption v·G (after CombineDecryption). Fails with
// InvalidArgument on "limb" when the point is not v·G for a 16-bit v.
Result<uint16_t> RecoverLimb(const Point& v_G);

// Decrypt one limb ciphertext with the whole key: M − sk·R, then the table.
Result<uint16_t> DecryptLimb(const ElGamalCiphertext& ct, const SecretScalar& sk);

// Decrypt the four limb ciphertexts of a u64 (little-endian limbs) and join them.
Result<uint64_t> DecryptU64(std::span<const ElGamalCiphertext, kLimbsPerU64> limbs,
                            const SecretScalar& sk);

}  // namespace phantompool::crypto
