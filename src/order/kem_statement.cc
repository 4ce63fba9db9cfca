#include "phantompool/order/kem_statement.h"

#include <sodium.h>

#include "order_assembler.h"
#include "phantompool/common/byte_io.h"

namespace phantompool::order {

std::array<uint8_t, 32> HashKemCiphertext(std::span<const uint8_t> r_and_nonce,
                                          std::span<const uint8_t> ciphertext) {
  static constexpr std::string_view kLabel = "phantompool/order-ciphertext-hash/v2";
  crypto_generichash_blake2b_state st;
  crypto_generichash_blake2b_init(&st, nullptr, 0, 32);
  crypto_generichash_blake2b_update(&st, reinterpret_cast<const uint8_t*>(kLabel.data()),
                                    kLabel.size());
  crypto_generichash_blake2b_update(&st, r_and_nonce.data(), r_and_nonce.size());
  crypto_generichash_blake2b_update(&st, ciphertext.data(), ciphertext.size());
  std::array<uint8_t, 32> out;
  crypto_generichash_blake2b_final(&st, out.data(), out.size());
  return out;
}

KemStatement KemStatement::From(const EncryptedOrder& order) {
  KemStatement k(order.kem_proof());
  const auto statement = order.StatementBytes();
  k.bytes_.assign(statement.begin(), statement.end());
  const auto proof = order.kem_proof().Serialize();
  k.bytes_.insert(k.bytes_.end(), proof.begin(), proof.end());
  k.statement_end_ = statement.size();
  k.r_offset_ = order.AssociatedData().size() - crypto::kAeadNonceBytes - crypto::kPointBytes;
  k.pair_ = order.pair();
  k.user_id_ = order.user_id();
  k.key_epoch_ = order.key_epoch();
  k.R_ = order.kem().R;
  k.ciphertext_hash_ = order.CiphertextHash();
  return k;
}

struct KemStatement::Layout {
  OrderHeader header;
  size_t statement_size = 0;
  size_t r_offset = 0;
};

Result<KemStatement::Layout> KemStatement::ReadLayout(std::span<const uint8_t> bytes,
                                                      bool decode_r) {
  if (bytes.size() < crypto::SchnorrProof::kSize) {
    return Status::InvalidArgument("kem_statement", "too short");
  }
  const CommitmentDecoding decoding =
      decode_r ? CommitmentDecoding::kSkip : CommitmentDecoding::kNone;
  Layout l;
  l.statement_size = bytes.size() - crypto::SchnorrProof::kSize;
  ByteReader r(bytes.first(l.statement_size));
  size_t associated_end = 0;
  PP_ASSIGN_OR_RETURN(l.header, ReadOrderHeader(r, l.statement_size, &associated_end, decoding));
  PP_RETURN_IF_ERROR(r.ExpectEnd("kem_statement.statement"));
  l.r_offset = associated_end - crypto::kAeadNonceBytes - crypto::kPointBytes;
  return l;
}

KemStatement KemStatement::Assemble(std::span<const uint8_t> bytes, Layout&& l,
                                    const crypto::SchnorrProof& proof, const crypto::Point& R) {
  KemStatement k(proof);
  k.bytes_.assign(bytes.begin(), bytes.end());
  k.statement_end_ = l.statement_size;
  k.r_offset_ = l.r_offset;
  k.pair_ = std::move(l.header.pair);
  k.user_id_ = std::move(l.header.user_id);
  k.key_epoch_ = l.header.key_epoch;
  k.R_ = R;
  k.ciphertext_hash_ =
      HashKemCiphertext(std::span<const uint8_t>(k.bytes_).subspan(
                            k.r_offset_, crypto::kPointBytes + crypto::kAeadNonceBytes),
                        l.header.kem.ciphertext);
  return k;
}

Result<KemStatement> KemStatement::Parse(std::span<const uint8_t> bytes) {
  PP_ASSIGN_OR_RETURN(Layout l, ReadLayout(bytes, /*decode_r=*/true));
  PP_ASSIGN_OR_RETURN(auto proof,
                      crypto::SchnorrProof::Parse(bytes.subspan(l.statement_size), "kem.proof"));
  const crypto::Point R = l.header.kem.R;
  return Assemble(bytes, std::move(l), proof, R);
}

Result<std::vector<KemStatement>> KemStatement::ParseBatch(
    std::span<const std::span<const uint8_t>> items,
    const std::function<std::string(size_t)>& field) {
  std::vector<Layout> layouts;
  layouts.reserve(items.size());
  std::vector<std::array<uint8_t, crypto::kPointBytes>> r_encodings(items.size());
  std::vector<std::span<const uint8_t>> proofs(items.size());
  for (size_t i = 0; i < items.size(); ++i) {
    auto l = ReadLayout(items[i], /*decode_r=*/false);
    if (!l.ok()) return l.status().WithFieldPrefix(field(i));
    std::copy_n(items[i].begin() + static_cast<std::ptrdiff_t>(l->r_offset), crypto::kPointBytes,
                r_encodings[i].begin());
    proofs[i] = items[i].subspan(l->statement_size);
    layouts.push_back(std::move(l).value());
  }
  PP_ASSIGN_OR_RETURN(
      std::vector<crypto::Point> R,
      crypto::Point::DecodeBatch(r_encodings, [&](size_t i) { return field(i) + ".kem.R"; }));
  PP_ASSIGN_OR_RETURN(
      std::vector<crypto::SchnorrProof> kem_proofs,
      crypto::SchnorrProof::ParseBatch(proofs, [&](size_t i) { return field(i) + ".kem.proof"; }));
  std::vector<KemStatement> out;
  out.reserve(items.size());
  for (size_t i = 0; i < items.size(); ++i) {
    out.push_back(Assemble(items[i], std::move(layouts[i]), kem_proofs[i], R[i]));
  }
  return out;
}

std::span<const uint8_t> KemStatement::StatementBytes() const {
  return std::span<const uint8_t>(bytes_).first(statement_end_);
}

std::array<uint8_t, 32> KemStatement::REncoding() const {
  std::array<uint8_t, 32> out;
  std::copy_n(bytes_.begin() + static_cast<std::ptrdiff_t>(r_offset_), 32, out.begin());
  return out;
}

}  // namespace phantompool::order
