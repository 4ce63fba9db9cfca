// The oracle's shared pieces (oracle_clear.h): the batch as the oracle sees it, and its
// allocation of a price and volume to the pieces (oracle_allocation.cc).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "oracle_clear.h"
#include "phantompool/auction/priority.h"

namespace phantompool::auction::testing::oracle {

using u128 = unsigned __int128;

struct Ctx {
  std::span<const Order> orders;
  const order::PairSpec& pair;
  const SessionInputs& session;
  std::vector<uint64_t> eff, rank, owner_rank;

  bool Buy(size_t i) const { return orders[i].side == Side::kBuy; }
  bool Market(size_t i) const { return orders[i].type == OrderType::kMarket; }
  bool RankBefore(size_t a, size_t b) const {
    return rank[a] != rank[b] ? rank[a] < rank[b] : orders[a].id < orders[b].id;
  }
  bool Better(size_t a, size_t b) const {  // effective price, same side
    return Buy(a) ? eff[a] > eff[b] : eff[a] < eff[b];
  }
  bool PriorityBefore(size_t a, size_t b) const {
    if (eff[a] != eff[b]) return Better(a, b);
    if (Market(a) != Market(b)) return Market(a);
    return RankBefore(a, b);
  }
  bool NettingBefore(size_t a, size_t b) const {
    if (eff[a] != eff[b]) return Better(a, b);
    if (Market(a) != Market(b)) return Market(a);
    const bool ma = orders[a].min_fill >= 2, mb = orders[b].min_fill >= 2;
    if (ma != mb) return mb;
    return RankBefore(a, b);
  }
  bool OwnerBefore(size_t a, size_t b) const {  // owners in rank order
    if (owner_rank[a] != owner_rank[b]) return owner_rank[a] < owner_rank[b];
    return orders[a].owner < orders[b].owner;
  }
};

inline Ctx MakeCtx(std::span<const Order> orders, const order::PairSpec& pair,
                   const SessionInputs& session) {
  Ctx c{orders, pair, session, {}, {}, {}};
  const PriorityRanks ranks(session.vrf_output);
  const OwnerRanks owners(session.vrf_output);
  for (const Order& o : orders) {
    c.eff.push_back(o.price                ? *o.price
                    : o.side == Side::kBuy ? pair.market_buy_collar()
                                           : pair.market_sell_collar());
    c.rank.push_back(ranks.RankOf(o.id));
    c.owner_rank.push_back(owners.RankOf(o.owner));
  }
  return c;
}

inline bool Executable(bool buy, uint64_t threshold, uint64_t p) {
  return buy ? threshold >= p : threshold <= p;
}

// The priority levels of one side executable at p, each with its pieces.
std::vector<std::vector<size_t>> Levels(const Ctx& c, const std::vector<OraclePiece>& pieces,
                                        bool buy, uint64_t p);
// Fills per piece of an allocation of `volume` at p.
std::vector<uint64_t> AllocatePieces(const Ctx& c, const std::vector<OraclePiece>& pieces,
                                     uint64_t p, uint64_t volume);
// Orders whose minimum fill an allocation of `volume` at p cannot meet.
std::vector<size_t> Shortfalls(const Ctx& c, const std::vector<OraclePiece>& pieces, uint64_t p,
                               uint64_t volume);

}  // namespace phantompool::auction::testing::oracle
