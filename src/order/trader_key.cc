#include "phantompool/order/trader_key.h"

#include <sodium.h>

#include <vector>

#include "phantompool/crypto/ctime.h"

namespace phantompool::order {
namespace {

std::vector<uint8_t> DomainSeparated(std::string_view domain, std::span<const uint8_t> message) {
  std::vector<uint8_t> out;
  out.reserve(domain.size() + 1 + message.size());
  out.insert(out.end(), domain.begin(), domain.end());
  out.push_back(0);  // domains never contain NUL, so the split point is unambiguous
  out.insert(out.end(), message.begin(), message.end());
  return out;
}

}  // namespace

TraderKey TraderKey::Generate(crypto::Rng& rng) {
  std::array<uint8_t, kSeedBytes> seed;
  rng.Fill(seed);
  TraderKey key = std::move(FromSeed(seed, "seed")).value();
  sodium_memzero(seed.data(), seed.size());
  return key;
}

Result<TraderKey> TraderKey::FromSeed(std::span<const uint8_t> seed, std::string_view field) {
  crypto::EnsureSodium();
  if (seed.size() != kSeedBytes) {
    return Status::InvalidArgument(std::string(field), "seed must be 32 bytes");
  }
  TraderKey key;
  std::copy(seed.begin(), seed.end(), key.seed_.begin());
  crypto_sign_seed_keypair(key.public_key_.data(), key.secret_key_.data(), key.seed_.data());
  crypto::DeclassifyValue(key.public_key_);  // public by definition (ctime check)
  return key;
}

TraderKey::TraderKey(TraderKey&& other) noexcept
    : seed_(other.seed_), secret_key_(other.secret_key_), public_key_(other.public_key_) {
  other.Wipe();
}

TraderKey& TraderKey::operator=(TraderKey&& other) noexcept {
  if (this != &other) {
    seed_ = other.seed_;
    secret_key_ = other.secret_key_;
    public_key_ = other.public_key_;
    other.Wipe();
  }
  return *this;
}

TraderKey::~TraderKey() {
  Wipe();
}

void TraderKey::Wipe() {
  sodium_memzero(seed_.data(), seed_.size());
  sodium_memzero(secret_key_.data(), secret_key_.size());
}

Signature TraderKey::Sign(std::string_view domain, std::span<const uint8_t> message) const {
  const auto m = DomainSeparated(domain, message);
  Signature sig;
  crypto_sign_detached(sig.data(), nullptr, m.data(), m.size(), secret_key_.data());
  crypto::DeclassifyValue(sig);  // a signature is published
  return sig;
}

Status VerifySignature(const PublicKey& public_key, std::string_view domain,
                       std::span<const uint8_t> message, const Signature& signature) {
  crypto::EnsureSodium();
  const auto m = DomainSeparated(domain, message);
  if (crypto_sign_verify_detached(signature.data(), m.data(), m.size(), public_key.data()) != 0) {
    return Status::VerificationFailed("signature", "Ed25519 signature does not verify");
  }
  return Status::Ok();
}

}  // namespace phantompool::order
