// The binary form of an EncryptedOrder, version 2 (docs/order.md has the table):
//   statement: u8 version | str pair | str user_id | nonce[32] | u8 side | u8 type |
//              u8 validity | u64 expiry | u32 key_epoch | C_size | [C_price] | C_min_fill |
//              [C_product] | C_rem_hi | R | aead_nonce[24] ‖ ciphertext[125] | trader_wrap[32]
//   proofs:    kem_proof[65] | [product_proof[161]] | range_proof[800]
//   signature[64]
// str is u32-length-prefixed; integers little-endian; a price exactly for limit orders, a
// product exactly for limit buys. Everything before the ciphertext is the AEAD's associated
// data. Parsing is strict: every length, encoding, enum and presence rule is checked,
// trailing bytes are an error, errors name the field.
#include <sodium.h>

#include "order_assembler.h"
#include "phantompool/common/byte_io.h"
#include "phantompool/order/encrypted_order.h"
#include "phantompool/order/kem_statement.h"

namespace phantompool::order {
namespace {

using crypto::Point;

constexpr size_t kRangeProofBytes = crypto::RangeProofBytes(8);  // log2(8 × 32) rounds

void WriteAssociated(ByteWriter& w, const OrderHeader& h) {
  w.U8(kEncryptedOrderVersion);
  w.String(h.pair);
  w.String(h.user_id);
  w.Bytes(h.nonce);
  w.U8(static_cast<uint8_t>(h.side));
  w.U8(static_cast<uint8_t>(h.type));
  w.U8(static_cast<uint8_t>(h.validity));
  w.U64(h.expiry);
  w.U32(h.key_epoch);
  w.Bytes(h.size.Encode());
  if (h.price) w.Bytes(h.price->Encode());
  w.Bytes(h.min_fill.Encode());
  if (h.product) w.Bytes(h.product->Encode());
  w.Bytes(h.remainder_high.Encode());
  w.Bytes(h.kem.R.Encode());
  w.Bytes(h.kem.nonce);
}

}  // namespace

// The points of a header, consecutive on the wire (the commitments, then R), read as bytes and
// decoded together (Point::DecodeBatch: one vector where the CPU has AVX-512 IFMA). A refusal
// names the first bad point in wire order, and a point before a field that fails to read is
// judged first, as if each had been decoded where it stands.
class HeaderPoints {
 public:
  explicit HeaderPoints(ByteReader& r) : r_(r) {}
  Status Read(std::string_view field, Point* into) {
    auto bytes = r_.Bytes(crypto::kPointBytes, field);
    if (!bytes.ok()) {
      PP_RETURN_IF_ERROR(Decode());
      return bytes.status();
    }
    if (into == nullptr) return Status::Ok();  // read, not decoded
    std::array<uint8_t, crypto::kPointBytes> e;
    std::copy(bytes->begin(), bytes->end(), e.begin());
    encodings_.push_back(e);
    names_.emplace_back(field);
    into_.push_back(into);
    return Status::Ok();
  }
  Status Decode() {
    PP_ASSIGN_OR_RETURN(std::vector<Point> points,
                        Point::DecodeBatch(encodings_, [&](size_t i) { return names_[i]; }));
    for (size_t i = 0; i < points.size(); ++i) *into_[i] = std::move(points[i]);
    encodings_.clear();
    names_.clear();
    into_.clear();
    return Status::Ok();
  }

