// The oracle's allocation: priority levels walked one by one, the marginal level shared
// among owners and then orders, and the minimum-fill shortfalls, all by direct summing.
#include <algorithm>
#include <map>
#include <optional>

#include "oracle_internal.h"

namespace phantompool::auction::testing::oracle {
namespace {

// `share` lots of a level: owners pro rata (leftovers by owner rank), then each owner's
// pieces pro rata (leftovers by order rank).
void ProRata(const Ctx& c, const std::vector<OraclePiece>& pieces, std::vector<size_t> level,
             uint64_t share, std::vector<uint64_t>& fill) {
  std::sort(level.begin(), level.end(), [&](size_t a, size_t b) {
    const size_t oa = pieces[a].order, ob = pieces[b].order;
    if (c.orders[oa].owner != c.orders[ob].owner) return c.OwnerBefore(oa, ob);
    return c.RankBefore(oa, ob);
  });
  u128 total = 0;
  for (size_t k : level) total += pieces[k].qty;
  std::vector<std::vector<size_t>> owners;
  for (size_t k : level) {
    if (owners.empty() ||
        c.orders[pieces[owners.back()[0]].order].owner != c.orders[pieces[k].order].owner) {
      owners.emplace_back();
    }
    owners.back().push_back(k);
  }
  std::vector<uint64_t> owner_share;
  uint64_t given = 0;
  for (const auto& o : owners) {
    u128 q = 0;
    for (size_t k : o) q += pieces[k].qty;
    owner_share.push_back(static_cast<uint64_t>(share * q / total));
    given += owner_share.back();
  }
  for (size_t i = 0; given < share; ++i, ++given) ++owner_share[i];
  for (size_t i = 0; i < owners.size(); ++i) {
    u128 q = 0;
    for (size_t k : owners[i]) q += pieces[k].qty;
    uint64_t owner_given = 0;
    for (size_t k : owners[i]) {
      fill[k] = static_cast<uint64_t>(u128{owner_share[i]} * pieces[k].qty / q);
      owner_given += fill[k];
    }
    for (size_t j = 0; owner_given < owner_share[i]; ++j, ++owner_given) ++fill[owners[i][j]];
  }
}

}  // namespace

// The priority levels of one side executable at p: (threshold, market) in priority order,
// each with its pieces.
std::vector<std::vector<size_t>> Levels(const Ctx& c, const std::vector<OraclePiece>& pieces,
                                        bool buy, uint64_t p) {
  std::map<std::pair<uint64_t, int>, std::vector<size_t>> by_key;
  for (size_t k = 0; k < pieces.size(); ++k) {
    const OraclePiece& x = pieces[k];
    if (c.Buy(x.order) != buy || !Executable(buy, x.threshold, p)) continue;
    const uint64_t t = buy ? UINT64_MAX - x.threshold : x.threshold;
    by_key[{t, x.market ? 0 : 1}].push_back(k);
  }
  std::vector<std::vector<size_t>> levels;
  for (auto& [key, list] : by_key) levels.push_back(std::move(list));
  return levels;
}

// Fills per piece of an allocation of `volume` at p.
std::vector<uint64_t> AllocatePieces(const Ctx& c, const std::vector<OraclePiece>& pieces,
                                     uint64_t p, uint64_t volume) {
  std::vector<uint64_t> fill(pieces.size(), 0);
  for (bool buy : {true, false}) {
    uint64_t left = volume;
    for (const auto& level : Levels(c, pieces, buy, p)) {
      uint64_t q = 0;
      for (size_t k : level) q += pieces[k].qty;
      if (left >= q) {
        for (size_t k : level) fill[k] = pieces[k].qty;
        left -= q;
        continue;
      }
      if (left > 0) ProRata(c, pieces, level, left, fill);
      left = 0;
    }
  }
  return fill;
}

// Orders whose minimum fill an allocation of `volume` at p cannot meet.
std::vector<size_t> Shortfalls(const Ctx& c, const std::vector<OraclePiece>& pieces, uint64_t p,
                               uint64_t volume) {
  std::vector<size_t> out;
  for (bool buy : {true, false}) {
    const auto levels = Levels(c, pieces, buy, p);
    // The cut: the first level not filled in full, and what it gets.
    std::vector<int> level_of(pieces.size(), INT32_MAX);
    for (size_t l = 0; l < levels.size(); ++l) {
      for (size_t k : levels[l]) level_of[k] = static_cast<int>(l);
    }
    size_t cut = levels.size();
    uint64_t left = volume, share = 0, cut_qty = 0;
    for (size_t l = 0; l < levels.size(); ++l) {
      uint64_t q = 0;
      for (size_t k : levels[l]) q += pieces[k].qty;
      if (left < q) {
        cut = l, share = left, cut_qty = q;
        break;
      }
      left -= q;
    }
    struct Short {
      size_t order;
      uint64_t need, qty;
    };
    std::vector<Short> short_of;
    for (size_t i = 0; i < c.orders.size(); ++i) {
      if (c.Buy(i) != buy || c.orders[i].min_fill < 2) continue;
      uint64_t before = 0;
      std::optional<uint64_t> in_cut;
      for (size_t k = 0; k < pieces.size(); ++k) {
        if (pieces[k].order != i) continue;
        if (level_of[k] < static_cast<int>(cut)) before += pieces[k].qty;
        if (level_of[k] == static_cast<int>(cut) && share > 0) in_cut = pieces[k].qty;
      }
      const uint64_t m = c.orders[i].min_fill;
      if (in_cut) {
        if (before >= m) continue;
        // One lot more if the owner has another piece in the cut level.
        size_t owner_pieces = 0;
        for (size_t k : levels[cut])
          owner_pieces += c.orders[pieces[k].order].owner == c.orders[i].owner;
        const uint64_t need = m - before + (owner_pieces > 1 ? 1 : 0);
        if (u128{share} * *in_cut < u128{need} * cut_qty) short_of.push_back({i, need, *in_cut});
      } else if (before > 0 && before < m) {
        out.push_back(i);
      }
    }
    std::sort(short_of.begin(), short_of.end(), [&](const Short& a, const Short& b) {
      const u128 l = u128{a.need} * b.qty, r = u128{b.need} * a.qty;
      return l != r ? l > r : c.RankBefore(a.order, b.order);
    });
    for (const Short& s : short_of) {
      if (u128{share} * s.qty >= u128{s.need} * cut_qty) break;
      out.push_back(s.order);
      cut_qty -= s.qty;
    }
  }
  return out;
}

}  // namespace phantompool::auction::testing::oracle
