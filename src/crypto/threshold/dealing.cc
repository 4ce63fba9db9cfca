#include "phantompool/crypto/threshold/dealing.h"

#include <sodium.h>

#include <algorithm>
#include <string>

#include "phantompool/common/byte_io.h"
#include "phantompool/common/check.h"
#include "phantompool/crypto/ctime.h"
#include "wire.h"

namespace phantompool::crypto::threshold {
namespace {

constexpr std::string_view kName = "dealing";

// The transcript a dealer's proof of knowledge of a_0 runs on: the context id, the dealer's
// index and all of its commitments, so the proof is only valid for this dealer, this run and
// this polynomial.
Transcript ProofOfKnowledgeTranscript(const ContextId& context, uint32_t dealer,
                                      std::span<const Point> commitments) {
  Transcript t(kDkgProtocol);
  t.AppendMessage("dom-sep", "phantompool/dkg/v1/proof-of-knowledge");
  t.AppendMessage("context", context);
  t.AppendU64("dealer", dealer);
  t.AppendU64("threshold", commitments.size());
  for (const Point& c : commitments) t.AppendPoint("C", c);
  return t;
}

Digest Blake2b256(std::span<const uint8_t> bytes) {
  EnsureSodium();
  Digest out;
  crypto_generichash(out.data(), out.size(), bytes.data(), bytes.size(), nullptr, 0);
  return out;
}

}  // namespace

DealingMessage DealingMessage::Create(const DkgConfig& config, uint32_t dealer,
                                      const ParticipantKey& key, const SecretPolynomial& polynomial,
                                      Rng& rng) {
  PP_CHECK(config.params().IsValidIndex(dealer));
  PP_CHECK(key.public_key() == config.participant(dealer));
  PP_CHECK(polynomial.size() == config.threshold());
  const std::vector<Point> commitments = polynomial.Commit();
  Transcript pok_transcript = ProofOfKnowledgeTranscript(config.context_id(), dealer, commitments);
  // a_0 = 0 (probability 2^-252) is the only way this fails.
  auto proof =
      SchnorrProof::Prove(pok_transcript, commitments[0], polynomial.ExposeCoefficient(0), rng);
  PP_CHECK(proof.ok());

  ByteWriter w;
  w.U8(kKind);
  w.U8(kDkgWireVersion);
  w.Bytes(config.context_id());
  w.U8(static_cast<uint8_t>(dealer));
  w.U8(static_cast<uint8_t>(config.threshold()));
  w.U8(static_cast<uint8_t>(config.participants()));
  for (const Point& c : commitments) w.Bytes(c.Encode());
  w.Bytes(proof->Serialize());
  for (uint32_t j = 1; j <= config.participants(); ++j) {
    const SecretScalar share = polynomial.Evaluate(j);
    std::array<uint8_t, kScalarBytes> plain = share.ExposeSecret().ToBytes();
    w.Bytes(key.Seal(config.participant(j), plain, rng));
    sodium_memzero(plain.data(), plain.size());
  }
  std::vector<uint8_t> bytes = std::move(w).Take();
  const Signature sig = key.Sign(kSignatureDomain, bytes);
  bytes.insert(bytes.end(), sig.begin(), sig.end());
  auto parsed = FromBytes(std::move(bytes));
  PP_CHECK(parsed.ok());  // what we just wrote must parse
  return std::move(parsed).value();
}

Result<DealingMessage> DealingMessage::Parse(std::span<const uint8_t> bytes) {
  return FromBytes(std::vector<uint8_t>(bytes.begin(), bytes.end()));
}

Result<DealingMessage> DealingMessage::FromBytes(std::vector<uint8_t> bytes) {
  ByteReader in(bytes);
  PP_RETURN_IF_ERROR(wire::ReadKindAndVersion(in, kKind, kDkgWireVersion, kName));
  DealingMessage d;
  PP_ASSIGN_OR_RETURN(auto context, in.Bytes(kContextIdBytes, "dealing.context"));
  std::copy(context.begin(), context.end(), d.context_.begin());
  PP_ASSIGN_OR_RETURN(d.dealer_, wire::ReadIndex(in, "dealing.dealer"));
  PP_ASSIGN_OR_RETURN(ThresholdParams params, wire::ReadParams(in, kName));
  PP_RETURN_IF_ERROR(wire::CheckIndex(params, d.dealer_, "dealing.dealer"));
  d.participants_ = params.participants();
  const size_t expected = SizeFor(params.threshold(), params.participants());
  if (bytes.size() != expected) {
    return Status::InvalidArgument(std::string(kName),
                                   "must be " + std::to_string(expected) +
                                       " bytes for t = " + std::to_string(params.threshold()) +
                                       ", n = " + std::to_string(params.participants()) + ", got " +
                                       std::to_string(bytes.size()));
  }
  for (uint32_t k = 0; k < params.threshold(); ++k) {
    const std::string field = wire::Field(kName, wire::Indexed("commitments", k));
    PP_ASSIGN_OR_RETURN(auto enc, in.Bytes(kPointBytes, field));
    // A commitment a_k·G with uniform a_k is never the identity; an identity C_0 would be
    // a zero contribution, an identity top coefficient a lower degree.
    PP_ASSIGN_OR_RETURN(Point c, Point::Decode(enc, field, IdentityPolicy::kForbid));
    d.commitments_.push_back(c);
  }
  PP_ASSIGN_OR_RETURN(auto proof_bytes, in.Bytes(SchnorrProof::kSize, "dealing.proof"));
  PP_ASSIGN_OR_RETURN(SchnorrProof proof, SchnorrProof::Parse(proof_bytes, "dealing.proof"));
  d.proof_ = proof;
  PP_ASSIGN_OR_RETURN(auto boxes,
                      in.Bytes(params.participants() * kSealedShareBytes, "dealing.boxes"));
  (void)boxes;  // opened by their recipients only
  PP_ASSIGN_OR_RETURN(auto sig, in.Bytes(kSignatureBytes, "dealing.signature"));
  (void)sig;
  PP_RETURN_IF_ERROR(in.ExpectEnd(kName));
  d.body_digest_ = Blake2b256(std::span(bytes).first(bytes.size() - kSignatureBytes));
  d.bytes_ = std::move(bytes);
  return d;
}

Status DealingMessage::Verify(const DkgConfig& config) const {
  if (context_ != config.context_id()) {
    return Status::InvalidArgument("dealing.context", "belongs to another DKG run");
  }
  if (threshold() != config.threshold()) {
    return Status::InvalidArgument("dealing.threshold", "is " + std::to_string(threshold()) +
                                                            ", this run has " +
                                                            std::to_string(config.threshold()));
  }
  if (participants_ != config.participants()) {
    return Status::InvalidArgument("dealing.participants",
                                   "is " + std::to_string(participants_) + ", this run has " +
                                       std::to_string(config.participants()));
  }
  const std::span<const uint8_t> all(bytes_);
  Signature sig;
  std::copy_n(all.end() - kSignatureBytes, kSignatureBytes, sig.begin());
  PP_RETURN_IF_ERROR(VerifyParticipantSignature(config.participant(dealer_), kSignatureDomain,
                                                all.first(all.size() - kSignatureBytes), sig,
                                                "dealing.signature"));
  Transcript t = ProofOfKnowledgeTranscript(context_, dealer_, commitments_);
  if (!proof_->Verify(t, commitments_[0]).ok()) {
    return Status::VerificationFailed("dealing.proof",
                                      "proof of knowledge of the constant term does not verify");
  }
  return Status::Ok();
}

std::span<const uint8_t> DealingMessage::SealedShare(uint32_t recipient) const {
  PP_CHECK(recipient >= 1 && recipient <= participants_);
  const size_t offset = kHeaderBytes + commitments_.size() * kPointBytes + SchnorrProof::kSize +
                        (recipient - 1) * kSealedShareBytes;
  return std::span(bytes_).subspan(offset, kSealedShareBytes);
}

std::optional<SecretScalar> DealingMessage::OpenShare(const DkgConfig& config, uint32_t recipient,
                                                      const ParticipantKey& recipient_key) const {
  std::optional<SecretBytes> plain =
      recipient_key.Open(config.participant(dealer_), SealedShare(recipient));
  if (!plain || plain->size() != kScalarBytes) return std::nullopt;
  // Scalar::FromCanonicalBytes branches on its verdict; here the verdict is declassified
  // first (it decides a public complaint) and the value never meets a branch.
  Scalar s;
  decaf_error_t ok = decaf_255_scalar_decode(s.raw(), plain->ExposeSecret().data());
  DeclassifyValue(ok);
  if (ok != DECAF_SUCCESS) {
    decaf_255_scalar_destroy(s.raw());
    return std::nullopt;
  }
  SecretScalar share(s);
  decaf_255_scalar_destroy(s.raw());
  return share;
}

}  // namespace phantompool::crypto::threshold
