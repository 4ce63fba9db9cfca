// Authenticated encryption: XChaCha20-Poly1305 (libsodium's IETF construction). The 24-byte
// nonce is long enough to be drawn at random for every message; callers draw it from the
// Rng and never choose it.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "phantompool/common/result.h"
#include "phantompool/crypto/rng.h"
#include "phantompool/crypto/secret_bytes.h"

namespace phantompool::crypto {

inline constexpr size_t kAeadKeyBytes = 32;
inline constexpr size_t kAeadNonceBytes = 24;
inline constexpr size_t kAeadTagBytes = 16;
using AeadNonce = std::array<uint8_t, kAeadNonceBytes>;

AeadNonce RandomAeadNonce(Rng& rng);

// ciphertext || tag. `key` must be kAeadKeyBytes long.
std::vector<uint8_t> AeadSeal(const SecretBytes& key, const AeadNonce& nonce,
                              std::span<const uint8_t> associated_data,
                              std::span<const uint8_t> plaintext);

// The plaintext, or VerificationFailed naming `field` if the ciphertext, the tag, the nonce,
// the key or the associated data differ from what was sealed (which of them is not said).
Result<SecretBytes> AeadOpen(const SecretBytes& key, const AeadNonce& nonce,
                             std::span<const uint8_t> associated_data,
                             std::span<const uint8_t> ciphertext, std::string_view field);

}  // namespace phantompool::crypto
