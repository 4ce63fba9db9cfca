// The binary form of an EncryptedOrder, version 1 (docs/order.md has the table):
//   u8 version | str pair | str user_id | nonce[32] | u8 side | u8 type | u8 validity |
//   u64 expiry | value size | [value price] | value min_fill | [Cz[32] | proof product] |
//   aux chunks (4 or 5 × 4 points) | 2 × proof range | signature[64]
// where value = 4 × (ciphertext[64] | commitment[32] | proof equality), str and proof are
// u32-length-prefixed, integers little-endian. Parsing is strict: every length, encoding,
// enum and count is checked, trailing bytes are an error, errors name the field.
#include "order_statement.h"
#include "phantompool/common/byte_io.h"
#include "phantompool/order/encrypted_order.h"

namespace phantompool::order {
namespace {

using crypto::Point;

constexpr size_t kMaxProofBytes = 4096;

void WriteValue(ByteWriter& w, const EncryptedValue& v) {
  for (const auto& limb : v.limbs) {
    w.Bytes(limb.ciphertext.Encode());
    w.Bytes(limb.commitment.Encode());
    w.LengthPrefixed(limb.equality_proof->Serialize());
  }
}

Result<Point> ReadPoint(ByteReader& r, const std::string& field) {
  PP_ASSIGN_OR_RETURN(auto bytes, r.Bytes(crypto::kPointBytes, field));
  return Point::Decode(bytes, field);
}

Result<EncryptedValue> ReadValue(ByteReader& r, const std::string& name) {
  EncryptedValue v;
  for (size_t j = 0; j < kLimbsPerValue; ++j) {
    const std::string field = name + ".limbs[" + std::to_string(j) + "]";
    PP_ASSIGN_OR_RETURN(auto ct_bytes, r.Bytes(64, field + ".ciphertext"));
    PP_ASSIGN_OR_RETURN(auto ct,
                        crypto::ElGamalCiphertext::Decode(ct_bytes, field + ".ciphertext"));
    PP_ASSIGN_OR_RETURN(Point commitment, ReadPoint(r, field + ".commitment"));
    PP_ASSIGN_OR_RETURN(auto proof_bytes,
                        r.LengthPrefixed(kMaxProofBytes, field + ".equality_proof"));
    PP_ASSIGN_OR_RETURN(auto proof, crypto::CiphertextCommitmentEqualityProof::Parse(
                                        proof_bytes, field + ".equality_proof"));
    v.limbs.push_back(EncryptedLimb{ct, commitment, std::move(proof)});
  }
  return v;
}

Status ParseBody(ByteReader& r, EncryptedOrder& o) {
  PP_ASSIGN_OR_RETURN(o.version, r.U8("version"));
  if (o.version != kEncryptedOrderVersion) {
    return Status::InvalidArgument("version", "unsupported version " + std::to_string(o.version));
  }
  PP_ASSIGN_OR_RETURN(o.pair, r.String(kMaxPairNameBytes, "pair"));
  if (o.pair.empty()) return Status::InvalidArgument("pair", "empty");
  PP_ASSIGN_OR_RETURN(o.user_id, r.String(kMaxUserIdBytes, "user_id"));
  if (o.user_id.empty()) return Status::InvalidArgument("user_id", "empty");
  PP_ASSIGN_OR_RETURN(auto nonce, r.Bytes(kNonceBytes, "nonce"));
  std::copy(nonce.begin(), nonce.end(), o.nonce.begin());
  PP_ASSIGN_OR_RETURN(uint8_t side, r.U8("side"));
  PP_ASSIGN_OR_RETURN(o.side, SideFromByte(side, "side"));
  PP_ASSIGN_OR_RETURN(uint8_t type, r.U8("type"));
  PP_ASSIGN_OR_RETURN(o.type, OrderTypeFromByte(type, "type"));
  PP_ASSIGN_OR_RETURN(uint8_t validity, r.U8("validity"));
  PP_ASSIGN_OR_RETURN(o.validity, ValidityFromByte(validity, "validity"));
  PP_ASSIGN_OR_RETURN(o.expiry, r.U64("expiry"));
  if ((o.validity == Validity::kGtt) != (o.expiry != 0)) {
    return Status::InvalidArgument("expiry", "set exactly for gtt orders");
  }
  const bool limit = o.type == OrderType::kLimit;
  PP_ASSIGN_OR_RETURN(o.size, ReadValue(r, "size"));
  if (limit) {
    PP_ASSIGN_OR_RETURN(auto price, ReadValue(r, "price"));
    o.price = std::move(price);
  }
  PP_ASSIGN_OR_RETURN(o.min_fill, ReadValue(r, "min_fill"));
  if (limit && o.side == Side::kBuy) {
    PP_ASSIGN_OR_RETURN(Point cz, ReadPoint(r, "product.commitment"));
    PP_ASSIGN_OR_RETURN(auto bytes, r.LengthPrefixed(kMaxProofBytes, "product.proof"));
    PP_ASSIGN_OR_RETURN(auto proof, crypto::ProductProof::Parse(bytes, "product.proof"));
    o.product = ProductCommitment{cz, std::move(proof)};
  }
  const size_t aux_count = internal::AuxSlotsFor(o.type).size();
  for (size_t i = 0; i < aux_count; ++i) {
    std::array<Point, kChunksPerAux> chunks;
    for (size_t j = 0; j < kChunksPerAux; ++j) {
      PP_ASSIGN_OR_RETURN(chunks[j], ReadPoint(r, "aux_chunks[" + std::to_string(i) + "][" +
                                                      std::to_string(j) + "]"));
    }
    o.aux_chunks.push_back(chunks);
  }
  for (size_t i = 0; i < kRangeProofs; ++i) {
    const std::string field = "range_proofs[" + std::to_string(i) + "]";
    PP_ASSIGN_OR_RETURN(auto range_bytes, r.LengthPrefixed(kMaxProofBytes, field));
    PP_ASSIGN_OR_RETURN(auto range_proof, crypto::RangeProof::Parse(range_bytes, field));
    o.range_proofs.push_back(std::move(range_proof));
  }
  return Status::Ok();
}

}  // namespace

std::vector<uint8_t> EncryptedOrder::SignedBytes() const {
  ByteWriter w;
  w.U8(version);
  w.String(pair);
  w.String(user_id);
  w.Bytes(nonce);
  w.U8(static_cast<uint8_t>(side));
  w.U8(static_cast<uint8_t>(type));
  w.U8(static_cast<uint8_t>(validity));
  w.U64(expiry);
  WriteValue(w, size);
  if (price) WriteValue(w, *price);
  WriteValue(w, min_fill);
  if (product) {
    w.Bytes(product->commitment.Encode());
    w.LengthPrefixed(product->proof->Serialize());
  }
  for (const auto& chunks : aux_chunks) {
    for (const auto& c : chunks) w.Bytes(c.Encode());
  }
  for (const auto& proof : range_proofs) w.LengthPrefixed(proof.Serialize());
  return std::move(w).Take();
}

std::vector<uint8_t> EncryptedOrder::Serialize() const {
  std::vector<uint8_t> out = SignedBytes();
  out.insert(out.end(), signature.begin(), signature.end());
  return out;
}

Result<EncryptedOrder> EncryptedOrder::Parse(std::span<const uint8_t> bytes) {
  ByteReader r(bytes);
  EncryptedOrder o;
  PP_RETURN_IF_ERROR(ParseBody(r, o));
  PP_ASSIGN_OR_RETURN(auto sig, r.Bytes(kSignatureBytes, "signature"));
  std::copy(sig.begin(), sig.end(), o.signature.begin());
  PP_RETURN_IF_ERROR(r.ExpectEnd("order"));
  return o;
}

}  // namespace phantompool::order
