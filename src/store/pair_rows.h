// trading_pairs rows and order::PairSpec: the seed (order::BuiltinPairs(), inserted by
// Migrate), the strict reading of a row (through PairSpec::Create: a row that does not
// validate is Corruption), and a cache of the immutable part.
#pragma once

#include <map>
#include <mutex>
#include <optional>

#include "db/sql.h"
#include "phantompool/store/records.h"

namespace phantompool::store::internal {

// Inserts every built-in pair that trading_pairs lacks (by symbol); existing rows are never
// changed. Runs inside Migrate's transaction.
Status SeedBuiltinPairs(SqlTx& tx, int64_t now);

// The columns a pair row is read with, for SELECT lists.
extern const char* const kPairColumns;
// Parses one row of `SELECT kPairColumns FROM trading_pairs`.
Result<TradingPair> ReadPairRow(const SqlResult& r, size_t row);

// Pair specs by id. A pair's parameters never change once written (a new pair is a new
// row), so they are cached; is_active is not, and is read where it matters.
class PairCache {
 public:
  Result<order::PairSpec> Get(SqlTx& tx, int64_t pair_id);
  // The pair named `symbol` and its id.
  Result<std::pair<int64_t, order::PairSpec>> Find(SqlTx& tx, std::string_view symbol);
  // The cached pair named `symbol`, without touching the database.
  std::optional<std::pair<int64_t, order::PairSpec>> Lookup(std::string_view symbol);
  // Forgets everything (after a restore replaced the table).
  void Clear();

 private:
  std::mutex mu_;
  std::map<int64_t, order::PairSpec> by_id_;
  std::map<std::string, int64_t, std::less<>> by_symbol_;
};

}  // namespace phantompool::store::internal
