#include "phantompool/auction/auction_result.h"

namespace phantompool::auction {

std::string_view OrderStatusName(OrderStatus status) {
  switch (status) {
    case OrderStatus::kFilled:
      return "filled";
    case OrderStatus::kPartiallyFilled:
      return "partially_filled";
    case OrderStatus::kOpen:
      return "open";
    case OrderStatus::kCancelled:
      return "cancelled";
    case OrderStatus::kExpired:
      return "expired";
  }
  return "open";
}

std::string_view UnfilledReasonName(UnfilledReason reason) {
  switch (reason) {
    case UnfilledReason::kNone:
      return "";
    case UnfilledReason::kExpired:
      return "expired";
    case UnfilledReason::kSelfTrade:
      return "self_trade";
    case UnfilledReason::kMinFill:
      return "min_fill";
    case UnfilledReason::kNoPrice:
      return "no_price";
    case UnfilledReason::kNotExecutable:
      return "not_executable";
    case UnfilledReason::kRationed:
      return "rationed";
  }
  return "";
}

std::string_view PriceRuleName(PriceRule rule) {
  switch (rule) {
    case PriceRule::kNone:
      return "none";
    case PriceRule::kMaxVolume:
      return "max_volume";
    case PriceRule::kMinSurplus:
      return "min_surplus";
    case PriceRule::kBuyPressure:
      return "buy_pressure";
    case PriceRule::kSellPressure:
      return "sell_pressure";
    case PriceRule::kReference:
      return "reference";
    case PriceRule::kMarketOnlyReference:
      return "market_only_reference";
  }
  return "none";
}

Result<PriceRule> ParsePriceRule(std::string_view name, std::string_view field) {
  for (PriceRule rule : kPriceRules) {
    if (name == PriceRuleName(rule)) return rule;
  }
  // Echoed back bounded: a rule name is public.
  return Status::InvalidArgument(std::string(field),
                                 "unknown price rule '" + std::string(name.substr(0, 32)) + "'");
}

}  // namespace phantompool::auction
