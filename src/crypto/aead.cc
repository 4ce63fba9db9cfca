#include "phantompool/crypto/aead.h"

#include <sodium.h>

#include "phantompool/common/check.h"

namespace phantompool::crypto {

static_assert(kAeadKeyBytes == crypto_aead_xchacha20poly1305_ietf_KEYBYTES);
static_assert(kAeadNonceBytes == crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
static_assert(kAeadTagBytes == crypto_aead_xchacha20poly1305_ietf_ABYTES);

AeadNonce RandomAeadNonce(Rng& rng) {
  AeadNonce n;
  rng.Fill(n);
  return n;
}

std::vector<uint8_t> AeadSeal(const SecretBytes& key, const AeadNonce& nonce,
                              std::span<const uint8_t> associated_data,
                              std::span<const uint8_t> plaintext) {
  EnsureSodium();
  PP_CHECK(key.size() == kAeadKeyBytes);
  std::vector<uint8_t> out(plaintext.size() + kAeadTagBytes);
  unsigned long long written = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(
      out.data(), &written, plaintext.data(), plaintext.size(), associated_data.data(),
      associated_data.size(), nullptr, nonce.data(), key.ExposeSecret().data());
  PP_CHECK(written == out.size());
  return out;
}

Result<SecretBytes> AeadOpen(const SecretBytes& key, const AeadNonce& nonce,
                             std::span<const uint8_t> associated_data,
                             std::span<const uint8_t> ciphertext, std::string_view field) {
  EnsureSodium();
  PP_CHECK(key.size() == kAeadKeyBytes);
  if (ciphertext.size() < kAeadTagBytes) {
    return Status::InvalidArgument(std::string(field), "shorter than the authentication tag");
  }
  SecretBytes out(ciphertext.size() - kAeadTagBytes);
  unsigned long long written = 0;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(out.ExposeSecretMutable().data(), &written,
                                                 nullptr, ciphertext.data(), ciphertext.size(),
                                                 associated_data.data(), associated_data.size(),
                                                 nonce.data(), key.ExposeSecret().data()) != 0) {
    return Status::VerificationFailed(std::string(field),
                                      "does not decrypt (authentication failed)");
  }
  PP_CHECK(written == out.size());
  return out;
}

}  // namespace phantompool::crypto
