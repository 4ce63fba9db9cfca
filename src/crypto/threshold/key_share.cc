#include "phantompool/crypto/threshold/key_share.h"

#include <string>

#include "phantompool/common/byte_io.h"
#include "phantompool/crypto/ctime.h"
#include "phantompool/crypto/sigma_codec.h"
#include "wire.h"

namespace phantompool::crypto::threshold {
namespace {

constexpr std::string_view kName = "key_share";

// Zero is never a share worth keeping (its VK would be the identity). The verdict is
// published; the value is not.
bool IsZeroPublished(const SecretScalar& s) {
  bool zero = s.ExposeSecret().IsZero();
  DeclassifyValue(zero);
  return zero;
}

}  // namespace

Result<KeyShare> KeyShare::Create(ThresholdParams params, uint32_t index,
                                  const TranscriptHash& transcript_hash, SecretScalar share) {
  PP_RETURN_IF_ERROR(wire::CheckIndex(params, index, "key_share.index"));
  if (IsZeroPublished(share)) {
    return Status::InvalidArgument("key_share.share", "a zero share is not a key");
  }
  return KeyShare(params, index, transcript_hash, std::move(share));
}

SecretBytes KeyShare::SerializeSecret() const {
  SecretBytes out(kSize);
  const std::span<uint8_t> b = out.ExposeSecretMutable();
  b[0] = kKind;
  b[1] = kVersion;
  b[2] = static_cast<uint8_t>(params_.threshold());
  b[3] = static_cast<uint8_t>(params_.participants());
  b[4] = static_cast<uint8_t>(index_);
  std::copy(transcript_hash_.begin(), transcript_hash_.end(), b.begin() + 5);
  decaf_255_scalar_encode(b.data() + 37, share_.ExposeSecret().raw());
  return out;
}

Result<KeyShare> KeyShare::Parse(std::span<const uint8_t> bytes) {
  ByteReader in(bytes);
  PP_RETURN_IF_ERROR(wire::ReadKindAndVersion(in, kKind, kVersion, kName));
  if (bytes.size() != kSize) {
    return Status::InvalidArgument(
        std::string(kName),
        "must be " + std::to_string(kSize) + " bytes, got " + std::to_string(bytes.size()));
  }
  PP_ASSIGN_OR_RETURN(ThresholdParams params, wire::ReadParams(in, kName));
  PP_ASSIGN_OR_RETURN(uint32_t index, wire::ReadIndex(in, "key_share.index"));
  PP_RETURN_IF_ERROR(wire::CheckIndex(params, index, "key_share.index"));
  TranscriptHash hash;
  PP_ASSIGN_OR_RETURN(auto h, in.Bytes(hash.size(), "key_share.transcript_hash"));
  std::copy(h.begin(), h.end(), hash.begin());
  PP_ASSIGN_OR_RETURN(auto enc, in.Bytes(kScalarBytes, "key_share.share"));
  PP_RETURN_IF_ERROR(in.ExpectEnd(kName));
  Scalar s;
  decaf_error_t canonical = decaf_255_scalar_decode(s.raw(), enc.data());
  DeclassifyValue(canonical);
  SecretScalar share(s);
  decaf_255_scalar_destroy(s.raw());
  if (canonical != DECAF_SUCCESS) {
    return Status::InvalidArgument("key_share.share",
                                   "non-canonical scalar (not below the group order)");
  }
  return Create(params, index, hash, std::move(share));
}

Status KeyShare::CheckAgainst(const PublicKeySet& keys) const {
  if (!(keys.params() == params_) || keys.transcript_hash() != transcript_hash_) {
    return Status::FailedPrecondition(std::string(kName),
                                      "belongs to another DKG run than this key set");
  }
  const Point image = sigma::Published(Point::MulBase(share_.ExposeSecret()));
  if (!(image == keys.verification_key(index_))) {
    return Status::VerificationFailed("key_share.share",
                                      "does not match VK_" + std::to_string(index_));
  }
  return Status::Ok();
}

}  // namespace phantompool::crypto::threshold
