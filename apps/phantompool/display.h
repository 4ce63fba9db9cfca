// Human output for the trader and operator commands: aligned text tables, and amounts shown
// with their token's decimals by integer arithmetic only (money is never a double here).
#pragma once

#include <cstdint>
#include <iosfwd>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "phantompool/common/result.h"
#include "phantompool/order/pair_spec.h"

namespace phantompool::cli {

// 1500000 with 6 decimals: "1.500000"; with 0 decimals: "1500000".
std::string FormatUnits(uint64_t amount, uint32_t decimals);

// Time in microseconds since the epoch as "2026-12-01 03:44:51" (UTC); "-" for 0.
std::string FormatMicros(int64_t micros);

// Tokens by ledger id (mint) and by name, learnt from the pairs.
class TokenBook {
 public:
  explicit TokenBook(const std::vector<order::PairFields>& pairs);
  // "USDC" or a mint: the mint. InvalidArgument naming `field` for a token no pair trades.
  Result<std::string> Resolve(std::string_view token, std::string_view field) const;
  // "1.500000 USDC", or the raw amount and the mint when the token is unknown.
  std::string Amount(std::string_view mint, uint64_t amount) const;
  std::string Name(std::string_view mint) const;

 private:
  struct Token {
    std::string name;
    uint32_t decimals = 0;
  };
  std::map<std::string, Token, std::less<>> by_mint_;
};

// A pair's lots and ticks in its tokens' units: 500 lots of SOL/USDC is "0.500000000 SOL", a
// price of 10100 ticks is "101.000000 USDC" per whole SOL (exactly, or in ticks when a tick
// is not a whole number of quote units per base token).
std::string FormatLots(const order::PairFields& pair, uint64_t lots);
std::string FormatPrice(const order::PairFields& pair, uint64_t ticks);

class Table {
 public:
  explicit Table(std::vector<std::string> header) : header_(std::move(header)) {}
  void Add(std::vector<std::string> row) { rows_.push_back(std::move(row)); }
  bool empty() const { return rows_.empty(); }
  // Columns padded to their widest cell; "(none)" when there are no rows.
  void Print(std::ostream& out) const;

 private:
  std::vector<std::string> header_;
  std::vector<std::vector<std::string>> rows_;
};

}  // namespace phantompool::cli
