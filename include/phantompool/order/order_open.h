// Opening an order after its batch has closed.
//
// The executor quorum combines its decryption shares of the order's R into the shared point
// K = s·R (crypto/threshold); with K, anyone can derive the order's AEAD key, decrypt the
// opening and check it against the order's commitments. An order whose opening does not
// decrypt, does not parse or does not match its commitments is UNDECRYPTABLE: it is
// excluded from the auction alone, with this Status as the reason, and never fails the
// batch (docs/order.md, "Opening").
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "phantompool/common/result.h"
#include "phantompool/crypto/point.h"
#include "phantompool/order/encrypted_order.h"
#include "phantompool/order/pair_spec.h"
#include "phantompool/order/trader_key.h"

namespace phantompool::order {

struct OpenedOrder {
  uint64_t size = 0;              // lots
  std::optional<uint64_t> price;  // ticks, on the pair's grid; limit orders only
  uint64_t min_fill = 0;          // lots
  // The decrypted plaintext (values and blindings, encrypted_order.h): public once the
  // batch has closed, published so that an auditor can re-check it (CheckOrderOpening).
  std::vector<uint8_t> opening;
};

// Decrypts with the combined point K and checks the opening. VerificationFailed naming
// "kem.ciphertext" (does not decrypt) or "opening.<field>" (malformed, out of the pair's
// bounds, or not what the commitments hold).
Result<OpenedOrder> OpenEncryptedOrder(const EncryptedOrder& order, const PairSpec& pair,
                                       const crypto::Point& shared_point,
                                       const crypto::Point& joint_public_key);

// The same for a batch: every AEAD opened, then every commitment checked in ONE
// multi-scalar multiplication; if that fails, one by one to name the bad orders. One
// result per order, in order; a bad order never affects another's result.
std::vector<Result<OpenedOrder>> OpenEncryptedOrders(std::span<const EncryptedOrder* const> orders,
                                                     const PairSpec& pair,
                                                     std::span<const crypto::Point> shared_points,
                                                     const crypto::Point& joint_public_key);

// An auditor's check of a published opening against the order (no key needed).
Result<OpenedOrder> CheckOrderOpening(const EncryptedOrder& order, const PairSpec& pair,
                                      std::span<const uint8_t> opening);

// The trader's own recovery: unwraps the AEAD key with its key seed (the order's
// trader_wrap) and opens the order without the quorum.
Result<OpenedOrder> RecoverOwnOrder(const EncryptedOrder& order, const PairSpec& pair,
                                    const TraderKey& key);

}  // namespace phantompool::order
