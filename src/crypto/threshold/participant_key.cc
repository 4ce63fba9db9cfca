#include "phantompool/crypto/threshold/participant_key.h"

#include <sodium.h>

#include <algorithm>
#include <string>

#include "phantompool/common/check.h"
#include "phantompool/crypto/ctime.h"

namespace phantompool::crypto::threshold {
namespace {

constexpr std::string_view kSigningSeedLabel = "phantompool/participant-key/v1/ed25519";
constexpr std::string_view kBoxSeedLabel = "phantompool/participant-key/v1/x25519";
constexpr std::string_view kBoxNonceLabel = "phantompool/participant-key/v1/box-nonce";

std::span<const uint8_t> AsBytes(std::string_view s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

// BLAKE2b-256(label || 0 || seed): one of the two key seeds derived from the root seed.
void DeriveSeed(std::string_view label, std::span<const uint8_t> seed, std::span<uint8_t, 32> out) {
  crypto_generichash_state st;
  crypto_generichash_init(&st, nullptr, 0, out.size());
  crypto_generichash_update(&st, AsBytes(label).data(), label.size());
  const uint8_t zero = 0;
  crypto_generichash_update(&st, &zero, 1);
  crypto_generichash_update(&st, seed.data(), seed.size());
  crypto_generichash_final(&st, out.data(), out.size());
  sodium_memzero(&st, sizeof st);
}

std::vector<uint8_t> DomainSeparated(std::string_view domain, std::span<const uint8_t> message) {
  std::vector<uint8_t> out;
  out.reserve(domain.size() + 1 + message.size());
  out.insert(out.end(), domain.begin(), domain.end());
  out.push_back(0);  // domains never contain NUL, so the split point is unambiguous
  out.insert(out.end(), message.begin(), message.end());
  return out;
}

// X25519 with a fixed scalar: zero output iff the key has low order (libsodium refuses).
bool HasLowOrder(std::span<const uint8_t, 32> x25519_key) {
  std::array<uint8_t, 32> scalar;
  scalar.fill(0x5a);
  std::array<uint8_t, 32> out;
  return crypto_scalarmult(out.data(), scalar.data(), x25519_key.data()) != 0;
}

}  // namespace

std::array<uint8_t, ParticipantPublicKey::kSize> ParticipantPublicKey::Serialize() const {
  std::array<uint8_t, kSize> out;
  std::copy(signing.begin(), signing.end(), out.begin());
  std::copy(box.begin(), box.end(), out.begin() + 32);
  return out;
}

Result<ParticipantPublicKey> ParticipantPublicKey::Parse(std::span<const uint8_t> bytes,
                                                         std::string_view field) {
  EnsureSodium();
  const std::string name(field);
  if (bytes.size() != kSize) {
    return Status::InvalidArgument(
        name, "must be " + std::to_string(kSize) + " bytes, got " + std::to_string(bytes.size()));
  }
  ParticipantPublicKey key;
  std::copy_n(bytes.begin(), 32, key.signing.begin());
  std::copy_n(bytes.begin() + 32, 32, key.box.begin());
  if (crypto_core_ed25519_is_valid_point(key.signing.data()) != 1) {
    return Status::InvalidArgument(name + ".signing",
                                   "not a canonical Ed25519 point of the prime-order subgroup");
  }
  if (HasLowOrder(key.box)) {
    return Status::InvalidArgument(name + ".box", "X25519 key of low order");
  }
  return key;
}

ParticipantKey ParticipantKey::Generate(Rng& rng) {
  std::array<uint8_t, kKeySeedBytes> seed;
  rng.Fill(seed);
  ParticipantKey key = std::move(FromSeed(seed, "seed")).value();
  sodium_memzero(seed.data(), seed.size());
  return key;
}

Result<ParticipantKey> ParticipantKey::FromSeed(std::span<const uint8_t> seed,
                                                std::string_view field) {
  EnsureSodium();
  if (seed.size() != kKeySeedBytes) {
    return Status::InvalidArgument(std::string(field), "seed must be 32 bytes");
  }
  ParticipantKey key;
  std::copy(seed.begin(), seed.end(), key.seed_.begin());
  std::array<uint8_t, 32> derived;
  DeriveSeed(kSigningSeedLabel, seed, derived);
  crypto_sign_seed_keypair(key.public_key_.signing.data(), key.signing_secret_.data(),
                           derived.data());
  DeriveSeed(kBoxSeedLabel, seed, derived);
  crypto_box_seed_keypair(key.public_key_.box.data(), key.box_secret_.data(), derived.data());
  sodium_memzero(derived.data(), derived.size());
  DeclassifyValue(key.public_key_);  // public by definition (constant-time check)
  return key;
}

ParticipantKey::ParticipantKey(ParticipantKey&& other) noexcept
    : seed_(other.seed_),
      signing_secret_(other.signing_secret_),
      box_secret_(other.box_secret_),
      public_key_(other.public_key_) {
  other.Wipe();
}

ParticipantKey& ParticipantKey::operator=(ParticipantKey&& other) noexcept {
  if (this != &other) {
    seed_ = other.seed_;
    signing_secret_ = other.signing_secret_;
    box_secret_ = other.box_secret_;
    public_key_ = other.public_key_;
    other.Wipe();
  }
  return *this;
}

ParticipantKey::~ParticipantKey() {
  Wipe();
}

void ParticipantKey::Wipe() {
  sodium_memzero(seed_.data(), seed_.size());
  sodium_memzero(signing_secret_.data(), signing_secret_.size());
  sodium_memzero(box_secret_.data(), box_secret_.size());
}

Signature ParticipantKey::Sign(std::string_view domain, std::span<const uint8_t> message) const {
  const auto m = DomainSeparated(domain, message);
  Signature sig;
  crypto_sign_detached(sig.data(), nullptr, m.data(), m.size(), signing_secret_.data());
  DeclassifyValue(sig);  // a signature is published
  return sig;
}

std::vector<uint8_t> ParticipantKey::Seal(const ParticipantPublicKey& recipient,
                                          std::span<const uint8_t> plaintext, Rng& rng) const {
  std::array<uint8_t, 32> fresh;
  rng.Fill(fresh);
  std::vector<uint8_t> out(kBoxOverheadBytes + plaintext.size());
  crypto_generichash_state st;
  crypto_generichash_init(&st, nullptr, 0, kBoxNonceBytes);
  crypto_generichash_update(&st, AsBytes(kBoxNonceLabel).data(), kBoxNonceLabel.size());
  crypto_generichash_update(&st, fresh.data(), fresh.size());
  crypto_generichash_update(&st, public_key_.box.data(), public_key_.box.size());
  crypto_generichash_update(&st, recipient.box.data(), recipient.box.size());
  crypto_generichash_update(&st, plaintext.data(), plaintext.size());
  crypto_generichash_final(&st, out.data(), kBoxNonceBytes);
  sodium_memzero(&st, sizeof st);
  sodium_memzero(fresh.data(), fresh.size());
  Declassify(out.data(), kBoxNonceBytes);  // the nonce is sent in the clear
  // Only a low-order recipient key makes crypto_box fail, and DkgConfig and
  // ParticipantPublicKey::Parse refuse those: reaching this with one is a bug.
  PP_CHECK(crypto_box_easy(out.data() + kBoxNonceBytes, plaintext.data(), plaintext.size(),
                           out.data(), recipient.box.data(), box_secret_.data()) == 0);
  Declassify(out.data(), out.size());  // the box is published
  return out;
}

std::optional<SecretBytes> ParticipantKey::Open(const ParticipantPublicKey& sender,
                                                std::span<const uint8_t> box) const {
  if (box.size() < kBoxOverheadBytes) return std::nullopt;
  SecretBytes plain(box.size() - kBoxOverheadBytes);
  const auto cipher = box.subspan(kBoxNonceBytes);
  if (crypto_box_open_easy(plain.ExposeSecretMutable().data(), cipher.data(), cipher.size(),
                           box.data(), sender.box.data(), box_secret_.data()) != 0) {
    return std::nullopt;
  }
  // From here on the plaintext is a secret: the constant-time check follows it.
  Classify(plain.ExposeSecret().data(), plain.size());
  return plain;
}

Status VerifyParticipantSignature(const ParticipantPublicKey& signer, std::string_view domain,
                                  std::span<const uint8_t> message, const Signature& signature,
                                  std::string_view field) {
  EnsureSodium();
  const auto m = DomainSeparated(domain, message);
  if (crypto_sign_verify_detached(signature.data(), m.data(), m.size(), signer.signing.data()) !=
      0) {
    return Status::VerificationFailed(std::string(field), "Ed25519 signature does not verify");
  }
  return Status::Ok();
}

}  // namespace phantompool::crypto::threshold
