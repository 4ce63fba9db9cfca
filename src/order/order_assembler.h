// Building an EncryptedOrder from its parts: the prover's way, and the malicious-prover test
// harness's. Internal to the order module (tests include it to forge orders).
#pragma once

#include <optional>
#include <span>
#include <vector>

#include "phantompool/common/byte_io.h"
#include "phantompool/order/encrypted_order.h"

namespace phantompool::order {

// Everything an order states before its proofs: metadata, commitments and the KEM.
struct OrderHeader {
  std::string pair, user_id;
  Nonce nonce{};
  Side side = Side::kBuy;
  OrderType type = OrderType::kLimit;
  Validity validity = Validity::kGtc;
  uint64_t expiry = 0;
  uint32_t key_epoch = 0;
  crypto::Point size, min_fill, remainder_high;
  std::optional<crypto::Point> price, product;
  OrderKem kem;
};

enum class CommitmentDecoding {
  kDecode,  // every commitment decoded and checked (an order)
  kSkip,    // commitments read as bytes only: the KEM check binds them through the
            // transcript and never does arithmetic on them (kem_statement.h)
  kNone,    // as kSkip, and R too is left undecoded (the identity): the caller decodes the
            // R of many statements in one batch (KemStatement::ParseBatch)
};

// Reads the statement part of the wire form (version 2) from `r`, which started `total`
// bytes back; `associated_end` receives the offset where the AEAD's associated data ends.
Result<OrderHeader> ReadOrderHeader(ByteReader& r, size_t total, size_t* associated_end,
                                    CommitmentDecoding decoding);

class EncryptedOrderAssembler {
 public:
  // The statement bytes (EncryptedOrder::StatementBytes) of `header`, and where the AEAD's
  // associated data ends in them (at the ciphertext).
  static std::vector<uint8_t> StatementBytes(const OrderHeader& header, size_t* associated_end);
  // The associated data alone: the statement bytes up to the ciphertext. The prover needs it
  // before the ciphertext exists.
  static std::vector<uint8_t> AssociatedData(const OrderHeader& header);

  // The whole order, signed with `key`. No check is made: the prover has established the
  // statement, and a forged order built here is what the verifier's tests must refuse.
  static EncryptedOrder Assemble(const OrderHeader& header, const crypto::SchnorrProof& kem_proof,
                                 const std::optional<crypto::ProductProof>& product_proof,
                                 const crypto::RangeProof& range_proof, const TraderKey& key);
};

}  // namespace phantompool::order
