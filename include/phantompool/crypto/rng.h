// Rng: the one seam through which randomness enters the crypto code.
//
// Production code uses SystemRng (libsodium's randombytes, the OS CSPRNG). Tests seed a
// DeterministicRng to make proofs reproducible. APIs that need randomness take an Rng&;
// none takes a caller-chosen nonce.
#pragma once

#include <array>
#include <cstdint>
#include <span>

namespace phantompool::crypto {

// Initialises libsodium once; safe to call from any thread, any number of times.
void EnsureSodium();

class Rng {
 public:
  virtual ~Rng() = default;
  virtual void Fill(std::span<uint8_t> out) = 0;
};

class SystemRng final : public Rng {
 public:
  SystemRng();
  void Fill(std::span<uint8_t> out) override;
};

// ChaCha20 keystream from a 32-byte seed (libsodium's randombytes_buf_deterministic with a
// counter): reproducible, for tests and benchmarks only.
class DeterministicRng final : public Rng {
 public:
  explicit DeterministicRng(std::array<uint8_t, 32> seed);
  explicit DeterministicRng(uint64_t seed);
  void Fill(std::span<uint8_t> out) override;

 private:
  std::array<uint8_t, 32> seed_;
  uint64_t counter_ = 0;
};

}  // namespace phantompool::crypto
