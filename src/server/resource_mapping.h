// The store's rows as the API's resources (api/resources.h): one function per resource, so
// every route that shows an order shows it the same way.
#pragma once

#include "phantompool/api/resources.h"
#include "phantompool/store/store.h"

namespace phantompool::server {

api::UserInfo ToInfo(const store::User& u);
api::BalanceInfo ToInfo(const store::Balance& b);
api::TransferInfo ToInfo(const store::Transfer& t);
api::OrderInfo ToInfo(const store::OrderRecord& o, const std::string& pair_symbol);
api::TradeInfo ToInfo(const store::Trade& t, const std::string& pair_symbol, int64_t viewer);
api::MarketInfo ToInfo(const store::MarketOverviewRow& m);
api::PairInfo ToInfo(const store::TradingPair& p);
// A session as anyone may see it: outcome (with the auction's price rule once settled), draw
// and executors, never an order's contents.
api::json SessionJson(const store::MatchingSession& s, const std::string& pair_symbol);
// An executor node as anyone may see it: status, heartbeat and its age at `now_us`, the
// answer record and the reputation derived from it (docs/executor.md, "Reputation").
// `recent_invalid`: the node's latest answers that did not verify, newest first.
api::json ExecutorJson(const store::ExecutorNode& n, int64_t now_us,
                       std::span<const store::StoredQuorumResponse> recent_invalid);

}  // namespace phantompool::server
