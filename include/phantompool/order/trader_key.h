// TraderKey: a trader's Ed25519 key (libsodium). It signs orders and requests, and its seed
// is the root from which every order's blinding factors are derived (order_secrets.h), so
// a trader who loses local state recovers them from the key and the order nonces.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string_view>

#include "phantompool/common/result.h"
#include "phantompool/crypto/rng.h"

namespace phantompool::order {

inline constexpr size_t kPublicKeyBytes = 32;
inline constexpr size_t kSeedBytes = 32;
inline constexpr size_t kSignatureBytes = 64;
using PublicKey = std::array<uint8_t, kPublicKeyBytes>;
using Signature = std::array<uint8_t, kSignatureBytes>;

class TraderKey {
 public:
  static TraderKey Generate(crypto::Rng& rng);
  static Result<TraderKey> FromSeed(std::span<const uint8_t> seed, std::string_view field);

  TraderKey(const TraderKey&) = delete;
  TraderKey& operator=(const TraderKey&) = delete;
  TraderKey(TraderKey&& other) noexcept;
  TraderKey& operator=(TraderKey&& other) noexcept;
  ~TraderKey();

  const PublicKey& public_key() const { return public_key_; }
  // Ed25519 over `domain` || message: the domain keeps an order signature from ever being
  // valid as a request signature and vice versa.
  Signature Sign(std::string_view domain, std::span<const uint8_t> message) const;
  // The seed, for HKDF and for saving the key file. Greppable on purpose.
  std::span<const uint8_t, kSeedBytes> ExposeSeed() const { return seed_; }

 private:
  TraderKey() = default;
  void Wipe();

  std::array<uint8_t, kSeedBytes> seed_{};
  std::array<uint8_t, 64> secret_key_{};
  PublicKey public_key_{};
};

Status VerifySignature(const PublicKey& public_key, std::string_view domain,
                       std::span<const uint8_t> message, const Signature& signature);

}  // namespace phantompool::order
