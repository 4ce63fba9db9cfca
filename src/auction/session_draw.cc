#include "phantompool/auction/session_draw.h"

#include <sodium.h>

#include "phantompool/common/check.h"
#include "phantompool/crypto/rng.h"

namespace phantompool::auction {
namespace {

static_assert(sizeof(crypto_generichash_state) <= 384);
static_assert(alignof(crypto_generichash_state) <= 64);

crypto_generichash_state* State(unsigned char* storage) {
  return reinterpret_cast<crypto_generichash_state*>(storage);
}

void Update(crypto_generichash_state* state, std::span<const uint8_t> bytes) {
  PP_CHECK(crypto_generichash_update(state, bytes.data(), bytes.size()) == 0);
}

void UpdateU32(crypto_generichash_state* state, uint32_t v) {
  const uint8_t le[4] = {static_cast<uint8_t>(v), static_cast<uint8_t>(v >> 8),
                         static_cast<uint8_t>(v >> 16), static_cast<uint8_t>(v >> 24)};
  Update(state, le);
}

void UpdateU64(crypto_generichash_state* state, uint64_t v) {
  uint8_t le[8];
  for (int i = 0; i < 8; ++i) le[i] = static_cast<uint8_t>(v >> (8 * i));
  Update(state, le);
}

void UpdateFramed(crypto_generichash_state* state, std::string_view text) {
  PP_CHECK(text.size() <= UINT32_MAX);
  UpdateU32(state, static_cast<uint32_t>(text.size()));
  Update(state, {reinterpret_cast<const uint8_t*>(text.data()), text.size()});
}

void Init(crypto_generichash_state* state) {
  crypto::EnsureSodium();
  PP_CHECK(crypto_generichash_init(state, nullptr, 0, 32) == 0);
}

Digest32 Final(crypto_generichash_state* state) {
  Digest32 out;
  PP_CHECK(crypto_generichash_final(state, out.data(), out.size()) == 0);
  return out;
}

}  // namespace

BatchDigest::BatchDigest() {
  Init(State(state_));
  UpdateFramed(State(state_), kBatchDigestLabel);
}

void BatchDigest::Add(std::string_view order_id, const Digest32& ciphertext_hash) {
  PP_CHECK(!finished_);
  UpdateFramed(State(state_), order_id);
  Update(State(state_), ciphertext_hash);
  ++count_;
}

Digest32 BatchDigest::Finish() {
  PP_CHECK(!finished_);
  finished_ = true;
  UpdateU64(State(state_), count_);
  return Final(State(state_));
}

Digest32 VrfSeed(std::string_view pair_symbol, uint64_t session_number,
                 const Digest32& previous_vrf_output, const Digest32& batch_digest) {
  crypto_generichash_state state;
  Init(&state);
  UpdateFramed(&state, kVrfSeedLabel);
  UpdateFramed(&state, pair_symbol);
  UpdateU64(&state, session_number);
  Update(&state, previous_vrf_output);
  Update(&state, batch_digest);
  return Final(&state);
}

}  // namespace phantompool::auction
