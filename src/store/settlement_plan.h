// A settlement as a pure plan: from a session's frozen orders, the pair and the executors'
// decrypted outcome, everything that must change — trades with their values and fees,
// every order's new state, every (user, token) balance change — computed and checked
// without a database (tests/store/settlement_plan_test.cc). The apply step (sessions.cc)
// then locks the balance rows, turns the plan into compare-and-set updates and hands them
// to the back end, whose SQL re-derives and re-checks the plaintext parts on PostgreSQL.
//
// Money (docs/store.md, "Fees"): a trade of `amount` lots at the clearing price p moves
// spec.BaseAmount(amount) base units from seller to buyer and spec.Notional(amount, p) quote
// units from buyer to seller; each side pays spec.FeeOn(what it receives), rounded down, to
// the fee account. An order therefore never spends more than its obligation, so an order's
// release of its lock can never exceed what it locked.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "phantompool/crypto/point.h"
#include "phantompool/order/pair_spec.h"
#include "phantompool/store/session_records.h"

namespace phantompool::store::internal {

// A frozen order as the plan needs it (read from encrypted_orders).
struct FrozenOrder {
  int64_t id = 0;
  int64_t user_id = 0;
  order::Side side = order::Side::kBuy;
  order::OrderType type = order::OrderType::kLimit;
  order::Validity validity = order::Validity::kGtc;
  std::string obligation_token;
  Commitment obligation{};
  uint64_t filled_before = 0;                // lots filled by earlier sessions
  std::optional<uint64_t> remaining_before;  // set once an earlier session settled it
};

struct PlannedTrade {
  int64_t buy_order_id = 0, sell_order_id = 0, buyer_id = 0, seller_id = 0;
  uint64_t amount = 0;       // lots
  uint64_t base_amount = 0;  // base units moved from seller to buyer
  uint64_t total_value = 0;  // quote units moved from buyer to seller
  uint64_t buyer_fee = 0;    // base units, out of base_amount
  uint64_t seller_fee = 0;   // quote units, out of total_value
};

struct PlannedFill {
  int64_t order_id = 0;
  int64_t user_id = 0;
  std::string token;  // the obligation's token
  uint64_t size = 0, min_fill = 0;
  std::optional<uint64_t> limit_price;
  uint64_t filled = 0;        // in this session
  uint64_t filled_total = 0;  // with earlier sessions
  uint64_t remaining = 0;
  OrderStatus status = OrderStatus::kFilled;
  // Back on the book with its remainder: then the commitment to the remaining obligation,
  // O − released·G (same blinding as O, so the trader can still open its A).
  bool stays = false;
  std::optional<Commitment> new_obligation;
};

// One (user, token) balance row the settlement touches.
struct PlannedBalance {
  int64_t user_id = 0;
  std::string token;
  int64_t delta = 0;  // plaintext change of the balance, |delta| < 2^63
  // What goes back to the available commitment from this row's orders: Σ (O − O'), with
  // O' the identity for an order that leaves the book.
  crypto::Point released;
  int64_t obligations_delta = 0;  // minus the number of orders that leave the book
};

struct SettlementPlan {
  int64_t session_id = 0;
  int64_t trading_pair_id = 0;
  uint64_t clearing_price = 0;
  std::vector<PlannedTrade> trades;
  std::vector<PlannedFill> fills;        // in the order of the input
  std::vector<PlannedBalance> balances;  // sorted by (user_id, token): the lock order
  uint64_t volume = 0;                   // lots
  uint64_t quote_volume = 0;             // quote units
};

// Checks `in` against the pair and the session's frozen orders and plans it. Refusals are
// InvalidArgument naming the field ("trades[3].amount", "fills[0].limit_price"); a plan
// that would break conservation is Internal (a bug, never input).
Result<SettlementPlan> PlanSettlement(const order::PairSpec& pair, int64_t pair_id,
                                      const Settlement& in, std::span<const FrozenOrder> frozen);

}  // namespace phantompool::store::internal
