// Sessions: freezing a batch, reading it, settling it (a pure plan, then a small apply
// step), failing it, and the trades it made.
#pragma once

#include "store_context.h"

namespace phantompool::store::internal {

class Sessions {
 public:
  explicit Sessions(StoreContext& ctx) : ctx_(ctx) {}

  Result<SessionCreated> Create(const Principal& p, int64_t pair_id, const Bytes& vrf_seed,
                                const std::vector<int64_t>& executors);
  Result<MatchingSession> Get(const Principal& p, int64_t session_id);
  Result<std::vector<MatchingSession>> List(const Principal& p, int64_t pair_id,
                                            int64_t before_number, int32_t limit);
  Result<std::optional<MatchingSession>> Latest(const Principal& p, int64_t pair_id,
                                                std::optional<SessionStatus> status);
  Status RecordDraw(const Principal& p, const SessionDraw& d);
  Result<std::vector<SessionOrder>> Orders(const Principal& p, int64_t session_id);
  Status Settle(const Principal& p, const Settlement& s);
  Status Fail(const Principal& p, int64_t session_id, std::string_view reason);
  Result<std::vector<Trade>> Trades(const Principal& p, int64_t user_id);
  Result<SessionTrades> SessionTradesOf(const Principal& p, int64_t session_id);

 private:
  StoreContext& ctx_;
};

// The apply step's arithmetic: each planned balance row against its locked row (same order,
// same keys) becomes a compare-and-set update. Pure; tested with the plan.
Result<std::vector<BalanceApply>> ApplyToRows(const SettlementPlan& plan,
                                              std::span<const BalanceRow> rows);

}  // namespace phantompool::store::internal
