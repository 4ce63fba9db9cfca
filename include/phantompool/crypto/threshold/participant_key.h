// ParticipantKey: a DKG participant's long-term identity (libsodium).
//
// Two key pairs derived from one 32-byte seed: an Ed25519 key that signs every DKG message
// (so a relay can forward but not forge), and an X25519 key that receives the shares other
// dealers seal to this participant with crypto_box. They are separate keys rather than one
// Ed25519 key converted to Curve25519: the two uses never share a secret scalar, and
// deriving both from the seed still keeps one secret to store (docs/crypto-threshold.md).
// The roster of public keys is configuration that the operators agree on out of band; its
// hash is part of every DKG's context id.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "phantompool/common/result.h"
#include "phantompool/crypto/rng.h"
#include "phantompool/crypto/secret_bytes.h"

namespace phantompool::crypto::threshold {

inline constexpr size_t kKeySeedBytes = 32;
inline constexpr size_t kSignatureBytes = 64;
// A sealed box: a 24-byte nonce, then the ciphertext with its 16-byte Poly1305 tag.
inline constexpr size_t kBoxNonceBytes = 24;
inline constexpr size_t kBoxOverheadBytes = kBoxNonceBytes + 16;
using Signature = std::array<uint8_t, kSignatureBytes>;

struct ParticipantPublicKey {
  std::array<uint8_t, 32> signing{};  // Ed25519
  std::array<uint8_t, 32> box{};      // X25519, for crypto_box

  static constexpr size_t kSize = 64;
  std::array<uint8_t, kSize> Serialize() const;
  // signing || box. The Ed25519 key must be a canonical point of the prime-order subgroup
  // and the X25519 key must not be of low order (a low-order key would make every box to
  // it readable by anyone). Errors name "<field>.signing" / "<field>.box".
  static Result<ParticipantPublicKey> Parse(std::span<const uint8_t> bytes,
                                            std::string_view field = "participant_key");

  friend bool operator==(const ParticipantPublicKey&, const ParticipantPublicKey&) = default;
};

class ParticipantKey {
 public:
  static ParticipantKey Generate(Rng& rng);
  static Result<ParticipantKey> FromSeed(std::span<const uint8_t> seed, std::string_view field);

  ParticipantKey(const ParticipantKey&) = delete;
  ParticipantKey& operator=(const ParticipantKey&) = delete;
  ParticipantKey(ParticipantKey&& other) noexcept;
  ParticipantKey& operator=(ParticipantKey&& other) noexcept;
  ~ParticipantKey();

  const ParticipantPublicKey& public_key() const { return public_key_; }
  // The seed, for saving the key and for copying it into a DKG's state. Greppable.
  std::span<const uint8_t, kKeySeedBytes> ExposeSeed() const { return seed_; }

  // Ed25519 over `domain` || 0 || message: a DKG message signature can never be valid as
  // another kind of message or in another protocol.
  Signature Sign(std::string_view domain, std::span<const uint8_t> message) const;

  // crypto_box (X25519, XSalsa20-Poly1305) of a secret plaintext from this key to
  // `recipient`: nonce || ciphertext, kBoxOverheadBytes longer than the plaintext. The
  // nonce is hedged: BLAKE2b of 32 fresh bytes from `rng`, both public keys and the
  // plaintext, so a broken Rng cannot repeat a nonce under different plaintexts. The box
  // is published (declassified for the constant-time check).
  std::vector<uint8_t> Seal(const ParticipantPublicKey& recipient,
                            std::span<const uint8_t> plaintext, Rng& rng) const;
  // Opens a box that `sender` sealed to this key. Empty unless the box authenticates. The
  // plaintext is secret: it is classified for the constant-time check as it comes out.
  std::optional<SecretBytes> Open(const ParticipantPublicKey& sender,
                                  std::span<const uint8_t> box) const;

 private:
  ParticipantKey() = default;
  void Wipe();

  std::array<uint8_t, kKeySeedBytes> seed_{};
  std::array<uint8_t, 64> signing_secret_{};
  std::array<uint8_t, 32> box_secret_{};
  ParticipantPublicKey public_key_;
};

// Ed25519 verification over `domain` || 0 || message. VerificationFailed on `field`.
Status VerifyParticipantSignature(const ParticipantPublicKey& signer, std::string_view domain,
                                  std::span<const uint8_t> message, const Signature& signature,
                                  std::string_view field);

}  // namespace phantompool::crypto::threshold
