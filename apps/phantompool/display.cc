#include "display.h"

#include <algorithm>
#include <ctime>
#include <ostream>

namespace phantompool::cli {

std::string FormatUnits(uint64_t amount, uint32_t decimals) {
  std::string digits = std::to_string(amount);
  if (decimals == 0) return digits;
  if (digits.size() <= decimals) digits.insert(0, decimals + 1 - digits.size(), '0');
  digits.insert(digits.size() - decimals, 1, '.');
  return digits;
}

std::string FormatMicros(int64_t micros) {
  if (micros <= 0) return "-";
  const std::time_t secs = static_cast<std::time_t>(micros / 1'000'000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &tm);
  return buf;
}

TokenBook::TokenBook(const std::vector<order::PairFields>& pairs) {
  for (const auto& p : pairs) {
    by_mint_[p.base_token] = {p.base_token_name, p.base_decimals};
    by_mint_[p.quote_token] = {p.quote_token_name, p.quote_decimals};
  }
}

Result<std::string> TokenBook::Resolve(std::string_view token, std::string_view field) const {
  if (by_mint_.find(token) != by_mint_.end()) return std::string(token);
  for (const auto& [mint, t] : by_mint_) {
    if (t.name == token) return mint;
  }
  std::string known;
  for (const auto& [mint, t] : by_mint_) known += (known.empty() ? "" : ", ") + t.name;
  return Status::InvalidArgument(
      std::string(field), "no pair trades " + std::string(token) + " (known: " + known + ")");
}

std::string TokenBook::Amount(std::string_view mint, uint64_t amount) const {
  auto it = by_mint_.find(mint);
  if (it == by_mint_.end()) return std::to_string(amount) + " " + std::string(mint);
  return FormatUnits(amount, it->second.decimals) + " " + it->second.name;
}

std::string TokenBook::Name(std::string_view mint) const {
  auto it = by_mint_.find(mint);
  return it == by_mint_.end() ? std::string(mint) : it->second.name;
}

std::string FormatLots(const order::PairFields& pair, uint64_t lots) {
  const unsigned __int128 units = static_cast<unsigned __int128>(lots) * pair.base_lot;
  if (units > UINT64_MAX) return std::to_string(lots) + " lots";
  return FormatUnits(static_cast<uint64_t>(units), pair.base_decimals) + " " + pair.base_token_name;
}

std::string FormatPrice(const order::PairFields& pair, uint64_t ticks) {
  // Quote ledger units per whole base token: ticks × quote_per_tick × 10^base_decimals /
  // base_lot, shown only when exact.
  unsigned __int128 scale = 1;
  for (uint32_t i = 0; i < pair.base_decimals; ++i) scale *= 10;
  const unsigned __int128 numerator =
      static_cast<unsigned __int128>(ticks) * pair.quote_per_tick * scale;
  if (pair.base_lot == 0 || numerator % pair.base_lot != 0 ||
      numerator / pair.base_lot > UINT64_MAX) {
    return std::to_string(ticks) + " ticks";
  }
  return FormatUnits(static_cast<uint64_t>(numerator / pair.base_lot), pair.quote_decimals) + " " +
         pair.quote_token_name;
}

void Table::Print(std::ostream& out) const {
  std::vector<size_t> width(header_.size());
  for (size_t i = 0; i < header_.size(); ++i) width[i] = header_[i].size();
  for (const auto& row : rows_) {
    for (size_t i = 0; i < row.size() && i < width.size(); ++i) {
      width[i] = std::max(width[i], row[i].size());
    }
  }
  auto line = [&](const std::vector<std::string>& cells) {
    std::string s;
    for (size_t i = 0; i < header_.size(); ++i) {
      const std::string cell = i < cells.size() ? cells[i] : "";
      s += cell;
      if (i + 1 < header_.size()) s += std::string(width[i] - cell.size() + 2, ' ');
    }
    out << s << "\n";
  };
  line(header_);
  for (const auto& row : rows_) line(row);
  if (rows_.empty()) out << "(none)\n";
}

}  // namespace phantompool::cli
