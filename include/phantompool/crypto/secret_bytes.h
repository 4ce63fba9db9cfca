// SecretBytes: a byte string that must not leak (a symmetric key, a decrypted opening). It
// wipes itself when it is destroyed or moved from, has no printing, and its bytes are
// reachable only through ExposeSecret(), so every use is greppable.
#pragma once

#include <sodium.h>

#include <cstdint>
#include <span>
#include <vector>

namespace phantompool::crypto {

class SecretBytes {
 public:
  SecretBytes() = default;
  explicit SecretBytes(size_t n) : bytes_(n) {}
  explicit SecretBytes(std::span<const uint8_t> b) : bytes_(b.begin(), b.end()) {}
  SecretBytes(const SecretBytes&) = delete;
  SecretBytes& operator=(const SecretBytes&) = delete;
  SecretBytes(SecretBytes&& o) noexcept : bytes_(std::move(o.bytes_)) { o.bytes_.clear(); }
  SecretBytes& operator=(SecretBytes&& o) noexcept {
    Wipe();
    bytes_ = std::move(o.bytes_);
    o.bytes_.clear();
    return *this;
  }
  ~SecretBytes() { Wipe(); }

  size_t size() const { return bytes_.size(); }
  std::span<const uint8_t> ExposeSecret() const { return bytes_; }
  std::span<uint8_t> ExposeSecretMutable() { return bytes_; }

 private:
  void Wipe() {
    if (!bytes_.empty()) sodium_memzero(bytes_.data(), bytes_.size());
  }
  std::vector<uint8_t> bytes_;
};

}  // namespace phantompool::crypto
