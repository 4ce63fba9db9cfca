#include "phantompool/crypto/threshold/decryption_share.h"

#include <string>

#include "phantompool/common/byte_io.h"
#include "phantompool/crypto/threshold/lagrange.h"
#include "wire.h"

namespace phantompool::crypto::threshold {
namespace {

constexpr std::string_view kName = "decryption_shares";

// The transcript every response's proof runs on: the key set, the caller's context and the
// executor's index.
Transcript DecryptionTranscript(std::span<const uint8_t> context, const TranscriptHash& key_set,
                                uint32_t index) {
  Transcript t(kDecryptionProtocol);
  t.AppendMessage("key-set", key_set);
  t.AppendMessage("context", context);
  t.AppendU64("executor", index);
  return t;
}

Status CheckPoints(std::span<const Point> R) {
  if (R.empty() || R.size() > DecryptionShares::kMaxShares) {
    return Status::InvalidArgument("R", "need 1.." + std::to_string(DecryptionShares::kMaxShares) +
                                            " points, got " + std::to_string(R.size()));
  }
  for (size_t j = 0; j < R.size(); ++j) {
    // R = r·G with r = 0 would have published the plaintext in the clear; a share of the
    // identity would be the identity and prove nothing.
    if (R[j].IsIdentity()) {
      return Status::InvalidArgument(wire::Indexed("R", j), "identity point is not a ciphertext");
    }
  }
  return Status::Ok();
}

Status CheckStatement(const PublicKeySet& keys, uint32_t index, std::span<const Point> R,
                      const DecryptionShares& shares) {
  PP_RETURN_IF_ERROR(wire::CheckIndex(keys.params(), index, "index"));
  if (shares.index() != index) {
    return Status::InvalidArgument("decryption_shares.index",
                                   "response of participant " + std::to_string(shares.index()) +
                                       ", expected " + std::to_string(index));
  }
  PP_RETURN_IF_ERROR(CheckPoints(R));
  if (shares.shares().size() != R.size()) {
    return Status::InvalidArgument("decryption_shares.shares",
                                   std::to_string(shares.shares().size()) + " shares for " +
                                       std::to_string(R.size()) + " points");
  }
  return Status::Ok();
}

Status Verify(std::span<const uint8_t> context, const PublicKeySet& keys, uint32_t index,
              std::span<const Point> R, const DecryptionShares& shares,
              sigma::CombinedCheck* batch) {
  PP_RETURN_IF_ERROR(CheckStatement(keys, index, R, shares));
  Transcript t = DecryptionTranscript(context, keys.transcript_hash(), index);
  const Point& vk = keys.verification_key(index);
  const Status st =
      batch == nullptr
          ? shares.proof().Verify(t, Point::Base(), vk, R, shares.shares())
          : shares.proof().VerifyBatched(t, Point::Base(), vk, R, shares.shares(), *batch);
  if (!st.ok()) {
    if (st.code() != StatusCode::kVerificationFailed) return st.WithFieldPrefix(kName);
    return Status::VerificationFailed("decryption_shares.proof",
                                      "does not verify for participant " + std::to_string(index));
  }
  return Status::Ok();
}

}  // namespace

std::vector<uint8_t> DecryptionShares::Serialize() const {
  ByteWriter w;
  w.U8(kKind);
  w.U8(kVersion);
  w.U8(static_cast<uint8_t>(index_));
  w.U32(static_cast<uint32_t>(shares_.size()));
  for (const Point& d : shares_) w.Bytes(d.Encode());
  w.Bytes(proof_.Serialize());
  return std::move(w).Take();
}

Result<DecryptionShares> DecryptionShares::Parse(std::span<const uint8_t> bytes) {
  ByteReader in(bytes);
  PP_RETURN_IF_ERROR(wire::ReadKindAndVersion(in, kKind, kVersion, kName));
  PP_ASSIGN_OR_RETURN(uint32_t index, wire::ReadIndex(in, "decryption_shares.index"));
  PP_ASSIGN_OR_RETURN(uint32_t m, in.U32("decryption_shares.count"));
  if (m < 1 || m > kMaxShares) {
    return Status::InvalidArgument(
        "decryption_shares.count",
        "must be 1.." + std::to_string(kMaxShares) + ", got " + std::to_string(m));
  }
  if (bytes.size() != SizeFor(m)) {
    return Status::InvalidArgument(
        std::string(kName), "must be " + std::to_string(SizeFor(m)) + " bytes for " +
                                std::to_string(m) + " shares, got " + std::to_string(bytes.size()));
  }
  // The length is checked above, so the encodings are all there; decoded as one batch.
  std::vector<std::array<uint8_t, kPointBytes>> encodings(m);
  for (uint32_t j = 0; j < m; ++j) {
    PP_ASSIGN_OR_RETURN(auto enc, in.Bytes(kPointBytes, "decryption_shares.shares"));
    std::copy(enc.begin(), enc.end(), encodings[j].begin());
  }
  PP_ASSIGN_OR_RETURN(
      std::vector<Point> shares,
      Point::DecodeBatch(
          encodings, [](size_t j) { return wire::Field(kName, wire::Indexed("shares", j)); },
          IdentityPolicy::kForbid));
  PP_ASSIGN_OR_RETURN(auto proof_bytes, in.Bytes(BatchDleqProof::kSize, "decryption_shares.proof"));
  PP_ASSIGN_OR_RETURN(BatchDleqProof proof,
                      BatchDleqProof::Parse(proof_bytes, "decryption_shares.proof"));
  PP_RETURN_IF_ERROR(in.ExpectEnd(kName));
  return DecryptionShares(index, std::move(shares), proof);
}

Result<DecryptionShares> ProveDecryptionShares(std::span<const uint8_t> context,
                                               const KeyShare& key, std::span<const Point> R,
                                               Rng& rng) {
  PP_RETURN_IF_ERROR(CheckPoints(R));
  const Point vk = sigma::Published(Point::MulBase(key.share().ExposeSecret()));
  Transcript t = DecryptionTranscript(context, key.transcript_hash(), key.index());
  // D_j = s_i·R_j are computed by the prover from s_i itself, so they need no self-check.
  std::vector<Point> D;
  auto proof = BatchDleqProof::ProveAndComputePublics(t, Point::Base(), vk, R, key.share(), rng, D);
  if (!proof.ok()) return proof.status();
  return DecryptionShares(key.index(), std::move(D), *proof);
}

Status VerifyDecryptionShares(std::span<const uint8_t> context, const PublicKeySet& keys,
                              uint32_t index, std::span<const Point> R,
                              const DecryptionShares& shares) {
  return Verify(context, keys, index, R, shares, nullptr);
}

Status VerifyDecryptionSharesBatched(std::span<const uint8_t> context, const PublicKeySet& keys,
                                     uint32_t index, std::span<const Point> R,
                                     const DecryptionShares& shares, sigma::CombinedCheck& batch) {
  return Verify(context, keys, index, R, shares, &batch);
}

std::vector<Status> VerifyDecryptionResponses(std::span<const uint8_t> context,
                                              const PublicKeySet& keys, std::span<const Point> R,
                                              std::span<const DecryptionShares> responses) {
  // One by one: each response's check is one multi-scalar multiplication of 2m + 3 points,
  // and merging several into one combined check measured no faster here at any batch size
  // (docs/crypto-threshold.md), while a single failure would then cost a second pass.
  std::vector<Status> verdicts;
  verdicts.reserve(responses.size());
  for (const DecryptionShares& r : responses) {
    verdicts.push_back(VerifyDecryptionShares(context, keys, r.index(), R, r));
  }
  return verdicts;
}

Result<std::vector<Point>> CombineShares(const PublicKeySet& keys,
                                         std::span<const DecryptionShares> responses) {
  const uint32_t t = keys.threshold();
  if (responses.size() < t) {
    return Status::FailedPrecondition("responses", std::to_string(responses.size()) + " of the " +
                                                       std::to_string(t) +
                                                       " responses needed to decrypt");
  }
  std::vector<uint32_t> indices;
  uint32_t seen = 0;
  for (size_t k = 0; k < responses.size(); ++k) {
    const uint32_t i = responses[k].index();
    const std::string field = wire::Indexed("responses", k) + ".index";
    PP_RETURN_IF_ERROR(wire::CheckIndex(keys.params(), i, field));
    if (seen & (uint32_t{1} << (i - 1))) {
      return Status::InvalidArgument(field,
                                     "a second response of participant " + std::to_string(i));
    }
    seen |= uint32_t{1} << (i - 1);
    if (responses[k].shares().size() != responses[0].shares().size()) {
      return Status::InvalidArgument(wire::Indexed("responses", k) + ".shares",
                                     "responses differ in length");
    }
    indices.push_back(i);
  }
  const std::vector<size_t> quorum = ChooseCheapestQuorum(indices, t);
  std::vector<uint32_t> chosen;
  std::vector<std::span<const Point>> rows;
  for (size_t pos : quorum) {
    chosen.push_back(indices[pos]);
    rows.push_back(responses[pos].shares());
  }
  return InterpolateAtZeroVartime(chosen, rows);
}

}  // namespace phantompool::crypto::threshold
