#include "phantompool/crypto/transcript.h"

#include <algorithm>
#include <array>

#include "phantompool/crypto/rng.h"

namespace phantompool::crypto {
namespace {

constexpr std::string_view kTranscriptDomain = "phantompool/transcript/v1";

std::span<const uint8_t> AsBytes(std::string_view s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

std::array<uint8_t, 8> LittleEndian64(uint64_t v) {
  std::array<uint8_t, 8> out;
  for (int i = 0; i < 8; ++i) out[i] = static_cast<uint8_t>(v >> (8 * i));
  return out;
}

}  // namespace

Transcript::Transcript(std::string_view protocol) {
  EnsureSodium();
  crypto_generichash_blake2b_init(&state_, nullptr, 0, crypto_generichash_blake2b_BYTES_MAX);
  AbsorbFramed("dom-sep", AsBytes(kTranscriptDomain));
  AbsorbFramed("protocol", AsBytes(protocol));
}

void Transcript::Absorb(std::span<const uint8_t> bytes) {
  crypto_generichash_blake2b_update(&state_, bytes.data(), bytes.size());
}

void Transcript::AbsorbFramed(std::string_view label, std::span<const uint8_t> message) {
  Absorb(LittleEndian64(label.size()));
  Absorb(AsBytes(label));
  Absorb(LittleEndian64(message.size()));
  Absorb(message);
}

void Transcript::AppendMessage(std::string_view label, std::span<const uint8_t> message) {
  AbsorbFramed(label, message);
}
void Transcript::AppendMessage(std::string_view label, std::string_view message) {
  AbsorbFramed(label, AsBytes(message));
}
void Transcript::AppendU64(std::string_view label, uint64_t value) {
  AbsorbFramed(label, LittleEndian64(value));
}
void Transcript::AppendScalar(std::string_view label, const Scalar& s) {
  AbsorbFramed(label, s.ToBytes());
}
void Transcript::AppendPoint(std::string_view label, const Point& p) {
  AbsorbFramed(label, p.Encode());
}

Status Transcript::ValidateAndAppendPoint(std::string_view label, const Point& p) {
  if (p.IsIdentity()) {
    return Status::VerificationFailed(std::string(label), "identity point in proof");
  }
  AppendPoint(label, p);
  return Status::Ok();
}

void Transcript::ChallengeBytes(std::string_view label, std::span<uint8_t> out) {
  // Squeeze from a copy: out = BLAKE2b(state || frame("challenge:"label, len)), in blocks of 64.
  size_t done = 0;
  uint64_t block = 0;
  while (done < out.size()) {
    crypto_generichash_blake2b_state copy = state_;
    const std::string tag = "challenge:" + std::string(label);
    const auto len = LittleEndian64(out.size());
    const auto index = LittleEndian64(block);
    crypto_generichash_blake2b_update(&copy, reinterpret_cast<const uint8_t*>(tag.data()),
                                      tag.size());
    crypto_generichash_blake2b_update(&copy, len.data(), len.size());
    crypto_generichash_blake2b_update(&copy, index.data(), index.size());
    std::array<uint8_t, 64> digest;
    crypto_generichash_blake2b_final(&copy, digest.data(), digest.size());
    const size_t take = std::min<size_t>(64, out.size() - done);
    std::copy_n(digest.begin(), take, out.begin() + done);
    done += take;
    ++block;
  }
  // Bind the challenge into the state so the next one depends on it.
  AbsorbFramed("challenge:" + std::string(label), out);
}

Scalar Transcript::ChallengeScalar(std::string_view label) {
  std::array<uint8_t, 64> wide;
  ChallengeBytes(label, wide);
  return Scalar::FromUniformBytes(wide);
}

void AppendContext(Transcript& t, const ProofContext& ctx) {
  t.AppendMessage("ctx.pair", ctx.pair);
  t.AppendMessage("ctx.user", ctx.user);
  t.AppendMessage("ctx.nonce", ctx.nonce);
}

}  // namespace phantompool::crypto
