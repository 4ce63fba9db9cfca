#include "phantompool/crypto/threshold/dkg_messages.h"

#include <algorithm>
#include <string>

#include "phantompool/common/byte_io.h"
#include "phantompool/common/check.h"
#include "phantompool/crypto/ctime.h"
#include "wire.h"

namespace phantompool::crypto::threshold {
namespace {

// Signs the first N − 64 bytes of a fixed-size message and writes the signature after them.
template <size_t N>
std::array<uint8_t, N> SignFixed(const std::vector<uint8_t>& body, const ParticipantKey& key,
                                 std::string_view domain) {
  PP_CHECK(body.size() + kSignatureBytes == N);
  std::array<uint8_t, N> out;
  std::copy(body.begin(), body.end(), out.begin());
  const Signature sig = key.Sign(domain, body);
  std::copy(sig.begin(), sig.end(), out.begin() + body.size());
  return out;
}

// Context id and sender's signature of a fixed-size message.
template <size_t N>
Status VerifyFixed(const std::array<uint8_t, N>& bytes, const ContextId& context,
                   const DkgConfig& config, uint32_t signer, std::string_view domain,
                   std::string_view object) {
  if (context != config.context_id()) {
    return Status::InvalidArgument(wire::Field(object, "context"), "belongs to another DKG run");
  }
  Signature sig;
  std::copy_n(bytes.end() - kSignatureBytes, kSignatureBytes, sig.begin());
  return VerifyParticipantSignature(config.participant(signer), domain,
                                    std::span(bytes).first(N - kSignatureBytes), sig,
                                    wire::Field(object, "signature"));
}

// The common head of the fixed messages: kind, version and context id.
Status ReadHead(ByteReader& in, std::span<const uint8_t> bytes, size_t size, uint8_t kind,
                std::string_view object, ContextId& context) {
  PP_RETURN_IF_ERROR(wire::ReadKindAndVersion(in, kind, kDkgWireVersion, object));
  if (bytes.size() != size) {
    return Status::InvalidArgument(
        std::string(object),
        "must be " + std::to_string(size) + " bytes, got " + std::to_string(bytes.size()));
  }
  PP_ASSIGN_OR_RETURN(auto ctx, in.Bytes(kContextIdBytes, wire::Field(object, "context")));
  std::copy(ctx.begin(), ctx.end(), context.begin());
  return Status::Ok();
}

Status CheckPair(const DkgConfig& config, uint32_t first, std::string_view first_name,
                 uint32_t second, std::string_view second_name, std::string_view object) {
  PP_RETURN_IF_ERROR(wire::CheckIndex(config.params(), first, wire::Field(object, first_name)));
  PP_RETURN_IF_ERROR(wire::CheckIndex(config.params(), second, wire::Field(object, second_name)));
  if (first == second) {
    return Status::InvalidArgument(wire::Field(object, second_name),
                                   "a participant cannot complain about its own dealing");
  }
  return Status::Ok();
}

}  // namespace

// --- ComplaintMessage ---

ComplaintMessage ComplaintMessage::Create(const DkgConfig& config, const ParticipantKey& key,
                                          uint32_t accuser, uint32_t dealer,
                                          ComplaintReason reason) {
  PP_CHECK(CheckPair(config, accuser, "accuser", dealer, "dealer", "complaint").ok());
  PP_CHECK(key.public_key() == config.participant(accuser));
  ByteWriter w;
  w.U8(kKind);
  w.U8(kDkgWireVersion);
  w.Bytes(config.context_id());
  w.U8(static_cast<uint8_t>(accuser));
  w.U8(static_cast<uint8_t>(dealer));
  w.U8(static_cast<uint8_t>(reason));
  auto parsed = Parse(SignFixed<kSize>(w.bytes(), key, kSignatureDomain));
  PP_CHECK(parsed.ok());
  return std::move(parsed).value();
}

Result<ComplaintMessage> ComplaintMessage::Parse(std::span<const uint8_t> bytes) {
  ByteReader in(bytes);
  ComplaintMessage c;
  PP_RETURN_IF_ERROR(ReadHead(in, bytes, kSize, kKind, "complaint", c.context_));
  PP_ASSIGN_OR_RETURN(c.accuser_, wire::ReadIndex(in, "complaint.accuser"));
  PP_ASSIGN_OR_RETURN(c.dealer_, wire::ReadIndex(in, "complaint.dealer"));
  PP_ASSIGN_OR_RETURN(uint8_t reason, in.U8("complaint.reason"));
  if (reason != static_cast<uint8_t>(ComplaintReason::kShareDoesNotOpen) &&
      reason != static_cast<uint8_t>(ComplaintReason::kShareDoesNotMatchCommitments)) {
    return Status::InvalidArgument("complaint.reason", "unknown reason " + std::to_string(reason));
  }
  c.reason_ = static_cast<ComplaintReason>(reason);
  PP_RETURN_IF_ERROR(in.Bytes(kSignatureBytes, "complaint.signature").status());
  PP_RETURN_IF_ERROR(in.ExpectEnd("complaint"));
  std::copy(bytes.begin(), bytes.end(), c.bytes_.begin());
  return c;
}

Status ComplaintMessage::Verify(const DkgConfig& config) const {
  PP_RETURN_IF_ERROR(CheckPair(config, accuser_, "accuser", dealer_, "dealer", "complaint"));
  return VerifyFixed(bytes_, context_, config, accuser_, kSignatureDomain, "complaint");
}

// --- ComplaintAnswer ---

ComplaintAnswer ComplaintAnswer::Create(const DkgConfig& config, const ParticipantKey& key,
                                        uint32_t dealer, uint32_t accuser,
                                        const SecretScalar& share) {
  PP_CHECK(CheckPair(config, dealer, "dealer", accuser, "accuser", "answer").ok());
  PP_CHECK(key.public_key() == config.participant(dealer));
  ByteWriter w;
  w.U8(kKind);
  w.U8(kDkgWireVersion);
  w.Bytes(config.context_id());
  w.U8(static_cast<uint8_t>(dealer));
  w.U8(static_cast<uint8_t>(accuser));
  // Revealing the share is the point of an answer: from here on it is public.
  const auto revealed = share.ExposeSecret().ToBytes();
  DeclassifyValue(revealed);
  w.Bytes(revealed);
  auto parsed = Parse(SignFixed<kSize>(w.bytes(), key, kSignatureDomain));
  PP_CHECK(parsed.ok());
  return std::move(parsed).value();
}

Result<ComplaintAnswer> ComplaintAnswer::Parse(std::span<const uint8_t> bytes) {
  ByteReader in(bytes);
  ComplaintAnswer a;
  PP_RETURN_IF_ERROR(ReadHead(in, bytes, kSize, kKind, "answer", a.context_));
  PP_ASSIGN_OR_RETURN(a.dealer_, wire::ReadIndex(in, "answer.dealer"));
  PP_ASSIGN_OR_RETURN(a.accuser_, wire::ReadIndex(in, "answer.accuser"));
  PP_ASSIGN_OR_RETURN(auto share, in.Bytes(kScalarBytes, "answer.share"));
  PP_ASSIGN_OR_RETURN(a.share_, Scalar::FromCanonicalBytes(share, "answer.share"));
  PP_RETURN_IF_ERROR(in.Bytes(kSignatureBytes, "answer.signature").status());
  PP_RETURN_IF_ERROR(in.ExpectEnd("answer"));
  std::copy(bytes.begin(), bytes.end(), a.bytes_.begin());
  return a;
}

Status ComplaintAnswer::Verify(const DkgConfig& config) const {
  PP_RETURN_IF_ERROR(CheckPair(config, dealer_, "dealer", accuser_, "accuser", "answer"));
  return VerifyFixed(bytes_, context_, config, dealer_, kSignatureDomain, "answer");
}

// --- ConfirmationMessage ---

ConfirmationMessage ConfirmationMessage::Create(const DkgConfig& config, const ParticipantKey& key,
                                                uint32_t signer, const Digest& result_hash) {
  PP_CHECK(config.params().IsValidIndex(signer));
  PP_CHECK(key.public_key() == config.participant(signer));
  ByteWriter w;
  w.U8(kKind);
  w.U8(kDkgWireVersion);
  w.Bytes(config.context_id());
  w.U8(static_cast<uint8_t>(signer));
  w.Bytes(result_hash);
  auto parsed = Parse(SignFixed<kSize>(w.bytes(), key, kSignatureDomain));
  PP_CHECK(parsed.ok());
  return std::move(parsed).value();
}

Result<ConfirmationMessage> ConfirmationMessage::Parse(std::span<const uint8_t> bytes) {
  ByteReader in(bytes);
  ConfirmationMessage c;
  PP_RETURN_IF_ERROR(ReadHead(in, bytes, kSize, kKind, "confirmation", c.context_));
  PP_ASSIGN_OR_RETURN(c.signer_, wire::ReadIndex(in, "confirmation.signer"));
  PP_ASSIGN_OR_RETURN(auto hash, in.Bytes(c.hash_.size(), "confirmation.result_hash"));
  std::copy(hash.begin(), hash.end(), c.hash_.begin());
  PP_RETURN_IF_ERROR(in.Bytes(kSignatureBytes, "confirmation.signature").status());
  PP_RETURN_IF_ERROR(in.ExpectEnd("confirmation"));
  std::copy(bytes.begin(), bytes.end(), c.bytes_.begin());
  return c;
}

Status ConfirmationMessage::Verify(const DkgConfig& config) const {
  PP_RETURN_IF_ERROR(wire::CheckIndex(config.params(), signer_, "confirmation.signer"));
  return VerifyFixed(bytes_, context_, config, signer_, kSignatureDomain, "confirmation");
}

}  // namespace phantompool::crypto::threshold
