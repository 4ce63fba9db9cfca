// KemStatement: the part of an order that an executor needs — the statement bytes
// (metadata, commitments, KEM) and the proof of knowledge of r — made from an order, or
// parsed from the compact form the coordinator sends (statement ‖ kem proof, about a third
// of an order: the range and product proofs and the signature stay with the server).
//
// Parsing is strict about the layout and decodes R (it is refused if it is the identity);
// the commitments are only carried as bytes: the executors' check binds them through the
// transcript and never computes with them.
#pragma once

#include <array>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "phantompool/common/result.h"
#include "phantompool/crypto/point.h"
#include "phantompool/crypto/schnorr_proof.h"
#include "phantompool/order/encrypted_order.h"

namespace phantompool::order {

class KemStatement {
 public:
  static KemStatement From(const EncryptedOrder& order);
  // `bytes` = statement ‖ kem proof (65 bytes), exactly.
  static Result<KemStatement> Parse(std::span<const uint8_t> bytes);
  // Parse for a batch (an executor's request: thousands), the points of all of them decoded
  // together (Point::DecodeBatch): the same rules and errors, each prefixed with field(i).
  // The layout of every item is checked before any point is decoded.
  static Result<std::vector<KemStatement>> ParseBatch(
      std::span<const std::span<const uint8_t>> items,
      const std::function<std::string(size_t)>& field);
  // statement ‖ kem proof.
  const std::vector<uint8_t>& Serialize() const { return bytes_; }

  std::span<const uint8_t> StatementBytes() const;
  const std::string& pair() const { return pair_; }
  const std::string& user_id() const { return user_id_; }
  uint32_t key_epoch() const { return key_epoch_; }
  const crypto::Point& R() const { return R_; }
  // The canonical encoding of R as the order carries it.
  std::array<uint8_t, 32> REncoding() const;
  const crypto::SchnorrProof& proof() const { return proof_; }
  // BLAKE2b-256 of R, the AEAD nonce and ciphertext: the same as the order's.
  const std::array<uint8_t, 32>& CiphertextHash() const { return ciphertext_hash_; }

 private:
  KemStatement(crypto::SchnorrProof proof) : proof_(proof) {}
  // statement ‖ kem proof with its layout read, the proof not yet decoded, and R decoded
  // into *R when R is given (kem_statement.cc).
  struct Layout;
  static Result<Layout> ReadLayout(std::span<const uint8_t> bytes, crypto::Point* R);
  static KemStatement Assemble(std::span<const uint8_t> bytes, Layout&& layout,
                               const crypto::SchnorrProof& proof, const crypto::Point& R);

  std::vector<uint8_t> bytes_;
  size_t statement_end_ = 0;
  size_t r_offset_ = 0;
  std::string pair_, user_id_;
  uint32_t key_epoch_ = 0;
  crypto::Point R_;
  crypto::SchnorrProof proof_;
  std::array<uint8_t, 32> ciphertext_hash_{};
};

// The ciphertext hash of an order's bytes: BLAKE2b-256 over a domain label, R ‖ AEAD nonce,
// and the AEAD ciphertext.
std::array<uint8_t, 32> HashKemCiphertext(std::span<const uint8_t> r_and_nonce,
                                          std::span<const uint8_t> ciphertext);

}  // namespace phantompool::order
