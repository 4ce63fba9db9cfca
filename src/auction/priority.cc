#include "phantompool/auction/priority.h"

#include <sodium.h>

#include "phantompool/common/check.h"
#include "phantompool/crypto/rng.h"

namespace phantompool::auction {

static_assert(crypto_shorthash_siphash24_KEYBYTES == 16);
static_assert(crypto_shorthash_siphash24_BYTES == 8);

KeyedStringHash::KeyedStringHash(const std::array<uint8_t, 32>& vrf_output,
                                 std::string_view label) {
  crypto::EnsureSodium();
  // BLAKE2b keyed by the VRF output, over a label that separates the uses of one output.
  PP_CHECK(crypto_generichash(key_.data(), key_.size(),
                              reinterpret_cast<const unsigned char*>(label.data()), label.size(),
                              vrf_output.data(), vrf_output.size()) == 0);
}

uint64_t KeyedStringHash::operator()(std::string_view text) const {
  unsigned char out[8];
  crypto_shorthash_siphash24(out, reinterpret_cast<const unsigned char*>(text.data()), text.size(),
                             key_.data());
  uint64_t value = 0;
  for (int i = 7; i >= 0; --i) value = value << 8 | out[i];  // little-endian
  return value;
}

}  // namespace phantompool::auction
