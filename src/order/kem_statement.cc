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

Result<KemStatement> KemStatement::Parse(std::span<const uint8_t> bytes) {
  if (bytes.size() < crypto::SchnorrProof::kSize) {
    return Status::InvalidArgument("kem_statement", "too short");
  }
  const size_t statement_size = bytes.size() - crypto::SchnorrProof::kSize;
  ByteReader r(bytes.first(statement_size));
  size_t associated_end = 0;
  PP_ASSIGN_OR_RETURN(OrderHeader h, ReadOrderHeader(r, statement_size, &associated_end,
                                                     CommitmentDecoding::kSkip));
  PP_RETURN_IF_ERROR(r.ExpectEnd("kem_statement.statement"));
  PP_ASSIGN_OR_RETURN(auto proof,
                      crypto::SchnorrProof::Parse(bytes.subspan(statement_size), "kem.proof"));
  KemStatement k(proof);
  k.bytes_.assign(bytes.begin(), bytes.end());
  k.statement_end_ = statement_size;
  k.r_offset_ = associated_end - crypto::kAeadNonceBytes - crypto::kPointBytes;
  k.pair_ = std::move(h.pair);
  k.user_id_ = std::move(h.user_id);
  k.key_epoch_ = h.key_epoch;
  k.R_ = h.kem.R;
  k.ciphertext_hash_ =
      HashKemCiphertext(std::span<const uint8_t>(k.bytes_).subspan(
                            k.r_offset_, crypto::kPointBytes + crypto::kAeadNonceBytes),
                        h.kem.ciphertext);
  return k;
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
