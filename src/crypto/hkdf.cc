#include "phantompool/crypto/hkdf.h"

#include <sodium.h>

#include <algorithm>

#include "phantompool/common/check.h"
#include "phantompool/crypto/rng.h"

namespace phantompool::crypto {

void HkdfSha256(std::span<const uint8_t> ikm, std::span<const uint8_t> salt,
                std::span<const uint8_t> info, std::span<uint8_t> out) {
  EnsureSodium();
  PP_CHECK(out.size() <= kHkdfMaxOutput);
  // Extract: PRK = HMAC(salt, IKM); an absent salt is HashLen zero bytes (RFC 5869 §2.2).
  std::array<uint8_t, crypto_auth_hmacsha256_BYTES> prk;
  std::array<uint8_t, crypto_auth_hmacsha256_BYTES> zero_salt{};
  const auto key = salt.empty() ? std::span<const uint8_t>(zero_salt) : salt;
  crypto_auth_hmacsha256_state st;
  crypto_auth_hmacsha256_init(&st, key.data(), key.size());
  crypto_auth_hmacsha256_update(&st, ikm.data(), ikm.size());
  crypto_auth_hmacsha256_final(&st, prk.data());

  // Expand: T(i) = HMAC(PRK, T(i-1) || info || i).
  std::array<uint8_t, crypto_auth_hmacsha256_BYTES> block{};
  size_t done = 0;
  for (uint8_t i = 1; done < out.size(); ++i) {
    crypto_auth_hmacsha256_init(&st, prk.data(), prk.size());
    if (i > 1) crypto_auth_hmacsha256_update(&st, block.data(), block.size());
    crypto_auth_hmacsha256_update(&st, info.data(), info.size());
    crypto_auth_hmacsha256_update(&st, &i, 1);
    crypto_auth_hmacsha256_final(&st, block.data());
    const size_t take = std::min(block.size(), out.size() - done);
    std::copy_n(block.begin(), take, out.begin() + done);
    done += take;
  }
  sodium_memzero(prk.data(), prk.size());
  sodium_memzero(block.data(), block.size());
  sodium_memzero(&st, sizeof st);
}

}  // namespace phantompool::crypto
