// Ledger: deposits and withdrawals (idempotent under the caller's reference) and balances.
//
// A withdrawal is a compare-and-set on the available-balance commitment A its proof was
// verified against: under the balance row lock the store refuses (Conflict) unless A is
// still the user's, so a withdrawal can never take what open or frozen orders have locked
// (their obligations are exactly what A leaves out), and refuses (InsufficientFunds) past
// the plaintext balance.
#pragma once

#include <optional>

#include "store_context.h"

namespace phantompool::store::internal {

class Ledger {
 public:
  explicit Ledger(StoreContext& ctx) : ctx_(ctx) {}

  Result<Transfer> Deposit(const Principal& p, int64_t user_id, std::string_view token,
                           uint64_t amount, std::string_view reference);
  Result<Transfer> Withdraw(const Principal& p, int64_t user_id, std::string_view token,
                            uint64_t amount, std::string_view reference,
                            const Commitment& available);
  Result<std::vector<Balance>> Balances(const Principal& p, int64_t user_id);

 private:
  Result<Transfer> Change(const Principal& p, int64_t user_id, std::string_view token,
                          TransferKind kind, uint64_t amount, std::string_view reference,
                          const std::optional<Commitment>& available);
  StoreContext& ctx_;
};

}  // namespace phantompool::store::internal