 private:
  ByteReader& r_;
  std::vector<std::array<uint8_t, crypto::kPointBytes>> encodings_;
  std::vector<std::string> names_;
  std::vector<Point*> into_;
};

Result<OrderHeader> ReadOrderHeader(ByteReader& r, size_t total, size_t* associated_end,
                                    CommitmentDecoding decoding) {
  HeaderPoints points(r);
  const bool decode_commitments = decoding == CommitmentDecoding::kDecode;
  auto commitment = [&](std::string_view field, Point& out) {
    return points.Read(field, decode_commitments ? &out : nullptr);
  };
  OrderHeader h;
  PP_ASSIGN_OR_RETURN(uint8_t version, r.U8("version"));
  if (version != kEncryptedOrderVersion) {
    return Status::InvalidArgument("version", "unsupported version " + std::to_string(version) +
                                                  " (this server reads version 2)");
  }
  PP_ASSIGN_OR_RETURN(h.pair, r.String(kMaxPairNameBytes, "pair"));
  if (h.pair.empty()) return Status::InvalidArgument("pair", "empty");
  PP_ASSIGN_OR_RETURN(h.user_id, r.String(kMaxUserIdBytes, "user_id"));
  if (h.user_id.empty()) return Status::InvalidArgument("user_id", "empty");
  PP_ASSIGN_OR_RETURN(auto nonce, r.Bytes(kNonceBytes, "nonce"));
  std::copy(nonce.begin(), nonce.end(), h.nonce.begin());
  PP_ASSIGN_OR_RETURN(uint8_t side, r.U8("side"));
  PP_ASSIGN_OR_RETURN(h.side, SideFromByte(side, "side"));
  PP_ASSIGN_OR_RETURN(uint8_t type, r.U8("type"));
  PP_ASSIGN_OR_RETURN(h.type, OrderTypeFromByte(type, "type"));
  PP_ASSIGN_OR_RETURN(uint8_t validity, r.U8("validity"));
  PP_ASSIGN_OR_RETURN(h.validity, ValidityFromByte(validity, "validity"));
  PP_ASSIGN_OR_RETURN(h.expiry, r.U64("expiry"));
  if ((h.validity == Validity::kGtt) != (h.expiry != 0)) {
    return Status::InvalidArgument("expiry", "set exactly for gtt orders");
  }
  PP_ASSIGN_OR_RETURN(h.key_epoch, r.U32("key_epoch"));
  const bool limit = h.type == OrderType::kLimit;
  PP_RETURN_IF_ERROR(commitment("commitments.size", h.size));
  if (limit) PP_RETURN_IF_ERROR(commitment("commitments.price", h.price.emplace()));
  PP_RETURN_IF_ERROR(commitment("commitments.min_fill", h.min_fill));
  if (limit && h.side == Side::kBuy) {
    PP_RETURN_IF_ERROR(commitment("commitments.product", h.product.emplace()));
  }
  PP_RETURN_IF_ERROR(commitment("commitments.remainder_high", h.remainder_high));
  PP_RETURN_IF_ERROR(
      points.Read("kem.R", decoding == CommitmentDecoding::kNone ? nullptr : &h.kem.R));
  PP_RETURN_IF_ERROR(points.Decode());
  PP_ASSIGN_OR_RETURN(auto aead_nonce, r.Bytes(crypto::kAeadNonceBytes, "kem.nonce"));
  std::copy(aead_nonce.begin(), aead_nonce.end(), h.kem.nonce.begin());
  *associated_end = total - r.remaining();
  PP_ASSIGN_OR_RETURN(auto ct, r.Bytes(kKemCiphertextBytes, "kem.ciphertext"));
  h.kem.ciphertext.assign(ct.begin(), ct.end());
  PP_ASSIGN_OR_RETURN(auto wrap, r.Bytes(kTraderWrapBytes, "kem.trader_wrap"));
  std::copy(wrap.begin(), wrap.end(), h.kem.trader_wrap.begin());
  return h;
}

std::vector<uint8_t> EncryptedOrderAssembler::AssociatedData(const OrderHeader& h) {
  ByteWriter w;
  WriteAssociated(w, h);
  return std::move(w).Take();
}

std::vector<uint8_t> EncryptedOrderAssembler::StatementBytes(const OrderHeader& h,
                                                             size_t* associated_end) {
  ByteWriter w;
  WriteAssociated(w, h);
  if (associated_end != nullptr) *associated_end = w.bytes().size();
  w.Bytes(h.kem.ciphertext);
  w.Bytes(h.kem.trader_wrap);
  return std::move(w).Take();
}

EncryptedOrder EncryptedOrderAssembler::Assemble(
    const OrderHeader& h, const crypto::SchnorrProof& kem_proof,
    const std::optional<crypto::ProductProof>& product_proof, const crypto::RangeProof& range_proof,
    const TraderKey& key) {
  EncryptedOrder o;
  o.pair_ = h.pair;
  o.user_id_ = h.user_id;
  o.nonce_ = h.nonce;
  o.side_ = h.side;
  o.type_ = h.type;
  o.validity_ = h.validity;
  o.expiry_ = h.expiry;
  o.key_epoch_ = h.key_epoch;
  o.size_ = h.size;
  o.price_ = h.price;
  o.min_fill_ = h.min_fill;
  o.product_ = h.product;
  o.remainder_high_ = h.remainder_high;
  o.kem_ = h.kem;
  o.kem_proof_ = kem_proof;
  o.product_proof_ = product_proof;
  o.range_proof_ = range_proof;
  o.wire_ = StatementBytes(h, &o.associated_end_);
  o.statement_end_ = o.wire_.size();
  ByteWriter proofs;
  proofs.Bytes(kem_proof.Serialize());
  if (product_proof) proofs.Bytes(product_proof->Serialize());
  proofs.Bytes(range_proof.Serialize());
  o.wire_.insert(o.wire_.end(), proofs.bytes().begin(), proofs.bytes().end());
  o.signature_ = key.Sign(kOrderSignatureDomain, o.wire_);
  o.wire_.insert(o.wire_.end(), o.signature_.begin(), o.signature_.end());
  return o;
}

Result<EncryptedOrder> EncryptedOrder::Parse(std::span<const uint8_t> bytes) {
  return ParseImpl(bytes, true);
}

Result<EncryptedOrder> EncryptedOrder::ParseWithoutOrderProofs(std::span<const uint8_t> bytes) {
  return ParseImpl(bytes, false);
}

Result<EncryptedOrder> EncryptedOrder::ParseImpl(std::span<const uint8_t> bytes,
                                                 bool order_proofs) {
  ByteReader r(bytes);
  EncryptedOrder o;
  PP_ASSIGN_OR_RETURN(OrderHeader h, ReadOrderHeader(r, bytes.size(), &o.associated_end_,
                                                     CommitmentDecoding::kDecode));
  o.statement_end_ = bytes.size() - r.remaining();
  PP_ASSIGN_OR_RETURN(auto kem_proof_bytes, r.Bytes(crypto::SchnorrProof::kSize, "kem.proof"));
  PP_ASSIGN_OR_RETURN(o.kem_proof_, crypto::SchnorrProof::Parse(kem_proof_bytes, "kem.proof"));
  if (h.product) {
    PP_ASSIGN_OR_RETURN(auto product_bytes, r.Bytes(crypto::ProductProof::kSize, "product_proof"));
    if (order_proofs) {
      PP_ASSIGN_OR_RETURN(o.product_proof_,
                          crypto::ProductProof::Parse(product_bytes, "product_proof"));
    }
  }
  PP_ASSIGN_OR_RETURN(auto range_bytes, r.Bytes(kRangeProofBytes, "range_proof"));
  if (order_proofs) {
    PP_ASSIGN_OR_RETURN(o.range_proof_, crypto::RangeProof::Parse(range_bytes, "range_proof"));
  }
  PP_ASSIGN_OR_RETURN(auto sig, r.Bytes(kSignatureBytes, "signature"));
  std::copy(sig.begin(), sig.end(), o.signature_.begin());
  PP_RETURN_IF_ERROR(r.ExpectEnd("order"));
  o.pair_ = std::move(h.pair);
  o.user_id_ = std::move(h.user_id);
  o.nonce_ = h.nonce;
  o.side_ = h.side;
  o.type_ = h.type;
  o.validity_ = h.validity;
  o.expiry_ = h.expiry;
  o.key_epoch_ = h.key_epoch;
  o.size_ = h.size;
  o.price_ = h.price;
  o.min_fill_ = h.min_fill;
  o.product_ = h.product;
  o.remainder_high_ = h.remainder_high;
  o.kem_ = std::move(h.kem);
  o.wire_.assign(bytes.begin(), bytes.end());
  return o;
}

std::span<const uint8_t> EncryptedOrder::ProductProofBytes() const {
  if (!product_) return {};
  return std::span<const uint8_t>(wire_).subspan(statement_end_ + crypto::SchnorrProof::kSize,
                                                 crypto::ProductProof::kSize);
}

std::span<const uint8_t> EncryptedOrder::RangeProofBytes() const {
  return std::span<const uint8_t>(wire_).subspan(wire_.size() - kSignatureBytes - kRangeProofBytes,
                                                 kRangeProofBytes);
}

std::span<const uint8_t> EncryptedOrder::SignedBytes() const {
  return std::span<const uint8_t>(wire_).first(wire_.size() - kSignatureBytes);
}

std::span<const uint8_t> EncryptedOrder::StatementBytes() const {
  return std::span<const uint8_t>(wire_).first(statement_end_);
}

std::span<const uint8_t> EncryptedOrder::AssociatedData() const {
  return std::span<const uint8_t>(wire_).first(associated_end_);
}

std::array<uint8_t, 32> EncryptedOrder::CiphertextHash() const {
  const size_t r_offset = associated_end_ - crypto::kAeadNonceBytes - crypto::kPointBytes;
  return HashKemCiphertext(std::span<const uint8_t>(wire_).subspan(
                               r_offset, crypto::kPointBytes + crypto::kAeadNonceBytes),
                           kem_.ciphertext);
}

}  // namespace phantompool::order
