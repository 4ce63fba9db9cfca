#include "phantompool/crypto/rng.h"

#include <sodium.h>

#include <cstring>
#include <vector>

#include "phantompool/common/check.h"

namespace phantompool::crypto {

void EnsureSodium() {
  static const bool initialised = [] { return sodium_init() >= 0; }();
  PP_CHECK(initialised);
}

SystemRng::SystemRng() {
  EnsureSodium();
}

void SystemRng::Fill(std::span<uint8_t> out) {
  randombytes_buf(out.data(), out.size());
}

DeterministicRng::DeterministicRng(std::array<uint8_t, 32> seed) : seed_(seed) {
  EnsureSodium();
}

DeterministicRng::DeterministicRng(uint64_t seed) : seed_{} {
  EnsureSodium();
  for (int i = 0; i < 8; ++i) seed_[i] = static_cast<uint8_t>(seed >> (8 * i));
}

void DeterministicRng::Fill(std::span<uint8_t> out) {
  // Each call derives a fresh stream key from (seed, counter) so successive calls differ.
  std::array<uint8_t, 32> key;
  std::array<uint8_t, 40> input;
  std::memcpy(input.data(), seed_.data(), 32);
  for (int i = 0; i < 8; ++i) input[32 + i] = static_cast<uint8_t>(counter_ >> (8 * i));
  ++counter_;
  crypto_generichash(key.data(), key.size(), input.data(), input.size(), nullptr, 0);
  randombytes_buf_deterministic(out.data(), out.size(), key.data());
  sodium_memzero(key.data(), key.size());
}

}  // namespace phantompool::crypto
