#include "phantompool/crypto/threshold/vrf.h"

#include <sodium.h>

#include <string>

#include "phantompool/common/byte_io.h"
#include "phantompool/common/check.h"
#include "phantompool/crypto/sigma_codec.h"
#include "phantompool/crypto/threshold/lagrange.h"
#include "wire.h"

namespace phantompool::crypto::threshold {
namespace {

constexpr std::string_view kName = "vrf_share";
constexpr std::string_view kHashToGroupLabel = "phantompool/threshold-vrf/v1/hash-to-group";

Transcript ShareTranscript(const TranscriptHash& key_set, VrfSeed seed, uint32_t index) {
  Transcript t(kVrfLabel);
  t.AppendMessage("key-set", key_set);
  t.AppendMessage("seed", seed);
  t.AppendU64("executor", index);
  return t;
}

std::array<uint8_t, kVrfOutputBytes> OutputHash(VrfSeed seed, const Point& gamma) {
  Transcript t(kVrfLabel);
  t.AppendMessage("dom-sep", "phantompool/threshold-vrf/v1/output");
  t.AppendMessage("seed", seed);
  t.AppendPoint("gamma", gamma);
  std::array<uint8_t, kVrfOutputBytes> out;
  t.ChallengeBytes("output", out);
  return out;
}

}  // namespace

Point VrfBase(VrfSeed seed) {
  EnsureSodium();
  crypto_hash_sha512_state st;
  crypto_hash_sha512_init(&st);
  crypto_hash_sha512_update(&st, reinterpret_cast<const uint8_t*>(kHashToGroupLabel.data()),
                            kHashToGroupLabel.size());
  const uint8_t zero = 0;  // the label has no NUL and the seed a fixed length: unambiguous
  crypto_hash_sha512_update(&st, &zero, 1);
  crypto_hash_sha512_update(&st, seed.data(), seed.size());
  std::array<uint8_t, crypto_hash_sha512_BYTES> digest;
  crypto_hash_sha512_final(&st, digest.data());
  const Point H = Point::FromUniformBytes(digest);
  PP_CHECK(!H.IsIdentity());
  return H;
}

std::array<uint8_t, VrfShare::kSize> VrfShare::Serialize() const {
  std::array<uint8_t, kSize> out;
  out[0] = kKind;
  out[1] = kVersion;
  out[2] = static_cast<uint8_t>(index_);
  const auto g = gamma_.Encode();
  std::copy(g.begin(), g.end(), out.begin() + 3);
  const auto p = proof_.Serialize();
  std::copy(p.begin(), p.end(), out.begin() + 3 + kPointBytes);
  return out;
}

Result<VrfShare> VrfShare::Parse(std::span<const uint8_t> bytes) {
  ByteReader in(bytes);
  PP_RETURN_IF_ERROR(wire::ReadKindAndVersion(in, kKind, kVersion, kName));
  if (bytes.size() != kSize) {
    return Status::InvalidArgument(
        std::string(kName),
        "must be " + std::to_string(kSize) + " bytes, got " + std::to_string(bytes.size()));
  }
  PP_ASSIGN_OR_RETURN(uint32_t index, wire::ReadIndex(in, "vrf_share.index"));
  PP_ASSIGN_OR_RETURN(auto g, in.Bytes(kPointBytes, "vrf_share.gamma"));
  PP_ASSIGN_OR_RETURN(Point gamma, Point::Decode(g, "vrf_share.gamma", IdentityPolicy::kForbid));
  PP_ASSIGN_OR_RETURN(auto p, in.Bytes(DleqProof::kSize, "vrf_share.proof"));
  PP_ASSIGN_OR_RETURN(DleqProof proof, DleqProof::Parse(p, "vrf_share.proof"));
  PP_RETURN_IF_ERROR(in.ExpectEnd(kName));
  return VrfShare(index, gamma, proof);
}

Result<VrfShare> ProveVrfShare(const KeyShare& key, VrfSeed seed, Rng& rng) {
  const Point H = VrfBase(seed);
  const Scalar& s = key.share().ExposeSecret();
  const Point vk = sigma::Published(Point::MulBase(s));
  const Point gamma = sigma::Published(H * s);
  Transcript t = ShareTranscript(key.transcript_hash(), seed, key.index());
  auto proof = DleqProof::Prove(t, Point::Base(), vk, H, gamma, key.share(), rng);
  if (!proof.ok()) return proof.status();
  return VrfShare(key.index(), gamma, *proof);
}

Status VerifyVrfShare(const PublicKeySet& keys, VrfSeed seed, const VrfShare& share) {
  PP_RETURN_IF_ERROR(wire::CheckIndex(keys.params(), share.index(), "vrf_share.index"));
  Transcript t = ShareTranscript(keys.transcript_hash(), seed, share.index());
  const Status st = share.proof().Verify(t, Point::Base(), keys.verification_key(share.index()),
                                         VrfBase(seed), share.gamma());
  if (!st.ok()) {
    return Status::VerificationFailed(
        "vrf_share.proof", "does not verify for participant " + std::to_string(share.index()));
  }
  return Status::Ok();
}

Result<VrfOutput> VerifyVrf(const PublicKeySet& keys, VrfSeed seed,
                            std::span<const VrfShare> shares) {
  VrfOutput out;
  std::vector<uint32_t> indices;
  std::vector<std::span<const Point>> gammas;
  uint32_t seen = 0;
  for (size_t k = 0; k < shares.size(); ++k) {
    const VrfShare& share = shares[k];
    Status st = VerifyVrfShare(keys, seed, share);
    if (st.ok() && (seen & (uint32_t{1} << (share.index() - 1)))) {
      st = Status::AlreadyExists(wire::Indexed("shares", k),
                                 "a second share of participant " + std::to_string(share.index()));
    }
    if (!st.ok()) {
      out.rejected.push_back({k, share.index(), st});
      continue;
    }
    seen |= uint32_t{1} << (share.index() - 1);
    indices.push_back(share.index());
    gammas.push_back(std::span<const Point>(&share.gamma(), 1));
  }
  if (indices.size() < keys.threshold()) {
    return Status::FailedPrecondition("shares",
                                      std::to_string(indices.size()) + " valid shares of the " +
                                          std::to_string(keys.threshold()) + " needed (" +
                                          std::to_string(out.rejected.size()) + " rejected)");
  }
  const std::vector<size_t> quorum = ChooseCheapestQuorum(indices, keys.threshold());
  std::vector<uint32_t> chosen;
  std::vector<std::span<const Point>> rows;
  for (size_t pos : quorum) {
    chosen.push_back(indices[pos]);
    rows.push_back(gammas[pos]);
  }
  PP_ASSIGN_OR_RETURN(std::vector<Point> gamma, InterpolateAtZeroVartime(chosen, rows));
  out.gamma = gamma[0];
  out.value = OutputHash(seed, out.gamma);
  out.used_indices = std::move(chosen);
  return out;
}

}  // namespace phantompool::crypto::threshold
