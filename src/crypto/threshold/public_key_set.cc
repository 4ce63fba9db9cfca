#include "phantompool/crypto/threshold/public_key_set.h"

#include <bit>
#include <string>

#include "phantompool/common/byte_io.h"
#include "phantompool/common/check.h"
#include "phantompool/crypto/msm.h"
#include "phantompool/crypto/threshold/lagrange.h"
#include "phantompool/crypto/transcript.h"
#include "wire.h"

namespace phantompool::crypto::threshold {
namespace {

constexpr std::string_view kName = "public_key_set";

// PK and VK_1..VK_n lie on one polynomial of degree < t: interpolating VK_1..VK_t at 0 and
// at t+1..n gives PK and the other keys. (n − t + 1 multi-scalar multiplications of t
// points: a few S for 3 of 5.)
Status CheckOnePolynomial(const ThresholdParams& params, const Point& pk,
                          std::span<const Point> vks) {
  const uint32_t t = params.threshold();
  std::vector<uint32_t> base(t);
  for (uint32_t k = 0; k < t; ++k) base[k] = k + 1;
  const std::span<const Point> base_keys = vks.first(t);
  for (uint32_t x = 0; x <= params.participants(); ++x) {
    if (x >= 1 && x <= t) continue;
    auto lambda = LagrangeCoefficientsAt(x, base);
    PP_CHECK(lambda.ok());
    const Point expected = MultiScalarMulVartime(*lambda, base_keys);
    const Point& actual = x == 0 ? pk : vks[x - 1];
    if (!(expected == actual)) {
      return Status::InvalidArgument(
          x == 0 ? std::string("public_key") : wire::Indexed("verification_keys", x - 1),
          "does not lie on the polynomial through VK_1..VK_" + std::to_string(t));
    }
  }
  return Status::Ok();
}

}  // namespace

Result<PublicKeySet> PublicKeySet::Create(ThresholdParams params, uint32_t qualified_mask,
                                          const TranscriptHash& transcript_hash,
                                          const Point& public_key,
                                          std::vector<Point> verification_keys) {
  const uint32_t n = params.participants();
  if (verification_keys.size() != n) {
    return Status::InvalidArgument(
        "verification_keys",
        "need " + std::to_string(n) + ", got " + std::to_string(verification_keys.size()));
  }
  const uint32_t all = n == 32 ? ~uint32_t{0} : (uint32_t{1} << n) - 1;
  if ((qualified_mask & ~all) != 0) {
    return Status::InvalidArgument("qualified",
                                   "names a participant beyond n = " + std::to_string(n));
  }
  if (static_cast<uint32_t>(std::popcount(qualified_mask)) < params.threshold()) {
    return Status::InvalidArgument("qualified", "fewer qualified dealers than the threshold");
  }
  if (public_key.IsIdentity()) {
    return Status::InvalidArgument("public_key", "identity point is not a key");
  }
  for (size_t j = 0; j < n; ++j) {
    if (verification_keys[j].IsIdentity()) {
      return Status::InvalidArgument(wire::Indexed("verification_keys", j),
                                     "identity point is not a key");
    }
  }
  PP_RETURN_IF_ERROR(CheckOnePolynomial(params, public_key, verification_keys));
  PublicKeySet set(params);
  set.qualified_ = qualified_mask;
  set.transcript_hash_ = transcript_hash;
  set.public_key_ = public_key;
  set.verification_keys_ = std::move(verification_keys);
  return set;
}

std::vector<uint8_t> PublicKeySet::Serialize() const {
  ByteWriter w;
  w.U8(kKind);
  w.U8(kVersion);
  w.U8(static_cast<uint8_t>(threshold()));
  w.U8(static_cast<uint8_t>(participants()));
  w.U32(qualified_);
  w.Bytes(transcript_hash_);
  w.Bytes(public_key_.Encode());
  for (const Point& vk : verification_keys_) w.Bytes(vk.Encode());
  return std::move(w).Take();
}

Result<PublicKeySet> PublicKeySet::Parse(std::span<const uint8_t> bytes) {
  ByteReader in(bytes);
  PP_RETURN_IF_ERROR(wire::ReadKindAndVersion(in, kKind, kVersion, kName));
  PP_ASSIGN_OR_RETURN(ThresholdParams params, wire::ReadParams(in, kName));
  if (bytes.size() != SizeFor(params.participants())) {
    return Status::InvalidArgument(std::string(kName),
                                   "must be " + std::to_string(SizeFor(params.participants())) +
                                       " bytes for n = " + std::to_string(params.participants()) +
                                       ", got " + std::to_string(bytes.size()));
  }
  PP_ASSIGN_OR_RETURN(uint32_t qualified, in.U32("public_key_set.qualified"));
  TranscriptHash hash;
  PP_ASSIGN_OR_RETURN(auto h, in.Bytes(hash.size(), "public_key_set.transcript_hash"));
  std::copy(h.begin(), h.end(), hash.begin());
  PP_ASSIGN_OR_RETURN(auto pk_bytes, in.Bytes(kPointBytes, "public_key_set.public_key"));
  PP_ASSIGN_OR_RETURN(Point pk, Point::Decode(pk_bytes, "public_key_set.public_key"));
  std::vector<Point> vks;
  for (uint32_t j = 0; j < params.participants(); ++j) {
    const std::string field = wire::Field(kName, wire::Indexed("verification_keys", j));
    PP_ASSIGN_OR_RETURN(auto enc, in.Bytes(kPointBytes, field));
    PP_ASSIGN_OR_RETURN(Point vk, Point::Decode(enc, field));
    vks.push_back(vk);
  }
  PP_RETURN_IF_ERROR(in.ExpectEnd(kName));
  auto set = Create(params, qualified, hash, pk, std::move(vks));
  if (!set.ok()) return set.status().WithFieldPrefix(kName);
  return set;
}

std::array<uint8_t, 32> PublicKeySet::Fingerprint() const {
  Transcript t("phantompool/public-key-set/v1");
  t.AppendMessage("public-key-set", Serialize());
  std::array<uint8_t, 32> out;
  t.ChallengeBytes("fingerprint", out);
  return out;
}

const Point& PublicKeySet::verification_key(uint32_t index) const {
  PP_CHECK(params_.IsValidIndex(index));
  return verification_keys_[index - 1];
}

bool PublicKeySet::IsQualified(uint32_t index) const {
  return params_.IsValidIndex(index) && ((qualified_ >> (index - 1)) & 1) != 0;
}

}  // namespace phantompool::crypto::threshold
