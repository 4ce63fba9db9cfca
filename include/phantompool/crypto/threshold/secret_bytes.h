// SecretBytes: a byte buffer holding secret material (a serialised key share, an opened
// box). It wipes itself when it goes away, cannot be copied by accident, and its contents
// are reachable only through ExposeSecret(), so every use is greppable.
#pragma once

#include <sodium.h>

#include <cstddef>
#include <cstdint>
#include <span>
#include <utility>
#include <vector>

namespace phantompool::crypto::threshold {

class SecretBytes {
 public:
  SecretBytes() = default;
  explicit SecretBytes(size_t size) : bytes_(size) {}

  SecretBytes(const SecretBytes&) = delete;
  SecretBytes& operator=(const SecretBytes&) = delete;
  SecretBytes(SecretBytes&& o) noexcept : bytes_(std::move(o.bytes_)) { o.bytes_.clear(); }
  SecretBytes& operator=(SecretBytes&& o) noexcept {
    if (this != &o) {
      Wipe();
      bytes_ = std::move(o.bytes_);
      o.bytes_.clear();
    }
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

}  // namespace phantompool::crypto::threshold
