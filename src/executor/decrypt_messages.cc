#include "phantompool/executor/decrypt_messages.h"

#include "phantompool/auction/session_draw.h"
#include "phantompool/common/byte_io.h"

namespace phantompool::executor {
namespace {

using crypto::threshold::DecryptionShares;
using crypto::threshold::VrfShare;

constexpr std::array<uint8_t, 4> kRequestMagic = {'P', 'P', 'D', 'Q'};
constexpr std::array<uint8_t, 4> kResponseMagic = {'P', 'P', 'D', 'S'};
constexpr uint8_t kVersion = 1;
constexpr uint8_t kDecrypt = 1;
constexpr uint8_t kCarried = 2;
constexpr size_t kMaxIdBytes = 20;  // a decimal int64
constexpr size_t kMaxKemBytes = 4096;
constexpr size_t kMaxVrfShares = 32;

Status CheckMagic(ByteReader& r, const std::array<uint8_t, 4>& magic, std::string_view what) {
  PP_ASSIGN_OR_RETURN(auto m, r.Bytes(4, std::string(what) + ".magic"));
  if (!std::equal(m.begin(), m.end(), magic.begin())) {
    return Status::InvalidArgument(std::string(what) + ".magic", "not a " + std::string(what));
  }
  PP_ASSIGN_OR_RETURN(uint8_t version, r.U8(std::string(what) + ".version"));
  if (version != kVersion) {
    return Status::InvalidArgument(std::string(what) + ".version", "unsupported version");
  }
  return Status::Ok();
}

Result<Bytes32> Read32(ByteReader& r, std::string_view field) {
  PP_ASSIGN_OR_RETURN(auto b, r.Bytes(32, field));
  Bytes32 out;
  std::copy(b.begin(), b.end(), out.begin());
  return out;
}

// Signs everything written so far and appends the signature.
void AppendSignature(std::vector<uint8_t>& bytes, const ParticipantKey& key,
                     std::string_view domain) {
  const auto sig = key.Sign(domain, bytes);
  bytes.insert(bytes.end(), sig.begin(), sig.end());
}

Status CheckSignature(std::span<const uint8_t> bytes, const ParticipantPublicKey& signer,
                      std::string_view domain, std::string_view what) {
  if (bytes.size() < crypto::threshold::kSignatureBytes) {
    return Status::InvalidArgument(std::string(what), "too short");
  }
  const size_t body = bytes.size() - crypto::threshold::kSignatureBytes;
  crypto::threshold::Signature sig;
  std::copy(bytes.begin() + static_cast<std::ptrdiff_t>(body), bytes.end(), sig.begin());
  const Status s = crypto::threshold::VerifyParticipantSignature(
      signer, domain, bytes.first(body), sig, std::string(what) + ".signature");
  if (!s.ok()) return Status::Unauthenticated(s.field(), s.message());
  return Status::Ok();
}

}  // namespace

Bytes32 DecryptRequest::BatchDigest() const {
  auction::BatchDigest digest;
  for (const BatchItem& item : batch) digest.Add(item.order_id, item.ciphertext_hash);
  return digest.Finish();
}

std::vector<uint8_t> DecryptRequest::Serialize(const ParticipantKey& coordinator) const {
  ByteWriter w;
  for (uint8_t b : kRequestMagic) w.U8(b);
  w.U8(kVersion);
  w.String(pair);
  w.U64(session_id);
  w.U64(session_number);
  w.U32(key_epoch);
  w.U64(static_cast<uint64_t>(closed_at_ms));
  w.U8(previous ? 1 : 0);
  if (previous) {
    w.U64(previous->session_number);
    w.Bytes(previous->previous_output);
    w.Bytes(previous->batch_digest);
    w.Bytes(previous->seed);
    w.U32(static_cast<uint32_t>(previous->vrf_shares.size()));
    for (const auto& s : previous->vrf_shares) w.Bytes(s.Serialize());
  }
  w.U32(static_cast<uint32_t>(batch.size()));
  for (const BatchItem& item : batch) {
    w.String(item.order_id);
    if (item.kem) {
      w.U8(kDecrypt);
      w.LengthPrefixed(item.kem->Serialize());
    } else {
      w.U8(kCarried);
      w.Bytes(item.ciphertext_hash);
    }
  }
  std::vector<uint8_t> out = std::move(w).Take();
  AppendSignature(out, coordinator, kDecryptRequestDomain);
  return out;
}

Result<DecryptRequest> DecryptRequest::Parse(std::span<const uint8_t> bytes,
                                             const ParticipantPublicKey& coordinator) {
  PP_RETURN_IF_ERROR(CheckSignature(bytes, coordinator, kDecryptRequestDomain, "request"));
  ByteReader r(bytes.first(bytes.size() - crypto::threshold::kSignatureBytes));
  PP_RETURN_IF_ERROR(CheckMagic(r, kRequestMagic, "request"));
  DecryptRequest q;
  PP_ASSIGN_OR_RETURN(q.pair, r.String(order::kMaxPairNameBytes, "request.pair"));
  PP_ASSIGN_OR_RETURN(q.session_id, r.U64("request.session_id"));
  PP_ASSIGN_OR_RETURN(q.session_number, r.U64("request.session_number"));
  if (q.session_number == 0) {
    return Status::InvalidArgument("request.session_number", "sessions count from 1");
  }
  PP_ASSIGN_OR_RETURN(q.key_epoch, r.U32("request.key_epoch"));
  PP_ASSIGN_OR_RETURN(uint64_t closed, r.U64("request.closed_at_ms"));
  q.closed_at_ms = static_cast<int64_t>(closed);
  PP_ASSIGN_OR_RETURN(uint8_t has_previous, r.U8("request.previous"));
  if (has_previous > 1) return Status::InvalidArgument("request.previous", "flag must be 0 or 1");
  if (has_previous) {
    PreviousSession p;
    PP_ASSIGN_OR_RETURN(p.session_number, r.U64("request.previous.session_number"));
    PP_ASSIGN_OR_RETURN(p.previous_output, Read32(r, "request.previous.previous_output"));
    PP_ASSIGN_OR_RETURN(p.batch_digest, Read32(r, "request.previous.batch_digest"));
    PP_ASSIGN_OR_RETURN(p.seed, Read32(r, "request.previous.seed"));
    PP_ASSIGN_OR_RETURN(uint32_t count, r.U32("request.previous.vrf_shares"));
    if (count > kMaxVrfShares) {
      return Status::InvalidArgument("request.previous.vrf_shares", "too many");
    }
    for (uint32_t i = 0; i < count; ++i) {
      const std::string field = "request.previous.vrf_shares[" + std::to_string(i) + "]";
      PP_ASSIGN_OR_RETURN(auto b, r.Bytes(VrfShare::kSize, field));
      auto share = VrfShare::Parse(b);
      if (!share.ok()) return share.status().WithFieldPrefix(field);
      p.vrf_shares.push_back(*share);
    }
    q.previous = std::move(p);
  }
  PP_ASSIGN_OR_RETURN(uint32_t n, r.U32("request.batch"));
  if (n > kMaxBatchOrders) return Status::InvalidArgument("request.batch", "too many orders");
  q.batch.reserve(n);
  auto field_of = [](size_t i) { return "request.batch[" + std::to_string(i) + "]"; };
  // The statements to decrypt are parsed together at the end: their points in one batch.
  std::vector<std::span<const uint8_t>> kem_bytes;
  std::vector<size_t> kem_items;
  for (uint32_t i = 0; i < n; ++i) {
    const std::string field = field_of(i);
    BatchItem item;
    PP_ASSIGN_OR_RETURN(item.order_id, r.String(kMaxIdBytes, field + ".order_id"));
    if (item.order_id.empty()) return Status::InvalidArgument(field + ".order_id", "empty");
    PP_ASSIGN_OR_RETURN(uint8_t kind, r.U8(field + ".kind"));
    if (kind == kDecrypt) {
      PP_ASSIGN_OR_RETURN(auto kem, r.LengthPrefixed(kMaxKemBytes, field + ".kem"));
      kem_bytes.push_back(kem);
      kem_items.push_back(i);
    } else if (kind == kCarried) {
      PP_ASSIGN_OR_RETURN(item.ciphertext_hash, Read32(r, field + ".ciphertext_hash"));
    } else {
      return Status::InvalidArgument(field + ".kind", "must be 1 (decrypt) or 2 (carried)");
    }
    q.batch.push_back(std::move(item));
  }
  PP_RETURN_IF_ERROR(r.ExpectEnd("request"));
  PP_ASSIGN_OR_RETURN(
      std::vector<order::KemStatement> kems,
      order::KemStatement::ParseBatch(kem_bytes, [&](size_t k) { return field_of(kem_items[k]); }));
  for (size_t k = 0; k < kems.size(); ++k) {
    BatchItem& item = q.batch[kem_items[k]];
    item.ciphertext_hash = kems[k].CiphertextHash();
    item.kem = std::move(kems[k]);
  }
  return q;
}

std::vector<uint8_t> DecryptResponse::Serialize(const ParticipantKey& executor) {
  ByteWriter w;
  for (uint8_t b : kResponseMagic) w.U8(b);
  w.U8(kVersion);
  w.U32(index);
  w.U64(session_id);
  w.Bytes(batch_digest);
  w.U8(shares ? 1 : 0);
  if (shares) w.LengthPrefixed(shares->Serialize());
  w.Bytes(vrf_share->Serialize());
  std::vector<uint8_t> out = std::move(w).Take();
  const auto sig = executor.Sign(kDecryptResponseDomain, out);
  signature = sig;
  out.insert(out.end(), sig.begin(), sig.end());
  return out;
}

Result<DecryptResponse> DecryptResponse::Parse(std::span<const uint8_t> bytes,
                                               const ParticipantPublicKey& executor) {
  PP_RETURN_IF_ERROR(CheckSignature(bytes, executor, kDecryptResponseDomain, "response"));
  ByteReader r(bytes.first(bytes.size() - crypto::threshold::kSignatureBytes));
  PP_RETURN_IF_ERROR(CheckMagic(r, kResponseMagic, "response"));
  DecryptResponse p;
  PP_ASSIGN_OR_RETURN(p.index, r.U32("response.index"));
  PP_ASSIGN_OR_RETURN(p.session_id, r.U64("response.session_id"));
  PP_ASSIGN_OR_RETURN(p.batch_digest, Read32(r, "response.batch_digest"));
  PP_ASSIGN_OR_RETURN(uint8_t has_shares, r.U8("response.shares"));
  if (has_shares > 1) return Status::InvalidArgument("response.shares", "flag must be 0 or 1");
  if (has_shares) {
    PP_ASSIGN_OR_RETURN(auto b,
                        r.LengthPrefixed(DecryptionShares::SizeFor(DecryptionShares::kMaxShares),
                                         "response.shares"));
    auto shares = DecryptionShares::Parse(b);
    if (!shares.ok()) return shares.status().WithFieldPrefix("response");
    p.shares = std::move(shares).value();
  }
  PP_ASSIGN_OR_RETURN(auto vrf, r.Bytes(VrfShare::kSize, "response.vrf_share"));
  auto share = VrfShare::Parse(vrf);
  if (!share.ok()) return share.status().WithFieldPrefix("response");
  p.vrf_share = *share;
  PP_RETURN_IF_ERROR(r.ExpectEnd("response"));
  std::copy(bytes.end() - crypto::threshold::kSignatureBytes, bytes.end(), p.signature.begin());
  return p;
}

}  // namespace phantompool::executor
