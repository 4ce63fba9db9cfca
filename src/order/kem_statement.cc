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

// What a statement keeps of its header: small, so that a batch of them is not a batch of
// headers (each with its commitment points).
struct KemStatement::Layout {
  std::string pair, user_id;
  uint32_t key_epoch = 0;
  size_t statement_size = 0;
  size_t r_offset = 0;
  std::array<uint8_t, 32> ciphertext_hash{};
};

Result<KemStatement::Layout> KemStatement::ReadLayout(std::span<const uint8_t> bytes,
                                                      crypto::Point* R) {
  if (bytes.size() < crypto::SchnorrProof::kSize) {
    return Status::InvalidArgument("kem_statement", "too short");
  }
  Layout l;
  l.statement_size = bytes.size() - crypto::SchnorrProof::kSize;
  ByteReader r(bytes.first(l.statement_size));
  size_t associated_end = 0;
  PP_ASSIGN_OR_RETURN(OrderHeader h,
                      ReadOrderHeader(r, l.statement_size, &associated_end,
                                      R ? CommitmentDecoding::kSkip : CommitmentDecoding::kNone));
  PP_RETURN_IF_ERROR(r.ExpectEnd("kem_statement.statement"));
  l.r_offset = associated_end - crypto::kAeadNonceBytes - crypto::kPointBytes;
  l.pair = std::move(h.pair);
  l.user_id = std::move(h.user_id);
  l.key_epoch = h.key_epoch;
  l.ciphertext_hash = HashKemCiphertext(
      bytes.subspan(l.r_offset, crypto::kPointBytes + crypto::kAeadNonceBytes), h.kem.ciphertext);
  if (R) *R = h.kem.R;
  return l;
}

KemStatement KemStatement::Assemble(std::span<const uint8_t> bytes, Layout&& l,
                                    const crypto::SchnorrProof& proof, const crypto::Point& R) {
  KemStatement k(proof);
  k.bytes_.assign(bytes.begin(), bytes.end());
  k.statement_end_ = l.statement_size;
  k.r_offset_ = l.r_offset;
  k.pair_ = std::move(l.pair);
  k.user_id_ = std::move(l.user_id);
  k.key_epoch_ = l.key_epoch;
  k.R_ = R;
  k.ciphertext_hash_ = l.ciphertext_hash;
  return k;
}

Result<KemStatement> KemStatement::Parse(std::span<const uint8_t> bytes) {
  crypto::Point R;
  PP_ASSIGN_OR_RETURN(Layout l, ReadLayout(bytes, &R));
  PP_ASSIGN_OR_RETURN(auto proof,
                      crypto::SchnorrProof::Parse(bytes.subspan(l.statement_size), "kem.proof"));
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
    auto l = ReadLayout(items[i], /*R=*/nullptr);
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
