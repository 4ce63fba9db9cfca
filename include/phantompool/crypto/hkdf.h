// HKDF-SHA-256 (RFC 5869) over libsodium's HMAC-SHA-256. libsodium 1.0.18 (Debian 12) has
// no crypto_kdf_hkdf_*, so extract and expand are written here on top of its HMAC.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string_view>

#include "phantompool/common/result.h"

namespace phantompool::crypto {

inline constexpr size_t kHkdfMaxOutput = 255 * 32;

// Fills `out` (at most 255·32 bytes) with HKDF-SHA-256(ikm, salt, info). The output is
// secret when the ikm is; the caller wipes it.
void HkdfSha256(std::span<const uint8_t> ikm, std::span<const uint8_t> salt,
                std::span<const uint8_t> info, std::span<uint8_t> out);

}  // namespace phantompool::crypto
